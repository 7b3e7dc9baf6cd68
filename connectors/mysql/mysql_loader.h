// MysqlLoader: writes the records of a RecordSource (in practice a CSV
// directory) into the contract's MySQL tables.
//
// - CreateTables() creates every contract table that is absent, from the
//   generated DDL (ddl.h); existing tables are left as they are.
// - LoadTable() streams one table from the source and upserts its valid
//   records with multi-row prepared INSERT ... ON DUPLICATE KEY UPDATE
//   statements (every non-key column = VALUES(column)), so loading the same
//   data twice leaves the same contents and a changed row replaces the old
//   one. Rows are never deleted: a row missing from the source stays.
// - Every reject goes to the caller's callback: the source's own (reported
//   exactly as the source reports them) and rows whose values MySQL cannot
//   hold unchanged (FitsMysqlColumn), reported against the source's row.
// - Batches of `batch_rows` rows (fewer when rows are wide or long) are
//   sent as one statement; a transaction commits every `commit_rows` rows,
//   so memory holds one batch and a failure loses at most one transaction
//   (loading again completes the table: the load is idempotent).
//
// Identifiers come only from the schema; values only travel as parameters.
// Not thread-safe. Driver exceptions never escape: every failure is a Status.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "connectors/mysql/mysql_url.h"
#include "engine/data/record_source.h"

namespace fundwatch {

class MysqlConnection;

struct MysqlLoadOptions {
  static constexpr int kMaxBatchRows = 10000;
  int batch_rows = 1000;        // rows per INSERT statement, 1..kMaxBatchRows
  int64_t commit_rows = 50000;  // rows per transaction
};

struct TableLoadStats {
  int64_t read = 0;      // rows the source delivered: records and rejects
  int64_t loaded = 0;    // records written (inserted, updated or unchanged)
  int64_t rejected = 0;  // the source's rejects plus rows MySQL cannot hold
  double seconds = 0;
};

class MysqlLoader {
 public:
  using RejectFn = std::function<void(const Reject&)>;

  static Result<std::unique_ptr<MysqlLoader>> Connect(const MysqlUrl& url, const std::string& password,
                                                      MysqlLoadOptions options = {});
  ~MysqlLoader();

  Status CreateTables();

  // Loads `table` from `source`. A non-ok Status means the table could not
  // be read or written as a whole; `*stats` counts what happened before.
  Status LoadTable(const TableDef& table, RecordSource& source, const RejectFn& on_reject, TableLoadStats* stats);

  const MysqlUrl& url() const;

 private:
  MysqlLoader(std::unique_ptr<MysqlConnection> connection, MysqlLoadOptions options);
  std::unique_ptr<MysqlConnection> connection_;
  MysqlLoadOptions options_;
};

// The upsert statement for `rows` rows of `table`: INSERT INTO `t` (cols)
// VALUES (?,...),... ON DUPLICATE KEY UPDATE `c` = VALUES(`c`), ...
std::string MysqlUpsertStatement(const TableDef& table, int rows);

}  // namespace fundwatch
