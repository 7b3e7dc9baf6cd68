// MysqlLoader: a CSV directory loaded into the real server and read back
// through MysqlSource gives exactly the records CsvSource gives, with the
// same rejects; loading again changes nothing; a changed row is updated.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/csv/csv_source.h"
#include "connectors/mysql/mysql_loader.h"
#include "connectors/mysql/mysql_source.h"
#include "connectors/mysql/mysql_url.h"
#include "gen/generator.h"

namespace fundwatch::mysql_test {
// Defined in mysql_test_main.cpp.
std::string TestPassword();
MysqlUrl ScratchDatabase(const std::string& suffix);
void Sql(const MysqlUrl& url, const std::string& statement);
std::vector<std::vector<std::string>> Rows(const MysqlUrl& url, const std::string& query);
std::filesystem::path FreshDir(const std::string& name);
void WriteFile(const std::filesystem::path& path, const std::string& text);
}  // namespace fundwatch::mysql_test

namespace fundwatch::mysql_test {
namespace {

// One file per table; every kind of bad row appears somewhere (marked BAD).
const std::map<std::string, std::string> kFiles = {
    {"fixmedins",
     "fixmedins_code,fixmedins_name,fixmedins_type,medins_lv,admdvs,dual_channel_flag,opsp_flag\n"
     "H33028200001,余姚市人民医院 ,1,3,330282,0,1\n"  // a trailing space survives
     "P33028200017,\"余姚市大药房, 城东店\",2,0,330282,1,0\n"
     "H33028200002,等级超界医院,1,5,330282,0,0\n"            // BAD number out of range
     "H33028200003,区划位数错误,1,2,33028,0,0\n"              // BAD fixed length
     "H33028200001,重复的机构,1,3,330282,0,1\n"},             // BAD duplicate key
    {"hilist",
     "hilist_code,hilist_name,list_type,hilist_lv,pric_uplmt_amt,gender_lmt,age_min,age_max,lmt_dise,medins_lv_lmt,"
     "max_prd_days,trace_prefix,vbp_flag,dual_channel_flag,watch_flag,begndate,enddate\n"
     "XA10BAA045A001010100123,二甲双胍片,1,甲,12.3456,,,,,,30,8612345|8612346,1,0,0,2024-01-01,2024-12-31\n"
     "XA10BAA045A001010100123,二甲双胍片,1,甲,12.5,,,,,,30,8612345,1,1,1,2025-01-01,\n"
     "001216000010100,妇科检查,2,乙,,2,18,60,N||O,2,,,0,0,0,2024-01-01,\n"  // an empty list element is data
     "XB0000000000000000001,错误类别,1,丁,,,,,,,,,0,0,0,2024-01-01,\n"          // BAD enum
     "XB0000000000000000002,日期颠倒,1,甲,,,,,,,,,0,0,0,2024-05-01,2024-01-01\n"  // BAD validity
     "XB0000000000000000003,年龄超界,1,甲,,,300,,,,,,0,0,0,2024-01-01,\n"         // BAD int range
     "XB0000000000000000004,不存在的日期,1,甲,,,,,,,,,0,0,0,2024-02-30,\n"},     // BAD date
    {"psn",
     "psn_no,gend,brdy,insutype,death_date\n"
     "P001,1,1950-03-01,310,\n"
     "P002,2,2020-02-29,390,2025-01-05\n"
     "P003,1,1970-01-01,310\n"     // BAD field count
     "P004,,1980-01-01,310,\n"},   // BAD empty required
    {"opsp_reg",
     "reg_id,psn_no,opsp_dise_code,opsp_dise_name,fixmedins_code,begndate,enddate,status\n"
     "R001,P001,M03900,高血压,H33028200001,2024-01-01,,1\n"
     "R002,P002,M01600,糖尿病,H33028200001,2024-01-01,2024-12-31,0\n"},
    {"setl",
     "setl_id,mdtrt_id,psn_no,fixmedins_code,med_type,begntime,endtime,setl_time,dx_codes,opsp_dise_code,"
     "medfee_sumamt,fund_pay_sumamt,refd_setl_flag,rxno\n"
     "S001,M001,P001,H33028200001,21,2025-01-01 08:00:00,2025-01-10 10:00:00,2025-01-10 10:30:00,E11.9|I10,,"
     "1234.5678,1000.00,0,\n"
     "S002,M002,P002,P33028200017,41,2025-02-01 09:00:00,2025-02-01 09:10:00,2025-02-01 09:10:00,E11.9,,88,70.4,0,"
     "RX001\n"
     "S003,M003,P001,H33028200001,14,2025-02-01 09:00:00,2025-02-01 25:00:00,2025-02-01 09:10:00,I10,M03900,"
     "1,1,0,\n"  // BAD datetime
     "S004,M004,P001,H33028200001,14,2025-02-01 09:00:00,2025-02-01 09:00:00,2025-02-01 09:10:00,I10,M03900,"
     "12.34567,1,0,\n"},  // BAD decimal
    {"trac_event",
     "event_id,drug_trac_codg,event_type,event_time,fixmedins_code,hilist_code,psn_no,setl_id\n"
     "E001,86123450000000000001,3505,2025-01-02 09:00:00,P33028200017,XA10BAA045A001010100123,P002,S002\n"
     "E002,86123450000000000001,purchase_in,2024-12-30 09:00:00,P33028200017,,,\n"
     "E003,86123450000000000002,steal,2024-12-30 09:00:00,P33028200017,,,\n"},  // BAD enum
    {"mdtrt_event",
     "event_id,mdtrt_id,psn_no,fixmedins_code,med_type,opsp_dise_code,event_type,event_time,reason\n"
     "V001,M003,P001,H33028200001,14,M03900,register,2025-02-01 08:00:00,\n"
     "V002,M003,P001,H33028200001,14,M03900,2202,2025-02-01 08:30:00,\"医生说\"\"药没了\"\",\n请去别家\"\n"},
    {"complaint",
     "complaint_id,psn_no,fixmedins_code,recv_time,category,content\n"
     "C001,P001,H33028200001,2025-02-02 10:00:00,拒收,\"门慢特窗口拒绝结算，说额度用完了。\n第二天再去还是不给 😡\"\n"
     "C002,P002,P33028200017,2025-02-03 10:00:00,其他,\"\"\"引号\"\"、逗号, 和 \\ 反斜杠\"\n"
     "C003,P002,P33028200017,2025-02-03 10:00:00,其他,\n"},  // BAD empty required
    {"vbp_order",
     "order_id,fixmedins_code,distributor_code,hilist_code,order_qty,order_time,urgent_flag,cancel_time\n"
     "O001,H33028200001,DIST01,XA10BAA045A001010100123,100.0000,2025-03-01 08:00:00,0,\n"
     "O002,H33028200001,DIST01,XA10BAA045A001010100123,-0.0001,2025-03-01 08:00:00,1,2025-03-01 09:00:00\n"
     "O003,H33028200001,DIST01,XA10BAA045A001010100123,5,2025-03-01 08:00:00,yes,\n"},  // BAD flag
    {"vbp_delivery",
     "memo,delivery_qty_note,delivery_id,order_id,delivered_qty,delivery_time\n"  // extra columns are ignored
     "x,,D001,O001,60,2025-03-02 08:00:00\n"
     "y,,D002,O001,40.5,2025-03-04 08:00:00\n"
     "z,,D003,O001,\"5\"x,2025-03-04 08:00:00\n"},  // BAD malformed CSV
    {"erx",  // columns in another order than the contract's
     "rx_stas,hi_rxno,psn_no,fixmedins_code,rx_time,vali_days,hilist_codes\n"
     "1,RX001,P002,H33028200001,2025-01-30 10:00:00,3,XA10BAA045A001010100123|001216000010100\n"
     "0,RX002,P002,H33028200001,2025-01-30 10:00:00,-1,XA10BAA045A001010100123\n"},  // BAD negative days
};

constexpr int kGeneratedFeeLines = 2345;  // several batches and a tail

std::string FeeListCsv(const std::string& changed_amount) {
  std::string out =
      "feedetl_sn,setl_id,psn_no,fixmedins_code,fee_ocur_time,hilist_code,cnt,pric,det_item_fee_sumamt,prd_days,"
      "long_rx_flag,drug_trac_codg\n"
      "F000001,S001,P001,H33028200001,2025-01-02 09:00:00,XA10BAA045A001010100123,2,12.3456," + changed_amount +
      ",30,0,86123450000000000001|86123450000000000002\n"
      "F000002,S001,P001,H33028200001,2025-01-02 09:00:00,001216000010100,1,35.00,35.00,,1,\n"
      "F000003,S001,P001,H33028200001,2025-01-02 09:00:00,001216000010100,1,35.00,35.00,abc,1,\n";  // BAD number
  for (int i = 0; i < kGeneratedFeeLines; ++i) {
    std::string n = std::to_string(100000 + i);
    out += "G" + n + ",S" + std::to_string(i % 97) + ",P" + std::to_string(i % 13) + ",H33028200001,2025-0" +
           std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + " 1" + std::to_string(i % 10) + ":0" +
           std::to_string(i % 10) + ":00,XA10BAA045A001010100123," + std::to_string(1 + i % 5) + ".5,0." +
           std::to_string(1000 + i % 9000) + "," + std::to_string(i) + "." + std::to_string(i % 10) + "," +
           (i % 3 == 0 ? "" : std::to_string(i % 90)) + "," + std::to_string(i % 2) + "," +
           (i % 4 == 0 ? "" : "8612345" + std::to_string(1000000000000LL + i)) + "\n";
  }
  return out;
}

std::filesystem::path WriteDataDir(const std::string& name, const std::string& changed_amount = "24.6912") {
  std::filesystem::path dir = FreshDir(name);
  for (const auto& [table, text] : kFiles) WriteFile(dir / (table + ".csv"), text);
  WriteFile(dir / "fee_list.csv", FeeListCsv(changed_amount));
  return dir;
}

struct Collect : RecordSink {
  std::vector<Record> records;
  std::vector<Reject> rejects;
  void OnRecord(Record&& r) override { records.push_back(std::move(r)); }
  void OnReject(Reject&& r) override { rejects.push_back(std::move(r)); }
};

// Every table of `source`, records sorted by key (sources need not agree on order).
std::map<std::string, Collect> ReadAll(RecordSource& source) {
  std::map<std::string, Collect> out;
  for (const TableDef& t : AllTables()) {
    Collect& c = out[std::string(t.name)];
    Status s = source.ReadTable(t, c);
    BOOST_TEST_REQUIRE(s.ok(), s.message());
    std::sort(c.records.begin(), c.records.end(),
              [](const Record& a, const Record& b) { return a.KeyString() < b.KeyString(); });
  }
  return out;
}

std::map<std::string, Collect> ReadMysql(const MysqlUrl& url) {
  Result<std::unique_ptr<MysqlSource>> source = MysqlSource::Connect(url, TestPassword());
  BOOST_TEST_REQUIRE(source.ok(), source.status().message());
  return ReadAll(**source);
}

struct LoadResult {
  std::map<std::string, TableLoadStats> stats;
  std::vector<Reject> rejects;
};

LoadResult Load(const MysqlUrl& url, const std::filesystem::path& dir, MysqlLoadOptions options = {}) {
  Result<std::unique_ptr<MysqlLoader>> loader = MysqlLoader::Connect(url, TestPassword(), options);
  BOOST_TEST_REQUIRE(loader.ok(), loader.status().message());
  Status s = (*loader)->CreateTables();
  BOOST_TEST_REQUIRE(s.ok(), s.message());
  CsvSource csv(dir.string());
  LoadResult out;
  for (const TableDef& t : AllTables()) {
    s = (*loader)->LoadTable(t, csv, [&out](const Reject& r) { out.rejects.push_back(r); },
                             &out.stats[std::string(t.name)]);
    BOOST_TEST_REQUIRE(s.ok(), s.message());
  }
  return out;
}

// Table -> CHECKSUM TABLE value and row count.
std::map<std::string, std::string> Checksums(const MysqlUrl& url) {
  std::map<std::string, std::string> out;
  for (const TableDef& t : AllTables()) {
    std::string name(t.name);
    out[name] = Rows(url, "CHECKSUM TABLE `" + name + "`")[0][1] + "/" +
                Rows(url, "SELECT COUNT(*) FROM `" + name + "`")[0][0];
  }
  return out;
}

void ExpectSameRecords(const std::map<std::string, Collect>& csv, const std::map<std::string, Collect>& db) {
  for (const TableDef& t : AllTables()) {
    const Collect& a = csv.at(std::string(t.name));
    const Collect& b = db.at(std::string(t.name));
    BOOST_TEST_REQUIRE(a.records.size() == b.records.size(), t.name);
    for (size_t i = 0; i < a.records.size(); ++i) {
      BOOST_TEST((a.records[i] == b.records[i]), t.name << " record " << a.records[i].KeyString() << " differs from "
                                                        << b.records[i].KeyString());
    }
    BOOST_TEST(b.rejects.empty(), t.name << ": " << (b.rejects.empty() ? "" : b.rejects[0].ToText()));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mysql_loader)

BOOST_AUTO_TEST_CASE(upsert_statement_names_schema_columns_and_updates_non_keys) {
  std::string sql = MysqlUpsertStatement(Table(tables::kHilist), 2);
  BOOST_TEST(sql.find("INSERT INTO `hilist` (`hilist_code`, `hilist_name`,") == 0u);
  BOOST_TEST(std::count(sql.begin(), sql.end(), '?') == 34);
  BOOST_TEST(sql.find("`hilist_name` = VALUES(`hilist_name`)") != std::string::npos);
  BOOST_TEST(sql.find("`hilist_code` = VALUES") == std::string::npos);
  BOOST_TEST(sql.find("`begndate` = VALUES") == std::string::npos);
  BOOST_TEST(sql.find("`enddate` = VALUES(`enddate`)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(loaded_tables_read_back_as_the_csv_records_with_the_same_rejects) {
  std::filesystem::path dir = WriteDataDir("roundtrip");
  MysqlUrl url = ScratchDatabase("roundtrip");
  LoadResult load = Load(url, dir);

  CsvSource csv(dir.string());
  std::map<std::string, Collect> expected = ReadAll(csv);
  std::vector<Reject> csv_rejects;
  for (const TableDef& t : AllTables()) {
    for (const Reject& r : expected.at(std::string(t.name)).rejects) csv_rejects.push_back(r);
  }
  BOOST_TEST_REQUIRE(load.rejects.size() == csv_rejects.size());
  for (size_t i = 0; i < csv_rejects.size(); ++i) BOOST_TEST(load.rejects[i].ToJson() == csv_rejects[i].ToJson());
  // One reject per BAD row of the fixture, from every table.
  BOOST_TEST(csv_rejects.size() == 17u);
  for (const TableDef& t : AllTables()) {
    const Collect& c = expected.at(std::string(t.name));
    const TableLoadStats& s = load.stats.at(std::string(t.name));
    BOOST_TEST(s.loaded == static_cast<int64_t>(c.records.size()), t.name);
    BOOST_TEST(s.rejected == static_cast<int64_t>(c.rejects.size()), t.name);
    BOOST_TEST(s.read == s.loaded + s.rejected, t.name);
  }
  BOOST_TEST(load.stats.at("fee_list").loaded == kGeneratedFeeLines + 2);

  ExpectSameRecords(expected, ReadMysql(url));

  // Spot checks of the stored values themselves.
  BOOST_TEST(Rows(url, "SELECT content FROM complaint WHERE complaint_id = 'C001'")[0][0] ==
             "门慢特窗口拒绝结算，说额度用完了。\n第二天再去还是不给 😡");
  BOOST_TEST((Rows(url, "SELECT medfee_sumamt, rxno IS NULL FROM setl WHERE setl_id = 'S001'")[0] ==
              std::vector<std::string>{"1234.5678", "1"}));
  BOOST_TEST(Rows(url, "SELECT COUNT(*) FROM hilist WHERE hilist_code = 'XA10BAA045A001010100123'")[0][0] == "2");
}

BOOST_AUTO_TEST_CASE(generated_data_reads_back_as_the_same_records) {
  // The generator's data (every table, planted malformed rows included):
  // MySQL gives record for record what CSV gives, and the same rejects.
  std::filesystem::path dir = FreshDir("generated");
  gen::GenOptions options;
  options.out_dir = dir.string();
  options.scale = 1;
  options.seed = 21;
  BOOST_TEST_REQUIRE(gen::Generate(options).ok());
  MysqlUrl url = ScratchDatabase("generated");
  LoadResult load = Load(url, dir);
  CsvSource csv(dir.string());
  std::map<std::string, Collect> expected = ReadAll(csv);
  size_t csv_rejects = 0;
  for (const auto& [table, c] : expected) csv_rejects += c.rejects.size();
  BOOST_TEST(load.rejects.size() == csv_rejects);
  BOOST_TEST(csv_rejects > 0u);  // the generator plants malformed rows
  BOOST_TEST(expected.at("fee_list").records.size() > 5000u);
  ExpectSameRecords(expected, ReadMysql(url));
}

BOOST_AUTO_TEST_CASE(loading_twice_leaves_identical_contents) {
  std::filesystem::path dir = WriteDataDir("twice");
  MysqlUrl url = ScratchDatabase("twice");
  Load(url, dir);
  std::map<std::string, std::string> first = Checksums(url);
  LoadResult second = Load(url, dir, MysqlLoadOptions{7, 100});  // other batch sizes, same result
  BOOST_TEST((Checksums(url) == first));
  BOOST_TEST(second.stats.at("fee_list").loaded == kGeneratedFeeLines + 2);
  CsvSource csv(dir.string());
  ExpectSameRecords(ReadAll(csv), ReadMysql(url));
}

BOOST_AUTO_TEST_CASE(a_row_whose_key_exists_is_updated_not_duplicated) {
  MysqlUrl url = ScratchDatabase("update");
  Load(url, WriteDataDir("update_before"));
  BOOST_TEST(Rows(url, "SELECT det_item_fee_sumamt FROM fee_list WHERE feedetl_sn = 'F000001'")[0][0] == "24.6912");
  std::string count = Rows(url, "SELECT COUNT(*) FROM fee_list")[0][0];

  std::filesystem::path changed = WriteDataDir("update_after", "99.0001");
  Load(url, changed);
  BOOST_TEST(Rows(url, "SELECT det_item_fee_sumamt FROM fee_list WHERE feedetl_sn = 'F000001'")[0][0] == "99.0001");
  BOOST_TEST(Rows(url, "SELECT COUNT(*) FROM fee_list")[0][0] == count);
  CsvSource csv(changed.string());
  ExpectSameRecords(ReadAll(csv), ReadMysql(url));
}

BOOST_AUTO_TEST_CASE(values_mysql_cannot_hold_are_rejected_not_truncated) {
  std::filesystem::path dir = FreshDir("unfit");
  WriteFile(dir / "psn.csv",
            "psn_no,gend,brdy,insutype,death_date\n"
            "P001,1,1950-03-01,310,\n" +
                std::string("P") + std::string(300, '9') + ",1,1950-03-01,310,\n" +  // key longer than VARCHAR(255)
                "P003 ,1,1950-03-01,310,\n");                                          // key with a trailing space
  WriteFile(dir / "vbp_delivery.csv",
            "delivery_id,order_id,delivered_qty,delivery_time\n"
            "D001,O001,99999999999999.9999,2025-03-02 08:00:00\n"
            "D002,O001,100000000000000,2025-03-02 08:00:00\n");  // 15 integer digits: beyond DECIMAL(18,4)
  MysqlUrl url = ScratchDatabase("unfit");
  LoadResult load = Load(url, dir);
  BOOST_TEST_REQUIRE(load.rejects.size() == 3u);
  BOOST_TEST(load.rejects[0].table == "psn");
  BOOST_TEST(load.rejects[0].column == "psn_no");
  BOOST_TEST(load.rejects[0].reason.find("too long for the MySQL column VARCHAR(255)") != std::string::npos,
             load.rejects[0].reason);
  BOOST_TEST(load.rejects[1].record_id == "P003 ");
  BOOST_TEST(load.rejects[1].reason.find("trailing spaces") != std::string::npos, load.rejects[1].reason);
  BOOST_TEST(load.rejects[2].record_id == "D002");
  BOOST_TEST(load.rejects[2].reason.find("DECIMAL(18,4)") != std::string::npos, load.rejects[2].reason);
  BOOST_TEST(load.stats.at("psn").loaded == 1);
  BOOST_TEST(load.stats.at("psn").rejected == 2);
  BOOST_TEST(Rows(url, "SELECT delivered_qty FROM vbp_delivery")[0][0] == "99999999999999.9999");
}

BOOST_AUTO_TEST_CASE(wide_rows_are_sent_in_smaller_batches_and_all_arrive) {
  // 1200 catalogue rows with two 3999-character lists each: about 9.6 MB,
  // more than one statement may carry (kMaxBatchBytes), in batches of odd sizes.
  std::filesystem::path dir = FreshDir("wide");
  std::string list(3999, '9');  // "9999999|9999999|...|999999"
  for (size_t i = 7; i < list.size(); i += 8) list[i] = '|';
  std::string csv =
      "hilist_code,hilist_name,list_type,hilist_lv,pric_uplmt_amt,gender_lmt,age_min,age_max,lmt_dise,"
      "medins_lv_lmt,max_prd_days,trace_prefix,vbp_flag,dual_channel_flag,watch_flag,begndate,enddate\n";
  for (int i = 0; i < 1200; ++i) {
    csv += "W" + std::to_string(i) + ",宽行,1,甲,,,,," + list + ",,," + list + ",0,0,0,2024-01-01,\n";
  }
  WriteFile(dir / "hilist.csv", csv);
  MysqlUrl url = ScratchDatabase("wide");
  LoadResult load = Load(url, dir, MysqlLoadOptions{1000, 50000});
  BOOST_TEST(load.rejects.empty());
  BOOST_TEST(load.stats.at("hilist").loaded == 1200);
  CsvSource source(dir.string());
  ExpectSameRecords(ReadAll(source), ReadMysql(url));
}

BOOST_AUTO_TEST_CASE(a_csv_missing_a_required_column_fails_the_table_by_name) {
  std::filesystem::path dir = FreshDir("missing_column");
  WriteFile(dir / "psn.csv", "psn_no,gend,insutype\nP001,1,310\n");
  MysqlUrl url = ScratchDatabase("missing_column");
  Result<std::unique_ptr<MysqlLoader>> loader = MysqlLoader::Connect(url, TestPassword());
  BOOST_TEST_REQUIRE(loader.ok(), loader.status().message());
  BOOST_TEST_REQUIRE((*loader)->CreateTables().ok());
  CsvSource csv(dir.string());
  TableLoadStats stats;
  Status s = (*loader)->LoadTable(Table(tables::kPsn), csv, {}, &stats);
  BOOST_TEST_REQUIRE(!s.ok());
  BOOST_TEST((s.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(s.message().find("psn.csv:1: missing required column 'brdy'") != std::string::npos, s.message());
  BOOST_TEST(Rows(url, "SELECT COUNT(*) FROM psn")[0][0] == "0");
}

BOOST_AUTO_TEST_CASE(bad_batch_size_is_refused) {
  MysqlLoadOptions options;
  options.batch_rows = 0;
  Result<std::unique_ptr<MysqlLoader>> loader = MysqlLoader::Connect(ScratchDatabase("batch"), TestPassword(), options);
  BOOST_TEST_REQUIRE(!loader.ok());
  BOOST_TEST((loader.status().code() == Status::Code::kInvalidArgument));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace fundwatch::mysql_test
