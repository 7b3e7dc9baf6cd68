#include "gen/civil_time.h"

namespace fundwatch::gen {
namespace {

void Append2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

void Append4(std::string& out, int v) {
  Append2(out, v / 100);
  Append2(out, v % 100);
}

std::optional<int> Digits(std::string_view text, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

// Howard Hinnant's days_from_civil.
Days DaysFromCivil(int year, int month, int day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Days>(era) * 146097 + static_cast<Days>(doe) - 719468;
}

CivilDate CivilFromDays(Days days) {
  const Days z = days + 719468;
  const Days era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const Days y = static_cast<Days>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int AgeOn(Days birth, Days on_day) {
  const CivilDate b = CivilFromDays(birth);
  const CivilDate d = CivilFromDays(on_day);
  int age = d.year - b.year;
  if (d.month < b.month || (d.month == b.month && d.day < b.day)) --age;
  return age;
}

int MonthIndexOf(Seconds t) {
  const CivilDate c = CivilFromDays(DayOf(t));
  return c.year * 12 + c.month - 1;
}

std::string FormatMonth(int month_index) {
  std::string out;
  Append4(out, month_index / 12);
  out.push_back('-');
  Append2(out, month_index % 12 + 1);
  return out;
}

void AppendDate(std::string& out, Days d) {
  const CivilDate c = CivilFromDays(d);
  Append4(out, c.year);
  out.push_back('-');
  Append2(out, c.month);
  out.push_back('-');
  Append2(out, c.day);
}

void AppendTime(std::string& out, Seconds t) {
  const Days d = DayOf(t);
  const int64_t s = t - d * kDay;
  AppendDate(out, d);
  out.push_back(' ');
  Append2(out, static_cast<int>(s / kHour));
  out.push_back(':');
  Append2(out, static_cast<int>(s / kMinute % 60));
  out.push_back(':');
  Append2(out, static_cast<int>(s % 60));
}

std::string FormatTime(Seconds t) {
  std::string out;
  AppendTime(out, t);
  return out;
}

std::string FormatDate(Days d) {
  std::string out;
  AppendDate(out, d);
  return out;
}

std::optional<Days> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = Digits(text, 0, 4);
  const auto m = Digits(text, 5, 2);
  const auto d = Digits(text, 8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > DaysInMonth(*y, *m)) {
    return std::nullopt;
  }
  return DaysFromCivil(*y, *m, *d);
}

std::optional<Seconds> ParseTime(std::string_view text) {
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto day = ParseDate(text.substr(0, 10));
  const auto h = Digits(text, 11, 2);
  const auto mi = Digits(text, 14, 2);
  const auto s = Digits(text, 17, 2);
  if (!day || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  return *day * kDay + *h * kHour + *mi * kMinute + *s;
}

}  // namespace fundwatch::gen
