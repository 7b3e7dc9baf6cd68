#include "engine/runtime/row.h"

#include <cstdio>

namespace fundwatch::runtime {

plan::Value CellValue(const Record& record, int field) {
  using plan::Value;
  const FieldDef& def = record.def().fields[field];
  if (record.IsNull(field)) return Value::Null();
  switch (def.type) {
    case FieldType::kString:
    case FieldType::kEnum: return Value::Str(record.Str(field));
    case FieldType::kList: return Value::List(record.Str(field));
    case FieldType::kInt:
    case FieldType::kFlag: return Value::Int(record.Int(field));
    case FieldType::kDecimal: return Value::Dec(record.Dec(field));
    case FieldType::kDate: return Value::DateV(record.DateAt(field));
    case FieldType::kDateTime: return Value::Time(record.TimeAt(field));
  }
  return Value::Null();
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
