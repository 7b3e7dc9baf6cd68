#include "engine/data/row_builder.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {
namespace {

using Row = std::vector<std::string>;

std::vector<int> Identity(TableId table) {
  std::vector<int> cols(Table(table).fields.size());
  std::iota(cols.begin(), cols.end(), 0);
  return cols;
}

int Idx(TableId table, std::string_view field) {
  int i = Table(table).FieldIndex(field);
  BOOST_TEST_REQUIRE(i >= 0);
  return i;
}

// A valid fee_list row, fields in contract order.
Row FeeRow(const std::string& sn = "F001") {
  return {sn,    "S001",   "P001", "H33028200001", "2025-03-04 10:20:30", "XA10BAA045A001010100123",
          "2.5", "12.50", "31.25", "30",            "0",                   "8123456000000000001|8123456000000000002"};
}

Row HilistRow(const std::string& code, const std::string& begn, const std::string& end) {
  return {code, "阿莫西林胶囊", "1", "乙", "", "", "", "", "", "", "", "", "0", "0", "0", begn, end};
}

Row FixmedinsRow() { return {"H33028200001", "慈溪市人民医院", "1", "2", "330282", "0", "1"}; }

Row PsnRow() { return {"P001", "1", "1980-05-06", "310", ""}; }

Row TracRow() {
  return {"E001", "81234560000000000001", "3505", "2025-03-04 10:20:30", "P33028200017", "", "P001", "S001"};
}

struct Outcome {
  bool ok = false;
  Record record;
  Reject reject;
};

Outcome Build(RowBuilder& builder, const Row& row, int64_t line = 2) {
  std::vector<std::string_view> views(row.begin(), row.end());
  Outcome out;
  out.ok = builder.Build(views, line, &out.record, &out.reject);
  return out;
}

// Builds `row` with a fresh builder over the table's identity column order.
Outcome BuildOne(TableId table, const Row& row) {
  RowBuilder builder(Table(table), Identity(table));
  return Build(builder, row);
}

void ExpectReject(const Outcome& o, const std::string& column, int column_number, const std::string& reason) {
  BOOST_TEST(!o.ok);
  BOOST_TEST(o.reject.column == column);
  BOOST_TEST(o.reject.column_number == column_number);
  BOOST_TEST(o.reject.reason == reason);
}

BOOST_AUTO_TEST_SUITE(row_builder)

BOOST_AUTO_TEST_CASE(builds_typed_record) {
  Outcome o = BuildOne(tables::kFeeList, FeeRow());
  BOOST_TEST_REQUIRE(o.ok);
  const Record& r = o.record;
  const TableId t = tables::kFeeList;
  BOOST_TEST(r.table() == t);
  BOOST_TEST(r.Str(Idx(t, "feedetl_sn")) == "F001");
  BOOST_TEST(r.TimeAt(Idx(t, "fee_ocur_time")).ToString() == "2025-03-04 10:20:30");
  BOOST_TEST(r.Dec(Idx(t, "cnt")).units() == 25000);
  BOOST_TEST(r.Dec(Idx(t, "pric")).units() == 125000);
  BOOST_TEST(r.Dec(Idx(t, "det_item_fee_sumamt")).ToString() == "31.25");
  BOOST_TEST(r.Int(Idx(t, "prd_days")) == 30);
  BOOST_TEST(r.Int(Idx(t, "long_rx_flag")) == 0);
  std::vector<std::string> codes;
  for (std::string_view c : r.List(Idx(t, "drug_trac_codg"))) codes.emplace_back(c);
  BOOST_TEST(codes == (std::vector<std::string>{"8123456000000000001", "8123456000000000002"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.KeyString() == "F001");
}

BOOST_AUTO_TEST_CASE(nullable_empty_fields_are_null) {
  Row row = FeeRow();
  row[Idx(tables::kFeeList, "prd_days")] = "";
  row[Idx(tables::kFeeList, "drug_trac_codg")] = "";
  Outcome o = BuildOne(tables::kFeeList, row);
  BOOST_TEST_REQUIRE(o.ok);
  BOOST_TEST(o.record.IsNull(Idx(tables::kFeeList, "prd_days")));
  BOOST_TEST(o.record.IsNull(Idx(tables::kFeeList, "drug_trac_codg")));
  BOOST_TEST(!o.record.IsNull(Idx(tables::kFeeList, "long_rx_flag")));
}

BOOST_AUTO_TEST_CASE(enum_alias_is_stored_as_code) {
  Outcome o = BuildOne(tables::kTracEvent, TracRow());
  BOOST_TEST_REQUIRE(o.ok);
  BOOST_TEST(o.record.Str(Idx(tables::kTracEvent, "event_type")) == "sale");
  BOOST_TEST(o.record.Format(Idx(tables::kTracEvent, "event_type")) == "sale");
  BOOST_TEST(o.record.IsNull(Idx(tables::kTracEvent, "hilist_code")));
}

BOOST_AUTO_TEST_CASE(rejects_wrong_enum) {
  Row row = TracRow();
  row[2] = "sell";
  Outcome o = BuildOne(tables::kTracEvent, row);
  ExpectReject(o, "event_type", 3,
               "bad enum value: expected one of purchase_in (3503), purchase_return (3504), sale (3505), "
               "sale_return (3506), got 'sell'");
  BOOST_TEST(o.reject.record_id == "E001");
}

BOOST_AUTO_TEST_CASE(rejects_bad_date) {
  Row row = PsnRow();
  row[2] = "1980-02-30";
  ExpectReject(BuildOne(tables::kPsn, row), "brdy", 3, "bad date: expected YYYY-MM-DD, got '1980-02-30'");
}

BOOST_AUTO_TEST_CASE(rejects_bad_datetime) {
  Row row = FeeRow();
  row[4] = "2025-03-04 10:20";
  Outcome o = BuildOne(tables::kFeeList, row);
  ExpectReject(o, "fee_ocur_time", 5, "bad datetime: expected YYYY-MM-DD HH:MM:SS, got '2025-03-04 10:20'");
  BOOST_TEST(o.reject.record_id == "F001");
}

BOOST_AUTO_TEST_CASE(rejects_bad_number) {
  Row row = FeeRow();
  row[9] = "30天";
  ExpectReject(BuildOne(tables::kFeeList, row), "prd_days", 10,
               "bad number: expected a whole number, got '30天'");
}

BOOST_AUTO_TEST_CASE(rejects_decimal_with_five_places) {
  Row row = FeeRow();
  row[7] = "12.50001";
  ExpectReject(BuildOne(tables::kFeeList, row), "pric", 8,
               "bad number: expected a decimal with at most 4 fraction digits, got '12.50001'");
}

BOOST_AUTO_TEST_CASE(rejects_int_out_of_range) {
  Row row = FixmedinsRow();
  row[3] = "4";
  ExpectReject(BuildOne(tables::kFixmedins, row), "medins_lv", 4, "bad number: 4 is out of range [0, 3]");
}

BOOST_AUTO_TEST_CASE(rejects_empty_required_field) {
  Row row = FeeRow();
  row[5] = "";
  ExpectReject(BuildOne(tables::kFeeList, row), "hilist_code", 6, "empty required field");
}

BOOST_AUTO_TEST_CASE(keeps_empty_list_element) {
  Row row = FeeRow();
  row[11] = "a||b";
  Outcome b = BuildOne(tables::kFeeList, row);
  BOOST_TEST_REQUIRE(b.ok);
  BOOST_TEST(b.record.Str(11) == "a||b");
}

BOOST_AUTO_TEST_CASE(rejects_invalid_utf8) {
  Row row = FeeRow();
  row[2] = "P\xC0\xAF";
  ExpectReject(BuildOne(tables::kFeeList, row), "psn_no", 3, "invalid UTF-8");
}

BOOST_AUTO_TEST_CASE(rejects_wrong_length_admdvs) {
  Row row = FixmedinsRow();
  row[4] = "33028";
  Outcome o = BuildOne(tables::kFixmedins, row);
  ExpectReject(o, "admdvs", 5, "bad value: expected 6 characters, got '33028'");
  BOOST_TEST(o.reject.record_id == "H33028200001");
}

BOOST_AUTO_TEST_CASE(rejects_enddate_before_begndate) {
  Outcome o = BuildOne(tables::kHilist, HilistRow("X001", "2024-06-01", "2024-05-31"));
  ExpectReject(o, "enddate", 17, "bad date: enddate 2024-05-31 is before begndate 2024-06-01");
  BOOST_TEST(o.reject.record_id == "X001/2024-06-01");
  // opsp_reg declares the same interval.
  Row reg = {"R1", "P001", "M03900", "高血压", "H33028200001", "2025-01-02", "2025-01-01", "1"};
  ExpectReject(BuildOne(tables::kOpspReg, reg), "enddate", 7,
               "bad date: enddate 2025-01-01 is before begndate 2025-01-02");
}

BOOST_AUTO_TEST_CASE(accepts_one_day_and_open_intervals) {
  BOOST_TEST(BuildOne(tables::kHilist, HilistRow("X001", "2024-06-01", "2024-06-01")).ok);
  Outcome open = BuildOne(tables::kHilist, HilistRow("X001", "2024-06-01", ""));
  BOOST_TEST_REQUIRE(open.ok);
  BOOST_TEST(open.record.IsNull(16));
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_primary_key_with_first_line) {
  RowBuilder builder(Table(tables::kFeeList), Identity(tables::kFeeList));
  BOOST_TEST(Build(builder, FeeRow("F1"), 2).ok);
  BOOST_TEST(Build(builder, FeeRow("F2"), 3).ok);
  Outcome dup = Build(builder, FeeRow("F1"), 7);
  ExpectReject(dup, "feedetl_sn", 1, "duplicate primary key F1 (first seen at line 2)");
  BOOST_TEST(dup.reject.record_id == "F1");
  Outcome dup2 = Build(builder, FeeRow("F2"), 9);
  BOOST_TEST(dup2.reject.reason == "duplicate primary key F2 (first seen at line 3)");
  // A third occurrence still points at the first.
  Outcome dup3 = Build(builder, FeeRow("F1"), 11);
  BOOST_TEST(dup3.reject.reason == "duplicate primary key F1 (first seen at line 2)");
  BOOST_TEST(builder.distinct_keys() == 2u);
}

BOOST_AUTO_TEST_CASE(duplicate_key_spans_all_key_fields) {
  RowBuilder builder(Table(tables::kHilist), Identity(tables::kHilist));
  BOOST_TEST(Build(builder, HilistRow("X001", "2024-01-01", "2024-06-30"), 2).ok);
  BOOST_TEST(Build(builder, HilistRow("X001", "2024-07-01", ""), 3).ok);  // same code, new period
  BOOST_TEST(Build(builder, HilistRow("X002", "2024-01-01", ""), 4).ok);
  Outcome dup = Build(builder, HilistRow("X001", "2024-07-01", "2025-01-01"), 5);
  ExpectReject(dup, "hilist_code", 1, "duplicate primary key X001/2024-07-01 (first seen at line 3)");
  BOOST_TEST(dup.reject.record_id == "X001/2024-07-01");
  BOOST_TEST(builder.distinct_keys() == 3u);
}

BOOST_AUTO_TEST_CASE(rejected_row_does_not_claim_its_key) {
  RowBuilder builder(Table(tables::kFeeList), Identity(tables::kFeeList));
  Row bad = FeeRow("F1");
  bad[6] = "x";
  BOOST_TEST(!Build(builder, bad, 2).ok);
  Outcome good = Build(builder, FeeRow("F1"), 3);
  BOOST_TEST(good.ok);
  Outcome dup = Build(builder, FeeRow("F1"), 4);
  BOOST_TEST(dup.reject.reason == "duplicate primary key F1 (first seen at line 3)");
}

BOOST_AUTO_TEST_CASE(records_equal_whatever_the_source_column_order) {
  const TableId t = tables::kFeeList;
  Row canonical = FeeRow();
  Outcome a = BuildOne(t, canonical);
  BOOST_TEST_REQUIRE(a.ok);

  // The same row with columns reversed, plus an extra column at the front.
  const int n = static_cast<int>(canonical.size());
  std::vector<int> cols(n);
  Row permuted(n + 1, "ignored");
  for (int f = 0; f < n; ++f) {
    cols[f] = n - f;  // field f sits at position n - f
    permuted[n - f] = canonical[f];
  }
  RowBuilder builder(Table(t), cols);
  Outcome b = Build(builder, permuted);
  BOOST_TEST_REQUIRE(b.ok);
  BOOST_TEST((a.record == b.record));
  for (int f = 0; f < n; ++f) BOOST_TEST(a.record.Format(f) == b.record.Format(f));

  // A rotation, too.
  std::vector<int> rot(n);
  Row rotated(n);
  for (int f = 0; f < n; ++f) {
    rot[f] = (f + 5) % n;
    rotated[(f + 5) % n] = canonical[f];
  }
  RowBuilder rot_builder(Table(t), rot);
  Outcome c = Build(rot_builder, rotated);
  BOOST_TEST_REQUIRE(c.ok);
  BOOST_TEST((a.record == c.record));
}

BOOST_AUTO_TEST_CASE(column_number_follows_the_source_position) {
  const TableId t = tables::kFeeList;
  Row canonical = FeeRow();
  canonical[7] = "bad";
  const int n = static_cast<int>(canonical.size());
  std::vector<int> cols(n);
  Row permuted(n);
  for (int f = 0; f < n; ++f) {
    cols[f] = n - 1 - f;
    permuted[n - 1 - f] = canonical[f];
  }
  RowBuilder builder(Table(t), cols);
  Outcome o = Build(builder, permuted);
  ExpectReject(o, "pric", n - 7, "bad number: expected a decimal with at most 4 fraction digits, got 'bad'");
  BOOST_TEST(o.reject.record_id == "F001");
}

BOOST_AUTO_TEST_CASE(missing_nullable_source_column_reads_null) {
  const TableId t = tables::kFeeList;
  std::vector<int> cols = Identity(t);
  cols[Idx(t, "prd_days")] = -1;
  cols[Idx(t, "drug_trac_codg")] = -1;
  Row row = FeeRow();
  row[9] = "not a number";  // positions no field maps to are never read
  row[11] = "||";
  RowBuilder builder(Table(t), cols);
  Outcome o = Build(builder, row);
  BOOST_TEST_REQUIRE(o.ok);
  BOOST_TEST(o.record.IsNull(Idx(t, "prd_days")));
  BOOST_TEST(o.record.IsNull(Idx(t, "drug_trac_codg")));
  BOOST_TEST(o.record.Int(Idx(t, "long_rx_flag")) == 0);
}

BOOST_AUTO_TEST_CASE(reject_renders_as_json_and_text) {
  Row row = FeeRow();
  row[7] = "1.23456";
  Outcome o = BuildOne(tables::kFeeList, row);
  BOOST_TEST_REQUIRE(!o.ok);
  Reject r = o.reject;
  r.table = "fee_list";
  r.file = "data/fee_list.csv";
  r.line = 4;
  BOOST_TEST(r.ToJson() ==
             R"({"file":"data/fee_list.csv","table":"fee_list","line":4,"record_id":"F001","column":"pric",)"
             R"("column_number":8,"reason":"bad number: expected a decimal with at most 4 fraction digits, got '1.23456'"})");
  BOOST_TEST(r.ToText() ==
             "data/fee_list.csv:4 [F001]: column 'pric': bad number: expected a decimal with at most 4 fraction "
             "digits, got '1.23456'");

  Reject whole;
  whole.table = "setl";
  whole.reason = "wrong \"number\" of fields";
  BOOST_TEST(whole.ToJson() == R"({"table":"setl","reason":"wrong \"number\" of fields"})");
  BOOST_TEST(whole.ToText() == "setl: wrong \"number\" of fields");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
