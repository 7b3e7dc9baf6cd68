// Grouped rules: sliding windows (t - L, t] and calendar buckets.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <random>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Agg;
using plan::Fn;

constexpr int64_t kDay = 86400;

struct GroupFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias f{0, tables::kFeeList, "f"};
  // Judged both ways (RunBothWays): the alerts must be the same.
  RunResult Run() { return RunBothWays(p, store, clock); }

  // from fee_list f group by f.psn_no, f.hilist_code window `length` on f.fee_ocur_time,
  // having built by `having` over the query; key psn_no, hilist_code.
  template <typename Having>
  plan::Rule& WindowRule(std::string id, int64_t length, Having having) {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
    q.group_by = {Field(p, f, "psn_no"), Field(p, f, "hilist_code")};
    q.window = plan::Window{length, Field(p, f, "fee_ocur_time")};
    q.having = having(q);
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "psn_no", Field(p, f, "psn_no"));
    AddKey(r, "hilist_code", Field(p, f, "hilist_code"));
    p.rules.push_back(std::move(r));
    return p.rules.back();
  }
  // QTY-30D: sum(coalesce(f.prd_days, 0)) > 60 over 30 days.
  plan::Rule& StockRule() {
    return WindowRule("QTY-30D", 30 * kDay, [&](plan::QueryPlan& q) {
      ExprId days = Call(p, Fn::kCoalesce, {Field(p, f, "prd_days"), Int(p, 0)}, Type::kInt);
      return Gt(p, Aggregate(p, q, Agg::kSum, days, Type::kInt, "sum(prd_days)"), Int(p, 60));
    });
  }
  // count() >= n
  plan::Rule& CountRule(std::string id, int64_t length, int64_t n) {
    return WindowRule(std::move(id), length, [&, n](plan::QueryPlan& q) {
      return Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, n));
    });
  }
  void Fee(std::string sn, std::string time, Fields more = {}) {
    more.emplace_back("feedetl_sn", sn);
    more.emplace_back("fee_ocur_time", time);
    store.Add(tables::kFeeList, more);
  }
};

BOOST_AUTO_TEST_SUITE(executor_windows)

BOOST_FIXTURE_TEST_CASE(item_exactly_the_length_before_is_out, GroupFixture) {
  StockRule();
  Fee("A", "2025-03-01 10:00:00", {{"prd_days", "40"}});
  Fee("B", "2025-03-31 10:00:00", {{"prd_days", "21"}});  // 30 d after A: A has left
  BOOST_TEST(Run().Keys("QTY-30D").empty());
}

