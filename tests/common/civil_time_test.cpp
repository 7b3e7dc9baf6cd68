#include "engine/common/civil_time.h"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

namespace fundwatch {
namespace {

Date ParseDate(const std::string& text) {
  std::optional<Date> d = Date::Parse(text);
  BOOST_TEST_INFO("date '" << text << "'");
  BOOST_TEST_REQUIRE(d.has_value());
  return *d;
}

DateTime ParseTime(const std::string& text) {
  std::optional<DateTime> t = DateTime::Parse(text);
  BOOST_TEST_INFO("datetime '" << text << "'");
  BOOST_TEST_REQUIRE(t.has_value());
  return *t;
}

Date Plus(Date d, int days) { return Date::FromDays(d.days() + days); }

BOOST_AUTO_TEST_SUITE(civil_time)

BOOST_AUTO_TEST_CASE(date_epoch_and_neighbours) {
  BOOST_TEST(ParseDate("1970-01-01").days() == 0);
  BOOST_TEST(ParseDate("1970-01-02").days() == 1);
  BOOST_TEST(ParseDate("1969-12-31").days() == -1);
  BOOST_TEST(ParseDate("2000-03-01").days() == 11017);
  BOOST_TEST(ParseDate("2024-02-29").days() == 19782);
}

BOOST_AUTO_TEST_CASE(date_accepts_real_calendar_days) {
  const char* good[] = {"2024-02-29", "2000-02-29", "2023-02-28", "2025-12-31", "2025-01-01",
                        "0001-01-01", "9999-12-31", "2025-04-30", "1900-02-28"};
  for (const char* text : good) {
    BOOST_TEST_INFO("date '" << text << "'");
    BOOST_TEST(ParseDate(text).ToString() == text);
  }
}

BOOST_AUTO_TEST_CASE(date_rejects_anything_else) {
  const char* bad[] = {
      "2023-02-29", "1900-02-29", "2100-02-29", "2025-13-01", "2025-00-10", "2025-01-00",
      "2025-01-32", "2025-04-31", "2025-1-01",  "2025-01-1",  "25-01-01",   "2025/01/01",
      "2025-01-01T00:00:00",     "2025-01-01 00:00:00",     " 2025-01-01", "2025-01-01 ",
      "0000-01-01", "20250101",   "",           "2025-0a-01", "+025-01-01", "2025-01--1",
      "２０２５-01-01",
  };
  for (const char* text : bad) {
    BOOST_TEST_INFO("date '" << text << "'");
    BOOST_TEST(!Date::Parse(text).has_value());
  }
}

BOOST_AUTO_TEST_CASE(date_from_civil_validates) {
  BOOST_TEST(!Date::FromCivil(2025, 13, 1).has_value());
  BOOST_TEST(!Date::FromCivil(2025, 2, 29).has_value());
  BOOST_TEST(!Date::FromCivil(2025, 0, 1).has_value());
  BOOST_TEST(!Date::FromCivil(0, 1, 1).has_value());
  std::optional<Date> d = Date::FromCivil(2024, 2, 29);
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->days() == ParseDate("2024-02-29").days());
  CivilDate c = d->ToCivil();
  BOOST_TEST(c.year == 2024);
  BOOST_TEST(c.month == 2);
  BOOST_TEST(c.day == 29);
}

BOOST_AUTO_TEST_CASE(date_boundaries_day_before_and_after) {
  BOOST_TEST(Plus(ParseDate("2024-12-31"), 1).ToString() == "2025-01-01");
  BOOST_TEST(Plus(ParseDate("2025-01-01"), -1).ToString() == "2024-12-31");
  BOOST_TEST(Plus(ParseDate("2024-02-28"), 1).ToString() == "2024-02-29");
  BOOST_TEST(Plus(ParseDate("2024-02-29"), 1).ToString() == "2024-03-01");
  BOOST_TEST(Plus(ParseDate("2023-02-28"), 1).ToString() == "2023-03-01");
  BOOST_TEST(Plus(ParseDate("2023-03-01"), -1).ToString() == "2023-02-28");
  BOOST_TEST(Plus(ParseDate("2000-02-28"), 1).ToString() == "2000-02-29");
  BOOST_TEST(Plus(ParseDate("2100-02-28"), 1).ToString() == "2100-03-01");
  BOOST_TEST(Plus(ParseDate("1970-01-01"), -1).ToString() == "1969-12-31");
  BOOST_TEST(Plus(ParseDate("1969-12-31"), 1).ToString() == "1970-01-01");
  BOOST_TEST(Plus(ParseDate("2025-04-30"), 1).ToString() == "2025-05-01");
  BOOST_TEST(ParseDate("2025-01-01").days() - ParseDate("2024-01-01").days() == 366);
  BOOST_TEST(ParseDate("2026-01-01").days() - ParseDate("2025-01-01").days() == 365);
}

BOOST_AUTO_TEST_CASE(date_round_trips_over_many_days) {
  // Every day from 1899-12-01 for ~130 years: ToString then Parse is identity.
  Date start = ParseDate("1899-12-01");
  for (int i = 0; i < 130 * 366; ++i) {
    Date d = Plus(start, i);
    std::optional<Date> back = Date::Parse(d.ToString());
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_REQUIRE_EQUAL(back->days(), d.days());
  }
}

BOOST_AUTO_TEST_CASE(date_ordering) {
  BOOST_TEST((ParseDate("2024-12-31") < ParseDate("2025-01-01")));
  BOOST_TEST((ParseDate("2025-01-01") == ParseDate("2025-01-01")));
  BOOST_TEST((ParseDate("1969-12-31") < ParseDate("1970-01-01")));
}

BOOST_AUTO_TEST_CASE(datetime_parses_strictly) {
  DateTime t = ParseTime("2025-03-04 05:06:07");
  BOOST_TEST(t.seconds() == int64_t{ParseDate("2025-03-04").days()} * 86400 + 5 * 3600 + 6 * 60 + 7);
  BOOST_TEST(t.ToString() == "2025-03-04 05:06:07");
  BOOST_TEST(ParseTime("1970-01-01 00:00:00").seconds() == 0);
  BOOST_TEST(ParseTime("1970-01-01 00:00:01").seconds() == 1);
  BOOST_TEST(ParseTime("2025-01-01 23:59:59").ToString() == "2025-01-01 23:59:59");
  BOOST_TEST(ParseTime("2024-02-29 12:00:00").ToString() == "2024-02-29 12:00:00");
}

BOOST_AUTO_TEST_CASE(datetime_rejects_anything_else) {
  const char* bad[] = {
      "2025-01-01T00:00:00", "2025-01-01 24:00:00", "2025-01-01 23:59:60", "2025-01-01 23:60:00",
      "2025-01-01 1:00:00",  "2025-01-01 01:00",    "2025-01-01",          "2025-01-01 00:00:00 ",
      " 2025-01-01 00:00:00", "2023-02-29 00:00:00", "2025-13-01 00:00:00", "2025-01-01  0:00:00",
      "2025-01-01 00-00-00", "2025-01-01 00:00:0a", "2025-1-01 00:00:00",  "",
      "2025-01-01 00:00:00.5",
  };
  for (const char* text : bad) {
    BOOST_TEST_INFO("datetime '" << text << "'");
    BOOST_TEST(!DateTime::Parse(text).has_value());
  }
}

BOOST_AUTO_TEST_CASE(datetime_date_and_day_boundaries) {
  DateTime midnight = ParseTime("2025-01-01 00:00:00");
  DateTime last = ParseTime("2024-12-31 23:59:59");
  BOOST_TEST(midnight.seconds() - last.seconds() == 1);
  BOOST_TEST(midnight.date().ToString() == "2025-01-01");
  BOOST_TEST(last.date().ToString() == "2024-12-31");
  BOOST_TEST(ParseTime("2025-01-01 23:59:59").date().ToString() == "2025-01-01");
  BOOST_TEST((last < midnight));
}

BOOST_AUTO_TEST_CASE(datetime_date_before_1970_floors) {
  BOOST_TEST(DateTime::FromSeconds(-1).date().days() == -1);
  BOOST_TEST(DateTime::FromSeconds(-86400).date().days() == -1);
  BOOST_TEST(DateTime::FromSeconds(-86401).date().days() == -2);
  BOOST_TEST(DateTime::FromSeconds(0).date().days() == 0);
  BOOST_TEST(DateTime::FromSeconds(86399).date().days() == 0);
  BOOST_TEST(DateTime::FromSeconds(-1).ToString() == "1969-12-31 23:59:59");
  BOOST_TEST(ParseTime("1969-12-31 00:00:00").date().ToString() == "1969-12-31");
  BOOST_TEST(ParseTime("1950-06-15 12:34:56").date().ToString() == "1950-06-15");
  BOOST_TEST(ParseTime("1950-06-15 12:34:56").ToString() == "1950-06-15 12:34:56");
  BOOST_TEST(ParseTime("1900-01-01 00:00:00").ToString() == "1900-01-01 00:00:00");
}

BOOST_AUTO_TEST_CASE(datetime_from_date) {
  Date d = ParseDate("2025-06-30");
  BOOST_TEST(DateTime::FromDate(d).ToString() == "2025-06-30 00:00:00");
  BOOST_TEST(DateTime::FromDate(d, 23, 59, 59).ToString() == "2025-06-30 23:59:59");
  BOOST_TEST(DateTime::FromDate(d, 8, 5, 3).seconds() == ParseTime("2025-06-30 08:05:03").seconds());
  BOOST_TEST(DateTime::FromDate(ParseDate("1960-01-01"), 1).ToString() == "1960-01-01 01:00:00");
}

BOOST_AUTO_TEST_CASE(age_in_years) {
  Date birth = ParseDate("1990-06-15");
  BOOST_TEST(AgeInYears(birth, ParseDate("2025-06-15")) == 35);  // birthday on the day
  BOOST_TEST(AgeInYears(birth, ParseDate("2025-06-14")) == 34);  // day before
  BOOST_TEST(AgeInYears(birth, ParseDate("2025-06-16")) == 35);
  BOOST_TEST(AgeInYears(birth, ParseDate("2025-05-31")) == 34);
  BOOST_TEST(AgeInYears(birth, ParseDate("2025-12-31")) == 35);
  BOOST_TEST(AgeInYears(birth, ParseDate("1990-06-15")) == 0);
  BOOST_TEST(AgeInYears(birth, ParseDate("1991-06-14")) == 0);
  BOOST_TEST(AgeInYears(birth, ParseDate("1991-06-15")) == 1);
  BOOST_TEST(AgeInYears(ParseDate("1960-12-31"), ParseDate("2025-01-01")) == 64);
  BOOST_TEST(AgeInYears(ParseDate("1960-01-01"), ParseDate("2024-12-31")) == 64);
}

BOOST_AUTO_TEST_CASE(age_for_a_29_february_birthday) {
  Date birth = ParseDate("2000-02-29");
  BOOST_TEST(AgeInYears(birth, ParseDate("2023-02-28")) == 22);  // common year: not yet
  BOOST_TEST(AgeInYears(birth, ParseDate("2023-03-01")) == 23);  // common year: 1 March
  BOOST_TEST(AgeInYears(birth, ParseDate("2024-02-28")) == 23);  // leap year, day before
  BOOST_TEST(AgeInYears(birth, ParseDate("2024-02-29")) == 24);  // leap year: on the day
  BOOST_TEST(AgeInYears(birth, ParseDate("2024-03-01")) == 24);
  BOOST_TEST(AgeInYears(birth, ParseDate("2100-02-28")) == 99);  // 2100 is not leap
  BOOST_TEST(AgeInYears(birth, ParseDate("2100-03-01")) == 100);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
