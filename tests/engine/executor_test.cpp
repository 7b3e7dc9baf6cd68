// Executor: joins and subqueries through indexed lookups, exclusions over
// the raw data, derived sets and the as-of time.
#include "engine/runtime/executor.h"

#include <boost/test/unit_test.hpp>

#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Fn;

struct PlanFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  RunResult Run() { return testing::Run(p, store, clock); }
};

const Alias kF{0, tables::kFeeList, "f"};
const Alias kH{1, tables::kHilist, "h"};

// --- joins --------------------------------------------------------------------------------

// from fee_list f join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time
// key f.feedetl_sn, h.begndate
struct HilistJoinFixture : PlanFixture {
  void AddRule(bool optional, ExprId (*where)(plan::Plan&) = nullptr) {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    plan::Lookup l = KeyLookup(kH, {"hilist_code"}, {Field(p, kF, "hilist_code")});
    l.as_of = Field(p, kF, "fee_ocur_time");
    q.joins.push_back(optional ? OptionalJoin(l) : InnerJoin(l));
    if (where != nullptr) q.where = where(p);
    plan::Rule r = MakeRule("J", std::move(q));
    AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
    AddKey(r, "begndate", Field(p, kH, "begndate"));
    p.rules.push_back(std::move(r));
  }
  void Fee(std::string sn, std::string code, std::string time) {
    store.Add(tables::kFeeList, {{"feedetl_sn", sn}, {"hilist_code", code}, {"fee_ocur_time", time}});
  }
  void Version(std::string code, std::string from, std::string to) {
    store.Add(tables::kHilist, {{"hilist_code", code}, {"begndate", from}, {"enddate", to}});
  }
};

BOOST_AUTO_TEST_SUITE(executor_joins)

BOOST_FIXTURE_TEST_CASE(key_join_finds_the_row_and_inner_miss_is_not_judged, HilistJoinFixture) {
  AddRule(false);
  Version("X1", "2020-01-01", "");
  Fee("F1", "X1", "2025-03-01 10:00:00");
  Fee("F2", "X9", "2025-03-01 10:00:00");  // no catalogue row: not judged
  RunResult r = Run();
  BOOST_TEST(r.Keys("J") == std::vector<std::string>{"F1/2020-01-01"});
  BOOST_TEST(EvidenceOf(*r.Find("J", "F1/2020-01-01")) ==
             (std::vector<std::string>{"fee_list:F1", "hilist:X1/2020-01-01"}));
}

BOOST_FIXTURE_TEST_CASE(as_of_join_picks_the_version_valid_on_the_date, HilistJoinFixture) {
  AddRule(false);
  Version("X1", "2024-01-01", "2024-06-30");
  Version("X1", "2024-08-01", "");  // open end
  Version("X2", "2024-01-01", "2024-12-31");
  Fee("A-before", "X1", "2023-12-31 23:59:59");
  Fee("B-first-day", "X1", "2024-01-01 00:00:00");
  Fee("C-last-day", "X1", "2024-06-30 23:59:59");
  Fee("D-gap-first", "X1", "2024-07-01 00:00:00");
  Fee("E-gap-last", "X1", "2024-07-31 23:59:59");
  Fee("F-second", "X1", "2024-08-01 00:00:00");
  Fee("G-open", "X1", "2035-01-01 00:00:00");
  Fee("H-closed-last", "X2", "2024-12-31 23:59:59");
  Fee("I-after-closed", "X2", "2025-01-01 00:00:00");
  RunResult r = Run();
  BOOST_TEST(r.Keys("J") == (std::vector<std::string>{"B-first-day/2024-01-01", "C-last-day/2024-01-01",
                                                       "F-second/2024-08-01", "G-open/2024-08-01",
                                                       "H-closed-last/2024-01-01"}));
  // The why names the version used and its validity.
  const runtime::Alert* a = r.Find("J", "C-last-day/2024-01-01");
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a->why == std::vector<std::string>{"hilist X1/2024-01-01 valid 2024-01-01 to 2024-06-30"});
  a = r.Find("J", "G-open/2024-08-01");
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a->why == std::vector<std::string>{"hilist X1/2024-08-01 valid 2024-08-01 to open"});
}

