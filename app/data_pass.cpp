#include "app/data_pass.h"

#include <algorithm>
#include <memory>
#include <set>

#include "engine/data/effective_table.h"

namespace fundwatch {

class DataPassSink : public RecordSink {
 public:
  DataPassSink(DataPass* pass, const TableDef& def) : pass_(pass), def_(def) {
    if (def.valid_from >= 0) effective_ = std::make_unique<EffectiveTable>(def);
  }
  void OnRecord(Record&& record) override {
    pass_->Count(record);
    if (effective_) effective_->Add(record);
    if (pass_->stream_ != nullptr && !pass_->stored_[def_.id]) {
      Status s = pass_->stream_->Add(std::move(record));
      if (!s.ok() && pass_->stream_status_.ok()) pass_->stream_status_ = s;
      return;
    }
    if (pass_->store_ == nullptr) return;
    if (pass_->keep_ != nullptr) record.Project((*pass_->keep_)[def_.id]);
    pass_->store_->records[def_.id].push_back(std::move(record));
  }
  void OnReject(Reject&& reject) override { pass_->RejectRow(std::move(reject)); }

  // Overlapping validity intervals are found only once the table is whole;
  // the rows they drop leave the store too.
  void Finish(const std::string& location) {
    if (!effective_) return;
    std::set<std::string> dropped;
    for (Reject& r : effective_->Finalize()) {
      r.file = location;
      dropped.insert(r.record_id);
      --pass_->result_.counts[def_.id].records;
      pass_->RejectRow(std::move(r));
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
  std::unique_ptr<EffectiveTable> effective_;
};

void DataPass::Count(const Record& r) {
  ++result_.counts[r.table()].records;
  for (int f : r.def().time_fields) {
    if (r.IsNull(f)) continue;
    DateTime t = r.TimeAt(f);
    if (!result_.latest_event_time || t > *result_.latest_event_time) result_.latest_event_time = t;
  }
}

void DataPass::RejectRow(Reject&& reject) {
  const TableDef* def = FindTable(reject.table);
  if (def != nullptr) ++result_.counts[def->id].rejected;
  ++result_.total_rejects;
  if (rejects_out_ != nullptr) {
    std::string line = reject.ToJson();
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), rejects_out_);
  }
  if (result_.shown_rejects.size() < max_shown_) result_.shown_rejects.push_back(std::move(reject));
}

Status DataPass::Run(RecordSource& source) {
  for (const TableDef& def : AllTables()) {
    DataPassSink sink(this, def);
    Status s = source.ReadTable(def, sink);
    if (!s.ok()) return s;
    if (!stream_status_.ok()) return stream_status_;
    sink.Finish(source.TableLocation(def));
  }
  return Status::Ok();
}

}  // namespace fundwatch
