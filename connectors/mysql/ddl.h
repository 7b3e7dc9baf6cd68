// The MySQL physical design of the data contract, generated from the
// declarations in engine/data/schema.h: one InnoDB table per contract table,
// one column per field, named exactly as in the contract.
//
//   string   VARCHAR(255), VARCHAR(n) for fixed-length codes, TEXT for long
//            free text (kLongTextFields in ddl.cpp)
//   enum     VARCHAR(longest code); records carry the code, never the alias
//   list     VARCHAR(4000), '|'-separated as in CSV
//   int      INT when the contract bounds it within 32 bits, else BIGINT
//   decimal  DECIMAL(18,4)     date DATE     datetime DATETIME    flag TINYINT
//
// Tables are utf8mb4 with the binary collation utf8mb4_bin, so keys and
// comparisons are exact and case-sensitive as in the CSV files. NOT NULL
// follows the contract's nullability; the PRIMARY KEY is the contract's key;
// secondary indexes cover each event table's own time field and the join
// keys the rules use (kJoinIndexes in ddl.cpp). Column and table comments
// carry the contract's Chinese meanings, and each enum's codes, for the
// people who query the tables.
//
// connectors/mysql/schema.sql is MysqlDdl()'s output, committed; a test
// keeps the two equal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/data/record.h"
#include "engine/data/schema.h"

namespace fundwatch {

// The whole script of schema.sql: a header comment, then one
// `CREATE TABLE IF NOT EXISTS ...;` per contract table.
std::string MysqlDdl();

// `CREATE TABLE IF NOT EXISTS ...` for one table, without the final ';'.
std::string MysqlCreateTable(const TableDef& table);

// The SQL column type of one field, e.g. `DECIMAL(18,4)`.
std::string MysqlColumnType(const TableDef& table, const FieldDef& field);

// `name` in backquotes. REQUIRES: name is [A-Za-z0-9_]+ (every contract
// identifier is; nothing else is ever quoted this way).
std::string QuoteIdentifier(std::string_view name);

// Whether the value of field `index` of `record` can be stored in its MySQL
// column unchanged: text within the column's length, a decimal within
// DECIMAL(18,4), no trailing space in a key (MySQL's PAD SPACE collations
// treat 'A' and 'A ' as the same key). False with `*reason` otherwise.
bool FitsMysqlColumn(const Record& record, int index, std::string* reason);

// The (table, field) pairs the DDL indexes besides the primary key and the
// event time, for tests and docs.
std::vector<std::pair<std::string_view, std::string_view>> MysqlJoinIndexes();

// Empty when every table and field named by the physical design (long-text
// columns, join indexes) exists in the contract; else the first that does not.
std::string MysqlDesignProblem();

}  // namespace fundwatch
