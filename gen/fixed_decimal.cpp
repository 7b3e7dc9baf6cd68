#include "gen/fixed_decimal.h"

namespace fundwatch::gen {

void AppendFixed(std::string& out, Fixed value, int min_places) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  out += std::to_string(value / kFixedOne);
  int frac = static_cast<int>(value % kFixedOne);
  char digits[4];
  for (int i = 3; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  int places = 4;
  while (places > min_places && digits[places - 1] == '0') --places;
  if (places == 0) return;
  out.push_back('.');
  out.append(digits, static_cast<size_t>(places));
}

std::string FormatFixed(Fixed value, int min_places) {
  std::string out;
  AppendFixed(out, value, min_places);
  return out;
}

std::optional<Fixed> ParseFixed(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 14) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 4)) return std::nullopt;
  Fixed v = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  Fixed f = 0;
  for (size_t i = 0; i < 4; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    f = f * 10 + (c - '0');
  }
  v = v * kFixedOne + f;
  return negative ? -v : v;
}

std::optional<Fixed> MultiplyExact(Fixed a, Fixed b) {
  const __int128 p = static_cast<__int128>(a) * b;
  if (p % kFixedOne != 0) return std::nullopt;
  return static_cast<Fixed>(p / kFixedOne);
}

}  // namespace fundwatch::gen
