// The rule language's abstract syntax tree: what grammar/ast_builder.cpp
// makes of ANTLR's parse tree, and all that the checker and planner see.
// Plain data, owned top-down by unique_ptr; every node knows its place in
// the source so that diagnostics can point at it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fundwatch::ast {

// A place in a rule file. `file` indexes Program::files.
struct Loc {
  int file = 0;
  int line = 0;
  int column = 0;  // 1-based, in code points
  int length = 1;  // in code points
};

struct Query;

enum class ExprKind {
  kLiteral,     // text + literal
  kName,        // text: an alias, let, param, list, macro parameter or `as_of`
  kField,       // args[0].text
  kUnary,       // text "-" or "not"; args[0]
  kBinary,      // text is the operator: * / + - == != < <= > >= and or
  kIsNull,      // args[0] is [not] null; negated = "is not null"
  kIn,          // args[0] [not] in args[1]
  kIf,          // if args[0] then args[1] else args[2] end
  kCall,        // text(args...)
  kSubquery,    // text(subquery): exists / count / sum / min / max
  kQuantifier,  // text(var in args[0] where args[1]): any / all
  kList,        // [args...]
};

enum class LiteralKind { kNone, kString, kNumber, kDuration, kDate, kTrue, kFalse, kNull };

struct Subquery;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  LiteralKind literal = LiteralKind::kNone;
  Loc loc;
  std::string text;  // name, field, operator, function or the literal's value (strings unescaped)
  bool negated = false;
  std::string var;   // kQuantifier: the element variable
  Loc var_loc;
  std::vector<std::unique_ptr<Expr>> args;
  std::unique_ptr<Subquery> subquery;  // kSubquery
};
using ExprPtr = std::unique_ptr<Expr>;

struct Source {
  bool is_rule = false;  // `rule DLV-RATE`
  std::string name;      // table, define or rule id
  Loc loc;
};

struct Subquery {
  ExprPtr value;  // sum(value for ...); null for exists/count
  Source source;
  std::string alias;
  Loc alias_loc;
  ExprPtr as_of;
  ExprPtr where;
};

struct Join {
  bool optional = false;
  std::string table;
  Loc table_loc;
  std::string alias;
  Loc alias_loc;
  ExprPtr on;
  ExprPtr as_of;
  Loc loc;
};

struct Let {
  std::string name;
  Loc loc;
  ExprPtr value;
};

struct Step {
  std::string name;
  Loc loc;
  ExprPtr when;
};

struct Sequence {
  Loc loc;
  std::vector<ExprPtr> by;
  std::vector<ExprPtr> order;
  std::vector<Step> steps;
  ExprPtr unless;
};

struct Window {
  Loc loc;
  ExprPtr length;
  ExprPtr time;
};

struct Query {
  Loc loc;
  Source source;
  std::string alias;
  Loc alias_loc;
  std::vector<Join> joins;
  std::vector<Let> lets;
  ExprPtr where;
  bool grouped = false;
  Loc group_loc;
  std::vector<ExprPtr> group_by;
  std::optional<Window> window;
  std::vector<Let> agg_lets;
  ExprPtr having;
  Loc having_loc;
  std::optional<Sequence> sequence;
};

struct MetaValue {
  enum class Kind { kString, kWord, kNumber, kList } kind = Kind::kWord;
  std::string text;
  std::vector<MetaValue> items;
  Loc loc;
};

struct MetaEntry {
  std::string key;
  Loc loc;
  MetaValue value;
};

struct KeyItem {
  std::string name;  // empty: named after the expression's field
  Loc loc;
  ExprPtr expr;
};

struct Template {
  std::string text;  // as written, unescaped
  Loc loc;
  // Literal text and `{expr}` holes, in order: for a hole `expr` is set.
  struct Part {
    std::string literal;
    ExprPtr expr;
  };
  std::vector<Part> parts;
};

struct Rule {
  std::string id;
  Loc id_loc;
  std::string name;
  Loc loc;
  std::vector<MetaEntry> meta;
  Query query;
  std::vector<KeyItem> keys;
  Loc keys_loc;
  ExprPtr amount;
  std::optional<Template> message;
  ExprPtr patient;
  ExprPtr institution;
  std::string normalized_text;  // tokens joined by one space, comments dropped
};

struct Param {
  std::string name;
  Loc loc;
  ExprPtr value;  // a literal
  std::string doc;
};

struct ListDecl {
  std::string name;
  Loc loc;
  std::vector<ExprPtr> items;  // literals
  std::string doc;
};

struct Macro {
  std::string name;
  Loc loc;
  std::vector<std::string> params;
  std::vector<Loc> param_locs;
  ExprPtr body;
  std::string normalized_text;
};

struct Define {
  std::string name;
  Loc loc;
  std::string doc;
  Query query;
  std::string normalized_text;
};

struct Exclude {
  std::string table;
  Loc table_loc;
  std::string alias;
  Loc alias_loc;
  ExprPtr where;
  std::string reason;
  Loc loc;
  std::string normalized_text;
};

struct Exception {
  std::string rule_id;
  Loc rule_loc;
  ExprPtr when;
  std::string reason;
  Loc loc;
  std::string normalized_text;
};

struct SourceFile {
  std::string path;
  std::vector<std::string> lines;  // for carets under diagnostics
};

// Everything read from a rule directory.
struct Program {
  std::vector<SourceFile> files;
  std::vector<Param> params;
  std::vector<ListDecl> lists;
  std::vector<Macro> macros;
  std::vector<Define> defines;
  std::vector<Exclude> excludes;
  std::vector<Exception> exceptions;
  std::vector<Rule> rules;
};

}  // namespace fundwatch::ast
