// Prng: the generator's only source of randomness. xoshiro256** seeded through
// splitmix64, with its own bounded-integer method (Lemire's multiply-shift with
// rejection), so output is identical on every platform and library version.
// A Prng is a plain value: copy it to fork a stream; derive independent streams
// with Prng(seed, "stream name") so that changing one part of the generator
// does not shift the random numbers of another. Not thread-safe (no sharing).
#pragma once

#include <cassert>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace fundwatch::gen {

class Prng {
 public:
  explicit Prng(uint64_t seed) { Seed(seed); }
  Prng(uint64_t seed, std::string_view stream) { Seed(seed ^ Hash(stream)); }
  Prng(uint64_t seed, std::string_view stream, uint64_t index) {
    Seed(seed ^ Hash(stream) ^ SplitMix(index + 0x51ED27AB9E3779B9ULL));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    assert(n > 0);
    unsigned __int128 m = static_cast<unsigned __int128>(Next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(Next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform in [lo, hi], both inclusive. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    assert(lo <= hi);
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability per_mille / 1000.
  bool Chance(int per_mille) { return static_cast<int>(Below(1000)) < per_mille; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    assert(!items.empty());
    return items[Below(items.size())];
  }

  // Fisher-Yates, deterministic.
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[Below(i)]);
    }
  }

  static uint64_t SplitMix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }

  // FNV-1a, stable across platforms (std::hash is not).
  static uint64_t Hash(std::string_view text) {
    uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : text) {
      h ^= c;
      h *= 0x100000001B3ULL;
    }
    return h;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  void Seed(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : s_) {
      x += 0x9E3779B97F4A7C15ULL;
      s = SplitMix(x);
    }
  }
  uint64_t s_[4];
};

}  // namespace fundwatch::gen
