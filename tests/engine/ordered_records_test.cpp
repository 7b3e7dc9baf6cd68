// OrderedRecords: a stored table's records come back in replay order (event
// time, table, primary key), whatever order they were added in, with the
// fields outside the projection dropped and the others unchanged.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <random>

#include "engine/runtime/event_order.h"
#include "engine/runtime/ordered_records.h"
#include "tests/engine/engine_test_util.h"

namespace fundwatch::testing {
namespace {

BOOST_AUTO_TEST_SUITE(ordered_records)

BOOST_AUTO_TEST_CASE(records_come_back_in_replay_order) {
  // Settlements at few times (many ties), keys sharing their first 16
  // bytes, added in a scrambled order.
  std::mt19937 rng(17);
  std::vector<Record> input;
  for (int i = 0; i < 5000; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-%02d 10:00:00", 1 + static_cast<int>(rng() % 4));
    const std::string id = i % 3 == 0 ? "SETTLEMENT-SHARED-" + std::to_string(rng() % 100000) + "-" + std::to_string(i)
                                      : "S" + std::to_string(i);
    input.push_back(Rec(tables::kSetl, {{"setl_id", id},
                                        {"setl_time", time},
                                        {"psn_no", "P" + std::to_string(i % 7)},
                                        {"medfee_sumamt", std::to_string(i) + ".25"}}));
  }
  std::shuffle(input.begin(), input.end(), rng);
  const TableDef& setl = Table(tables::kSetl);
  std::vector<bool> keep(setl.fields.size(), true);
  keep[setl.FieldIndex("medfee_sumamt")] = false;
  runtime::OrderedRecords ordered(&keep);
  for (const Record& r : input) ordered.Add(r);
  BOOST_TEST(ordered.size() == input.size());
  std::vector<Record> out;
  ordered.MoveTo(&out);
  BOOST_TEST(ordered.size() == 0u);
  std::vector<Record> want;
  for (const Record& r : input) want.push_back(r.Projected(keep));
  std::sort(want.begin(), want.end(), [](const Record& a, const Record& b) {
    return runtime::StreamBefore(runtime::StreamTime(a), a, runtime::StreamTime(b), b);
  });
  BOOST_TEST_REQUIRE(out.size() == want.size());
  for (size_t i = 0; i < out.size(); ++i) {
    BOOST_TEST_REQUIRE((out[i] == want[i]), "record " << i);
    BOOST_TEST(out[i].IsNull(setl.FieldIndex("medfee_sumamt")));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
