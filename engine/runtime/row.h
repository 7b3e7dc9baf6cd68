// Rows as the rules see them, and the store that holds a batch's records.
//
// A Row is a table record, a derived record (its base table record plus the
// values of the define's lets) or a rule result (its key values). Rows are
// views: the store owns what they point to and outlives every evaluation.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "engine/data/record.h"
#include "engine/runtime/value.h"

namespace fundwatch::runtime {

struct Row {
  const Record* record = nullptr;         // null for rule results
  const plan::Value* extra = nullptr;     // derived lets or rule keys
  uint16_t base_fields = 0;               // fields read from `record`
  uint32_t id = 0;                        // position in its source
  bool null = true;                       // an optional join that found nothing
};

// The row of a table record at position `id` of its table.
inline Row RecordRow(const Record& r, uint32_t id) {
  return Row{&r, nullptr, static_cast<uint16_t>(r.size()), id, false};
}

// What orders rows that tie on everything else: a record's primary key;
// for rule results (stored in key order) their position, zero-padded.
std::string RowOrderKey(const Row& row);

// The value of field `field` of a table record read as `type`, which must
// be plan::TypeOfField of the field's FieldDef.
inline plan::Value CellAs(const Record& record, int field, plan::Type type) {
  using plan::Type;
  using plan::Value;
  if (record.IsNull(field)) return Value::Null();
  switch (type) {
    case Type::kString: return Value::Str(record.Str(field));
    case Type::kList: return Value::List(record.Str(field));
    case Type::kInt: return Value::Int(record.Int(field));
    case Type::kDecimal: return Value::Dec(record.Dec(field));
    case Type::kDate: return Value::DateV(record.DateAt(field));
    case Type::kDateTime: return Value::Time(record.TimeAt(field));
    default: return Value::Null();
  }
}

// The value of field `field` of a table record, typed per its FieldDef.
plan::Value CellValue(const Record& record, int field);

// The value of field `field` of a row (table field, let or key).
inline plan::Value RowField(const Row& row, int field) {
  if (row.null) return plan::Value::Null();
  if (field < row.base_fields) return CellValue(*row.record, field);
  return row.extra[field - row.base_fields];
}

// RowField for an expression whose type the checker knows: the field's own
// (plan::TypeOfField of its table's FieldDef), so the cell is read without
// looking the field up in the schema.
inline plan::Value RowFieldAs(const Row& row, int field, plan::Type type) {
  if (row.null) return plan::Value::Null();
  if (field >= row.base_fields) return row.extra[field - row.base_fields];
  return CellAs(*row.record, field, type);
}

// The rows of one derived set or one rule's results, with stable storage for
// the texts their values point to.
struct MaterializedRows {
  std::vector<const Record*> records;        // base record per row (null for rule results)
  std::vector<std::vector<plan::Value>> extra;
  std::vector<int64_t> event_times;          // seconds; for ordering and alert times
  std::deque<std::string> texts;             // storage behind string values in `extra`
  uint16_t base_fields = 0;

  size_t size() const { return extra.size(); }
  Row At(uint32_t i) const {
    return Row{records[i], extra[i].data(), base_fields, i, false};
  }
  // Copies a string value's text into `texts` so it outlives the evaluation.
  plan::Value Keep(plan::Value v);
};

}  // namespace fundwatch::runtime
