#include "engine/compiler/shared_joins.h"

#include <map>
#include <string>
#include <vector>

namespace fundwatch {
namespace {

using plan::ExprId;
using plan::kNoExpr;
using plan::Op;

// The text of an expression with the source row written `s` and the joined
// row `j`; false when it reads any other row or a let, variable, aggregate
// or subquery (whose values are not the source row's alone).
bool Canon(const plan::Plan& plan, ExprId id, uint8_t source, uint8_t joined, std::string* out) {
  if (id == kNoExpr) {
    *out += '-';
    return true;
  }
  const plan::Node& n = plan.nodes[id];
  *out += '(' + std::to_string(static_cast<int>(n.op)) + ':' + std::to_string(static_cast<int>(n.type)) + ':';
  switch (n.op) {
    case Op::kConst: {
      const plan::Value& v = plan.constants[n.index];
      *out += v.null ? "null" : std::to_string(v.num) + '"' + std::string(v.text) + '"';
      break;
    }
    case Op::kField:
      if (n.slot != source && n.slot != joined) return false;
      *out += (n.slot == source ? 's' : 'j') + std::to_string(n.field);
      break;
    case Op::kCall: *out += 'f' + std::to_string(static_cast<int>(n.fn)) + 't' + std::to_string(n.label_table); break;
    case Op::kSlotValue: case Op::kAggregate: case Op::kSubquery: case Op::kAny: case Op::kAll: return false;
    default: break;
  }
  for (uint32_t c : n.children) {
    if (!Canon(plan, static_cast<ExprId>(c), source, joined, out)) return false;
  }
  *out += ')';
  return true;
}

// The class text of a join in a query, or "" when it cannot be shared.
std::string Signature(const plan::Plan& plan, const plan::QueryPlan& q, const plan::Lookup& l) {
  std::string s = std::to_string(static_cast<int>(q.source.kind)) + '.' + std::to_string(q.source.index) + '>' +
                  std::to_string(static_cast<int>(l.source.kind)) + '.' + std::to_string(l.source.index) + '/' +
                  std::to_string(static_cast<int>(l.index)) + '/';
  for (uint16_t f : l.inner_fields) s += std::to_string(f) + ',';
  s += '/';
  for (ExprId e : l.outer_exprs) {
    if (!Canon(plan, e, q.source_slot, l.slot, &s)) return "";
  }
  s += '/';
  if (!Canon(plan, l.as_of, q.source_slot, l.slot, &s)) return "";
  s += '/';
  if (!Canon(plan, l.residual, q.source_slot, l.slot, &s)) return "";
  return s;
}

}  // namespace

void PlanSharedJoins(plan::Plan* plan) {
  std::vector<plan::QueryPlan*> queries;
  for (plan::Rule& r : plan->rules) queries.push_back(&r.query);
  for (plan::Derived& d : plan->derived) queries.push_back(&d.query);
  std::map<std::string, std::vector<plan::Join*>> by_signature;
  for (plan::QueryPlan* q : queries) {
    for (plan::Join& j : q->joins) {
      j.shared = -1;
      std::string s = Signature(*plan, *q, j.lookup);
      if (!s.empty()) by_signature[s].push_back(&j);
    }
  }
  int32_t classes = 0;
  for (auto& [signature, joins] : by_signature) {
    if (joins.size() < 2) continue;
    for (plan::Join* j : joins) j->shared = classes;
    ++classes;
  }
  plan->shared_joins = classes;
}

}  // namespace fundwatch
