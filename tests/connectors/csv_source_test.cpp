#include "connectors/csv/csv_source.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fundwatch {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("fundwatch_csv_source_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) const {
    fs::path p = path_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    BOOST_TEST_REQUIRE(out.good());
    return p.string();
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

class CollectingSink : public RecordSink {
 public:
  void OnRecord(Record&& record) override { records.push_back(std::move(record)); }
  void OnReject(Reject&& reject) override { rejects.push_back(std::move(reject)); }
  std::vector<Record> records;
  std::vector<Reject> rejects;
};

struct ReadResult {
  Status status;
  CollectingSink sink;
  std::vector<std::string> notes;
};

ReadResult Read(const TempDir& dir, TableId table) {
  CsvSource source(dir.str());
  ReadResult r;
  r.status = source.ReadTable(Table(table), r.sink);
  r.notes = source.notes();
  return r;
}

int Idx(TableId table, std::string_view field) {
  int i = Table(table).FieldIndex(field);
  BOOST_TEST_REQUIRE(i >= 0);
  return i;
}

bool HasNote(const std::vector<std::string>& notes, const std::string& note) {
  for (const std::string& n : notes) {
    if (n == note) return true;
  }
  return false;
}

const char kFeeHeader[] =
    "feedetl_sn,setl_id,psn_no,fixmedins_code,fee_ocur_time,hilist_code,cnt,pric,det_item_fee_sumamt,"
    "prd_days,long_rx_flag,drug_trac_codg";

const char kFeeRow1[] =
    "F001,S001,P001,H33028200001,2025-03-04 10:20:30,XA10BAA045A001010100123,2,12.50,25.00,15,0,"
    "81234560000000000001|81234560000000000002";
const char kFeeRow2[] = "F002,S001,P001,H33028200001,2025-03-04 10:21:00,中药饮片-黄芪,0.5,98.5001,49.2501,,1,";

void ExpectReject(const Reject& r, const std::string& file, int64_t line, const std::string& column,
                  int column_number, const std::string& reason) {
  BOOST_TEST(r.file == file);
  BOOST_TEST(r.line == line);
  BOOST_TEST(r.column == column);
  BOOST_TEST(r.column_number == column_number);
  BOOST_TEST(r.reason == reason);
}

BOOST_AUTO_TEST_SUITE(csv_source)

BOOST_AUTO_TEST_CASE(fee_list_with_chinese_lists_and_decimals) {
  TempDir dir;
  dir.Write("fee_list.csv", std::string(kFeeHeader) + "\n" + kFeeRow1 + "\n" + kFeeRow2 + "\n");
  ReadResult r = Read(dir, tables::kFeeList);
  BOOST_TEST_REQUIRE(r.status.ok());
  BOOST_TEST(r.sink.rejects.empty());
  BOOST_TEST_REQUIRE(r.sink.records.size() == 2u);
  const TableId t = tables::kFeeList;
  const Record& a = r.sink.records[0];
  const Record& b = r.sink.records[1];
  BOOST_TEST(a.table() == t);
  BOOST_TEST(a.Str(Idx(t, "feedetl_sn")) == "F001");
  BOOST_TEST(a.TimeAt(Idx(t, "fee_ocur_time")).ToString() == "2025-03-04 10:20:30");
  BOOST_TEST(a.Dec(Idx(t, "cnt")).units() == 20000);
  BOOST_TEST(a.Dec(Idx(t, "pric")).ToString() == "12.50");
  BOOST_TEST(a.Int(Idx(t, "prd_days")) == 15);
  BOOST_TEST(a.Int(Idx(t, "long_rx_flag")) == 0);
  ListView codes = a.List(Idx(t, "drug_trac_codg"));
  BOOST_TEST(codes.size() == 2u);
  BOOST_TEST(codes.Contains("81234560000000000002"));
  BOOST_TEST(*codes.begin() == "81234560000000000001");

  BOOST_TEST(b.Str(Idx(t, "hilist_code")) == "中药饮片-黄芪");
  BOOST_TEST(b.Dec(Idx(t, "cnt")).ToString() == "0.50");
  BOOST_TEST(b.Dec(Idx(t, "pric")).units() == 985001);
  BOOST_TEST(b.IsNull(Idx(t, "prd_days")));
  BOOST_TEST(b.Int(Idx(t, "long_rx_flag")) == 1);
  BOOST_TEST(b.IsNull(Idx(t, "drug_trac_codg")));

  Decimal total = a.Dec(Idx(t, "det_item_fee_sumamt"));
  BOOST_TEST(total.AddInPlace(b.Dec(Idx(t, "det_item_fee_sumamt"))));
  BOOST_TEST(total.ToString() == "74.2501");
}

