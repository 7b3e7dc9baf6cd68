// Declarations: parameters (with deployment overrides), lists, macros,
// defines, exclusions, exceptions and rules with their metadata and outputs;
// duplicate and unused names; rule versions.
#include <algorithm>
#include <charconv>

#include "engine/common/sha256.h"
#include "engine/compiler/checker_internal.h"
#include "engine/compiler/shared_joins.h"
#include "engine/compiler/did_you_mean.h"

namespace fundwatch {
namespace {

using plan::Type;

struct MetaSpec {
  const char* key;
  bool required;
  bool list;        // a list of words is allowed
  std::vector<std::string> allowed;  // empty: free text
};

const std::vector<MetaSpec>& MetaSpecs() {
  static const std::vector<MetaSpec> kSpecs = {
      {"category", true, false, {}},
      {"result", true, false, {"明确违规", "可疑"}},
      {"severity", true, false, {"高", "中", "低"}},
      {"time_window", false, false, {"明细", "单据", "就诊", "住院期间", "日", "自然月", "滑动窗口", "全程"}},
      {"scenario", false, true, {"门诊", "住院", "药店购药", "门慢特", "集采配送"}},
      {"stage", false, false, {"事前", "事中", "事后"}},
      {"institution_levels", false, true, {"三级", "二级", "一级", "未定级"}},
      {"institution_types", false, true, {"医疗机构", "零售药店"}},
      {"insurance", false, true, {"职工", "居民"}},
      {"basis", false, false, {}},
      {"department", false, true, {"卫健", "医保", "市场监管", "财政"}},
      {"status", false, false, {"draft", "test", "stable"}},
  };
  return kSpecs;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void Checker::Error(const ast::Loc& loc, const std::string& code, const std::string& message) {
  diags_->Add(Diagnostic{Diagnostic::Severity::kError,
                         {program_.files.empty() ? "" : program_.files[loc.file].path, loc.line, loc.column, loc.length},
                         code, message});
}

void Checker::Warning(const ast::Loc& loc, const std::string& code, const std::string& message) {
  diags_->Add(Diagnostic{Diagnostic::Severity::kWarning,
                         {program_.files.empty() ? "" : program_.files[loc.file].path, loc.line, loc.column, loc.length},
                         code, message});
}

uint8_t Checker::AllocSlot(Scope& scope, const ast::Loc& loc) {
  int slot = (*scope.next_slot)++;
  if (slot == 255) {
    Error(loc, "E-TOO-MANY-NAMES", "a rule may bind at most 255 aliases, lets and variables");
  }
  return static_cast<uint8_t>(std::min(slot, 254));
}

plan::ExprId Checker::Emit(plan::Node node) {
  plan_.nodes.push_back(std::move(node));
  return static_cast<plan::ExprId>(plan_.nodes.size() - 1);
}

plan::ExprId Checker::Constant(plan::Value value, const std::string& text, plan::Type type) {
  if (type == Type::kString || type == Type::kList) {
    plan_.constant_texts.push_back(text);
    value.text = plan_.constant_texts.back();
  }
  plan_.constants.push_back(value);
  plan::Node n;
  n.op = plan::Op::kConst;
  n.type = type;
  n.index = static_cast<uint32_t>(plan_.constants.size() - 1);
  n.text = type == Type::kString ? "\"" + text + "\"" : text;
  return Emit(std::move(n));
}

void Checker::NoteUse(const std::string& kind, const std::string& name) {
  if (kind == "macro") {
    macros_used_[name] = true;
    for (const ast::Macro& m : program_.macros) {
      if (m.name == name) NoteInput("macro:" + m.normalized_text);
    }
  } else if (kind == "define") {
    for (const ast::Define& d : program_.defines) {
      if (d.name == name) NoteInput("define:" + d.normalized_text);
    }
  }
}

bool Checker::FindParam(const std::string& name, plan::ExprId* id, plan::Type* type) {
  auto it = params_.find(name);
  if (it == params_.end() || it->second.id == plan::kNoExpr) return false;
  it->second.used = true;
  NoteInput("param:" + name + "=" + it->second.canonical);
  *id = it->second.id;
  *type = it->second.type;
  return true;
}

bool Checker::FindList(const std::string& name, plan::ExprId* id) {
  auto it = lists_.find(name);
  if (it == lists_.end() || it->second.first == plan::kNoExpr) return false;
  it->second.second = true;
  NoteInput("list:" + name + "=" + plan_.nodes[it->second.first].text);
  *id = it->second.first;
  return true;
}

bool Checker::IsBrokenGlobal(const std::string& name) {
  if (auto p = params_.find(name); p != params_.end() && p->second.id == plan::kNoExpr) {
    p->second.used = true;
    return true;
  }
  if (auto l = lists_.find(name); l != lists_.end() && l->second.first == plan::kNoExpr) {
    l->second.second = true;
    return true;
  }
  return false;
}

const ast::Macro* Checker::FindMacro(const std::string& name) {
  for (const ast::Macro& m : program_.macros) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> Checker::GlobalNames() const {
  std::vector<std::string> names;
  for (const auto& [n, p] : params_) names.push_back(n);
  for (const auto& [n, l] : lists_) names.push_back(n);
  for (const ast::Macro& m : program_.macros) names.push_back(m.name);
  return names;
}

std::vector<std::string> Checker::SourceNames() const {
  std::vector<std::string> names;
  for (const TableDef& t : AllTables()) names.emplace_back(t.name);
  for (const ast::Define& d : program_.defines) names.push_back(d.name);
  return names;
}

void Checker::CheckDuplicates() {
  std::map<std::string, ast::Loc> seen;
  auto claim = [&](const std::string& kind, const std::string& name, const ast::Loc& loc) {
    auto [it, inserted] = seen.try_emplace(name, loc);
    if (inserted) return;
    const ast::Loc& first = it->second;
    Error(loc, kind == "rule" ? "E-DUPLICATE-RULE" : "E-DUPLICATE-NAME",
          kind + " '" + name + "' is already defined at " + program_.files[first.file].path + ":" +
              std::to_string(first.line) + ":" + std::to_string(first.column));
  };
  for (const ast::Param& p : program_.params) claim("param", p.name, p.loc);
  for (const ast::ListDecl& l : program_.lists) claim("list", l.name, l.loc);
  for (const ast::Macro& m : program_.macros) claim("macro", m.name, m.loc);
  for (const ast::Define& d : program_.defines) {
    claim("define", d.name, d.loc);
    if (FindTable(d.name) != nullptr) Error(d.loc, "E-DUPLICATE-NAME", "'" + d.name + "' is a table of the data contract");
  }
  seen.clear();
  for (const ast::Rule& r : program_.rules) claim("rule", r.id, r.id_loc);
}

// A parameter's value as text that depends on the value only.
static std::string Canonical(const plan::Value& v, plan::Type type) {
  std::string out = plan::TypeName(type);
  out += ":";
  out += (type == Type::kString || type == Type::kList) ? std::string(v.text) : std::to_string(v.num);
  return out;
}

// Parses a deployment's override text with the type of the declared default.
static bool OverrideValue(const std::string& text, plan::Type type, const std::string& default_text,
                          plan::Value* out, std::string* why) {
  switch (type) {
    case Type::kInt: {
      int64_t v;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc::result_out_of_range) { *why = "a whole number within ±9223372036854775807"; return false; }
      if (ec != std::errc() || p != text.data() + text.size()) { *why = "a whole number"; return false; }
      *out = plan::Value::Int(v);
      return true;
    }
    case Type::kDecimal: {
      auto d = Decimal::Parse(text);
      if (!d) { *why = "a decimal with at most 4 places"; return false; }
      *out = plan::Value::Dec(*d);
      return true;
    }
    case Type::kDuration: {
      // "20d", "72h"; a bare number takes the unit of the default ("15d" -> days).
      std::string t = text;
      if (!t.empty() && std::isdigit(static_cast<unsigned char>(t.back()))) t += default_text.back();
      int64_t v;
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size() - 1, v);
      char unit = t.empty() ? '?' : t.back();
      if (ec != std::errc() || p != t.data() + t.size() - 1 || std::string("dhms").find(unit) == std::string::npos) {
        *why = ec == std::errc::result_out_of_range ? "a duration small enough to count in seconds" : "a duration like 15d or 48h";
        return false;
      }
      int64_t seconds = 0;
      if (__builtin_mul_overflow(v, unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 1, &seconds)) {
        *why = "a duration small enough to count in seconds";
        return false;
      }
      *out = plan::Value::Duration(seconds);
      return true;
    }
    case Type::kDate: {
      auto d = Date::Parse(text);
      if (!d) { *why = "a date YYYY-MM-DD"; return false; }
      *out = plan::Value::DateV(*d);
      return true;
    }
    case Type::kBool:
      if (text != "true" && text != "false") { *why = "true or false"; return false; }
      *out = plan::Value::Bool(text == "true");
      return true;
    case Type::kString:
      *out = plan::Value::Str({});
      return true;
    default:
      *why = "a value of the parameter's type";
      return false;
  }
}

void Checker::CheckParams() {
  for (const ast::Param& p : program_.params) {
    if (params_.count(p.name)) continue;
    Scope scope;
    int slots = 0;
    plan::QueryPlan dummy;
    scope.query = &dummy;
    scope.next_slot = &slots;
    Typed t = Expr(*p.value, scope);
    ParamState& state = params_[p.name];
    state.id = t.id;
    state.type = t.type;
    state.value_text = p.value->text;
    if (t.ok()) state.canonical = Canonical(plan_.constants[plan_.nodes[t.id].index], t.type);
  }
  for (const ParamOverride& o : options_.overrides) {
    auto it = params_.find(o.name);
    Diagnostic d;
    d.location = o.where;
    if (it == params_.end()) {
      std::vector<std::string> names;
      for (const auto& [n, s] : params_) names.push_back(n);
      d.code = "E-UNKNOWN-PARAM";
      d.message = "unknown parameter '" + o.name + "'" + DidYouMean(o.name, names);
      diags_->Add(std::move(d));
      continue;
    }
    ParamState& state = it->second;
    if (state.id == plan::kNoExpr) continue;
    plan::Value v;
    std::string why;
    const ast::Param* decl = nullptr;
    for (const ast::Param& p : program_.params) {
      if (p.name == o.name) decl = &p;
    }
    if (!OverrideValue(o.value, state.type, decl->value->text, &v, &why)) {
      d.code = "E-PARAM-VALUE";
      d.message = "parameter '" + o.name + "' expects " + why + ", got '" + o.value + "'";
      diags_->Add(std::move(d));
      continue;
    }
    state.id = Constant(v, o.value, state.type);
    state.value_text = o.value;
    state.canonical = Canonical(plan_.constants[plan_.nodes[state.id].index], state.type);
  }
}

void Checker::CheckLists() {
  for (const ast::ListDecl& l : program_.lists) {
    if (lists_.count(l.name)) continue;
    std::string joined;
    bool ok = true;
    for (const auto& item : l.items) {
      if (item->literal != ast::LiteralKind::kString || item->text.empty() || item->text.find('|') != std::string::npos) {
        Error(item->loc, "E-TYPE", "list elements must be non-empty text without '|', like \"11\"");
        ok = false;
        continue;
      }
      joined += (joined.empty() ? "" : "|") + item->text;
    }
    lists_[l.name] = {ok ? Constant(plan::Value::List({}), joined, Type::kList) : plan::kNoExpr, false};
  }
}

int Checker::DefineIndex(const std::string& name, const ast::Loc& use) {
  for (size_t i = 0; i < program_.defines.size(); ++i) {
    if (program_.defines[i].name != name) continue;
    if (define_state_[i] == Visit::kActive) {
      Error(use, "E-DEFINE-CYCLE", "define '" + name + "' depends on itself");
      return -2;
    }
    if (define_state_[i] == Visit::kNone) CheckDefine(i);
    NoteUse("define", name);
    for (const std::string& input : define_inputs_[i]) NoteInput(input);
    return define_plan_index_[i] >= 0 ? define_plan_index_[i] : -2;
  }
  return -1;
}

int Checker::RuleIndex(const std::string& id, const ast::Loc& use) {
  for (size_t i = 0; i < program_.rules.size(); ++i) {
    if (program_.rules[i].id != id) continue;
    if (rule_state_[i] == Visit::kActive) {
      Error(use, "E-RULE-CYCLE", "rule " + id + " depends on its own results");
      return -1;
    }
    if (rule_state_[i] == Visit::kNone) CheckRule(i);
    if (rule_plan_index_[i] >= 0) NoteInput("rule:" + id + "@" + plan_.rules[rule_plan_index_[i]].version);
    return rule_plan_index_[i];
  }
  std::vector<std::string> ids;
  for (const ast::Rule& r : program_.rules) ids.push_back(r.id);
  Error(use, "E-UNKNOWN-RULE", "unknown rule " + id + DidYouMean(id, ids));
  return -1;
}

void Checker::CheckDefine(size_t i) {
  const ast::Define& d = program_.defines[i];
  define_state_[i] = Visit::kActive;
  std::set<std::string> inputs;
  version_inputs_.push_back(&inputs);
  plan::Derived derived;
  derived.name = d.name;
  int slots = 0;
  Scope scope;
  scope.next_slot = &slots;
  size_t errors = diags_->ErrorCount();
  Query(d.query, &derived.query, scope, false);
  if (d.query.sequence) Error(d.query.sequence->loc, "E-DEFINE-SEQUENCE", "a define cannot match a sequence; write it in a rule");
  derived.query.slot_count = static_cast<uint8_t>(std::min(slots, 255));
  for (const plan::Let& l : derived.query.lets) derived.let_names.push_back(l.name);
  version_inputs_.pop_back();
  define_inputs_[i] = std::move(inputs);
  define_state_[i] = Visit::kDone;
  if (static_cast<size_t>(diags_->ErrorCount()) != errors) {
    define_plan_index_[i] = -1;
    return;
  }
  plan_.derived.push_back(std::move(derived));
  define_plan_index_[i] = static_cast<int>(plan_.derived.size() - 1);
}

void Checker::CheckMeta(const ast::Rule& rule, plan::RuleMeta* meta) {
  meta->name = rule.name;
  std::vector<std::string> keys;
  for (const MetaSpec& s : MetaSpecs()) keys.push_back(s.key);
  std::set<std::string> seen;
  for (const ast::MetaEntry& e : rule.meta) {
    auto spec = std::find_if(MetaSpecs().begin(), MetaSpecs().end(), [&](const MetaSpec& s) { return e.key == s.key; });
    if (spec == MetaSpecs().end()) {
      Error(e.loc, "E-UNKNOWN-META", "unknown rule attribute '" + e.key + "'" + DidYouMean(e.key, keys));
      continue;
    }
    if (!seen.insert(e.key).second) {
      Error(e.loc, "E-DUPLICATE-NAME", "rule attribute '" + e.key + "' is given twice");
      continue;
    }
    std::vector<const ast::MetaValue*> values;
    if (e.value.kind == ast::MetaValue::Kind::kList) {
      if (!spec->list) Error(e.value.loc, "E-META-VALUE", "'" + e.key + "' takes one value, not a list");
      for (const ast::MetaValue& v : e.value.items) values.push_back(&v);
    } else {
      values.push_back(&e.value);
    }
    std::vector<std::string> texts;
    for (const ast::MetaValue* v : values) {
      if (!spec->allowed.empty() && std::find(spec->allowed.begin(), spec->allowed.end(), v->text) == spec->allowed.end()) {
        Error(v->loc, "E-META-VALUE", "'" + v->text + "' is not a value of " + e.key + "; expected one of " +
                                          Joined(spec->allowed) + DidYouMean(v->text, spec->allowed));
      }
      texts.push_back(v->text);
    }
    std::string first = texts.empty() ? "" : texts.front();
    std::string key = e.key;
    if (key == "category") meta->category = first;
    else if (key == "result") meta->result = first;
    else if (key == "severity") meta->severity = first;
    else if (key == "time_window") meta->time_window = first;
    else if (key == "stage") meta->stage = first;
    else if (key == "basis") meta->basis = first;
    else if (key == "status") meta->status = first;
    else if (key == "scenario") meta->scenario = texts;
    else if (key == "institution_levels") meta->institution_levels = texts;
    else if (key == "institution_types") meta->institution_types = texts;
    else if (key == "insurance") meta->insurance = texts;
    else if (key == "department") meta->department = texts;
  }
  for (const MetaSpec& s : MetaSpecs()) {
    if (s.required && !seen.count(s.key)) {
      Error(rule.id_loc, "E-META-MISSING", "rule " + rule.id + " needs '" + s.key + ":'" +
                                               (s.allowed.empty() ? "" : " (one of " + Joined(s.allowed) + ")"));
    }
  }
  if (meta->status.empty()) meta->status = "draft";
}

std::string Checker::RuleVersion(const ast::Rule& rule, const std::set<std::string>& inputs) {
  // The rule's own text, its exceptions, and everything it reads: macros,
  // defines, lists, rules, and the parameter values in force.
  std::string text = rule.normalized_text;
  for (const ast::Exception& x : program_.exceptions) {
    if (x.rule_id == rule.id) text += "\n" + x.normalized_text;
  }
  for (const std::string& input : inputs) text += "\n" + input;
  for (const std::string& input : global_inputs_) text += "\n" + input;
  return Sha256Hex(text).substr(0, 16);
}

void Checker::WarnUnused(const std::vector<bool>& defines_read) {
  for (const ast::Param& p : program_.params) {
    if (!params_[p.name].used) Warning(p.loc, "W-UNUSED-PARAM", "parameter '" + p.name + "' is never used");
  }
  for (const ast::ListDecl& l : program_.lists) {
    if (!lists_[l.name].second) Warning(l.loc, "W-UNUSED-LIST", "list '" + l.name + "' is never used");
  }
  for (const ast::Macro& m : program_.macros) {
    if (!macros_used_[m.name]) Warning(m.loc, "W-UNUSED-MACRO", "macro '" + m.name + "' is never used");
  }
  for (size_t i = 0; i < program_.defines.size(); ++i) {
    if (!defines_read[i]) {
      Warning(program_.defines[i].loc, "W-UNUSED-DEFINE", "define '" + program_.defines[i].name + "' is never used");
    }
  }
}

plan::Plan Checker::Run() {
  CheckDuplicates();
  CheckParams();
  CheckLists();
  define_state_.assign(program_.defines.size(), Visit::kNone);
  define_plan_index_.assign(program_.defines.size(), -1);
  define_inputs_.assign(program_.defines.size(), {});
  rule_state_.assign(program_.rules.size(), Visit::kNone);
  rule_plan_index_.assign(program_.rules.size(), -1);
  CheckExclusions();
  for (size_t i = 0; i < program_.rules.size(); ++i) {
    if (rule_state_[i] == Visit::kNone) CheckRule(i);
  }
  // A define no rule reads is still checked: its mistakes are reported, and
  // it is warned about as unused.
  std::vector<bool> read(program_.defines.size());
  for (size_t i = 0; i < program_.defines.size(); ++i) read[i] = define_state_[i] != Visit::kNone;
  for (size_t i = 0; i < program_.defines.size(); ++i) {
    if (define_state_[i] == Visit::kNone) CheckDefine(i);
  }
  for (const ast::Exception& x : program_.exceptions) {
    bool known = std::any_of(program_.rules.begin(), program_.rules.end(), [&](const ast::Rule& r) { return r.id == x.rule_id; });
    if (!known) {
      std::vector<std::string> ids;
      for (const ast::Rule& r : program_.rules) ids.push_back(r.id);
      Error(x.rule_loc, "E-UNKNOWN-RULE", "exception for unknown rule " + x.rule_id + DidYouMean(x.rule_id, ids));
    }
  }
  WarnUnused(read);
  for (const ast::Param& p : program_.params) plan_.params.emplace_back(p.name, params_[p.name].value_text);
  PlanSharedJoins(&plan_);
  return std::move(plan_);
}

plan::Plan CheckProgram(const ast::Program& program, const CheckOptions& options, DiagnosticBag* diags) {
  return Checker(program, options, diags).Run();
}

}  // namespace fundwatch
