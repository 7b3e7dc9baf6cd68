#include "engine/data/effective_index.h"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fundwatch {
namespace {

Date D(const char* text) {
  std::optional<Date> d = Date::Parse(text);
  BOOST_TEST_REQUIRE(d.has_value());
  return *d;
}

// The row found for `key` on `date`, or -1.
int64_t Row(const EffectiveIndex& index, const std::string& key, const char* date) {
  std::optional<uint32_t> row = index.Find(key, D(date));
  return row ? static_cast<int64_t>(*row) : -1;
}

BOOST_AUTO_TEST_SUITE(effective_index)

BOOST_AUTO_TEST_CASE(closed_interval_edges) {
  EffectiveIndex index;
  index.Add("X001", D("2024-01-01"), D("2024-06-30"), 7);
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(Row(index, "X001", "2023-12-31") == -1);  // day before first
  BOOST_TEST(Row(index, "X001", "2024-01-01") == 7);   // first day
  BOOST_TEST(Row(index, "X001", "2024-03-15") == 7);
  BOOST_TEST(Row(index, "X001", "2024-06-30") == 7);   // last day
  BOOST_TEST(Row(index, "X001", "2024-07-01") == -1);  // day after last
  BOOST_TEST(index.size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_day_interval) {
  EffectiveIndex index;
  index.Add("K", D("2024-02-29"), D("2024-02-29"), 1);
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(Row(index, "K", "2024-02-28") == -1);
  BOOST_TEST(Row(index, "K", "2024-02-29") == 1);
  BOOST_TEST(Row(index, "K", "2024-03-01") == -1);
}

BOOST_AUTO_TEST_CASE(consecutive_intervals_and_gaps) {
  EffectiveIndex index;
  // Added out of order on purpose: files are not sorted.
  index.Add("X001", D("2025-01-01"), std::nullopt, 3);
  index.Add("X001", D("2024-01-01"), D("2024-06-30"), 1);
  index.Add("X001", D("2024-07-01"), D("2024-09-30"), 2);  // adjacent to the first
  // gap: 2024-10-01 .. 2024-12-31
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(Row(index, "X001", "2024-06-30") == 1);
  BOOST_TEST(Row(index, "X001", "2024-07-01") == 2);
  BOOST_TEST(Row(index, "X001", "2024-09-30") == 2);
  BOOST_TEST(Row(index, "X001", "2024-10-01") == -1);
  BOOST_TEST(Row(index, "X001", "2024-11-15") == -1);
  BOOST_TEST(Row(index, "X001", "2024-12-31") == -1);
  BOOST_TEST(Row(index, "X001", "2025-01-01") == 3);
  BOOST_TEST(Row(index, "X001", "2023-01-01") == -1);
  BOOST_TEST(index.size() == 3u);
}

BOOST_AUTO_TEST_CASE(open_end_reaches_far_future) {
  EffectiveIndex index;
  index.Add("P", D("2020-01-01"), std::nullopt, 5);
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(Row(index, "P", "2019-12-31") == -1);
  BOOST_TEST(Row(index, "P", "2020-01-01") == 5);
  BOOST_TEST(Row(index, "P", "2100-01-01") == 5);
  BOOST_TEST(Row(index, "P", "9999-12-31") == 5);
}

BOOST_AUTO_TEST_CASE(several_keys_are_independent) {
  EffectiveIndex index;
  index.Add("A", D("2024-01-01"), D("2024-12-31"), 10);
  index.Add("B", D("2024-06-01"), std::nullopt, 20);
  index.Add("A", D("2025-01-01"), std::nullopt, 11);
  index.Add("C", D("2023-01-01"), D("2023-01-31"), 30);
  index.Add("AB", D("2000-01-01"), std::nullopt, 40);
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(Row(index, "A", "2024-03-01") == 10);
  BOOST_TEST(Row(index, "A", "2025-03-01") == 11);
  BOOST_TEST(Row(index, "B", "2024-03-01") == -1);
  BOOST_TEST(Row(index, "B", "2024-06-01") == 20);
  BOOST_TEST(Row(index, "C", "2023-01-31") == 30);
  BOOST_TEST(Row(index, "C", "2023-02-01") == -1);
  BOOST_TEST(Row(index, "AB", "2024-03-01") == 40);
  BOOST_TEST(index.size() == 5u);
}

BOOST_AUTO_TEST_CASE(key_never_added) {
  EffectiveIndex index;
  index.Add("A", D("2024-01-01"), std::nullopt, 1);
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(Row(index, "B", "2024-06-01") == -1);
  BOOST_TEST(Row(index, "", "2024-06-01") == -1);
  BOOST_TEST(Row(index, "a", "2024-06-01") == -1);

  EffectiveIndex empty;
  BOOST_TEST(empty.Finalize().empty());
  BOOST_TEST(Row(empty, "A", "2024-06-01") == -1);
  BOOST_TEST(empty.size() == 0u);
}

BOOST_AUTO_TEST_CASE(overlap_drops_the_later_starting_row) {
  EffectiveIndex index;
  index.Add("X", D("2024-03-01"), D("2024-12-31"), 2);  // starts later, overlaps row 1
  index.Add("X", D("2024-01-01"), D("2024-06-30"), 1);
  index.Add("X", D("2025-01-01"), std::nullopt, 3);
  std::vector<EffectiveIndex::Overlap> overlaps = index.Finalize();
  BOOST_TEST_REQUIRE(overlaps.size() == 1u);
  BOOST_TEST(overlaps[0].row == 2u);
  BOOST_TEST(overlaps[0].kept_row == 1u);
  BOOST_TEST(index.size() == 2u);
  BOOST_TEST(Row(index, "X", "2024-03-01") == 1);
  BOOST_TEST(Row(index, "X", "2024-06-30") == 1);
  BOOST_TEST(Row(index, "X", "2024-07-01") == -1);  // the dropped row covers nothing
  BOOST_TEST(Row(index, "X", "2024-12-31") == -1);
  BOOST_TEST(Row(index, "X", "2025-01-01") == 3);
}

BOOST_AUTO_TEST_CASE(overlap_on_a_single_shared_day) {
  EffectiveIndex index;
  index.Add("X", D("2024-01-01"), D("2024-06-30"), 1);
  index.Add("X", D("2024-06-30"), std::nullopt, 2);  // shares 2024-06-30
  std::vector<EffectiveIndex::Overlap> overlaps = index.Finalize();
  BOOST_TEST_REQUIRE(overlaps.size() == 1u);
  BOOST_TEST(overlaps[0].row == 2u);
  BOOST_TEST(overlaps[0].kept_row == 1u);
  BOOST_TEST(Row(index, "X", "2024-07-01") == -1);
}

BOOST_AUTO_TEST_CASE(open_interval_overlaps_every_later_row) {
  EffectiveIndex index;
  index.Add("X", D("2020-01-01"), std::nullopt, 1);
  index.Add("X", D("2022-01-01"), D("2022-12-31"), 2);
  index.Add("X", D("2030-01-01"), std::nullopt, 3);
  index.Add("Y", D("2022-01-01"), D("2022-12-31"), 4);  // other keys untouched
  std::vector<EffectiveIndex::Overlap> overlaps = index.Finalize();
  BOOST_TEST_REQUIRE(overlaps.size() == 2u);
  BOOST_TEST(overlaps[0].row == 2u);
  BOOST_TEST(overlaps[0].kept_row == 1u);
  BOOST_TEST(overlaps[1].row == 3u);
  BOOST_TEST(overlaps[1].kept_row == 1u);
  BOOST_TEST(Row(index, "X", "2022-06-01") == 1);
  BOOST_TEST(Row(index, "X", "2031-06-01") == 1);
  BOOST_TEST(Row(index, "Y", "2022-06-01") == 4);
}

BOOST_AUTO_TEST_CASE(same_start_keeps_the_lower_row) {
  EffectiveIndex index;
  index.Add("X", D("2024-01-01"), D("2024-01-31"), 9);
  index.Add("X", D("2024-01-01"), D("2024-12-31"), 4);
  std::vector<EffectiveIndex::Overlap> overlaps = index.Finalize();
  BOOST_TEST_REQUIRE(overlaps.size() == 1u);
  BOOST_TEST(overlaps[0].row == 9u);
  BOOST_TEST(overlaps[0].kept_row == 4u);
  BOOST_TEST(Row(index, "X", "2024-06-01") == 4);
}

BOOST_AUTO_TEST_CASE(many_keys_and_intervals) {
  EffectiveIndex index;
  // 1000 keys, each with 12 monthly intervals of 2024 and a gap in June.
  uint32_t row = 0;
  for (int k = 0; k < 1000; ++k) {
    for (int m = 12; m >= 1; --m) {
      if (m == 6) continue;
      Date from = *Date::FromCivil(2024, m, 1);
      Date to = m == 12 ? *Date::FromCivil(2024, 12, 31) : Date::FromDays(Date::FromCivil(2024, m + 1, 1)->days() - 1);
      index.Add("H" + std::to_string(k), from, to, row++);
    }
  }
  BOOST_TEST(index.Finalize().empty());
  BOOST_TEST(index.size() == 11000u);
  for (int k = 0; k < 1000; k += 97) {
    std::string key = "H" + std::to_string(k);
    uint32_t base = static_cast<uint32_t>(k) * 11;
    // Rows were added December first: month m (m != 6) has row base + index in 12,11,..,7,5,..,1.
    BOOST_TEST(Row(index, key, "2024-12-31") == base + 0);
    BOOST_TEST(Row(index, key, "2024-07-01") == base + 5);
    BOOST_TEST(Row(index, key, "2024-06-15") == -1);
    BOOST_TEST(Row(index, key, "2024-05-31") == base + 6);
    BOOST_TEST(Row(index, key, "2024-01-01") == base + 10);
    BOOST_TEST(Row(index, key, "2025-01-01") == -1);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
