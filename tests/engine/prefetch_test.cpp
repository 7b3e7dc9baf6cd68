// The rows a worker probes ahead are the rows the evaluator uses: a lookup
// keyed by the offered record's own fields is found once, a few records
// ahead, and every lookup of the worker's rules alike takes those rows
// (RunStats::lookups_prefetched counts them) instead of building, hashing
// and finding the key again. A query bound to another row than the one
// offered (a group judged at the end of its time, from its own row) makes
// its lookups itself, and a null key part still finds nothing.
#include <boost/test/unit_test.hpp>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Agg;

constexpr int64_t kDay = 86400;

struct PrefetchFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias f{0, tables::kFeeList, "f"};
  Alias m{1, tables::kFixmedins, "m"};
  Alias t{2, tables::kTracEvent, "t"};

  plan::Join JoinM() { return InnerJoin(KeyLookup(m, {"fixmedins_code"}, {Field(p, f, "fixmedins_code")})); }

  // JOIN: each fee line names the institution it joins and counts the
  // trace events of its code (a null code: none).
  void AddJoinRule() {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 3);
    q.joins.push_back(JoinM());
    plan::Subquery sq;
    sq.kind = plan::SubqueryKind::kCount;
    sq.lookup = KeyLookup(t, {"drug_trac_codg"}, {Field(p, f, "drug_trac_codg")});
    const plan::ExprId codes = Subquery(p, q, std::move(sq), Type::kInt);
    q.where = Ge(p, codes, Int(p, 0));
    plan::Rule r = MakeRule("JOIN", std::move(q));
    AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
    AddText(r, "at ");
    AddValue(r, Field(p, m, "fixmedins_code"));
    AddText(r, " codes ");
    AddValue(r, codes);
    p.rules.push_back(std::move(r));
  }

  // GROUP: a window per patient, judged when its time is complete from
  // the patient's own row, naming the institution that row joins (the
  // same lookup as JOIN's: one probe serves both).
  void AddGroupRule() {
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

  void AddRecords() {
    for (const char* code : {"HA", "HB", "HC"}) store.Add(tables::kFixmedins, {{"fixmedins_code", code}});
    const char* events[][2] = {{"E1", "C1"}, {"E2", "C1"}, {"E3", "C2"}};
    for (const auto& [id, code] : events) {
      store.Add(tables::kTracEvent, {{"event_id", id}, {"drug_trac_codg", code}, {"event_time", "2025-02-01 09:00:00"}});
    }
    // Four patients at one time, so that every group is judged after the
    // worker has read all four rows; P4's institution is unknown.
    const char* lines[][4] = {{"F1", "P1", "HA", "C1"}, {"F2", "P2", "HB", "C2"}, {"F3", "P3", "HC", ""}, {"F4", "P4", "HZ", "C1"}};
    for (const auto& [sn, psn, code, codes] : lines) {
      store.Add(tables::kFeeList, {{"feedetl_sn", sn}, {"psn_no", psn}, {"fixmedins_code", code},
                                   {"drug_trac_codg", codes}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
    }
  }
};

BOOST_AUTO_TEST_SUITE(prefetch)

BOOST_FIXTURE_TEST_CASE(each_lookup_takes_the_rows_of_its_own_record, PrefetchFixture) {
  AddJoinRule();
  AddGroupRule();
  AddRecords();
  const RunResult r = RunBothWays(p, store, clock);
  BOOST_TEST(r.Keys("JOIN") == (std::vector<std::string>{"F1", "F2", "F3"}), boost::test_tools::per_element());
  BOOST_TEST(r.Find("JOIN", "F1")->message == "at HA codes 2");
  BOOST_TEST(r.Find("JOIN", "F2")->message == "at HB codes 1");
  BOOST_TEST(r.Find("JOIN", "F3")->message == "at HC codes 0");  // a null code finds nothing
  BOOST_TEST(r.Keys("GROUP") == (std::vector<std::string>{"P1", "P2", "P3"}), boost::test_tools::per_element());
  BOOST_TEST(r.Find("GROUP", "P1")->message == "at HA");
  BOOST_TEST(r.Find("GROUP", "P2")->message == "at HB");
  BOOST_TEST(r.Find("GROUP", "P3")->message == "at HC");
  BOOST_TEST(r.stats.lookups_prefetched > 0);
  for (size_t threads : {size_t{2}, size_t{3}}) {
    BOOST_TEST_CONTEXT(std::string("threads ") + std::to_string(threads)) {
      BOOST_TEST(JsonLines(Run(p, store, clock, threads).alerts) == JsonLines(r.alerts), boost::test_tools::per_element());
    }
  }
}

BOOST_FIXTURE_TEST_CASE(a_lookup_found_ahead_is_not_made_again, PrefetchFixture) {
  AddJoinRule();
  AddRecords();
  const RunResult r = Run(p, store, clock);
  BOOST_TEST(r.Keys("JOIN") == (std::vector<std::string>{"F1", "F2", "F3"}), boost::test_tools::per_element());
  // Every fee line's join, the count in `where` of the three whose join
  // found an institution, and the join and count once more for each of
  // their alerts' evidence and message: each answered from the probe made
  // ahead.
  BOOST_TEST(r.stats.lookups_prefetched == 4 + 3 + 3 * 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
