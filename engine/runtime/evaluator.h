// Evaluates plan expressions over a frame of bound rows and values.
// Three-valued logic: a comparison with a null is unknown (a null bool);
// `where`, `having` and `when` keep only true. No heap allocation for
// per-record conditions: strings are views, and the few functions that make
// text (month, add_months) write into the frame's scratch buffer.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/runtime/plan.h"
#include "engine/runtime/row.h"

namespace fundwatch::runtime {

class LookupIndex;
class RowSpan;

// Finds the index built for a lookup of the plan.
class LookupResolver {
 public:
  virtual ~LookupResolver() = default;
  virtual const LookupIndex& IndexFor(const plan::Lookup& lookup) const = 0;
};

// Collects the "why" of an alert while an expression is re-evaluated.
struct Explanation {
  std::vector<std::string> compared;                   // "f.pric 120.00 > h.pric_uplmt_amt 98.50"
  std::vector<std::pair<std::string, std::string>> witnesses;  // (table, id) of rows found by exists()
};

inline constexpr uint8_t kCoveredTrue = 1;
inline constexpr uint8_t kCoveredFalse = 2;
inline constexpr uint8_t kCoveredUnknown = 4;

// The results of shared joins (Join::shared) for the row a worker is
// judging. An entry holds for one source row while the serial stands (the
// worker advances it per row of the stream, as record blocks are reused);
// a query bound to another row (a group's latest, judged at the end of its
// time) makes the join anew.
struct JoinMemo {
  struct Entry {
    uint64_t serial = 0;
    const Record* record = nullptr;  // the source row it was made for
    const plan::Value* extra = nullptr;
    uint32_t id = 0;
    bool found = false;
    Row row;
  };
  uint64_t serial = 1;
  std::vector<Entry> entries;
};

// What a worker probed ahead (its prefetch) for the record it is offering:
// for each lookup keyed by that record's own fields, the rows its index
// holds under the record's key, so that evaluating the lookup does not
// build, hash and find the key a second time.
struct PrefetchedRows {
  const Record* record = nullptr;  // the record probed for; null: none now
  const RowSpan* rows = nullptr;   // per probe of the worker's list
  const int64_t* ids = nullptr;    // per probe: kNullKey when a key part was null
  static constexpr int64_t kNullKey = -2;
  mutable int64_t used = 0;        // lookups answered from `rows` (the worker's count)
};

struct Frame {
  const plan::Plan* plan = nullptr;
  const plan::QueryPlan* query = nullptr;
  const LookupResolver* lookups = nullptr;
  std::vector<Row> rows;              // by slot
  std::vector<plan::Value> values;    // by slot
  const plan::Value* aggregates = nullptr;
  DateTime as_of;
  Explanation* explain = nullptr;     // set only when explaining an alert
  // Set only by `fundwatch test`: per plan node, which outcomes a bool node
  // has had (kCoveredTrue | kCoveredFalse | kCoveredUnknown).
  std::vector<uint8_t>* coverage = nullptr;
  // Set for the frames of a worker's rules: shared joins are made once per row.
  JoinMemo* memo = nullptr;
  // Set for the frames of a worker's rules: what it probed ahead for the
  // record offered, and which of its probes each lookup of this query is
  // (a lookup not probed ahead is not listed).
  const PrefetchedRows* prefetched = nullptr;
  std::vector<std::pair<const plan::Lookup*, uint16_t>> prefetched_lookups;
  // Text made during one evaluation (month(), add_months()); reset per record.
  std::array<char, 256> scratch{};
  size_t scratch_used = 0;
  // The key a lookup probes with; reused, so probing does not allocate once
  // the buffer has grown to the longest key.
  std::string key_buffer;

  void Reset(const plan::QueryPlan* q) {
    query = q;
    rows.assign(q->slot_count, Row{});
    values.assign(q->slot_count, plan::Value{});
    scratch_used = 0;
  }
};

plan::Value Eval(plan::ExprId id, Frame& frame);

// The first row a join's lookup finds for the rows bound in `frame` (its
// key, its as-of date, its residual condition), or false when none.
bool FindFirstMatch(const plan::Lookup& lookup, Frame& frame, Row* out);
inline bool IsTrue(const plan::Value& v) { return !v.null && v.num != 0; }

// Text of a value as shown to people (messages, evidence): decimals with
// their digits, times as YYYY-MM-DD HH:MM:SS, null as "空".
std::string FormatValue(const plan::Value& v);
// Canonical text of a value for index keys (ints and decimals alike).
void AppendKeyText(std::string* out, const plan::Value& v);
// One part of a composite key (lookups, groups, sequence partitions): its
// canonical text and a unit separator.
inline void AppendKeyPart(std::string* out, const plan::Value& v) {
  AppendKeyText(out, v);
  out->push_back('\x1f');
}

}  // namespace fundwatch::runtime
