// Queries: sources, joins and subqueries (lowered to indexed lookups),
// lets, where, group by with windows and aggregates, and sequences.
#include "engine/compiler/checker_internal.h"
#include "engine/compiler/early_checks.h"
#include "engine/compiler/did_you_mean.h"

namespace fundwatch {
namespace {

using plan::Type;

void Conjuncts(const ast::Expr* e, std::vector<const ast::Expr*>* out) {
  if (e->kind == ast::ExprKind::kBinary && e->text == "and") {
    Conjuncts(e->args[0].get(), out);
    Conjuncts(e->args[1].get(), out);
  } else {
    out->push_back(e);
  }
}

// `alias.field` -> field name, or nullptr.
const std::string* InnerField(const ast::Expr& e, const std::string& alias) {
  if (e.kind == ast::ExprKind::kField && e.args[0]->kind == ast::ExprKind::kName && e.args[0]->text == alias) {
    return &e.text;
  }
  return nullptr;
}

bool MentionsAnyName(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kName) return true;
  for (const auto& a : e.args) {
    if (MentionsAnyName(*a)) return true;
  }
  return e.subquery != nullptr;
}

bool IsVersioned(const TableDef& t) {
  for (int k : t.key) {
    if (k == t.valid_from) return true;
  }
  return false;
}

}  // namespace

std::vector<FieldInfo> Checker::FieldsOf(const RecordType& r) {
  std::vector<FieldInfo> out;
  switch (r.kind) {
    case plan::SourceKind::kTable: {
      const TableDef& t = Table(static_cast<TableId>(r.index));
      for (const FieldDef& f : t.fields) out.push_back(FieldInfo{std::string(f.name), plan::TypeOfField(f.type), &f, t.id});
      break;
    }
    case plan::SourceKind::kDerived: {
      const plan::Derived& d = plan_.derived[r.index];
      out = FieldsOf(RecordType{d.query.source.kind, d.query.source.index});
      for (const plan::Let& l : d.query.lets) out.push_back(FieldInfo{l.name, l.type, nullptr, 0});
      break;
    }
    case plan::SourceKind::kRule:
      for (const plan::KeyField& k : plan_.rules[r.index].keys) out.push_back(FieldInfo{k.name, Type::kString, nullptr, 0});
      break;
  }
  return out;
}

std::string Checker::RecordName(const RecordType& r) {
  switch (r.kind) {
    case plan::SourceKind::kTable: return "table " + std::string(Table(static_cast<TableId>(r.index)).name);
    case plan::SourceKind::kDerived: return "define " + plan_.derived[r.index].name;
    case plan::SourceKind::kRule: return "the results of rule " + plan_.rules[r.index].id;
  }
  return "";
}

bool Checker::ResolveSource(const ast::Source& s, RecordType* out) {
  if (s.is_rule) {
    int index = RuleIndex(s.name, s.loc);
    if (index < 0) return false;
    *out = RecordType{plan::SourceKind::kRule, static_cast<uint32_t>(index)};
    return true;
  }
  if (const TableDef* t = FindTable(s.name)) {
    *out = RecordType{plan::SourceKind::kTable, t->id};
    return true;
  }
  int index = DefineIndex(s.name, s.loc);
  if (index == -2) return false;  // known but broken: already reported
  if (index >= 0) {
    *out = RecordType{plan::SourceKind::kDerived, static_cast<uint32_t>(index)};
    return true;
  }
  Error(s.loc, "E-UNKNOWN-TABLE", "unknown table '" + s.name + "'" + DidYouMean(s.name, SourceNames()));
  return false;
}

