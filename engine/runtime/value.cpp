#include "engine/runtime/value.h"

namespace fundwatch::plan {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kBool: return "bool";
    case Type::kInt: return "int";
    case Type::kDecimal: return "decimal";
    case Type::kString: return "text";
    case Type::kDate: return "date";
    case Type::kDateTime: return "datetime";
    case Type::kDuration: return "duration";
    case Type::kList: return "list";
    case Type::kRecord: return "record";
  }
  return "?";
}

Type TypeOfField(FieldType t) {
  switch (t) {
    case FieldType::kString:
    case FieldType::kEnum: return Type::kString;
    case FieldType::kInt:
    case FieldType::kFlag: return Type::kInt;
    case FieldType::kDecimal: return Type::kDecimal;
    case FieldType::kDate: return Type::kDate;
    case FieldType::kDateTime: return Type::kDateTime;
    case FieldType::kList: return Type::kList;
  }
  return Type::kNull;
}

}  // namespace fundwatch::plan
