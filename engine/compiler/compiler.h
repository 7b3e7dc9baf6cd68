// The compiler's front door: rule files in, an immutable plan and every
// diagnostic out. Reads `*.rule` files (recursively, in path order), parses
// each (grammar/), checks and plans the whole program (checker.h).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/common/status.h"
#include "engine/compiler/checker.h"
#include "engine/runtime/plan.h"

namespace fundwatch {

struct CompileResult {
  std::unique_ptr<plan::Plan> plan;  // valid only when !diagnostics.HasErrors()
  DiagnosticBag diagnostics;
  std::vector<std::string> files;    // the rule files read, in order
  std::map<std::string, std::vector<std::string>> source_lines;

  // Every diagnostic, rendered with its source line and caret.
  std::string Render() const;
};

// `sources`: (path, text) pairs, compiled as one program.
CompileResult CompileSources(const std::vector<std::pair<std::string, std::string>>& sources,
                             const CheckOptions& options = {});

// Reads every `*.rule` below `dir`. A Status only when the directory cannot
// be read; mistakes in the files are diagnostics in the result.
Result<CompileResult> CompileRuleDir(const std::string& dir, const CheckOptions& options = {});

}  // namespace fundwatch
