#include "engine/common/decimal.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace fundwatch {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Units of a text that must parse; fails the test (and returns a sentinel)
// when it does not.
int64_t UnitsOf(const std::string& text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  BOOST_TEST_INFO("parsing '" << text << "'");
  BOOST_TEST_REQUIRE(d.has_value());
  return d->units();
}

Decimal D(const std::string& text) { return Decimal::FromUnits(UnitsOf(text)); }

BOOST_AUTO_TEST_SUITE(decimal)

BOOST_AUTO_TEST_CASE(parses_at_four_decimal_places) {
  BOOST_TEST(UnitsOf("12.5") == 125000);
  BOOST_TEST(UnitsOf("12.50") == 125000);
  BOOST_TEST(UnitsOf("12.5000") == 125000);
  BOOST_TEST(UnitsOf("0.0001") == 1);
  BOOST_TEST(UnitsOf("-3.2500") == -32500);
  BOOST_TEST(UnitsOf("+1") == 10000);
  BOOST_TEST(UnitsOf("1") == 10000);
  BOOST_TEST(UnitsOf("0") == 0);
  BOOST_TEST(UnitsOf("-0") == 0);
  BOOST_TEST(UnitsOf("007.10") == 71000);
  BOOST_TEST(UnitsOf("-0.0001") == -1);
  BOOST_TEST(UnitsOf("123456789.9876") == 1234567899876);
}

BOOST_AUTO_TEST_CASE(parses_the_extremes_of_the_representation) {
  BOOST_TEST(UnitsOf("922337203685477.5807") == kMax);
  BOOST_TEST(UnitsOf("-922337203685477.5808") == kMin);
  BOOST_TEST(UnitsOf("+922337203685477.5807") == kMax);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_text) {
  const char* bad[] = {
      "1.23456",  // five fraction digits
      "1.00000",  // five fraction digits, even if zeros
      "1e3",  " 1",    "1 ",   "1,000", ".5",  "5.",  "",     "--1", "+-1", "-+1",
      "-",    "+",     ".",    "1.2.3", "0x10", "NaN", "inf",  "1_000", "１", "1.-2",
      "\t1",  "1\n",   "- 1",  "12.5a", "a12.5",
  };
  for (const char* text : bad) {
    BOOST_TEST_INFO("text '" << text << "'");
    BOOST_TEST(!Decimal::Parse(text).has_value());
  }
}

BOOST_AUTO_TEST_CASE(rejects_values_beyond_int64_units) {
  BOOST_TEST(!Decimal::Parse("922337203685477.5808").has_value());
  BOOST_TEST(!Decimal::Parse("-922337203685477.5809").has_value());
  BOOST_TEST(!Decimal::Parse("922337203685478").has_value());  // scaling overflows
  BOOST_TEST(!Decimal::Parse("99999999999999999999").has_value());
  BOOST_TEST(!Decimal::Parse("-99999999999999999999.9999").has_value());
  BOOST_TEST(!Decimal::Parse("1000000000000000000000000000000").has_value());
}

BOOST_AUTO_TEST_CASE(addition_is_exact) {
  Decimal sum = D("0.1");
  BOOST_TEST(sum.AddInPlace(D("0.2")));
  BOOST_TEST(sum.units() == D("0.3").units());
  BOOST_TEST((sum == D("0.3")));

  Decimal neg = D("-5.25");
  BOOST_TEST(neg.AddInPlace(D("5.25")));
  BOOST_TEST(neg.units() == 0);
}

BOOST_AUTO_TEST_CASE(comparison_is_exact) {
  BOOST_TEST((D("98.5") < D("98.5001")));
  BOOST_TEST((D("98.5") != D("98.5001")));
  BOOST_TEST((D("98.5001") > D("98.5")));
  BOOST_TEST((D("98.5") == D("98.50")));
  BOOST_TEST((D("-0.0001") < D("0")));
  BOOST_TEST((D("-2") < D("-1.9999")));
  BOOST_TEST((D("12.5") <= D("12.5000")));
}

BOOST_AUTO_TEST_CASE(sums_of_many_values_are_exact) {
  Decimal sum;
  const Decimal tick = D("0.0001");
  for (int i = 0; i < 10000; ++i) BOOST_REQUIRE(sum.AddInPlace(tick));
  BOOST_TEST((sum == D("1")));
  BOOST_TEST(sum.ToString() == "1.00");

  Decimal cents;
  const Decimal cent = D("0.01");
  for (int i = 0; i < 1000000; ++i) BOOST_REQUIRE(cents.AddInPlace(cent));
  BOOST_TEST((cents == Decimal::FromInt(10000)));

  Decimal tenths;
  for (int i = 0; i < 10; ++i) BOOST_REQUIRE(tenths.AddInPlace(D("0.1")));
  BOOST_TEST((tenths == D("1")));
}

