// Executor: the incremental evaluator. Records are consumed one at a time in
// replay order (event time, then table, then primary key: event_order.h);
// each meets only the exclusions, derived sets and rules whose source is its
// table; rules keep only the state they need and drop what has expired:
//   per-record rules   no state: judged when the record arrives;
//   sliding windows    per key: the records of the last window length, with
//                      aggregates maintained as records enter and expire;
//   calendar buckets   per key: aggregates of the bucket, judged at the end;
//   sequences          per key: how far the steps got, and the records that
//                      matched them; cleared by `unless`.
// Records sharing one event time are judged together, once all have arrived.
//
// Context: a lookup (join, subquery) reads a table held in memory whole, so
// a fee line sees its settlement even when the settlement comes later in the
// stream. StoredTables() says which tables are held; the others need not
// be: scan streams them from an EventSorter, which spills to disk beyond its
// budget. A rule that reads another rule's results runs after the rules it
// reads, over its source replayed from memory.
//
// Exactness: results are a function of the set of records and the as-of
// time only, never of the order rows arrived in.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/runtime/alert.h"
#include "engine/runtime/evaluator.h"
#include "engine/runtime/event_sorter.h"
#include "engine/runtime/lookup_index.h"
#include "engine/runtime/partition_plan.h"

namespace fundwatch::runtime {

// The accepted records held in memory, by table.
struct TableStore {
  std::array<std::vector<Record>, tables::kCount> records;
  // Where a scan makes the blocks of the records it holds, per table (a
  // table is read by one thread at a time). Records of tests and of stores
  // filled otherwise own their blocks.
  std::array<BlockArena, tables::kCount> arenas;
  // The keys of the records that lookups asking only whether a key exists
  // can find (StorePlan::KeySet), one keys-only index per key set, made
  // while the tables are read: those records need not be held for them.
  std::vector<std::unique_ptr<LookupIndex>> key_indexes;
  std::vector<std::pair<const plan::Lookup*, const LookupIndex*>> key_index_of;
  // The keys-only index a lookup reads, or null.
  const LookupIndex* KeysFor(const plan::Lookup* lookup) const {
    for (const auto& [l, index] : key_index_of) {
      if (l == lookup) return index;
    }
    return nullptr;
  }
};

// Tables the engine must hold in memory, whole or in part
// (StorePlan::stored): those a lookup reads, effective-dated ones, tables
// without an event time, and the sources of rules that read other rules'
// results.
using TableSet = std::array<bool, tables::kCount>;
TableSet StoredTables(const plan::Plan& plan);

// Which records a scan that streams must hold in memory. Of the tables
// StoredTables() names, one that is held only for lookups, each of which
// reads it through conditions on its own fields alone (the filters its
// index is built with, leaving out any that reads the as-of time), needs
// only the records that pass some lookup's filters: no lookup can find the
// others. Those are streamed like any unheld table's.
class StorePlan {
 public:
  explicit StorePlan(const plan::Plan& plan);
  // The tables some of whose records are held.
  const TableSet& stored() const { return stored_; }
  // True when only the records Holds() accepts are held.
  bool partial(TableId table) const { return !filters_[table].empty(); }
  // Whether `record` must be held (for a table with partial(): whether it
  // passes some lookup's filters). Safe to call from several threads.
  bool Holds(const Record& record) const;
  // Whether some rule or define reads `table` as its source: the records
  // not held are replayed from the stream only then (otherwise nothing
  // could read them once they are validated).
  bool replayed(TableId table) const { return replayed_[table]; }
  // Whether a record not held must be replayed: its table is replayed and
  // some rule or define over it could judge the record. Each of those
  // drops at once a record failing a conjunct of its `where` that reads
  // the record alone (and not the as-of time); a record every one of them
  // drops is not replayed at all. Tables with exclusions are replayed
  // whole (what the exclusions drop is counted). Safe to call from several
  // threads.
  bool Replays(const Record& record) const;

  // Existence checks on their keys alone. A subquery `exists(T x where
  // x.k == ... and <conditions on x alone>)` that is only ever negated
  // (`not exists`: no witness is recorded for an alert) and whose table has
  // no exclusions needs no record of T, only the set of keys k of the
  // records passing the conditions. The lookups alike (same table, key
  // fields and conditions) share one key set. Tables held whole have none:
  // their lookups index the held records as any other.
  struct KeySet {
    TableId table = 0;
    std::vector<const plan::Lookup*> lookups;
    uint8_t slot = 0;
    std::vector<plan::ExprId> all;  // conditions that must all hold
  };
  const std::vector<KeySet>& key_sets() const { return key_sets_; }
  bool has_keys(TableId table) const { return has_keys_[table]; }
  // Before reading: one empty keys-only index per key set in `store`.
  void PrepareKeys(TableStore* store) const;
  // Adds `record`'s key to each key set of its table whose conditions it
  // passes. One thread per table at a time.
  void AddKeys(const Record& record, TableStore* store) const;
  // After the last record of `table`.
  void FinishKeys(TableId table, TableStore* store) const;