BOOST_FIXTURE_TEST_CASE(item_one_second_less_than_the_length_before_is_in, GroupFixture) {
  StockRule();
  Fee("A", "2025-03-01 10:00:00", {{"prd_days", "40"}});
  Fee("B", "2025-03-31 09:59:59", {{"prd_days", "21"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("QTY-30D") == std::vector<std::string>{"P1/X1"});
  const runtime::Alert* a = r.Find("QTY-30D", "P1/X1");
  BOOST_TEST(EvidenceOf(*a) == (std::vector<std::string>{"fee_list:A", "fee_list:B"}));
  BOOST_TEST(a->event_time.value_or(0) == At("2025-03-31 09:59:59").seconds());
  BOOST_TEST(a->why == std::vector<std::string>{"sum(prd_days) 61 > 60"});
}

BOOST_FIXTURE_TEST_CASE(sum_exactly_at_the_threshold_is_not_reported, GroupFixture) {
  StockRule();
  Fee("A", "2025-03-01 10:00:00", {{"prd_days", "40"}});
  Fee("B", "2025-03-02 10:00:00", {{"prd_days", "20"}});
  Fee("C", "2025-03-03 10:00:00", {{"prd_days", ""}});  // null counts 0
  BOOST_TEST(Run().Keys("QTY-30D").empty());
}

BOOST_FIXTURE_TEST_CASE(items_with_identical_times_enter_together, GroupFixture) {
  // having count() == 2: with C2 and C3 entering at once the window goes 1 -> 3.
  WindowRule("EXACT2", 7 * kDay, [&](plan::QueryPlan& q) {
    return Eq(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 2));
  });
  CountRule("GE3", 7 * kDay, 3);
  Fee("C1", "2025-03-01 09:00:00");
  Fee("C2", "2025-03-01 10:00:00");
  Fee("C3", "2025-03-01 10:00:00");
  RunResult r = Run();
  BOOST_TEST(r.Keys("EXACT2").empty());
  BOOST_TEST(r.Keys("GE3") == std::vector<std::string>{"P1/X1"});
  BOOST_TEST(EvidenceOf(*r.Find("GE3", "P1/X1")) ==
             (std::vector<std::string>{"fee_list:C1", "fee_list:C2", "fee_list:C3"}));
}

BOOST_FIXTURE_TEST_CASE(evidence_is_exactly_the_window, GroupFixture) {
  CountRule("GE3", 7 * kDay, 3);
  Fee("OLD", "2025-02-01 10:00:00");  // in the group, long before the window
  Fee("W0", "2025-03-01 10:00:00");   // exactly 7 d before W2 and W3: out
  Fee("W1", "2025-03-01 10:00:01");
  Fee("W2", "2025-03-08 10:00:00");
  Fee("W3", "2025-03-08 10:00:00");
  Fee("LATER", "2025-03-09 10:00:00");  // after the first window that holds
  Fee("OTHER", "2025-03-06 10:00:00", {{"hilist_code", "X2"}});  // another group
  RunResult r = Run();
  BOOST_TEST(r.Keys("GE3") == std::vector<std::string>{"P1/X1"});
  const runtime::Alert* a = r.Find("GE3", "P1/X1");
  BOOST_TEST(EvidenceOf(*a) == (std::vector<std::string>{"fee_list:W1", "fee_list:W2", "fee_list:W3"}));
  BOOST_TEST(a->event_time.value_or(0) == At("2025-03-08 10:00:00").seconds());
}

BOOST_FIXTURE_TEST_CASE(one_alert_per_group_key, GroupFixture) {
  CountRule("GE2", 7 * kDay, 2);
  Fee("A1", "2025-03-01 10:00:00");
  Fee("A2", "2025-03-02 10:00:00");  // first window holding
  Fee("A3", "2025-05-01 10:00:00");
  Fee("A4", "2025-05-02 10:00:00");  // a second, later one: same key
  Fee("B1", "2025-03-01 10:00:00", {{"psn_no", "P2"}});
  Fee("B2", "2025-03-03 10:00:00", {{"psn_no", "P2"}});
  Fee("C1", "2025-03-01 10:00:00", {{"psn_no", "P3"}});  // alone
  RunResult r = Run();
  BOOST_TEST(r.Keys("GE2") == (std::vector<std::string>{"P1/X1", "P2/X1"}));
  BOOST_TEST(EvidenceOf(*r.Find("GE2", "P1/X1")) == (std::vector<std::string>{"fee_list:A1", "fee_list:A2"}));
  BOOST_TEST(r.Stats("GE2")->alerts == 2);
  BOOST_TEST(r.Stats("GE2")->state_keys == 3);  // P1, P2, P3
  BOOST_TEST(std::string(r.Stats("GE2")->primitive) == "sliding window");
}

// A group whose records have all left the window is dropped once they have,
// not at some later sweep: with one patient a day every other day and a
// 30-day window, at most 16 of them (and the daily patient Q) are held.
BOOST_FIXTURE_TEST_CASE(groups_are_dropped_when_their_last_record_leaves, GroupFixture) {
  CountRule("NEVER", 30 * kDay, 1000);
  auto day = [](int d) {  // 2025-01-01 + d days, d < 181
    static const int kMonthDays[] = {31, 28, 31, 30, 31, 30};
    int month = 0;
    while (d >= kMonthDays[month]) d -= kMonthDays[month++];
    char text[48];  // room for any int the compiler may assume
    std::snprintf(text, sizeof text, "2025-%02d-%02d 10:00:00", month + 1, d + 1);
    return std::string(text);
  };
  for (int d = 0; d < 180; ++d) {
    Fee("Q" + std::to_string(d), day(d), {{"psn_no", "Q"}});
    if (d % 2 == 0) Fee("P" + std::to_string(d), day(d), {{"psn_no", "P" + std::to_string(d)}});
  }
  RunResult r = Run();
  BOOST_TEST(r.Keys("NEVER").empty());
  BOOST_TEST(r.Stats("NEVER")->state_keys >= 16);
  BOOST_TEST(r.Stats("NEVER")->state_keys <= 17);
}

BOOST_FIXTURE_TEST_CASE(aggregates_after_expiry, GroupFixture) {
  // having count() >= 2 and min(f.pric) >= 3.00: A's low price must leave with A.
  ExprId min = plan::kNoExpr;
  plan::Rule& rule = WindowRule("MIN", 30 * kDay, [&](plan::QueryPlan& q) {
    ExprId count = Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()");
    min = Aggregate(p, q, Agg::kMin, Field(p, f, "pric"), Type::kDecimal, "min(pric)");
    return And(p, Ge(p, count, Int(p, 2)), Ge(p, min, Dec(p, "3.00")));
  });
  AddValue(rule, min);
  Fee("A", "2025-03-01 10:00:00", {{"pric", "1.00"}});
  Fee("B", "2025-03-20 10:00:00", {{"pric", "5.00"}});
  Fee("C", "2025-03-31 10:00:00", {{"pric", "3.00"}});  // A is exactly 30 d before: out
  RunResult r = Run();
  BOOST_TEST(r.Keys("MIN") == std::vector<std::string>{"P1/X1"});
  const runtime::Alert* a = r.Find("MIN", "P1/X1");
  BOOST_TEST(EvidenceOf(*a) == (std::vector<std::string>{"fee_list:B", "fee_list:C"}));
  BOOST_TEST(a->message == "3.00");
}

BOOST_FIXTURE_TEST_CASE(count_distinct_forgets_values_that_left, GroupFixture) {
  // FRQ-MULTI: count_distinct(f.fixmedins_code) >= 2 within 7 days.
  auto rule = [&](std::string id) {
    WindowRule(std::move(id), 7 * kDay, [&](plan::QueryPlan& q) {
      return Ge(p, Aggregate(p, q, Agg::kCountDistinct, Field(p, f, "fixmedins_code"), Type::kInt, "count_distinct()"),
                Int(p, 2));
    });
  };
  rule("FRQ");
  Fee("A", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}});
  Fee("B", "2025-03-08 10:00:00", {{"fixmedins_code", "H2"}});  // A just left
  Fee("C", "2025-03-09 10:00:00", {{"fixmedins_code", "H2"}});
  Fee("D", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}, {"psn_no", "P2"}});
  Fee("E", "2025-03-08 09:59:59", {{"fixmedins_code", "H2"}, {"psn_no", "P2"}});  // D still in
  RunResult r = Run();
  BOOST_TEST(r.Keys("FRQ") == std::vector<std::string>{"P2/X1"});
}

