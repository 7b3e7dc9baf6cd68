// Args: the command line after the sub-command, as `--name value` options
// and `--flag` switches. Unknown options are an error the caller reports.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/common/status.h"

namespace fundwatch {

class Args {
 public:
  // `valued` names options that take a value, `switches` those that don't.
  static Result<Args> Parse(const std::vector<std::string>& argv, const std::set<std::string>& valued,
                            const std::set<std::string>& switches);

  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  bool Has(const std::string& name) const { return values_.count(name) > 0 || switches_.count(name) > 0; }
  // A required option; the Status names it.
  Result<std::string> Require(const std::string& name) const;
  Result<int64_t> GetInt(const std::string& name, int64_t fallback) const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> switches_;
};

}  // namespace fundwatch
