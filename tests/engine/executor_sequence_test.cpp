// Sequences: steps in order within a partition, reset by `unless`.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <random>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Fn;

// TRC-DUP: from trac_event e
//   sequence by e.drug_trac_codg order by <order> {
//     step 首次销售 when <step0>   (slot 1)
//     step 重复销售 when <step1>   (slot 2)
//     unless e.event_type == "sale_return" }
//   key e.drug_trac_codg
//   message "{首次销售.event_id}@{首次销售.event_time} -> {重复销售.event_id}@{重复销售.fixmedins_code}"
struct SequenceFixture {
  plan::Plan p;
  MemoryStore store;
  FakeClock clock{At("2025-12-31 23:59:59")};
  Alias e{0, tables::kTracEvent, "e"};
  Alias first{1, tables::kTracEvent, "首次销售"};
  Alias second{2, tables::kTracEvent, "重复销售"};

  // Judged both ways (RunBothWays): the alerts must be the same.
  RunResult Run() { return RunBothWays(p, store, clock); }
  ExprId IsType(const char* type) { return Eq(p, Field(p, e, "event_type"), Str(p, type)); }

  struct Options {
    std::vector<std::string> order = {"event_time", "event_id"};
    std::string partition = "drug_trac_codg";
    const char* step1 = nullptr;   // event type of step 1 (default: sale)
    const char* step1_institution = nullptr;  // or: a step 1 condition on the institution
    bool order_by_month = false;   // order by month(e.event_time) instead
  };

  void AddRule(const std::string& id, const Options& o) {
    plan::QueryPlan q = From(TableSource(tables::kTracEvent), 0, 3);
    plan::Sequence seq;
    seq.partition = {Field(p, e, o.partition)};
    if (o.order_by_month) {
      seq.order = {Call(p, Fn::kMonth, {Field(p, e, "event_time")}, Type::kString)};
    } else {
      for (const std::string& f : o.order) seq.order.push_back(Field(p, e, f));
    }
    seq.steps.push_back(IsType("sale"));
    if (o.step1_institution != nullptr) {
      seq.steps.push_back(Eq(p, Field(p, e, "fixmedins_code"), Str(p, o.step1_institution)));
    } else {
      seq.steps.push_back(IsType(o.step1 != nullptr ? o.step1 : "sale"));
    }
    seq.step_slots = {1, 2};
    seq.unless = IsType("sale_return");
    q.sequence = std::move(seq);
    plan::Rule r = MakeRule(id, std::move(q));
    AddKey(r, o.partition, Field(p, e, o.partition));
    AddValue(r, Field(p, first, "event_id"));
    AddText(r, "@");
    AddValue(r, Field(p, first, "event_time"));
    AddText(r, " -> ");
    AddValue(r, Field(p, second, "event_id"));
    AddText(r, "@");
    AddValue(r, Field(p, second, "fixmedins_code"));
    p.rules.push_back(std::move(r));
  }
  void AddRule(const std::string& id) { AddRule(id, Options{}); }

  void Event(std::string id, std::string type, std::string time, Fields more = {}) {
    more.emplace_back("event_id", id);
    more.emplace_back("event_type", type);
    more.emplace_back("event_time", time);
    store.Add(tables::kTracEvent, more);
  }
};

const std::string kCode = "81234560000000000001";

BOOST_AUTO_TEST_SUITE(executor_sequences)

