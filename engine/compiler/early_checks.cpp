#include "engine/compiler/early_checks.h"

#include <vector>

namespace fundwatch {
namespace {

using plan::ExprId;
using plan::kNoExpr;
using plan::Op;

class EarlyPlanner {
 public:
  EarlyPlanner(plan::Plan* plan, const plan::QueryPlan& q) : plan_(*plan), bound_(256, false) {
    bound_[q.source_slot] = true;
  }

  void Bind(uint8_t slot) { bound_[slot] = true; }

  // True when `id` can be evaluated from the slots bound so far: it reads no
  // let, aggregate or subquery. (A quantifier's own variable counts as bound
  // inside its condition.)
  bool Bound(ExprId id) {
    const plan::Node& n = plan_.nodes[id];
    switch (n.op) {
      case Op::kConst: case Op::kAsOf: return true;
      case Op::kField: return bound_[n.slot];
      case Op::kSlotValue: return variables_.size() > n.slot && variables_[n.slot];
      case Op::kAggregate: case Op::kSubquery: return false;
      case Op::kAny: case Op::kAll: {
        if (!Bound(static_cast<ExprId>(n.children[0]))) return false;
        if (variables_.size() <= n.slot) variables_.resize(n.slot + 1, false);
        const bool was = variables_[n.slot];
        variables_[n.slot] = true;
        const bool ok = Bound(static_cast<ExprId>(n.children[1]));
        variables_[n.slot] = was;
        return ok;
      }
      default:
        for (uint32_t c : n.children) {
          if (!Bound(static_cast<ExprId>(c))) return false;
        }
        return true;
    }
  }

  // A condition over the bound slots that is true whenever `id` is
  // (kNoExpr: nothing can be said yet).
  ExprId Relax(ExprId id) {
    if (Bound(id)) return id;
    const plan::Node& n = plan_.nodes[id];
    if (n.op != Op::kAnd && n.op != Op::kOr) return kNoExpr;
    const ExprId a = Relax(static_cast<ExprId>(n.children[0]));
    const ExprId b = Relax(static_cast<ExprId>(n.children[1]));
    if (n.op == Op::kAnd) return Both(a, b);
    if (a == kNoExpr || b == kNoExpr) return kNoExpr;
    return Join(Op::kOr, a, b);
  }

  // `a and b`, where kNoExpr is "true".
  ExprId Both(ExprId a, ExprId b) {
    if (a == kNoExpr) return b;
    if (b == kNoExpr) return a;
    return Join(Op::kAnd, a, b);
  }

  bool Reads(ExprId id, uint8_t slot) const {
    const plan::Node& n = plan_.nodes[id];
    if (n.op == Op::kField && n.slot == slot) return true;
    for (uint32_t c : n.children) {
      if (Reads(static_cast<ExprId>(c), slot)) return true;
    }
    return false;
  }

 private:
  ExprId Join(Op op, ExprId a, ExprId b) {
    plan::Node n;
    n.op = op;
    n.type = plan::Type::kBool;
    n.text = op == Op::kAnd ? "and" : "or";
    n.children = {static_cast<uint32_t>(a), static_cast<uint32_t>(b)};
    plan_.nodes.push_back(std::move(n));
    return static_cast<ExprId>(plan_.nodes.size() - 1);
  }

  plan::Plan& plan_;
  std::vector<bool> bound_;
  std::vector<bool> variables_;
};

void Conjuncts(const plan::Plan& plan, ExprId id, std::vector<ExprId>* out) {
  const plan::Node& n = plan.nodes[id];
  if (n.op == Op::kAnd) {
    Conjuncts(plan, static_cast<ExprId>(n.children[0]), out);
    Conjuncts(plan, static_cast<ExprId>(n.children[1]), out);
  } else {
    out->push_back(id);
  }
}

}  // namespace

void PlanEarlyChecks(plan::Plan* plan, plan::QueryPlan* q) {
  q->early.clear();
  q->where_rest = kNoExpr;
  if (q->joins.empty() || q->where == kNoExpr) return;
  std::vector<ExprId> conjuncts;
  Conjuncts(*plan, q->where, &conjuncts);
  std::vector<bool> checked(conjuncts.size(), false);
  EarlyPlanner planner(plan, *q);
  for (size_t stage = 0; stage <= q->joins.size(); ++stage) {
    const bool first = stage == 0;
    uint8_t slot = 0;
    if (!first) {
      slot = q->joins[stage - 1].lookup.slot;
      planner.Bind(slot);
    }
    ExprId check = kNoExpr;
    for (size_t i = 0; i < conjuncts.size(); ++i) {
      if (checked[i]) continue;
      if (planner.Bound(conjuncts[i])) {
        checked[i] = true;  // judged here, once
        check = planner.Both(check, conjuncts[i]);
        continue;
      }
      // A relaxation is worth judging only when this stage's slot adds to it.
      ExprId relaxed = planner.Relax(conjuncts[i]);
      if (relaxed != kNoExpr && (first || planner.Reads(relaxed, slot))) check = planner.Both(check, relaxed);
    }
    q->early.push_back(check);
  }
  for (size_t i = 0; i < conjuncts.size(); ++i) {
    if (!checked[i]) q->where_rest = planner.Both(q->where_rest, conjuncts[i]);
  }
}

}  // namespace fundwatch
