#include "engine/common/civil_time.h"

#include <cstdio>

namespace fundwatch {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `width` ASCII digits at text[pos].
bool ReadDigits(std::string_view text, size_t pos, int width, int* out) {
  int v = 0;
  for (int i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<Date> Date::FromCivil(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return Date(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

std::optional<Date> Date::Parse(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!ReadDigits(text, 0, 4, &y) || !ReadDigits(text, 5, 2, &m) || !ReadDigits(text, 8, 2, &d)) {
    return std::nullopt;
  }
  return FromCivil(y, m, d);
}

CivilDate Date::ToCivil() const { return CivilFromDays(days_); }

std::string Date::ToString() const {
  CivilDate c = ToCivil();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

DateTime DateTime::FromDate(Date d, int hour, int minute, int second) {
  return DateTime(static_cast<int64_t>(d.days()) * kSecondsPerDay + hour * 3600 + minute * 60 + second);
}

std::optional<DateTime> DateTime::Parse(std::string_view text) {
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') return std::nullopt;
  std::optional<Date> date = Date::Parse(text.substr(0, 10));
  int h, mi, s;
  if (!date || !ReadDigits(text, 11, 2, &h) || !ReadDigits(text, 14, 2, &mi) ||
      !ReadDigits(text, 17, 2, &s)) {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || s > 59) return std::nullopt;
  return FromDate(*date, h, mi, s);
}

Date DateTime::date() const {
  int64_t days = seconds_ >= 0 ? seconds_ / kSecondsPerDay : -((-seconds_ + kSecondsPerDay - 1) / kSecondsPerDay);
  return Date::FromDays(static_cast<int32_t>(days));
}

size_t DateTime::Format(char* buf, size_t size) const {
  CivilDate c = date().ToCivil();
  int64_t rem = seconds_ - static_cast<int64_t>(date().days()) * kSecondsPerDay;
  int n = std::snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day,
                        static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return static_cast<size_t>(n);
}

std::string DateTime::ToString() const {
  char buf[kMaxText];
  return std::string(buf, Format(buf, sizeof buf));
}

int AgeInYears(Date birth, Date on) {
  CivilDate b = birth.ToCivil();
  CivilDate o = on.ToCivil();
  int age = o.year - b.year;
  int b_month = b.month, b_day = b.day;
  if (b_month == 2 && b_day == 29 && !IsLeap(o.year)) {
    b_month = 3;
    b_day = 1;
  }
  if (o.month < b_month || (o.month == b_month && o.day < b_day)) --age;
  return age;
}

}  // namespace fundwatch
