// Private to the executor: rows held in memory, the stream's items, the
// rules' operators and their alert collector.
#pragma once

#include <cassert>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/executor.h"

namespace fundwatch::runtime {

// Calls f(lookup) for every join and subquery of `q`.
template <typename F>
void ForEachLookup(const plan::QueryPlan& q, F&& f) {
  for (const plan::Join& j : q.joins) f(j.lookup);
  for (const plan::Subquery& s : q.subqueries) f(s.lookup);
}

// Calls f(root) for every expression root a query evaluates: its lookups'
// keys, dates and conditions, subquery values, lets, where, grouping,
// window, aggregates, having and sequence. A root may be plan::kNoExpr.
template <typename F>
void ForEachQueryExpr(const plan::QueryPlan& q, F&& f) {
  ForEachLookup(q, [&](const plan::Lookup& l) {
    for (plan::ExprId e : l.outer_exprs) f(e);
    f(l.as_of);
    f(l.residual);
  });
  for (const plan::Subquery& s : q.subqueries) f(s.value);
  for (const plan::Let& l : q.lets) f(l.value);
  f(q.where);
  for (plan::ExprId e : q.group_by) f(e);
  if (q.window) f(q.window->time);
  for (const plan::Aggregate& a : q.aggregates) f(a.arg);
  for (const plan::Let& l : q.agg_lets) f(l.value);
  f(q.having);
  if (q.sequence) {
    for (plan::ExprId e : q.sequence->partition) f(e);
    for (plan::ExprId e : q.sequence->order) f(e);
    for (plan::ExprId e : q.sequence->steps) f(e);
    f(q.sequence->unless);
  }
}

// Calls f(root) for a rule's outputs: keys, amount, patient, institution,
// message holes and exceptions. A root may be plan::kNoExpr.
template <typename F>
void ForEachOutputExpr(const plan::Rule& r, F&& f) {
  for (const plan::KeyField& k : r.keys) f(k.value);
  f(r.amount);
  f(r.patient);
  f(r.institution);
  for (const plan::MessagePart& m : r.message) f(m.value);
  for (const plan::Exception& x : r.exceptions) f(x.when);
}

// The source record's fields that `exprs` are, in order, when each is a
// field of a table source (the key can then be made from the record alone,
// ahead of evaluation); empty otherwise.
inline std::vector<uint16_t> SourceFields(const plan::Plan& plan, const plan::QueryPlan& q,
                                          const std::vector<plan::ExprId>& exprs) {
  if (q.source.kind != plan::SourceKind::kTable) return {};
  std::vector<uint16_t> fields;
  for (plan::ExprId e : exprs) {
    const plan::Node& n = plan.nodes[e];
    if (n.op != plan::Op::kField || n.slot != q.source_slot) return {};
    fields.push_back(n.field);
  }
  return fields;
}

// A rule that judges each record of a table alone (no group, window or
// sequence; MakeOperator's per-record operator): any worker can judge any
// of its records, and which alert it keeps of a key does not depend on who
// offers it first (AlertCollector keeps the earliest, by event time, then
// record).
inline bool PerRecord(const plan::QueryPlan& q) {
  return q.source.kind == plan::SourceKind::kTable && q.group_by.empty() && !q.sequence && !q.window &&
         q.aggregates.empty();
}

// The table under a source (a derived set's base table), or -1 (rule results).
inline int BaseTable(const plan::Plan& plan, plan::SourceRef ref) {
  while (ref.kind == plan::SourceKind::kDerived) ref = plan.derived[ref.index].query.source;
  return ref.kind == plan::SourceKind::kTable ? static_cast<int>(ref.index) : -1;
}

// How many fields of a source's rows come from its base table's record
// (the derived lets follow them); 0 for rule results.
inline uint16_t BaseFields(const plan::Plan& plan, plan::SourceRef ref) {
  int base = BaseTable(plan, ref);
  return base >= 0 ? static_cast<uint16_t>(Table(static_cast<TableId>(base)).fields.size()) : 0;
}

// The rows of one source held in memory: a stored table (minus its
// excluded records) or a materialized derived set or rule result.
struct Executor::Source : RowSource {
  const std::vector<uint8_t>* excluded = nullptr;  // null: raw (nothing skipped)

