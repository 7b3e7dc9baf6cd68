// What an alert carries: the values compared (why), the evidence records
// (source, joined rows, exists witnesses) and its JSON line.
#include "engine/runtime/alert.h"

#include <boost/test/unit_test.hpp>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

struct AlertFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias f{0, tables::kFeeList, "f"};
  Alias h{1, tables::kHilist, "h"};
  RunResult Run() { return testing::Run(p, store, clock); }

  // PRC-CEIL: from fee_list f join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time
  //   where h.pric_uplmt_amt is not null and f.pric > h.pric_uplmt_amt
  //   key f.feedetl_sn  amount (f.pric - h.pric_uplmt_amt) * f.cnt
  //   message "{h.hilist_name}({f.hilist_code}) 单价 {f.pric} 元超过支付标准 {h.pric_uplmt_amt} 元"
  void PriceCeiling() {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    plan::Lookup l = KeyLookup(h, {"hilist_code"}, {Field(p, f, "hilist_code")});
    l.as_of = Field(p, f, "fee_ocur_time");
    q.joins.push_back(InnerJoin(l));
    q.where = And(p, IsNotNull(p, Field(p, h, "pric_uplmt_amt")), Gt(p, Field(p, f, "pric"), Field(p, h, "pric_uplmt_amt")));
    plan::Rule r = MakeRule("PRC-CEIL", std::move(q));
    r.meta.name = "超支付标准收费";
    r.meta.result = "明确违规";
    r.meta.severity = "高";
    r.meta.category = "目录限制";
    AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
    r.amount = Mul(p, Sub(p, Field(p, f, "pric"), Field(p, h, "pric_uplmt_amt")), Field(p, f, "cnt"));
    r.patient = Field(p, f, "psn_no");
    r.institution = Field(p, f, "fixmedins_code");
    AddValue(r, Field(p, h, "hilist_name"));
    AddText(r, "(");
    AddValue(r, Field(p, f, "hilist_code"));
    AddText(r, ") 单价 ");
    AddValue(r, Field(p, f, "pric"));
    AddText(r, " 元超过支付标准 ");
    AddValue(r, Field(p, h, "pric_uplmt_amt"));
    AddText(r, " 元");
    p.rules.push_back(std::move(r));
    store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"pric_uplmt_amt", "98.50"}, {"begndate", "2020-01-01"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"hilist_code", "X1"}, {"pric", "120.00"}, {"cnt", "2.5"},
                                 {"fee_ocur_time", "2025-03-04 10:20:30"}});
    store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"hilist_code", "X1"}, {"pric", "98.50"}});  // equal: not above
  }
};

BOOST_AUTO_TEST_SUITE(alert_why_and_evidence)

BOOST_FIXTURE_TEST_CASE(price_ceiling_alert_carries_what_an_inspector_needs, AlertFixture) {
  PriceCeiling();
  RunResult r = Run();
  BOOST_TEST(r.Keys("PRC-CEIL") == std::vector<std::string>{"F1"});
  const runtime::Alert& a = *r.Find("PRC-CEIL", "F1");
  BOOST_TEST(a.why == (std::vector<std::string>{"f.pric 120.00 > h.pric_uplmt_amt 98.50",
                                                 "hilist X1/2020-01-01 valid 2020-01-01 to open"}));
  BOOST_TEST(EvidenceOf(a) == (std::vector<std::string>{"fee_list:F1", "hilist:X1/2020-01-01"}));
  BOOST_TEST(a.amount.value_or("") == "53.75");
  BOOST_TEST(a.patient.value_or("") == "P1");
  BOOST_TEST(a.institution.value_or("") == "H1");
  BOOST_TEST(a.message == "阿莫西林胶囊(X1) 单价 120.00 元超过支付标准 98.50 元");
  BOOST_TEST(a.rule_name == "超支付标准收费");
  BOOST_TEST(a.result == "明确违规");
  BOOST_TEST(a.severity == "高");
  BOOST_TEST(a.rule_version == "0123456789abcdef");
  BOOST_TEST(a.suppressed_by.empty());
}

