#include "connectors/mysql/mysql_connection.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

namespace fundwatch {
namespace {

// Exact SQL semantics for every session: no silent truncation or clamping
// of values, no zero dates, utf8mb4 on the wire.
constexpr const char* kSessionSetup =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
    "NO_ENGINE_SUBSTITUTION'";

std::string DriverMessage(const std::exception& e) {
  std::string text = OneLine(e.what());
  if (const auto* sqle = dynamic_cast<const sql::SQLException*>(&e)) {
    if (sqle->getErrorCode() != 0) text += " [" + std::to_string(sqle->getErrorCode()) + "]";
  }
  return text.empty() ? "unknown MySQL error" : text;
}

}  // namespace

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

MysqlConnection::MysqlConnection(MysqlUrl url, std::unique_ptr<sql::Connection> connection)
    : url_(std::move(url)), connection_(std::move(connection)) {}

MysqlConnection::~MysqlConnection() {
  try {
    connection_.reset();
  } catch (...) {  // closing a broken connection may throw; nothing to report
  }
}

Result<std::unique_ptr<MysqlConnection>> MysqlConnection::Open(const MysqlUrl& url, const std::string& password) {
  try {
    // The driver instance is created once; C++ makes the static's init thread-safe.
    static sql::Driver* const driver = sql::mysql::get_mysql_driver_instance();
    sql::ConnectOptionsMap options;
    bool v6 = url.host.find(':') != std::string::npos;
    options["hostName"] = sql::SQLString("tcp://" + (v6 ? "[" + url.host + "]" : url.host) + ":" +
                                         std::to_string(url.port));
    options["userName"] = sql::SQLString(url.user);
    options["password"] = sql::SQLString(password);
    options["schema"] = sql::SQLString(url.database);
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    options["OPT_CONNECT_TIMEOUT"] = kConnectTimeoutSeconds;
    options["OPT_RECONNECT"] = false;
    std::unique_ptr<sql::Connection> raw(driver->connect(options));
    std::unique_ptr<sql::Statement> stmt(raw->createStatement());
    stmt->execute(kSessionSetup);
    return std::unique_ptr<MysqlConnection>(new MysqlConnection(url, std::move(raw)));
  } catch (const std::exception& e) {
    return Status::Database("cannot connect to " + url.ToString() + ": " + DriverMessage(e));
  }
}

Status MysqlConnection::Execute(const std::string& statement) {
  try {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    stmt->execute(statement);
    return Status::Ok();
  } catch (const std::exception& e) {
    return Failure("executing " + statement.substr(0, statement.find_first_of("(\n")), e);
  }
}

Result<std::vector<std::vector<std::string>>> MysqlConnection::Query(const std::string& query) {
  try {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(query));
    std::vector<std::vector<std::string>> rows;
    const uint32_t columns = rs->getMetaData()->getColumnCount();
    while (rs->next()) {
      std::vector<std::string>& row = rows.emplace_back();
      for (uint32_t c = 1; c <= columns; ++c) row.push_back(rs->getString(c).asStdString());
    }
    return rows;
  } catch (const std::exception& e) {
    return Failure("running " + query.substr(0, 60), e);
  }
}

Status MysqlConnection::Failure(const std::string& doing, const std::exception& e) const {
  return Status::Database(url_.ToString() + ": " + doing + ": " + DriverMessage(e));
}

}  // namespace fundwatch
