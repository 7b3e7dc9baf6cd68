#include "connectors/mysql/mysql_url.h"

#include <charconv>

namespace fundwatch {
namespace {

constexpr std::string_view kScheme = "mysql://";
constexpr std::string_view kShape = "expected mysql://USER@HOST:PORT/DATABASE";
constexpr size_t kMaxUserLength = 80;      // MariaDB's limit (MySQL's is 32)
constexpr size_t kMaxDatabaseLength = 64;  // both servers' limit

Status Bad(std::string what) {
  return Status::InvalidArgument("bad MySQL URL: " + what + " (" + std::string(kShape) + ")");
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_';
}

// Splits `HOST[:PORT]` or `[V6]:PORT` into `url->host` and `url->port`.
Status ParseHostPort(std::string_view text, MysqlUrl* url) {
  std::string_view host = text;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return Bad("unclosed '[' in the host");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return Bad("unexpected text after ']'");
    if (!rest.empty()) port = rest.substr(1);
    for (char c : host) {
      if (!IsHostChar(c) && c != ':') return Bad("bad character in the IPv6 host");
    }
  } else {
    size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      if (port.empty()) return Bad("empty port after ':'");
    }
    for (char c : host) {
      if (!IsHostChar(c)) return Bad("bad character '" + std::string(1, c) + "' in host '" + std::string(host) + "'");
    }
  }
  if (host.empty()) return Bad("missing host");
  url->host = std::string(host);
  if (!port.empty()) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value < 1 || value > 65535) {
      return Bad("port '" + std::string(port) + "' is not a number in 1..65535");
    }
    url->port = value;
  }
  return Status::Ok();
}

}  // namespace

bool IsPlainIdentifier(std::string_view name, size_t max_length) {
  if (name.empty() || name.size() > max_length) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<MysqlUrl> MysqlUrl::Parse(std::string_view url) {
  if (url.substr(0, kScheme.size()) != kScheme) return Bad("it must start with mysql://");
  std::string_view rest = url.substr(kScheme.size());
  size_t at = rest.rfind('@');
  size_t slash = rest.find('/', at == std::string_view::npos ? 0 : at);
  if (at == std::string_view::npos || (slash != std::string_view::npos && at > slash)) {
    return Bad("missing user name before '@'");
  }
  std::string_view user = rest.substr(0, at);
  if (user.find(':') != std::string_view::npos) {
    // Never echo the text: it holds a password.
    return Status::InvalidArgument(
        "bad MySQL URL: a password must not appear in the URL; give it in the environment variable "
        "FUNDWATCH_MYSQL_PASSWORD and use mysql://USER@HOST:PORT/DATABASE");
  }
  if (!IsPlainIdentifier(user, kMaxUserLength)) {
    return Bad("user name '" + std::string(user) + "' must be 1-" + std::to_string(kMaxUserLength) +
               " characters of A-Z, a-z, 0-9 and _");
  }
  if (slash == std::string_view::npos) return Bad("missing /DATABASE");
  MysqlUrl out;
  out.user = std::string(user);
  Status s = ParseHostPort(rest.substr(at + 1, slash - at - 1), &out);
  if (!s.ok()) return s;
  std::string_view database = rest.substr(slash + 1);
  if (database.empty()) return Bad("missing database name after '/'");
  if (database.find_first_of("?#") != std::string_view::npos) return Bad("URL options (?...) are not supported");
  if (!IsPlainIdentifier(database, kMaxDatabaseLength)) {
    return Bad("database name '" + std::string(database) + "' must be 1-" + std::to_string(kMaxDatabaseLength) +
               " characters of A-Z, a-z, 0-9 and _");
  }
  out.database = std::string(database);
  return out;
}

std::string MysqlUrl::ToString() const {
  bool v6 = host.find(':') != std::string::npos;
  return std::string(kScheme) + user + "@" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" +
         database;
}

MysqlUrl MysqlUrl::WithDatabase(std::string database_name) const {
  MysqlUrl out = *this;
  out.database = std::move(database_name);
  return out;
}

}  // namespace fundwatch
