// Expressions: literals, names, fields and operators, each typed and
// lowered to plan nodes (functions and subqueries: checker_calls.cpp).
#include <algorithm>
#include <charconv>

#include "engine/compiler/did_you_mean.h"
#include "engine/compiler/expr_checker.h"

namespace fundwatch {
namespace expr {


bool SameExpr(const ast::Expr& a, const ast::Expr& b) {
  if (a.kind != b.kind || a.text != b.text || a.literal != b.literal || a.negated != b.negated ||
      a.var != b.var || a.args.size() != b.args.size() || (a.subquery == nullptr) != (b.subquery == nullptr)) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!SameExpr(*a.args[i], *b.args[i])) return false;
  }
  return a.subquery == nullptr;  // subqueries are never group keys
}

std::unique_ptr<ast::Expr> Clone(const ast::Expr& e) {
  auto c = std::make_unique<ast::Expr>();
  c->kind = e.kind;
  c->literal = e.literal;
  c->loc = e.loc;
  c->text = e.text;
  c->negated = e.negated;
  c->var = e.var;
  c->var_loc = e.var_loc;
  for (const auto& a : e.args) c->args.push_back(Clone(*a));
  if (e.subquery) {
    c->subquery = std::make_unique<ast::Subquery>();
    if (e.subquery->value) c->subquery->value = Clone(*e.subquery->value);
    c->subquery->source = e.subquery->source;
    c->subquery->alias = e.subquery->alias;
    c->subquery->alias_loc = e.subquery->alias_loc;
    if (e.subquery->as_of) c->subquery->as_of = Clone(*e.subquery->as_of);
    c->subquery->where = Clone(*e.subquery->where);
  }
  return c;
}

// Replaces macro parameters by the call's arguments.
void Substitute(ast::Expr* e, const std::map<std::string, const ast::Expr*>& args) {
  if (e->kind == ast::ExprKind::kName) {
    auto it = args.find(e->text);
    if (it != args.end()) {
      *e = std::move(*Clone(*it->second));
      return;
    }
  }
  for (auto& a : e->args) Substitute(a.get(), args);
  if (e->subquery) {
    if (e->subquery->value) Substitute(e->subquery->value.get(), args);
    if (e->subquery->as_of) Substitute(e->subquery->as_of.get(), args);
    Substitute(e->subquery->where.get(), args);
  }
}

bool Comparable(Type a, Type b) {
  if (IsNumeric(a) && IsNumeric(b)) return true;
  if (IsTime(a) && IsTime(b)) return true;
  return a == b && a != Type::kList && a != Type::kRecord;
}

Type Widen(Type a, Type b) {
  if (a == b) return a;
  if (IsNumeric(a) && IsNumeric(b)) return Type::kDecimal;
  if (IsTime(a) && IsTime(b)) return Type::kDateTime;
  if (a == Type::kNull) return b;
  if (b == Type::kNull) return a;
  return Type::kNull;
}

std::string Describe(Type t) { return plan::TypeName(t); }


Typed ExprChecker::Check(const ast::Expr& e) {
  if (scope_.grouped_exprs != nullptr) {
    for (const ast::Expr* g : *scope_.grouped_exprs) {
      if (SameExpr(*g, e)) {
        const auto* saved = scope_.grouped_exprs;
        scope_.grouped_exprs = nullptr;
        Typed t = Check(e);
        scope_.grouped_exprs = saved;
        return t;
      }
    }
  }
  switch (e.kind) {
    case ast::ExprKind::kLiteral: return Literal(e);
    case ast::ExprKind::kName: return Name(e);
    case ast::ExprKind::kField: return Field(e);
    case ast::ExprKind::kUnary: return Unary(e);
    case ast::ExprKind::kBinary: return Binary(e);
    case ast::ExprKind::kIsNull: return IsNull(e);
    case ast::ExprKind::kIn: return In(e);
    case ast::ExprKind::kIf: return If(e);
    case ast::ExprKind::kCall: return Call(e);
    case ast::ExprKind::kSubquery: return Subquery(e);
    case ast::ExprKind::kQuantifier: return Quantifier(e);
    case ast::ExprKind::kList: return ListLiteral(e);
  }
  return {};
}

