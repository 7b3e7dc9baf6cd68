#include "gen/ids.h"

#include <cassert>

namespace fundwatch::gen {

std::string MakeId(const std::string& prefix, IdRange range, int64_t counter, int digits) {
  std::string number = std::to_string(counter);
  assert(static_cast<int>(number.size()) < digits);
  std::string out = prefix;
  out.push_back(static_cast<char>('0' + static_cast<int>(range)));
  out.append(static_cast<size_t>(digits - 1) - number.size(), '0');
  out += number;
  return out;
}

std::string MakeTraceCode(const std::string& prefix7, IdRange range, int64_t counter) {
  constexpr uint64_t kModulus = 1000000000000ULL;     // 10^12
  constexpr uint64_t kMultiplier = 7919000003ULL;     // coprime with 10: a bijection mod 10^12
  const uint64_t scrambled = static_cast<uint64_t>(
      (static_cast<unsigned __int128>(static_cast<uint64_t>(counter)) * kMultiplier + 104729) % kModulus);
  std::string digits = std::to_string(scrambled);
  std::string out = prefix7;
  out.push_back(static_cast<char>('0' + (range == IdRange::kBackground ? 1 : static_cast<int>(range))));
  out.append(12 - digits.size(), '0');
  out += digits;
  return out;
}

}  // namespace fundwatch::gen
