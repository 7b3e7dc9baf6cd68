// HashBytes: a fast 64-bit hash of a short byte string (codes, composite
// keys: tens of bytes), for the hash tables of the engine: the duplicate-key
// check, the lookup indexes and the rules' keyed state. Eight bytes a step,
// then a final avalanche (MurmurHash3's fmix64), so that both the low bits
// (a table's slot) and the high bits (a tag) are well mixed. The tables
// compare keys in full: the hash only places them.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace fundwatch {

inline uint64_t HashBytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = (n + 1) * kMul;
  auto mix = [&](uint64_t w) {
    h = (h ^ w) * kMul;
    h ^= h >> 32;
  };
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    mix(w);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    if (s.size() >= 8) {
      std::memcpy(&w, p + n - 8, 8);  // the last 8 bytes, overlapping the previous step
      w >>= 8 * (8 - n);
    } else {
      for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    mix(w);
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace fundwatch