BOOST_FIXTURE_TEST_CASE(all_aggregates_exact, GroupFixture) {
  plan::Rule& rule = WindowRule("AGG", 30 * kDay, [&](plan::QueryPlan& q) {
    return Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 3));
  });
  plan::QueryPlan& q = rule.query;
  std::vector<ExprId> shown = {
      Aggregate(p, q, Agg::kCountIf, Gt(p, Field(p, f, "cnt"), Int(p, 1)), Type::kInt, "count(cnt > 1)"),
      Aggregate(p, q, Agg::kCountIf, Ge(p, Field(p, f, "prd_days"), Int(p, 5)), Type::kInt, "count(prd_days >= 5)"),
      Aggregate(p, q, Agg::kCountDistinct, Field(p, f, "fixmedins_code"), Type::kInt, "count_distinct"),
      Aggregate(p, q, Agg::kSum, Field(p, f, "prd_days"), Type::kInt, "sum(prd_days)"),
      Aggregate(p, q, Agg::kSum, Field(p, f, "det_item_fee_sumamt"), Type::kDecimal, "sum(amount)"),
      Aggregate(p, q, Agg::kMin, Field(p, f, "pric"), Type::kDecimal, "min(pric)"),
      Aggregate(p, q, Agg::kMax, Field(p, f, "pric"), Type::kDecimal, "max(pric)"),
      Aggregate(p, q, Agg::kMin, Field(p, f, "fixmedins_code"), Type::kString, "min(code)"),
      Aggregate(p, q, Agg::kMax, Field(p, f, "fee_ocur_time"), Type::kDateTime, "max(time)"),
  };
  for (ExprId e : shown) {
    AddValue(rule, e);
    AddText(rule, ";");
  }
  Fee("A", "2025-03-01 10:00:00", {{"cnt", "2"}, {"fixmedins_code", "H2"}, {"prd_days", "10"},
                                   {"det_item_fee_sumamt", "0.10"}, {"pric", "10.5"}});
  Fee("B", "2025-03-02 10:00:00", {{"cnt", "1"}, {"fixmedins_code", "H1"}, {"prd_days", ""},
                                   {"det_item_fee_sumamt", "0.20"}, {"pric", "-1.25"}});
  Fee("C", "2025-03-03 10:00:00", {{"cnt", "1.5"}, {"fixmedins_code", "H2"}, {"prd_days", "5"},
                                   {"det_item_fee_sumamt", "0.0001"}, {"pric", "10.5"}});
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("AGG", "P1/X1") != nullptr);
  BOOST_TEST(r.Find("AGG", "P1/X1")->message == "2;2;2;15;0.3001;-1.25;10.50;H1;2025-03-03 10:00:00;");
}

