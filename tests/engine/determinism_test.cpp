// Exactness: alerts are a function of the set of records and the as-of time,
// never of the order a source delivered the records in.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Agg;
using plan::Fn;

constexpr int64_t kDay = 86400;

struct DeterminismFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias f{0, tables::kFeeList, "f"};

  // Runs in store order, reversed, and under `shuffles` permutations; every
  // run must give the same JSON lines in the same order.
  void ExpectSameUnderShuffles(int shuffles, size_t at_least) {
    std::vector<std::string> baseline = JsonLines(Run(p, store, clock).alerts);
    BOOST_TEST_REQUIRE(baseline.size() >= at_least);
    // Rules shared between threads: same alerts, same order.
    for (size_t threads : {2, 3}) {
      BOOST_TEST(JsonLines(Run(p, store, clock, threads).alerts) == baseline, threads << " threads");
    }
    // Event tables in replay order, as a scan holds them: walked where they
    // lie, not sorted (HeldRows), merged with the tables that are not.
    store.InReplayOrder();
    BOOST_TEST(JsonLines(Run(p, store, clock).alerts) == baseline, "in replay order");
    BOOST_TEST(JsonLines(Run(p, store, clock, 2).alerts) == baseline, "in replay order, 2 threads");
    store.Reverse();
    BOOST_TEST(JsonLines(Run(p, store, clock).alerts) == baseline, "reversed");
    for (int seed = 1; seed <= shuffles; ++seed) {
      store.Shuffle(static_cast<uint32_t>(seed));
      std::vector<std::string> lines = JsonLines(Run(p, store, clock).alerts);
      BOOST_TEST_REQUIRE(lines.size() == baseline.size(), "seed " << seed);
      for (size_t i = 0; i < lines.size(); ++i) {
        BOOST_TEST_REQUIRE(lines[i] == baseline[i], "seed " << seed << " line " << i);
      }
    }
  }

  ExprId Sn() { return Field(p, f, "feedetl_sn"); }
};

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_FIXTURE_TEST_CASE(every_kind_of_rule_under_shuffled_input, DeterminismFixture) {
  Alias h{1, tables::kHilist, "h"}, s{2, tables::kSetl, "s"};
  // exclude setl s where s.refd_setl_flag == 1
  {
    plan::Exclusion x;
    x.table = tables::kSetl;
    x.query = From(TableSource(tables::kSetl), 0, 1);
    x.query.where = Eq(p, Field(p, Alias{0, tables::kSetl, "s"}, "refd_setl_flag"), Int(p, 1));
    p.exclusions.push_back(std::move(x));
  }
  // Plain: fee lines above the ceiling of the version valid on their date, with their settlement.
  {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 3);
    plan::Lookup l = KeyLookup(h, {"hilist_code"}, {Field(p, f, "hilist_code")});
    l.as_of = Field(p, f, "fee_ocur_time");
    q.joins.push_back(InnerJoin(l));
    q.joins.push_back(OptionalJoin(KeyLookup(s, {"setl_id"}, {Field(p, f, "setl_id")})));
    q.where = Gt(p, Field(p, f, "pric"), Field(p, h, "pric_uplmt_amt"));
    plan::Rule r = MakeRule("PLAIN", std::move(q));
    AddKey(r, "feedetl_sn", Sn());
    AddValue(r, Field(p, s, "setl_id"));
    r.amount = Field(p, f, "det_item_fee_sumamt");
    p.rules.push_back(std::move(r));
  }
  // Per patient (dedup over many records): the earliest expensive line.
  {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
    q.where = Gt(p, Field(p, f, "pric"), Int(p, 50));
    plan::Rule r = MakeRule("PATIENT", std::move(q));
    AddKey(r, "psn_no", Field(p, f, "psn_no"));
    AddValue(r, Sn());
    p.rules.push_back(std::move(r));
  }
  // Window: 3 lines of one drug for one patient within 7 days.
  {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
    q.group_by = {Field(p, f, "psn_no"), Field(p, f, "hilist_code")};
    q.window = plan::Window{7 * kDay, Field(p, f, "fee_ocur_time")};
    ExprId n = Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()");
    ExprId d = Aggregate(p, q, Agg::kCountDistinct, Field(p, f, "fixmedins_code"), Type::kInt, "机构数");
    ExprId sum = Aggregate(p, q, Agg::kSum, Field(p, f, "det_item_fee_sumamt"), Type::kDecimal, "金额");
    q.having = Ge(p, n, Int(p, 3));
    plan::Rule r = MakeRule("WINDOW", std::move(q));
    AddKey(r, "psn_no", Field(p, f, "psn_no"));
    AddKey(r, "hilist_code", Field(p, f, "hilist_code"));
    AddValue(r, d);
    AddText(r, " ");
    AddValue(r, sum);
    p.rules.push_back(std::move(r));
  }
  // Bucket: per institution and month, at least 4 lines.
  {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
    ExprId month = Call(p, Fn::kMonth, {Field(p, f, "fee_ocur_time")}, Type::kString);
    q.group_by = {Field(p, f, "fixmedins_code"), month};
    q.having = Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 4));
    plan::Rule r = MakeRule("BUCKET", std::move(q));
    AddKey(r, "fixmedins_code", Field(p, f, "fixmedins_code"));
    AddKey(r, "month", Call(p, Fn::kMonth, {Field(p, f, "fee_ocur_time")}, Type::kString));
    p.rules.push_back(std::move(r));
  }
  // Sequence: TRC-DUP.
  {
    Alias e{0, tables::kTracEvent, "e"};
    plan::QueryPlan q = From(TableSource(tables::kTracEvent), 0, 3);
    plan::Sequence seq;
    seq.partition = {Field(p, e, "drug_trac_codg")};
    seq.order = {Field(p, e, "event_time"), Field(p, e, "event_id")};
    seq.steps = {Eq(p, Field(p, e, "event_type"), Str(p, "sale")), Eq(p, Field(p, e, "event_type"), Str(p, "sale"))};
    seq.step_slots = {1, 2};
    seq.unless = Eq(p, Field(p, e, "event_type"), Str(p, "sale_return"));
    q.sequence = std::move(seq);
    plan::Rule r = MakeRule("SEQ", std::move(q));
    AddKey(r, "drug_trac_codg", Field(p, e, "drug_trac_codg"));
    AddValue(r, Field(p, Alias{1, tables::kTracEvent, "a"}, "event_id"));
    AddText(r, ">");
    AddValue(r, Field(p, Alias{2, tables::kTracEvent, "b"}, "event_id"));
    p.rules.push_back(std::move(r));
  }
  // Chained: patients with a WINDOW result.
  {
    plan::QueryPlan q = From(RuleSource(2), 0, 1);
    plan::Rule r = MakeRule("CHAIN", std::move(q));
    AddKey(r, "psn_no", FieldAt(p, 0, 0, Type::kString, "w.psn_no"));
    p.rules.push_back(std::move(r));
  }
  // Data: deterministic but varied, with ties in time on purpose.
  store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"pric_uplmt_amt", "20.00"}, {"begndate", "2025-01-01"}, {"enddate", "2025-03-31"}});
  store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"pric_uplmt_amt", "30.00"}, {"begndate", "2025-04-01"}});
  store.Add(tables::kHilist, {{"hilist_code", "X2"}, {"pric_uplmt_amt", "60.00"}, {"begndate", "2025-01-01"}});
  for (int i = 0; i < 12; ++i) {
    store.Add(tables::kSetl, {{"setl_id", "S" + std::to_string(i)}, {"refd_setl_flag", i % 5 == 0 ? "1" : "0"}});
  }
  for (int i = 0; i < 60; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-%02d-%02d %02d:00:00", 2 + i % 4, 1 + (i * 7) % 27, (i / 3) % 3);
    char price[16];
    std::snprintf(price, sizeof price, "%d.%02d", 10 + (i * 13) % 60, i % 100);
    store.Add(tables::kFeeList, {{"feedetl_sn", "F" + std::to_string(100 + i)},
                                 {"setl_id", "S" + std::to_string(i % 12)},
                                 {"psn_no", "P" + std::to_string(i % 5)},
                                 {"fixmedins_code", "H" + std::to_string(i % 3)},
                                 {"hilist_code", i % 2 ? "X1" : "X2"},
                                 {"fee_ocur_time", time},
                                 {"pric", price},
                                 {"det_item_fee_sumamt", price}});
  }
  const char* kTypes[] = {"sale", "sale", "sale_return", "purchase_in", "sale"};
  for (int i = 0; i < 30; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-%02d 10:00:00", 1 + i % 6);  // many ties
    store.Add(tables::kTracEvent, {{"event_id", "E" + std::to_string(100 + i)},
                                   {"drug_trac_codg", "8123456000000000000" + std::to_string(i % 4)},
                                   {"event_type", kTypes[(i * 3) % 5]},
                                   {"event_time", time}});
  }
  ExpectSameUnderShuffles(25, 10);
}

