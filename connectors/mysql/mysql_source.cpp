#include "connectors/mysql/mysql_source.h"

#include <algorithm>

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "connectors/mysql/ddl.h"
#include "connectors/mysql/mysql_connection.h"
#include "engine/data/row_builder.h"

namespace fundwatch {
namespace {

// How long the server waits for a slow consumer of a streamed result
// before it gives up on the connection (MySQL's default is 60 s).
constexpr int kNetWriteTimeoutSeconds = 600;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool AllZeros(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// `SELECT a, b, ... FROM t` over the contract fields the table has, and
// the contract types of the selected columns in order.
std::string SelectStatement(const TableDef& table, const std::vector<int>& columns, std::vector<FieldType>* types) {
  std::string select;
  for (size_t f = 0; f < table.fields.size(); ++f) {
    if (columns[f] < 0) continue;
    select += (select.empty() ? "SELECT " : ", ") + QuoteIdentifier(table.fields[f].name);
    types->push_back(table.fields[f].type);
  }
  return select + " FROM " + QuoteIdentifier(table.name);
}

// A database row is located by its primary key (set by the row builder);
// it has no file, line or header position.
void LocateInTable(const TableDef& table, int64_t row, Reject* reject) {
  reject->table = table.name;
  reject->line = 0;
  reject->column_number = 0;
  if (reject->record_id.empty()) reject->reason += " (row " + std::to_string(row) + " of the table, key unreadable)";
}

}  // namespace

std::string_view ToContractText(FieldType type, std::string_view text) {
  switch (type) {
    case FieldType::kDateTime:
      if (text.size() > 20 && text[19] == '.' && AllZeros(text.substr(20))) return text.substr(0, 19);
      return text;
    case FieldType::kDate:
      if (text.size() == 19 && text.substr(10) == " 00:00:00") return text.substr(0, 10);
      return text;
    case FieldType::kDecimal: {
      size_t dot = text.find('.');
      if (dot == std::string_view::npos) return text;
      size_t keep = dot + 5;  // the point and four digits
      while (text.size() > keep && text.back() == '0') text.remove_suffix(1);
      return text;
    }
    default: return text;
  }
}

MysqlSource::MysqlSource(std::unique_ptr<MysqlConnection> connection) : connection_(std::move(connection)) {}
MysqlSource::~MysqlSource() = default;

Result<std::unique_ptr<MysqlSource>> MysqlSource::Connect(const MysqlUrl& url, const std::string& password) {
  Result<std::unique_ptr<MysqlConnection>> connection = MysqlConnection::Open(url, password);
  if (!connection.ok()) return connection.status();
  Status s = (*connection)->Execute("SET SESSION net_write_timeout = " + std::to_string(kNetWriteTimeoutSeconds));
  if (!s.ok()) return s;
  return std::unique_ptr<MysqlSource>(new MysqlSource(std::move(*connection)));
}

std::string MysqlSource::Describe() const { return connection_->url().ToString(); }

Result<std::vector<int>> MysqlSource::MapColumns(const TableDef& table) {
  std::vector<std::string> present;
  try {
    std::unique_ptr<sql::PreparedStatement> stmt(connection_->raw().prepareStatement(
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"));
    stmt->setString(1, sql::SQLString(std::string(table.name)));
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery());
    while (rs->next()) present.push_back(Lower(rs->getString(1).asStdString()));
  } catch (const std::exception& e) {
    return connection_->Failure("listing the columns of table " + std::string(table.name), e);
  }
  const std::string where = Describe() + ": table " + std::string(table.name);
  if (present.empty()) {
    return Status::InvalidArgument(where +
                                   " does not exist (create the tables with `fundwatch load` or `fundwatch ddl`)");
  }
  std::vector<int> columns(table.fields.size(), -1);
  int next = 0;
  for (size_t f = 0; f < table.fields.size(); ++f) {
    const FieldDef& def = table.fields[f];
    if (std::find(present.begin(), present.end(), def.name) != present.end()) {
      columns[f] = next++;
    } else if (!def.nullable) {
      return Status::InvalidArgument(where + ": missing required column '" + std::string(def.name) + "' (" +
                                     std::string(FieldTypeName(def.type)) + ", " + std::string(def.meaning) + ")");
    } else {
      notes_.push_back(where + ": column '" + std::string(def.name) + "' is absent; read as null in every row");
    }
  }
  return columns;
}

Status MysqlSource::ReadTable(const TableDef& table, RecordSink& sink) {
  Result<std::vector<int>> columns = MapColumns(table);
  if (!columns.ok()) return columns.status();
  std::vector<FieldType> types;  // of the selected columns, in order
  const std::string select = SelectStatement(table, *columns, &types);
  RowBuilder builder(table, std::move(*columns));
  std::vector<std::string> texts(types.size());
  std::vector<std::string_view> views(types.size());
  try {
    std::unique_ptr<sql::Statement> stmt(connection_->raw().createStatement());
    stmt->setResultSetType(sql::ResultSet::TYPE_FORWARD_ONLY);  // unbuffered: stream, don't store
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(select));
    for (int64_t row = 1; rs->next(); ++row) {
      for (size_t c = 0; c < types.size(); ++c) {
        sql::SQLString value = rs->getString(static_cast<uint32_t>(c + 1));
        if (rs->wasNull()) {
          texts[c].clear();
        } else {
          texts[c].assign(value.asStdString());
        }
        views[c] = ToContractText(types[c], texts[c]);
      }
      Record record;
      Reject reject;
      if (builder.Build(views, row, &record, &reject)) {
        sink.OnRecord(std::move(record));
      } else {
        LocateInTable(table, row, &reject);
        sink.OnReject(std::move(reject));
      }
    }
  } catch (const std::exception& e) {
    return connection_->Failure("reading table " + std::string(table.name), e);
  }
  return Status::Ok();
}

}  // namespace fundwatch
