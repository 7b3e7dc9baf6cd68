// Rules and exclusions: a rule's query, metadata, outputs (key, amount,
// message, patient, institution) and exceptions.
#include <algorithm>
#include <set>

#include "engine/compiler/checker_internal.h"

namespace fundwatch {
namespace {

using plan::Type;

// The key's name: given, or the field it reads (`key f.feedetl_sn`).
std::string KeyName(const ast::KeyItem& k) {
  if (!k.name.empty()) return k.name;
  if (k.expr->kind == ast::ExprKind::kField || k.expr->kind == ast::ExprKind::kName) return k.expr->text;
  return "";
}

}  // namespace

bool Checker::ExcludeReadsOnlyTables(const ast::Expr& e) {
  bool ok = true;
  if (e.subquery) {
    const ast::Source& s = e.subquery->source;
    if (s.is_rule || FindTable(s.name) == nullptr) {
      bool is_define = std::any_of(program_.defines.begin(), program_.defines.end(),
                                   [&](const ast::Define& d) { return d.name == s.name; });
      if (s.is_rule || is_define) {
        Error(s.loc, "E-EXCLUDE-SOURCE", "an exclude may look into tables of the data contract only, not into " +
                                             std::string(s.is_rule ? "a rule's results" : "a define"));
        ok = false;
      }
    }
    if (e.subquery->where && !ExcludeReadsOnlyTables(*e.subquery->where)) ok = false;
  }
  for (const auto& a : e.args) {
    if (!ExcludeReadsOnlyTables(*a)) ok = false;
  }
  return ok;
}

void Checker::CheckExclusions() {
  for (const ast::Exclude& x : program_.excludes) {
    const TableDef* table = FindTable(x.table);
    if (table == nullptr) {
      ast::Source s{false, x.table, x.table_loc};
      RecordType ignored;
      ResolveSource(s, &ignored);  // reports the unknown table with a suggestion
      if (ignored.kind != plan::SourceKind::kTable) {
        Error(x.table_loc, "E-EXCLUDE-TABLE", "exclude applies to tables of the data contract, not to '" + x.table + "'");
      }
      continue;
    }
    std::set<std::string> inputs;
    version_inputs_.push_back(&inputs);
    plan::Exclusion ex;
    ex.table = table->id;
    ex.reason = x.reason;
    ex.query.source = plan::SourceRef{plan::SourceKind::kTable, table->id};
    int slots = 1;
    Scope scope;
    scope.query = &ex.query;
    scope.next_slot = &slots;
    scope.names.push_back(Binding{x.alias, true, RecordType{plan::SourceKind::kTable, table->id}, Type::kRecord, 0, x.alias_loc});
    // Exclusions shape the data every define and rule reads, so they can
    // read only the raw tables.
    if (ExcludeReadsOnlyTables(*x.where)) ex.query.where = Condition(*x.where, scope, "'exclude ... where'");
    ex.query.slot_count = static_cast<uint8_t>(std::min(slots, 255));
    version_inputs_.pop_back();
    global_inputs_.insert("exclude:" + x.normalized_text);
    global_inputs_.insert(inputs.begin(), inputs.end());
    plan_.exclusions.push_back(std::move(ex));
  }
}

void Checker::CheckOutputs(const ast::Rule& rule, plan::Rule* out, Scope& scope) {
  if (rule.keys.empty()) {
    Error(rule.id_loc, "E-KEY-MISSING", "rule " + rule.id + " needs 'key' naming the fields that identify what it reports");
  }
  std::set<std::string> names;
  for (const ast::KeyItem& k : rule.keys) {
    std::string name = KeyName(k);
    if (name.empty()) {
      Error(k.loc, "E-KEY-NAME", "name this key, like: key month = month(o.order_time)");
      continue;
    }
    if (!names.insert(name).second) {
      Error(k.loc, "E-DUPLICATE-NAME", "key '" + name + "' is given twice");
      continue;
    }
    Typed t = Expr(*k.expr, scope);
    if (!t.ok()) continue;
    if (t.type == Type::kList || t.type == Type::kBool || t.type == Type::kNull) {
      Error(k.expr->loc, "E-TYPE", std::string("a key must be a single value, got ") + plan::TypeName(t.type));
      continue;
    }
    out->keys.push_back(plan::KeyField{name, t.id});
  }
  if (rule.amount) {
    Typed t = Expr(*rule.amount, scope);
    if (t.ok() && !plan::IsNumeric(t.type)) {
      Error(rule.amount->loc, "E-TYPE", std::string("amount must be a number, got ") + plan::TypeName(t.type));
    }
    out->amount = t.id;
  }
  if (rule.message) {
    for (const ast::Template::Part& p : rule.message->parts) {
      if (!p.expr) {
        out->message.push_back(plan::MessagePart{p.literal, plan::kNoExpr});
        continue;
      }
      Typed t = Expr(*p.expr, scope);
      out->message.push_back(plan::MessagePart{"", t.id});
    }
  } else {
    Error(rule.id_loc, "E-MESSAGE-MISSING", "rule " + rule.id + " needs a 'message' an inspector can read");
  }
  auto who = [&](const ast::ExprPtr& given, const char* field) -> plan::ExprId {
    if (given) {
      Typed t = Expr(*given, scope);
      if (t.ok() && t.type != Type::kString) {
        Error(given->loc, "E-TYPE", std::string(field == std::string("psn_no") ? "patient" : "institution") +
                                        " must be text (a psn_no or fixmedins_code), got " + plan::TypeName(t.type));
      }
      return t.id;
    }
    // By default the source's own field, when it has one and it is
    // meaningful for the whole alert (grouped rules: only when grouped by it).
    const Binding& src = scope.names.front();
    ast::Expr base;
    base.kind = ast::ExprKind::kName;
    base.text = src.name;
    ast::Expr e;
    e.kind = ast::ExprKind::kField;
    e.text = field;
    e.args.push_back(std::make_unique<ast::Expr>(std::move(base)));
    for (const FieldInfo& f : FieldsOf(src.record)) {
      if (f.name != field) continue;
      DiagnosticBag quiet;
      DiagnosticBag* saved = diags_;
      diags_ = &quiet;
      Typed t = Expr(e, scope);
      diags_ = saved;
      return quiet.HasErrors() ? plan::kNoExpr : t.id;
    }
    return plan::kNoExpr;
  };
  out->patient = who(rule.patient, "psn_no");
  out->institution = who(rule.institution, "fixmedins_code");
  for (const ast::Exception& x : program_.exceptions) {
    if (x.rule_id != rule.id) continue;
    plan::ExprId when = Condition(*x.when, scope, "'exception ... when'");
    out->exceptions.push_back(plan::Exception{when, x.reason});
  }
}

void Checker::CheckRule(size_t i) {
  const ast::Rule& rule = program_.rules[i];
  rule_state_[i] = Visit::kActive;
  std::set<std::string> inputs;
  version_inputs_.push_back(&inputs);
  plan::Rule out;
  out.id = rule.id;
  CheckMeta(rule, &out.meta);
  int slots = 0;
  Scope scope;
  scope.next_slot = &slots;
  size_t errors = diags_->ErrorCount();
  Query(rule.query, &out.query, scope, true);
  // Outputs are checked whenever the source resolved, so one run reports their
  // mistakes too; a source that did not resolve (reported where it is wrong,
  // perhaps in a define another rule read first) leaves nothing to check.
  const bool source_ok = scope.query != nullptr;
  if (source_ok) {
    Scope outputs = scope;
    if (rule.query.grouped) {
      std::vector<const ast::Expr*> grouped;
      for (const auto& g : rule.query.group_by) grouped.push_back(g.get());
      outputs.aggregates_allowed = true;
      outputs.grouped_exprs = &grouped;
      CheckOutputs(rule, &out, outputs);
    } else {
      CheckOutputs(rule, &out, outputs);
    }
  }
  out.query.slot_count = static_cast<uint8_t>(std::min(slots, 255));
  if (out.query.source.kind == plan::SourceKind::kRule) out.depends_on_rules.push_back(out.query.source.index);
  for (const plan::Subquery& s : out.query.subqueries) {
    if (s.lookup.source.kind == plan::SourceKind::kRule) out.depends_on_rules.push_back(s.lookup.source.index);
  }
  version_inputs_.pop_back();
  out.version = RuleVersion(rule, inputs);
  rule_state_[i] = Visit::kDone;
  if (!source_ok || static_cast<size_t>(diags_->ErrorCount()) != errors) return;
  plan_.rules.push_back(std::move(out));
  rule_plan_index_[i] = static_cast<int>(plan_.rules.size() - 1);
}

}  // namespace fundwatch