// The data pass starts the largest tables first: a table's bytes are its
// file's size, and a missing file (an empty table) has none.
BOOST_AUTO_TEST_CASE(a_table_s_bytes_are_its_file_s_size) {
  TempDir dir;
  const std::string text = std::string(kFeeHeader) + "\n" + kFeeRow1 + "\n" + kFeeRow2 + "\n";
  dir.Write("fee_list.csv", text);
  CsvSource source(dir.str());
  BOOST_TEST(source.TableBytes(Table(tables::kFeeList)) == static_cast<int64_t>(text.size()));
  BOOST_TEST(source.TableBytes(Table(tables::kSetl)) == 0);
}

BOOST_AUTO_TEST_CASE(columns_in_any_order_give_equal_records) {
  TempDir canonical;
  canonical.Write("fee_list.csv", std::string(kFeeHeader) + "\n" + kFeeRow1 + "\n" + kFeeRow2 + "\n");
  TempDir shuffled;
  // Reversed columns, plus two extra columns; CRLF line ends and a BOM.
  shuffled.Write("fee_list.csv",
                 "\xEF\xBB\xBF" "备注,drug_trac_codg,long_rx_flag,prd_days,det_item_fee_sumamt,pric,cnt,hilist_code,"
                 "fee_ocur_time,fixmedins_code,psn_no,setl_id,feedetl_sn,extra\r\n"
                 "\"阿莫西林, 胶囊\",81234560000000000001|81234560000000000002,0,15,25.00,12.50,2,"
                 "XA10BAA045A001010100123,2025-03-04 10:20:30,H33028200001,P001,S001,F001,x\r\n"
                 ",,1,,49.2501,98.5001,0.5,中药饮片-黄芪,2025-03-04 10:21:00,H33028200001,P001,S001,F002,y\r\n");
  ReadResult a = Read(canonical, tables::kFeeList);
  ReadResult b = Read(shuffled, tables::kFeeList);
  BOOST_TEST_REQUIRE(a.status.ok());
  BOOST_TEST_REQUIRE(b.status.ok());
  BOOST_TEST(b.sink.rejects.empty());
  BOOST_TEST_REQUIRE(a.sink.records.size() == 2u);
  BOOST_TEST_REQUIRE(b.sink.records.size() == 2u);
  BOOST_TEST((a.sink.records[0] == b.sink.records[0]));
  BOOST_TEST((a.sink.records[1] == b.sink.records[1]));
}

BOOST_AUTO_TEST_CASE(extra_columns_are_ignored_and_noted) {
  TempDir dir;
  std::string path = dir.Write("psn.csv", "psn_no,姓名,gend,brdy,insutype,death_date,remark\nP001,张三,1,1980-05-06,310,,x\n");
  ReadResult r = Read(dir, tables::kPsn);
  BOOST_TEST_REQUIRE(r.status.ok());
  BOOST_TEST_REQUIRE(r.sink.records.size() == 1u);
  BOOST_TEST(r.sink.records[0].Str(0) == "P001");
  BOOST_TEST(r.sink.records[0].Str(Idx(tables::kPsn, "gend")) == "1");
  BOOST_TEST(r.notes.size() == 2u);
  BOOST_TEST(HasNote(r.notes, path + ": column '姓名' is not in the contract; ignored"));
  BOOST_TEST(HasNote(r.notes, path + ": column 'remark' is not in the contract; ignored"));
}

BOOST_AUTO_TEST_CASE(missing_nullable_column_reads_null_and_is_noted) {
  TempDir dir;
  std::string path = dir.Write("psn.csv", "psn_no,gend,brdy,insutype\nP001,2,1990-01-01,390\n");
  ReadResult r = Read(dir, tables::kPsn);
  BOOST_TEST_REQUIRE(r.status.ok());
  BOOST_TEST(r.sink.rejects.empty());
  BOOST_TEST_REQUIRE(r.sink.records.size() == 1u);
  BOOST_TEST(r.sink.records[0].IsNull(Idx(tables::kPsn, "death_date")));
  BOOST_TEST(r.sink.records[0].DateAt(Idx(tables::kPsn, "brdy")).ToString() == "1990-01-01");
  BOOST_TEST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0] == path + ": column 'death_date' is absent; read as null in every row");
}