BOOST_FIXTURE_TEST_CASE(null_group_keys_are_skipped, GroupFixture) {
  // from setl s group by s.opsp_dise_code window 30d on s.setl_time having count() >= 2
  Alias s{0, tables::kSetl, "s"};
  plan::QueryPlan q = From(TableSource(tables::kSetl), 0, 1);
  q.group_by = {Field(p, s, "opsp_dise_code")};
  q.window = plan::Window{30 * kDay, Field(p, s, "setl_time")};
  q.having = Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 2));
  plan::Rule r = MakeRule("NULLKEY", std::move(q));
  AddKey(r, "opsp_dise_code", Field(p, s, "opsp_dise_code"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kSetl, {{"setl_id", "S1"}, {"opsp_dise_code", ""}});
  store.Add(tables::kSetl, {{"setl_id", "S2"}, {"opsp_dise_code", ""}});
  store.Add(tables::kSetl, {{"setl_id", "S3"}, {"opsp_dise_code", "0"}});
  store.Add(tables::kSetl, {{"setl_id", "S4"}, {"opsp_dise_code", "M001"}});
  store.Add(tables::kSetl, {{"setl_id", "S5"}, {"opsp_dise_code", "M001"}});
  BOOST_TEST(Run().Keys("NULLKEY") == std::vector<std::string>{"M001"});
}

BOOST_FIXTURE_TEST_CASE(null_window_times_are_skipped, GroupFixture) {
  // from vbp_order o group by o.distributor_code window 1d on o.cancel_time having count() >= 2
  Alias o{0, tables::kVbpOrder, "o"};
  plan::QueryPlan q = From(TableSource(tables::kVbpOrder), 0, 1);
  q.group_by = {Field(p, o, "distributor_code")};
  q.window = plan::Window{kDay, Field(p, o, "cancel_time")};
  q.having = Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 2));
  plan::Rule r = MakeRule("CANCEL", std::move(q));
  AddKey(r, "distributor_code", Field(p, o, "distributor_code"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kVbpOrder, {{"order_id", "O1"}, {"distributor_code", "D1"}, {"cancel_time", ""}});
  store.Add(tables::kVbpOrder, {{"order_id", "O2"}, {"distributor_code", "D1"}, {"cancel_time", "2025-03-02 10:00:00"}});
  store.Add(tables::kVbpOrder, {{"order_id", "O3"}, {"distributor_code", "D2"}, {"cancel_time", "2025-03-02 10:00:00"}});
  store.Add(tables::kVbpOrder, {{"order_id", "O4"}, {"distributor_code", "D2"}, {"cancel_time", "2025-03-03 09:59:59"}});
  RunResult res = Run();
  BOOST_TEST(res.Keys("CANCEL") == std::vector<std::string>{"D2"});
  BOOST_TEST(EvidenceOf(*res.Find("CANCEL", "D2")) == (std::vector<std::string>{"vbp_order:O3", "vbp_order:O4"}));
}

