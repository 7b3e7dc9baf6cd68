// The data contract as data: every table, field, type, key, event-time field
// and validity interval of ../shared/spec/data-contract.md, declared once.
// Readers (CSV, MySQL), the loader's DDL checks, the rule compiler and the
// generator's tests all read these declarations; nothing re-states them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace fundwatch {

enum class FieldType : uint8_t {
  kString,    // UTF-8 text
  kInt,       // whole number, optionally range-checked
  kDecimal,   // exact, up to 4 fraction digits
  kDate,      // YYYY-MM-DD
  kDateTime,  // YYYY-MM-DD HH:MM:SS, local China time
  kFlag,      // 0 or 1
  kEnum,      // one of a closed set of codes
  kList,      // '|'-separated strings
};

std::string_view FieldTypeName(FieldType t);

// One allowed value of an enum field. `alias` is an alternative spelling
// accepted on input (the national platform's numeric event code); records
// always carry `code`.
struct EnumValue {
  std::string_view code;
  std::string_view alias;
  std::string_view meaning;
};

struct FieldDef {
  std::string_view name;
  FieldType type;
  bool nullable;
  std::string_view meaning;
  std::span<const EnumValue> enum_values = {};  // kEnum only
  std::optional<int64_t> min = {};              // kInt only
  std::optional<int64_t> max = {};              // kInt only
  int exact_length = 0;                         // kString: required length in characters, 0 = any
};

enum class TableKind : uint8_t { kReference, kEvent };

using TableId = uint8_t;

struct TableDef {
  TableId id;
  std::string_view name;  // also the CSV file stem and the MySQL table name
  std::string_view zh_name;
  TableKind kind;
  std::span<const FieldDef> fields;
  std::span<const int> key;        // field indices of the primary key
  std::span<const int> time_fields;  // fields counted toward the default as-of time
  int event_time = -1;             // the record's own time (event tables)
  int valid_from = -1;             // begndate (effective-dated reference tables)
  int valid_to = -1;               // enddate, null = open

  // Index of the field called `name`, or -1.
  int FieldIndex(std::string_view name) const;
};

// All tables of the contract, in a stable order (also TableId order).
std::span<const TableDef> AllTables();
const TableDef* FindTable(std::string_view name);
const TableDef& Table(TableId id);

// Stable ids, for code that names a table directly (tests, the generator).
namespace tables {
inline constexpr TableId kFixmedins = 0;
inline constexpr TableId kHilist = 1;
inline constexpr TableId kPsn = 2;
inline constexpr TableId kOpspReg = 3;
inline constexpr TableId kSetl = 4;
inline constexpr TableId kFeeList = 5;
inline constexpr TableId kTracEvent = 6;
inline constexpr TableId kMdtrtEvent = 7;
inline constexpr TableId kComplaint = 8;
inline constexpr TableId kVbpOrder = 9;
inline constexpr TableId kVbpDelivery = 10;
inline constexpr TableId kErx = 11;
inline constexpr int kCount = 12;
}  // namespace tables

}  // namespace fundwatch
