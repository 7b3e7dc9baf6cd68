// The one place where ANTLR's parse tree becomes our AST. Nothing outside
// grammar/ sees ANTLR types.
#pragma once

#include <string>

#include "engine/common/diagnostic.h"
#include "engine/compiler/ast.h"

namespace fundwatch {

// Parses one rule file's `text` and appends its declarations to `program`
// (the file is added to program->files). Syntax errors go to `diags` with
// code E-SYNTAX (or E-BAD-CHAR, E-UNTERMINATED-STRING); a declaration that
// contains a syntax error is left out, the others are kept so that one run
// still reports every later error.
void ParseRuleFile(const std::string& path, const std::string& text, ast::Program* program,
                   DiagnosticBag* diags);

}  // namespace fundwatch