// Many people and drugs, fee lines at random times with ties, some with
// no days, an exclusion dropping some lines first. Streamed through sorters
// that spill (1 MB), the sliding windows judged one group at a time find
// what the event-ordered ones find, holding one group at a time.
BOOST_FIXTURE_TEST_CASE(judged_by_partition_as_in_event_order, GroupFixture) {
  StockRule();
  // FRQ-MULTI: count_distinct(f.fixmedins_code) >= 3 over 7 days.
  WindowRule("FRQ-MULTI", 7 * kDay, [&](plan::QueryPlan& q) {
    return Ge(p, Aggregate(p, q, Agg::kCountDistinct, Field(p, f, "fixmedins_code"), Type::kInt, "count_distinct"),
              Int(p, 3));
  });
  {
    // exclude fee_list f where f.pric < 0
    plan::Exclusion x;
    x.table = tables::kFeeList;
    x.query = From(TableSource(tables::kFeeList), 0, 1);
    x.query.where = Lt(p, Field(p, f, "pric"), Int(p, 0));
    p.exclusions.push_back(std::move(x));
  }
  std::mt19937 random(11);
  for (int i = 0; i < 6000; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-%02d-%02d %02d:00:00", 1 + static_cast<int>(random() % 3),
                  1 + static_cast<int>(random() % 28), static_cast<int>(random() % 2));
    Fee("F" + std::to_string(i), time,
        {{"psn_no", "P" + std::to_string(random() % 60)}, {"hilist_code", "X" + std::to_string(random() % 4)},
         {"fixmedins_code", "H" + std::to_string(random() % 5)},
         {"prd_days", random() % 8 == 0 ? "" : std::to_string(random() % 20)},
         {"pric", random() % 10 == 0 ? "-1" : "2"}});
  }
  store.Shuffle(5);
  RunResult held = Run();  // also compares with a streamed run
  BOOST_TEST(held.Keys("QTY-30D").size() > 20u);
  BOOST_TEST(held.Keys("FRQ-MULTI").size() > 20u);
  BOOST_TEST(held.Keys("QTY-30D").size() < 240u);  // not every group: the windows decide
  RunResult streamed = RunStreamed(p, store, clock, 2);
  BOOST_TEST(JsonLines(streamed.alerts) == JsonLines(held.alerts), boost::test_tools::per_element());
  const int64_t lines = static_cast<int64_t>(store.tables().records[tables::kFeeList].size());
  BOOST_TEST(streamed.stats.partitioned == lines);  // one sort for both windows
  BOOST_TEST(streamed.stats.excluded[tables::kFeeList] == held.stats.excluded[tables::kFeeList]);
  BOOST_TEST(held.stats.excluded[tables::kFeeList] > 300);
  for (const char* id : {"QTY-30D", "FRQ-MULTI"}) {
    BOOST_TEST(std::string(streamed.Stats(id)->primitive) == "sliding window, by partition");
    BOOST_TEST(streamed.Stats(id)->state_keys == 1);
    BOOST_TEST(held.Stats(id)->state_keys > 50);
  }
}

