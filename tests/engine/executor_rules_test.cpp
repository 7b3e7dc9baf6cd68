// Running rules: one alert per key (the earliest), exceptions, statistics,
// and rules that read other rules' results.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Fn;

struct RulesFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias f{0, tables::kFeeList, "f"};
  RunResult Run() { return testing::Run(p, store, clock); }

  // from fee_list f [where f.pric > 100] key f.psn_no, message f.feedetl_sn
  plan::Rule& PerPatient(std::string id) {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
    q.where = Gt(p, Field(p, f, "pric"), Int(p, 100));
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "psn_no", Field(p, f, "psn_no"));
    AddValue(r, Field(p, f, "feedetl_sn"));
    p.rules.push_back(std::move(r));
    return p.rules.back();
  }
  void Fee(std::string sn, std::string time, Fields more = {}) {
    more.emplace_back("feedetl_sn", sn);
    more.emplace_back("fee_ocur_time", time);
    if (std::none_of(more.begin(), more.end(), [](const auto& kv) { return kv.first == "pric"; })) {
      more.emplace_back("pric", "120.00");
    }
    store.Add(tables::kFeeList, more);
  }
};

BOOST_AUTO_TEST_SUITE(executor_dedup)

BOOST_FIXTURE_TEST_CASE(one_alert_per_key_keeps_the_earliest, RulesFixture) {
  PerPatient("R");
  Fee("F1", "2025-03-01 10:00:00");
  Fee("F2", "2025-03-01 09:00:00");
  Fee("F3", "2025-03-01 11:00:00");
  Fee("F4", "2025-03-01 08:00:00", {{"pric", "100.00"}});  // earlier, but does not hold
  Fee("G1", "2025-03-01 12:00:00", {{"psn_no", "P2"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("R") == (std::vector<std::string>{"P1", "P2"}));
  const runtime::Alert* a = r.Find("R", "P1");
  BOOST_TEST(a->message == "F2");
  BOOST_TEST(a->event_time.value_or(0) == At("2025-03-01 09:00:00").seconds());
  BOOST_TEST(EvidenceOf(*a) == std::vector<std::string>{"fee_list:F2"});
  BOOST_TEST(r.Stats("R")->alerts == 2);
  BOOST_TEST(r.Stats("R")->suppressed == 0);
  BOOST_TEST(std::string(r.Stats("R")->primitive) == "per-record");
  BOOST_TEST(r.Stats("R")->state_keys == 0);
}

BOOST_FIXTURE_TEST_CASE(same_time_broken_by_evidence, RulesFixture) {
  PerPatient("R");
  Fee("F9", "2025-03-01 10:00:00");
  Fee("F1", "2025-03-01 10:00:00");
  Fee("F5", "2025-03-01 10:00:00");
  BOOST_TEST(Run().Find("R", "P1")->message == "F1");
}

BOOST_FIXTURE_TEST_CASE(alerts_sorted_by_rule_then_key, RulesFixture) {
  PerPatient("Z-FIRST");
  PerPatient("A-SECOND");
  Fee("F1", "2025-03-01 10:00:00", {{"psn_no", "P3"}});
  Fee("F2", "2025-03-01 10:00:00", {{"psn_no", "P1"}});
  Fee("F3", "2025-03-01 10:00:00", {{"psn_no", "P2"}});
  RunResult r = Run();
  std::vector<std::string> order;
  for (const runtime::Alert& a : r.alerts) order.push_back(a.rule_id + ":" + a.key_text);
  BOOST_TEST(order == (std::vector<std::string>{"Z-FIRST:P1", "Z-FIRST:P2", "Z-FIRST:P3", "A-SECOND:P1",
                                                 "A-SECOND:P2", "A-SECOND:P3"}));
  BOOST_TEST_REQUIRE(r.stats.rules.size() == 2u);
  BOOST_TEST(r.stats.rules[0].rule_id == "Z-FIRST");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(executor_exceptions)

// exception R when f.fixmedins_code == "H9" because "特批"
struct ExceptionFixture : RulesFixture {
  void Build() {
    plan::Rule& r = PerPatient("R");
    r.exceptions.push_back(plan::Exception{Eq(p, Field(p, f, "fixmedins_code"), Str(p, "H9")), "特批"});
    // An exception whose condition is unknown (null prd_days) never suppresses.
    r.exceptions.push_back(plan::Exception{Gt(p, Field(p, f, "prd_days"), Int(p, 0)), "有用药天数"});
  }
};

BOOST_FIXTURE_TEST_CASE(exceptions_suppress_and_are_counted, ExceptionFixture) {
  Build();
  Fee("F1", "2025-03-01 10:00:00", {{"psn_no", "P1"}, {"fixmedins_code", "H9"}});
  Fee("F2", "2025-03-01 10:00:00", {{"psn_no", "P2"}, {"fixmedins_code", "H1"}});
  Fee("F3", "2025-03-01 10:00:00", {{"psn_no", "P3"}, {"fixmedins_code", "H1"}, {"prd_days", "3"}});
  Fee("F4", "2025-03-01 10:00:00", {{"psn_no", "P4"}, {"fixmedins_code", "H8"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("R") == (std::vector<std::string>{"P2", "P4"}));
  BOOST_TEST(r.Stats("R")->alerts == 2);
  BOOST_TEST(r.Stats("R")->suppressed == 2);
  for (const runtime::Alert& a : r.alerts) BOOST_TEST(a.suppressed_by.empty());
}

BOOST_FIXTURE_TEST_CASE(a_key_also_raised_without_the_exception_is_reported, ExceptionFixture) {
  Build();
  Fee("F1", "2025-03-01 09:00:00", {{"fixmedins_code", "H9"}});  // earliest, but excepted
  Fee("F2", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("R") == std::vector<std::string>{"P1"});
  BOOST_TEST(r.Find("R", "P1")->message == "F2");
  BOOST_TEST(r.Stats("R")->suppressed == 0);
}

BOOST_AUTO_TEST_SUITE_END()

// --- rule chaining ------------------------------------------------------------------------------

// R1 (a DLV-RATE stand-in): from vbp_order o where o.urgent_flag == 1
//    key distributor_code = o.distributor_code, month = month(o.order_time)
// R2 (DLV-3M): from rule R1 r
//    where exists(rule R1 a where a.distributor_code == r.distributor_code and a.month == add_months(r.month, -1))
//      and exists(rule R1 b where b.distributor_code == r.distributor_code and b.month == add_months(r.month, -2))
//    key r.distributor_code, r.month
struct ChainFixture : RulesFixture {
  Alias o{0, tables::kVbpOrder, "o"};
  void Build() {
    {
      plan::QueryPlan q = From(TableSource(tables::kVbpOrder), 0, 1);
      q.where = Eq(p, Field(p, o, "urgent_flag"), Int(p, 1));
      plan::Rule r = MakeRule("R1", std::move(q));
      AddKey(r, "distributor_code", Field(p, o, "distributor_code"));
      AddKey(r, "month", Call(p, Fn::kMonth, {Field(p, o, "order_time")}, Type::kString));
      p.rules.push_back(std::move(r));
    }
    plan::QueryPlan q = From(RuleSource(0), 0, 3);
    ExprId dist = FieldAt(p, 0, 0, Type::kString, "r.distributor_code");
    ExprId month = FieldAt(p, 0, 1, Type::kString, "r.month");
    auto earlier = [&](uint8_t slot, int64_t back) {
      plan::Lookup l;
      l.source = RuleSource(0);
      l.slot = slot;
      l.inner_fields = {0, 1};
      l.outer_exprs = {dist, Call(p, Fn::kAddMonths, {month, Int(p, -back)}, Type::kString)};
      return Subquery(p, q, plan::Subquery{plan::SubqueryKind::kExists, l, plan::kNoExpr}, Type::kBool);
    };
    ExprId one = earlier(1, 1);
    ExprId two = earlier(2, 2);
    q.where = And(p, one, two);
    plan::Rule r = MakeRule("R2", std::move(q));
    r.depends_on_rules = {0};
    AddKey(r, "distributor_code", dist);
    AddKey(r, "month", month);
    p.rules.push_back(std::move(r));
  }
  void Urgent(std::string id, std::string distributor, std::string time) {
    store.Add(tables::kVbpOrder, {{"order_id", id}, {"distributor_code", distributor}, {"order_time", time},
                                  {"urgent_flag", "1"}});
  }
  void Data() {
    Urgent("A1", "D1", "2024-11-03 10:00:00");
    Urgent("A2", "D1", "2024-12-03 10:00:00");
    Urgent("A3", "D1", "2025-01-03 10:00:00");
    Urgent("A4", "D1", "2025-01-20 10:00:00");  // same R1 key as A3: later
    Urgent("B1", "D2", "2024-11-03 10:00:00");
    Urgent("B3", "D2", "2025-01-03 10:00:00");  // December missing
    Urgent("C2", "D3", "2024-12-31 23:59:59");
    Urgent("C3", "D3", "2025-01-01 00:00:00");
    Urgent("C4", "D3", "2025-02-01 00:00:00");
    store.Add(tables::kVbpOrder, {{"order_id", "N1"}, {"distributor_code", "D2"}, {"order_time", "2024-12-05 10:00:00"},
                                  {"urgent_flag", "0"}});  // not an R1 result
  }
};

BOOST_AUTO_TEST_SUITE(executor_chaining)

BOOST_FIXTURE_TEST_CASE(a_rule_reads_another_rules_results, ChainFixture) {
  Build();
  Data();
  RunResult r = Run();
  BOOST_TEST(r.Keys("R1").size() == 8u);
  BOOST_TEST(r.Keys("R2") == (std::vector<std::string>{"D1/2025-01", "D3/2025-02"}));
  const runtime::Alert* a = r.Find("R2", "D1/2025-01");
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a->key == (std::vector<std::pair<std::string, std::string>>{{"distributor_code", "D1"}, {"month", "2025-01"}}));
  // The result row carries the event time of the R1 alert it came from.
  BOOST_TEST(a->event_time.value_or(0) == At("2025-01-03 10:00:00").seconds());
  // Its evidence starts with the R1 result, then that result's own evidence.
  BOOST_TEST_REQUIRE(a->evidence.size() >= 2u);
  BOOST_TEST(EvidenceOf(*a)[0] == "rule:R1:D1/2025-01");
  BOOST_TEST(EvidenceOf(*a)[1] == "vbp_order:A3");
  BOOST_TEST(r.Stats("R2")->alerts == 2);
}

BOOST_FIXTURE_TEST_CASE(exists_over_results_is_a_witness, ChainFixture) {
  Build();
  Data();
  RunResult r = Run();
  const runtime::Alert* a = r.Find("R2", "D1/2025-01");
  BOOST_TEST_REQUIRE(a != nullptr);
  std::vector<std::string> evidence = EvidenceOf(*a);
  // The two earlier months' results made R2 hold: they are evidence too.
  BOOST_TEST((std::find(evidence.begin(), evidence.end(), "rule:R1:D1/2024-12") != evidence.end()));
  BOOST_TEST((std::find(evidence.begin(), evidence.end(), "rule:R1:D1/2024-11") != evidence.end()));
}

BOOST_FIXTURE_TEST_CASE(suppressed_results_are_not_read_by_later_rules, ChainFixture) {
  Build();
  Data();
  // exception R1 when month == "2024-11": D1 loses its first month.
  ExprId month = Call(p, Fn::kMonth, {Field(p, o, "order_time")}, Type::kString);
  p.rules[0].exceptions.push_back(plan::Exception{Eq(p, month, Str(p, "2024-11")), "十一月豁免"});
  RunResult r = Run();
  BOOST_TEST(r.Keys("R2") == std::vector<std::string>{"D3/2025-02"});
  BOOST_TEST(r.Stats("R1")->suppressed == 2);  // D1/2024-11 and D2/2024-11
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
