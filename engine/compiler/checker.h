// The checker: resolves every name of a parsed rule program against the
// data contract, types every expression, reports every mistake as a
// Diagnostic (one run reports them all), and lowers what is right into the
// engine's immutable plan::Plan.
#pragma once

#include <string>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/compiler/ast.h"
#include "engine/runtime/plan.h"

namespace fundwatch {

// A deployment's value for a named parameter (from config YAML).
struct ParamOverride {
  std::string name;
  std::string value;
  SourceLocation where;
};

struct CheckOptions {
  std::vector<ParamOverride> overrides;
};

// Checks `program`; diagnostics go to `diags`. The returned plan is complete
// and valid only when `diags` holds no error.
plan::Plan CheckProgram(const ast::Program& program, const CheckOptions& options, DiagnosticBag* diags);

}  // namespace fundwatch