BOOST_FIXTURE_TEST_CASE(sale_then_sale_is_reported, SequenceFixture) {
  AddRule("TRC-DUP");
  Event("E1", "sale", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}});
  Event("E2", "purchase_in", "2025-03-01 11:00:00");  // plays no part
  Event("E3", "sale", "2025-03-02 10:00:00", {{"fixmedins_code", "H2"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("TRC-DUP") == std::vector<std::string>{kCode});
  const runtime::Alert* a = r.Find("TRC-DUP", kCode);
  BOOST_TEST(a->message == "E1@2025-03-01 10:00:00 -> E3@H2");
  BOOST_TEST(EvidenceOf(*a) == (std::vector<std::string>{"trac_event:E1", "trac_event:E3"}));
  BOOST_TEST(a->event_time.value_or(0) == At("2025-03-02 10:00:00").seconds());
}

BOOST_FIXTURE_TEST_CASE(sale_return_sale_is_not_reported, SequenceFixture) {
  AddRule("TRC-DUP");
  Event("E1", "sale", "2025-03-01 10:00:00");
  Event("E2", "sale_return", "2025-03-01 12:00:00");
  Event("E3", "sale", "2025-03-02 10:00:00");
  BOOST_TEST(Run().Keys("TRC-DUP").empty());
}

BOOST_FIXTURE_TEST_CASE(after_a_return_two_more_sales_are_reported, SequenceFixture) {
  AddRule("TRC-DUP");
  Event("E1", "sale", "2025-03-01 10:00:00");
  Event("E2", "sale_return", "2025-03-01 12:00:00");
  Event("E3", "sale", "2025-03-02 10:00:00");
  Event("E4", "sale", "2025-03-03 10:00:00");
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("TRC-DUP", kCode) != nullptr);
  BOOST_TEST(EvidenceOf(*r.Find("TRC-DUP", kCode)) == (std::vector<std::string>{"trac_event:E3", "trac_event:E4"}));
}

BOOST_FIXTURE_TEST_CASE(a_lone_sale_cannot_be_both_steps, SequenceFixture) {
  AddRule("TRC-DUP");
  Event("E1", "sale", "2025-03-01 10:00:00");
  BOOST_TEST(Run().Keys("TRC-DUP").empty());
}

BOOST_FIXTURE_TEST_CASE(a_record_matching_both_steps, SequenceFixture) {
  // step 0: a sale; step 1: anything at H9. A sale at H9 matches both.
  Options o;
  o.step1_institution = "H9";
  AddRule("BOTH", o);
  Event("E1", "sale", "2025-03-01 10:00:00", {{"fixmedins_code", "H9"}});
  BOOST_TEST(Run().Keys("BOTH").empty());  // alone it is only the first step
  Event("E2", "sale", "2025-03-02 10:00:00", {{"fixmedins_code", "H9"}});
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("BOTH", kCode) != nullptr);
  BOOST_TEST(r.Find("BOTH", kCode)->message == "E1@2025-03-01 10:00:00 -> E2@H9");
}

BOOST_FIXTURE_TEST_CASE(second_step_before_the_first_does_not_count, SequenceFixture) {
  // TRC-REFLOW: sale, then purchase_in.
  Options o;
  o.step1 = "purchase_in";
  AddRule("TRC-REFLOW", o);
  Event("E1", "purchase_in", "2025-03-01 10:00:00");
  Event("E2", "sale", "2025-03-02 10:00:00");
  BOOST_TEST(Run().Keys("TRC-REFLOW").empty());
  Event("E3", "purchase_in", "2025-03-02 10:00:01", {{"fixmedins_code", "H7"}});
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("TRC-REFLOW", kCode) != nullptr);
  BOOST_TEST(r.Find("TRC-REFLOW", kCode)->message == "E2@2025-03-02 10:00:00 -> E3@H7");
}

// A later step or an `unless` offered before the record that starts its
// partition, at the same instant, still counts where the order puts it after.
BOOST_FIXTURE_TEST_CASE(a_later_step_offered_before_its_partition_starts, SequenceFixture) {
  Options o;
  o.order = {"event_time", "fixmedins_code"};
  o.step1 = "purchase_in";
  AddRule("REFLOW", o);
  // Offered E1 then E2 (record keys); ordered sale (H1) then purchase (H9).
  Event("E1", "purchase_in", "2025-03-01 10:00:00", {{"fixmedins_code", "H9"}});
  Event("E2", "sale", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}});
  RunResult r = Run();
  BOOST_TEST_REQUIRE(r.Find("REFLOW", kCode) != nullptr);
  BOOST_TEST(r.Find("REFLOW", kCode)->message == "E2@2025-03-01 10:00:00 -> E1@H9");
}

