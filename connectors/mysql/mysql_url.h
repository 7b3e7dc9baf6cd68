// MysqlUrl: where a MySQL data source lives, `mysql://USER@HOST[:PORT]/DATABASE`.
// The password is never part of the URL (it would end up in shell history,
// process lists and logs): it comes from FUNDWATCH_MYSQL_PASSWORD, and a URL
// carrying one is rejected. User and database names are restricted to
// [A-Za-z0-9_], so they never need quoting or escaping anywhere.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/status.h"

namespace fundwatch {

struct MysqlUrl {
  static constexpr int kDefaultPort = 3306;

  std::string user;
  std::string host;  // a host name, an IPv4 address, or an IPv6 address without brackets
  int port = kDefaultPort;
  std::string database;

  // Parses `mysql://USER@HOST[:PORT]/DATABASE` (an IPv6 host in brackets).
  // Errors say what was expected; they never repeat a password.
  static Result<MysqlUrl> Parse(std::string_view url);

  // The canonical form, port always shown: `mysql://u@h:3306/db`.
  std::string ToString() const;

  // The same server and user, another database (tests use scratch databases).
  MysqlUrl WithDatabase(std::string database_name) const;
};

// True when `name` is a non-empty [A-Za-z0-9_]+ of at most `max_length` bytes.
bool IsPlainIdentifier(std::string_view name, size_t max_length = 64);

}  // namespace fundwatch
