// HashBytes: every byte of a key counts, whatever its length, and codes that
// differ in a digit or two spread evenly over a table's slots (low bits) and
// its tags (high bits).
#include "engine/common/hash.h"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace fundwatch {
namespace {

BOOST_AUTO_TEST_SUITE(hash_bytes)

BOOST_AUTO_TEST_CASE(every_byte_at_every_length_counts) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string key(n, 'a');
    for (size_t i = 0; i < n; ++i) key[i] = static_cast<char>('a' + (i * 7) % 26);
    const uint64_t h = HashBytes(key);
    BOOST_TEST(HashBytes(std::string(key)) == h);  // a function of the bytes only
    for (size_t i = 0; i < n; ++i) {
      std::string other = key;
      other[i] = static_cast<char>(other[i] ^ 1);
      BOOST_TEST_CONTEXT("length " << n << ", byte " << i) { BOOST_TEST(HashBytes(other) != h); }
    }
    // A trailing zero byte is not the same key.
    BOOST_TEST(HashBytes(key + std::string(1, '\0')) != h);
  }
}

BOOST_AUTO_TEST_CASE(sequential_codes_spread_over_slots_and_tags) {
  // 2^16 codes like the contract's ids, into 2^16 slots: a good hash leaves
  // about 1/e of them empty; the top 16 bits spread the same way.
  constexpr size_t kKeys = 1 << 16;
  std::vector<int> low(kKeys, 0), high(kKeys, 0);
  for (size_t i = 0; i < kKeys; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "F9%010zu", i);
    const uint64_t h = HashBytes(code);
    ++low[h & (kKeys - 1)];
    ++high[h >> 48];
  }
  auto empty_share = [](const std::vector<int>& counts) {
    size_t empty = 0;
    for (int c : counts) empty += c == 0;
    return static_cast<double>(empty) / static_cast<double>(counts.size());
  };
  BOOST_TEST(empty_share(low) > 0.35);
  BOOST_TEST(empty_share(low) < 0.39);
  BOOST_TEST(empty_share(high) > 0.35);
  BOOST_TEST(empty_share(high) < 0.39);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
