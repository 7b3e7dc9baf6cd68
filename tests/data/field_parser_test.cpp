#include "engine/data/field_parser.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "engine/common/utf8.h"

namespace fundwatch {
namespace {

using namespace std::string_view_literals;

struct Parsed {
  bool ok = false;
  std::string reason;
  Record record;
  int index = -1;
};

// Parses `text` into field `field` of a fresh record of `table`.
Parsed Parse(TableId table, std::string_view field, std::string_view text) {
  Parsed p;
  p.record = Record(table);
  p.index = Table(table).FieldIndex(field);
  BOOST_TEST_INFO("field " << field);
  BOOST_TEST_REQUIRE(p.index >= 0);
  p.ok = ParseField(Table(table).fields[p.index], text, p.index, &p.record, &p.reason);
  return p;
}

// The rejection reason; fails the test when the text was accepted.
std::string Reason(TableId table, std::string_view field, std::string_view text) {
  Parsed p = Parse(table, field, text);
  BOOST_TEST_INFO("field " << field << " text '" << text << "'");
  BOOST_TEST(!p.ok);
  return p.reason;
}

BOOST_AUTO_TEST_SUITE(field_parser)

BOOST_AUTO_TEST_CASE(string_kept_verbatim) {
  Parsed p = Parse(tables::kComplaint, "content", " 收费不合理, \"重复收费\" ");
  BOOST_TEST_REQUIRE(p.ok);
  BOOST_TEST(p.record.Str(p.index) == " 收费不合理, \"重复收费\" ");
}

BOOST_AUTO_TEST_CASE(empty_nullable_field_is_null) {
  const std::pair<TableId, const char*> nullable[] = {
      {tables::kFeeList, "prd_days"},      {tables::kFeeList, "drug_trac_codg"},
      {tables::kHilist, "pric_uplmt_amt"}, {tables::kHilist, "gender_lmt"},
      {tables::kHilist, "enddate"},        {tables::kVbpOrder, "cancel_time"},
      {tables::kSetl, "rxno"},
  };
  for (auto [table, field] : nullable) {
    Parsed p = Parse(table, field, "");
    BOOST_TEST_INFO("field " << field);
    BOOST_TEST(p.ok);
    BOOST_TEST(p.record.IsNull(p.index));
  }
}

BOOST_AUTO_TEST_CASE(empty_required_field_is_rejected) {
  BOOST_TEST(Reason(tables::kFeeList, "feedetl_sn", "") == "empty required field");
  BOOST_TEST(Reason(tables::kFeeList, "cnt", "") == "empty required field");
  BOOST_TEST(Reason(tables::kSetl, "dx_codes", "") == "empty required field");
  BOOST_TEST(Reason(tables::kSetl, "setl_time", "") == "empty required field");
  BOOST_TEST(Reason(tables::kSetl, "refd_setl_flag", "") == "empty required field");
  BOOST_TEST(Reason(tables::kPsn, "gend", "") == "empty required field");
}

BOOST_AUTO_TEST_CASE(enum_value_stored_as_its_code) {
  Parsed p = Parse(tables::kSetl, "med_type", "21");
  BOOST_TEST_REQUIRE(p.ok);
  BOOST_TEST(p.record.Str(p.index) == "21");
  Parsed lv = Parse(tables::kHilist, "hilist_lv", "丙");
  BOOST_TEST_REQUIRE(lv.ok);
  BOOST_TEST(lv.record.Str(lv.index) == "丙");
}

BOOST_AUTO_TEST_CASE(enum_alias_stored_as_code) {
  Parsed alias = Parse(tables::kTracEvent, "event_type", "3505");
  BOOST_TEST_REQUIRE(alias.ok);
  BOOST_TEST(alias.record.Str(alias.index) == "sale");
  Parsed code = Parse(tables::kTracEvent, "event_type", "sale");
  BOOST_TEST_REQUIRE(code.ok);
  BOOST_TEST((alias.record == code.record));
  Parsed cancel = Parse(tables::kMdtrtEvent, "event_type", "2202");
  BOOST_TEST_REQUIRE(cancel.ok);
  BOOST_TEST(cancel.record.Str(cancel.index) == "cancel");
}

BOOST_AUTO_TEST_CASE(wrong_enum_value_is_rejected) {
  BOOST_TEST(Reason(tables::kFixmedins, "fixmedins_type", "3") == "bad enum value: expected one of 1, 2, got '3'");
  BOOST_TEST(Reason(tables::kSetl, "med_type", "12") ==
             "bad enum value: expected one of 11, 13, 14, 21, 41, got '12'");
  BOOST_TEST(Reason(tables::kTracEvent, "event_type", "Sale") ==
             "bad enum value: expected one of purchase_in (3503), purchase_return (3504), sale (3505), "
             "sale_return (3506), got 'Sale'");
  BOOST_TEST(Reason(tables::kTracEvent, "event_type", "3507") ==
             "bad enum value: expected one of purchase_in (3503), purchase_return (3504), sale (3505), "
             "sale_return (3506), got '3507'");
  BOOST_TEST(Reason(tables::kHilist, "hilist_lv", "丁") == "bad enum value: expected one of 甲, 乙, 丙, got '丁'");
  BOOST_TEST(Reason(tables::kPsn, "gend", " 1") == "bad enum value: expected one of 1, 2, got ' 1'");
}

BOOST_AUTO_TEST_CASE(flag_accepts_only_0_and_1) {
  Parsed one = Parse(tables::kSetl, "refd_setl_flag", "1");
  BOOST_TEST_REQUIRE(one.ok);
  BOOST_TEST(one.record.Int(one.index) == 1);
  Parsed zero = Parse(tables::kSetl, "refd_setl_flag", "0");
  BOOST_TEST_REQUIRE(zero.ok);
  BOOST_TEST(zero.record.Int(zero.index) == 0);
  BOOST_TEST(!zero.record.IsNull(zero.index));
  BOOST_TEST(Reason(tables::kSetl, "refd_setl_flag", "2") == "bad enum value: expected 0 or 1, got '2'");
  BOOST_TEST(Reason(tables::kSetl, "refd_setl_flag", "01") == "bad enum value: expected 0 or 1, got '01'");
  BOOST_TEST(Reason(tables::kSetl, "refd_setl_flag", "Y") == "bad enum value: expected 0 or 1, got 'Y'");
}

BOOST_AUTO_TEST_CASE(int_parses_whole_numbers) {
  Parsed p = Parse(tables::kFeeList, "prd_days", "30");
  BOOST_TEST_REQUIRE(p.ok);
  BOOST_TEST(p.record.Int(p.index) == 30);
  Parsed plus = Parse(tables::kFeeList, "prd_days", "+7");
  BOOST_TEST_REQUIRE(plus.ok);
  BOOST_TEST(plus.record.Int(plus.index) == 7);
  Parsed lv = Parse(tables::kFixmedins, "medins_lv", "3");
  BOOST_TEST_REQUIRE(lv.ok);
  BOOST_TEST(lv.record.Int(lv.index) == 3);
  Parsed zero = Parse(tables::kFixmedins, "medins_lv", "0");
  BOOST_TEST_REQUIRE(zero.ok);
  BOOST_TEST(!zero.record.IsNull(zero.index));
}

BOOST_AUTO_TEST_CASE(bad_int_is_rejected) {
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", "abc") == "bad number: expected a whole number, got 'abc'");
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", "7.0") == "bad number: expected a whole number, got '7.0'");
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", " 7") == "bad number: expected a whole number, got ' 7'");
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", "7 ") == "bad number: expected a whole number, got '7 '");
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", "+") == "bad number: expected a whole number, got '+'");
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", "99999999999999999999") ==
             "bad number: expected a whole number, got '99999999999999999999'");
  BOOST_TEST(Reason(tables::kErx, "vali_days", "1e2") == "bad number: expected a whole number, got '1e2'");
}

BOOST_AUTO_TEST_CASE(int_with_two_signs_is_rejected) {
  // "+-0" is not a whole number; only one optional sign is allowed.
  BOOST_TEST(!Parse(tables::kFixmedins, "medins_lv", "+-0").ok);
  BOOST_TEST(!Parse(tables::kFeeList, "prd_days", "+-0").ok);
  BOOST_TEST(!Parse(tables::kFeeList, "prd_days", "++1").ok);
}

BOOST_AUTO_TEST_CASE(int_out_of_range_is_rejected) {
  BOOST_TEST(Reason(tables::kFixmedins, "medins_lv", "4") == "bad number: 4 is out of range [0, 3]");
  BOOST_TEST(Reason(tables::kFixmedins, "medins_lv", "-1") == "bad number: -1 is out of range [0, 3]");
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", "-1") == "bad number: -1 is out of range [0, ]");
  BOOST_TEST(Reason(tables::kHilist, "age_max", "201") == "bad number: 201 is out of range [0, 200]");
}

BOOST_AUTO_TEST_CASE(decimal_parses_exactly) {
  Parsed p = Parse(tables::kFeeList, "pric", "12.5");
  BOOST_TEST_REQUIRE(p.ok);
  BOOST_TEST(p.record.Dec(p.index).units() == 125000);
  Parsed q = Parse(tables::kFeeList, "pric", "0.0001");
  BOOST_TEST_REQUIRE(q.ok);
  BOOST_TEST(q.record.Dec(q.index).units() == 1);
  Parsed neg = Parse(tables::kSetl, "fund_pay_sumamt", "-3.25");
  BOOST_TEST_REQUIRE(neg.ok);
  BOOST_TEST(neg.record.Format(neg.index) == "-3.25");
}

BOOST_AUTO_TEST_CASE(bad_decimal_is_rejected) {
  BOOST_TEST(Reason(tables::kFeeList, "pric", "1.23456") ==
             "bad number: expected a decimal with at most 4 fraction digits, got '1.23456'");
  BOOST_TEST(Reason(tables::kFeeList, "pric", "1e3") ==
             "bad number: expected a decimal with at most 4 fraction digits, got '1e3'");
  BOOST_TEST(Reason(tables::kFeeList, "pric", "1,000.00") ==
             "bad number: expected a decimal with at most 4 fraction digits, got '1,000.00'");
  BOOST_TEST(Reason(tables::kFeeList, "cnt", "abc") ==
             "bad number: expected a decimal with at most 4 fraction digits, got 'abc'");
}

BOOST_AUTO_TEST_CASE(date_and_datetime) {
  Parsed d = Parse(tables::kPsn, "brdy", "2000-02-29");
  BOOST_TEST_REQUIRE(d.ok);
  BOOST_TEST(d.record.DateAt(d.index).ToString() == "2000-02-29");
  Parsed t = Parse(tables::kSetl, "setl_time", "2025-03-04 05:06:07");
  BOOST_TEST_REQUIRE(t.ok);
  BOOST_TEST(t.record.TimeAt(t.index).ToString() == "2025-03-04 05:06:07");
}

BOOST_AUTO_TEST_CASE(bad_date_is_rejected) {
  BOOST_TEST(Reason(tables::kPsn, "brdy", "2023-02-29") == "bad date: expected YYYY-MM-DD, got '2023-02-29'");
  BOOST_TEST(Reason(tables::kPsn, "brdy", "2025/01/01") == "bad date: expected YYYY-MM-DD, got '2025/01/01'");
  BOOST_TEST(Reason(tables::kHilist, "enddate", "2025-1-1") == "bad date: expected YYYY-MM-DD, got '2025-1-1'");
}

BOOST_AUTO_TEST_CASE(bad_datetime_is_rejected) {
  BOOST_TEST(Reason(tables::kSetl, "setl_time", "2025-01-01T00:00:00") ==
             "bad datetime: expected YYYY-MM-DD HH:MM:SS, got '2025-01-01T00:00:00'");
  BOOST_TEST(Reason(tables::kSetl, "setl_time", "2025-01-01") ==
             "bad datetime: expected YYYY-MM-DD HH:MM:SS, got '2025-01-01'");
  BOOST_TEST(Reason(tables::kVbpOrder, "cancel_time", "2025-01-01 24:00:00") ==
             "bad datetime: expected YYYY-MM-DD HH:MM:SS, got '2025-01-01 24:00:00'");
}

BOOST_AUTO_TEST_CASE(list_is_checked_and_kept) {
  Parsed p = Parse(tables::kSetl, "dx_codes", "I10|E11.9|J45");
  BOOST_TEST_REQUIRE(p.ok);
  ListView v = p.record.List(p.index);
  BOOST_TEST(v.size() == 3u);
  BOOST_TEST(v.Contains("E11.9"));
  BOOST_TEST(*v.begin() == "I10");  // main diagnosis first
  // An empty element is data, not an unreadable row: the contract's reject
  // reasons do not include it, and TRC-FMT must see an empty scanned code.
  Parsed empty = Parse(tables::kFeeList, "drug_trac_codg", "12345678901234567890||a");
  BOOST_TEST_REQUIRE(empty.ok);
  ListView codes = empty.record.List(empty.index);
  BOOST_TEST(codes.size() == 3u);
  BOOST_TEST(codes.Contains(""));
  BOOST_TEST(Parse(tables::kSetl, "dx_codes", "a|").ok);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_rejected) {
  BOOST_TEST(Reason(tables::kComplaint, "content", "abc\xE4\xB8"sv) == "invalid UTF-8");
  BOOST_TEST(Reason(tables::kComplaint, "content", "\xC0\xAF"sv) == "invalid UTF-8");
  BOOST_TEST(Reason(tables::kSetl, "dx_codes", "I10|\xFF"sv) == "invalid UTF-8");
  BOOST_TEST(Reason(tables::kSetl, "rxno", "\xED\xA0\x80"sv) == "invalid UTF-8");
}

BOOST_AUTO_TEST_CASE(fixed_length_counts_characters) {
  Parsed p = Parse(tables::kFixmedins, "admdvs", "330282");
  BOOST_TEST_REQUIRE(p.ok);
  BOOST_TEST(p.record.Str(p.index) == "330282");
  BOOST_TEST(Parse(tables::kFixmedins, "admdvs", "浙江宁波慈溪").ok);  // 6 characters, 18 bytes
  BOOST_TEST(Reason(tables::kFixmedins, "admdvs", "33028") == "bad value: expected 6 characters, got '33028'");
  BOOST_TEST(Reason(tables::kFixmedins, "admdvs", "3302820") == "bad value: expected 6 characters, got '3302820'");
}

BOOST_AUTO_TEST_CASE(long_offending_text_is_shortened) {
  std::string text(50, '9');
  text += "x";
  BOOST_TEST(Reason(tables::kFeeList, "prd_days", text) ==
             "bad number: expected a whole number, got '" + std::string(40, '9') + "...'");
}

BOOST_AUTO_TEST_CASE(shortened_chinese_text_stays_valid_utf8) {
  // Reasons end up in REJECTS.jsonl, which must be valid UTF-8: shortening
  // must not cut a multi-byte character in half.
  std::string text;
  for (int i = 0; i < 50; ++i) text += "天";  // 50 characters (150 bytes): more than the 40 shown
  std::string reason = Reason(tables::kFeeList, "prd_days", text);
  BOOST_TEST(reason.starts_with("bad number: expected a whole number, got '天天天"));
  BOOST_TEST(reason.ends_with("...'"));
  BOOST_TEST(IsValidUtf8(reason));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