BOOST_AUTO_TEST_CASE(missing_required_column_is_fatal) {
  TempDir dir;
  std::string header = kFeeHeader;
  header.replace(header.find(",cnt,"), 5, ",");  // drop cnt
  std::string path = dir.Write("fee_list.csv", header + "\nF001,S001,P001,H1,2025-03-04 10:20:30,X,12.50,25.00,15,0,\n");
  ReadResult r = Read(dir, tables::kFeeList);
  BOOST_TEST(!r.status.ok());
  BOOST_TEST((r.status.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(r.status.message() == path + ":1: missing required column 'cnt' (decimal, 数量)");
  BOOST_TEST(r.sink.records.empty());
  BOOST_TEST(r.sink.rejects.empty());
}

BOOST_AUTO_TEST_CASE(duplicate_header_column_is_fatal) {
  TempDir dir;
  std::string path = dir.Write("psn.csv", "psn_no,gend,brdy,insutype,gend\nP001,1,1980-05-06,310,1\n");
  ReadResult r = Read(dir, tables::kPsn);
  BOOST_TEST(!r.status.ok());
  BOOST_TEST(r.status.message() == path + ":1: column 'gend' appears twice in the header");
  BOOST_TEST(r.sink.records.empty());
}

BOOST_AUTO_TEST_CASE(header_names_are_trimmed) {
  TempDir dir;
  dir.Write("psn.csv", " psn_no ,\tgend, brdy,insutype\t\nP001,1,1980-05-06,310\n");
  ReadResult r = Read(dir, tables::kPsn);
  BOOST_TEST_REQUIRE(r.status.ok());
  BOOST_TEST_REQUIRE(r.sink.records.size() == 1u);
  BOOST_TEST(r.sink.records[0].Str(0) == "P001");
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_empty_table) {
  TempDir dir;
  ReadResult r = Read(dir, tables::kVbpOrder);
  BOOST_TEST(r.status.ok());
  BOOST_TEST(r.sink.records.empty());
  BOOST_TEST(r.sink.rejects.empty());
  BOOST_TEST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0] == dir.File("vbp_order.csv") + ": no such file; table vbp_order is empty");
}

