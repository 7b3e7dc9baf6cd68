// Hand-built plans for the engine tests. The engine never sees the compiler,
// so its tests push plan::Nodes themselves; these helpers keep that short
// and type the nodes the way the checker does (arithmetic widening, bool
// comparisons, string constants backed by Plan::constant_texts).
//
// Every helper appends to the plan it is given and returns the new node's
// index. A Plan's node and constant indices stay valid while it grows;
// string constants stay put because constant_texts is a deque.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/decimal.h"
#include "engine/data/schema.h"
#include "engine/runtime/plan.h"

namespace fundwatch::testing {

using plan::ExprId;
using plan::Op;
using plan::Type;

inline ExprId Emit(plan::Plan& p, plan::Node n) {
  p.nodes.push_back(std::move(n));
  return static_cast<ExprId>(p.nodes.size() - 1);
}

inline plan::Node MakeNode(Op op, Type type, std::vector<ExprId> children = {}, std::string text = "") {
  plan::Node n;
  n.op = op;
  n.type = type;
  n.text = std::move(text);
  for (ExprId c : children) n.children.push_back(static_cast<uint32_t>(c));
  return n;
}

// A broken test plan is a bug in the test: stop at once, even under NDEBUG.
inline void Expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "plan_builder: %s\n", what);
    std::abort();
  }
}

inline int FieldIndexOf(TableId table, std::string_view field) {
  int i = Table(table).FieldIndex(field);
  Expect(i >= 0, "unknown field in a test plan");
  return i;
}

// --- constants -------------------------------------------------------------------

inline ExprId Constant(plan::Plan& p, plan::Value v, std::string text = "") {
  if (v.type == Type::kString || v.type == Type::kList) {
    p.constant_texts.push_back(text);
    v.text = p.constant_texts.back();
    if (v.type == Type::kString) text = "\"" + text + "\"";
  }
  p.constants.push_back(v);
  plan::Node n = MakeNode(Op::kConst, v.type, {}, std::move(text));
  n.index = static_cast<uint32_t>(p.constants.size() - 1);
  return Emit(p, std::move(n));
}

inline ExprId Int(plan::Plan& p, int64_t v) { return Constant(p, plan::Value::Int(v), std::to_string(v)); }
inline ExprId Dec(plan::Plan& p, std::string_view text) {
  auto d = Decimal::Parse(text);
  Expect(d.has_value(), "bad date or decimal literal in a test plan");
  return Constant(p, plan::Value::Dec(*d), std::string(text));
}
inline ExprId Str(plan::Plan& p, std::string_view text) {
  return Constant(p, plan::Value::Str({}), std::string(text));
}
// A list constant; `joined` is the raw '|'-separated text ("" = a list with no element).
inline ExprId ListC(plan::Plan& p, std::string_view joined) {
  return Constant(p, plan::Value::List({}), std::string(joined));
}
inline ExprId BoolC(plan::Plan& p, bool b) { return Constant(p, plan::Value::Bool(b), b ? "true" : "false"); }
inline ExprId DateC(plan::Plan& p, std::string_view text) {
  auto d = Date::Parse(text);
  Expect(d.has_value(), "bad date or decimal literal in a test plan");
  return Constant(p, plan::Value::DateV(*d), std::string(text));
}
inline ExprId TimeC(plan::Plan& p, std::string_view text) {
  auto t = DateTime::Parse(text);
  Expect(t.has_value(), "bad datetime literal in a test plan");
  return Constant(p, plan::Value::Time(*t), std::string(text));
}
inline ExprId DurC(plan::Plan& p, int64_t seconds) {
  return Constant(p, plan::Value::Duration(seconds), std::to_string(seconds) + "s");
}
// The literal `null`, or a typed null (a nullable field's absent value).
inline ExprId NullC(plan::Plan& p, Type t = Type::kNull) { return Constant(p, plan::Value::Null(t), "null"); }

// --- fields and slots ---------------------------------------------------------------

// A record bound in a slot, as the rule text names it: `f` over fee_list.
struct Alias {
  uint8_t slot = 0;
  TableId table = 0;
  std::string name;
};

inline ExprId Field(plan::Plan& p, const Alias& a, std::string_view field) {
  int i = FieldIndexOf(a.table, field);
  plan::Node n = MakeNode(Op::kField, plan::TypeOfField(Table(a.table).fields[i].type), {}, a.name + "." + std::string(field));
  n.slot = a.slot;
  n.field = static_cast<uint16_t>(i);
  return Emit(p, std::move(n));
}

// Field `index` of a derived row or a rule result (its keys, then nothing).
inline ExprId FieldAt(plan::Plan& p, uint8_t slot, uint16_t index, Type type, std::string text) {
  plan::Node n = MakeNode(Op::kField, type, {}, std::move(text));
  n.slot = slot;
  n.field = index;
  return Emit(p, std::move(n));
}

