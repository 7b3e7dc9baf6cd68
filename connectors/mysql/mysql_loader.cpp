#include "connectors/mysql/mysql_loader.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <vector>

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>

#include "connectors/mysql/ddl.h"
#include "connectors/mysql/mysql_connection.h"

namespace fundwatch {
namespace {

constexpr size_t kMaxPlaceholders = 65535;         // the protocol's limit per statement
constexpr size_t kMaxBatchBytes = 4 * 1024 * 1024;  // well under the default max_allowed_packet (16 MiB)
constexpr size_t kMaxCachedStatements = 8;

// Collects records into batches and upserts each batch with one prepared
// statement. After the first database error it stops writing and keeps
// counting, so the source can finish its pass; the error is reported once.
class UpsertSink : public RecordSink {
 public:
  UpsertSink(MysqlConnection& connection, const TableDef& table, const MysqlLoadOptions& options,
             const MysqlLoader::RejectFn& on_reject, TableLoadStats* stats)
      : connection_(connection), table_(table), options_(options), on_reject_(on_reject), stats_(stats) {
    size_t by_placeholders = kMaxPlaceholders / table.fields.size();
    batch_rows_ = std::min<size_t>(static_cast<size_t>(options.batch_rows), by_placeholders);
  }

  void OnRecord(Record&& record) override {
    ++stats_->read;
    Reject reject;
    if (!Fits(record, &reject)) {
      OnRejectCounted(std::move(reject));
      return;
    }
    if (!status_.ok()) return;
    batch_bytes_ += ApproximateBytes(record);
    batch_.push_back(std::move(record));
    if (batch_.size() >= batch_rows_ || batch_bytes_ >= kMaxBatchBytes) Flush();
  }

  void OnReject(Reject&& reject) override {
    ++stats_->read;
    OnRejectCounted(std::move(reject));
  }

  // Writes the last batch and commits. The load's final Status.
  Status Finish() {
    Flush();
    if (status_.ok()) Commit();
    if (!status_.ok()) {
      try {
        connection_.raw().rollback();
      } catch (const std::exception&) {  // the connection may be gone; the error is already reported
      }
    }
    return status_;
  }

 private:
  void OnRejectCounted(Reject&& reject) {
    ++stats_->rejected;
    if (on_reject_) on_reject_(reject);
  }

  bool Fits(const Record& record, Reject* reject) const {
    std::string reason;
    for (size_t i = 0; i < record.size(); ++i) {
      if (FitsMysqlColumn(record, static_cast<int>(i), &reason)) continue;
      reject->table = table_.name;
      reject->record_id = record.KeyString();
      reject->column = table_.fields[i].name;
      reject->reason = reason;
      return false;
    }
    return true;
  }

  static size_t ApproximateBytes(const Record& record) {
    size_t bytes = 0;
    for (size_t i = 0; i < record.size(); ++i) bytes += 8 + record.Str(static_cast<int>(i)).size();
    return bytes;
  }

  // The prepared statement for `rows` rows. Byte-limited batches come in
  // odd sizes; only a few of those are kept (server-side statements count
  // against max_prepared_stmt_count).
  sql::PreparedStatement& StatementFor(size_t rows) {
    if (statements_.count(rows) == 0 && statements_.size() >= kMaxCachedStatements) {
      std::erase_if(statements_, [this](const auto& entry) { return entry.first != batch_rows_; });
    }
    std::unique_ptr<sql::PreparedStatement>& slot = statements_[rows];
    if (!slot) slot.reset(connection_.raw().prepareStatement(MysqlUpsertStatement(table_, static_cast<int>(rows))));
    return *slot;
  }

  void Bind(sql::PreparedStatement& stmt, unsigned int first, const Record& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      unsigned int p = first + static_cast<unsigned int>(i);
      int f = static_cast<int>(i);
      if (r.IsNull(f)) {
        stmt.setNull(p, sql::DataType::VARCHAR);
        continue;
      }
      switch (table_.fields[i].type) {
        case FieldType::kString:
        case FieldType::kEnum:
        case FieldType::kList: stmt.setString(p, sql::SQLString(std::string(r.Str(f)))); break;
        case FieldType::kInt:
        case FieldType::kFlag: stmt.setInt64(p, r.Int(f)); break;
        case FieldType::kDecimal:
        case FieldType::kDate:
        case FieldType::kDateTime: stmt.setString(p, sql::SQLString(r.Format(f))); break;
      }
    }
  }