 private:
  struct Filter {
    uint8_t slot;                     // where the lookup binds the record
    std::vector<plan::ExprId> all;    // conditions that must all hold
  };
  bool Passes(const Record& record, uint8_t slot, const std::vector<plan::ExprId>& all) const;
  bool AnyPasses(const Record& record, const std::vector<Filter>& filters) const;
  const plan::Plan& plan_;
  TableSet stored_{};
  TableSet replayed_{};
  TableSet has_keys_{};
  std::array<std::vector<Filter>, tables::kCount> filters_;  // per table; empty: every record
  // Per replayed table: one filter per rule or define over it, or none at
  // all when some of them (or an exclusion) takes every record.
  std::array<std::vector<Filter>, tables::kCount> replay_filters_;
  std::vector<KeySet> key_sets_;
  plan::QueryPlan frame_query_;  // slots enough for every filter
};

// The lookups StorePlan::KeySet serves: exists(...) subqueries that need
// only know whether some row passes their conditions on the found row
// alone (see there).
std::vector<const plan::Lookup*> KeyOnlyLookups(const plan::Plan& plan);

// Per table and field: whether the plan can read the field (a superset: a
// field is kept when any expression reads a field of that position, and
// keys and times always). What a streamed record may drop.
// With `rules`: what those rules and the exclusions read (the records a
// PartitionPlan group sorts for its rules alone).
std::vector<std::vector<bool>> FieldsRead(const plan::Plan& plan, const std::vector<size_t>* rules = nullptr);

// Whether the plan can be replayed in event order: every window runs on its
// source's event time, and every sequence is ordered by it first. (The
// checker reports the same as a diagnostic; this guards hand-built plans.)
Status CheckStreamable(const plan::Plan& plan);

struct RuleStats {
  std::string rule_id;
  int64_t alerts = 0;        // distinct keys reported
  int64_t suppressed = 0;    // alerts an exception removed
  // The keyed state of a window, bucket or sequence rule at its largest:
  // active keys, and the bytes they held then.
  const char* primitive = "per-record";
  int64_t state_keys = 0;
  int64_t state_bytes = 0;
  int64_t records = 0;       // records (or rows) the rule was offered
  double seconds = 0;        // evaluating the rule (measured only with timing on)
};

struct RunStats {
  std::array<int64_t, tables::kCount> excluded{};  // records dropped by `exclude`
  std::vector<RuleStats> rules;                     // plan order
  int64_t streamed = 0;                             // records replayed (all stages)
  int64_t partitioned = 0;                          // records judged by partition
  // Lookups the evaluator took from the rows its worker had probed ahead
  // for the record (not built, hashed and found a second time).
  int64_t lookups_prefetched = 0;
};

class Executor : public LookupResolver {
 public:
  // `store` holds at least StoredTables(plan); it must outlive the executor.
  Executor(const plan::Plan& plan, const TableStore& store, DateTime as_of);
  ~Executor() override;

  // Replays every record of the store. Alerts sorted by rule (plan order),
  // then key.
  std::vector<Alert> Run(RunStats* stats);
  // Replays the store's records merged with `stream`, which yields the
  // records of the tables not stored, in replay order.
  std::vector<Alert> Run(RecordStream* stream, RunStats* stats);

  const LookupIndex& IndexFor(const plan::Lookup& lookup) const override;

  // Records, per plan node, the outcomes of bool nodes (for `fundwatch
  // test`'s coverage report). REQUIRES: coverage->size() == plan.nodes.size().
  void set_coverage(std::vector<uint8_t>* coverage) { coverage_ = coverage; }
  // Measures seconds per rule (two clock reads per record and rule).
  void set_timing(bool on) { timing_ = on; }
  // Threads evaluating rules (each takes a share of the rules; results do
  // not depend on it). Default 1; coverage runs use 1.
  void set_threads(size_t n) { threads_ = n; }
  // A scan that streams: the groups of `partitions` are judged from
  // `streams` (one per group, in its order, each sorted by its group's
  // PartitionPlan::SortKey) instead of in event order, on a thread of their
  // own beside the replay (with threads above 1). Both outlive Run.
  void set_partitioned(const PartitionPlan* partitions, std::vector<RecordStream*> streams) {
    partitions_ = partitions;
    partition_streams_ = std::move(streams);
  }
  // Rows per table, for sharing the rules between threads by their work.
  void set_table_rows(const std::array<int64_t, tables::kCount>& rows) { table_rows_ = rows; }

  // --- for the rule operators (executor_rules.cpp) ---
  struct Item;         // one row of the stream
  struct Batch;        // the rows of one event time
  class Operator;      // one rule's evaluation
  Frame NewFrame(const plan::QueryPlan& q) const;
  // Binds `source_row` and the query's joins and lets; true when `where` holds.
  bool Bind(const plan::QueryPlan& q, Frame& frame, const Row& source_row);
  std::vector<EvidenceRef> EvidenceOf(const plan::SourceRef& ref, const Row& row) const;
  // Makes the alert of `rule` for the rows bound in `frame`; `condition` is
  // re-evaluated to record the values compared. An alert an exception
  // matches carries the exception's reason in `suppressed_by`.
  // `with_joins`: the joined rows are evidence too (not for grouped rules,
  // whose evidence is the records of the window or bucket).
  Alert MakeAlert(const plan::Rule& rule, Frame& frame, std::optional<int64_t> event_time,
                  std::vector<EvidenceRef> evidence, plan::ExprId condition, bool with_joins = true);
  const plan::Plan& plan() const { return plan_; }

