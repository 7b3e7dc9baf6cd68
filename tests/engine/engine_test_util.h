// Helpers shared by the engine tests: records written as field texts, an
// in-memory TableStore (the engine's "source"), a fake clock that supplies
// the as-of time, running a plan, and a strict JSON reader for checking
// Alert::ToJson.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/data/record.h"
#include "engine/runtime/alert.h"
#include "engine/runtime/executor.h"
#include "engine/runtime/plan.h"

namespace fundwatch::testing {

// Field name -> text, overriding a table's default row.
using Fields = std::vector<std::pair<std::string, std::string>>;

// A record of `table`: a valid default row with `fields` replaced (by field
// name; "" is null), built by RowBuilder exactly as a source would. The test
// fails when the row is unreadable.
Record Rec(TableId table, const Fields& fields);

// `YYYY-MM-DD HH:MM:SS` (the test fails on anything else).
DateTime At(std::string_view text);
Date Day(std::string_view text);

// The engine reads the current time only as the as-of time handed to the
// Executor: this fake clock is where the tests take it from.
class FakeClock {
 public:
  explicit FakeClock(DateTime now) : now_(now) {}
  DateTime Now() const { return now_; }
  void Set(DateTime now) { now_ = now; }
  void Advance(int64_t seconds) { now_ = DateTime::FromSeconds(now_.seconds() + seconds); }

 private:
  DateTime now_;
};

// In-memory records by table: what a RecordSource would have delivered.
class MemoryStore {
 public:
  MemoryStore& Add(Record r);
  MemoryStore& Add(TableId table, const Fields& fields) { return Add(Rec(table, fields)); }
  const runtime::TableStore& tables() const { return store_; }
  runtime::TableStore& mutable_tables() { return store_; }
  // Permutes every table's records (a source that delivers in another order).
  void Shuffle(uint32_t seed);
  void Reverse();
  // Puts each event table in replay order (event time, then key), as a scan
  // holds a stored event table (OrderedRecords): the replay then walks it
  // where it lies instead of sorting it.
  void InReplayOrder();

 private:
  runtime::TableStore store_;
};

struct RunResult {
  std::vector<runtime::Alert> alerts;
  runtime::RunStats stats;

  // key_text of every alert of `rule_id`, in output order.
  std::vector<std::string> Keys(std::string_view rule_id) const;
  // The alert of `rule_id` with key_text `key`, or null.
  const runtime::Alert* Find(std::string_view rule_id, std::string_view key) const;
  const runtime::RuleStats* Stats(std::string_view rule_id) const;
};

// `threads`: how many threads share the rules (the alerts must not change).
RunResult Run(const plan::Plan& plan, const MemoryStore& store, const FakeClock& clock, size_t threads = 1);

// As a scan that streams runs it: the records StorePlan holds are held,
// the others sorted within `memory_bytes` (1 MB: runs spill), and the
// tables of partitioned sequence rules (PartitionPlan) sorted by partition
// for them. `stats.partitioned` tells how many records were judged so.
RunResult RunStreamed(const plan::Plan& plan, const MemoryStore& store, const FakeClock& clock,
                      size_t threads = 1, size_t memory_bytes = size_t{1} << 20);

// Run, then RunStreamed, of the same plan and records: checks that the
// alerts are the same (as JSON lines) and returns Run's.
RunResult RunBothWays(const plan::Plan& plan, const MemoryStore& store, const FakeClock& clock);

// "table:id" of each evidence record, in order.
std::vector<std::string> EvidenceOf(const runtime::Alert& alert);
// Every alert as its JSON line, in order.
std::vector<std::string> JsonLines(const std::vector<runtime::Alert>& alerts);

// A strict JSON document (RFC 8259), for checking what the engine writes.
struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  std::string text;                                   // string value or number text
  std::vector<Json> items;                            // array
  std::vector<std::pair<std::string, Json>> members;  // object, in order

  // The member called `name`, or null when absent (or not an object).
  const Json* Get(std::string_view name) const;
};

// Parses exactly one JSON value (surrounding whitespace allowed); nullopt
// and `*error` on any deviation from the grammar.
std::optional<Json> ParseJson(std::string_view text, std::string* error);

}  // namespace fundwatch::testing