bool Checker::Lookup(const ast::Source& source, const std::string& alias, const ast::Loc& alias_loc,
                     const ast::Expr* cond, const ast::Expr* as_of, Scope& scope, plan::Lookup* out,
                     const char* what) {
  RecordType record;
  if (!ResolveSource(source, &record)) return false;
  out->source = plan::SourceRef{record.kind, record.index};
  for (const Binding& b : scope.names) {
    if (b.name == alias) {
      Error(alias_loc, "E-DUPLICATE-ALIAS", "alias '" + alias + "' is already used in this rule");
      return false;
    }
  }
  // Bind the alias first, so that later uses resolve even when this lookup
  // has a mistake: one run reports every error, not a cascade of them.
  out->slot = AllocSlot(scope, alias_loc);
  scope.names.push_back(Binding{alias, true, record, Type::kRecord, out->slot, alias_loc});
  bool ok = true;
  bool versioned = record.kind == plan::SourceKind::kTable && IsVersioned(Table(static_cast<TableId>(record.index)));
  if (versioned && as_of == nullptr) {
    Error(source.loc, "E-ASOF-REQUIRED",
          "table " + source.name + " has dated versions; say which applies, like 'as of f.fee_ocur_time'");
    ok = false;
  }
  if (!versioned && as_of != nullptr) {
    Error(as_of->loc, "E-ASOF-NOT-ALLOWED", "'as of' applies only to tables with dated versions (hilist); " +
                                                source.name + " has none");
    ok = false;
  }
  if (as_of != nullptr && versioned) {
    Typed t = Expr(*as_of, scope);
    if (!t.ok()) {
      ok = false;
    } else if (!plan::IsTime(t.type)) {
      Error(as_of->loc, "E-TYPE", std::string("'as of' needs a date or datetime, got ") + plan::TypeName(t.type));
      ok = false;
    }
    out->as_of = t.id;
  }
  std::vector<FieldInfo> fields = FieldsOf(record);
  auto field_index = [&](const std::string& name, const ast::Loc& loc) -> int {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == name) return static_cast<int>(i);
    }
    std::vector<std::string> names;
    for (const FieldInfo& f : fields) names.push_back(f.name);
    Error(loc, "E-UNKNOWN-FIELD", "unknown field '" + name + "' in " + RecordName(record) + DidYouMean(name, names));
    return -1;
  };

  std::vector<const ast::Expr*> conjuncts;
  if (cond != nullptr) Conjuncts(cond, &conjuncts);
  std::vector<const ast::Expr*> residual;
  const ast::Expr* member = nullptr;
  for (const ast::Expr* c : conjuncts) {
    if (c->kind == ast::ExprKind::kBinary && c->text == "==") {
      for (int side = 0; side < 2; ++side) {
        const std::string* inner = InnerField(*c->args[side], alias);
        const ast::Expr& outer = *c->args[1 - side];
        if (inner == nullptr || Mentions(outer, alias) || !MentionsAnyName(outer)) continue;
        int f = field_index(*inner, c->args[side]->loc);
        Typed o = Expr(outer, scope);
        if (f < 0 || !o.ok()) { ok = false; c = nullptr; break; }
        Type ft = fields[f].type;
        if (!(ft == o.type || (plan::IsNumeric(ft) && plan::IsNumeric(o.type)) || (plan::IsTime(ft) && plan::IsTime(o.type)))) {
          Error(c->loc, "E-TYPE", std::string("cannot compare ") + plan::TypeName(ft) + " with " + plan::TypeName(o.type));
          ok = false;
        }
        out->inner_fields.push_back(static_cast<uint16_t>(f));
        out->outer_exprs.push_back(o.id);
        c = nullptr;
        break;
      }
      if (c == nullptr) continue;
    }
    if (member == nullptr && c->kind == ast::ExprKind::kIn && !c->negated && InnerField(*c->args[1], alias) != nullptr &&
        !Mentions(*c->args[0], alias)) {
      member = c;
      continue;
    }
    residual.push_back(c);
  }
  if (!ok) return false;
  if (out->inner_fields.empty() && member != nullptr) {
    int f = field_index(member->args[1]->text, member->args[1]->loc);
    Typed o = Expr(*member->args[0], scope);
    if (f < 0 || !o.ok()) return false;
    if (fields[f].type != Type::kList || o.type != Type::kString) {
      Error(member->loc, "E-TYPE", "'in' tests text against a list field");
      return false;
    }
    out->index = plan::IndexKind::kMember;
    out->inner_fields.push_back(static_cast<uint16_t>(f));
    out->outer_exprs.push_back(o.id);
  } else if (member != nullptr) {
    residual.push_back(member);
  }
  if (out->inner_fields.size() > plan::kMaxLookupKeys) {
    Error(cond != nullptr ? cond->loc : alias_loc, "E-LOOKUP-KEYS",
          "a " + std::string(what) + " may link on at most " + std::to_string(plan::kMaxLookupKeys) + " fields");
    return false;
  }
  if (out->inner_fields.empty()) {
    Error(cond != nullptr ? cond->loc : alias_loc, "E-UNINDEXED",
          std::string("this ") + what + " must be linked to the outer record by an equality on one of " + alias +
              "'s fields, like " + alias + "." + fields.front().name + " == ...");
    return false;
  }
  plan::ExprId combined = plan::kNoExpr;
  for (const ast::Expr* r : residual) {
    plan::ExprId id = Condition(*r, scope, "a condition");
    if (id == plan::kNoExpr) return false;
    if (combined == plan::kNoExpr) {
      combined = id;
    } else {
      plan::Node n;
      n.op = plan::Op::kAnd;
      n.type = Type::kBool;
      n.text = "and";
      n.children = {static_cast<uint32_t>(combined), static_cast<uint32_t>(id)};
      combined = Emit(std::move(n));
    }
  }
  out->residual = combined;
  return true;
}

