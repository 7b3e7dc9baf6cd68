// MysqlConnection: one Connector/C++ session, opened with the project's
// settings (utf8mb4, strict SQL mode, bounded connect time). The connectors'
// only door to the driver; the MySQL source and the loader build on it.
//
// Connector/C++ reports failures by throwing sql::SQLException. Every call
// into the driver made by this library is wrapped so that a failure becomes
// a one-line Status naming the URL (never the password); no exception leaves
// connectors/mysql. Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "connectors/mysql/mysql_url.h"
#include "engine/common/status.h"

namespace sql {
class Connection;
}  // namespace sql

namespace fundwatch {

class MysqlConnection {
 public:
  static constexpr int kConnectTimeoutSeconds = 10;

  // Connects and selects `url.database`. An unreachable server, a refused
  // login or a missing database gives Status::Database with the server's
  // message on one line.
  static Result<std::unique_ptr<MysqlConnection>> Open(const MysqlUrl& url, const std::string& password);
  ~MysqlConnection();
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  // Runs one statement that returns no rows.
  Status Execute(const std::string& statement);

  // Runs a query and returns every row, each column as text (NULL = "").
  // For small results (checks, counts, checksums): the result is buffered.
  Result<std::vector<std::vector<std::string>>> Query(const std::string& query);

  // The driver's connection, for the adapters in this folder only. Callers
  // catch the driver's exceptions and turn them into Status via Failure().
  sql::Connection& raw() { return *connection_; }
  const MysqlUrl& url() const { return url_; }

  // `URL: doing what: the driver's message` as a Status::Database.
  Status Failure(const std::string& doing, const std::exception& e) const;

 private:
  MysqlConnection(MysqlUrl url, std::unique_ptr<sql::Connection> connection);
  MysqlUrl url_;
  std::unique_ptr<sql::Connection> connection_;
};

// One line of a driver message: newlines and tabs become spaces.
std::string OneLine(std::string text);

}  // namespace fundwatch
