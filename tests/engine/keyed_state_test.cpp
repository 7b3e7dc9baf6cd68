// KeyedState: an exact map from key text to state, checked against std::map
// through a long random run of inserts, lookups and erases (backward-shift
// deletion, id reuse, growth and arena compaction all exercised).
#include <boost/test/unit_test.hpp>

#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "engine/runtime/keyed_state.h"

namespace fundwatch::testing {
namespace {

BOOST_AUTO_TEST_SUITE(keyed_state)

BOOST_AUTO_TEST_CASE(agrees_with_std_map_through_random_inserts_and_erases) {
  runtime::KeyedState<std::string> state;
  std::map<std::string, std::string> model;
  std::map<std::string, runtime::KeyedState<std::string>::Id> ids;
  std::mt19937 rng(42);
  for (int step = 0; step < 200000; ++step) {
    // Long keys so the arena passes its compaction threshold; a small key
    // space so that keys come back after being erased.
    std::string key = std::string(40, 'k') + std::to_string(rng() % 20000);
    switch (rng() % 3) {
      case 0: {
        auto [id, created] = state.FindOrInsert(key);
        BOOST_REQUIRE(created == (model.count(key) == 0));
        if (created) state[id] = "v" + key;
        model.emplace(key, "v" + key);
        ids[key] = id;
        break;
      }
      case 1: {
        auto id = state.Find(key);
        BOOST_REQUIRE(id.has_value() == (model.count(key) > 0));
        if (id) {
          BOOST_REQUIRE(state[*id] == model[key]);
          BOOST_REQUIRE(state.KeyOf(*id) == key);
        }
        break;
      }
      case 2:
        if (model.count(key)) {
          state.Erase(ids[key]);
          model.erase(key);
          ids.erase(key);
        }
        break;
    }
    BOOST_REQUIRE(state.size() == model.size());
  }
  size_t seen = 0;
  state.ForEach([&](auto id) {
    ++seen;
    BOOST_REQUIRE(model.count(std::string(state.KeyOf(id))) == 1);
  });
  BOOST_TEST(seen == model.size());
  // Every remaining key is still found after all the shifting.
  for (const auto& [k, v] : model) {
    auto id = state.Find(k);
    BOOST_REQUIRE(id.has_value());
    BOOST_TEST(state[*id] == v);
  }
}

BOOST_AUTO_TEST_CASE(keys_that_differ_only_after_a_shared_prefix_stay_apart) {
  runtime::KeyedState<int> state;
  auto a = state.FindOrInsert("P1\x1f" "X1\x1f").first;
  auto b = state.FindOrInsert("P1\x1f" "X10\x1f").first;
  auto c = state.FindOrInsert(std::string_view("P1\x1f" "X1\x00", 6)).first;
  BOOST_TEST(a != b);
  BOOST_TEST(a != c);
  state[a] = 1;
  state[b] = 2;
  state.Erase(a);
  BOOST_TEST(!state.Find("P1\x1f" "X1\x1f").has_value());
  BOOST_TEST(state[*state.Find("P1\x1f" "X10\x1f")] == 2);
  // A key erased and made again is new (its slot's value is the caller's to reset).
  auto again = state.FindOrInsert("P1\x1f" "X1\x1f");
  BOOST_TEST(again.second);
  BOOST_TEST(state.KeyOf(again.first) == "P1\x1f" "X1\x1f");
}

// A key too long for the 24-bit length of its place is refused, and the
// state is as it was: no id handed out, the other keys still found.
BOOST_AUTO_TEST_CASE(a_key_of_16_mb_is_refused_and_changes_nothing) {
  runtime::KeyedState<int> state;
  auto [a, created] = state.FindOrInsert("A");
  BOOST_TEST(created);
  const std::string huge(size_t{1} << 24, 'k');
  BOOST_CHECK_THROW(state.FindOrInsert(huge), std::length_error);
  BOOST_TEST(state.size() == 1u);
  BOOST_TEST(!state.Find(huge).has_value());
  BOOST_TEST(state.Find("A").value() == a);
  auto [b, b_created] = state.FindOrInsert("B");
  BOOST_TEST(b_created);
  BOOST_TEST(b != a);
  BOOST_TEST(state.KeyOf(b) == "B");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