inline ExprId SlotValue(plan::Plan& p, uint8_t slot, Type type, std::string text) {
  plan::Node n = MakeNode(Op::kSlotValue, type, {}, std::move(text));
  n.slot = slot;
  return Emit(p, std::move(n));
}

inline ExprId AsOf(plan::Plan& p) { return Emit(p, MakeNode(Op::kAsOf, Type::kDateTime, {}, "as_of")); }

// --- operators -------------------------------------------------------------------------

inline Type NodeType(const plan::Plan& p, ExprId id) { return p.nodes[id].type; }

// The result type of an arithmetic operator, as the checker types it.
inline Type ArithmeticType(Op op, Type a, Type b) {
  auto numeric = [](Type t) { return t == Type::kInt || t == Type::kDecimal; };
  if (numeric(a) && numeric(b)) {
    if (op == Op::kDiv) return Type::kDecimal;
    return a == Type::kInt && b == Type::kInt ? Type::kInt : Type::kDecimal;
  }
  if (op == Op::kAdd && ((a == Type::kDateTime && b == Type::kDuration) || (a == Type::kDuration && b == Type::kDateTime))) {
    return Type::kDateTime;
  }
  if (op == Op::kSub && a == Type::kDateTime && b == Type::kDuration) return Type::kDateTime;
  if (op == Op::kSub && a == Type::kDateTime && b == Type::kDateTime) return Type::kDuration;
  if ((op == Op::kAdd || op == Op::kSub) && a == Type::kDuration && b == Type::kDuration) return Type::kDuration;
  if (op == Op::kMul && ((a == Type::kInt && b == Type::kDuration) || (a == Type::kDuration && b == Type::kInt))) {
    return Type::kDuration;
  }
  Expect(false, "no arithmetic for these types");
  return Type::kNull;
}

inline ExprId Arith(plan::Plan& p, Op op, ExprId a, ExprId b) {
  return Emit(p, MakeNode(op, ArithmeticType(op, NodeType(p, a), NodeType(p, b)), {a, b}));
}
inline ExprId Add(plan::Plan& p, ExprId a, ExprId b) { return Arith(p, Op::kAdd, a, b); }
inline ExprId Sub(plan::Plan& p, ExprId a, ExprId b) { return Arith(p, Op::kSub, a, b); }
inline ExprId Mul(plan::Plan& p, ExprId a, ExprId b) { return Arith(p, Op::kMul, a, b); }
inline ExprId Div(plan::Plan& p, ExprId a, ExprId b) { return Arith(p, Op::kDiv, a, b); }
inline ExprId Neg(plan::Plan& p, ExprId a) { return Emit(p, MakeNode(Op::kNeg, NodeType(p, a), {a}, "-")); }

inline ExprId Cmp(plan::Plan& p, Op op, ExprId a, ExprId b) { return Emit(p, MakeNode(op, Type::kBool, {a, b})); }
inline ExprId Eq(plan::Plan& p, ExprId a, ExprId b) { return Cmp(p, Op::kEq, a, b); }
inline ExprId Ne(plan::Plan& p, ExprId a, ExprId b) { return Cmp(p, Op::kNe, a, b); }
inline ExprId Lt(plan::Plan& p, ExprId a, ExprId b) { return Cmp(p, Op::kLt, a, b); }
inline ExprId Le(plan::Plan& p, ExprId a, ExprId b) { return Cmp(p, Op::kLe, a, b); }
inline ExprId Gt(plan::Plan& p, ExprId a, ExprId b) { return Cmp(p, Op::kGt, a, b); }
inline ExprId Ge(plan::Plan& p, ExprId a, ExprId b) { return Cmp(p, Op::kGe, a, b); }

inline ExprId And(plan::Plan& p, ExprId a, ExprId b) { return Emit(p, MakeNode(Op::kAnd, Type::kBool, {a, b}, "and")); }
inline ExprId Or(plan::Plan& p, ExprId a, ExprId b) { return Emit(p, MakeNode(Op::kOr, Type::kBool, {a, b}, "or")); }
inline ExprId Not(plan::Plan& p, ExprId a) { return Emit(p, MakeNode(Op::kNot, Type::kBool, {a}, "not")); }
inline ExprId IsNull(plan::Plan& p, ExprId a) { return Emit(p, MakeNode(Op::kIsNull, Type::kBool, {a})); }
inline ExprId IsNotNull(plan::Plan& p, ExprId a) { return Emit(p, MakeNode(Op::kIsNotNull, Type::kBool, {a})); }
inline ExprId In(plan::Plan& p, ExprId e, ExprId list) { return Emit(p, MakeNode(Op::kIn, Type::kBool, {e, list})); }
inline ExprId NotIn(plan::Plan& p, ExprId e, ExprId list) { return Emit(p, MakeNode(Op::kNotIn, Type::kBool, {e, list})); }
inline ExprId If(plan::Plan& p, ExprId c, ExprId a, ExprId b, Type t) { return Emit(p, MakeNode(Op::kIf, t, {c, a, b})); }