BOOST_AUTO_TEST_CASE(add_reports_overflow) {
  Decimal max = Decimal::FromUnits(kMax);
  BOOST_TEST(!max.AddInPlace(Decimal::FromUnits(1)));
  Decimal min = Decimal::FromUnits(kMin);
  BOOST_TEST(!min.AddInPlace(Decimal::FromUnits(-1)));
  Decimal ok = Decimal::FromUnits(kMax - 1);
  BOOST_TEST(ok.AddInPlace(Decimal::FromUnits(1)));
  BOOST_TEST(ok.units() == kMax);
}

BOOST_AUTO_TEST_CASE(mul_rounds_half_away_from_zero) {
  auto mul = [](const char* a, const char* b) {
    std::optional<Decimal> p = D(a).Mul(D(b));
    BOOST_TEST_REQUIRE(p.has_value());
    return p->ToString();
  };
  BOOST_TEST(mul("2.5", "1.5") == "3.75");
  BOOST_TEST(mul("12.50", "3") == "37.50");
  BOOST_TEST(mul("1.2345", "3") == "3.7035");
  BOOST_TEST(mul("0.0001", "0.5") == "0.0001");      // 0.00005 -> up
  BOOST_TEST(mul("-0.0001", "0.5") == "-0.0001");    // -0.00005 -> down (away from zero)
  BOOST_TEST(mul("0.0001", "0.4999") == "0.00");     // 0.00004999 -> 0
  BOOST_TEST(mul("-0.0001", "0.4999") == "0.00");
  BOOST_TEST(mul("0.0003", "0.5") == "0.0002");      // 0.00015 -> 0.0002
  BOOST_TEST(mul("-0.0003", "0.5") == "-0.0002");
  BOOST_TEST(mul("0.0003", "-0.5") == "-0.0002");
  BOOST_TEST(mul("1.0001", "1.0001") == "1.0002");   // 1.00020001 -> down
  BOOST_TEST(mul("0.3333", "3") == "0.9999");
  BOOST_TEST(mul("-2", "-3.5") == "7.00");
}

BOOST_AUTO_TEST_CASE(mul_reports_overflow) {
  BOOST_TEST(!Decimal::FromUnits(kMax).Mul(D("2")).has_value());
  BOOST_TEST(!Decimal::FromUnits(kMin).Mul(D("-1")).has_value());
  std::optional<Decimal> same = Decimal::FromUnits(kMax).Mul(D("1"));
  BOOST_TEST_REQUIRE(same.has_value());
  BOOST_TEST(same->units() == kMax);
}

BOOST_AUTO_TEST_CASE(to_string_shows_two_to_four_fraction_digits) {
  BOOST_TEST(Decimal::FromInt(120).ToString() == "120.00");
  BOOST_TEST(D("0.1234").ToString() == "0.1234");
  BOOST_TEST(D("-5.5").ToString() == "-5.50");
  BOOST_TEST(D("0").ToString() == "0.00");
  BOOST_TEST(D("0.0001").ToString() == "0.0001");
  BOOST_TEST(D("0.001").ToString() == "0.001");
  BOOST_TEST(D("12.345").ToString() == "12.345");
  BOOST_TEST(D("-0.05").ToString() == "-0.05");
  BOOST_TEST(D("-0.0001").ToString() == "-0.0001");
  BOOST_TEST(D("1.1").ToString() == "1.10");
  BOOST_TEST(D("100.1000").ToString() == "100.10");
  BOOST_TEST(Decimal::FromUnits(kMin).ToString() == "-922337203685477.5808");
  BOOST_TEST(Decimal::FromUnits(kMax).ToString() == "922337203685477.5807");
}

BOOST_AUTO_TEST_CASE(to_string_round_trips_through_parse) {
  const int64_t units[] = {0, 1, -1, 9999, 10000, -10001, 125000, 1234567899876, kMax, kMin};
  for (int64_t u : units) {
    Decimal d = Decimal::FromUnits(u);
    BOOST_TEST_INFO("units " << u);
    BOOST_TEST(UnitsOf(d.ToString()) == u);
  }
}

BOOST_AUTO_TEST_CASE(from_int_matches_parse) {
  BOOST_TEST(Decimal::FromInt(3).units() == UnitsOf("3"));
  BOOST_TEST(Decimal::FromInt(-7).units() == UnitsOf("-7.0000"));
  BOOST_TEST(Decimal::kOne == 10000);
  BOOST_TEST(Decimal().units() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
