// The plan the checker emits for small hand-written programs: lookups and
// their indexes, windows and aggregates, sequences, lets and defines,
// exceptions, and parameter values in force.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <set>

#include "engine/compiler/compiler.h"
#include "tests/compiler/compiler_test_util.h"

namespace fundwatch::testing {
namespace {

const char kMeta[] = "  category: 测试\n  result: 可疑\n  severity: 中\n";

// A rule `id` with standard metadata around `body` (from ... outputs).
std::string Rule(const std::string& id, const std::string& body) {
  return "rule " + id + " \"测试\" {\n" + kMeta + body + "}\n";
}

CompileResult Compile(const std::string& text, const CheckOptions& options = {}) {
  CompileResult r = CompileSources({{"t.rule", text}}, options);
  BOOST_REQUIRE_MESSAGE(!r.diagnostics.HasErrors(), r.Render());
  BOOST_REQUIRE(r.plan != nullptr);
  BOOST_REQUIRE_MESSAGE(PlanProblems(*r.plan).empty(), PlanProblems(*r.plan));
  return r;
}

const plan::Rule& RuleOf(const CompileResult& r, const std::string& id) {
  for (const plan::Rule& rule : r.plan->rules) {
    if (rule.id == id) return rule;
  }
  BOOST_FAIL("no rule " << id);
  throw 0;
}

int FieldIndex(TableId table, const char* name) { return Table(table).FieldIndex(name); }

const plan::Node& NodeAt(const CompileResult& r, plan::ExprId id) {
  BOOST_REQUIRE(id >= 0 && static_cast<size_t>(id) < r.plan->nodes.size());
  return r.plan->nodes[id];
}

// The first node under `root` (depth first, root included) that `match`es.
const plan::Node* Find(const CompileResult& r, plan::ExprId root, const std::function<bool(const plan::Node&)>& match) {
  if (root == plan::kNoExpr) return nullptr;
  const plan::Node& n = r.plan->nodes[root];
  if (match(n)) return &n;
  for (uint32_t c : n.children) {
    if (const plan::Node* found = Find(r, static_cast<plan::ExprId>(c), match)) return found;
  }
  return nullptr;
}

// A condition as text: the source text of each leaf, with the `and`/`or`
// nodes the planner made shown as (a and b), (a or b).
std::string Text(const CompileResult& r, plan::ExprId id) {
  if (id == plan::kNoExpr) return "-";
  const plan::Node& n = r.plan->nodes[id];
  if ((n.op == plan::Op::kAnd || n.op == plan::Op::kOr) && (n.text == "and" || n.text == "or")) {
    return "(" + Text(r, static_cast<plan::ExprId>(n.children[0])) + " " + n.text + " " +
           Text(r, static_cast<plan::ExprId>(n.children[1])) + ")";
  }
  return n.text;
}

// The early checks of a rule, one per stage, then `| ` and where_rest.
std::string EarlyText(const CompileResult& r, const plan::QueryPlan& q) {
  std::string out;
  for (plan::ExprId e : q.early) out += Text(r, e) + "; ";
  return out + "| " + Text(r, q.where_rest);
}

BOOST_AUTO_TEST_SUITE(checker)

BOOST_AUTO_TEST_CASE(a_join_on_hilist_is_a_key_lookup_as_of_the_fee_time) {
  CompileResult r = Compile(Rule("T-PRC",
                                 "  from fee_list f\n"
                                 "  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time\n"
                                 "  where h.pric_uplmt_amt is not null and f.pric > h.pric_uplmt_amt\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"{f.pric} > {h.pric_uplmt_amt}\"\n"));
  const plan::Rule& rule = RuleOf(r, "T-PRC");
  BOOST_TEST((rule.query.source.kind == plan::SourceKind::kTable));
  BOOST_TEST(rule.query.source.index == tables::kFeeList);
  BOOST_REQUIRE(rule.query.joins.size() == 1u);
  const plan::Join& join = rule.query.joins[0];
  const plan::Lookup& l = join.lookup;
  BOOST_TEST(!join.optional);
  BOOST_TEST((l.source.kind == plan::SourceKind::kTable));
  BOOST_TEST(l.source.index == tables::kHilist);
  BOOST_TEST((l.index == plan::IndexKind::kKey));
  BOOST_REQUIRE(l.inner_fields.size() == 1u);
  BOOST_TEST(l.inner_fields[0] == FieldIndex(tables::kHilist, "hilist_code"));
  const plan::Node& probe = NodeAt(r, l.outer_exprs[0]);
  BOOST_TEST((probe.op == plan::Op::kField));
  BOOST_TEST(probe.slot == rule.query.source_slot);
  BOOST_TEST(probe.field == FieldIndex(tables::kFeeList, "hilist_code"));
  BOOST_REQUIRE(l.as_of != plan::kNoExpr);
  const plan::Node& as_of = NodeAt(r, l.as_of);
  BOOST_TEST((as_of.op == plan::Op::kField));
  BOOST_TEST(as_of.field == FieldIndex(tables::kFeeList, "fee_ocur_time"));
  BOOST_TEST(l.residual == plan::kNoExpr);  // the equality is the index, nothing is left over
  BOOST_TEST(l.slot != rule.query.source_slot);
  // `where` reads the joined row through the join's slot.
  const plan::Node* ceiling = Find(r, rule.query.where, [&](const plan::Node& n) {
    return n.op == plan::Op::kField && n.slot == l.slot && n.field == FieldIndex(tables::kHilist, "pric_uplmt_amt");
  });
  BOOST_TEST(ceiling != nullptr);
}

BOOST_AUTO_TEST_CASE(extra_conditions_of_a_lookup_become_its_residual) {
  CompileResult r = Compile(Rule("T-OPT",
                                 "  from fee_list f\n"
                                 "  optional join setl s on s.setl_id == f.setl_id and s.refd_setl_flag == 0\n"
                                 "  where s.setl_id is null\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::Join& join = RuleOf(r, "T-OPT").query.joins.at(0);
  BOOST_TEST(join.optional);
  BOOST_TEST(join.lookup.inner_fields.at(0) == FieldIndex(tables::kSetl, "setl_id"));
  BOOST_REQUIRE(join.lookup.residual != plan::kNoExpr);
  BOOST_TEST((NodeAt(r, join.lookup.residual).op == plan::Op::kEq));
  BOOST_TEST(join.lookup.as_of == plan::kNoExpr);
}

BOOST_AUTO_TEST_CASE(a_prefix_in_a_list_field_is_a_member_lookup) {
  CompileResult r = Compile(Rule("T-MIS",
                                 "  from fee_list f\n"
                                 "  where any(c in f.drug_trac_codg where\n"
                                 "            exists(hilist o as of f.fee_ocur_time\n"
                                 "                   where left(c, 7) in o.trace_prefix and o.hilist_code != f.hilist_code))\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::Rule& rule = RuleOf(r, "T-MIS");
  BOOST_REQUIRE(rule.query.subqueries.size() == 1u);
  const plan::Subquery& s = rule.query.subqueries[0];
  BOOST_TEST((s.kind == plan::SubqueryKind::kExists));
  BOOST_TEST(s.lookup.source.index == tables::kHilist);
  BOOST_TEST((s.lookup.index == plan::IndexKind::kMember));
  BOOST_REQUIRE(s.lookup.inner_fields.size() == 1u);
  BOOST_TEST(s.lookup.inner_fields[0] == FieldIndex(tables::kHilist, "trace_prefix"));
  const plan::Node& probe = NodeAt(r, s.lookup.outer_exprs.at(0));
  BOOST_TEST((probe.op == plan::Op::kCall));
  BOOST_TEST((probe.fn == plan::Fn::kLeft));
  BOOST_TEST(s.lookup.as_of != plan::kNoExpr);
  BOOST_REQUIRE(s.lookup.residual != plan::kNoExpr);
  BOOST_TEST((NodeAt(r, s.lookup.residual).op == plan::Op::kNe));
  // The quantifier's variable and the subquery's row have their own slots.
  const plan::Node* any = Find(r, rule.query.where, [](const plan::Node& n) { return n.op == plan::Op::kAny; });
  BOOST_REQUIRE(any != nullptr);
  BOOST_TEST(any->slot != s.lookup.slot);
  BOOST_TEST(any->slot < rule.query.slot_count);
}

BOOST_AUTO_TEST_CASE(a_grouped_rule_has_its_window_and_aggregates) {
  CompileResult r = Compile(
      "param stock_days = 60\n" +
      Rule("T-30D",
           "  from fee_list f\n"
           "  where f.long_rx_flag == 0\n"
           "  group by f.psn_no, f.hilist_code\n"
           "  window 30d on f.fee_ocur_time\n"
           "  let 天数 = sum(coalesce(f.prd_days, 0))\n"
           "  let 机构数 = count_distinct(f.fixmedins_code)\n"
           "  having 天数 > stock_days and 机构数 >= 1\n"
           "  key f.psn_no, f.hilist_code\n"
           "  amount sum(f.det_item_fee_sumamt)\n"
           "  message \"{f.psn_no} {天数}\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-30D").query;
  BOOST_REQUIRE(q.window.has_value());
  BOOST_TEST(q.window->length_seconds == 2592000);
  BOOST_TEST(NodeAt(r, q.window->time).field == FieldIndex(tables::kFeeList, "fee_ocur_time"));
  BOOST_TEST(q.group_by.size() == 2u);
  BOOST_REQUIRE(q.agg_lets.size() == 2u);
  BOOST_TEST(q.agg_lets[0].name == "天数");
  BOOST_TEST((q.agg_lets[0].type == plan::Type::kInt));
  BOOST_TEST(q.agg_lets[1].name == "机构数");
  // sum(...), count_distinct(...) and the amount's sum(...).
  BOOST_REQUIRE(q.aggregates.size() == 3u);
  BOOST_TEST((q.aggregates[0].agg == plan::Agg::kSum));
  BOOST_TEST((q.aggregates[0].type == plan::Type::kInt));
  BOOST_TEST((q.aggregates[1].agg == plan::Agg::kCountDistinct));
  BOOST_TEST((q.aggregates[2].agg == plan::Agg::kSum));
  BOOST_TEST((q.aggregates[2].type == plan::Type::kDecimal));
  const plan::Node& sum_arg = NodeAt(r, q.aggregates[0].arg);
  BOOST_TEST((sum_arg.op == plan::Op::kCall));
  BOOST_TEST((sum_arg.fn == plan::Fn::kCoalesce));
  // having reads the group-level lets by slot.
  const plan::Node* days = Find(r, q.having, [&](const plan::Node& n) {
    return n.op == plan::Op::kSlotValue && n.slot == q.agg_lets[0].slot;
  });
  BOOST_TEST(days != nullptr);
  BOOST_TEST(q.having != plan::kNoExpr);
}

BOOST_AUTO_TEST_CASE(a_window_length_can_be_a_duration_parameter) {
  CompileResult r = Compile("param span = 7d\n" + Rule("T-WIN",
                                                       "  from fee_list f\n"
                                                       "  group by f.psn_no\n"
                                                       "  window span on f.fee_ocur_time\n"
                                                       "  having count() > 2\n"
                                                       "  key f.psn_no\n"
                                                       "  message \"x\"\n"));
  BOOST_TEST(RuleOf(r, "T-WIN").query.window->length_seconds == 7 * 86400);
  CheckOptions o;
  o.overrides.push_back(ParamOverride{"span", "48h", {}});
  CompileResult overridden = Compile("param span = 7d\n" + Rule("T-WIN",
                                                                "  from fee_list f\n"
                                                                "  group by f.psn_no\n"
                                                                "  window span on f.fee_ocur_time\n"
                                                                "  having count() > 2\n"
                                                                "  key f.psn_no\n"
                                                                "  message \"x\"\n"),
                                     o);
  BOOST_TEST(RuleOf(overridden, "T-WIN").query.window->length_seconds == 48 * 3600);
}

BOOST_AUTO_TEST_CASE(a_sequence_has_its_steps_and_unless) {
  CompileResult r = Compile(Rule("T-DUP",
                                 "  from trac_event e\n"
                                 "  sequence by e.drug_trac_codg order by e.event_time, e.event_id {\n"
                                 "    step 首次 when e.event_type == \"sale\"\n"
                                 "    step 再次 when e.event_type == \"3505\"\n"
                                 "    unless e.event_type == \"sale_return\"\n"
                                 "  }\n"
                                 "  key e.drug_trac_codg\n"
                                 "  message \"{首次.event_time} {再次.fixmedins_code}\"\n"));
  const plan::Rule& rule = RuleOf(r, "T-DUP");
  BOOST_REQUIRE(rule.query.sequence.has_value());
  const plan::Sequence& s = *rule.query.sequence;
  BOOST_TEST(s.partition.size() == 1u);
  BOOST_TEST(s.order.size() == 2u);
  BOOST_TEST(s.steps.size() == 2u);
  BOOST_REQUIRE(s.step_slots.size() == 2u);
  BOOST_TEST(s.step_slots[0] != s.step_slots[1]);
  BOOST_TEST(s.unless != plan::kNoExpr);
  // The platform's code "3505" is canonicalised to "sale".
  const plan::Node* code = Find(r, s.steps[1], [](const plan::Node& n) { return n.op == plan::Op::kConst; });
  BOOST_REQUIRE(code != nullptr);
  BOOST_TEST(std::string(r.plan->constants.at(code->index).text) == "sale");
  // The message reads the rows bound by the steps.
  bool reads_step = false;
  for (const plan::MessagePart& p : rule.message) {
    if (p.value != plan::kNoExpr && NodeAt(r, p.value).slot == s.step_slots[1]) reads_step = true;
  }
  BOOST_TEST(reads_step);
}

BOOST_AUTO_TEST_CASE(lets_and_define_fields_resolve) {
  CompileResult r = Compile(
      "define 订单 =\n"
      "  from vbp_order o\n"
      "  let 截止 = o.order_time + 48h\n"
      "  let 按时 = sum(d.delivered_qty for vbp_delivery d where d.order_id == o.order_id and d.delivery_time <= 截止) >= o.order_qty\n"
      "  where 截止 <= as_of\n" +
      Rule("T-LATE",
           "  from 订单 x\n"
           "  let 晚 = not x.按时\n"
           "  where 晚\n"
           "  key x.order_id\n"
           "  message \"{x.截止}\"\n"));
  BOOST_REQUIRE(r.plan->derived.size() == 1u);
  const plan::Derived& d = r.plan->derived[0];
  BOOST_TEST(d.name == "订单");
  BOOST_TEST(d.let_names == (std::vector<std::string>{"截止", "按时"}), boost::test_tools::per_element());
  BOOST_TEST(d.query.subqueries.size() == 1u);
  BOOST_TEST((d.query.subqueries[0].kind == plan::SubqueryKind::kSum));
  const plan::Rule& rule = RuleOf(r, "T-LATE");
  BOOST_TEST((rule.query.source.kind == plan::SourceKind::kDerived));
  BOOST_TEST(rule.query.source.index == 0u);
  // A define's let is a field after the table's own fields.
  const size_t base = Table(tables::kVbpOrder).fields.size();
  BOOST_REQUIRE(rule.query.lets.size() == 1u);
  const plan::Node* on_time = Find(r, rule.query.lets[0].value, [](const plan::Node& n) { return n.op == plan::Op::kField; });
  BOOST_REQUIRE(on_time != nullptr);
  BOOST_TEST(on_time->field == base + 1);
  BOOST_TEST((on_time->type == plan::Type::kBool));
  const plan::Node& where = NodeAt(r, rule.query.where);
  BOOST_TEST((where.op == plan::Op::kSlotValue));
  BOOST_TEST(where.slot == rule.query.lets[0].slot);
  BOOST_TEST(NodeAt(r, rule.message.at(0).value).field == base);
}

BOOST_AUTO_TEST_CASE(exceptions_attach_to_their_rule) {
  CompileResult r = Compile(Rule("T-A", "  from fee_list f\n  key f.feedetl_sn\n  message \"a\"\n") +
                            Rule("T-B", "  from fee_list f\n  key f.feedetl_sn\n  message \"b\"\n") +
                            "exception T-A when f.fixmedins_code == \"H001\" because \"议价机构\"\n"
                            "exception T-A when f.pric < 1 because \"低价\"\n");
  const plan::Rule& a = RuleOf(r, "T-A");
  BOOST_REQUIRE(a.exceptions.size() == 2u);
  BOOST_TEST(a.exceptions[0].reason == "议价机构");
  BOOST_TEST(a.exceptions[1].reason == "低价");
  BOOST_TEST((NodeAt(r, a.exceptions[0].when).op == plan::Op::kEq));
  BOOST_TEST(RuleOf(r, "T-B").exceptions.empty());
}

BOOST_AUTO_TEST_CASE(parameter_overrides_change_the_constant_in_the_plan) {
  const std::string text = "param stock_days = 60\nparam readmit_days = 15d\n" +
                           Rule("T-P",
                                "  from setl s\n"
                                "  where s.endtime - s.begntime > readmit_days and s.medfee_sumamt > stock_days\n"
                                "  key s.setl_id\n"
                                "  message \"x\"\n");
  auto constants = [](const CompileResult& r) {
    const plan::Rule& rule = RuleOf(r, "T-P");
    // where (a > readmit_days) and (b > stock_days): the right side of each comparison.
    std::vector<int64_t> out;
    const plan::Node& both = NodeAt(r, rule.query.where);
    BOOST_REQUIRE((both.op == plan::Op::kAnd));
    for (uint32_t c : both.children) {
      const plan::Node& value = r.plan->nodes[r.plan->nodes[c].children.at(1)];
      BOOST_REQUIRE((value.op == plan::Op::kConst));
      out.push_back(r.plan->constants.at(value.index).num);
    }
    return out;
  };
  BOOST_TEST(constants(Compile(text)) == (std::vector<int64_t>{15 * 86400, 60}), boost::test_tools::per_element());
  CheckOptions o;
  o.overrides = {ParamOverride{"stock_days", "90", {}}, ParamOverride{"readmit_days", "20", {}}};
  CompileResult overridden = Compile(text, o);
  // A bare number takes the unit of the declared default (15d: days).
  BOOST_TEST(constants(overridden) == (std::vector<int64_t>{20 * 86400, 90}), boost::test_tools::per_element());
  std::map<std::string, std::string> params(overridden.plan->params.begin(), overridden.plan->params.end());
  BOOST_TEST(params["stock_days"] == "90");
}

BOOST_AUTO_TEST_CASE(exclusions_are_lowered_per_table) {
  CompileResult r = Compile(
      "exclude setl s where s.refd_setl_flag == 1 because \"冲销\"\n"
      "exclude fee_list f where exists(setl s where s.setl_id == f.setl_id and s.refd_setl_flag == 1) because \"冲销明细\"\n");
  BOOST_REQUIRE(r.plan->exclusions.size() == 2u);
  BOOST_TEST(r.plan->exclusions[0].table == tables::kSetl);
  BOOST_TEST(r.plan->exclusions[0].reason == "冲销");
  BOOST_TEST(r.plan->exclusions[1].table == tables::kFeeList);
  BOOST_TEST(r.plan->exclusions[1].query.subqueries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(patient_and_institution_default_to_the_source_s_fields) {
  CompileResult r = Compile(Rule("T-WHO", "  from setl s\n  key s.setl_id\n  message \"x\"\n") +
                            Rule("T-GRP",
                                 "  from fee_list f\n  group by f.psn_no\n  having count() > 1\n"
                                 "  key f.psn_no\n  message \"x\"\n"));
  const plan::Rule& who = RuleOf(r, "T-WHO");
  BOOST_TEST(NodeAt(r, who.patient).field == FieldIndex(tables::kSetl, "psn_no"));
  BOOST_TEST(NodeAt(r, who.institution).field == FieldIndex(tables::kSetl, "fixmedins_code"));
  // Grouped by the patient only: the institution is not one value per group.
  const plan::Rule& grouped = RuleOf(r, "T-GRP");
  BOOST_TEST(grouped.patient != plan::kNoExpr);
  BOOST_TEST(grouped.institution == plan::kNoExpr);
}

// Slots are bytes: a rule binding more than 255 names must be refused, not
// wrap around so that two lets share a slot.
BOOST_AUTO_TEST_CASE(more_slots_than_a_byte_holds_are_refused) {
  std::string body = "  from fee_list f\n";
  for (int i = 0; i < 300; ++i) body += "  let v" + std::to_string(i) + " = f.pric + " + std::to_string(i) + "\n";
  body += "  where v299 > v0\n  key f.feedetl_sn\n  message \"x\"\n";
  CompileResult r = CompileSources({{"t.rule", Rule("T-MANY", body)}});
  bool refused = r.diagnostics.HasErrors();
  bool distinct = true;
  if (!refused) {
    std::set<uint8_t> slots;
    for (const plan::Let& l : RuleOf(r, "T-MANY").query.lets) distinct = slots.insert(l.slot).second && distinct;
  }
  BOOST_TEST((refused || distinct), "300 lets compiled without an error into overlapping slots");
}

// --- early checks (early_checks.h) ---------------------------------------------------

BOOST_AUTO_TEST_CASE(a_conjunct_is_judged_at_the_first_stage_that_binds_its_rows) {
  CompileResult r = Compile(Rule("T-SEX",
                                 "  from fee_list f\n"
                                 "  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time\n"
                                 "  join psn p on p.psn_no == f.psn_no\n"
                                 "  where f.long_rx_flag == 0 and h.gender_lmt is not null and h.gender_lmt != p.gend\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-SEX").query;
  BOOST_REQUIRE(q.early.size() == 3u);  // the source alone, after h, after p
  BOOST_TEST(Text(r, q.early[0]) == "f.long_rx_flag == 0");
  BOOST_TEST(Text(r, q.early[1]) == "h.gender_lmt is not null");
  BOOST_TEST(Text(r, q.early[2]) == "h.gender_lmt != p.gend");
  BOOST_TEST(q.where_rest == plan::kNoExpr);  // nothing is judged twice
}

BOOST_AUTO_TEST_CASE(an_or_is_relaxed_to_what_its_bound_sides_allow) {
  // The age is a let over p: only the catalogue side of each branch is known
  // after h, so a record passes there when either limit is set.
  CompileResult r = Compile(Rule("T-AGE",
                                 "  from fee_list f\n"
                                 "  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time\n"
                                 "  join psn p on p.psn_no == f.psn_no\n"
                                 "  let age = age(p.brdy, date(f.fee_ocur_time))\n"
                                 "  where (h.age_min is not null and age < h.age_min)\n"
                                 "     or (h.age_max is not null and age > h.age_max)\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-AGE").query;
  BOOST_TEST(EarlyText(r, q) == "-; (h.age_min is not null or h.age_max is not null); -; | " + Text(r, q.where));
  BOOST_TEST(q.where_rest == q.where);
}

BOOST_AUTO_TEST_CASE(an_or_with_an_unknown_side_says_nothing_early) {
  CompileResult r = Compile(Rule("T-OR",
                                 "  from fee_list f\n"
                                 "  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time\n"
                                 "  join psn p on p.psn_no == f.psn_no\n"
                                 "  where h.gender_lmt is not null or p.gend == \"1\"\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-OR").query;
  BOOST_TEST(EarlyText(r, q) == "-; -; h.gender_lmt is not null or p.gend == \"1\"; | -");
}

BOOST_AUTO_TEST_CASE(subqueries_and_lets_are_left_for_after_the_joins) {
  CompileResult r = Compile(Rule("T-RX",
                                 "  from fee_list f\n"
                                 "  join fixmedins m on m.fixmedins_code == f.fixmedins_code\n"
                                 "  join setl s on s.setl_id == f.setl_id\n"
                                 "  let fee = f.det_item_fee_sumamt\n"
                                 "  where m.fixmedins_type == \"2\"\n"
                                 "    and (s.rxno is null or not exists(erx e where e.hi_rxno == s.rxno))\n"
                                 "    and fee > 10\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-RX").query;
  BOOST_REQUIRE(q.early.size() == 3u);
  BOOST_TEST(Text(r, q.early[0]) == "-");
  BOOST_TEST(Text(r, q.early[1]) == "m.fixmedins_type == \"2\"");
  BOOST_TEST(Text(r, q.early[2]) == "-");  // an or with a subquery side is unknown
  const std::string rest = EarlyText(r, q);
  BOOST_TEST(rest.find("| (") != std::string::npos);  // the subquery conjunct and the let's, after the lets
  BOOST_TEST(rest.find("exists") != std::string::npos);
  BOOST_TEST(rest.find("fee > 10") != std::string::npos);
  BOOST_TEST(rest.find("fixmedins_type", rest.find('|')) == std::string::npos);  // judged early, not again
}

BOOST_AUTO_TEST_CASE(a_quantifier_over_bound_rows_is_judged_early) {
  CompileResult r = Compile(Rule("T-ANY",
                                 "  from fee_list f\n"
                                 "  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time\n"
                                 "  where any(c in f.drug_trac_codg where left(c, 7) not in h.trace_prefix)\n"
                                 "  key f.feedetl_sn\n"
                                 "  message \"x\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-ANY").query;
  BOOST_REQUIRE(q.early.size() == 2u);
  BOOST_TEST(q.early[0] == plan::kNoExpr);
  BOOST_TEST(q.early[1] == q.where);
  BOOST_TEST(q.where_rest == plan::kNoExpr);
}

BOOST_AUTO_TEST_CASE(a_query_without_joins_keeps_its_where_whole) {
  CompileResult r = Compile(Rule("T-FLAT",
                                 "  from setl s\n"
                                 "  where s.med_type == \"21\" and s.setl_id != \"x\"\n"
                                 "  key s.setl_id\n"
                                 "  message \"x\"\n"));
  const plan::QueryPlan& q = RuleOf(r, "T-FLAT").query;
  BOOST_TEST(q.early.empty());
  BOOST_TEST(q.where_rest == plan::kNoExpr);
}

// --- shared joins (shared_joins.h) ----------------------------------------------------

BOOST_AUTO_TEST_CASE(alike_joins_from_one_source_share_a_class) {
  const std::string join_h = "  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time\n";
  CompileResult r = Compile(
      Rule("T-A", "  from fee_list f\n" + join_h + "  where h.gender_lmt is not null\n  key f.feedetl_sn\n  message \"x\"\n") +
      // The same join under other aliases, after another join: alike.
      Rule("T-B", "  from fee_list g\n  join fixmedins m on m.fixmedins_code == g.fixmedins_code\n"
                  "  join hilist i on i.hilist_code == g.hilist_code as of g.fee_ocur_time\n"
                  "  where i.age_min is not null\n  key g.feedetl_sn\n  message \"x\"\n") +
      // Another date: another row may be found.
      Rule("T-C", "  from fee_list f\n  join hilist h on h.hilist_code == f.hilist_code as of f.fee_ocur_time - 1d\n"
                  "  key f.feedetl_sn\n  message \"x\"\n") +
      // A key read from another joined row: not a function of the source row.
      Rule("T-D", "  from fee_list f\n  join setl s on s.setl_id == f.setl_id\n"
                  "  join psn p on p.psn_no == s.psn_no\n  key f.feedetl_sn\n  message \"x\"\n") +
      Rule("T-E", "  from fee_list f\n  join setl s on s.setl_id == f.setl_id\n"
                  "  join psn p on p.psn_no == f.psn_no\n  key f.feedetl_sn\n  message \"x\"\n") +
      // The same condition on the joined row, constants by value: alike.
      Rule("T-F", "  from fee_list f\n  join setl s on s.setl_id == f.setl_id and s.med_type == \"21\"\n"
                  "  key f.feedetl_sn\n  message \"x\"\n") +
      Rule("T-G", "  from fee_list f\n  join setl s on s.setl_id == f.setl_id and s.med_type == \"21\"\n"
                  "  key f.feedetl_sn\n  message \"x\"\n") +
      // Over another source: its rows are other rows.
      Rule("T-H", "  from erx e\n  join psn p on p.psn_no == e.psn_no\n  key e.hi_rxno\n  message \"x\"\n"));
  const plan::QueryPlan& a = RuleOf(r, "T-A").query;
  const plan::QueryPlan& b = RuleOf(r, "T-B").query;
  const plan::QueryPlan& c = RuleOf(r, "T-C").query;
  const plan::QueryPlan& d = RuleOf(r, "T-D").query;
  const plan::QueryPlan& e = RuleOf(r, "T-E").query;
  const plan::QueryPlan& f = RuleOf(r, "T-F").query;
  const plan::QueryPlan& g = RuleOf(r, "T-G").query;
  const plan::QueryPlan& h = RuleOf(r, "T-H").query;
  BOOST_TEST(a.joins[0].shared >= 0);
  BOOST_TEST(b.joins[1].shared == a.joins[0].shared);
  BOOST_TEST(c.joins[0].shared != a.joins[0].shared);
  BOOST_TEST(d.joins[1].shared == -1);        // p keyed by s.psn_no
  BOOST_TEST(e.joins[1].shared == -1);        // p keyed by f.psn_no: alike only with T-H's, over erx
  BOOST_TEST(h.joins[0].shared == -1);
  BOOST_TEST(d.joins[0].shared >= 0);         // s by f.setl_id, as in T-E
  BOOST_TEST(d.joins[0].shared == e.joins[0].shared);
  BOOST_TEST(f.joins[0].shared >= 0);
  BOOST_TEST(f.joins[0].shared == g.joins[0].shared);
  BOOST_TEST(f.joins[0].shared != d.joins[0].shared);  // the residual differs
  BOOST_TEST(r.plan->shared_joins == 3);
  BOOST_TEST(b.joins[0].shared == -1);        // m: joined by T-B alone
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
