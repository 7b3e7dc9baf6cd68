#include "app/args.h"

#include <charconv>

namespace fundwatch {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const std::set<std::string>& valued,
                         const std::set<std::string>& switches) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0) return Status::InvalidArgument("unexpected argument '" + a + "'");
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switches.count(name)) {
      if (inline_value) return Status::InvalidArgument("--" + name + " takes no value");
      args.switches_.insert(name);
    } else if (valued.count(name)) {
      if (!inline_value && i + 1 >= argv.size()) return Status::InvalidArgument("--" + name + " needs a value");
      args.values_[name] = inline_value ? *inline_value : argv[++i];
    } else {
      return Status::InvalidArgument("unknown option --" + name);
    }
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(const std::string& name, const std::string& fallback) const {
  return Get(name).value_or(fallback);
}

Result<std::string> Args::Require(const std::string& name) const {
  auto v = Get(name);
  if (!v) return Status::InvalidArgument("missing required option --" + name);
  return *v;
}

Result<int64_t> Args::GetInt(const std::string& name, int64_t fallback) const {
  auto v = Get(name);
  if (!v) return fallback;
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size()) {
    return Status::InvalidArgument("--" + name + " expects a whole number, got '" + *v + "'");
  }
  return out;
}

}  // namespace fundwatch
