// MysqlUrl, MysqlSource and the DDL, against the real server of
// scripts/with_mariadb.sh (see mysql_test_main.cpp).
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "connectors/mysql/ddl.h"
#include "connectors/mysql/mysql_connection.h"
#include "connectors/mysql/mysql_source.h"
#include "connectors/mysql/mysql_url.h"

namespace fundwatch::mysql_test {
// Defined in mysql_test_main.cpp.
MysqlUrl TestUrl();
std::string TestPassword();
MysqlUrl ScratchDatabase(const std::string& suffix);
void Sql(const MysqlUrl& url, const std::string& statement);
std::vector<std::vector<std::string>> Rows(const MysqlUrl& url, const std::string& query);
}  // namespace fundwatch::mysql_test

namespace fundwatch::mysql_test {
namespace {

struct Collect : RecordSink {
  std::vector<Record> records;
  std::vector<Reject> rejects;
  void OnRecord(Record&& r) override { records.push_back(std::move(r)); }
  void OnReject(Reject&& r) override { rejects.push_back(std::move(r)); }
};

std::unique_ptr<MysqlSource> Open(const MysqlUrl& url) {
  Result<std::unique_ptr<MysqlSource>> s = MysqlSource::Connect(url, TestPassword());
  BOOST_TEST_REQUIRE(s.ok(), s.status().message());
  return std::move(*s);
}

void CreateContractTables(const MysqlUrl& url) {
  for (const TableDef& t : AllTables()) Sql(url, MysqlCreateTable(t));
}

// A TCP port on 127.0.0.1 where nothing listens (almost surely): port 1.
constexpr int kClosedPort = 1;

}  // namespace

BOOST_AUTO_TEST_SUITE(mysql_url)

BOOST_AUTO_TEST_CASE(parses_good_urls) {
  Result<MysqlUrl> u = MysqlUrl::Parse("mysql://fundwatch@127.0.0.1:3307/fundwatch_test");
  BOOST_TEST_REQUIRE(u.ok(), u.status().message());
  BOOST_TEST(u->user == "fundwatch");
  BOOST_TEST(u->host == "127.0.0.1");
  BOOST_TEST(u->port == 3307);
  BOOST_TEST(u->database == "fundwatch_test");
  BOOST_TEST(u->ToString() == "mysql://fundwatch@127.0.0.1:3307/fundwatch_test");

  Result<MysqlUrl> d = MysqlUrl::Parse("mysql://ybj_reader@db-prod.example.cn/YBJ_2025");
  BOOST_TEST_REQUIRE(d.ok(), d.status().message());
  BOOST_TEST(d->port == 3306);
  BOOST_TEST(d->ToString() == "mysql://ybj_reader@db-prod.example.cn:3306/YBJ_2025");

  Result<MysqlUrl> v6 = MysqlUrl::Parse("mysql://u@[::1]:3310/db");
  BOOST_TEST_REQUIRE(v6.ok(), v6.status().message());
  BOOST_TEST(v6->host == "::1");
  BOOST_TEST(v6->ToString() == "mysql://u@[::1]:3310/db");
  BOOST_TEST(MysqlUrl::Parse(v6->ToString()).ok());
}

BOOST_AUTO_TEST_CASE(rejects_a_password_without_repeating_it) {
  Result<MysqlUrl> u = MysqlUrl::Parse("mysql://fundwatch:s3cret@127.0.0.1:3306/db");
  BOOST_TEST_REQUIRE(!u.ok());
  BOOST_TEST(u.status().message().find("FUNDWATCH_MYSQL_PASSWORD") != std::string::npos);
  BOOST_TEST(u.status().message().find("s3cret") == std::string::npos);
  // A password holding '@' is still a password.
  Result<MysqlUrl> at = MysqlUrl::Parse("mysql://fundwatch:p@ss@host/db");
  BOOST_TEST_REQUIRE(!at.ok());
  BOOST_TEST(at.status().message().find("p@ss") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_bad_urls_with_a_reason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "mysql://"},
      {"postgres://u@h/db", "mysql://"},
      {"mysql://h:3306/db", "user"},
      {"mysql://@h/db", "user name"},
      {"mysql://u@h:3306", "/DATABASE"},
      {"mysql://u@h:3306/", "database"},
      {"mysql://u@/db", "host"},
      {"mysql://u@h:/db", "port"},
      {"mysql://u@h:0/db", "port"},
      {"mysql://u@h:65536/db", "port"},
      {"mysql://u@h:33x/db", "port"},
      {"mysql://u@h/db-1", "database name"},
      {"mysql://u@h/db`;DROP", "database name"},
      {"mysql://u@h/db/x", "database name"},
      {"mysql://u@h/db?ssl=1", "options"},
      {"mysql://us-er@h/db", "user name"},
      {"mysql://u@h h/db", "host"},
      {"mysql://u@[::1/db", "["},
  };
  for (const auto& [text, expected] : cases) {
    Result<MysqlUrl> u = MysqlUrl::Parse(text);
    BOOST_TEST(!u.ok(), "accepted '" << text << "'");
    if (u.ok()) continue;
    BOOST_TEST((u.status().code() == Status::Code::kInvalidArgument));
    BOOST_TEST(u.status().message().find(expected) != std::string::npos,
               "'" << text << "' -> " << u.status().message());
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mysql_ddl)

BOOST_AUTO_TEST_CASE(committed_schema_sql_equals_the_generator) {
  std::filesystem::path file =
      std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "connectors" / "mysql" / "schema.sql";
  std::ifstream in(file, std::ios::binary);
  BOOST_TEST_REQUIRE(in.good(), "cannot read " << file);
  std::stringstream text;
  text << in.rdbuf();
  BOOST_TEST(text.str() == MysqlDdl(),
             "connectors/mysql/schema.sql is stale: regenerate it with "
             "`build/fundwatch ddl > connectors/mysql/schema.sql`");
}

BOOST_AUTO_TEST_CASE(physical_design_names_only_contract_fields) {
  BOOST_TEST(MysqlDesignProblem() == "");
  BOOST_TEST(!MysqlJoinIndexes().empty());
}

BOOST_AUTO_TEST_CASE(ddl_creates_every_contract_table_with_its_columns_and_key) {
  MysqlUrl url = ScratchDatabase("ddl");
  CreateContractTables(url);
  CreateContractTables(url);  // IF NOT EXISTS: running it again is harmless
  for (const TableDef& t : AllTables()) {
    auto columns = Rows(url, "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_KEY FROM information_schema.COLUMNS "
                             "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + std::string(t.name) +
                             "' ORDER BY ORDINAL_POSITION");
    BOOST_TEST_REQUIRE(columns.size() == t.fields.size(), t.name);
    for (size_t i = 0; i < columns.size(); ++i) {
      BOOST_TEST(columns[i][0] == t.fields[i].name);
      BOOST_TEST(columns[i][1] == (t.fields[i].nullable ? "YES" : "NO"), t.name << "." << t.fields[i].name);
    }
    auto key = Rows(url, "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                         "AND TABLE_NAME = '" + std::string(t.name) +
                         "' AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX");
    BOOST_TEST_REQUIRE(key.size() == t.key.size(), t.name);
    for (size_t k = 0; k < key.size(); ++k) BOOST_TEST(key[k][0] == t.fields[t.key[k]].name);
    if (t.event_time >= 0) {
      auto ix = Rows(url, "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                          "TABLE_NAME = '" + std::string(t.name) + "' AND COLUMN_NAME = '" +
                          std::string(t.fields[t.event_time].name) + "' AND SEQ_IN_INDEX = 1");
      BOOST_TEST(ix[0][0] == "1", t.name << " has no index on its event time");
    }
  }
  auto hilist_key = Rows(url, "SHOW CREATE TABLE hilist");
  BOOST_TEST(hilist_key[0][1].find("PRIMARY KEY (`hilist_code`,`begndate`)") != std::string::npos);
  BOOST_TEST(hilist_key[0][1].find("utf8mb4") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mysql_source)

BOOST_AUTO_TEST_CASE(wrong_password_is_a_clean_status) {
  MysqlUrl url = TestUrl();
  Result<std::unique_ptr<MysqlSource>> s = MysqlSource::Connect(url, TestPassword() + "-wrong");
  BOOST_TEST_REQUIRE(!s.ok());
  const std::string& m = s.status().message();
  BOOST_TEST(m.find("Access denied") != std::string::npos, m);
  BOOST_TEST(m.find(url.ToString()) != std::string::npos, m);
  BOOST_TEST(m.find('\n') == std::string::npos);
  BOOST_TEST(m.find(TestPassword()) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(unreachable_server_is_a_clean_status) {
  MysqlUrl url = TestUrl();
  url.port = kClosedPort;
  Result<std::unique_ptr<MysqlSource>> s = MysqlSource::Connect(url, TestPassword());
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST((s.status().code() == Status::Code::kDatabase));
  BOOST_TEST(s.status().message().find("cannot connect to " + url.ToString()) != std::string::npos,
             s.status().message());
  BOOST_TEST(s.status().message().find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_database_is_a_clean_status) {
  Result<std::unique_ptr<MysqlSource>> s =
      MysqlSource::Connect(TestUrl().WithDatabase("fundwatch_test_no_such_db"), TestPassword());
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST(s.status().message().find("fundwatch_test_no_such_db") != std::string::npos, s.status().message());
}

BOOST_AUTO_TEST_CASE(missing_table_is_a_status_naming_it) {
  MysqlUrl url = ScratchDatabase("no_tables");
  Collect sink;
  Status s = Open(url)->ReadTable(Table(tables::kPsn), sink);
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST((s.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(s.message().find("table psn does not exist") != std::string::npos, s.message());
}

BOOST_AUTO_TEST_CASE(missing_required_column_is_a_status_naming_table_and_column) {
  MysqlUrl url = ScratchDatabase("missing_column");
  Sql(url, "CREATE TABLE psn (psn_no VARCHAR(64) PRIMARY KEY, gend VARCHAR(1), insutype VARCHAR(3))");
  Collect sink;
  Status s = Open(url)->ReadTable(Table(tables::kPsn), sink);
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST((s.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(s.message().find("table psn: missing required column 'brdy'") != std::string::npos, s.message());
}

BOOST_AUTO_TEST_CASE(missing_nullable_column_reads_as_null_with_a_note) {
  MysqlUrl url = ScratchDatabase("nullable_column");
  // Columns in another order, one extra, death_date absent, names in capitals.
  Sql(url,
      "CREATE TABLE psn (note TEXT, INSUTYPE VARCHAR(3), psn_no VARCHAR(64) PRIMARY KEY, brdy DATE, gend CHAR(1))");
  Sql(url, "INSERT INTO psn VALUES ('x', '390', 'P9', '2001-02-03', '2')");
  std::unique_ptr<MysqlSource> source = Open(url);
  Collect sink;
  Status s = source->ReadTable(Table(tables::kPsn), sink);
  BOOST_TEST_REQUIRE(s.ok(), s.message());
  BOOST_TEST_REQUIRE(sink.records.size() == 1u);
  const Record& r = sink.records[0];
  BOOST_TEST(r.Str(0) == "P9");
  BOOST_TEST(r.Str(1) == "2");
  BOOST_TEST(r.Format(2) == "2001-02-03");
  BOOST_TEST(r.Str(3) == "390");
  BOOST_TEST(r.IsNull(4));
  BOOST_TEST_REQUIRE(source->notes().size() == 1u);
  BOOST_TEST(source->notes()[0].find("'death_date' is absent") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rows_breaking_the_contract_are_rejects_keyed_by_primary_key) {
  MysqlUrl url = ScratchDatabase("rejects");
  CreateContractTables(url);
  Sql(url,
      "INSERT INTO psn VALUES ('P1','1','1950-03-01','310',NULL), ('P2','3','1960-01-01','310',NULL), "
      "('P3','2','1970-01-01','',NULL), ('P4','2','1980-01-01','390','2024-05-06')");
  Sql(url,
      "INSERT INTO hilist (hilist_code, hilist_name, list_type, hilist_lv, lmt_dise, vbp_flag, dual_channel_flag, "
      "watch_flag, begndate, enddate) VALUES "
      "('X1','甲药','1','甲',NULL,0,0,0,'2024-01-01',NULL), ('X1','甲药','4','甲','A||B',0,0,0,'2025-01-01',NULL), "
      "('X2','乙药','1','乙',NULL,0,0,0,'2024-06-01','2024-01-01'), ('X3','丙药','1','乙',NULL,2,0,0,'2024-06-01',NULL)");
  // The national platform's numeric event code is accepted and read as the code.
  Sql(url,
      "INSERT INTO trac_event VALUES ('E1','86123450000000000001','3505','2025-01-02 09:00:00','H1',NULL,NULL,NULL)");
  std::unique_ptr<MysqlSource> source = Open(url);

  Collect psn;
  BOOST_TEST_REQUIRE(source->ReadTable(Table(tables::kPsn), psn).ok());
  BOOST_TEST(psn.records.size() == 2u);
  BOOST_TEST_REQUIRE(psn.rejects.size() == 2u);
  for (const Reject& j : psn.rejects) {
    BOOST_TEST(j.table == "psn");
    BOOST_TEST(j.line == 0);
    BOOST_TEST(j.file == "");
    BOOST_TEST(j.column_number == 0);
  }
  BOOST_TEST(psn.rejects[0].record_id == "P2");
  BOOST_TEST(psn.rejects[0].column == "gend");
  BOOST_TEST(psn.rejects[0].reason.find("bad enum value") != std::string::npos);
  BOOST_TEST(psn.rejects[1].record_id == "P3");
  BOOST_TEST(psn.rejects[1].column == "insutype");
  BOOST_TEST(psn.rejects[1].reason == "empty required field");
  BOOST_TEST(psn.rejects[0].ToJson().find("\"line\"") == std::string::npos);

  Collect hilist;
  BOOST_TEST_REQUIRE(source->ReadTable(Table(tables::kHilist), hilist).ok());
  BOOST_TEST(hilist.records.size() == 1u);
  BOOST_TEST_REQUIRE(hilist.rejects.size() == 3u);
  BOOST_TEST(hilist.rejects[0].record_id == "X1/2025-01-01");
  BOOST_TEST(hilist.rejects[0].column == "list_type");
  BOOST_TEST(hilist.rejects[1].record_id == "X2/2024-06-01");
  BOOST_TEST(hilist.rejects[1].column == "enddate");
  BOOST_TEST(hilist.rejects[2].record_id == "X3/2024-06-01");
  BOOST_TEST(hilist.rejects[2].column == "vbp_flag");

  Collect trac;
  BOOST_TEST_REQUIRE(source->ReadTable(Table(tables::kTracEvent), trac).ok());
  BOOST_TEST_REQUIRE(trac.records.size() == 1u);
  BOOST_TEST(trac.records[0].Str(2) == "sale");
  BOOST_TEST(trac.records[0].Format(3) == "2025-01-02 09:00:00");
}

BOOST_AUTO_TEST_CASE(a_large_table_streams_every_row) {
  MysqlUrl url = ScratchDatabase("stream");
  CreateContractTables(url);
  // 2^16 rows made by the server itself.
  Sql(url, "INSERT INTO vbp_delivery VALUES ('D0','O0',1.5,'2025-01-01 00:00:00')");
  for (int i = 0; i < 16; ++i) {
    Sql(url, "INSERT INTO vbp_delivery SELECT CONCAT(delivery_id, '_', " + std::to_string(i) +
                 "), order_id, delivered_qty + 1, delivery_time + INTERVAL 1 HOUR FROM vbp_delivery");
  }
  struct Count : RecordSink {
    int64_t records = 0, rejects = 0;
    Decimal sum;
    void OnRecord(Record&& r) override {
      ++records;
      sum.AddInPlace(r.Dec(2));
    }
    void OnReject(Reject&&) override { ++rejects; }
  } sink;
  BOOST_TEST_REQUIRE(Open(url)->ReadTable(Table(tables::kVbpDelivery), sink).ok());
  BOOST_TEST(sink.records == 65536);
  BOOST_TEST(sink.rejects == 0);
  auto sum = Rows(url, "SELECT SUM(delivered_qty) FROM vbp_delivery");
  BOOST_TEST(sink.sum.ToString() == Decimal::Parse(sum[0][0])->ToString());
}

BOOST_AUTO_TEST_CASE(column_text_is_normalised_to_the_contract) {
  BOOST_TEST(ToContractText(FieldType::kDateTime, "2025-01-02 03:04:05.000000") == "2025-01-02 03:04:05");
  BOOST_TEST(ToContractText(FieldType::kDateTime, "2025-01-02 03:04:05.5") == "2025-01-02 03:04:05.5");
  BOOST_TEST(ToContractText(FieldType::kDate, "2025-01-02 00:00:00") == "2025-01-02");
  BOOST_TEST(ToContractText(FieldType::kDate, "2025-01-02 00:00:01") == "2025-01-02 00:00:01");
  BOOST_TEST(ToContractText(FieldType::kDecimal, "12.500000") == "12.5000");
  BOOST_TEST(ToContractText(FieldType::kDecimal, "12.500010") == "12.50001");
  BOOST_TEST(ToContractText(FieldType::kDecimal, "120") == "120");
  BOOST_TEST(ToContractText(FieldType::kString, "a.000000") == "a.000000");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace fundwatch::mysql_test
