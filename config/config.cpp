#include "config/config.h"

#include <fstream>

#include <yaml-cpp/yaml.h>

namespace fundwatch {
namespace {

SourceLocation Where(const std::string& path, const YAML::Mark& mark) {
  return SourceLocation{path, mark.line + 1, mark.column + 1, 1};
}

}  // namespace

Result<Config> LoadConfig(const std::string& path, DiagnosticBag* diags) {
  std::ifstream probe(path);
  if (!probe) return Status::IoError("cannot read config file " + path);
  Config config;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    diags->Add(Diagnostic{Diagnostic::Severity::kError, Where(path, e.mark), "E-CONFIG", e.msg});
    return config;
  } catch (const YAML::Exception& e) {
    return Status::IoError(path + ": " + e.what());
  }
  if (!root || root.IsNull()) return config;
  if (!root.IsMap()) {
    diags->Add(Diagnostic{Diagnostic::Severity::kError, Where(path, root.Mark()), "E-CONFIG",
                          "the configuration must be a mapping, like 'params: {readmit_days: 20d}'"});
    return config;
  }
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    if (key != "params") {
      diags->Add(Diagnostic{Diagnostic::Severity::kError, Where(path, entry.first.Mark()), "E-CONFIG",
                            "unknown configuration section '" + key + "' (known: params)"});
      continue;
    }
    if (!entry.second.IsMap()) {
      diags->Add(Diagnostic{Diagnostic::Severity::kError, Where(path, entry.second.Mark()), "E-CONFIG",
                            "'params' must map parameter names to values"});
      continue;
    }
    for (const auto& p : entry.second) {
      if (!p.second.IsScalar()) {
        diags->Add(Diagnostic{Diagnostic::Severity::kError, Where(path, p.second.Mark()), "E-CONFIG",
                              "parameter '" + p.first.as<std::string>() + "' needs a single value"});
        continue;
      }
      config.params.push_back(
          ConfigParam{p.first.as<std::string>(), p.second.as<std::string>(), Where(path, p.second.Mark())});
    }
  }
  return config;
}

}  // namespace fundwatch