BOOST_FIXTURE_TEST_CASE(why_leaves_out_comparisons_under_a_not, AlertFixture) {
  // where f.pric > 100 and not (f.cnt > 5 and f.pric > 1000): f.cnt > 5 holds but is no reason.
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
  q.where = And(p, Gt(p, Field(p, f, "pric"), Int(p, 100)),
                Not(p, And(p, Gt(p, Field(p, f, "cnt"), Int(p, 5)), Gt(p, Field(p, f, "pric"), Int(p, 1000)))));
  plan::Rule r = MakeRule("NOT", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"pric", "120.00"}, {"cnt", "10"}});
  RunResult res = Run();
  BOOST_TEST_REQUIRE(res.Find("NOT", "F1") != nullptr);
  BOOST_TEST(res.Find("NOT", "F1")->why == std::vector<std::string>{"f.pric 120.00 > 100"});
}

BOOST_FIXTURE_TEST_CASE(why_of_a_comparison_with_a_let_and_a_datetime, AlertFixture) {
  // let 年龄 = 17; where 年龄 < h.age_min ... written with a let in slot 2.
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 3);
  q.joins.push_back(InnerJoin([&] {
    plan::Lookup l = KeyLookup(h, {"hilist_code"}, {Field(p, f, "hilist_code")});
    l.as_of = Field(p, f, "fee_ocur_time");
    return l;
  }()));
  q.lets.push_back(plan::Let{"年龄", 2, Int(p, 17), Type::kInt});
  q.where = And(p, Lt(p, SlotValue(p, 2, Type::kInt, "年龄"), Field(p, h, "age_min")),
                Ge(p, Field(p, f, "fee_ocur_time"), DateC(p, "2025-07-01")));
  plan::Rule r = MakeRule("AGE", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kHilist, {{"hilist_code", "X1"}, {"age_min", "18"}, {"begndate", "2025-01-01"}, {"enddate", "2025-12-31"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"fee_ocur_time", "2025-07-01 00:00:00"}});
  RunResult res = Run();
  BOOST_TEST_REQUIRE(res.Find("AGE", "F1") != nullptr);
  BOOST_TEST(res.Find("AGE", "F1")->why ==
             (std::vector<std::string>{"年龄 17 < h.age_min 18", "f.fee_ocur_time 2025-07-01 00:00:00 >= 2025-07-01",
                                       "hilist X1/2025-01-01 valid 2025-01-01 to 2025-12-31"}));
}

// from fee_list f where exists(setl s where s.setl_id == f.setl_id and s.medfee_sumamt > 50)
//                  and not (exists(erx e where e.psn_no == f.psn_no) and f.cnt > 100)
BOOST_FIXTURE_TEST_CASE(evidence_includes_exists_witnesses_but_not_under_a_not, AlertFixture) {
  Alias s{1, tables::kSetl, "s"}, e{2, tables::kErx, "e"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 3);
  plan::Lookup ls = KeyLookup(s, {"setl_id"}, {Field(p, f, "setl_id")});
  ls.residual = Gt(p, Field(p, s, "medfee_sumamt"), Int(p, 50));
  ExprId has_setl = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kExists, ls, plan::kNoExpr}, Type::kBool);
  ExprId has_rx = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kExists, KeyLookup(e, {"psn_no"}, {Field(p, f, "psn_no")}),
                                                plan::kNoExpr},
                           Type::kBool);
  q.where = And(p, has_setl, Not(p, And(p, has_rx, Gt(p, Field(p, f, "cnt"), Int(p, 100)))));
  plan::Rule r = MakeRule("W", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kSetl, {{"setl_id", "S1"}, {"medfee_sumamt", "100.00"}});
  store.Add(tables::kSetl, {{"setl_id", "S2"}, {"medfee_sumamt", "50.00"}});
  store.Add(tables::kErx, {{"hi_rxno", "RX1"}, {"psn_no", "P1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"setl_id", "S1"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F2"}, {"setl_id", "S2"}});  // S2 fails the residual
  RunResult res = Run();
  BOOST_TEST(res.Keys("W") == std::vector<std::string>{"F1"});
  BOOST_TEST(EvidenceOf(*res.Find("W", "F1")) == (std::vector<std::string>{"fee_list:F1", "setl:S1"}));
}