// The base table under a query's source, or null (rule results).
const TableDef* Checker::BaseTableOf(const plan::QueryPlan& q) const {
  plan::SourceRef s = q.source;
  while (s.kind == plan::SourceKind::kDerived) s = plan_.derived[s.index].query.source;
  return s.kind == plan::SourceKind::kTable ? &Table(static_cast<TableId>(s.index)) : nullptr;
}

// True when `id` is the source record's event-time field: the order the
// engine replays records in (windows and sequences must follow it).
bool Checker::IsEventTime(plan::ExprId id, const plan::QueryPlan& q) const {
  const TableDef* t = BaseTableOf(q);
  if (t == nullptr || t->event_time < 0 || id == plan::kNoExpr) return false;
  const plan::Node& n = plan_.nodes[id];
  return n.op == plan::Op::kField && n.slot == q.source_slot && n.field == t->event_time;
}

std::string Checker::EventTimeHint(const plan::QueryPlan& q) const {
  const TableDef* t = BaseTableOf(q);
  if (t == nullptr || t->event_time < 0) return " (this source has none)";
  return " (" + std::string(t->name) + "." + std::string(t->fields[t->event_time].name) + ")";
}

void Checker::Query(const ast::Query& q, plan::QueryPlan* out, Scope& scope, bool is_rule) {
  RecordType source;
  if (!ResolveSource(q.source, &source)) return;
  out->source = plan::SourceRef{source.kind, source.index};
  out->source_slot = AllocSlot(scope, q.alias_loc);
  scope.query = out;
  scope.names.push_back(Binding{q.alias, true, source, Type::kRecord, out->source_slot, q.alias_loc});
  for (const ast::Join& j : q.joins) {
    plan::Join join;
    join.optional = j.optional;
    ast::Source s{false, j.table, j.table_loc};
    if (Lookup(s, j.alias, j.alias_loc, j.on.get(), j.as_of.get(), scope, &join.lookup, "join")) {
      out->joins.push_back(std::move(join));
    }
  }
  auto add_let = [&](Scope& sc, const ast::Let& l, std::vector<plan::Let>* lets, bool per_record) {
    for (const Binding& b : sc.names) {
      if (b.name == l.name) {
        Error(l.loc, "E-DUPLICATE-NAME", "'" + l.name + "' is already defined in this rule");
        return;
      }
    }
    Typed t = Expr(*l.value, sc);
    if (!t.ok()) {
      Binding b{l.name, false, {}, Type::kNull, 0, l.loc};
      b.poisoned = true;
      b.per_record = per_record;
      sc.names.push_back(b);
      return;
    }
    uint8_t slot = AllocSlot(sc, l.loc);
    lets->push_back(plan::Let{l.name, slot, t.id, t.type});
    Binding b{l.name, false, {}, t.type, slot, l.loc};
    b.per_record = per_record;
    sc.names.push_back(b);
  };
  for (const ast::Let& l : q.lets) add_let(scope, l, &out->lets, true);
  if (q.where) out->where = Condition(*q.where, scope, "'where'");
  PlanEarlyChecks(&plan_, out);

  std::vector<const ast::Expr*> grouped;
  if (q.window && !q.grouped) {
    Error(q.window->loc, "E-WINDOW-NO-KEY", "a window needs a key: add 'group by' (for example group by f.psn_no) before it");
  }
  if (!q.grouped && !q.agg_lets.empty()) {
    Error(q.agg_lets.front().loc, "E-LET-AFTER-WHERE",
          "a 'let' after 'where' or 'window' computes an aggregate and needs 'group by'; for a per-record value move it before 'where'");
  }
  if (!q.grouped && q.having) Error(q.having_loc, "E-HAVING-NO-GROUP", "'having' needs 'group by' before it");
  if (q.grouped) {
    if (!is_rule) Error(q.group_loc, "E-DEFINE-GROUP", "a define cannot group; write the grouping in a rule");
    if (q.sequence) Error(q.sequence->loc, "E-SEQUENCE-GROUP", "a rule cannot both group and match a sequence");
    for (const auto& g : q.group_by) {
      Typed t = Expr(*g, scope);
      if (!t.ok()) continue;
      if (t.type == Type::kList || t.type == Type::kBool) {
        Error(g->loc, "E-TYPE", std::string("cannot group by a ") + plan::TypeName(t.type));
      }
      out->group_by.push_back(t.id);
      grouped.push_back(g.get());
    }
    if (q.window) {
      plan::Window w;
      Typed len = Expr(*q.window->length, scope);
      Typed time = Expr(*q.window->time, scope);
      if (len.ok() && (len.type != Type::kDuration || plan_.nodes[len.id].op != plan::Op::kConst)) {
        Error(q.window->length->loc, "E-WINDOW-LENGTH", "the window length must be a fixed duration like 30d or a duration parameter");
      } else if (len.ok()) {
        w.length_seconds = plan_.constants[plan_.nodes[len.id].index].num;
      }
      if (time.ok() && time.type != Type::kDateTime) {
        Error(q.window->time->loc, "E-TYPE", std::string("a window runs 'on' a datetime field, got ") + plan::TypeName(time.type));
      } else if (time.ok() && !IsEventTime(time.id, *out)) {
        Error(q.window->time->loc, "E-WINDOW-TIME",
              "a window runs on its source's event time" + EventTimeHint(*out) +
                  ": the engine judges records in that order, as they arrive");
      }
      w.time = time.id;
      out->window = w;
    }
    Scope group_scope = scope;
    group_scope.aggregates_allowed = true;
    group_scope.grouped_exprs = &grouped;
    size_t before = group_scope.names.size();
    for (const ast::Let& l : q.agg_lets) add_let(group_scope, l, &out->agg_lets, false);
    if (q.having) {
      out->having = Condition(*q.having, group_scope, "'having'");
    } else {
      Error(q.group_loc, "E-HAVING-MISSING", "a grouped rule needs 'having' to say when a group is reported");
    }
    for (size_t i = before; i < group_scope.names.size(); ++i) scope.names.push_back(group_scope.names[i]);
  }
  if (q.sequence) {
    const ast::Sequence& s = *q.sequence;
    plan::Sequence seq;
    if (s.by.empty()) Error(s.loc, "E-SEQUENCE-NO-KEY", "a sequence needs a key: sequence by e.some_field order by ...");
    for (const auto& b : s.by) seq.partition.push_back(Expr(*b, scope).id);
    for (const auto& o : s.order) seq.order.push_back(Expr(*o, scope).id);
    if (!s.order.empty() && seq.order[0] != plan::kNoExpr && !IsEventTime(seq.order[0], *out)) {
      Error(s.order[0]->loc, "E-SEQUENCE-ORDER",
            "a sequence is ordered first by its source's event time" + EventTimeHint(*out) +
                ", then by any tie-breaks: the engine judges records in that order, as they arrive");
    }
    for (const ast::Step& st : s.steps) seq.steps.push_back(Condition(*st.when, scope, "a step"));
    if (s.unless) seq.unless = Condition(*s.unless, scope, "'unless'");
    if (s.steps.size() < 2) Error(s.loc, "E-SEQUENCE-STEPS", "a sequence needs at least two steps");
    for (const ast::Step& st : s.steps) {
      uint8_t slot = AllocSlot(scope, st.loc);
      seq.step_slots.push_back(slot);
      scope.names.push_back(Binding{st.name, true, source, Type::kRecord, slot, st.loc});
    }
    out->sequence = std::move(seq);
  }
}

}  // namespace fundwatch
