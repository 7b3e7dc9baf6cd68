// MysqlSource: the tables of one MySQL/MariaDB database as a RecordSource,
// giving records equal to those of CsvSource for the same data.
//
// ReadTable selects the contract's columns of the table by name, turns each
// column into its contract text (DATETIME `YYYY-MM-DD HH:MM:SS`, DATE
// `YYYY-MM-DD`, DECIMAL as the server writes it, NULL = empty) and builds
// records with the same RowBuilder the CSV reader uses, so a row that breaks
// the contract (an unknown enum code, an empty required value, ...) becomes
// a Reject with the table, record_id = the row's primary key, line 0.
//
// Streaming: one unbuffered (forward-only) SELECT per table. Rows travel
// from the server as the sink consumes them; memory holds one row, never a
// table. While a table streams, the connection is busy; ReadTable calls are
// sequential.
//
// Missing pieces (each an unusable source, Status::InvalidArgument): a
// table absent from the database, named (a mis-pointed database must not
// read as "no data"); a missing required column, named with its table. A
// missing nullable column reads as null in every row, with a note.
//
// Not thread-safe. Driver exceptions never escape: every failure is a Status.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/mysql/mysql_url.h"
#include "engine/data/record_source.h"

namespace fundwatch {

class MysqlConnection;

class MysqlSource : public RecordSource {
 public:
  // Connects as `url.user` with `password` (from FUNDWATCH_MYSQL_PASSWORD).
  // An unreachable server, a refused login or a missing database is a
  // one-line Status::Database.
  static Result<std::unique_ptr<MysqlSource>> Connect(const MysqlUrl& url, const std::string& password);
  ~MysqlSource() override;

  Status ReadTable(const TableDef& table, RecordSink& sink) override;
  std::string Describe() const override;

  // Remarks that are not errors (a missing nullable column), in order found.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  explicit MysqlSource(std::unique_ptr<MysqlConnection> connection);
  // For each contract field, its position in the SELECT list, or -1.
  Result<std::vector<int>> MapColumns(const TableDef& table);

  std::unique_ptr<MysqlConnection> connection_;
  std::vector<std::string> notes_;
};

// The contract text of a column value as the server returned it: a DATETIME
// with a zero fraction (`...:SS.000000`) loses the fraction, a DATE field
// held in a DATETIME column at midnight loses the time, a DECIMAL with more
// than four fraction digits loses trailing zeros beyond the fourth. Anything
// else is returned unchanged (and judged by the field parser).
std::string_view ToContractText(FieldType type, std::string_view column_text);

}  // namespace fundwatch
