// DataPass: one pass over every table of a source, validating rows, counting
// records and rejects per table, finding the default as-of time (the latest
// event time in the data), checking the effective-dated reference tables
// and, when given a store, keeping every accepted record for the engine.
#pragma once

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/data/record_source.h"
#include "engine/runtime/executor.h"

namespace fundwatch {

struct TableCount {
  int64_t records = 0;
  int64_t rejected = 0;
  // Valid records of a replayed table that no rule or define over it could
  // judge (StorePlan::Replays) and no lookup finds: not replayed.
  int64_t passed_over = 0;
};

struct DataPassResult {
  std::array<TableCount, tables::kCount> counts{};
  std::optional<DateTime> latest_event_time;
  std::vector<Reject> shown_rejects;  // the first few, for the console
  int64_t total_rejects = 0;
};

class DataPass {
 public:
  // `rejects_out` (may be null) receives every reject as one JSON line;
  // `store` (may be null) receives every accepted record.
  DataPass(std::FILE* rejects_out, size_t max_shown, runtime::TableStore* store = nullptr)
      : rejects_out_(rejects_out), max_shown_(max_shown), store_(store) {}

  // Records that `stored` does not hold go to a stream instead of the
  // store (the engine replays them in event order; they need not fit in
  // memory): streams[k] takes what reading thread k reads. `keep` (per
  // table and field, may be null): records are held with only these fields
  // (runtime::FieldsRead: what the rules can read). `stored` must outlive
  // the pass.
  void StreamTo(std::vector<runtime::EventSorter*> streams, const runtime::StorePlan* stored,
                const std::vector<std::vector<bool>>* keep = nullptr) {
    streams_ = std::move(streams);
    stored_ = stored;
    keep_ = keep;
  }
  // The records of a table some partitioned rules read (and StorePlan
  // does not hold) also go to their groups' sorters, sorters[g] for group
  // g, keyed by PartitionPlan::SortKey; a table that only they read goes
  // nowhere else. A table is read on one thread, so each sorter has one
  // writer. Both outlive the pass.
  void PartitionTo(const runtime::PartitionPlan* partitions, std::vector<runtime::EventSorter*> sorters) {
    partitions_ = partitions;
    partition_sorters_ = std::move(sorters);
  }
  // Tables read at once when the source allows it (default 1).
  void set_threads(size_t n) { threads_ = n; }

  // Reads all tables. A non-ok Status means a table was unreadable as a
  // whole (the first such table, in table order).
  Status Run(RecordSource& source);
  const DataPassResult& result() const { return result_; }

  struct TableResult;

 private:
  friend class DataPassSink;

  std::FILE* rejects_out_;
  size_t max_shown_;
  runtime::TableStore* store_;
  std::vector<runtime::EventSorter*> streams_;
  const runtime::StorePlan* stored_ = nullptr;
  const std::vector<std::vector<bool>>* keep_ = nullptr;
  const runtime::PartitionPlan* partitions_ = nullptr;
  std::vector<runtime::EventSorter*> partition_sorters_;
  size_t threads_ = 1;
  DataPassResult result_;
};

}  // namespace fundwatch
