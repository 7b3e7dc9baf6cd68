#include "engine/data/effective_table.h"

#include <cassert>

namespace fundwatch {

EffectiveTable::EffectiveTable(const TableDef& def) : def_(def) { assert(def.valid_from >= 0); }

std::string EffectiveTable::GroupKey(const Record& r) const {
  std::string key;
  for (int k : def_.key) {
    if (k == def_.valid_from) continue;
    if (!key.empty()) key += '/';
    key += r.Str(k);
  }
  return key;
}

void EffectiveTable::Add(Record record) { rows_.push_back(std::move(record)); }

std::vector<Reject> EffectiveTable::Finalize() {
  for (uint32_t i = 0; i < rows_.size(); ++i) {
    const Record& r = rows_[i];
    std::optional<Date> to;
    if (!r.IsNull(def_.valid_to)) to = r.DateAt(def_.valid_to);
    index_.Add(GroupKey(r), r.DateAt(def_.valid_from), to, i);
  }
  std::vector<Reject> rejects;
  for (const EffectiveIndex::Overlap& o : index_.Finalize()) {
    const Record& dropped = rows_[o.row];
    const Record& kept = rows_[o.kept_row];
    auto validity = [this](const Record& r) {
      return "[" + r.Format(def_.valid_from) + ", " + (r.IsNull(def_.valid_to) ? "open" : r.Format(def_.valid_to)) + "]";
    };
    Reject reject;
    reject.table = def_.name;
    reject.record_id = dropped.KeyString();
    reject.column = def_.fields[def_.valid_from].name;
    reject.reason = "validity " + validity(dropped) + " overlaps " + validity(kept) + " of row " + kept.KeyString() +
                    " (validity intervals of one key must not overlap)";
    rejects.push_back(std::move(reject));
  }
  return rejects;
}

const Record* EffectiveTable::Find(std::string_view key, Date on) const {
  std::optional<uint32_t> row = index_.Find(key, on);
  return row ? &rows_[*row] : nullptr;
}

}  // namespace fundwatch
