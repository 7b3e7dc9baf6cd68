// Evaluating a per-record condition must not allocate: the plan's join to a
// dated catalogue row, the comparisons, list membership and a quantifier
// over a list, run for many records, with the global allocator counting.
#include <atomic>
#include <cstdlib>
#include <new>

#include <boost/test/unit_test.hpp>

#include "engine/runtime/evaluator.h"
#include "engine/runtime/executor.h"
#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

// Replaces the global allocator for this test binary: counts while asked to.
// (GCC sees free() of what its idea of operator new returned; here both are ours.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace fundwatch::testing {
namespace {

BOOST_AUTO_TEST_SUITE(no_allocation)

BOOST_AUTO_TEST_CASE(per_record_condition_does_not_allocate) {
  plan::Plan p;
  Alias f{0, tables::kFeeList, "f"};
  Alias h{1, tables::kHilist, "h"};
  plan::QueryPlan q = From(TableSource(tables::kFeeList), 0, 3);
  plan::Lookup join = KeyLookup(h, {"hilist_code"}, {Field(p, f, "hilist_code")});
  join.as_of = Field(p, f, "fee_ocur_time");
  q.joins.push_back(InnerJoin(std::move(join)));
  // (a real 23-character code: a key longer than std::string's small buffer)
  // h.pric_uplmt_amt is not null and f.pric > h.pric_uplmt_amt and f.psn_no in ["P1","P2"]
  //   and any(c in f.drug_trac_codg where left(c, 7) == "8123456")
  ExprId ceiling = And(p, IsNotNull(p, Field(p, h, "pric_uplmt_amt")), Gt(p, Field(p, f, "pric"), Field(p, h, "pric_uplmt_amt")));
  ExprId member = In(p, Field(p, f, "psn_no"), ListC(p, "P1|P2"));
  plan::Node left = MakeNode(Op::kCall, Type::kString, {SlotValue(p, 2, Type::kString, "c"), Int(p, 7)}, "left(c, 7)");
  left.fn = plan::Fn::kLeft;
  ExprId prefix = Eq(p, Emit(p, std::move(left)), Str(p, "8123456"));
  plan::Node any = MakeNode(Op::kAny, Type::kBool, {Field(p, f, "drug_trac_codg"), prefix}, "any");
  any.slot = 2;
  ExprId where = And(p, And(p, ceiling, member), Emit(p, std::move(any)));

  runtime::TableStore store;
  store.records[tables::kHilist].push_back(
      Rec(tables::kHilist, {{"hilist_code", "XA10BAA045A001010100123"}, {"pric_uplmt_amt", "9.80"}, {"begndate", "2021-01-01"}}));
  for (int i = 0; i < 100; ++i) {
    store.records[tables::kFeeList].push_back(Rec(tables::kFeeList, {{"feedetl_sn", "F" + std::to_string(i)},
                                                                       {"hilist_code", "XA10BAA045A001010100123"},
                                                                       {"psn_no", i % 2 ? "P1" : "P3"},
                                                                       {"pric", "9.8001"},
                                                                       {"drug_trac_codg", "81234560000000000001|81234560000000000002"}}));
  }
  plan::Rule rule = MakeRule("NO-ALLOC", q);
  p.rules.push_back(rule);
  runtime::Executor executor(p, store, At("2025-10-01 00:00:00"));
  runtime::Frame frame;
  frame.plan = &p;
  frame.lookups = &executor;
  frame.as_of = At("2025-10-01 00:00:00");
  frame.Reset(&p.rules[0].query);
  const auto& records = store.records[tables::kFeeList];
  auto evaluate_all = [&] {
    int hits = 0;
    for (const Record& r : records) {
      frame.scratch_used = 0;
      frame.rows[0] = runtime::Row{&r, nullptr, static_cast<uint16_t>(r.size()), 0, false};
      runtime::Row found;
      if (!runtime::FindFirstMatch(p.rules[0].query.joins[0].lookup, frame, &found)) continue;
      frame.rows[1] = found;
      hits += runtime::IsTrue(runtime::Eval(where, frame));
    }
    return hits;
  };
  BOOST_TEST(evaluate_all() == 50);  // warm-up: builds the index, grows the key buffer
  g_allocations = 0;
  g_counting = true;
  int hits = evaluate_all();
  g_counting = false;
  BOOST_TEST(hits == 50);
  BOOST_TEST(g_allocations.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
