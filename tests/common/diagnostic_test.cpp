#include "engine/common/diagnostic.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace fundwatch {
namespace {

Diagnostic Make(int line, int column, int length = 1) {
  Diagnostic d;
  d.severity = Diagnostic::Severity::kError;
  d.location = SourceLocation{"file", line, column, length};
  d.code = "E-X";
  d.message = "message";
  return d;
}

BOOST_AUTO_TEST_SUITE(diagnostic)

BOOST_AUTO_TEST_CASE(renders_header_source_line_and_caret) {
  std::string out = RenderDiagnostic(Make(3, 7), "abcdefghij");
  BOOST_TEST(out ==
             "file:3:7: error: message [E-X]\n"
             "   3 | abcdefghij\n"
             "     |       ^\n");
}

BOOST_AUTO_TEST_CASE(caret_in_column_one) {
  std::string out = RenderDiagnostic(Make(3, 1), "abc");
  BOOST_TEST(out ==
             "file:3:1: error: message [E-X]\n"
             "   3 | abc\n"
             "     | ^\n");
}

BOOST_AUTO_TEST_CASE(underlines_the_length) {
  std::string out = RenderDiagnostic(Make(12, 9, 4), "  where e.code == 1");
  BOOST_TEST(out ==
             "file:12:9: error: message [E-X]\n"
             "  12 |   where e.code == 1\n"
             "     |         ^~~~\n");
}

BOOST_AUTO_TEST_CASE(caret_shifted_by_display_width_of_chinese) {
  // 费 用 ␠ x: column 4 is the 'x', three code points of display width 5 before it.
  std::string out = RenderDiagnostic(Make(3, 4), "费用 x");
  BOOST_TEST(out ==
             "file:3:4: error: message [E-X]\n"
             "   3 | 费用 x\n"
             "     |      ^\n");

  Diagnostic d = Make(2, 8, 2);
  d.message = "未知字段";
  std::string zh = RenderDiagnostic(d, "where 收费 > 0");
  // "where " is 6 narrow, '收' wide: column 8 ('费') starts at display offset 8;
  // the underline spans the display width of the 2 characters '费' and ' ': 3.
  BOOST_TEST(zh ==
             "file:2:8: error: 未知字段 [E-X]\n"
             "   2 | where 收费 > 0\n"
             "     |         ^~~\n");
}

BOOST_AUTO_TEST_CASE(wide_gutter_for_long_line_numbers) {
  std::string out = RenderDiagnostic(Make(12345, 2), "ab");
  BOOST_TEST(out ==
             "file:12345:2: error: message [E-X]\n"
             "12345 | ab\n"
             "      |  ^\n");
}

BOOST_AUTO_TEST_CASE(without_source_line_only_the_header) {
  BOOST_TEST(RenderDiagnostic(Make(3, 7), "") == "file:3:7: error: message [E-X]\n");
}

BOOST_AUTO_TEST_CASE(unknown_line_or_column_are_left_out) {
  BOOST_TEST(RenderDiagnostic(Make(0, 0), "ignored") == "file: error: message [E-X]\n");
  std::string no_col = RenderDiagnostic(Make(5, 0), "abc");
  BOOST_TEST(no_col ==
             "file:5: error: message [E-X]\n"
             "   5 | abc\n"
             "     | ^\n");
}

BOOST_AUTO_TEST_CASE(severity_and_missing_code) {
  Diagnostic w = Make(1, 1);
  w.severity = Diagnostic::Severity::kWarning;
  w.code.clear();
  BOOST_TEST(RenderDiagnostic(w, "") == "file:1:1: warning: message\n");
  Diagnostic n = Make(1, 1);
  n.severity = Diagnostic::Severity::kNote;
  BOOST_TEST(RenderDiagnostic(n, "") == "file:1:1: note: message [E-X]\n");
}

BOOST_AUTO_TEST_CASE(bag_counts_errors_only) {
  DiagnosticBag bag;
  BOOST_TEST(!bag.HasErrors());
  BOOST_TEST(bag.ErrorCount() == 0);
  Diagnostic w = Make(1, 1);
  w.severity = Diagnostic::Severity::kWarning;
  bag.Add(w);
  BOOST_TEST(!bag.HasErrors());
  bag.Add(Make(2, 1));
  bag.Add(Make(3, 1));
  BOOST_TEST(bag.HasErrors());
  BOOST_TEST(bag.ErrorCount() == 2);
  BOOST_TEST(bag.items().size() == 3u);
  BOOST_TEST(bag.items()[1].location.line == 2);  // kept in order of addition
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