BOOST_AUTO_TEST_CASE(empty_file_is_an_empty_table) {
  TempDir dir;
  std::string path = dir.Write("erx.csv", "");
  ReadResult r = Read(dir, tables::kErx);
  BOOST_TEST(r.status.ok());
  BOOST_TEST(r.sink.records.empty());
  BOOST_TEST(r.sink.rejects.empty());
  BOOST_TEST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0] == path + ": empty file; table erx is empty");

  TempDir blank;
  blank.Write("erx.csv", "\r\n\n");
  ReadResult b = Read(blank, tables::kErx);
  BOOST_TEST(b.status.ok());
  BOOST_TEST(b.sink.records.empty());
  BOOST_TEST(b.notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(header_only_file) {
  TempDir dir;
  dir.Write("fee_list.csv", std::string(kFeeHeader) + "\n");
  ReadResult r = Read(dir, tables::kFeeList);
  BOOST_TEST(r.status.ok());
  BOOST_TEST(r.sink.records.empty());
  BOOST_TEST(r.sink.rejects.empty());
  TempDir bare;
  bare.Write("fee_list.csv", kFeeHeader);  // no newline at all
  ReadResult b = Read(bare, tables::kFeeList);
  BOOST_TEST(b.status.ok());
  BOOST_TEST(b.sink.records.empty());
  BOOST_TEST(b.sink.rejects.empty());
}

BOOST_AUTO_TEST_CASE(rejects_carry_file_line_column_and_reason) {
  TempDir dir;
  std::string path = dir.Write(
      "complaint.csv",
      "complaint_id,psn_no,fixmedins_code,recv_time,category,content\n"      // 1
      "C1,P001,H1,2025-01-02 10:00:00,拒收,\"第一行\n第二行\n第三行\"\n"       // 2-4
      "C2,P002,H1,2025-01-03 10:00:00,收费,重复收费\n"                        // 5
      "C3,P003,H1,2025-01-03 25:00:00,其他,时间错误\n"                        // 6
      "C4,P004,H1,2025-01-04 10:00:00,其他\n"                                 // 7
      "\n"                                                                    // 8
      "C5,P005,H2,2025-01-05 10:00:00,推诿,\"多行\r\n内容\"\n"                // 9-10
      "C2,P006,H1,2025-01-06 10:00:00,其他,重复的编号\n"                      // 11
      "C6,P007,H1,2025-01-07 10:00:00,,无类别\n"                              // 12
      "C7,P008,H1,2025-01-08 10:00:00,其他,\"坏\"x\n"                         // 13
      "C8,P009,H1,2025-01-09 10:00:00,其他,最后一行,多余\n"                   // 14
      "C9,P010,H1,2025-01-10 10:00:00,其他,\"没有结尾的换行\"");              // 15
  ReadResult r = Read(dir, tables::kComplaint);
  BOOST_TEST_REQUIRE(r.status.ok());

  // The run goes on after every reject: later rows are still delivered.
  BOOST_TEST_REQUIRE(r.sink.records.size() == 4u);
  BOOST_TEST(r.sink.records[0].Str(0) == "C1");
  BOOST_TEST(r.sink.records[0].Str(5) == "第一行\n第二行\n第三行");
  BOOST_TEST(r.sink.records[1].Str(0) == "C2");
  BOOST_TEST(r.sink.records[2].Str(0) == "C5");
  BOOST_TEST(r.sink.records[2].Str(5) == "多行\r\n内容");
  BOOST_TEST(r.sink.records[3].Str(0) == "C9");
  BOOST_TEST(r.sink.records[3].Str(5) == "没有结尾的换行");

  BOOST_TEST_REQUIRE(r.sink.rejects.size() == 6u);
  for (const Reject& j : r.sink.rejects) BOOST_TEST(j.table == "complaint");
  ExpectReject(r.sink.rejects[0], path, 6, "recv_time", 4,
               "bad datetime: expected YYYY-MM-DD HH:MM:SS, got '2025-01-03 25:00:00'");
  BOOST_TEST(r.sink.rejects[0].record_id == "C3");
  ExpectReject(r.sink.rejects[1], path, 7, "", 0, "wrong number of fields: expected 6, got 5");
  ExpectReject(r.sink.rejects[2], path, 11, "complaint_id", 1, "duplicate primary key C2 (first seen at line 5)");
  BOOST_TEST(r.sink.rejects[2].record_id == "C2");
  ExpectReject(r.sink.rejects[3], path, 12, "category", 5, "empty required field");
  BOOST_TEST(r.sink.rejects[3].record_id == "C6");
  ExpectReject(r.sink.rejects[4], path, 13, "", 0,
               "malformed CSV: unexpected character 'x' after closing quote in column 6 "
               "(a quote inside a quoted field is written \"\")");
  ExpectReject(r.sink.rejects[5], path, 14, "", 0, "wrong number of fields: expected 6, got 7");

  BOOST_TEST(r.sink.rejects[0].ToText() ==
             path + ":6 [C3]: column 'recv_time': bad datetime: expected YYYY-MM-DD HH:MM:SS, got "
                    "'2025-01-03 25:00:00'");
}

BOOST_AUTO_TEST_CASE(unterminated_quote_rejected_at_its_start_line) {
  TempDir dir;
  std::string path = dir.Write("vbp_delivery.csv",
                               "delivery_id,order_id,delivered_qty,delivery_time\n"
                               "D1,O1,10,2025-01-01 08:00:00\n"
                               "D2,O1,\"5\n2025-01-02 08:00:00\n"
                               "D3,O1,1,2025-01-03 08:00:00\n");
  ReadResult r = Read(dir, tables::kVbpDelivery);
  BOOST_TEST_REQUIRE(r.status.ok());
  BOOST_TEST_REQUIRE(r.sink.records.size() == 1u);
  BOOST_TEST(r.sink.records[0].Dec(2).ToString() == "10.00");
  BOOST_TEST_REQUIRE(r.sink.rejects.size() == 1u);
  ExpectReject(r.sink.rejects[0], path, 3, "", 0, "malformed CSV: unterminated quoted field in column 3");
}

BOOST_AUTO_TEST_CASE(enum_alias_read_from_csv) {
  TempDir dir;
  dir.Write("trac_event.csv",
            "event_id,drug_trac_codg,event_type,event_time,fixmedins_code,hilist_code,psn_no,setl_id\n"
            "E1,81234560000000000001,3505,2025-03-04 10:20:30,P33028200017,,P001,S001\n"
            "E2,81234560000000000001,sale,2025-03-05 10:20:30,P33028200017,,P002,S002\n"
            "E3,81234560000000000001,3599,2025-03-06 10:20:30,P33028200017,,,\n");
  ReadResult r = Read(dir, tables::kTracEvent);
  BOOST_TEST_REQUIRE(r.status.ok());
  BOOST_TEST_REQUIRE(r.sink.records.size() == 2u);
  BOOST_TEST(r.sink.records[0].Str(2) == "sale");
  BOOST_TEST(r.sink.records[1].Str(2) == "sale");
  BOOST_TEST(r.sink.records[0].IsNull(5));
  BOOST_TEST_REQUIRE(r.sink.rejects.size() == 1u);
  BOOST_TEST(r.sink.rejects[0].line == 4);
  BOOST_TEST(r.sink.rejects[0].column == "event_type");
  BOOST_TEST(r.sink.rejects[0].column_number == 3);
}

BOOST_AUTO_TEST_CASE(malformed_header_is_not_an_empty_table) {
  // A header line that cannot be read leaves every column missing: the rows
  // below it must not vanish behind an "empty file" note.
  TempDir dir;
  std::string path = dir.Write("psn.csv", "psn_no,\"gend\"x,brdy,insutype,death_date\nP001,1,1980-05-06,310,\n");
  ReadResult r = Read(dir, tables::kPsn);
  BOOST_TEST(!r.status.ok());
  BOOST_TEST(r.status.message().find(path) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_an_error) {
  TempDir dir;
  fs::create_directory(dir.File("psn.csv"));  // exists, but cannot be read as a file
  ReadResult r = Read(dir, tables::kPsn);
  BOOST_TEST(!r.status.ok());
  BOOST_TEST(r.sink.records.empty());
}

BOOST_AUTO_TEST_CASE(describe_path_and_bytes_read) {
  TempDir dir;
  std::string content = "psn_no,gend,brdy,insutype,death_date\nP001,1,1980-05-06,310,\nP002,2,1985-01-01,390,2024-01-01\n";
  std::string path = dir.Write("psn.csv", content);
  CsvSource source(dir.str());
  BOOST_TEST(source.Describe() == dir.str());
  BOOST_TEST(source.TableLocation(Table(tables::kPsn)) == path);
  const RecordSource& port = source;
  BOOST_TEST(port.TableLocation(Table(tables::kPsn)) == path);
  CollectingSink sink;
  BOOST_TEST_REQUIRE(source.ReadTable(Table(tables::kPsn), sink).ok());
  BOOST_TEST(sink.records.size() == 2u);
  BOOST_TEST(sink.records[1].DateAt(4).ToString() == "2024-01-01");
  BOOST_TEST(source.bytes_read() == content.size());
  BOOST_TEST(source.notes().empty());
}

BOOST_AUTO_TEST_CASE(one_source_reads_several_tables) {
  TempDir dir;
  dir.Write("psn.csv", "psn_no,gend,brdy,insutype,death_date\nP001,1,1980-05-06,310,\n");
  dir.Write("fixmedins.csv",
            "fixmedins_code,fixmedins_name,fixmedins_type,medins_lv,admdvs,dual_channel_flag,opsp_flag\n"
            "H33028200001,慈溪市人民医院,1,3,330282,0,1\n"
            "P33028200017,某某大药房,2,0,33028,1,0\n");
  CsvSource source(dir.str());
  CollectingSink psn;
  CollectingSink fix;
  BOOST_TEST_REQUIRE(source.ReadTable(Table(tables::kPsn), psn).ok());
  BOOST_TEST_REQUIRE(source.ReadTable(Table(tables::kFixmedins), fix).ok());
  BOOST_TEST(psn.records.size() == 1u);
  BOOST_TEST_REQUIRE(fix.records.size() == 1u);
  BOOST_TEST(fix.records[0].Str(1) == "慈溪市人民医院");
  BOOST_TEST(fix.records[0].Int(3) == 3);
  BOOST_TEST_REQUIRE(fix.rejects.size() == 1u);
  BOOST_TEST(fix.rejects[0].column == "admdvs");
  BOOST_TEST(fix.rejects[0].line == 3);
  BOOST_TEST(fix.rejects[0].record_id == "P33028200017");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
