#include "connectors/mysql/ddl.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>

#include "connectors/mysql/mysql_url.h"
#include "engine/common/utf8.h"

namespace fundwatch {
namespace {

// Physical-design choices the contract does not state. Each names a table
// and a field of the contract; the DDL test checks that every one resolves.
struct FieldRef {
  std::string_view table;
  std::string_view field;  // "*" table: every table with this field, keys excepted
};

// Free text with no useful upper bound: TEXT rather than VARCHAR.
constexpr FieldRef kLongTextFields[] = {{"complaint", "content"}, {"mdtrt_event", "reason"}};

// Join keys the rules look records up by.
constexpr FieldRef kJoinIndexes[] = {
    {"*", "psn_no"},
    {"fee_list", "setl_id"},
    {"trac_event", "drug_trac_codg"},
    {"vbp_delivery", "order_id"},
    {"mdtrt_event", "mdtrt_id"},
};

constexpr size_t kStringChars = 255;
constexpr size_t kListChars = 4000;
constexpr size_t kTextBytes = 65535;
constexpr int64_t kMaxDecimalUnits = 999'999'999'999'999'999;  // DECIMAL(18,4): 14 + 4 digits

bool IsKeyField(const TableDef& table, int index) {
  return std::find(table.key.begin(), table.key.end(), index) != table.key.end();
}

bool IsLongText(const TableDef& table, const FieldDef& field) {
  for (const FieldRef& r : kLongTextFields) {
    if (r.table == table.name && r.field == field.name) return true;
  }
  return false;
}

// Character capacity of a VARCHAR column; 0 for TEXT and non-text types.
size_t VarcharChars(const TableDef& table, const FieldDef& field) {
  switch (field.type) {
    case FieldType::kString:
      if (IsLongText(table, field)) return 0;
      return field.exact_length > 0 ? static_cast<size_t>(field.exact_length) : kStringChars;
    case FieldType::kList: return kListChars;
    case FieldType::kEnum: {
      size_t longest = 1;
      for (const EnumValue& v : field.enum_values) longest = std::max(longest, CodePointCount(v.code));
      return longest;
    }
    default: return 0;
  }
}

std::string SqlStringLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

// The contract's meaning, and for an enum its codes: `性别: 1 男, 2 女`.
std::string ColumnComment(const FieldDef& field) {
  std::string out(field.meaning);
  for (size_t k = 0; k < field.enum_values.size(); ++k) {
    const EnumValue& v = field.enum_values[k];
    out += (k ? ", " : ": ") + std::string(v.code) + " " + std::string(v.meaning);
  }
  return out;
}

// The fields of `table` to index besides its key: its event time, then its join keys.
std::vector<int> IndexedFields(const TableDef& table) {
  std::vector<int> out;
  auto add = [&](int f) {
    if (f < 0 || (table.key.size() > 0 && table.key[0] == f)) return;
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  };
  add(table.event_time);
  for (const FieldRef& r : kJoinIndexes) {
    if (r.table == "*" || r.table == table.name) add(table.FieldIndex(r.field));
  }
  return out;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  assert(IsPlainIdentifier(name));
  return "`" + std::string(name) + "`";
}

std::string MysqlColumnType(const TableDef& table, const FieldDef& field) {
  switch (field.type) {
    case FieldType::kString:
    case FieldType::kList:
    case FieldType::kEnum: {
      size_t chars = VarcharChars(table, field);
      return chars == 0 ? "TEXT" : "VARCHAR(" + std::to_string(chars) + ")";
    }
    case FieldType::kInt: {
      constexpr int64_t kLo = std::numeric_limits<int32_t>::min();
      constexpr int64_t kHi = std::numeric_limits<int32_t>::max();
      bool small = field.min && field.max && *field.min >= kLo && *field.max <= kHi;
      return small ? "INT" : "BIGINT";
    }
    case FieldType::kDecimal: return "DECIMAL(18,4)";
    case FieldType::kDate: return "DATE";
    case FieldType::kDateTime: return "DATETIME";
    case FieldType::kFlag: return "TINYINT";
  }
  return "TEXT";
}

std::string MysqlCreateTable(const TableDef& table) {
  std::string out = "CREATE TABLE IF NOT EXISTS " + QuoteIdentifier(table.name) + " (\n";
  for (const FieldDef& f : table.fields) {
    out += "  " + QuoteIdentifier(f.name) + " " + MysqlColumnType(table, f) + (f.nullable ? " NULL" : " NOT NULL") +
           " COMMENT " + SqlStringLiteral(ColumnComment(f)) + ",\n";
  }
  out += "  PRIMARY KEY (";
  for (size_t k = 0; k < table.key.size(); ++k) {
    out += (k ? ", " : "") + QuoteIdentifier(table.fields[table.key[k]].name);
  }
  out += ")";
  for (int f : IndexedFields(table)) {
    std::string_view name = table.fields[f].name;
    out += ",\n  KEY " + QuoteIdentifier("ix_" + std::string(name)) + " (" + QuoteIdentifier(name) + ")";
  }
  out += "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT=" + SqlStringLiteral(table.zh_name);
  return out;
}

std::string MysqlDdl() {
  std::string out =
      "-- fundwatch: the tables of the data contract for MySQL 5.7+/8 and MariaDB 10.5+.\n"
      "-- Generated from engine/data/schema.cpp by `fundwatch ddl`; do not edit by hand\n"
      "-- (a test checks that this file equals the generator's output). See docs/MYSQL.md.\n";
  for (const TableDef& t : AllTables()) out += "\n" + MysqlCreateTable(t) + ";\n";
  return out;
}

bool FitsMysqlColumn(const Record& record, int index, std::string* reason) {
  if (record.IsNull(index)) return true;
  const TableDef& table = record.def();
  const FieldDef& field = table.fields[index];
  if (field.type == FieldType::kDecimal) {
    int64_t units = record.Int(index);
    if (units <= kMaxDecimalUnits && units >= -kMaxDecimalUnits) return true;
    *reason = "value " + record.Format(index) + " does not fit the MySQL column DECIMAL(18,4)";
    return false;
  }
  if (field.type != FieldType::kString && field.type != FieldType::kList) return true;
  std::string_view text = record.Str(index);
  size_t chars = VarcharChars(table, field);
  if (chars == 0 ? text.size() > kTextBytes : CodePointCount(text) > chars) {
    *reason = "value of " + std::to_string(chars == 0 ? text.size() : CodePointCount(text)) +
              (chars == 0 ? " bytes" : " characters") + " is too long for the MySQL column " +
              MysqlColumnType(table, field);
    return false;
  }
  if (IsKeyField(table, index) && !text.empty() && text.back() == ' ') {
    *reason = "a key ending in a space cannot be stored in MySQL (its collations ignore trailing spaces in keys)";
    return false;
  }
  return true;
}

std::vector<std::pair<std::string_view, std::string_view>> MysqlJoinIndexes() {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const TableDef& t : AllTables()) {
    for (int f : IndexedFields(t)) {
      if (f != t.event_time) out.emplace_back(t.name, t.fields[f].name);
    }
  }
  return out;
}

std::string MysqlDesignProblem() {
  auto check = [](const FieldRef& r) -> std::string {
    bool found = false;
    for (const TableDef& t : AllTables()) {
      if (r.table != "*" && r.table != t.name) continue;
      found = found || t.FieldIndex(r.field) >= 0;
    }
    return found ? "" : std::string(r.table) + "." + std::string(r.field);
  };
  for (const FieldRef& r : kLongTextFields) {
    if (std::string p = check(r); !p.empty()) return "long-text column " + p + " is not in the contract";
  }
  for (const FieldRef& r : kJoinIndexes) {
    if (std::string p = check(r); !p.empty()) return "indexed column " + p + " is not in the contract";
  }
  return "";
}

}  // namespace fundwatch
