// StorePlan: a table held only for lookups that each read it through
// filters of its own fields is held in part (the records some lookup's
// filters pass); the rest are streamed. A scan that streams those gives the
// alerts of a scan that holds everything.
#include <boost/test/unit_test.hpp>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

struct StorePlanFixture {
  plan::Plan p;
  Alias f{0, tables::kFeeList, "f"};
  Alias s{1, tables::kSetl, "s"};

  // from fee_list f where exists(setl s where s.setl_id == f.setl_id and <residual>)
  void ExistsRule(std::string id, ExprId residual) {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    plan::Subquery sq;
    sq.lookup = KeyLookup(s, {"setl_id"}, {Field(p, f, "setl_id")});
    sq.lookup.residual = residual;
    q.where = Subquery(p, q, std::move(sq), Type::kBool);
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
    p.rules.push_back(std::move(r));
  }
  ExprId Reversed() { return Eq(p, Field(p, s, "refd_setl_flag"), Int(p, 1)); }
  ExprId Chronic() { return Eq(p, Field(p, s, "med_type"), Str(p, "14")); }
  // exclude setl s where s.med_type == "14"
  void ExcludeChronic() {
    plan::Exclusion x;
    x.table = tables::kSetl;
    x.query = From(TableSource(tables::kSetl), 1, 2);
    x.query.where = Chronic();
    p.exclusions.push_back(std::move(x));
  }
  static Record Setl(std::string id, std::string flag, std::string med_type) {
    return Rec(tables::kSetl, {{"setl_id", id}, {"refd_setl_flag", flag}, {"med_type", med_type},
                               {"setl_time", "2025-03-01 10:00:00"}});
  }
};

BOOST_AUTO_TEST_SUITE(store_plan)

BOOST_FIXTURE_TEST_CASE(a_filtered_lookup_holds_only_what_passes, StorePlanFixture) {
  ExistsRule("R", Reversed());
  runtime::StorePlan plan(p);
  BOOST_TEST(plan.stored()[tables::kSetl]);
  BOOST_TEST(plan.partial(tables::kSetl));
  BOOST_TEST(plan.Holds(Setl("S1", "1", "11")));
  BOOST_TEST(!plan.Holds(Setl("S2", "0", "11")));
  BOOST_TEST(!plan.stored()[tables::kFeeList]);
  BOOST_TEST(!plan.Holds(Rec(tables::kFeeList, {{"feedetl_sn", "F1"}})));
  BOOST_TEST(plan.Holds(Rec(tables::kPsn, {{"psn_no", "P1"}})));  // untimed: held whole
  // Streamed: fee lines (the rule's source); not settlements (no rule reads
  // them as a source: the ones no lookup can find are dropped) nor trace
  // events (nothing reads them).
  BOOST_TEST(plan.replayed(tables::kFeeList));
  BOOST_TEST(!plan.replayed(tables::kSetl));
  BOOST_TEST(!plan.replayed(tables::kTracEvent));
}

BOOST_FIXTURE_TEST_CASE(lookups_with_other_filters_hold_the_union, StorePlanFixture) {
  ExistsRule("R1", Reversed());
  ExistsRule("R2", Chronic());
  runtime::StorePlan plan(p);
  BOOST_TEST(plan.partial(tables::kSetl));
  BOOST_TEST(plan.Holds(Setl("S1", "1", "11")));
  BOOST_TEST(plan.Holds(Setl("S2", "0", "14")));
  BOOST_TEST(!plan.Holds(Setl("S3", "0", "11")));
}

BOOST_FIXTURE_TEST_CASE(a_lookup_without_a_filter_holds_the_table_whole, StorePlanFixture) {
  ExistsRule("R1", Reversed());
  ExistsRule("R2", Eq(p, Field(p, s, "psn_no"), Field(p, f, "psn_no")));  // reads the outer row: no filter
  runtime::StorePlan plan(p);
  BOOST_TEST(plan.stored()[tables::kSetl]);
  BOOST_TEST(!plan.partial(tables::kSetl));
  BOOST_TEST(plan.Holds(Setl("S2", "0", "11")));
}

