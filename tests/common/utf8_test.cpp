#include "engine/common/utf8.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace fundwatch {
namespace {

using namespace std::string_view_literals;

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(accepts_well_formed_text) {
  const std::string_view good[] = {
      ""sv,
      "abc, 123"sv,
      "中文医保基金监管"sv,
      "定点医药机构：宁波市第一医院（三级）"sv,
      "\xC2\x80"sv,                  // U+0080, smallest 2-byte
      "\xDF\xBF"sv,                  // U+07FF
      "\xE0\xA0\x80"sv,              // U+0800, smallest 3-byte
      "\xED\x9F\xBF"sv,              // U+D7FF, just below the surrogates
      "\xEE\x80\x80"sv,              // U+E000, just above the surrogates
      "\xEF\xBF\xBF"sv,              // U+FFFF
      "\xF0\x90\x80\x80"sv,          // U+10000, smallest 4-byte
      "\xF0\x9F\x98\x80"sv,          // U+1F600
      "\xF4\x8F\xBF\xBF"sv,          // U+10FFFF, the largest code point
      "a\0b"sv,                      // NUL is a code point
      "x\xE4\xB8\xAD"sv,             // a 3-byte sequence ending exactly at the end
  };
  for (std::string_view text : good) {
    BOOST_TEST_INFO("text of " << text.size() << " bytes");
    BOOST_TEST(IsValidUtf8(text));
  }
}

BOOST_AUTO_TEST_CASE(rejects_overlong_encodings) {
  const std::string_view bad[] = {
      "\xC0\xAF"sv,          // '/' in 2 bytes
      "\xC1\xBF"sv,          // U+007F in 2 bytes
      "\xC0\x80"sv,          // NUL in 2 bytes (modified UTF-8)
      "\xE0\x80\xAF"sv,      // '/' in 3 bytes
      "\xE0\x9F\xBF"sv,      // U+07FF in 3 bytes
      "\xF0\x80\x80\xAF"sv,  // '/' in 4 bytes
      "\xF0\x8F\xBF\xBF"sv,  // U+FFFF in 4 bytes
  };
  for (std::string_view text : bad) {
    BOOST_TEST_INFO("overlong of " << text.size() << " bytes");
    BOOST_TEST(!IsValidUtf8(text));
  }
}

BOOST_AUTO_TEST_CASE(rejects_surrogates_and_out_of_range) {
  BOOST_TEST(!IsValidUtf8("\xED\xA0\x80"sv));  // U+D800
  BOOST_TEST(!IsValidUtf8("\xED\xBF\xBF"sv));  // U+DFFF
  BOOST_TEST(!IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"sv));  // CESU-8 pair
  BOOST_TEST(!IsValidUtf8("\xF4\x90\x80\x80"sv));  // U+110000
  BOOST_TEST(!IsValidUtf8("\xF5\x80\x80\x80"sv));
  BOOST_TEST(!IsValidUtf8("\xF8\x88\x80\x80\x80"sv));  // 5-byte form
  BOOST_TEST(!IsValidUtf8("\xFE"sv));
  BOOST_TEST(!IsValidUtf8("\xFF"sv));
}

BOOST_AUTO_TEST_CASE(rejects_stray_and_missing_continuation_bytes) {
  BOOST_TEST(!IsValidUtf8("\x80"sv));
  BOOST_TEST(!IsValidUtf8("abc\xBF"sv));
  BOOST_TEST(!IsValidUtf8("\xE4\xB8" "a"sv));        // truncated, then ASCII
  BOOST_TEST(!IsValidUtf8("\xE4" "\xE4\xB8\xAD"sv));  // truncated, then a full character
  BOOST_TEST(!IsValidUtf8("\xC3" "("sv));
}

BOOST_AUTO_TEST_CASE(rejects_sequences_truncated_at_the_end) {
  BOOST_TEST(!IsValidUtf8("\xE4\xB8"sv));               // 中 without its last byte
  BOOST_TEST(!IsValidUtf8("\xE4"sv));
  BOOST_TEST(!IsValidUtf8("中文\xE6\x96"sv));
  BOOST_TEST(!IsValidUtf8("a\xF0\x9F\x98"sv));
  BOOST_TEST(!IsValidUtf8("a\xF0"sv));
  BOOST_TEST(!IsValidUtf8("a\xC3"sv));
  // A field cut out of a larger buffer must not be judged by bytes past its end.
  std::string_view whole = "\xE4\xB8\xAD"sv;
  BOOST_TEST(!IsValidUtf8(whole.substr(0, 2)));
  BOOST_TEST(IsValidUtf8(whole));
}

BOOST_AUTO_TEST_CASE(display_width_counts_wide_characters_twice) {
  BOOST_TEST(DisplayWidth("abc", 3) == 3u);
  BOOST_TEST(DisplayWidth("abc", 2) == 2u);
  BOOST_TEST(DisplayWidth("abc", 0) == 0u);
  BOOST_TEST(DisplayWidth("中文", 2) == 4u);
  BOOST_TEST(DisplayWidth("中文", 1) == 2u);
  BOOST_TEST(DisplayWidth("a中b", 3) == 4u);
  BOOST_TEST(DisplayWidth("a中b", 2) == 3u);
  BOOST_TEST(DisplayWidth("中", 5) == 2u);           // more code points asked than present
  BOOST_TEST(DisplayWidth("ＡＢ", 2) == 4u);          // full-width Latin
  BOOST_TEST(DisplayWidth("，。", 2) == 4u);          // CJK punctuation
  BOOST_TEST(DisplayWidth("한국", 2) == 4u);          // Hangul
  BOOST_TEST(DisplayWidth("é", 1) == 1u);             // U+00E9 is narrow
  BOOST_TEST(DisplayWidth("\xF0\xA0\x80\x80", 1) == 2u);  // U+20000, CJK extension B
  BOOST_TEST(DisplayWidth("收费 x", 3) == 5u);
}

BOOST_AUTO_TEST_CASE(code_point_count) {
  BOOST_TEST(CodePointCount("") == 0u);
  BOOST_TEST(CodePointCount("abc") == 3u);
  BOOST_TEST(CodePointCount("中文") == 2u);
  BOOST_TEST(CodePointCount("330282") == 6u);
  BOOST_TEST(CodePointCount("浙江宁波慈溪") == 6u);
  BOOST_TEST(CodePointCount("a中b\xF0\x9F\x98\x80") == 4u);
  BOOST_TEST(CodePointCount("é") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