inline ExprId Call(plan::Plan& p, plan::Fn fn, std::vector<ExprId> args, Type result) {
  plan::Node n = MakeNode(Op::kCall, result, std::move(args));
  n.fn = fn;
  return Emit(p, std::move(n));
}
inline ExprId Label(plan::Plan& p, ExprId enum_field, TableId table, std::string_view field) {
  plan::Node n = MakeNode(Op::kCall, Type::kString, {enum_field});
  n.fn = plan::Fn::kLabel;
  n.label_table = table;
  n.field = static_cast<uint16_t>(FieldIndexOf(table, field));
  return Emit(p, std::move(n));
}

// any/all(x in list where cond): the element is bound in values[slot].
inline ExprId Quantifier(plan::Plan& p, Op op, uint8_t slot, ExprId list, ExprId cond) {
  plan::Node n = MakeNode(op, Type::kBool, {list, cond});
  n.slot = slot;
  return Emit(p, std::move(n));
}

// An aggregate of `q`'s groups; its value is read by the returned node.
inline ExprId Aggregate(plan::Plan& p, plan::QueryPlan& q, plan::Agg agg, ExprId arg, Type type, std::string text) {
  q.aggregates.push_back(plan::Aggregate{agg, arg, type});
  plan::Node n = MakeNode(Op::kAggregate, type, {}, std::move(text));
  n.index = static_cast<uint32_t>(q.aggregates.size() - 1);
  return Emit(p, std::move(n));
}

inline ExprId Subquery(plan::Plan& p, plan::QueryPlan& q, plan::Subquery sq, Type type) {
  q.subqueries.push_back(std::move(sq));
  plan::Node n = MakeNode(Op::kSubquery, type, {}, "subquery");
  n.index = static_cast<uint32_t>(q.subqueries.size() - 1);
  return Emit(p, std::move(n));
}

// --- lookups, queries and rules ---------------------------------------------------------

inline plan::SourceRef TableSource(TableId t) { return plan::SourceRef{plan::SourceKind::kTable, t}; }
inline plan::SourceRef RuleSource(uint32_t rule_index) { return plan::SourceRef{plan::SourceKind::kRule, rule_index}; }
inline plan::SourceRef DerivedSource(uint32_t index) { return plan::SourceRef{plan::SourceKind::kDerived, index}; }

// A kKey lookup of `inner` (slot, table) on `inner_fields` == `outer`.
inline plan::Lookup KeyLookup(const Alias& inner, std::initializer_list<std::string_view> inner_fields,
                              std::vector<ExprId> outer) {
  plan::Lookup l;
  l.source = TableSource(inner.table);
  l.slot = inner.slot;
  l.index = plan::IndexKind::kKey;
  for (std::string_view f : inner_fields) l.inner_fields.push_back(static_cast<uint16_t>(FieldIndexOf(inner.table, f)));
  l.outer_exprs = std::move(outer);
  return l;
}

// A kMember lookup: rows of `inner` whose list field `list_field` holds `outer`.
inline plan::Lookup MemberLookup(const Alias& inner, std::string_view list_field, ExprId outer) {
  plan::Lookup l;
  l.source = TableSource(inner.table);
  l.slot = inner.slot;
  l.index = plan::IndexKind::kMember;
  l.inner_fields.push_back(static_cast<uint16_t>(FieldIndexOf(inner.table, list_field)));
  l.outer_exprs = {outer};
  return l;
}

inline plan::Join InnerJoin(plan::Lookup l) { return plan::Join{std::move(l), false}; }
inline plan::Join OptionalJoin(plan::Lookup l) { return plan::Join{std::move(l), true}; }

inline plan::QueryPlan From(plan::SourceRef source, uint8_t source_slot, uint8_t slot_count) {
  plan::QueryPlan q;
  q.source = source;
  q.source_slot = source_slot;
  q.slot_count = slot_count;
  return q;
}

// A rule with its metadata filled in; keys, message and outputs are added by the test.
inline plan::Rule MakeRule(std::string id, plan::QueryPlan q) {
  plan::Rule r;
  r.version = "0123456789abcdef";
  r.meta.name = "测试规则 " + id;
  r.meta.category = "测试";
  r.meta.result = "可疑";
  r.meta.severity = "中";
  r.id = std::move(id);
  r.query = std::move(q);
  return r;
}

inline void AddKey(plan::Rule& r, std::string name, ExprId value) { r.keys.push_back(plan::KeyField{std::move(name), value}); }
inline void AddText(plan::Rule& r, std::string literal) { r.message.push_back(plan::MessagePart{std::move(literal), plan::kNoExpr}); }
inline void AddValue(plan::Rule& r, ExprId value) { r.message.push_back(plan::MessagePart{"", value}); }

}  // namespace fundwatch::testing