// A lookup that finds several rows: what it reports must not be whichever came first.
// A per-record rule is judged by every worker, each a turn of the chunks
// (4096 rows of whole event times): every record is offered once, and of
// a key's alerts the one kept is the earliest whichever worker made it.
BOOST_FIXTURE_TEST_CASE(per_record_rules_shared_by_chunk, DeterminismFixture) {
  Alias h{1, tables::kHilist, "h"};
  // from fee_list f join hilist h on ... where f.pric > 50, keyed by patient:
  // each patient's lines fall in many chunks.
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  q.joins.push_back(InnerJoin(KeyLookup(h, {"hilist_code"}, {Field(p, f, "hilist_code")})));
  q.where = Gt(p, Field(p, f, "pric"), Int(p, 50));
  plan::Rule r = MakeRule("PATIENT", std::move(q));
  AddKey(r, "psn_no", Field(p, f, "psn_no"));
  AddValue(r, Sn());
  AddText(r, " ");
  AddValue(r, Field(p, h, "hilist_code"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"begndate", "2025-01-01"}});
  store.Add(tables::kHilist, {{"hilist_code", "X2"}, {"begndate", "2025-01-01"}});
  constexpr int kLines = 20000;
  for (int i = 0; i < kLines; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-%02d-%02d %02d:%02d:00", 1 + i / 2000, 1 + (i / 80) % 25, (i / 4) % 20, i % 4);
    char price[16];
    std::snprintf(price, sizeof price, "%d.00", 10 + (i * 37) % 90);
    store.Add(tables::kFeeList, {{"feedetl_sn", "F" + std::to_string(100000 + i)},
                                 {"psn_no", "P" + std::to_string((i * 7) % 101)},
                                 {"hilist_code", i % 3 ? "X1" : "X2"},
                                 {"fee_ocur_time", time},
                                 {"pric", price}});
  }
  const RunResult one = Run(p, store, clock);
  BOOST_TEST_REQUIRE(one.alerts.size() == 101u);
  for (size_t threads : {size_t{2}, size_t{3}}) {
    BOOST_TEST_CONTEXT(std::to_string(threads) + " threads") {
      const RunResult many = Run(p, store, clock, threads);
      BOOST_TEST(JsonLines(many.alerts) == JsonLines(one.alerts), boost::test_tools::per_element());
      BOOST_TEST(many.Stats("PATIENT")->records == kLines);  // each line offered once, by one worker
      const RunResult streamed = RunStreamed(p, store, clock, threads);
      BOOST_TEST(JsonLines(streamed.alerts) == JsonLines(one.alerts), boost::test_tools::per_element());
    }
  }
}