BOOST_FIXTURE_TEST_CASE(why_leaves_out_candidates_an_exists_rejected, AlertFixture) {
  // from fee_list f where exists(setl s where s.psn_no == f.psn_no
  //                                and s.medfee_sumamt > 50 and s.setl_time <= f.fee_ocur_time)
  // S1 passes the first condition but is too late; S2 is the witness. S1's
  // values are no reason for the alert.
  Alias s{1, tables::kSetl, "s"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
  plan::Lookup l = KeyLookup(s, {"psn_no"}, {Field(p, f, "psn_no")});
  l.residual = And(p, Gt(p, Field(p, s, "medfee_sumamt"), Int(p, 50)), Le(p, Field(p, s, "setl_time"), Field(p, f, "fee_ocur_time")));
  q.where = Subquery(p, q, plan::Subquery{plan::SubqueryKind::kExists, l, plan::kNoExpr}, Type::kBool);
  plan::Rule r = MakeRule("EX", std::move(q));
  AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kSetl, {{"setl_id", "S1"}, {"medfee_sumamt", "100.00"}, {"setl_time", "2025-03-02 00:00:00"}});
  store.Add(tables::kSetl, {{"setl_id", "S2"}, {"medfee_sumamt", "80.00"}, {"setl_time", "2025-03-01 00:00:00"}});
  store.Add(tables::kFeeList, {{"feedetl_sn", "F1"}, {"fee_ocur_time", "2025-03-01 12:00:00"}});
  RunResult res = Run();
  const runtime::Alert* a = res.Find("EX", "F1");
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(EvidenceOf(*a) == (std::vector<std::string>{"fee_list:F1", "setl:S2"}));
  for (const std::string& w : a->why) BOOST_TEST(w.find("100.00") == std::string::npos, "why mentions S1: " << w);
}

BOOST_AUTO_TEST_SUITE_END()

// --- JSON -------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(alert_json)

BOOST_FIXTURE_TEST_CASE(to_json_is_valid_with_the_required_members, AlertFixture) {
  PriceCeiling();
  RunResult r = Run();
  const runtime::Alert& a = *r.Find("PRC-CEIL", "F1");
  std::string line = a.ToJson();
  BOOST_TEST(line.find('\n') == std::string::npos);
  std::string error;
  std::optional<Json> doc = ParseJson(line, &error);
  BOOST_TEST_REQUIRE(doc.has_value(), error << " in " << line);
  BOOST_TEST_REQUIRE((doc->kind == Json::Kind::kObject));
  auto str = [&](const char* name) {
    const Json* m = doc->Get(name);
    BOOST_TEST_REQUIRE(m != nullptr, "missing member " << name);
    BOOST_TEST_REQUIRE((m->kind == Json::Kind::kString), name << " is not a string");
    return m->text;
  };
  BOOST_TEST(str("rule_id") == "PRC-CEIL");
  BOOST_TEST(str("rule_version") == "0123456789abcdef");
  BOOST_TEST(str("rule_name") == "超支付标准收费");
  BOOST_TEST(str("result") == "明确违规");
  BOOST_TEST(str("severity") == "高");
  BOOST_TEST(str("message") == "阿莫西林胶囊(X1) 单价 120.00 元超过支付标准 98.50 元");
  BOOST_TEST(str("event_time") == "2025-03-04 10:20:30");
  BOOST_TEST(str("amount") == "53.75");
  BOOST_TEST(str("patient") == "P1");
  BOOST_TEST(str("institution") == "H1");
  const Json* key = doc->Get("key");
  BOOST_TEST_REQUIRE(key != nullptr);
  BOOST_TEST_REQUIRE((key->kind == Json::Kind::kObject));
  BOOST_TEST_REQUIRE(key->members.size() == 1u);
  BOOST_TEST(key->members[0].first == "feedetl_sn");
  BOOST_TEST(key->members[0].second.text == "F1");
  const Json* evidence = doc->Get("evidence");
  BOOST_TEST_REQUIRE(evidence != nullptr);
  BOOST_TEST_REQUIRE((evidence->kind == Json::Kind::kArray));
  BOOST_TEST_REQUIRE(evidence->items.size() == 2u);
  for (const Json& e : evidence->items) {
    BOOST_TEST_REQUIRE((e.kind == Json::Kind::kObject));
    BOOST_TEST(e.members.size() == 2u);
    BOOST_TEST_REQUIRE(e.Get("table") != nullptr);
    BOOST_TEST_REQUIRE(e.Get("id") != nullptr);
  }
  BOOST_TEST(evidence->items[1].Get("table")->text == "hilist");
  BOOST_TEST(evidence->items[1].Get("id")->text == "X1/2020-01-01");
  const Json* why = doc->Get("why");
  BOOST_TEST_REQUIRE(why != nullptr);
  BOOST_TEST(why->items.size() == 2u);
  BOOST_TEST(why->items[0].text == "f.pric 120.00 > h.pric_uplmt_amt 98.50");
}

