// `fundwatch check --rules DIR [--config FILE]`: compiles the rule files and
// prints every problem as FILE:LINE:COL: error|warning: MESSAGE [CODE] with
// the source line and a caret. Exit 2 when any error was found, else 0.
#include <cstdio>

#include "app/args.h"
#include "app/commands.h"
#include "app/rule_loading.h"

namespace fundwatch {

int RunCheck(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"rules", "config"}, {});
  Result<std::string> rules = args.ok() ? args->Require("rules") : Result<std::string>(args.status());
  if (!rules.ok()) {
    std::fprintf(stderr, "fundwatch check: %s\nusage: fundwatch check --rules DIR [--config FILE]\n",
                 rules.status().message().c_str());
    return kExitUsage;
  }
  LoadedRules loaded = LoadRules(*rules, args->GetOr("config", ""));
  std::fputs(loaded.rendered.c_str(), stdout);
  if (!loaded.status.ok()) {
    std::fprintf(stderr, "fundwatch check: %s\n", loaded.status.message().c_str());
    return kExitUsage;
  }
  std::printf("%zu rule file(s), %zu rule(s): %d error(s), %d warning(s)\n", loaded.files, loaded.rules,
              loaded.errors, loaded.warnings);
  return loaded.errors > 0 ? kExitUsage : kExitOk;
}

}  // namespace fundwatch