BOOST_FIXTURE_TEST_CASE(exists_witness_among_several_matches, DeterminismFixture) {
  // from fee_list f where exists(erx e where e.psn_no == f.psn_no)
  Alias e{1, tables::kErx, "e"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  q.where = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kExists, KeyLookup(e, {"psn_no"}, {Field(p, f, "psn_no")}),
                                          plan::kNoExpr},
                     Type::kBool);
  plan::Rule r = MakeRule("RX", std::move(q));
  AddKey(r, "feedetl_sn", Sn());
  p.rules.push_back(std::move(r));
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"psn_no", "P1"}});
  for (const char* rx : {"RX1", "RX2", "RX3"}) store.Add(tables::kErx, {{"hi_rxno", rx}, {"psn_no", "P1"}});
  ExpectSameUnderShuffles(10, 1);
}

BOOST_FIXTURE_TEST_CASE(join_among_several_matches, DeterminismFixture) {
  // from fee_list f join erx e on e.psn_no == f.psn_no: evidence names the joined row.
  Alias e{1, tables::kErx, "e"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  q.joins.push_back(InnerJoin(KeyLookup(e, {"psn_no"}, {Field(p, f, "psn_no")})));
  plan::Rule r = MakeRule("RXJOIN", std::move(q));
  AddKey(r, "feedetl_sn", Sn());
  p.rules.push_back(std::move(r));
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"psn_no", "P1"}});
  for (const char* rx : {"RX1", "RX2", "RX3"}) store.Add(tables::kErx, {{"hi_rxno", rx}, {"psn_no", "P1"}});
  ExpectSameUnderShuffles(10, 1);
}