  void Flush() {
    if (batch_.empty() || !status_.ok()) {
      batch_.clear();
      batch_bytes_ = 0;
      return;
    }
    try {
      sql::PreparedStatement& stmt = StatementFor(batch_.size());
      unsigned int next = 1;
      for (const Record& r : batch_) {
        Bind(stmt, next, r);
        next += static_cast<unsigned int>(r.size());
      }
      stmt.executeUpdate();
      stats_->loaded += static_cast<int64_t>(batch_.size());
      uncommitted_ += static_cast<int64_t>(batch_.size());
    } catch (const std::exception& e) {
      status_ = connection_.Failure("writing table " + std::string(table_.name), e);
    }
    batch_.clear();
    batch_bytes_ = 0;
    if (status_.ok() && uncommitted_ >= options_.commit_rows) Commit();
  }

  void Commit() {
    try {
      connection_.raw().commit();
      uncommitted_ = 0;
    } catch (const std::exception& e) {
      status_ = connection_.Failure("committing table " + std::string(table_.name), e);
    }
  }

  MysqlConnection& connection_;
  const TableDef& table_;
  const MysqlLoadOptions& options_;
  const MysqlLoader::RejectFn& on_reject_;
  TableLoadStats* stats_;
  size_t batch_rows_;
  std::vector<Record> batch_;
  size_t batch_bytes_ = 0;
  int64_t uncommitted_ = 0;
  std::map<size_t, std::unique_ptr<sql::PreparedStatement>> statements_;
  Status status_;
};

}  // namespace

std::string MysqlUpsertStatement(const TableDef& table, int rows) {
  std::string columns;
  std::string row = "(";
  std::string updates;
  for (size_t i = 0; i < table.fields.size(); ++i) {
    std::string name = QuoteIdentifier(table.fields[i].name);
    columns += (i ? ", " : "") + name;
    row += i ? ",?" : "?";
    bool is_key = std::find(table.key.begin(), table.key.end(), static_cast<int>(i)) != table.key.end();
    if (!is_key) updates += (updates.empty() ? "" : ", ") + name + " = VALUES(" + name + ")";
  }
  row += ")";
  std::string out = "INSERT INTO " + QuoteIdentifier(table.name) + " (" + columns + ") VALUES ";
  out.reserve(out.size() + rows * (row.size() + 1) + updates.size() + 32);
  for (int r = 0; r < rows; ++r) out += (r ? "," : "") + row;
  return out + " ON DUPLICATE KEY UPDATE " + updates;
}

MysqlLoader::MysqlLoader(std::unique_ptr<MysqlConnection> connection, MysqlLoadOptions options)
    : connection_(std::move(connection)), options_(options) {}
MysqlLoader::~MysqlLoader() = default;

const MysqlUrl& MysqlLoader::url() const { return connection_->url(); }

Result<std::unique_ptr<MysqlLoader>> MysqlLoader::Connect(const MysqlUrl& url, const std::string& password,
                                                          MysqlLoadOptions options) {
  if (options.batch_rows < 1 || options.batch_rows > MysqlLoadOptions::kMaxBatchRows) {
    return Status::InvalidArgument("batch size must be 1.." + std::to_string(MysqlLoadOptions::kMaxBatchRows));
  }
  if (options.commit_rows < 1) options.commit_rows = 1;
  Result<std::unique_ptr<MysqlConnection>> connection = MysqlConnection::Open(url, password);
  if (!connection.ok()) return connection.status();
  try {
    (*connection)->raw().setAutoCommit(false);
  } catch (const std::exception& e) {
    return (*connection)->Failure("starting a transaction", e);
  }
  return std::unique_ptr<MysqlLoader>(new MysqlLoader(std::move(*connection), options));
}

Status MysqlLoader::CreateTables() {
  for (const TableDef& t : AllTables()) {
    Status s = connection_->Execute(MysqlCreateTable(t));
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status MysqlLoader::LoadTable(const TableDef& table, RecordSource& source, const RejectFn& on_reject,
                              TableLoadStats* stats) {
  auto start = std::chrono::steady_clock::now();
  *stats = TableLoadStats{};
  UpsertSink sink(*connection_, table, options_, on_reject, stats);
  Status read = source.ReadTable(table, sink);
  Status written = sink.Finish();
  stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return read.ok() ? written : read;
}

}  // namespace fundwatch