BOOST_FIXTURE_TEST_CASE(an_unless_offered_before_its_partition_starts, SequenceFixture) {
  Options o;
  o.order = {"event_time", "fixmedins_code"};
  AddRule("DUP", o);
  // Offered E1 (the return) first; ordered sale (H1), then return (H9).
  Event("E1", "sale_return", "2025-03-01 10:00:00", {{"fixmedins_code", "H9"}});
  Event("E2", "sale", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}});
  Event("E3", "sale", "2025-03-01 10:00:01", {{"fixmedins_code", "H3"}});
  BOOST_TEST(Run().Keys("DUP").empty());  // the return came between the sales
}

BOOST_FIXTURE_TEST_CASE(ties_in_time_broken_by_the_order_expressions, SequenceFixture) {
  // order by e.event_time, e.event_id: at 10:00 sale E1 comes before return E2.
  AddRule("BY-ID");
  // order by e.event_time, e.fixmedins_code: at 10:00 return (H1) comes before sale (H2).
  Options o;
  o.order = {"event_time", "fixmedins_code"};
  AddRule("BY-INST", o);
  Event("E1", "sale", "2025-03-01 10:00:00", {{"fixmedins_code", "H2"}});
  Event("E2", "sale_return", "2025-03-01 10:00:00", {{"fixmedins_code", "H1"}});
  Event("E3", "sale", "2025-03-01 10:00:01", {{"fixmedins_code", "H3"}});
  RunResult r = Run();
  BOOST_TEST(r.Keys("BY-ID").empty());                          // sale, return, sale
  BOOST_TEST(r.Keys("BY-INST") == std::vector<std::string>{kCode});  // return, sale, sale
}

BOOST_FIXTURE_TEST_CASE(ties_left_by_the_order_expressions_broken_by_record_key, SequenceFixture) {
  Options o;
  o.order = {"event_time"};
  AddRule("BY-TIME", o);
  // The return's key E0 sorts before the sale's E1 at the same instant: return, sale, sale.
  Event("E1", "sale", "2025-03-01 10:00:00");
  Event("E0", "sale_return", "2025-03-01 10:00:00");
  Event("E2", "sale", "2025-03-01 10:00:01");
  BOOST_TEST(Run().Keys("BY-TIME") == std::vector<std::string>{kCode});
}

BOOST_FIXTURE_TEST_CASE(ties_broken_by_record_key_near_miss, SequenceFixture) {
  Options o;
  o.order = {"event_time"};
  AddRule("BY-TIME", o);
  // Now the sale's key sorts first: sale, return, sale.
  Event("E1", "sale", "2025-03-01 10:00:00");
  Event("E5", "sale_return", "2025-03-01 10:00:00");
  Event("E6", "sale", "2025-03-01 10:00:01");
  BOOST_TEST(Run().Keys("BY-TIME").empty());
}

BOOST_FIXTURE_TEST_CASE(partitions_are_isolated, SequenceFixture) {
  AddRule("TRC-DUP");
  const std::string other = "81234560000000000002";
  Event("E1", "sale", "2025-03-01 10:00:00");
  Event("E2", "sale", "2025-03-01 11:00:00", {{"drug_trac_codg", other}});
  Event("E3", "sale_return", "2025-03-01 12:00:00", {{"drug_trac_codg", other}});  // only undoes `other`
  Event("E4", "sale", "2025-03-01 13:00:00", {{"drug_trac_codg", other}});
  BOOST_TEST(Run().Keys("TRC-DUP").empty());
  Event("E5", "sale", "2025-03-01 14:00:00");
  RunResult r = Run();
  BOOST_TEST(r.Keys("TRC-DUP") == std::vector<std::string>{kCode});
  BOOST_TEST(std::string(r.Stats("TRC-DUP")->primitive) == "sequence");
  BOOST_TEST(r.Stats("TRC-DUP")->state_keys == 2);
}

