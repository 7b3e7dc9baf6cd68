// Loads a deployment's rules: the optional YAML config's parameter values,
// then the rule directory compiled with them. Shared by check, scan and test.
#pragma once

#include <memory>
#include <string>

#include "engine/common/status.h"
#include "engine/runtime/plan.h"

namespace fundwatch {

struct LoadedRules {
  Status status;                     // unusable directory or config file
  std::unique_ptr<plan::Plan> plan;  // null when there were errors
  std::string rendered;              // every diagnostic, rendered
  size_t files = 0;
  size_t rules = 0;
  int errors = 0;
  int warnings = 0;
};

LoadedRules LoadRules(const std::string& rules_dir, const std::string& config_path);

}  // namespace fundwatch
