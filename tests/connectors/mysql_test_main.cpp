// The MySQL connector tests talk to a real server: run them under
// scripts/with_mariadb.sh, which starts a throwaway MariaDB and exports
// FUNDWATCH_TEST_MYSQL_URL and FUNDWATCH_MYSQL_PASSWORD. Without them every
// test that needs the server fails with a message saying so; none is skipped.
//
// This file also defines the helpers the test files share (declared at the
// top of each of them).
#define BOOST_TEST_MODULE mysql
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "connectors/mysql/mysql_connection.h"
#include "connectors/mysql/mysql_url.h"

namespace fundwatch::mysql_test {
namespace {

constexpr const char* kUrlVariable = "FUNDWATCH_TEST_MYSQL_URL";
constexpr const char* kHowToRun =
    "the MySQL tests need a server: run them as `scripts/with_mariadb.sh ctest --test-dir build -R mysql` "
    "(or `scripts/with_mariadb.sh build/tests/connectors/mysql_test`), which sets FUNDWATCH_TEST_MYSQL_URL "
    "and FUNDWATCH_MYSQL_PASSWORD";

std::vector<std::filesystem::path>& CreatedDirs() {
  static std::vector<std::filesystem::path> dirs;
  return dirs;
}

// Says up front when the server is missing; removes the tests' temporary
// directories at the end.
struct ServerBanner {
  ServerBanner() {
    if (std::getenv(kUrlVariable) == nullptr) {
      std::fprintf(stderr, "\n*** %s is not set: %s. Every test that needs the server will FAIL. ***\n\n",
                   kUrlVariable, kHowToRun);
    }
  }
  ~ServerBanner() {
    std::error_code ec;
    for (const std::filesystem::path& dir : CreatedDirs()) std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

MysqlUrl TestUrl() {
  const char* text = std::getenv(kUrlVariable);
  BOOST_TEST_REQUIRE(text != nullptr, std::string(kUrlVariable) + " is not set: " + kHowToRun);
  Result<MysqlUrl> url = MysqlUrl::Parse(text);
  BOOST_TEST_REQUIRE(url.ok(), std::string(kUrlVariable) + ": " + url.status().message());
  return *url;
}

std::string TestPassword() {
  const char* p = std::getenv("FUNDWATCH_MYSQL_PASSWORD");
  return p == nullptr ? "" : p;
}

std::unique_ptr<MysqlConnection> Admin(const MysqlUrl& url) {
  Result<std::unique_ptr<MysqlConnection>> c = MysqlConnection::Open(url, TestPassword());
  BOOST_TEST_REQUIRE(c.ok(), c.status().message());
  return std::move(*c);
}

MysqlUrl ScratchDatabase(const std::string& suffix) {
  MysqlUrl base = TestUrl();
  // Scratch databases are dropped and re-created: never touch a database
  // that is not plainly a test one.
  BOOST_TEST_REQUIRE(base.database.rfind("fundwatch_test", 0) == 0,
                     "the test database must be called fundwatch_test*, got " + base.database);
  std::string name = base.database + "_" + suffix;
  BOOST_TEST_REQUIRE(IsPlainIdentifier(name));
  std::unique_ptr<MysqlConnection> admin = Admin(base);
  Status s = admin->Execute("DROP DATABASE IF EXISTS `" + name + "`");
  BOOST_TEST_REQUIRE(s.ok(), s.message());
  s = admin->Execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  BOOST_TEST_REQUIRE(s.ok(), s.message());
  return base.WithDatabase(name);
}

void Sql(const MysqlUrl& url, const std::string& statement) {
  Status s = Admin(url)->Execute(statement);
  BOOST_TEST_REQUIRE(s.ok(), s.message());
}

std::vector<std::vector<std::string>> Rows(const MysqlUrl& url, const std::string& query) {
  Result<std::vector<std::vector<std::string>>> rows = Admin(url)->Query(query);
  BOOST_TEST_REQUIRE(rows.ok(), rows.status().message());
  return *rows;
}

std::filesystem::path FreshDir(const std::string& name) {
  // Per process: several test runs (each with its own server) may share /tmp.
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("fundwatch_mysql_test_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  CreatedDirs().push_back(dir);
  return dir;
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  BOOST_TEST_REQUIRE(out.good(), "cannot write " + path.string());
}

BOOST_TEST_GLOBAL_FIXTURE(ServerBanner);

}  // namespace fundwatch::mysql_test
