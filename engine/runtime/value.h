// Value: one typed value during rule evaluation. Trivially copyable, no
// heap: strings and lists are views into records or into the plan's
// constants, which outlive every evaluation.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/common/decimal.h"
#include "engine/data/schema.h"

namespace fundwatch::plan {

enum class Type : uint8_t {
  kNull,      // the type of the literal `null`
  kBool,
  kInt,
  kDecimal,
  kString,
  kDate,
  kDateTime,
  kDuration,  // seconds
  kList,      // of strings
  kRecord,    // a bound record (alias); only in field access
};

const char* TypeName(Type t);
// The type a field of the contract has in expressions (enums are text,
// flags are ints).
Type TypeOfField(FieldType t);
inline bool IsNumeric(Type t) { return t == Type::kInt || t == Type::kDecimal; }
inline bool IsTime(Type t) { return t == Type::kDate || t == Type::kDateTime; }

struct Value {
  Type type = Type::kNull;
  bool null = true;
  int64_t num = 0;           // bool, int, decimal units, date days, datetime/duration seconds
  std::string_view text;     // string; list (raw '|'-separated)

  static Value Null(Type t = Type::kNull) { return Value{t, true, 0, {}}; }
  static Value Bool(bool b) { return Value{Type::kBool, false, b ? 1 : 0, {}}; }
  static Value Int(int64_t v) { return Value{Type::kInt, false, v, {}}; }
  static Value Dec(Decimal d) { return Value{Type::kDecimal, false, d.units(), {}}; }
  static Value Str(std::string_view s) { return Value{Type::kString, false, 0, s}; }
  static Value List(std::string_view s) { return Value{Type::kList, false, 0, s}; }
  static Value DateV(Date d) { return Value{Type::kDate, false, d.days(), {}}; }
  static Value Time(DateTime t) { return Value{Type::kDateTime, false, t.seconds(), {}}; }
  static Value Duration(int64_t seconds) { return Value{Type::kDuration, false, seconds, {}}; }
};

}  // namespace fundwatch::plan
