// Private to the checker: ExprChecker, which types one expression and
// lowers it to plan nodes, shared by checker_expr.cpp (literals, names,
// fields, operators) and checker_calls.cpp (functions, aggregates,
// subqueries, quantifiers); and the AST helpers both use.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/compiler/builtins.h"
#include "engine/compiler/checker_internal.h"

namespace fundwatch::expr {

using plan::Node;
using plan::Op;
using plan::Type;

// Structural equality of two expressions (places ignored).
bool SameExpr(const ast::Expr& a, const ast::Expr& b);
std::unique_ptr<ast::Expr> Clone(const ast::Expr& e);
// Replaces macro parameters by the call's arguments.
void Substitute(ast::Expr* e, const std::map<std::string, const ast::Expr*>& args);
bool Comparable(Type a, Type b);
// The common type of two branches (int and decimal: decimal), kNull if none.
Type Widen(Type a, Type b);
std::string Describe(Type t);

class ExprChecker {
 public:
  ExprChecker(Checker& c, Scope& scope) : c_(c), scope_(scope) {}

  Typed Check(const ast::Expr& e);

 private:
  Typed Make(Node n);
  // A node with the readable source text of its expression (for the "why"
  // of alerts and for coverage reports), composed from its children's.
  Node NodeOf(Op op, Type type, const ast::Expr& e, std::vector<plan::ExprId> children = {});

  Typed Literal(const ast::Expr& e);

  const Binding* Find(const std::string& name) const;

  std::vector<std::string> VisibleNames() const;

  Typed Name(const ast::Expr& e);

  Typed Expand(const ast::Macro& m, const ast::Expr& call);

  Typed Field(const ast::Expr& e);

  static size_t CodePointLength(const std::string& s);

  Typed Unary(const ast::Expr& e);

  Typed TypeError(const ast::Expr& e, const std::string& msg);

  // The enum or flag field on one side of a comparison with a literal.
  const FieldInfo* EnumField(const ast::Expr& e, FieldInfo* storage);

  // Checks a literal compared with an enum field; returns the canonical code
  // (aliases such as "3505" become "sale"), or "" after reporting an error.
  std::string EnumCode(const FieldInfo& f, const ast::Expr& lit);

  // Comparison with an enum literal: validated and canonicalised.
  bool EnumComparison(const ast::Expr& e, Typed* out);

  Typed Binary(const ast::Expr& e);

  static Type Arithmetic(const std::string& op, Type a, Type b);

  Typed IsNull(const ast::Expr& e);

  Typed In(const ast::Expr& e);

  Typed If(const ast::Expr& e);

  Typed ListLiteral(const ast::Expr& e);

  Typed Call(const ast::Expr& e);
  Typed Aggregate(const ast::Expr& e);
  Typed Builtin(const ast::Expr& e, const BuiltinFunction& b);
  Typed Subquery(const ast::Expr& e);
  Typed Quantifier(const ast::Expr& e);

  Checker& c_;
  Scope& scope_;
};

}  // namespace fundwatch::expr
