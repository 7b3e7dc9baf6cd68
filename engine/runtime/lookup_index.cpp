#include "engine/runtime/lookup_index.h"

#include "engine/runtime/evaluator.h"

namespace fundwatch::runtime {

const std::vector<Row> LookupIndex::kEmpty;

void LookupIndex::Add(const plan::Lookup& lookup, const Row& row) {
  if (lookup.index == plan::IndexKind::kMember) {
    plan::Value list = RowField(row, lookup.inner_fields[0]);
    if (list.null) return;
    for (std::string_view element : ListView(list.text)) map_[std::string(element)].push_back(row);
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

const std::vector<Row>& LookupIndex::Probe(std::string_view key) const {
  auto it = map_.find(key);
  return it == map_.end() ? kEmpty : it->second;
}

}  // namespace fundwatch::runtime
