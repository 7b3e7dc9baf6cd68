#include "engine/common/decimal.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace fundwatch {

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  // Accumulate as a negative number so that INT64_MIN-sized inputs are not
  // a special case; overflow is checked digit by digit.
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  int64_t acc = 0;
  int int_digits = 0;
  int frac_digits = 0;
  auto push_digit = [&acc](int d) {
    if (acc < (kMin + d) / 10) return false;
    acc = acc * 10 - d;
    return true;
  };
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
    if (!push_digit(text[i] - '0')) return std::nullopt;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits == kScale) return std::nullopt;
      if (!push_digit(text[i] - '0')) return std::nullopt;
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != text.size() || int_digits == 0) return std::nullopt;
  for (int k = frac_digits; k < kScale; ++k) {
    if (!push_digit(0)) return std::nullopt;
  }
  if (!negative) {
    if (acc == kMin) return std::nullopt;
    acc = -acc;
  }
  return Decimal(acc);
}

bool Decimal::AddInPlace(Decimal other) {
  return !__builtin_add_overflow(units_, other.units_, &units_);
}

std::optional<Decimal> Decimal::Mul(Decimal other) const {
  __int128 product = static_cast<__int128>(units_) * other.units_;
  __int128 half = kOne / 2;
  __int128 rounded = product >= 0 ? (product + half) / kOne : (product - half) / kOne;
  if (rounded > std::numeric_limits<int64_t>::max() ||
      rounded < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return Decimal(static_cast<int64_t>(rounded));
}

size_t Decimal::Format(char* buf, size_t size) const {
  // Unsigned magnitude so that INT64_MIN prints correctly.
  uint64_t magnitude = units_ < 0 ? 0 - static_cast<uint64_t>(units_) : static_cast<uint64_t>(units_);
  uint64_t frac = magnitude % kOne;
  int keep = kScale;
  while (keep > 2 && frac % 10 == 0) {
    frac /= 10;
    --keep;
  }
  int n = std::snprintf(buf, size, "%s%llu.%0*llu", units_ < 0 ? "-" : "",
                        static_cast<unsigned long long>(magnitude / kOne), keep, static_cast<unsigned long long>(frac));
  return static_cast<size_t>(n);
}

std::string Decimal::ToString() const {
  char buf[kMaxText];
  return std::string(buf, Format(buf, sizeof buf));
}

}  // namespace fundwatch