Typed ExprChecker::Make(Node n) {
  Type t = n.type;
  return Typed{c_.Emit(std::move(n)), t};
}

Node ExprChecker::NodeOf(Op op, Type type, const ast::Expr& e, std::vector<plan::ExprId> children) {
  Node n;
  n.op = op;
  n.type = type;
  for (plan::ExprId id : children) n.children.push_back(static_cast<uint32_t>(id));
  auto child = [&](size_t i) { return c_.plan_.nodes[children[i]].text; };
  switch (e.kind) {
    case ast::ExprKind::kBinary: n.text = child(0) + " " + e.text + " " + child(1); break;
    case ast::ExprKind::kUnary: n.text = e.text == "not" ? "not " + child(0) : "-" + child(0); break;
    case ast::ExprKind::kIsNull: n.text = child(0) + (e.negated ? " is not null" : " is null"); break;
    case ast::ExprKind::kIn: n.text = child(0) + (e.negated ? " not in " : " in ") + child(1); break;
    case ast::ExprKind::kCall: {
      n.text = e.text + "(";
      for (size_t i = 0; i < children.size(); ++i) n.text += (i ? ", " : "") + child(i);
      n.text += ")";
      break;
    }
    case ast::ExprKind::kQuantifier: n.text = e.text + "(" + e.var + " in " + child(0) + " where " + child(1) + ")"; break;
    default: n.text = e.text;
  }
  return n;
}

Typed ExprChecker::Literal(const ast::Expr& e) {
  using L = ast::LiteralKind;
  switch (e.literal) {
    case L::kString: return Typed{c_.Constant(plan::Value::Str({}), e.text, Type::kString), Type::kString};
    case L::kNumber: {
      if (e.text.find('.') != std::string::npos) {
        auto d = Decimal::Parse(e.text);
        if (!d) {
          c_.Error(e.loc, "E-BAD-LITERAL", "number '" + e.text + "' has more than 4 decimal places or is too large");
          return {};
        }
        return Typed{c_.Constant(plan::Value::Dec(*d), e.text, Type::kDecimal), Type::kDecimal};
      }
      int64_t v = 0;
      auto [p, ec] = std::from_chars(e.text.data(), e.text.data() + e.text.size(), v);
      if (ec != std::errc()) {
        c_.Error(e.loc, "E-BAD-LITERAL", "number '" + e.text + "' is too large");
        return {};
      }
      return Typed{c_.Constant(plan::Value::Int(v), e.text, Type::kInt), Type::kInt};
    }
    case L::kDuration: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(e.text.data(), e.text.data() + e.text.size() - 1, v);
      char unit = e.text.back();
      int64_t scale = unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 1;
      int64_t seconds = 0;
      if (ec != std::errc() || __builtin_mul_overflow(v, scale, &seconds)) {
        c_.Error(e.loc, "E-BAD-LITERAL", "duration '" + e.text + "' is too large");
        return {};
      }
      return Typed{c_.Constant(plan::Value::Duration(seconds), e.text, Type::kDuration), Type::kDuration};
    }
    case L::kDate: {
      auto d = Date::Parse(e.text);
      if (!d) {
        c_.Error(e.loc, "E-BAD-LITERAL", "'" + e.text + "' is not a calendar date (YYYY-MM-DD)");
        return {};
      }
      return Typed{c_.Constant(plan::Value::DateV(*d), e.text, Type::kDate), Type::kDate};
    }
    case L::kTrue: return Typed{c_.Constant(plan::Value::Bool(true), "true", Type::kBool), Type::kBool};
    case L::kFalse: return Typed{c_.Constant(plan::Value::Bool(false), "false", Type::kBool), Type::kBool};
    case L::kNull:
    case L::kNone: return Typed{c_.Constant(plan::Value::Null(), "null", Type::kNull), Type::kNull};
  }
  return {};
}