  size_t size() const { return records != nullptr ? records->size() : rows->size(); }
  bool Skip(size_t i) const { return excluded != nullptr && (*excluded)[i] != 0; }
};

struct Executor::RuleOutput {
  MaterializedRows rows;
  std::vector<std::vector<EvidenceRef>> evidence;
};

// One row of the stream, with its event time (INT64_MIN: untimed).
struct Executor::Item {
  int64_t time = 0;
  plan::SourceRef source;
  Row row;
  bool stored = false;  // a record of the store (row.id is its position)
};

// What lives only while the rows of one event time are judged.
struct Executor::Batch {
  std::vector<std::unique_ptr<MaterializedRows>> derived;  // derived rows, per derived set
  std::vector<Operator*> touched;                      // operators to call at EndTime

  void Clear() {
    for (auto& d : derived) {
      if (d->size() == 0) continue;
      d->records.clear();
      d->extra.clear();
      d->event_times.clear();
      d->texts.clear();
    }
    touched.clear();
  }
};

// Keeps one alert per key: the earliest by event time, then by evidence.
class AlertCollector {
 public:
  void Offer(Alert a);
  // Offers every alert `other` holds (kept or suppressed): the alerts of a
  // rule several workers judged, each a share of its records.
  void Absorb(AlertCollector&& other);
  std::map<std::string, Alert>& kept() { return kept_; }
  int64_t SuppressedOnly() const;

 private:
  std::map<std::string, Alert> kept_;
  std::map<std::string, Alert> suppressed_;
};

// One rule's evaluation over the rows of its source, in replay order.
class Executor::Operator {
 public:
  Operator(Executor& ex, const plan::Rule& rule) : ex_(ex), rule_(rule), frame_(ex.NewFrame(rule.query)) {}
  virtual ~Operator() = default;
  // A row of the rule's source. Rows (and what they point to) stay valid
  // until EndTime returns.
  virtual void OnRow(const Item& item, Batch& batch) = 0;
  // Every row of event time `time` has been offered (called for operators
  // that asked, with batch.touched).
  virtual void EndTime(int64_t time) { (void)time; }
  // No more rows.
  virtual void EndStream() {}
  // A partitioned rule (PartitionPlan): its source's rows one partition
  // after another, each partition's in the rule's order; `first` starts a
  // partition. EndOrdered follows the last row. Only sequences and sliding
  // windows take rows this way.
  virtual void OnOrderedRow(const Item& item, bool first) {
    (void)item;
    (void)first;
    assert(false && "only sequences and sliding windows are judged by partition");
  }
  virtual void EndOrdered() {}
  // Called by the executor for each touched operator.
  void EndTouchedTime(int64_t time) {
    touched_ = false;
    EndTime(time);
  }
  // Adds the operator's current keyed state to the stats (keeps the peak).
  virtual void SampleState(RuleStats* stats) const { (void)stats; }

  // Prefetching a few records ahead (the executor's Worker), for operators
  // whose keyed state is keyed by the source record's own fields: those
  // fields (empty: none), then three steps on the key's hash
  // (HashKeyText), each bringing in what the next one reads.
  virtual std::vector<uint16_t> StateKeyFields() const { return {}; }
  virtual void PrefetchStateSlot(uint64_t hash) const { (void)hash; }
  virtual int64_t PrefetchStateEntry(uint64_t hash) const { (void)hash; return -1; }
  virtual void PrefetchStateValue(uint32_t id) const { (void)id; }

  // The worker's memo of shared joins for this operator's frame (null: none).
  void set_join_memo(JoinMemo* memo) { frame_.memo = memo; }
  // What the worker probes ahead for the record it offers, and which of its
  // probes each of this rule's lookups is (empty, or null: none).
  void set_prefetched(const PrefetchedRows* rows, std::vector<std::pair<const plan::Lookup*, uint16_t>> lookups) {
    frame_.prefetched = lookups.empty() ? nullptr : rows;
    frame_.prefetched_lookups = std::move(lookups);
  }

  AlertCollector collector;

 protected:
  // Asks for EndTime at the end of this event time.
  void Touch(Batch& batch) {
    if (touched_) return;
    touched_ = true;
    batch.touched.push_back(this);
  }

  Executor& ex_;
  const plan::Rule& rule_;
  Frame frame_;

 private:
  bool touched_ = false;
};

// `keep`: per table, the fields worth keeping in saved rows (FieldsRead).
std::unique_ptr<Executor::Operator> MakeOperator(Executor& ex, const plan::Rule& rule,
                                                 const std::vector<std::vector<bool>>& keep);

}  // namespace fundwatch::runtime
