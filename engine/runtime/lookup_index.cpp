#include "engine/runtime/lookup_index.h"

#include <algorithm>
#include <cstdio>

#include "engine/runtime/evaluator.h"

namespace fundwatch::runtime {

const std::vector<Row> LookupIndex::kEmpty;

void LookupIndex::Add(const plan::Lookup& lookup, const Row& row) {
  if (lookup.index == plan::IndexKind::kMember) {
    plan::Value list = RowField(row, lookup.inner_fields[0]);
    if (list.null) return;
    // A row is listed once per distinct element: "X1|X1" is one membership.
    std::vector<std::string_view> seen;
    for (std::string_view element : ListView(list.text)) {
      if (std::find(seen.begin(), seen.end(), element) != seen.end()) continue;
      seen.push_back(element);
      map_[std::string(element)].push_back(row);
    }
    return;
  }
  buffer_.clear();
  for (uint16_t f : lookup.inner_fields) {
    plan::Value v = RowField(row, f);
    if (v.null) return;  // a null key never equals anything
    AppendKeyText(&buffer_, v);
    buffer_.push_back('\x1f');
  }
  map_[buffer_].push_back(row);
}

void LookupIndex::Finalize() {
  std::vector<std::pair<std::string, Row>> keyed;
  for (auto& [key, rows] : map_) {
    if (rows.size() < 2) continue;
    keyed.clear();
    for (const Row& r : rows) {
      std::string id;
      if (r.record != nullptr) {
        id = r.record->KeyString();
      } else {
        // Rule results are stored in key order: their position sorts them.
        char buf[16];
        std::snprintf(buf, sizeof buf, "%010u", r.id);
        id = buf;
      }
      keyed.emplace_back(std::move(id), r);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].second;
  }
}

const std::vector<Row>& LookupIndex::ProbeMap(std::string_view key) const {
  auto it = map_.find(key);
  return it == map_.end() ? kEmpty : it->second;
}

}  // namespace fundwatch::runtime