BOOST_FIXTURE_TEST_CASE(null_partition_is_not_the_text_0, SequenceFixture) {
  // sequence by e.psn_no: a sale to the person "0" and a sale with no person recorded
  // are not two sales in one partition.
  Options o;
  o.partition = "psn_no";
  AddRule("BY-PSN", o);
  Event("E1", "sale", "2025-03-01 10:00:00", {{"psn_no", "0"}});
  Event("E2", "sale", "2025-03-02 10:00:00", {{"psn_no", ""}});
  BOOST_TEST(Run().Keys("BY-PSN").empty());
}

BOOST_FIXTURE_TEST_CASE(order_not_led_by_event_time_is_refused, SequenceFixture) {
  // Records are judged as they arrive, in event-time order: a sequence
  // ordered by anything else first cannot be replayed (the checker reports
  // E-SEQUENCE-ORDER; this guards plans built by hand).
  Options o;
  o.order_by_month = true;
  AddRule("BY-MONTH", o);
  Status s = runtime::CheckStreamable(p);
  BOOST_TEST(!s.ok());
  BOOST_TEST(s.message().find("BY-MONTH") != std::string::npos);
  BOOST_TEST(s.message().find("trac_event.event_time") != std::string::npos);
  p.rules.clear();
  AddRule("BY-TIME", Options{});
  BOOST_TEST(runtime::CheckStreamable(p).ok());
}

BOOST_FIXTURE_TEST_CASE(three_steps_in_order, SequenceFixture) {
  // purchase_in, then sale, then purchase_in again (re-entry), unless sale_return.
  Alias third{3, tables::kTracEvent, "再入库"};
  plan::QueryPlan q = From(TableSource(tables::kTracEvent), 0, 4);
  plan::Sequence seq;
  seq.partition = {Field(p, e, "drug_trac_codg")};
  seq.order = {Field(p, e, "event_time"), Field(p, e, "event_id")};
  seq.steps = {IsType("purchase_in"), IsType("sale"), IsType("purchase_in")};
  seq.step_slots = {1, 2, 3};
  seq.unless = IsType("sale_return");
  q.sequence = std::move(seq);
  plan::Rule r = MakeRule("THREE", std::move(q));
  AddKey(r, "drug_trac_codg", Field(p, e, "drug_trac_codg"));
  for (const Alias* a : {&first, &second, &third}) {
    AddValue(r, Field(p, *a, "event_id"));
    AddText(r, ";");
  }
  p.rules.push_back(std::move(r));
  Event("E1", "sale", "2025-03-01 09:00:00");         // a sale before any purchase: not step 2
  Event("E2", "purchase_in", "2025-03-01 10:00:00");
  Event("E3", "purchase_in", "2025-03-01 11:00:00");  // step 1 again: keeps E2
  BOOST_TEST(Run().Keys("THREE").empty());
  Event("E4", "sale", "2025-03-01 12:00:00");
  BOOST_TEST(Run().Keys("THREE").empty());
  Event("E5", "purchase_in", "2025-03-01 13:00:00");
  RunResult res = Run();
  BOOST_TEST_REQUIRE(res.Find("THREE", kCode) != nullptr);
  BOOST_TEST(res.Find("THREE", kCode)->message == "E2;E4;E5;");
  BOOST_TEST(EvidenceOf(*res.Find("THREE", kCode)) ==
             (std::vector<std::string>{"trac_event:E2", "trac_event:E4", "trac_event:E5"}));
}

BOOST_FIXTURE_TEST_CASE(three_steps_reset_by_unless, SequenceFixture) {
  plan::QueryPlan q = From(TableSource(tables::kTracEvent), 0, 4);
  plan::Sequence seq;
  seq.partition = {Field(p, e, "drug_trac_codg")};
  seq.order = {Field(p, e, "event_time"), Field(p, e, "event_id")};
  seq.steps = {IsType("purchase_in"), IsType("sale"), IsType("purchase_in")};
  seq.step_slots = {1, 2, 3};
  seq.unless = IsType("sale_return");
  q.sequence = std::move(seq);
  plan::Rule r = MakeRule("THREE", std::move(q));
  AddKey(r, "drug_trac_codg", Field(p, e, "drug_trac_codg"));
  p.rules.push_back(std::move(r));
  Event("E1", "purchase_in", "2025-03-01 10:00:00");
  Event("E2", "sale", "2025-03-01 11:00:00");
  Event("E3", "sale_return", "2025-03-01 12:00:00");
  Event("E4", "purchase_in", "2025-03-01 13:00:00");  // only step 1 after the reset
  BOOST_TEST(Run().Keys("THREE").empty());
}

