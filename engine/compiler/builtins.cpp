#include "engine/compiler/builtins.h"

namespace fundwatch {

const std::vector<BuiltinFunction>& AllBuiltins() {
  using plan::Fn;
  static const std::vector<BuiltinFunction> kBuiltins = {
      {"date", Fn::kDate, 1, 1, "date(datetime) -> date", "日期部分"},
      {"month", Fn::kMonth, 1, 1, "month(date|datetime) -> string", "自然月 YYYY-MM"},
      {"add_months", Fn::kAddMonths, 2, 2, "add_months(string YYYY-MM, int) -> string", "月份加减"},
      {"age", Fn::kAge, 2, 2, "age(date birth, date on) -> int", "周岁"},
      {"len", Fn::kLen, 1, 1, "len(string) -> int", "字符数"},
      {"left", Fn::kLeft, 2, 2, "left(string, int n) -> string", "前 n 个字符"},
      {"starts_with", Fn::kStartsWith, 2, 2, "starts_with(string, string prefix) -> bool", "前缀匹配"},
      {"is_digits", Fn::kIsDigits, 1, 1, "is_digits(string) -> bool", "全部为 ASCII 数字"},
      {"any_starts_with", Fn::kAnyStartsWith, 2, 2, "any_starts_with(list, list prefixes) -> bool",
       "列表中某元素以某前缀开头"},
      {"coalesce", Fn::kCoalesce, 2, 2, "coalesce(x, fallback) -> type of x", "空值替代"},
      {"days", Fn::kDays, 1, 1, "days(int) -> duration", "天数转时长"},
      {"hours", Fn::kHours, 1, 1, "hours(int) -> duration", "小时数转时长"},
      {"label", Fn::kLabel, 1, 1, "label(enum field) -> string", "代码的中文含义"},
      {"datetime", Fn::kDateTime, 1, 1, "datetime(\"YYYY-MM-DD HH:MM:SS\") -> datetime", "时间常量"},
  };
  return kBuiltins;
}

const BuiltinFunction* FindBuiltin(std::string_view name) {
  for (const BuiltinFunction& b : AllBuiltins()) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::vector<std::string> BuiltinNames() {
  std::vector<std::string> names;
  for (const BuiltinFunction& b : AllBuiltins()) names.emplace_back(b.name);
  for (const char* a : {"count", "count_distinct", "sum", "min", "max", "exists", "any", "all"}) names.emplace_back(a);
  return names;
}

bool IsAggregateName(std::string_view name) {
  return name == "count" || name == "count_distinct" || name == "sum" || name == "min" || name == "max";
}

bool IsSubqueryName(std::string_view name) {
  return name == "exists" || name == "count" || name == "sum" || name == "min" || name == "max";
}

}  // namespace fundwatch
