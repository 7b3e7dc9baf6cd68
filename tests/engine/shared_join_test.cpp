// Shared joins (Join::shared): a worker makes a join several rules share
// once per row, and every rule sees the row that join finds for *its* row,
// including a group judged at the end of its time from a row that is not
// the last one the worker read.
#include <boost/test/unit_test.hpp>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Agg;

constexpr int64_t kDay = 86400;

struct SharedJoinFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias f{0, tables::kFeeList, "f"};
  Alias m{1, tables::kFixmedins, "m"};

  plan::Join JoinM() {
    plan::Join j = InnerJoin(KeyLookup(m, {"fixmedins_code"}, {Field(p, f, "fixmedins_code")}));
    j.shared = 0;
    return j;
  }

  // Two rules joining the institution of a fee line, one class: a plain
  // rule and a window group, each naming the institution it found.
  void Build() {
    {
      plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
      q.joins.push_back(JoinM());
      plan::Rule r = MakeRule("PLAIN", std::move(q));
      AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
      AddText(r, "at ");
      AddValue(r, Field(p, m, "fixmedins_code"));
      p.rules.push_back(std::move(r));
    }
    {
      plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
      q.joins.push_back(JoinM());
      q.group_by = {Field(p, f, "psn_no")};
      q.window = plan::Window{7 * kDay, Field(p, f, "fee_ocur_time")};
      q.having = Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "n"), Int(p, 1));
      plan::Rule r = MakeRule("GROUP", std::move(q));
      AddKey(r, "psn_no", Field(p, f, "psn_no"));
      AddText(r, "at ");
      AddValue(r, Field(p, m, "fixmedins_code"));
      p.rules.push_back(std::move(r));
    }
    p.shared_joins = 1;
    for (const char* code : {"HA", "HB", "HC"}) store.Add(tables::kFixmedins, {{"fixmedins_code", code}});
    // Three patients at one time: the worker reads F1, F2, F3, then judges
    // each patient's group from its own row.
    store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"psn_no", "P1"}, {"fixmedins_code", "HA"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"psn_no", "P2"}, {"fixmedins_code", "HB"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"psn_no", "P3"}, {"fixmedins_code", "HC"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  }
};

BOOST_AUTO_TEST_SUITE(shared_joins)

BOOST_FIXTURE_TEST_CASE(each_rule_sees_the_row_its_own_record_joins, SharedJoinFixture) {
  Build();
  RunResult r = Run(p, store, clock);
  const std::pair<const char*, const char*> expected[] = {{"P1", "HA"}, {"P2", "HB"}, {"P3", "HC"}};
  for (const auto& [psn, code] : expected) {
    const runtime::Alert* a = r.Find("GROUP", psn);
    BOOST_TEST_REQUIRE(a != nullptr, psn);
    BOOST_TEST(a->message == std::string("at ") + code, psn);
  }
  BOOST_TEST(r.Find("PLAIN", "F1")->message == "at HA");
  BOOST_TEST(r.Find("PLAIN", "F3")->message == "at HC");
}

BOOST_FIXTURE_TEST_CASE(shared_or_not_and_on_any_number_of_threads_the_alerts_agree, SharedJoinFixture) {
  Build();
  const std::vector<std::string> shared = JsonLines(Run(p, store, clock).alerts);
  BOOST_TEST_REQUIRE(shared.size() == 6u);
  BOOST_TEST(JsonLines(Run(p, store, clock, 2).alerts) == shared);
  for (plan::Rule& rule : p.rules) rule.query.joins[0].shared = -1;
  p.shared_joins = 0;
  BOOST_TEST(JsonLines(Run(p, store, clock).alerts) == shared);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