BOOST_FIXTURE_TEST_CASE(a_filter_on_the_as_of_time_is_left_out, StorePlanFixture) {
  // The as-of time is not known while reading: only the flag filters.
  ExistsRule("R1", And(p, Reversed(), Lt(p, Field(p, s, "setl_time"), AsOf(p))));
  runtime::StorePlan plan(p);
  BOOST_TEST(plan.partial(tables::kSetl));
  BOOST_TEST(plan.Holds(Setl("S1", "1", "11")));
  BOOST_TEST(!plan.Holds(Setl("S2", "0", "11")));
  // With nothing but the as-of filter, the table is held whole.
  ExistsRule("R2", Lt(p, Field(p, s, "setl_time"), AsOf(p)));
  runtime::StorePlan whole(p);
  BOOST_TEST(!whole.partial(tables::kSetl));
  BOOST_TEST(whole.Holds(Setl("S2", "0", "11")));
}

// Records the plan does not hold come through a sorter; the rules read
// both and find what they would with everything held.
BOOST_FIXTURE_TEST_CASE(streaming_the_rest_gives_the_same_alerts, StorePlanFixture) {
  ExistsRule("REVERSED", Reversed());
  {
    // A rule over the partly held table itself: its rows come from both.
    plan::QueryPlan q = From(TableSource(tables::kSetl), 1, 2);
    q.where = Eq(p, Field(p, s, "med_type"), Str(p, "11"));
    plan::Rule r = MakeRule("SETL", std::move(q));
    AddKey(r, "setl_id", Field(p, s, "setl_id"));
    p.rules.push_back(std::move(r));
  }
  MemoryStore all;
  std::vector<Record> records;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "S" + std::to_string(i);
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-%02d 10:00:00", 1 + i % 5);
    records.push_back(Rec(tables::kSetl, {{"setl_id", id}, {"refd_setl_flag", i % 3 == 0 ? "1" : "0"},
                                          {"med_type", i % 2 == 0 ? "11" : "14"}, {"setl_time", time}}));
    records.push_back(Rec(tables::kFeeList, {{"feedetl_sn", "F" + std::to_string(i)}, {"setl_id", id},
                                             {"fee_ocur_time", time}}));
  }
  runtime::StorePlan plan(p);
  MemoryStore held;
  runtime::EventSorter sorter(size_t{1} << 20, "");
  size_t streamed_setl = 0;
  for (const Record& r : records) {
    all.Add(Record(r));
    if (plan.Holds(r)) {
      held.Add(Record(r));
    } else {
      streamed_setl += r.table() == tables::kSetl;
      BOOST_REQUIRE(sorter.Add(r).ok());
    }
  }
  BOOST_REQUIRE(sorter.Finish().ok());
  BOOST_TEST(streamed_setl == 26u);  // the 40 settlements less the 14 reversed
  BOOST_TEST(held.tables().records[tables::kSetl].size() == 14u);
  FakeClock clock{At("2025-12-31 23:59:59")};
  RunResult whole = Run(p, all, clock);
  runtime::Executor executor(p, held.tables(), clock.Now());
  runtime::RunStats stats;
  std::vector<runtime::Alert> split = executor.Run(&sorter, &stats);
  BOOST_TEST(whole.Keys("REVERSED").size() == 14u);
  BOOST_TEST(whole.Keys("SETL").size() == 20u);
  BOOST_TEST(JsonLines(split) == JsonLines(whole.alerts), boost::test_tools::per_element());
}

// from fee_list f where not exists(setl s where s.setl_id == f.setl_id and <residual>)
// -- what that rule needs of the settlements is the set of their ids.
struct KeySetFixture : StorePlanFixture {
  void NotExistsRule(std::string id, ExprId residual) {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    plan::Subquery sq;
    sq.lookup = KeyLookup(s, {"setl_id"}, {Field(p, f, "setl_id")});
    sq.lookup.residual = residual;
    q.where = Not(p, Subquery(p, q, std::move(sq), Type::kBool));
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
    p.rules.push_back(std::move(r));
  }
};

