#include "app/data_pass.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include "engine/data/effective_table.h"
#include "engine/runtime/ordered_records.h"

namespace fundwatch {

// What reading one table produced, kept apart until the table is done so
// that tables can be read on several threads and still be reported in
// table order, the same way every run.
struct DataPass::TableResult {
  TableCount count;
  std::optional<DateTime> latest;
  std::vector<Reject> rejects;  // those worth showing, or all when writing them out
  std::string reject_lines;     // JSON lines for --rejects
  int64_t reject_count = 0;
  Status status = Status::Ok();
};

class DataPassSink : public RecordSink {
 public:
  DataPassSink(DataPass* pass, const TableDef& def, runtime::EventSorter* stream, DataPass::TableResult* out)
      : pass_(pass), def_(def), stream_(stream), out_(out) {
    if (def.valid_from >= 0) effective_ = std::make_unique<EffectiveTable>(def);
    keys_ = pass->stored_ != nullptr && pass->store_ != nullptr && pass->stored_->has_keys(def.id);
    if (pass->partitions_ != nullptr) {
      const auto& groups = pass->partitions_->groups();
      for (size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].table == def.id) partitions_.push_back({&groups[g], pass->partition_sorters_[g]});
      }
      only_partitioned_ = pass->partitions_->only(def.id);
    }
  }
  void OnRecord(Record&& record) override {
    ++out_->count.records;
    for (int f : def_.time_fields) {
      if (record.IsNull(f)) continue;
      DateTime t = record.TimeAt(f);
      if (!out_->latest || t > *out_->latest) out_->latest = t;
    }
    if (effective_) effective_->Add(record);
    // Keys for the existence checks that need no record (StorePlan::KeySet).
    if (keys_) pass_->stored_->AddKeys(record, pass_->store_);
    if (stream_ != nullptr && !pass_->stored_->Holds(record)) {
      for (const auto& [group, sorter] : partitions_) {
        runtime::PartitionPlan::SortKey(*group, record, &sort_key_);
        Status s = sorter->AddKeyed(record, sort_key_);
        if (!s.ok() && out_->status.ok()) out_->status = s;
      }
      // Validated and counted; kept only when some rule replays its table.
      if (!pass_->stored_->replayed(def_.id) || only_partitioned_) return;
      if (!pass_->stored_->Replays(record)) {
        ++out_->count.passed_over;
        return;
      }
      Status s = stream_->Add(record);  // packed: the source reuses the record's block
      if (!s.ok() && out_->status.ok()) out_->status = s;
      return;
    }
    if (pass_->store_ == nullptr) return;
    if (pass_->keep_ != nullptr && def_.event_time >= 0) {
      // Packed for now, made in replay order when the table is whole.
      if (ordered_ == nullptr) ordered_ = std::make_unique<runtime::OrderedRecords>(&(*pass_->keep_)[def_.id]);
      ordered_->Add(record);
      return;
    }
    if (pass_->keep_ != nullptr) {
      // A compact copy is kept; the source reads its next row into `record`.
      pass_->store_->records[def_.id].push_back(record.Projected((*pass_->keep_)[def_.id], &pass_->store_->arenas[def_.id]));
      return;
    }
    pass_->store_->records[def_.id].push_back(std::move(record));
  }
  void OnReject(Reject&& reject) override {
    ++out_->count.rejected;
    ++out_->reject_count;
    if (pass_->rejects_out_ != nullptr) {
      out_->reject_lines += reject.ToJson();
      out_->reject_lines.push_back('\n');
    }
    if (out_->rejects.size() < pass_->max_shown_) out_->rejects.push_back(std::move(reject));
  }

  // The stored records of an event table are made in replay order
  // (OrderedRecords). Overlapping validity intervals are found only once the
  // table is whole; the rows they drop leave the store too.
  void Finish(const std::string& location) {
    if (keys_) pass_->stored_->FinishKeys(def_.id, pass_->store_);
    if (ordered_ != nullptr) {
      ordered_->MoveTo(&pass_->store_->records[def_.id], &pass_->store_->arenas[def_.id]);
      ordered_.reset();
    }
    if (!effective_) return;
    std::set<std::string> dropped;
    for (Reject& r : effective_->Finalize()) {
      r.file = location;
      dropped.insert(r.record_id);
      --out_->count.records;
      OnReject(std::move(r));
    }
    if (pass_->store_ == nullptr || dropped.empty()) return;
    std::vector<Record>& rows = pass_->store_->records[def_.id];
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Record& r) { return dropped.count(r.KeyString()) > 0; }),
               rows.end());
  }

 private:
  DataPass* pass_;
  const TableDef& def_;
  runtime::EventSorter* stream_;
  std::unique_ptr<runtime::OrderedRecords> ordered_;  // stored records of an event table, until it is whole
  std::vector<std::pair<const runtime::PartitionGroup*, runtime::EventSorter*>> partitions_;
  bool only_partitioned_ = false;
  bool keys_ = false;  // the table has key sets to fill
  std::string sort_key_;
  DataPass::TableResult* out_;
  std::unique_ptr<EffectiveTable> effective_;
};

Status DataPass::Run(RecordSource& source) {
  if (stored_ != nullptr && store_ != nullptr) stored_->PrepareKeys(store_);
  const auto all = AllTables();
  std::vector<TableResult> results(all.size());
  // The largest tables first (by their bytes where the source knows them;
  // event tables, the big ones, before the others where it does not), so
  // that the threads finish together.
  std::vector<size_t> order(all.size());
  std::vector<int64_t> bytes(all.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    bytes[i] = source.TableBytes(all[i]);
  }
  auto weight = [&](size_t i) -> int64_t { return bytes[i] >= 0 ? bytes[i] : all[i].event_time >= 0 ? 1 : 0; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weight(a) > weight(b); });
  const size_t threads = source.ReadsTablesInParallel() ? std::max<size_t>(1, threads_) : 1;
  std::atomic<size_t> next{0};
  auto work = [&](size_t thread) {
    runtime::EventSorter* stream = streams_.empty() ? nullptr : streams_[thread % streams_.size()];
    for (size_t i = next++; i < order.size(); i = next++) {
      const TableDef& def = all[order[i]];
      TableResult& out = results[order[i]];
      DataPassSink sink(this, def, stream, &out);
      Status s = source.ReadTable(def, sink);
      if (!s.ok()) {
        out.status = s;
        continue;
      }
      if (out.status.ok()) sink.Finish(source.TableLocation(def));
      // What reading the table freed (its validation's key set, the packed
      // copies of its stored records) goes back to the system now, not
      // after the last table: the tables still being read, and then the
      // context's indexes, would otherwise come on top of it.
      malloc_trim(0);
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (std::thread& t : pool) t.join();
  }
  // Reported in table order, whatever thread read what.
  for (size_t i = 0; i < all.size(); ++i) {
    TableResult& r = results[i];
    if (!r.status.ok()) return r.status;
    result_.counts[all[i].id] = r.count;
    if (r.latest && (!result_.latest_event_time || *r.latest > *result_.latest_event_time)) {
      result_.latest_event_time = r.latest;
    }
    result_.total_rejects += r.reject_count;
    if (rejects_out_ != nullptr) std::fwrite(r.reject_lines.data(), 1, r.reject_lines.size(), rejects_out_);
    for (Reject& j : r.rejects) {
      if (result_.shown_rejects.size() < max_shown_) result_.shown_rejects.push_back(std::move(j));
    }
  }
  return Status::Ok();
}

}  // namespace fundwatch
