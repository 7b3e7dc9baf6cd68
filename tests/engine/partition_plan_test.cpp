// PartitionPlan: which sequence rules a scan that streams judges one
// partition at a time, which of them share a sort, which tables leave the
// event-ordered stream; and the sort keys that put a partition's records in
// the sequence's order.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

struct PartitionPlanFixture {
  plan::Plan p;
  Alias e{0, tables::kTracEvent, "e"};

  // from trac_event e sequence by <partition> order by <order> { step sale; step sale }
  void Sequence(std::string id, std::vector<ExprId> partition, std::vector<ExprId> order) {
    plan::QueryPlan q = From(TableSource(tables::kTracEvent), 0, 3);
    plan::Sequence seq;
    seq.partition = std::move(partition);
    seq.order = std::move(order);
    seq.steps = {Eq(p, Field(p, e, "event_type"), Str(p, "sale")), Eq(p, Field(p, e, "event_type"), Str(p, "sale"))};
    seq.step_slots = {1, 2};
    q.sequence = std::move(seq);
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "drug_trac_codg", Field(p, e, "drug_trac_codg"));
    p.rules.push_back(std::move(r));
  }
  void ByCode(std::string id) {
    Sequence(std::move(id), {Field(p, e, "drug_trac_codg")}, {Field(p, e, "event_time"), Field(p, e, "event_id")});
  }
  // from trac_event e where e.event_type == "recall"
  void PlainOverEvents(std::string id) {
    plan::QueryPlan q = From(TableSource(tables::kTracEvent), 0, 1);
    q.where = Eq(p, Field(p, e, "event_type"), Str(p, "recall"));
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "event_id", Field(p, e, "event_id"));
    p.rules.push_back(std::move(r));
  }
  static std::string Key(const runtime::PartitionGroup& g, const Record& r) {
    std::string k;
    runtime::PartitionPlan::SortKey(g, r, &k);
    return k;
  }
};

BOOST_FIXTURE_TEST_SUITE(partition_plan, PartitionPlanFixture)

BOOST_AUTO_TEST_CASE(sequences_alike_share_one_sort_and_take_the_table) {
  ByCode("TRC-DUP");
  ByCode("TRC-REFLOW");
  runtime::PartitionPlan plan(p);
  BOOST_TEST_REQUIRE(plan.groups().size() == 1u);
  const runtime::PartitionGroup& g = plan.groups()[0];
  BOOST_TEST(g.table == tables::kTracEvent);
  BOOST_TEST(g.rules == (std::vector<size_t>{0, 1}));
  // The event time leads already; the event id is the primary key, so no
  // tie is left for the key to break.
  BOOST_TEST(g.order == std::vector<uint16_t>{static_cast<uint16_t>(Table(tables::kTracEvent).FieldIndex("event_id"))});
  BOOST_TEST(!g.key_last);
  BOOST_TEST(plan.partitioned(0));
  BOOST_TEST(plan.partitioned(1));
  BOOST_TEST(plan.only(tables::kTracEvent));
  BOOST_TEST(!plan.only(tables::kFeeList));
}

BOOST_AUTO_TEST_CASE(another_order_is_another_sort_and_keeps_the_key) {
  ByCode("BY-ID");
  Sequence("BY-INST", {Field(p, e, "drug_trac_codg")}, {Field(p, e, "event_time"), Field(p, e, "fixmedins_code")});
  runtime::PartitionPlan plan(p);
  BOOST_TEST_REQUIRE(plan.groups().size() == 2u);
  BOOST_TEST(plan.groups()[1].rules == std::vector<size_t>{1});
  BOOST_TEST(plan.groups()[1].key_last);
}

BOOST_AUTO_TEST_CASE(a_table_read_in_event_order_too_stays_in_the_stream) {
  ByCode("TRC-DUP");
  PlainOverEvents("RECALL");
  runtime::PartitionPlan plan(p);
  BOOST_TEST(plan.partitioned(0));
  BOOST_TEST(!plan.partitioned(1));
  BOOST_TEST(!plan.only(tables::kTracEvent));
}