// By partition, a group is found once per partition. When its window has
// emptied by the time a row of the partition is judged (a row `where`
// turned down came between), the group is dropped, and the partition's
// next row makes it anew: the alerts are the event-ordered replay's.
BOOST_FIXTURE_TEST_CASE(a_group_dropped_mid_partition_is_made_anew, GroupFixture) {
  CountRule("TWICE", 7 * kDay, 2).query.where = Gt(p, Field(p, f, "pric"), Int(p, 0));
  constexpr int kPatients = 40;
  for (int i = 0; i < kPatients; ++i) {
    const std::string psn = "P" + std::to_string(100 + i), sn = "F" + std::to_string(100 + i);
    Fee(sn + "a", "2025-03-01 10:00:00", {{"psn_no", psn}, {"hilist_code", "X1"}, {"pric", "2"}});
    Fee(sn + "b", "2025-03-20 10:00:00", {{"psn_no", psn}, {"hilist_code", "X1"}, {"pric", "-1"}});  // turned down
    Fee(sn + "c", "2025-03-21 10:00:00", {{"psn_no", psn}, {"hilist_code", "X1"}, {"pric", "2"}});
    Fee(sn + "d", "2025-03-22 10:00:00", {{"psn_no", psn}, {"hilist_code", "X1"}, {"pric", "2"}});
  }
  RunResult held = Run();
  RunResult streamed = RunStreamed(p, store, clock);
  BOOST_TEST(JsonLines(streamed.alerts) == JsonLines(held.alerts), boost::test_tools::per_element());
  BOOST_TEST(held.Keys("TWICE").size() == static_cast<size_t>(kPatients));
  const runtime::Alert* first = held.Find("TWICE", "P100/X1");
  BOOST_TEST_REQUIRE(first != nullptr);
  BOOST_TEST(EvidenceOf(*first) == (std::vector<std::string>{"fee_list:F100c", "fee_list:F100d"}),
             boost::test_tools::per_element());
  BOOST_TEST(std::string(streamed.Stats("TWICE")->primitive) == "sliding window, by partition");
  BOOST_TEST(streamed.Stats("TWICE")->state_keys == 1);
}

BOOST_AUTO_TEST_SUITE_END()

// --- buckets: group by without a window -----------------------------------------------------------

// DLV-RATE: from vbp_order o group by o.distributor_code, month(o.order_time)
//   let 订单数 = count(); let 按时数 = count(o.urgent_flag == 0)   (urgent_flag stands in for 按时)
//   having 订单数 >= 20 and 按时数 < 0.90 * 订单数
struct BucketFixture : GroupFixture {
  Alias o{0, tables::kVbpOrder, "o"};
  void RateRule() {
    plan::QueryPlan q = From(TableSource(tables::kVbpOrder), 0, 3);
    ExprId month = Call(p, Fn::kMonth, {Field(p, o, "order_time")}, Type::kString);
    q.group_by = {Field(p, o, "distributor_code"), month};
    ExprId total = Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()");
    ExprId ontime = Aggregate(p, q, Agg::kCountIf, Eq(p, Field(p, o, "urgent_flag"), Int(p, 0)), Type::kInt, "count(按时)");
    q.agg_lets.push_back(plan::Let{"订单数", 1, total, Type::kInt});
    q.agg_lets.push_back(plan::Let{"按时数", 2, ontime, Type::kInt});
    ExprId n = SlotValue(p, 1, Type::kInt, "订单数");
    ExprId k = SlotValue(p, 2, Type::kInt, "按时数");
    ExprId threshold = Mul(p, Dec(p, "0.90"), n);
    p.nodes[threshold].text = "min_rate * 订单数";
    q.having = And(p, Ge(p, n, Int(p, 20)), Lt(p, k, threshold));
    plan::Rule r = MakeRule("DLV-RATE", std::move(q));
    AddKey(r, "distributor_code", Field(p, o, "distributor_code"));
    AddKey(r, "month", Call(p, Fn::kMonth, {Field(p, o, "order_time")}, Type::kString));
    AddValue(r, SlotValue(p, 2, Type::kInt, "按时数"));
    AddText(r, "/");
    AddValue(r, SlotValue(p, 1, Type::kInt, "订单数"));
    p.rules.push_back(std::move(r));
  }
  // `total` orders of `distributor` in the month of `day`, `late` of them late.
  void Orders(std::string distributor, std::string day, int total, int late) {
    for (int i = 0; i < total; ++i) {
      char time[32];
      std::snprintf(time, sizeof time, "%s %02d:00:00", day.c_str(), i % 24);
      store.Add(tables::kVbpOrder, {{"order_id", distributor + "-" + day + "-" + std::to_string(100 + i)},
                                    {"distributor_code", distributor},
                                    {"order_time", time},
                                    {"urgent_flag", i < late ? "1" : "0"}});
    }
  }
};

BOOST_AUTO_TEST_SUITE(executor_buckets)