const Binding* ExprChecker::Find(const std::string& name) const {
  for (auto it = scope_.names.rbegin(); it != scope_.names.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

std::vector<std::string> ExprChecker::VisibleNames() const {
  std::vector<std::string> names = c_.GlobalNames();
  for (const Binding& b : scope_.names) names.push_back(b.name);
  names.push_back("as_of");
  return names;
}

Typed ExprChecker::Name(const ast::Expr& e) {
  if (const Binding* b = Find(e.text)) {
    if (b->poisoned) return {};  // its own definition was already reported
    if (b->is_record) {
      c_.Error(e.loc, "E-RECORD-AS-VALUE",
               "'" + e.text + "' is a record of " + c_.RecordName(b->record) + "; use one of its fields, like " +
                   e.text + "." + c_.FieldsOf(b->record).front().name);
      return {};
    }
    if (scope_.grouped_exprs != nullptr && b->per_record) {
      // Per-record lets are neither grouped nor aggregated.
      c_.Error(e.loc, "E-NOT-GROUPED",
               "'" + e.text + "' is computed per record; after group by use it inside an aggregate, like sum(" +
                   e.text + ")");
      return {};
    }
    Node n = NodeOf(Op::kSlotValue, b->type, e);
    n.slot = b->slot;
    return Make(std::move(n));
  }
  if (e.text == "as_of") return Make(NodeOf(Op::kAsOf, Type::kDateTime, e));
  plan::ExprId id;
  plan::Type type;
  if (c_.FindParam(e.text, &id, &type)) return Typed{id, type};
  if (c_.FindList(e.text, &id)) return Typed{id, Type::kList};
  if (c_.IsBrokenGlobal(e.text)) return {};  // its declaration was already reported
  if (const ast::Macro* m = c_.FindMacro(e.text)) {
    if (!m->params.empty()) {
      c_.Error(e.loc, "E-ARITY", "macro '" + e.text + "' takes " + std::to_string(m->params.size()) +
                                     " argument(s): write " + e.text + "(...)");
      return {};
    }
    return Expand(*m, e);
  }
  c_.Error(e.loc, "E-UNKNOWN-NAME", "unknown name '" + e.text + "'" + DidYouMean(e.text, VisibleNames()));
  return {};
}

Typed ExprChecker::Expand(const ast::Macro& m, const ast::Expr& call) {
  if (std::find(scope_.expanding.begin(), scope_.expanding.end(), m.name) != scope_.expanding.end()) {
    // Reported once, at the macro: expanding further would only repeat it.
    if (c_.recursion_reported_.insert(m.name).second) {
      c_.Error(m.loc, "E-MACRO-RECURSION", "macro '" + m.name + "' expands into itself (used at line " +
                                               std::to_string(call.loc.line) + ")");
    }
    return {};
  }
  c_.NoteUse("macro", m.name);
  auto body = Clone(*m.body);
  std::map<std::string, const ast::Expr*> args;
  for (size_t i = 0; i < m.params.size(); ++i) args[m.params[i]] = call.args[i].get();
  Substitute(body.get(), args);
  scope_.expanding.push_back(m.name);
  const int errors = c_.diags_->ErrorCount();
  Typed t = Check(*body);
  scope_.expanding.pop_back();
  if (c_.diags_->ErrorCount() > errors) {
    // The errors above point into the macro; say where it was used.
    c_.diags_->Add(Diagnostic{Diagnostic::Severity::kNote,
                              {c_.program_.files[call.loc.file].path, call.loc.line, call.loc.column, call.loc.length},
                              "N-MACRO-USE", "in the expansion of macro '" + m.name + "' used here"});
  }
  return t;
}

Typed ExprChecker::Field(const ast::Expr& e) {
  const ast::Expr& base = *e.args[0];
  const Binding* b = base.kind == ast::ExprKind::kName ? Find(base.text) : nullptr;
  if (b == nullptr || !b->is_record) {
    if (base.kind == ast::ExprKind::kName && b == nullptr) {
      std::vector<std::string> aliases;
      for (const Binding& x : scope_.names) {
        if (x.is_record) aliases.push_back(x.name);
      }
      c_.Error(base.loc, "E-UNKNOWN-NAME", "unknown alias '" + base.text + "'" + DidYouMean(base.text, aliases));
    } else {
      c_.Error(e.loc, "E-NOT-RECORD", "'." + e.text + "' needs a table alias before it, like f." + e.text);
    }
    return {};
  }
  if (scope_.grouped_exprs != nullptr) {
    c_.Error(e.loc, "E-NOT-GROUPED",
             "'" + base.text + "." + e.text + "' is neither grouped nor aggregated; group by it or use an aggregate");
    return {};
  }
  std::vector<FieldInfo> fields = c_.FieldsOf(b->record);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name != e.text) continue;
    Node n = NodeOf(Op::kField, fields[i].type, e);
    n.text = base.text + "." + e.text;
    n.slot = b->slot;
    n.field = static_cast<uint16_t>(i);
    return Make(std::move(n));
  }
  std::vector<std::string> names;
  for (const FieldInfo& f : fields) names.push_back(f.name);
  ast::Loc loc = e.loc;
  loc.length = static_cast<int>(CodePointLength(e.text));
  c_.Error(loc, "E-UNKNOWN-FIELD", "unknown field '" + e.text + "' in " + c_.RecordName(b->record) +
                                       DidYouMean(e.text, names));
  return {};
}