 private:
  struct Source;       // the rows of one source held in memory
  struct RuleOutput;   // a rule's results, as a source for later rules

  void RunExclusions(RunStats* stats);
  void MaterializeDerived(size_t index) const;
  std::vector<plan::ExprId> IndexFilters(const plan::Lookup& lookup, bool* raw) const;
  // What an index holds, as text: lookups with one signature share it.
  std::string IndexSignature(const plan::Lookup& lookup) const;
  std::unique_ptr<LookupIndex> BuildIndex(const plan::Lookup& lookup) const;
  Source RowsOf(const plan::SourceRef& ref) const;
  int64_t EventTimeOf(const plan::SourceRef& ref, const Row& row) const;

  struct Chunk;
  class ChunkQueue;
  class ChunkPool;
  struct Worker;
  void RunStage(int stage, RecordStream* stream, RunStats* stats);
  // The rules each worker judges. A per-record rule over a table (PerRecord)
  // is in every worker's list, marked in `by_chunk`: each worker judges it
  // for the chunks whose turn is its own.
  std::vector<std::vector<size_t>> AssignRules(int stage, size_t workers, std::vector<uint8_t>* by_chunk) const;
  void PrepareIndexes(int stage);
  // The stored rows and earlier rules' results a stage replays, in replay
  // order (`tables`: the tables it reads; `rules`: the results it reads),
  // one at a time (HeldRows); HeldItem makes the row of one as the replay
  // reaches it.
  struct HeldRow {
    int64_t time;
    uint32_t source;  // kind << 24 | index
    uint32_t at;      // position in its source
    static uint32_t Source(plan::SourceKind kind, uint32_t index) { return static_cast<uint32_t>(kind) << 24 | index; }
    plan::SourceKind kind() const { return static_cast<plan::SourceKind>(source >> 24); }
    uint32_t index() const { return source & 0xFFFFFF; }
  };
  class HeldRows;
  std::unique_ptr<HeldRows> HeldInOrder(const std::array<bool, tables::kCount>& tables,
                                        const std::vector<uint8_t>& rules, bool streaming) const;
  Item HeldItem(const HeldRow& held) const;
  void Process(const Chunk& chunk, int stage, Worker& w, RunStats* stats);
  // The partition groups of stage 0 (no-op without them): each on a thread
  // of its own when there are threads to spare, else one after another.
  void RunPartitionGroups(RunStats* stats);
  // One group over its stream; returns the records it read.
  int64_t RunPartitioned(const PartitionGroup& group, RecordStream* in, bool count_exclusions, RunStats* stats);
  void Offer(const Item& item, int stage, Worker& w, RunStats* stats);
  // True when an exclusion drops the item (a streamed record).
  bool Excluded(const Item& item, std::vector<Frame>& frames);
  // Calls f(), adding its seconds to *seconds when timing is on.
  template <typename F>
  void Timed(double* seconds, F&& f) {
    if (!timing_) {
      f();
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    f();
    *seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const std::vector<size_t>& Consumers(const std::array<std::vector<std::vector<size_t>>, 3>& by_source,
                                       const plan::SourceRef& ref) const;
  void FinishRule(size_t index, std::vector<Alert>* alerts, RunStats* stats);

  const plan::Plan& plan_;
  const TableStore& store_;
  DateTime as_of_;
  std::array<std::vector<uint8_t>, tables::kCount> excluded_;
  mutable std::vector<std::unique_ptr<MaterializedRows>> derived_;  // looked-up derived sets
  std::vector<std::unique_ptr<RuleOutput>> results_;
  std::vector<const plan::Lookup*> raw_lookups_;   // lookups of exclusions see excluded rows too
  // Indexes by what they hold (source, kind, key fields, filters): lookups
  // of different rules on the same key share one index.
  mutable std::map<std::string, std::unique_ptr<LookupIndex>> indexes_;
  mutable std::unordered_map<const plan::Lookup*, const LookupIndex*> index_of_;
  std::vector<uint8_t>* coverage_ = nullptr;
  bool timing_ = false;
  size_t threads_ = 1;
  std::array<int64_t, tables::kCount> table_rows_{};
  const PartitionPlan* partitions_ = nullptr;
  std::vector<RecordStream*> partition_streams_;

  // The plan's shape: stages, and who consumes each source.
  std::vector<int> rule_stage_, derived_stage_;
  std::array<std::vector<size_t>, tables::kCount> exclusions_by_table_;
  // Consumers by source: [kind][index] -> derived sets / rules reading it.
  std::array<std::vector<std::vector<size_t>>, 3> derived_by_source_, rules_by_source_;
  std::vector<std::unique_ptr<Operator>> operators_;
  std::vector<std::vector<bool>> keep_;                   // FieldsRead(plan)
};

}  // namespace fundwatch::runtime
