// Deployment configuration (YAML) as plain structs. Never builds engine
// objects: the app hands these values to the compiler and the runtime.
//
//   params:                 # overrides of the rule pack's named parameters
//     readmit_days: 20d
//     min_rate: 0.85
//
// A bare number for a duration parameter takes the unit of its default
// (readmit_days: 20 means 20 days).
#pragma once

#include <string>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/common/status.h"

namespace fundwatch {

struct ConfigParam {
  std::string name;
  std::string value;
  SourceLocation where;  // file, line and column of the value
};

struct Config {
  std::vector<ConfigParam> params;
};

// Reads `path`. Mistakes in the file are diagnostics (with line and column);
// a Status only when the file cannot be read at all.
Result<Config> LoadConfig(const std::string& path, DiagnosticBag* diags);

}  // namespace fundwatch