BOOST_FIXTURE_TEST_CASE(a_negated_existence_check_keeps_keys_not_records, KeySetFixture) {
  const ExprId reversed = Reversed();
  NotExistsRule("R", reversed);
  runtime::StorePlan plan(p);
  BOOST_TEST_REQUIRE(plan.key_sets().size() == 1u);
  BOOST_TEST(plan.key_sets()[0].table == tables::kSetl);
  BOOST_TEST(plan.has_keys(tables::kSetl));
  BOOST_TEST(!plan.stored()[tables::kSetl]);
  BOOST_TEST(!plan.Holds(Setl("S1", "1", "11")));
  // The keys of the records passing the condition, and only those.
  runtime::TableStore store;
  plan.PrepareKeys(&store);
  for (const Record& r : {Setl("S1", "1", "11"), Setl("S2", "0", "11"), Setl("S3", "1", "14")}) plan.AddKeys(r, &store);
  plan.FinishKeys(tables::kSetl, &store);
  const plan::Lookup* lookup = &p.rules[0].query.subqueries[0].lookup;
  const runtime::LookupIndex* keys = store.KeysFor(lookup);
  BOOST_TEST_REQUIRE(keys != nullptr);
  BOOST_TEST(keys->keys() == 2u);
  auto key = [](const char* id) {
    std::string k;
    runtime::AppendKeyPart(&k, plan::Value::Str(id));
    return k;
  };
  BOOST_TEST(keys->Probe(key("S1")).keys_only());
  BOOST_TEST(keys->Probe(key("S1")).size() == 1u);
  BOOST_TEST(keys->Probe(key("S3")).size() == 1u);
  BOOST_TEST(keys->Probe(key("S2")).empty());
  // Lookups alike share one key set.
  NotExistsRule("R2", reversed);
  BOOST_TEST(runtime::StorePlan(p).key_sets().size() == 1u);
  BOOST_TEST(runtime::StorePlan(p).key_sets()[0].lookups.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(what_an_existence_check_reads_beyond_keys_holds_records, KeySetFixture) {
  // exists(...) unnegated: an alert names the record found (its witness).
  ExistsRule("POSITIVE", Reversed());
  BOOST_TEST(runtime::StorePlan(p).key_sets().empty());
  p = plan::Plan();
  // A condition on the outer row: decided per probe, on the record.
  NotExistsRule("OUTER", And(p, Reversed(), Eq(p, Field(p, s, "psn_no"), Field(p, f, "psn_no"))));
  BOOST_TEST(runtime::StorePlan(p).key_sets().empty());
  p = plan::Plan();
  // The as-of time: not known while reading.
  NotExistsRule("ASOF", Lt(p, Field(p, s, "setl_time"), AsOf(p)));
  BOOST_TEST(runtime::StorePlan(p).key_sets().empty());
  p = plan::Plan();
  // Negated twice: a witness again.
  {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    plan::Subquery sq;
    sq.lookup = KeyLookup(s, {"setl_id"}, {Field(p, f, "setl_id")});
    sq.lookup.residual = Reversed();
    q.where = Not(p, Not(p, Subquery(p, q, std::move(sq), Type::kBool)));
    plan::Rule r = MakeRule("TWICE", std::move(q));
    AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
    p.rules.push_back(std::move(r));
  }
  BOOST_TEST(runtime::StorePlan(p).key_sets().empty());
  p = plan::Plan();
  // A table with an exclusion: its keys would have to be judged against it.
  NotExistsRule("EXCLUDED", Reversed());
  ExcludeChronic();
  BOOST_TEST(runtime::StorePlan(p).key_sets().empty());
}

BOOST_FIXTURE_TEST_CASE(a_table_held_whole_has_no_key_set, KeySetFixture) {
  NotExistsRule("R1", Reversed());
  ExistsRule("R2", Eq(p, Field(p, s, "psn_no"), Field(p, f, "psn_no")));  // holds setl whole
  runtime::StorePlan plan(p);
  BOOST_TEST(plan.key_sets().empty());
  BOOST_TEST(plan.stored()[tables::kSetl]);
  BOOST_TEST(!plan.partial(tables::kSetl));
}

// Streamed, with the settlements' keys made while reading and none of them
// held: the alerts of a run that holds everything.
BOOST_FIXTURE_TEST_CASE(keys_alone_give_the_same_alerts, KeySetFixture) {
  NotExistsRule("NOT-CHRONIC", Chronic());
  NotExistsRule("NOT-REVERSED", Reversed());
  MemoryStore all;
  for (int i = 0; i < 60; ++i) {
    const std::string id = "S" + std::to_string(i);
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-%02d 10:00:00", 1 + i % 5);
    if (i % 4 != 0) {  // some fee lines have no settlement
      all.Add(Rec(tables::kSetl, {{"setl_id", id}, {"refd_setl_flag", i % 3 == 0 ? "1" : "0"},
                                  {"med_type", i % 2 == 0 ? "11" : "14"}, {"setl_time", time}}));
    }
    all.Add(Rec(tables::kFeeList, {{"feedetl_sn", "F" + std::to_string(i)}, {"setl_id", id}, {"fee_ocur_time", time}}));
    all.Add(Rec(tables::kFeeList, {{"feedetl_sn", "G" + std::to_string(i)}, {"setl_id", "X" + std::to_string(i)},
                                   {"fee_ocur_time", time}}));  // no such settlement
  }
  FakeClock clock{At("2025-12-31 23:59:59")};
  RunResult whole = RunBothWays(p, all, clock);
  // 60 fee lines of the settlements' ids and 60 of none, less those whose
  // settlement is reversed (i % 3 == 0, i % 4 != 0: 15) or chronic (odd i,
  // i % 4 != 0: 30).
  BOOST_TEST(whole.Keys("NOT-REVERSED").size() == 105u);
  BOOST_TEST(whole.Keys("NOT-CHRONIC").size() == 90u);
  BOOST_TEST(runtime::StorePlan(p).key_sets().size() == 2u);
}

// from setl s where <where>: a reader of settlements as its source.
struct ReaderFixture : StorePlanFixture {
  void SetlRule(std::string id, ExprId where) {
    plan::QueryPlan q = From(TableSource(tables::kSetl), 1, 2);
    q.where = where;
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "setl_id", Field(p, s, "setl_id"));
    p.rules.push_back(std::move(r));
  }
};

BOOST_FIXTURE_TEST_CASE(records_no_reader_could_judge_are_not_replayed, ReaderFixture) {
  SetlRule("R1", Reversed());
  // A conjunct on the outer as-of time is not known while reading: only
  // the chronic condition turns records down.
  SetlRule("R2", And(p, Chronic(), Lt(p, Field(p, s, "setl_time"), AsOf(p))));
  runtime::StorePlan plan(p);
  BOOST_TEST(plan.replayed(tables::kSetl));
  BOOST_TEST(plan.Replays(Setl("S1", "1", "11")));
  BOOST_TEST(plan.Replays(Setl("S2", "0", "14")));
  BOOST_TEST(!plan.Replays(Setl("S3", "0", "11")));
  BOOST_TEST(!plan.Replays(Rec(tables::kTracEvent, {{"event_id", "E1"}})));  // nothing reads them
  // A reader that takes every record.
  SetlRule("R3", plan::kNoExpr);
  BOOST_TEST(runtime::StorePlan(p).Replays(Setl("S3", "0", "11")));
}

// Streamed with the records no reader could judge passed over: the alerts
// of a run that holds everything.
BOOST_FIXTURE_TEST_CASE(passing_over_what_no_reader_judges_gives_the_same_alerts, ReaderFixture) {
  SetlRule("REVERSED", Reversed());
  SetlRule("CHRONIC", And(p, Chronic(), Lt(p, Field(p, s, "setl_time"), AsOf(p))));
  MemoryStore all;
  size_t passed_over = 0;
  const runtime::StorePlan plan(p);
  for (int i = 0; i < 60; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-%02d 10:00:00", 1 + i % 5);
    Record r = Rec(tables::kSetl, {{"setl_id", "S" + std::to_string(i)}, {"refd_setl_flag", i % 3 == 0 ? "1" : "0"},
                                   {"med_type", i % 2 == 0 ? "11" : "14"}, {"setl_time", time}});
    passed_over += !plan.Replays(r);
    all.Add(std::move(r));
  }
  BOOST_TEST(passed_over == 20u);  // even i not divisible by 3
  FakeClock clock{At("2025-12-31 23:59:59")};
  RunResult whole = RunBothWays(p, all, clock);
  BOOST_TEST(whole.Keys("REVERSED").size() == 20u);
  BOOST_TEST(whole.Keys("CHRONIC").size() == 30u);
}

BOOST_FIXTURE_TEST_CASE(a_table_with_exclusions_is_replayed_whole, ReaderFixture) {
  SetlRule("R1", Reversed());
  ExcludeChronic();
  // The exclusions count what they drop, of every record.
  BOOST_TEST(runtime::StorePlan(p).Replays(Setl("S3", "0", "11")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