BOOST_FIXTURE_TEST_CASE(optional_join_binds_a_null_row, HilistJoinFixture) {
  AddRule(true, [](plan::Plan& pl) { return IsNull(pl, Field(pl, kH, "hilist_name")); });
  Version("X1", "2024-01-01", "2024-06-30");
  Fee("F1", "X1", "2024-03-01 00:00:00");  // found: not null, so where fails
  Fee("F2", "X1", "2024-07-01 00:00:00");  // gap: null row
  Fee("F3", "X9", "2024-03-01 00:00:00");  // unknown code: null row
  RunResult r = Run();
  BOOST_TEST(r.Keys("J") == (std::vector<std::string>{"F2/空", "F3/空"}));
  BOOST_TEST(EvidenceOf(*r.Find("J", "F2/空")) == std::vector<std::string>{"fee_list:F2"});
}

BOOST_FIXTURE_TEST_CASE(residual_conditions_choose_among_candidates, PlanFixture) {
  // from fee_list f join erx e on e.psn_no == f.psn_no and e.rx_stas == "1" and e.rx_time <= f.fee_ocur_time
  Alias e{1, tables::kErx, "e"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  plan::Lookup l = KeyLookup(e, {"psn_no"}, {Field(p, kF, "psn_no")});
  l.residual = And(p, Eq(p, Field(p, e, "rx_stas"), Str(p, "1")), Le(p, Field(p, e, "rx_time"), Field(p, kF, "fee_ocur_time")));
  q.joins.push_back(InnerJoin(l));
  plan::Rule r = MakeRule("RX", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
  AddKey(r, "hi_rxno", Field(p, e, "hi_rxno"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kErx, {{"hi_rxno", "RX1"}, {"psn_no", "P1"}, {"rx_stas", "0"}, {"rx_time", "2025-03-01 08:00:00"}});
  store.Add(tables::kErx, {{"hi_rxno", "RX2"}, {"psn_no", "P1"}, {"rx_stas", "1"}, {"rx_time", "2025-03-01 10:00:01"}});
  store.Add(tables::kErx, {{"hi_rxno", "RX3"}, {"psn_no", "P1"}, {"rx_stas", "1"}, {"rx_time", "2025-03-01 10:00:00"}});
  store.Add(tables::kErx, {{"hi_rxno", "RX4"}, {"psn_no", "P2"}, {"rx_stas", "1"}, {"rx_time", "2025-03-01 10:00:01"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"psn_no", "P1"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"psn_no", "P2"}, {"fee_ocur_time", "2025-03-01 10:00:00"}});
  RunResult res = Run();
  BOOST_TEST(res.Keys("RX") == std::vector<std::string>{"F1/RX3"});  // F2: RX4 is 1 s too late
}

BOOST_FIXTURE_TEST_CASE(member_lookup_on_a_list_field, PlanFixture) {
  // from fee_list f join erx e on f.hilist_code in e.hilist_codes
  Alias e{1, tables::kErx, "e"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  q.joins.push_back(InnerJoin(MemberLookup(e, "hilist_codes", Field(p, kF, "hilist_code"))));
  plan::Rule r = MakeRule("M", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
  AddKey(r, "hi_rxno", Field(p, e, "hi_rxno"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kErx, {{"hi_rxno", "RX1"}, {"hilist_codes", "X0|X1|X2"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"hilist_code", "X1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"hilist_code", "X2"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"hilist_code", "X10"}});  // not an element
  store.Add(tables::kFeeList, {{"feedetl_sn", "F4"}, {"hilist_code", "X"}});
  BOOST_TEST(Run().Keys("M") == (std::vector<std::string>{"F1/RX1", "F2/RX1"}));
}

BOOST_FIXTURE_TEST_CASE(null_key_never_matches, PlanFixture) {
  // from setl s join mdtrt_event m on m.opsp_dise_code == s.opsp_dise_code: null == null is not a match.
  Alias s{0, tables::kSetl, "s"}, m{1, tables::kMdtrtEvent, "m"};
  for (bool optional : {false, true}) {
    plan::QueryPlan q = From(TableSource(tables::kSetl), 0, 2);
    plan::Lookup l = KeyLookup(m, {"opsp_dise_code"}, {Field(p, s, "opsp_dise_code")});
    q.joins.push_back(optional ? OptionalJoin(l) : InnerJoin(l));
    plan::Rule r = MakeRule(optional ? "OPT" : "INNER", std::move(q));
    AddKey(r, "setl_id", Field(p, s, "setl_id"));
    AddKey(r, "event_id", Field(p, m, "event_id"));
    p.rules.push_back(std::move(r));
  }
  store.Add(tables::kSetl, {{"setl_id", "S1"}, {"opsp_dise_code", ""}});
  store.Add(tables::kSetl, {{"setl_id", "S2"}, {"opsp_dise_code", "M001"}});
  store.Add(tables::kMdtrtEvent, {{"event_id", "E1"}, {"opsp_dise_code", ""}});
  store.Add(tables::kMdtrtEvent, {{"event_id", "E2"}, {"opsp_dise_code", "M001"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("INNER") == std::vector<std::string>{"S2/E2"});
  BOOST_TEST(r.Keys("OPT") == (std::vector<std::string>{"S1/空", "S2/E2"}));
}

BOOST_FIXTURE_TEST_CASE(keys_of_eight_and_nine_fields, PlanFixture) {
  // from hilist a join hilist b on b.f == a.f for the first n fields: a row finds itself.
  Alias a{0, tables::kHilist, "a"}, b{1, tables::kHilist, "b"};
  std::vector<std::string_view> fields = {"hilist_code", "hilist_name",       "list_type",   "hilist_lv",  "pric_uplmt_amt",
                                          "vbp_flag",    "dual_channel_flag", "watch_flag", "begndate"};
  for (size_t n : {8u, 9u}) {
    plan::QueryPlan q = From(TableSource(tables::kHilist), 0, 2);
    plan::Lookup l;
    l.source = TableSource(tables::kHilist);
    l.slot = 1;
    for (size_t i = 0; i < n; ++i) {
      l.inner_fields.push_back(static_cast<uint16_t>(FieldIndexOf(tables::kHilist, fields[i])));
      l.outer_exprs.push_back(Field(p, a, fields[i]));
    }
    l.as_of = Field(p, a, "begndate");
    q.joins.push_back(InnerJoin(l));
    plan::Rule r = MakeRule("SELF" + std::to_string(n), std::move(q));
    AddKey(r, "hilist_code", Field(p, b, "hilist_code"));
    p.rules.push_back(std::move(r));
  }
  store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"pric_uplmt_amt", "9.90"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("SELF8") == std::vector<std::string>{"X1"});
  BOOST_TEST(r.Keys("SELF9") == std::vector<std::string>{"X1"});
}

BOOST_AUTO_TEST_SUITE_END()

// --- subqueries ------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(executor_subqueries)

// from vbp_order o, message with exists/count/sum/min over its deliveries.
struct DeliveryFixture : PlanFixture {
  Alias o{0, tables::kVbpOrder, "o"};
  Alias d{1, tables::kVbpDelivery, "d"};
  void AddRule() {
    plan::QueryPlan q = From(TableSource(tables::kVbpOrder), 0, 2);
    auto sq = [&](plan::SubqueryKind kind, ExprId value) {
      plan::Subquery s{kind, KeyLookup(d, {"order_id"}, {Field(p, o, "order_id")}), value};
      return s;
    };
    ExprId exists = Subquery(p, q, sq(plan::SubqueryKind::kExists, plan::kNoExpr), Type::kBool);
    ExprId count = Subquery(p, q, sq(plan::SubqueryKind::kCount, plan::kNoExpr), Type::kInt);
    ExprId sum = Subquery(p, q, sq(plan::SubqueryKind::kSum, Field(p, d, "delivered_qty")), Type::kDecimal);
    ExprId min = Subquery(p, q, sq(plan::SubqueryKind::kMin, Field(p, d, "delivery_time")), Type::kDateTime);
    ExprId max = Subquery(p, q, sq(plan::SubqueryKind::kMax, Field(p, d, "delivered_qty")), Type::kDecimal);
    plan::Rule r = MakeRule("D", std::move(q));
    AddKey(r, "order_id", Field(p, o, "order_id"));
    for (ExprId v : {exists, count, sum, min, max}) {
      AddText(r, " ");
      AddValue(r, v);
    }
    p.rules.push_back(std::move(r));
  }
};

BOOST_FIXTURE_TEST_CASE(over_no_rows_exists_false_count_0_sum_0, DeliveryFixture) {
  AddRule();
  store.Add(tables::kVbpOrder, {{"order_id", "O1"}});
  store.Add(tables::kVbpDelivery, {{"delivery_id", "V1"}, {"order_id", "O2"}});
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("D", "O1") != nullptr);
  BOOST_TEST(r.Find("D", "O1")->message == " 否 0 0.00 空 空");
}

BOOST_FIXTURE_TEST_CASE(over_some_rows, DeliveryFixture) {
  AddRule();
  store.Add(tables::kVbpOrder, {{"order_id", "O1"}});
  store.Add(tables::kVbpDelivery, {{"delivery_id", "V1"}, {"order_id", "O1"}, {"delivered_qty", "0.1"},
                                   {"delivery_time", "2025-03-03 10:00:00"}});
  store.Add(tables::kVbpDelivery, {{"delivery_id", "V2"}, {"order_id", "O1"}, {"delivered_qty", "0.2"},
                                   {"delivery_time", "2025-03-02 10:00:00"}});
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("D", "O1") != nullptr);
  BOOST_TEST(r.Find("D", "O1")->message == " 是 2 0.30 2025-03-02 10:00:00 0.20");
}

BOOST_FIXTURE_TEST_CASE(sum_skips_nulls_and_stays_int, PlanFixture) {
  // from setl s, sum(g.prd_days for fee_list g where g.setl_id == s.setl_id)
  Alias s{0, tables::kSetl, "s"}, g{1, tables::kFeeList, "g"};
  plan::QueryPlan q = From(TableSource(tables::kSetl), 0, 2);
  ExprId sum = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kSum, KeyLookup(g, {"setl_id"}, {Field(p, s, "setl_id")}),
                                             Field(p, g, "prd_days")},
                        Type::kInt);
  plan::Rule r = MakeRule("SUM", std::move(q));
  AddKey(r, "setl_id", Field(p, s, "setl_id"));
  AddValue(r, sum);
  p.rules.push_back(std::move(r));
  store.Add(tables::kSetl, {{"setl_id", "S1"}});
  store.Add(tables::kSetl, {{"setl_id", "S2"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"setl_id", "S1"}, {"prd_days", "30"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"setl_id", "S1"}, {"prd_days", ""}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"setl_id", "S1"}, {"prd_days", "7"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F4"}, {"setl_id", "S2"}, {"prd_days", ""}});
  RunResult res = Run();
  BOOST_TEST(res.Find("SUM", "S1")->message == "37");
  BOOST_TEST(res.Find("SUM", "S2")->message == "0");
}

BOOST_FIXTURE_TEST_CASE(count_over_a_member_lookup_counts_records, PlanFixture) {
  // from fee_list f, count(erx e where f.hilist_code in e.hilist_codes): a prescription
  // that lists the drug twice is still one prescription.
  Alias e{1, tables::kErx, "e"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  ExprId count = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kCount, MemberLookup(e, "hilist_codes", Field(p, kF, "hilist_code")),
                                               plan::kNoExpr},
                          Type::kInt);
  plan::Rule r = MakeRule("CNT", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
  AddValue(r, count);
  p.rules.push_back(std::move(r));
  store.Add(tables::kErx, {{"hi_rxno", "RX1"}, {"hilist_codes", "X1|X2"}});
  store.Add(tables::kErx, {{"hi_rxno", "RX2"}, {"hilist_codes", "X1|X1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"hilist_code", "X1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"hilist_code", "X2"}});
  RunResult res = Run();
  BOOST_TEST(res.Find("CNT", "F2")->message == "1");
  BOOST_TEST(res.Find("CNT", "F1")->message == "2");  // RX1 and RX2, each once
}

BOOST_FIXTURE_TEST_CASE(where_from_not_of_unknown_keeps_nothing, PlanFixture) {
  // from fee_list f where not (f.prd_days > 1): a null prd_days is neither.
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
  q.where = Not(p, Gt(p, Field(p, kF, "prd_days"), Int(p, 1)));
  plan::Rule r = MakeRule("NOT", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kFeeList, {{"feedetl_sn", "F-null"}, {"prd_days", ""}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F-1"}, {"prd_days", "1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F-2"}, {"prd_days", "2"}});
  BOOST_TEST(Run().Keys("NOT") == std::vector<std::string>{"F-1"});
}

BOOST_AUTO_TEST_SUITE_END()

// --- exclusions ------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(executor_exclusions)

// The standard pack's two exclusions: reversed settlements, and the fee
// lines of reversed settlements.
struct ExclusionFixture : PlanFixture {
  Alias s{0, tables::kSetl, "s"};
  void ExcludeReversedSetl() {
    plan::Exclusion x;
    x.table = tables::kSetl;
    x.reason = "冲销结算不作为违规证据";
    x.query = From(TableSource(tables::kSetl), 0, 1);
    x.query.where = Eq(p, Field(p, s, "refd_setl_flag"), Int(p, 1));
    p.exclusions.push_back(std::move(x));
  }
  void ExcludeFeesOfReversedSetl() {
    Alias s1{1, tables::kSetl, "s"};
    plan::Exclusion x;
    x.table = tables::kFeeList;
    x.reason = "冲销结算的费用明细不作为违规证据";
    x.query = From(TableSource(tables::kFeeList), 0, 2);
    plan::Lookup l = KeyLookup(s1, {"setl_id"}, {Field(p, kF, "setl_id")});
    l.residual = Eq(p, Field(p, s1, "refd_setl_flag"), Int(p, 1));
    x.query.where = Subquery(p, x.query, plan::Subquery{plan::SubqueryKind::kExists, l, plan::kNoExpr}, Type::kBool);
    p.exclusions.push_back(std::move(x));
  }
  // Every fee line, with its settlement through an optional join and an exists.
  void AddFeeRule() {
    Alias s1{1, tables::kSetl, "s"}, s2{2, tables::kSetl, "t"};
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 3);
    q.joins.push_back(OptionalJoin(KeyLookup(s1, {"setl_id"}, {Field(p, kF, "setl_id")})));
    ExprId exists = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kExists, KeyLookup(s2, {"setl_id"}, {Field(p, kF, "setl_id")}),
                                                  plan::kNoExpr},
                             Type::kBool);
    plan::Rule r = MakeRule("FEE", std::move(q));
    AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
    AddValue(r, Field(p, s1, "setl_id"));
    AddText(r, " ");
    AddValue(r, exists);
    p.rules.push_back(std::move(r));
  }
  void AddSetlRule() {
    plan::QueryPlan q = From(TableSource(tables::kSetl), 0, 1);
    plan::Rule r = MakeRule("SETL", std::move(q));
    AddKey(r, "setl_id", Field(p, s, "setl_id"));
    p.rules.push_back(std::move(r));
  }
  void Data() {
    store.Add(tables::kSetl, {{"setl_id", "S1"}, {"refd_setl_flag", "1"}});
    store.Add(tables::kSetl, {{"setl_id", "S2"}, {"refd_setl_flag", "0"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"setl_id", "S1"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"setl_id", "S1"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"setl_id", "S2"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F4"}, {"setl_id", "S9"}});  // no settlement at all
  }
};

BOOST_FIXTURE_TEST_CASE(excluded_records_are_invisible_to_rules_and_lookups, ExclusionFixture) {
  ExcludeReversedSetl();
  AddFeeRule();
  AddSetlRule();
  Data();
  RunResult r = Run();
  BOOST_TEST(r.Keys("SETL") == std::vector<std::string>{"S2"});
  // F1, F2 stay (only the settlement is excluded) but their lookups no longer find S1.
  BOOST_TEST(r.Keys("FEE") == (std::vector<std::string>{"F1", "F2", "F3", "F4"}));
  BOOST_TEST(r.Find("FEE", "F1")->message == "空 否");
  BOOST_TEST(r.Find("FEE", "F3")->message == "S2 是");
  BOOST_TEST(r.stats.excluded[tables::kSetl] == 1);
  BOOST_TEST(r.stats.excluded[tables::kFeeList] == 0);
}

BOOST_FIXTURE_TEST_CASE(exclusion_subquery_sees_the_raw_table, ExclusionFixture) {
  ExcludeReversedSetl();
  ExcludeFeesOfReversedSetl();
  AddFeeRule();
  AddSetlRule();
  Data();
  RunResult r = Run();
  BOOST_TEST(r.Keys("FEE") == (std::vector<std::string>{"F3", "F4"}));
  BOOST_TEST(r.Keys("SETL") == std::vector<std::string>{"S2"});
  BOOST_TEST(r.stats.excluded[tables::kSetl] == 1);
  BOOST_TEST(r.stats.excluded[tables::kFeeList] == 2);
}

BOOST_FIXTURE_TEST_CASE(exclusions_do_not_depend_on_their_order, ExclusionFixture) {
  ExcludeFeesOfReversedSetl();  // runs first; S1 is not yet (and never, for it) excluded
  ExcludeReversedSetl();
  AddFeeRule();
  Data();
  RunResult r = Run();
  BOOST_TEST(r.Keys("FEE") == (std::vector<std::string>{"F3", "F4"}));
  BOOST_TEST(r.stats.excluded[tables::kFeeList] == 2);
}

BOOST_FIXTURE_TEST_CASE(a_record_two_exclusions_drop_counts_once, ExclusionFixture) {
  ExcludeReversedSetl();
  ExcludeReversedSetl();
  AddSetlRule();
  Data();
  RunResult r = Run();
  BOOST_TEST(r.Keys("SETL") == std::vector<std::string>{"S2"});
  BOOST_TEST(r.stats.excluded[tables::kSetl] == 1);
}

BOOST_FIXTURE_TEST_CASE(nothing_excluded_when_nothing_matches, ExclusionFixture) {
  ExcludeReversedSetl();
  ExcludeFeesOfReversedSetl();
  AddFeeRule();
  store.Add(tables::kSetl, {{"setl_id", "S2"}, {"refd_setl_flag", "0"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"setl_id", "S2"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("FEE") == std::vector<std::string>{"F3"});
  for (int64_t n : r.stats.excluded) BOOST_TEST(n == 0);
}

BOOST_AUTO_TEST_SUITE_END()

// --- coverage (fundwatch test) ----------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(executor_coverage)

BOOST_FIXTURE_TEST_CASE(bool_nodes_record_their_outcomes, PlanFixture) {
  // from fee_list f where f.long_rx_flag == 0 and f.prd_days > 1
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
  ExprId flag = Eq(p, Field(p, kF, "long_rx_flag"), Int(p, 0));
  ExprId days = Gt(p, Field(p, kF, "prd_days"), Int(p, 1));
  q.where = And(p, flag, days);
  plan::Rule r = MakeRule("COV", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, kF, "feedetl_sn"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"prd_days", "2"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"prd_days", "1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F3"}, {"prd_days", ""}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F4"}, {"prd_days", "9"}, {"long_rx_flag", "1"}});
  std::vector<uint8_t> coverage(p.nodes.size(), 0);
  runtime::Executor executor(p, store.tables(), clock.Now());
  executor.set_coverage(&coverage);
  runtime::RunStats stats;
  std::vector<runtime::Alert> alerts = executor.Run(&stats);
  BOOST_TEST_REQUIRE(alerts.size() == 1u);
  BOOST_TEST(coverage[flag] == (runtime::kCoveredTrue | runtime::kCoveredFalse));
  BOOST_TEST(coverage[days] == (runtime::kCoveredTrue | runtime::kCoveredFalse | runtime::kCoveredUnknown));
  BOOST_TEST(coverage[p.rules[0].query.where] == (runtime::kCoveredTrue | runtime::kCoveredFalse | runtime::kCoveredUnknown));
  BOOST_TEST(coverage[p.rules[0].keys[0].value] == 0);  // not a bool
}

BOOST_AUTO_TEST_SUITE_END()

// --- derived sets and the as-of time -------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(executor_derived)

// define due = from vbp_order o let deadline = o.order_time + 48h, month = month(o.order_time)
//              where deadline <= as_of
// rule DUE from due o key o.order_id, message "{o.deadline} {o.month}"
struct DueFixture : PlanFixture {
  Alias o{0, tables::kVbpOrder, "o"};
  void Build() {
    plan::Derived d;
    d.name = "due";
    d.query = From(TableSource(tables::kVbpOrder), 0, 3);
    ExprId deadline = Add(p, Field(p, o, "order_time"), DurC(p, 48 * 3600));
    d.query.lets.push_back(plan::Let{"deadline", 1, deadline, Type::kDateTime});
    d.query.lets.push_back(plan::Let{"month", 2, Call(p, Fn::kMonth, {Field(p, o, "order_time")}, Type::kString), Type::kString});
    d.query.where = Le(p, SlotValue(p, 1, Type::kDateTime, "deadline"), AsOf(p));
    d.let_names = {"deadline", "month"};
    p.derived.push_back(std::move(d));
    const uint16_t base = static_cast<uint16_t>(Table(tables::kVbpOrder).fields.size());
    plan::QueryPlan q = From(DerivedSource(0), 0, 1);
    plan::Rule r = MakeRule("DUE", std::move(q));
    AddKey(r, "order_id", Field(p, o, "order_id"));
    AddValue(r, FieldAt(p, 0, base, Type::kDateTime, "o.deadline"));
    AddText(r, " ");
    AddValue(r, FieldAt(p, 0, base + 1, Type::kString, "o.month"));
    p.rules.push_back(std::move(r));
    store.Add(tables::kVbpOrder, {{"order_id", "O1"}, {"order_time", "2025-01-30 10:00:00"}});
    store.Add(tables::kVbpOrder, {{"order_id", "O2"}, {"order_time", "2025-02-01 10:00:00"}});
  }
};

BOOST_FIXTURE_TEST_CASE(as_of_decides_what_is_due, DueFixture) {
  Build();
  clock.Set(At("2025-02-01 09:59:59"));
  BOOST_TEST(Run().Keys("DUE").empty());
  clock.Advance(1);  // O1's deadline exactly
  RunResult r = Run();
  BOOST_TEST(r.Keys("DUE") == std::vector<std::string>{"O1"});
  BOOST_TEST(r.Find("DUE", "O1")->message == "2025-02-01 10:00:00 2025-01");
  BOOST_TEST(r.Find("DUE", "O1")->event_time.value_or(0) == At("2025-01-30 10:00:00").seconds());
  clock.Set(At("2025-02-03 10:00:00"));
  r = Run();
  BOOST_TEST(r.Keys("DUE") == (std::vector<std::string>{"O1", "O2"}));
  // Each derived row keeps its own let texts (month() writes into a scratch buffer).
  BOOST_TEST(r.Find("DUE", "O2")->message == "2025-02-03 10:00:00 2025-02");
  BOOST_TEST(r.Find("DUE", "O1")->message == "2025-02-01 10:00:00 2025-01");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