// --- judged one partition at a time ----------------------------------------------------

// Many codes, events in random order with ties in time, returns, and
// records with no person (for a sequence by person); an exclusion drops some events first. Streamed
// through sorters that spill (1 MB), the partitioned sequences find what
// the event-ordered ones find, with one partition's state at a time.
BOOST_FIXTURE_TEST_CASE(judged_by_partition_as_in_event_order, SequenceFixture) {
  AddRule("TRC-DUP");
  Options reflow;
  reflow.step1 = "purchase_in";
  AddRule("TRC-REFLOW", reflow);
  Options by_institution;
  by_institution.order = {"event_time", "fixmedins_code"};  // another order: a sort of its own
  AddRule("BY-INST", by_institution);
  Options by_person;
  by_person.partition = "psn_no";  // null for some: in no partition
  AddRule("BY-PSN", by_person);
  {
    // exclude trac_event e where e.fixmedins_code == "H0"
    plan::Exclusion x;
    x.table = tables::kTracEvent;
    x.query = From(TableSource(tables::kTracEvent), 0, 1);
    x.query.where = Eq(p, Field(p, e, "fixmedins_code"), Str(p, "H0"));
    p.exclusions.push_back(std::move(x));
  }
  std::mt19937 random(7);
  const char* types[] = {"sale", "sale", "sale", "purchase_in", "sale_return"};
  for (int i = 0; i < 6000; ++i) {
    char code[32], time[32];
    std::snprintf(code, sizeof code, "8123456%013d", static_cast<int>(random() % 900));
    std::snprintf(time, sizeof time, "2025-03-%02d %02d:00:00", 1 + static_cast<int>(random() % 3),
                  static_cast<int>(random() % 3));
    const std::string institution = "H" + std::to_string(random() % 4);
    Event("E" + std::to_string(100000 + random() % 900000), types[random() % 5], time,
          {{"drug_trac_codg", code}, {"fixmedins_code", institution},
           {"psn_no", random() % 10 == 0 ? "" : "P" + std::to_string(random() % 300)}});
  }
  store.Shuffle(3);
  RunResult held = Run();  // also compares with a streamed run
  BOOST_TEST(held.Keys("TRC-DUP").size() > 50u);
  BOOST_TEST(held.Keys("TRC-REFLOW").size() > 50u);
  BOOST_TEST(held.Keys("BY-INST") != held.Keys("TRC-DUP"));
  BOOST_TEST(held.Keys("BY-PSN").size() > 50u);
  RunResult streamed = RunStreamed(p, store, clock, 2);
  BOOST_TEST(JsonLines(streamed.alerts) == JsonLines(held.alerts), boost::test_tools::per_element());
  const int64_t events = static_cast<int64_t>(store.tables().records[tables::kTracEvent].size());
  BOOST_TEST(streamed.stats.partitioned == 3 * events);  // three partitions or orders: three sorts
  BOOST_TEST(streamed.stats.streamed == 0);              // none replayed in event order
  BOOST_TEST(streamed.stats.excluded[tables::kTracEvent] == held.stats.excluded[tables::kTracEvent]);
  BOOST_TEST(held.stats.excluded[tables::kTracEvent] > 1000);
  for (const char* id : {"TRC-DUP", "TRC-REFLOW", "BY-INST", "BY-PSN"}) {
    BOOST_TEST(std::string(streamed.Stats(id)->primitive) == "sequence, by partition");
    BOOST_TEST(streamed.Stats(id)->state_keys == 1);
    BOOST_TEST(held.Stats(id)->state_keys > 100);
    BOOST_TEST(streamed.Stats(id)->records == held.Stats(id)->records);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
