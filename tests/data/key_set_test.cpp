#include "engine/data/key_set.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {
namespace {

using namespace std::string_view_literals;

BOOST_AUTO_TEST_SUITE(key_set)

BOOST_AUTO_TEST_CASE(insert_new_and_duplicate) {
  KeySet set;
  int64_t existing = -1;
  BOOST_TEST(set.size() == 0u);
  BOOST_TEST(set.Insert("F001", 2, &existing));
  BOOST_TEST(existing == -1);  // untouched for a new key
  BOOST_TEST(set.Insert("F002", 3, &existing));
  BOOST_TEST(set.size() == 2u);
  BOOST_TEST(!set.Insert("F001", 9, &existing));
  BOOST_TEST(existing == 2);
  BOOST_TEST(!set.Insert("F002", 10, &existing));
  BOOST_TEST(existing == 3);
  BOOST_TEST(set.size() == 2u);
}

BOOST_AUTO_TEST_CASE(duplicates_always_report_the_first_payload) {
  KeySet set;
  int64_t existing = 0;
  BOOST_TEST(set.Insert("K", 100, &existing));
  for (int64_t line = 101; line < 110; ++line) {
    BOOST_TEST(!set.Insert("K", line, &existing));
    BOOST_TEST(existing == 100);
  }
  BOOST_TEST(set.size() == 1u);
}

BOOST_AUTO_TEST_CASE(payloads_of_any_value) {
  KeySet set;
  int64_t existing = 0;
  const int64_t payloads[] = {0, -1, INT64_MIN, INT64_MAX, 0x0102030405060708};
  for (int i = 0; i < 5; ++i) BOOST_TEST(set.Insert("p" + std::to_string(i), payloads[i], &existing));
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(!set.Insert("p" + std::to_string(i), 7, &existing));
    BOOST_TEST(existing == payloads[i]);
  }
}

BOOST_AUTO_TEST_CASE(keys_differing_only_in_the_last_byte) {
  KeySet set;
  int64_t existing = 0;
  const std::string stem = "XA10BAA045A001010100123/2024-01-01/";
  for (int b = 0; b < 256; ++b) {
    std::string key = stem + static_cast<char>(b);
    BOOST_TEST_REQUIRE(set.Insert(key, b, &existing));
  }
  BOOST_TEST(set.size() == 256u);
  for (int b = 0; b < 256; ++b) {
    std::string key = stem + static_cast<char>(b);
    BOOST_TEST(!set.Insert(key, -1, &existing));
    BOOST_TEST(existing == b);
  }
  BOOST_TEST(set.Insert(stem, 1000, &existing));  // the stem alone is another key
}

BOOST_AUTO_TEST_CASE(keys_sharing_hash_tag_and_home_slot_stay_distinct) {
  // Under the current hash (FNV-1a + splitmix64) these two equal-length keys
  // share the top 28 bits of their hashes: the tag, and so the home slot at
  // every size up to 2^28 slots. Only comparing the bytes tells them apart,
  // before and after the table grows. (With another hash the test still
  // holds; it is then just weaker.)
  KeySet set;
  int64_t existing = 0;
  BOOST_TEST(set.Insert("FEE00009531", 1, &existing));
  BOOST_TEST(set.Insert("FEE00010623", 2, &existing));
  BOOST_TEST(set.size() == 2u);
  BOOST_TEST(!set.Insert("FEE00010623", 3, &existing));
  BOOST_TEST(existing == 2);
  BOOST_TEST(!set.Insert("FEE00009531", 3, &existing));
  BOOST_TEST(existing == 1);
  for (int i = 0; i < 5000; ++i) set.Insert("G" + std::to_string(i), 0, &existing);  // grows past 1024 slots
  BOOST_TEST(!set.Insert("FEE00010623", 3, &existing));
  BOOST_TEST(existing == 2);
  BOOST_TEST(!set.Insert("FEE00009531", 3, &existing));
  BOOST_TEST(existing == 1);
}

BOOST_AUTO_TEST_CASE(prefixes_are_distinct_keys) {
  KeySet set;
  int64_t existing = 0;
  BOOST_TEST(set.Insert("a", 1, &existing));
  BOOST_TEST(set.Insert("aa", 2, &existing));
  BOOST_TEST(set.Insert("aaa", 3, &existing));
  BOOST_TEST(set.Insert("a\0"sv, 4, &existing));  // embedded NUL
  BOOST_TEST(set.Insert("\0a"sv, 5, &existing));
  BOOST_TEST(!set.Insert("aa", 0, &existing));
  BOOST_TEST(existing == 2);
  BOOST_TEST(!set.Insert("a\0"sv, 0, &existing));
  BOOST_TEST(existing == 4);
  BOOST_TEST(set.size() == 5u);
}

BOOST_AUTO_TEST_CASE(empty_key) {
  KeySet set;
  int64_t existing = 0;
  BOOST_TEST(set.Insert("", 42, &existing));
  BOOST_TEST(set.Insert("x", 43, &existing));
  BOOST_TEST(!set.Insert("", 44, &existing));
  BOOST_TEST(existing == 42);
  BOOST_TEST(set.size() == 2u);
}

BOOST_AUTO_TEST_CASE(long_keys) {
  KeySet set;
  int64_t existing = 0;
  // Lengths around the varint boundaries (127/128, 16383/16384) and beyond.
  const size_t lengths[] = {127, 128, 129, 16383, 16384, 100000, 1 << 20};
  for (size_t len : lengths) {
    std::string key(len, 'k');
    BOOST_TEST_INFO("length " << len);
    BOOST_TEST(set.Insert(key, static_cast<int64_t>(len), &existing));
    key.back() = 'j';  // same length, last byte differs
    BOOST_TEST(set.Insert(key, -static_cast<int64_t>(len), &existing));
  }
  for (size_t len : lengths) {
    BOOST_TEST_INFO("length " << len);
    BOOST_TEST(!set.Insert(std::string(len, 'k'), 0, &existing));
    BOOST_TEST(existing == static_cast<int64_t>(len));
    std::string key(len, 'k');
    key.back() = 'j';
    BOOST_TEST(!set.Insert(key, 0, &existing));
    BOOST_TEST(existing == -static_cast<int64_t>(len));
  }
  BOOST_TEST(set.size() == 14u);
}

BOOST_AUTO_TEST_CASE(grows_through_many_rehashes) {
  KeySet set;
  int64_t existing = 0;
  const int n = 200000;
  const size_t initial_memory = set.MemoryBytes();
  for (int i = 0; i < n; ++i) {
    std::string key = "FEE" + std::to_string(i);
    if (!set.Insert(key, i + 2, &existing)) BOOST_FAIL("key " << key << " reported as duplicate");
  }
  BOOST_TEST(set.size() == static_cast<size_t>(n));
  BOOST_TEST(set.MemoryBytes() > initial_memory);
  for (int i = 0; i < n; ++i) {
    std::string key = "FEE" + std::to_string(i);
    existing = -1;
    if (set.Insert(key, 0, &existing)) BOOST_FAIL("key " << key << " lost after growth");
    if (existing != i + 2) BOOST_FAIL("key " << key << " payload " << existing << ", expected " << i + 2);
  }
  BOOST_TEST(set.size() == static_cast<size_t>(n));
  // Keys never inserted are still new.
  BOOST_TEST(set.Insert("FEE" + std::to_string(n), 0, &existing));
  BOOST_TEST(set.Insert("FEE-1", 0, &existing));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
