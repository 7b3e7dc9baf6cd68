// Decimal: an exact fixed-point number with four decimal places, for money,
// prices and quantities. Stored as a count of ten-thousandths in an int64, so
// comparison and summation are exact integer operations; binary floating
// point never touches a value of this type.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fundwatch {

class Decimal {
 public:
  static constexpr int kScale = 4;
  static constexpr int64_t kOne = 10000;

  constexpr Decimal() = default;
  static constexpr Decimal FromUnits(int64_t units) { return Decimal(units); }
  static constexpr Decimal FromInt(int64_t whole) { return Decimal(whole * kOne); }

  // Parses `[-+]digits[.digits]` with at most kScale fraction digits.
  // No spaces, exponents or thousands separators. nullopt on anything else,
  // including values too large for the representation.
  static std::optional<Decimal> Parse(std::string_view text);

  constexpr int64_t units() const { return units_; }

  // Exact arithmetic; false on overflow (the result is then unspecified).
  bool AddInPlace(Decimal other);
  // The product rounded half away from zero to kScale places; nullopt on overflow.
  std::optional<Decimal> Mul(Decimal other) const;

  friend constexpr auto operator<=>(Decimal a, Decimal b) = default;
  friend constexpr bool operator==(Decimal a, Decimal b) = default;

  // At least two fraction digits, more only when needed: 120 -> "120.00",
  // 0.1234 -> "0.1234", -5.5 -> "-5.50".
  std::string ToString() const;
  // The same text written into `buf` (no allocation); returns its length.
  // REQUIRES: size >= kMaxText.
  static constexpr size_t kMaxText = 32;
  size_t Format(char* buf, size_t size) const;

 private:
  constexpr explicit Decimal(int64_t units) : units_(units) {}
  int64_t units_ = 0;
};

}  // namespace fundwatch