BOOST_AUTO_TEST_CASE(to_json_escapes_what_it_must) {
  runtime::Alert a;
  a.rule_id = "R\"1";
  a.rule_version = "v\\1";
  a.result = "可疑";
  a.key = {{"名 称", "a\"b\\c"}, {"month", "2025-01"}};
  a.key_text = "a\"b\\c/2025-01";
  a.message = "第一行\n第二行\t\x01 \"引号\" 反斜杠\\ /";
  a.evidence = {runtime::EvidenceRef{"rule:R\"0", "K/1"}};
  std::string error;
  std::optional<Json> doc = ParseJson(a.ToJson(), &error);
  BOOST_TEST_REQUIRE(doc.has_value(), error << " in " << a.ToJson());
  BOOST_TEST(doc->Get("rule_id")->text == a.rule_id);
  BOOST_TEST(doc->Get("rule_version")->text == a.rule_version);
  BOOST_TEST(doc->Get("message")->text == a.message);
  BOOST_TEST(doc->Get("key")->members[0].first == "名 称");
  BOOST_TEST(doc->Get("key")->members[0].second.text == "a\"b\\c");
  BOOST_TEST(doc->Get("key")->members[1].second.text == "2025-01");
  BOOST_TEST(doc->Get("evidence")->items[0].Get("table")->text == "rule:R\"0");
  // Absent optional members are left out, never written as null.
  BOOST_TEST(doc->Get("event_time") == nullptr);
  BOOST_TEST(doc->Get("amount") == nullptr);
  BOOST_TEST((doc->Get("why")->kind == Json::Kind::kArray));
  BOOST_TEST(doc->Get("why")->items.empty());
}

BOOST_FIXTURE_TEST_CASE(reference_table_rule_has_no_event_time, AlertFixture) {
  // from psn p where p.death_date is not null
  Alias person{0, tables::kPsn, "p"};
  plan::QueryPlan q = From(TableSource(tables::kPsn), 0, 1);
  q.where = IsNotNull(p, Field(p, person, "death_date"));
  plan::Rule r = MakeRule("DEAD", std::move(q));
  AddKey(r, "psn_no", Field(p, person, "psn_no"));
  p.rules.push_back(std::move(r));
  store.Add(tables::kPsn, {{"psn_no", "P1"}, {"death_date", "2025-01-01"}});
  store.Add(tables::kPsn, {{"psn_no", "P2"}});
  RunResult res = Run();
  BOOST_TEST(res.Keys("DEAD") == std::vector<std::string>{"P1"});
  BOOST_TEST(!res.Find("DEAD", "P1")->event_time.has_value());
  std::string error;
  std::optional<Json> doc = ParseJson(res.Find("DEAD", "P1")->ToJson(), &error);
  BOOST_TEST_REQUIRE(doc.has_value(), error);
  BOOST_TEST(doc->Get("event_time") == nullptr);
  BOOST_TEST(doc->Get("evidence")->items[0].Get("id")->text == "P1");
}

BOOST_AUTO_TEST_CASE(json_reader_rejects_what_is_not_json) {
  std::string error;
  for (const char* bad : {"", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{'a':1}", "\"a\nb\"", "{\"a\":tru}", "01",
                          "{\"a\":1}x", "\"\\x\""}) {
    BOOST_TEST(!ParseJson(bad, &error).has_value(), "accepted " << bad);
  }
  BOOST_TEST(ParseJson("{\"a\":[1,-2.5e3,true,null,{\"b\":\"\\u00e9\"}]}", &error).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
