#include "app/rule_loading.h"

#include "config/config.h"
#include "engine/compiler/compiler.h"

namespace fundwatch {

LoadedRules LoadRules(const std::string& rules_dir, const std::string& config_path) {
  LoadedRules out;
  DiagnosticBag config_diags;
  CheckOptions options;
  if (!config_path.empty()) {
    Result<Config> config = LoadConfig(config_path, &config_diags);
    if (!config.ok()) {
      out.status = config.status();
      return out;
    }
    for (const ConfigParam& p : config->params) options.overrides.push_back(ParamOverride{p.name, p.value, p.where});
  }
  Result<CompileResult> compiled = CompileRuleDir(rules_dir, options);
  if (!compiled.ok()) {
    out.status = compiled.status();
    return out;
  }
  for (const Diagnostic& d : config_diags.items()) out.rendered += RenderDiagnostic(d, "");
  out.rendered += compiled->Render();
  out.files = compiled->files.size();
  out.errors = compiled->diagnostics.ErrorCount() + config_diags.ErrorCount();
  out.warnings = static_cast<int>(compiled->diagnostics.items().size()) - compiled->diagnostics.ErrorCount();
  out.rules = compiled->plan ? compiled->plan->rules.size() : 0;
  if (out.errors == 0) out.plan = std::move(compiled->plan);
  return out;
}

}  // namespace fundwatch
