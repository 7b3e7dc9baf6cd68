// Calendar arithmetic for the generator: local China time as a plain count of
// seconds since 1970-01-01 00:00:00 (no time zone, no leap seconds), days as a
// count since 1970-01-01. Formatting and strict parsing of the data contract's
// `YYYY-MM-DD HH:MM:SS` and `YYYY-MM-DD`. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fundwatch::gen {

using Seconds = int64_t;  // a local time
using Days = int64_t;     // a local date

inline constexpr Seconds kMinute = 60;
inline constexpr Seconds kHour = 3600;
inline constexpr Seconds kDay = 86400;

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
};

Days DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(Days days);
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

inline Seconds MakeTime(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return DaysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s;
}
inline Days DayOf(Seconds t) { return t >= 0 ? t / kDay : (t - kDay + 1) / kDay; }
inline Seconds StartOfDay(Days d) { return d * kDay; }

// Whole years from birth to on_day: the (month, day) comparison, so a
// 02-29 birthday is reached on 03-01 in common years.
int AgeOn(Days birth, Days on_day);

// Month index (year * 12 + month - 1) and back.
int MonthIndexOf(Seconds t);
std::string FormatMonth(int month_index);  // "YYYY-MM"

void AppendTime(std::string& out, Seconds t);
void AppendDate(std::string& out, Days d);
std::string FormatTime(Seconds t);
std::string FormatDate(Days d);

// Strict parsers: exactly the contract's shapes, real calendar dates.
std::optional<Seconds> ParseTime(std::string_view text);
std::optional<Days> ParseDate(std::string_view text);

}  // namespace fundwatch::gen
