// The builtin functions of the rule language: names, arities and types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/plan.h"

namespace fundwatch {

struct BuiltinFunction {
  std::string_view name;
  plan::Fn fn;
  int min_args;
  int max_args;
  std::string_view signature;  // for messages and docs, e.g. "date(datetime) -> date"
  std::string_view doc;
};

const BuiltinFunction* FindBuiltin(std::string_view name);
std::vector<std::string> BuiltinNames();
const std::vector<BuiltinFunction>& AllBuiltins();

// Aggregates usable after `group by`: count, count_distinct, sum, min, max.
bool IsAggregateName(std::string_view name);
// Subquery forms: exists, count, sum, min, max.
bool IsSubqueryName(std::string_view name);

}  // namespace fundwatch
