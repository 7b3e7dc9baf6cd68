// Expressions that call: builtin functions, macros, aggregates after
// group by, subqueries (exists/count/sum/min/max) and quantifiers (any/all).
#include "engine/compiler/did_you_mean.h"
#include "engine/compiler/expr_checker.h"

namespace fundwatch::expr {

Typed ExprChecker::Call(const ast::Expr& e) {
  if (const ast::Macro* m = c_.FindMacro(e.text)) {
    if (m->params.size() != e.args.size()) {
      c_.Error(e.loc, "E-ARITY", "macro '" + e.text + "' takes " + std::to_string(m->params.size()) +
                                     " argument(s), got " + std::to_string(e.args.size()));
      return {};
    }
    return Expand(*m, e);
  }
  if (IsAggregateName(e.text)) return Aggregate(e);
  if (const BuiltinFunction* b = FindBuiltin(e.text)) return Builtin(e, *b);
  if (e.text == "exists" || e.text == "any" || e.text == "all") {
    c_.Error(e.loc, "E-ARITY", e.text == "exists" ? "exists needs a subquery: exists(table alias where condition)"
                                                  : e.text + " needs the form " + e.text + "(x in list where condition)");
    return {};
  }
  std::vector<std::string> names = BuiltinNames();
  for (const ast::Macro& m : c_.program_.macros) names.push_back(m.name);
  c_.Error(e.loc, "E-UNKNOWN-FUNCTION", "unknown function '" + e.text + "'" + DidYouMean(e.text, names));
  return {};
}

Typed ExprChecker::Aggregate(const ast::Expr& e) {
  if (!scope_.aggregates_allowed) {
    c_.Error(e.loc, "E-AGGREGATE-OUTSIDE",
             e.text + "() is an aggregate: it is allowed only after 'group by' (in let, having, key, amount, message)");
    return {};
  }
  plan::Aggregate agg;
  const size_t want = e.text == "count" ? (e.args.empty() ? 0 : 1) : 1;
  if (e.args.size() != want) {
    c_.Error(e.loc, "E-ARITY", e.text + "() takes " + (e.text == "count" ? "0 or 1" : "1") + " argument(s)");
    return {};
  }
  Typed arg;
  if (want == 1) {
    Scope inner = scope_;
    inner.aggregates_allowed = false;
    inner.grouped_exprs = nullptr;
    arg = ExprChecker(c_, inner).Check(*e.args[0]);
    if (!arg.ok()) return {};
    agg.arg = arg.id;
  }
  if (e.text == "count") {
    agg.agg = want == 0 ? plan::Agg::kCount : plan::Agg::kCountIf;
    if (want == 1 && arg.type != Type::kBool) return TypeError(e, "count(x) counts records where x is true; x is " + Describe(arg.type));
    agg.type = Type::kInt;
  } else if (e.text == "count_distinct") {
    agg.agg = plan::Agg::kCountDistinct;
    agg.type = Type::kInt;
  } else if (e.text == "sum") {
    if (!IsNumeric(arg.type)) return TypeError(e, "sum() needs numbers, got " + Describe(arg.type));
    agg.agg = plan::Agg::kSum;
    agg.type = arg.type;
  } else {
    agg.agg = e.text == "min" ? plan::Agg::kMin : plan::Agg::kMax;
    agg.type = arg.type;
  }
  Node n = NodeOf(Op::kAggregate, agg.type, e);
  n.index = static_cast<uint32_t>(scope_.query->aggregates.size());
  scope_.query->aggregates.push_back(agg);
  return Make(std::move(n));
}

Typed ExprChecker::Builtin(const ast::Expr& e, const BuiltinFunction& b) {
  int n = static_cast<int>(e.args.size());
  if (n < b.min_args || n > b.max_args) {
    c_.Error(e.loc, "E-ARITY", std::string(b.name) + " takes " + std::to_string(b.min_args) + " argument(s): " +
                                   std::string(b.signature));
    return {};
  }
  if (b.fn == plan::Fn::kDateTime) {
    const ast::Expr& a = *e.args[0];
    auto t = a.literal == ast::LiteralKind::kString ? DateTime::Parse(a.text) : std::nullopt;
    if (!t) {
      c_.Error(a.loc, "E-BAD-LITERAL", "datetime() takes a constant \"YYYY-MM-DD HH:MM:SS\"");
      return {};
    }
    return Typed{c_.Constant(plan::Value::Time(*t), "", Type::kDateTime), Type::kDateTime};
  }
  std::vector<Typed> args;
  for (const auto& a : e.args) {
    args.push_back(Check(*a));
    if (!args.back().ok()) return {};
  }
  auto need = [&](int i, bool ok, const char* what) {
    if (!ok) c_.Error(e.args[i]->loc, "E-TYPE", std::string(b.name) + "(): argument " + std::to_string(i + 1) +
                                                   " must be " + what + ", got " + Describe(args[i].type) + " — " +
                                                   std::string(b.signature));
    return ok;
  };
  std::vector<plan::ExprId> ids;
  for (const Typed& a : args) ids.push_back(a.id);
  Node node = NodeOf(Op::kCall, Type::kNull, e, ids);
  node.fn = b.fn;
  using F = plan::Fn;
  switch (b.fn) {
    case F::kDate: if (!need(0, IsTime(args[0].type), "a date or datetime")) return {}; node.type = Type::kDate; break;
    case F::kMonth: if (!need(0, IsTime(args[0].type), "a date or datetime")) return {}; node.type = Type::kString; break;
    case F::kAddMonths:
      if (!need(0, args[0].type == Type::kString, "a month text YYYY-MM") || !need(1, args[1].type == Type::kInt, "an int")) return {};
      node.type = Type::kString;
      break;
    case F::kAge:
      if (!need(0, IsTime(args[0].type), "a date") || !need(1, IsTime(args[1].type), "a date")) return {};
      node.type = Type::kInt;
      break;
    case F::kLen: if (!need(0, args[0].type == Type::kString, "text")) return {}; node.type = Type::kInt; break;
    case F::kLeft:
      if (!need(0, args[0].type == Type::kString, "text") || !need(1, args[1].type == Type::kInt, "an int")) return {};
      node.type = Type::kString;
      break;
    case F::kStartsWith:
      if (!need(0, args[0].type == Type::kString, "text") || !need(1, args[1].type == Type::kString, "text")) return {};
      node.type = Type::kBool;
      break;
    case F::kIsDigits: if (!need(0, args[0].type == Type::kString, "text")) return {}; node.type = Type::kBool; break;
    case F::kAnyStartsWith:
      if (!need(0, args[0].type == Type::kList, "a list") || !need(1, args[1].type == Type::kList, "a list")) return {};
      node.type = Type::kBool;
      break;
    case F::kCoalesce: {
      Type t = Widen(args[0].type, args[1].type);
      if (t == Type::kNull) return TypeError(e, "coalesce(): both arguments must have one type");
      node.type = t;
      break;
    }
    case F::kDays:
    case F::kHours: if (!need(0, args[0].type == Type::kInt, "an int")) return {}; node.type = Type::kDuration; break;
    case F::kLabel: {
      FieldInfo storage;
      const FieldInfo* f = EnumField(*e.args[0], &storage);
      if (f == nullptr || f->def->type != FieldType::kEnum) {
        c_.Error(e.args[0]->loc, "E-TYPE", "label() takes an enum field, like label(p.gend)");
        return {};
      }
      node.label_table = f->table;
      node.field = static_cast<uint16_t>(Table(f->table).FieldIndex(f->name));
      node.type = Type::kString;
      break;
    }
    case F::kDateTime: break;
  }
  return Make(std::move(node));
}

Typed ExprChecker::Subquery(const ast::Expr& e) {
  const ast::Subquery& s = *e.subquery;
  plan::Subquery sq;
  sq.kind = e.text == "exists" ? plan::SubqueryKind::kExists
            : e.text == "count" ? plan::SubqueryKind::kCount
            : e.text == "sum"   ? plan::SubqueryKind::kSum
            : e.text == "min"   ? plan::SubqueryKind::kMin
            : e.text == "max"   ? plan::SubqueryKind::kMax
                                : plan::SubqueryKind::kExists;
  if (!IsSubqueryName(e.text)) {
    c_.Error(e.loc, "E-UNKNOWN-FUNCTION", "'" + e.text + "' cannot take a subquery; use exists, count, sum, min or max");
    return {};
  }
  bool wants_value = sq.kind == plan::SubqueryKind::kSum || sq.kind == plan::SubqueryKind::kMin ||
                     sq.kind == plan::SubqueryKind::kMax;
  if (wants_value != (s.value != nullptr)) {
    c_.Error(e.loc, "E-SUBQUERY", wants_value ? e.text + " needs a value: " + e.text + "(x.field for table x where ...)"
                                              : e.text + "(...) takes no value before 'for'");
    return {};
  }
  Scope inner = scope_;
  inner.aggregates_allowed = false;
  inner.grouped_exprs = nullptr;
  if (!c_.Lookup(s.source, s.alias, s.alias_loc, s.where.get(), s.as_of.get(), inner, &sq.lookup, "subquery")) {
    return {};
  }
  Type type = Type::kBool;
  if (sq.kind == plan::SubqueryKind::kCount) type = Type::kInt;
  if (wants_value) {
    Typed v = ExprChecker(c_, inner).Check(*s.value);
    if (!v.ok()) return {};
    if (sq.kind == plan::SubqueryKind::kSum && !IsNumeric(v.type)) return TypeError(*s.value, "sum() needs numbers, got " + Describe(v.type));
    sq.value = v.id;
    type = v.type;
  }
  Node n = NodeOf(Op::kSubquery, type, e);
  n.index = static_cast<uint32_t>(scope_.query->subqueries.size());
  scope_.query->subqueries.push_back(std::move(sq));
  return Make(std::move(n));
}

Typed ExprChecker::Quantifier(const ast::Expr& e) {
  if (e.text != "any" && e.text != "all") {
    c_.Error(e.loc, "E-UNKNOWN-FUNCTION", "'" + e.text + "(x in list where ...)' is not a quantifier; use any or all");
    return {};
  }
  Typed list = Check(*e.args[0]);
  if (!list.ok()) return {};
  if (list.type != Type::kList) return TypeError(*e.args[0], e.text + "() ranges over a list, got " + Describe(list.type));
  Scope inner = scope_;
  uint8_t slot = c_.AllocSlot(scope_, e.var_loc);
  inner.names.push_back(Binding{e.var, false, {}, Type::kString, slot, e.var_loc});
  Typed cond = ExprChecker(c_, inner).Check(*e.args[1]);
  if (!cond.ok()) return {};
  if (cond.type != Type::kBool) return TypeError(*e.args[1], e.text + "(): the condition must be bool, got " + Describe(cond.type));
  Node n = NodeOf(e.text == "any" ? Op::kAny : Op::kAll, Type::kBool, e, {list.id, cond.id});
  n.slot = slot;
  return Make(std::move(n));
}

}  // namespace fundwatch::expr