BOOST_AUTO_TEST_CASE(what_a_record_alone_cannot_sort_is_judged_in_event_order) {
  // sequence by left(e.drug_trac_codg, 7): not a field of the record.
  Sequence("BY-PREFIX", {Call(p, plan::Fn::kLeft, {Field(p, e, "drug_trac_codg"), Int(p, 7)}, Type::kString)},
           {Field(p, e, "event_time")});
  runtime::PartitionPlan by_expression(p);
  BOOST_TEST(by_expression.groups().empty());
  BOOST_TEST(!by_expression.partitioned(0));
  BOOST_TEST(!by_expression.only(tables::kTracEvent));
  // A table held for a lookup is not streamed: its sequence stays in event order.
  p.rules.clear();
  ByCode("TRC-DUP");
  {
    Alias f{0, tables::kFeeList, "f"}, t{1, tables::kTracEvent, "t"};
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 2);
    plan::Subquery sq;
    sq.lookup = KeyLookup(t, {"drug_trac_codg"}, {Field(p, f, "drug_trac_codg")});
    q.where = Subquery(p, q, std::move(sq), Type::kBool);
    plan::Rule r = MakeRule("SCANNED", std::move(q));
    AddKey(r, "feedetl_sn", Field(p, f, "feedetl_sn"));
    p.rules.push_back(std::move(r));
  }
  runtime::PartitionPlan held(p);
  BOOST_TEST(runtime::StorePlan(p).stored()[tables::kTracEvent]);
  BOOST_TEST(held.groups().empty());
  BOOST_TEST(!held.partitioned(0));
}

// Sort keys group a partition's records (they share a hash of the
// partition and the partition itself, in that order, ahead of all else)
// and order them by time, then by the order values (nulls first, numbers
// by value, text by its bytes), then by primary key.
BOOST_AUTO_TEST_CASE(sort_keys_order_as_the_sequence_does) {
  Sequence("R", {Field(p, e, "drug_trac_codg")}, {Field(p, e, "event_time"), Field(p, e, "psn_no")});
  runtime::PartitionPlan plan(p);
  const runtime::PartitionGroup& g = plan.groups().at(0);
  auto event = [](std::string id, std::string code, std::string time, std::string person) {
    return Rec(tables::kTracEvent, {{"event_id", id}, {"drug_trac_codg", code}, {"event_time", time}, {"psn_no", person}});
  };
  // Partition "A" in the order the sequence sees it.
  const std::vector<Record> a_in_order = {
      event("E9", "A", "2025-03-01 10:00:00", ""),     // no person: first
      event("E8", "A", "2025-03-01 10:00:00", "H"),
      event("E7", "A", "2025-03-01 10:00:00", "H1"),   // a longer text after its prefix
      event("E1", "A", "2025-03-01 10:00:00", "H2"),
      event("E2", "A", "2025-03-01 10:00:00", "H2"),   // a tie left to the key: E1, E2
      event("E6", "A", "2025-03-01 10:00:00", "甲"),   // bytes above 0x7F after ASCII
      event("E5", "A", "2025-03-02 09:00:00", "A"),    // a later time after them all
  };
  std::vector<std::string> keys;
  for (const Record& r : a_in_order) keys.push_back(Key(g, r));
  // (Double parentheses: Boost.Test would compare strings as C strings,
  // and these hold zero bytes.)
  for (size_t i = 1; i < keys.size(); ++i) BOOST_TEST((keys[i - 1] < keys[i]), "record " << i);
  std::string a, a1, b;
  BOOST_TEST(runtime::PartitionPlan::PartitionKey(g, a_in_order[0], &a));
  BOOST_TEST(runtime::PartitionPlan::PartitionKey(g, event("E4", "A1", "1999-01-01 00:00:00", "H"), &a1));
  BOOST_TEST(runtime::PartitionPlan::PartitionKey(g, event("E3", "B", "2025-01-01 00:00:00", "H"), &b));
  BOOST_TEST((a != a1));
  const std::string head = keys[0].substr(0, 8 + a.size());  // the hash, then the partition
  BOOST_TEST((head.substr(8) == a));
  for (const std::string& k : keys) BOOST_TEST((k.compare(0, head.size(), head) == 0));
  // Other partitions (one whose text starts with "A") share neither.
  for (const Record& r : {event("E4", "A1", "1999-01-01 00:00:00", "H"), event("E3", "B", "2025-01-01 00:00:00", "H")}) {
    const std::string k = Key(g, r);
    BOOST_TEST((k.compare(0, 8, head, 0, 8) != 0));
    BOOST_TEST((k.compare(0, head.size(), head) != 0));
  }
}

