#include "engine/common/json.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace fundwatch {
namespace {

using namespace std::string_view_literals;

std::string Quoted(std::string_view text) {
  std::string out;
  AppendJsonString(&out, text);
  return out;
}

BOOST_AUTO_TEST_SUITE(json)

BOOST_AUTO_TEST_CASE(plain_text_is_quoted) {
  BOOST_TEST(Quoted("") == R"("")");
  BOOST_TEST(Quoted("abc 123") == R"("abc 123")");
  BOOST_TEST(Quoted("a/b") == R"("a/b")");
}

BOOST_AUTO_TEST_CASE(escapes_quotes_and_backslashes) {
  BOOST_TEST(Quoted(R"(say "hi")") == R"("say \"hi\"")");
  BOOST_TEST(Quoted(R"(C:\data\x.csv)") == R"("C:\\data\\x.csv")");
  BOOST_TEST(Quoted(R"(\")") == R"("\\\"")");
}

BOOST_AUTO_TEST_CASE(escapes_line_breaks_and_tabs) {
  BOOST_TEST(Quoted("a\nb") == R"("a\nb")");
  BOOST_TEST(Quoted("a\r\nb") == R"("a\r\nb")");
  BOOST_TEST(Quoted("a\tb") == R"("a\tb")");
}

BOOST_AUTO_TEST_CASE(escapes_other_control_characters) {
  BOOST_TEST(Quoted("\x01") == R"("\u0001")");
  BOOST_TEST(Quoted("\x1f") == R"("\u001f")");
  BOOST_TEST(Quoted("\b\f") == R"("\u0008\u000c")");
  BOOST_TEST(Quoted("a\0b"sv) == R"("a\u0000b")");
  BOOST_TEST(Quoted("\x7f") == "\"\x7f\"");  // DEL needs no escape in JSON
  BOOST_TEST(Quoted(" ") == R"(" ")");
}

BOOST_AUTO_TEST_CASE(chinese_is_left_untouched) {
  BOOST_TEST(Quoted("超量开药：阿莫西林") == "\"超量开药：阿莫西林\"");
  BOOST_TEST(Quoted("明确违规\n可疑") == "\"明确违规\\n可疑\"");
}

BOOST_AUTO_TEST_CASE(appends_without_clearing) {
  std::string out = "[";
  AppendJsonString(&out, "x");
  out += ',';
  AppendJsonString(&out, "y");
  BOOST_TEST(out == R"(["x","y")");
}

BOOST_AUTO_TEST_CASE(object_writer_keeps_key_order) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Str("zeta", "1").Int("alpha", -5).Raw("mid", R"([1,{"a":2}])").Str("empty", "");
  w.Close();
  BOOST_TEST(out == R"({"zeta":"1","alpha":-5,"mid":[1,{"a":2}],"empty":""})");
}

BOOST_AUTO_TEST_CASE(object_writer_empty_and_escaped_keys) {
  std::string empty;
  JsonObjectWriter(&empty).Close();
  BOOST_TEST(empty == "{}");

  std::string out = "prefix ";
  JsonObjectWriter w(&out);
  w.Str("k\"ey", "v\\al").Int("n", std::numeric_limits<int64_t>::min());
  w.Close();
  BOOST_TEST(out == R"(prefix {"k\"ey":"v\\al","n":-9223372036854775808})");
}

BOOST_AUTO_TEST_CASE(object_writer_nests_through_raw) {
  std::string inner;
  JsonObjectWriter in(&inner);
  in.Str("psn_no", "P001");
  in.Close();
  std::string out;
  JsonObjectWriter w(&out);
  w.Str("rule_id", "TRC-DUP").Raw("key", inner).Int("count", 2);
  w.Close();
  BOOST_TEST(out == R"({"rule_id":"TRC-DUP","key":{"psn_no":"P001"},"count":2})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
