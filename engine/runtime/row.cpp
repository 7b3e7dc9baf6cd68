#include "engine/runtime/row.h"

#include <cstdio>

namespace fundwatch::runtime {

plan::Value CellValue(const Record& record, int field) {
  return CellAs(record, field, plan::TypeOfField(record.def().fields[field].type));
}

std::string RowOrderKey(const Row& row) {
  if (row.record != nullptr) return row.record->KeyString();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010u", row.id);
  return buf;
}

plan::Value MaterializedRows::Keep(plan::Value v) {
  if (!v.null && (v.type == plan::Type::kString || v.type == plan::Type::kList)) {
    texts.emplace_back(v.text);
    v.text = texts.back();
  }
  return v;
}

}  // namespace fundwatch::runtime
