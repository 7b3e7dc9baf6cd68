// Exact decimals for money, prices and quantities: an int64 count of
// ten-thousandths (1.0000 == 10000). Never binary floating point. Formatting
// writes at least `min_places` decimals and at most 4 (trailing zeros beyond
// min_places dropped): Format(125000) == "12.50", Format(1234) == "0.1234".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fundwatch::gen {

using Fixed = int64_t;  // ten-thousandths
inline constexpr Fixed kFixedOne = 10000;

inline constexpr Fixed Yuan(int64_t yuan, int64_t fen = 0) { return yuan * kFixedOne + fen * 100; }

void AppendFixed(std::string& out, Fixed value, int min_places = 2);
std::string FormatFixed(Fixed value, int min_places = 2);

// Strict: optional '-', digits, optional '.' and 1..4 digits.
std::optional<Fixed> ParseFixed(std::string_view text);

// a * b exactly, when the product has at most 4 decimals; nullopt otherwise.
std::optional<Fixed> MultiplyExact(Fixed a, Fixed b);

}  // namespace fundwatch::gen