BOOST_FIXTURE_TEST_CASE(ratio_exactly_at_the_rate_is_not_reported, BucketFixture) {
  RateRule();
  Orders("D18", "2025-01-10", 20, 2);  // 18/20 = 0.90
  Orders("D17", "2025-01-10", 20, 3);  // 17/20 = 0.85
  RunResult r = Run();
  BOOST_TEST(r.Keys("DLV-RATE") == std::vector<std::string>{"D17/2025-01"});
  const runtime::Alert* a = r.Find("DLV-RATE", "D17/2025-01");
  BOOST_TEST(a->message == "17/20");
  BOOST_TEST(a->evidence.size() == 20u);
  BOOST_TEST(a->why == (std::vector<std::string>{"订单数 20 >= 20", "按时数 17 < min_rate * 订单数 18.00"}));
  BOOST_TEST(a->event_time.value_or(0) == At("2025-01-10 19:00:00").seconds());  // the bucket's latest record
  BOOST_TEST(std::string(r.Stats("DLV-RATE")->primitive) == "calendar bucket");
  BOOST_TEST(r.Stats("DLV-RATE")->state_keys == 2);
}

BOOST_FIXTURE_TEST_CASE(minimum_count, BucketFixture) {
  RateRule();
  Orders("D19", "2025-01-10", 19, 10);  // far below the rate, but too few orders
  Orders("D21", "2025-01-10", 21, 3);   // 18/21 < 0.90
  BOOST_TEST(Run().Keys("DLV-RATE") == std::vector<std::string>{"D21/2025-01"});
}

BOOST_FIXTURE_TEST_CASE(buckets_split_at_the_calendar_month, BucketFixture) {
  RateRule();
  Orders("D1", "2025-01-31", 10, 3);  // January: 10 orders
  Orders("D1", "2025-02-01", 10, 0);  // February: 10 orders
  BOOST_TEST(Run().Keys("DLV-RATE").empty());
  Orders("D1", "2024-12-31", 20, 3);
  Orders("D1", "2025-01-01", 10, 0);  // January now 20 orders, 17 on time
  BOOST_TEST(Run().Keys("DLV-RATE") == (std::vector<std::string>{"D1/2024-12", "D1/2025-01"}));
}

BOOST_FIXTURE_TEST_CASE(min_max_of_a_widened_value, GroupFixture) {
  // from fee_list f join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time
  // group by f.psn_no having count() >= 2
  // message "{max(coalesce(h.pric_uplmt_amt, 5))};{min(coalesce(h.pric_uplmt_amt, 5))}"
  // coalesce(decimal, int) is a decimal: a missing ceiling counts as 5.00.
  Alias h{1, tables::kHilist, "h"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  plan::Lookup l = KeyLookup(h, {"hilist_code"}, {Field(p, f, "hilist_code")});
  l.as_of = Field(p, f, "fee_ocur_time");
  q.joins.push_back(InnerJoin(l));
  q.group_by = {Field(p, f, "psn_no")};
  auto ceiling = [&] { return Call(p, Fn::kCoalesce, {Field(p, h, "pric_uplmt_amt"), Int(p, 5)}, Type::kDecimal); };
  ExprId max = Aggregate(p, q, Agg::kMax, ceiling(), Type::kDecimal, "max(上限)");
  ExprId min = Aggregate(p, q, Agg::kMin, ceiling(), Type::kDecimal, "min(上限)");
  ExprId sum = Aggregate(p, q, Agg::kSum, ceiling(), Type::kDecimal, "sum(上限)");
  q.having = Ge(p, Aggregate(p, q, Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 2));
  plan::Rule r = MakeRule("CEIL", std::move(q));
  AddKey(r, "psn_no", Field(p, f, "psn_no"));
  for (ExprId e : {max, min, sum}) {
    AddValue(r, e);
    AddText(r, ";");
  }
  p.rules.push_back(std::move(r));
  store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"pric_uplmt_amt", "3.50"}});
  store.Add(tables::kHilist, {{"hilist_code", "X2"}, {"pric_uplmt_amt", ""}});
  Fee("F1", "2025-03-01 10:00:00", {{"hilist_code", "X1"}});
  Fee("F2", "2025-03-02 10:00:00", {{"hilist_code", "X2"}});
  RunResult res = Run();
  BOOST_TEST_REQUIRE(res.Find("CEIL", "P1") != nullptr);
  BOOST_TEST(res.Find("CEIL", "P1")->message == "5.00;3.50;8.50;");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