// Sliding windows over fields of the record are judged by group; a window
// on another time than the event time, or a calendar bucket, is not.
BOOST_AUTO_TEST_CASE(sliding_windows_over_fields_take_a_sort_of_their_own) {
  Alias f{0, tables::kFeeList, "f"};
  auto window = [&](std::string id, const char* time, bool with_window) {
    plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 1);
    q.group_by = {Field(p, f, "psn_no"), Field(p, f, "hilist_code")};
    if (with_window) q.window = plan::Window{30 * 86400, Field(p, f, time)};
    q.having = Ge(p, Aggregate(p, q, plan::Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 2));
    plan::Rule r = MakeRule(std::move(id), std::move(q));
    AddKey(r, "psn_no", Field(p, f, "psn_no"));
    p.rules.push_back(std::move(r));
  };
  window("QTY-30D", "fee_ocur_time", true);
  window("FRQ-MULTI", "fee_ocur_time", true);
  ByCode("TRC-DUP");
  runtime::PartitionPlan plan(p);
  BOOST_TEST_REQUIRE(plan.groups().size() == 2u);
  const runtime::PartitionGroup& g = plan.groups()[0];
  const TableDef& fee = Table(tables::kFeeList);
  BOOST_TEST(g.table == tables::kFeeList);
  BOOST_TEST(g.rules == (std::vector<size_t>{0, 1}));
  BOOST_TEST(g.partition == (std::vector<uint16_t>{static_cast<uint16_t>(fee.FieldIndex("psn_no")),
                                                   static_cast<uint16_t>(fee.FieldIndex("hilist_code"))}));
  BOOST_TEST(g.order.empty());
  BOOST_TEST(g.key_last);  // rows of one time in primary key order, as replayed
  BOOST_TEST(plan.only(tables::kFeeList));
  // The sort keeps what the windows read (and the keys), not every field.
  BOOST_TEST(g.keep[tables::kFeeList][fee.FieldIndex("psn_no")]);
  BOOST_TEST(!g.keep[tables::kFeeList][fee.FieldIndex("pric")]);
  BOOST_TEST(!g.keep[tables::kFeeList][fee.FieldIndex("drug_trac_codg")]);
  // A bucket (no window), and a window on a time that is not the event time.
  p.rules.clear();
  window("BUCKET", "fee_ocur_time", false);
  Alias o{0, tables::kVbpOrder, "o"};
  {
    plan::QueryPlan q = From(TableSource(tables::kVbpOrder), 0, 1);
    q.group_by = {Field(p, o, "distributor_code")};
    q.window = plan::Window{86400, Field(p, o, "cancel_time")};
    q.having = Ge(p, Aggregate(p, q, plan::Agg::kCount, plan::kNoExpr, Type::kInt, "count()"), Int(p, 2));
    plan::Rule r = MakeRule("CANCEL", std::move(q));
    AddKey(r, "distributor_code", Field(p, o, "distributor_code"));
    p.rules.push_back(std::move(r));
  }
  runtime::PartitionPlan neither(p);
  BOOST_TEST(neither.groups().empty());
}

BOOST_AUTO_TEST_CASE(a_null_partition_has_no_key) {
  Sequence("BY-PSN", {Field(p, e, "psn_no")}, {Field(p, e, "event_time")});
  runtime::PartitionPlan plan(p);
  std::string key;
  BOOST_TEST(!runtime::PartitionPlan::PartitionKey(plan.groups().at(0), Rec(tables::kTracEvent, {{"psn_no", ""}}), &key));
  BOOST_TEST(runtime::PartitionPlan::PartitionKey(plan.groups().at(0), Rec(tables::kTracEvent, {{"psn_no", "0"}}), &key));
  BOOST_TEST(!runtime::PartitionPlan::InPartition(plan.groups().at(0), Rec(tables::kTracEvent, {{"psn_no", ""}})));
  BOOST_TEST(runtime::PartitionPlan::InPartition(plan.groups().at(0), Rec(tables::kTracEvent, {{"psn_no", "0"}})));
}

// The replay by partition tells where a partition begins by comparing a
// row's partition fields with the last row's (SamePartition), not by
// making both keys: the two must agree, for texts (a prefix, a zero
// byte, bytes above 0x7F) and numbers (a time as a partition field).
BOOST_AUTO_TEST_CASE(same_partition_agrees_with_the_partition_keys) {
  Sequence("BY-CODE-AND-TIME", {Field(p, e, "drug_trac_codg"), Field(p, e, "event_time")}, {Field(p, e, "event_time")});
  runtime::PartitionPlan plan(p);
  const runtime::PartitionGroup& g = plan.groups().at(0);
  const std::string codes[] = {"A", "A1", "AB", std::string("A\0B", 3), std::string("A\0C", 3), "甲", "甲乙"};
  const char* times[] = {"2025-03-01 10:00:00", "2025-03-01 10:00:01"};
  std::vector<Record> records;
  for (const std::string& code : codes) {
    for (const char* time : times) records.push_back(Rec(tables::kTracEvent, {{"drug_trac_codg", "X"}, {"event_time", time}}));
    for (size_t i = records.size() - 2; i < records.size(); ++i) records[i].SetText(1, code);
  }
  size_t same = 0;
  for (const Record& a : records) {
    for (const Record& b : records) {
      std::string ka, kb;
      BOOST_TEST_REQUIRE(runtime::PartitionPlan::PartitionKey(g, a, &ka));
      BOOST_TEST_REQUIRE(runtime::PartitionPlan::PartitionKey(g, b, &kb));
      BOOST_TEST(runtime::PartitionPlan::SamePartition(g, a, b) == (ka == kb));
      same += ka == kb;
    }
  }
  BOOST_TEST(same == records.size());  // each record only with itself
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
