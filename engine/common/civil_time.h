// Dates and date-times of the data contract. All times are local China time
// (UTC+8) and are kept as naive civil time: no time-zone arithmetic is ever
// needed because every source uses the same zone.
//
// Date      days since 1970-01-01 (proleptic Gregorian), int32.
// DateTime  seconds since 1970-01-01 00:00:00 local, int64.
// Duration  seconds, int64 ("within N days" is N x 86400 s per the catalogue).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fundwatch {

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  static std::optional<Date> FromCivil(int year, int month, int day);
  // Strict `YYYY-MM-DD`, a real calendar day.
  static std::optional<Date> Parse(std::string_view text);

  constexpr int32_t days() const { return days_; }
  CivilDate ToCivil() const;
  std::string ToString() const;  // YYYY-MM-DD

  friend constexpr auto operator<=>(Date a, Date b) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

class DateTime {
 public:
  static constexpr int64_t kSecondsPerDay = 86400;

  constexpr DateTime() = default;
  static constexpr DateTime FromSeconds(int64_t s) { return DateTime(s); }
  static DateTime FromDate(Date d, int hour = 0, int minute = 0, int second = 0);
  // Strict `YYYY-MM-DD HH:MM:SS`, hour 00..23, minute and second 00..59.
  static std::optional<DateTime> Parse(std::string_view text);

  constexpr int64_t seconds() const { return seconds_; }
  Date date() const;
  std::string ToString() const;  // YYYY-MM-DD HH:MM:SS
  // The same text written into `buf` (no allocation); returns its length.
  // REQUIRES: size >= kMaxText.
  static constexpr size_t kMaxText = 24;
  size_t Format(char* buf, size_t size) const;

  friend constexpr auto operator<=>(DateTime a, DateTime b) = default;

 private:
  constexpr explicit DateTime(int64_t s) : seconds_(s) {}
  int64_t seconds_ = 0;
};

// Whole years of age on `on` for someone born on `birth` (the birthday is
// reached on its calendar day; a 29 February birthday is reached on
// 1 March in common years, the reading of China's civil practice).
int AgeInYears(Date birth, Date on);

}  // namespace fundwatch