size_t ExprChecker::CodePointLength(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

Typed ExprChecker::Unary(const ast::Expr& e) {
  Typed a = Check(*e.args[0]);
  if (!a.ok()) return {};
  if (e.text == "not") {
    if (a.type != Type::kBool) return TypeError(e, "'not' needs a condition (bool), got " + Describe(a.type));
    return Make(NodeOf(Op::kNot, Type::kBool, e, {a.id}));
  }
  if (!IsNumeric(a.type) && a.type != Type::kDuration) {
    return TypeError(e, "'-' needs a number or duration, got " + Describe(a.type));
  }
  return Make(NodeOf(Op::kNeg, a.type, e, {a.id}));
}

Typed ExprChecker::TypeError(const ast::Expr& e, const std::string& msg) {
  c_.Error(e.loc, "E-TYPE", msg);
  return {};
}

const FieldInfo* ExprChecker::EnumField(const ast::Expr& e, FieldInfo* storage) {
  if (e.kind != ast::ExprKind::kField || e.args[0]->kind != ast::ExprKind::kName) return nullptr;
  const Binding* b = Find(e.args[0]->text);
  if (b == nullptr || !b->is_record) return nullptr;
  for (const FieldInfo& f : c_.FieldsOf(b->record)) {
    if (f.name == e.text && f.def != nullptr &&
        (f.def->type == FieldType::kEnum || f.def->type == FieldType::kFlag)) {
      *storage = f;
      return storage;
    }
  }
  return nullptr;
}

std::string ExprChecker::EnumCode(const FieldInfo& f, const ast::Expr& lit) {
  if (f.def->type == FieldType::kFlag) {
    if (lit.literal == ast::LiteralKind::kNumber && (lit.text == "0" || lit.text == "1")) return lit.text;
    c_.Error(lit.loc, "E-ENUM-VALUE", "'" + f.name + "' is a 0/1 flag; compare it with 0 or 1, not " +
                                          (lit.literal == ast::LiteralKind::kString ? "\"" + lit.text + "\"" : lit.text));
    return "";
  }
  std::string allowed;
  for (const EnumValue& v : f.def->enum_values) {
    if (lit.literal == ast::LiteralKind::kString && (lit.text == v.code || (!v.alias.empty() && lit.text == v.alias))) {
      return std::string(v.code);
    }
    allowed += (allowed.empty() ? "" : ", ") + std::string("\"") + std::string(v.code) + "\"";
  }
  if (lit.literal == ast::LiteralKind::kNumber) {
    c_.Error(lit.loc, "E-ENUM-VALUE", "'" + f.name + "' holds codes (text): write \"" + lit.text + "\"; one of " + allowed);
  } else {
    c_.Error(lit.loc, "E-ENUM-VALUE", "\"" + lit.text + "\" is not a value of " + f.name + "; expected one of " + allowed);
  }
  return "";
}

bool ExprChecker::EnumComparison(const ast::Expr& e, Typed* out) {
  FieldInfo storage;
  for (int side = 0; side < 2; ++side) {
    const ast::Expr& field = *e.args[side];
    const ast::Expr& lit = *e.args[1 - side];
    if (lit.kind != ast::ExprKind::kLiteral || lit.literal == ast::LiteralKind::kNull) continue;
    const FieldInfo* f = EnumField(field, &storage);
    if (f == nullptr) continue;
    std::string code = EnumCode(*f, lit);
    if (code.empty()) { *out = {}; return true; }
    Typed ft = Check(field);
    if (!ft.ok()) { *out = {}; return true; }
    plan::ExprId lid = f->def->type == FieldType::kFlag
                           ? c_.Constant(plan::Value::Int(code[0] - '0'), code, Type::kInt)
                           : c_.Constant(plan::Value::Str({}), code, Type::kString);
    Op op = e.text == "==" ? Op::kEq : Op::kNe;
    *out = Make(NodeOf(op, Type::kBool, e, side == 0 ? std::vector{ft.id, lid} : std::vector{lid, ft.id}));
    return true;
  }
  return false;
}

Typed ExprChecker::Binary(const ast::Expr& e) {
  const std::string& op = e.text;
  if ((op == "==" || op == "!=")) {
    Typed enum_result;
    if (EnumComparison(e, &enum_result)) return enum_result;
  }
  Typed a = Check(*e.args[0]);
  Typed b = Check(*e.args[1]);
  if (!a.ok() || !b.ok()) return {};
  if (op == "and" || op == "or") {
    if (a.type != Type::kBool || b.type != Type::kBool) {
      return TypeError(e, "'" + op + "' joins conditions (bool), got " + Describe(a.type) + " and " + Describe(b.type));
    }
    return Make(NodeOf(op == "and" ? Op::kAnd : Op::kOr, Type::kBool, e, {a.id, b.id}));
  }
  static const std::map<std::string, Op> kCompare = {{"==", Op::kEq}, {"!=", Op::kNe}, {"<", Op::kLt},
                                                     {"<=", Op::kLe}, {">", Op::kGt}, {">=", Op::kGe}};
  if (auto it = kCompare.find(op); it != kCompare.end()) {
    if (a.type == Type::kNull || b.type == Type::kNull) {
      return TypeError(e, "comparing with null is never true; write 'x is null' or 'x is not null'");
    }
    if (!Comparable(a.type, b.type) || (a.type == Type::kBool && op != "==" && op != "!=")) {
      return TypeError(e, "cannot compare " + Describe(a.type) + " with " + Describe(b.type));
    }
    return Make(NodeOf(it->second, Type::kBool, e, {a.id, b.id}));
  }
  Type result = Arithmetic(op, a.type, b.type);
  if (result == Type::kNull) {
    return TypeError(e, "cannot apply '" + op + "' to " + Describe(a.type) + " and " + Describe(b.type));
  }
  Op o = op == "+" ? Op::kAdd : op == "-" ? Op::kSub : op == "*" ? Op::kMul : Op::kDiv;
  return Make(NodeOf(o, result, e, {a.id, b.id}));
}

Type ExprChecker::Arithmetic(const std::string& op, Type a, Type b) {
  if (IsNumeric(a) && IsNumeric(b)) {
    if (op == "/") return Type::kDecimal;
    return a == Type::kInt && b == Type::kInt ? Type::kInt : Type::kDecimal;
  }
  if (op == "+" && ((a == Type::kDateTime && b == Type::kDuration) || (a == Type::kDuration && b == Type::kDateTime))) {
    return Type::kDateTime;
  }
  if (op == "-" && a == Type::kDateTime && b == Type::kDuration) return Type::kDateTime;
  if (op == "-" && a == Type::kDateTime && b == Type::kDateTime) return Type::kDuration;
  if ((op == "+" || op == "-") && a == Type::kDuration && b == Type::kDuration) return Type::kDuration;
  if (op == "*" && ((a == Type::kInt && b == Type::kDuration) || (a == Type::kDuration && b == Type::kInt))) {
    return Type::kDuration;
  }
  return Type::kNull;
}

Typed ExprChecker::IsNull(const ast::Expr& e) {
  Typed a = Check(*e.args[0]);
  if (!a.ok()) return {};
  return Make(NodeOf(e.negated ? Op::kIsNotNull : Op::kIsNull, Type::kBool, e, {a.id}));
}

Typed ExprChecker::In(const ast::Expr& e) {
  Typed a = Check(*e.args[0]);
  if (!a.ok()) return {};
  Typed b;
  FieldInfo storage;
  const FieldInfo* f = EnumField(*e.args[0], &storage);
  if (f != nullptr && e.args[1]->kind == ast::ExprKind::kList) {
    // Codes of an enum field: checked, and aliases ("2201") made canonical
    // ("register") as `==` does, so that the list matches stored values.
    std::string joined;
    for (const auto& item : e.args[1]->args) {
      if (item->kind != ast::ExprKind::kLiteral) return TypeError(*item, "list elements must be constants");
      std::string code = EnumCode(*f, *item);
      if (code.empty()) return {};
      joined += (joined.empty() ? "" : "|") + code;
    }
    b = Typed{c_.Constant(plan::Value::List({}), joined, Type::kList), Type::kList};
  } else {
    b = Check(*e.args[1]);
  }
  if (!b.ok()) return {};
  if (b.type != Type::kList) return TypeError(e, "'in' needs a list on its right, got " + Describe(b.type));
  if (a.type != Type::kString) return TypeError(e, "'in' tests text against a list; got " + Describe(a.type));
  return Make(NodeOf(e.negated ? Op::kNotIn : Op::kIn, Type::kBool, e, {a.id, b.id}));
}

Typed ExprChecker::If(const ast::Expr& e) {
  Typed c = Check(*e.args[0]);
  Typed a = Check(*e.args[1]);
  Typed b = Check(*e.args[2]);
  if (!c.ok() || !a.ok() || !b.ok()) return {};
  if (c.type != Type::kBool) return TypeError(*e.args[0], "'if' needs a condition (bool), got " + Describe(c.type));
  Type t = Widen(a.type, b.type);
  if (t == Type::kNull && a.type != Type::kNull) {
    return TypeError(e, "'then' gives " + Describe(a.type) + " but 'else' gives " + Describe(b.type));
  }
  return Make(NodeOf(Op::kIf, t, e, {c.id, a.id, b.id}));
}

Typed ExprChecker::ListLiteral(const ast::Expr& e) {
  std::string joined;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const ast::Expr& item = *e.args[i];
    if (item.kind != ast::ExprKind::kLiteral || item.literal != ast::LiteralKind::kString) {
      c_.Error(item.loc, "E-TYPE", "list elements must be text constants like \"11\"");
      return {};
    }
    if (item.text.find('|') != std::string::npos || item.text.empty()) {
      c_.Error(item.loc, "E-BAD-LITERAL", "list elements may not be empty or contain '|'");
      return {};
    }
    joined += (i ? "|" : "") + item.text;
  }
  return Typed{c_.Constant(plan::Value::List({}), joined, Type::kList), Type::kList};
}

}  // namespace expr

Typed Checker::Expr(const ast::Expr& e, Scope& scope) { return expr::ExprChecker(*this, scope).Check(e); }

plan::ExprId Checker::Condition(const ast::Expr& e, Scope& scope, const char* what) {
  Typed t = Expr(e, scope);
  if (!t.ok()) return plan::kNoExpr;
  if (t.type != plan::Type::kBool) {
    Error(e.loc, "E-NOT-BOOL", std::string(what) + " needs a condition (bool), got " + plan::TypeName(t.type));
    return plan::kNoExpr;
  }
  return t.id;
}

bool Mentions(const ast::Expr& e, const std::string& alias) {
  if (e.kind == ast::ExprKind::kName && e.text == alias) return true;
  for (const auto& a : e.args) {
    if (Mentions(*a, alias)) return true;
  }
  if (e.subquery) {
    if (e.subquery->value && Mentions(*e.subquery->value, alias)) return true;
    if (e.subquery->as_of && Mentions(*e.subquery->as_of, alias)) return true;
    if (Mentions(*e.subquery->where, alias)) return true;
  }
  return false;
}

}  // namespace fundwatch