// A grouped rule with a join: the evidence is the window's records (and
// their joined rows), not the joined row of whichever record of the group
// happened to be bound last.
struct GroupedJoinFixture : DeterminismFixture {
  Alias m{1, tables::kFixmedins, "m"};
  void Build() {
    // from fee_list f join fixmedins m on m.fixmedins_code == f.fixmedins_code
    // group by f.psn_no window 7d on f.fee_ocur_time having count_distinct(m.fixmedins_code) >= 2
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    q.joins.push_back(InnerJoin(KeyLookup(m, {"fixmedins_code"}, {Field(p, f, "fixmedins_code")})));
    q.group_by = {Field(p, f, "psn_no")};
    q.window = plan::Window{7 * kDay, Field(p, f, "fee_ocur_time")};
    q.having = Ge(p, Aggregate(p, q, Agg::kCountDistinct, Field(p, m, "fixmedins_code"), Type::kInt, "机构数"), Int(p, 2));
    plan::Rule r = MakeRule("MULTI", std::move(q));
    AddKey(r, "psn_no", Field(p, f, "psn_no"));
    p.rules.push_back(std::move(r));
    for (const char* code : {"HA", "HB", "HC", "HD"}) store.Add(tables::kFixmedins, {{"fixmedins_code", code}});
  }
};

BOOST_FIXTURE_TEST_CASE(grouped_join_evidence_stays_in_the_window, GroupedJoinFixture) {
  Build();
  store.Add(tables::kFeeList, {{"feedetl_sn", "F0"}, {"fixmedins_code", "HA"}, {"fee_ocur_time", "2025-01-01 10:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"fixmedins_code", "HB"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"fixmedins_code", "HC"}, {"fee_ocur_time", "2025-03-02 10:00:00"}});
  RunResult r = Run(p, store, clock);
  BOOST_TEST_REQUIRE(r.Find("MULTI", "P1") != nullptr);
  std::vector<std::string> evidence = EvidenceOf(*r.Find("MULTI", "P1"));
  // F0 (January, at HA) has nothing to do with the March window.
  BOOST_TEST((std::find(evidence.begin(), evidence.end(), "fixmedins:HA") == evidence.end()));
  BOOST_TEST((std::find(evidence.begin(), evidence.end(), "fee_list:F0") == evidence.end()));
  BOOST_TEST((std::find(evidence.begin(), evidence.end(), "fee_list:F1") != evidence.end()));
  BOOST_TEST((std::find(evidence.begin(), evidence.end(), "fee_list:F2") != evidence.end()));
}

BOOST_FIXTURE_TEST_CASE(grouped_join_with_tied_first_records, GroupedJoinFixture) {
  Build();
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"fixmedins_code", "HA"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"fixmedins_code", "HB"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"fixmedins_code", "HC"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F4"}, {"fixmedins_code", "HD"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  ExpectSameUnderShuffles(10, 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
