#include "app/rule_test_file.h"

#include <sstream>

#include "engine/data/schema.h"

namespace fundwatch {
namespace {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Splits a row on commas; "quoted" values may hold commas and "" quotes.
std::vector<std::string> SplitRow(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { cur += '"'; ++i; }
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"' && Trim(cur).empty()) {
      quoted = was_quoted = true;
      cur.clear();
    } else if (c == ',') {
      out.push_back(was_quoted ? cur : Trim(cur));
      cur.clear();
      was_quoted = false;
    } else if (!(was_quoted && (c == ' ' || c == '\t'))) {
      cur += c;
    }
  }
  out.push_back(was_quoted ? cur : Trim(cur));
  return out;
}

bool StartsWord(const std::string& line, const char* word) {
  size_t n = std::char_traits<char>::length(word);
  return line.compare(0, n, word) == 0 && (line.size() == n || line[n] == ' ' || line[n] == '\t');
}

}  // namespace

std::vector<RuleTestCase> ParseRuleTests(const std::string& path, const std::string& text, DiagnosticBag* diags) {
  std::vector<RuleTestCase> cases;
  std::vector<TestTable> shared;
  TestTable* table = nullptr;
  auto error = [&](int line, int col, const std::string& msg) {
    diags->Add(Diagnostic{Diagnostic::Severity::kError, {path, line, col, 1}, "E-RULETEST", msg});
  };
  std::istringstream in(text);
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    std::string line = Trim(raw);
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = Trim(line.substr(3));
    if (line.empty()) { table = nullptr; continue; }
    if (line[0] == '#') continue;
    int col = static_cast<int>(raw.find_first_not_of(" \t")) + 1;
    if (StartsWord(line, "test")) {
      std::string name = Trim(line.substr(4));
      if (name.size() < 2 || name.front() != '"' || name.back() != '"') {
        error(number, col + 5, "expected a quoted test name: test \"...\"");
        name = "\"\"";
      }
      cases.push_back(RuleTestCase{path, name.substr(1, name.size() - 2), number, std::nullopt, shared, {}});
      table = nullptr;
    } else if (StartsWord(line, "as_of")) {
      std::optional<DateTime> t = DateTime::Parse(Trim(line.substr(5)));
      if (!t) error(number, col + 6, "as_of expects YYYY-MM-DD HH:MM:SS");
      else if (cases.empty()) error(number, col, "as_of belongs to a test: write it after test \"...\"");
      else cases.back().as_of = t;
      table = nullptr;
    } else if (StartsWord(line, "expect")) {
      table = nullptr;
      if (cases.empty()) { error(number, col, "expect belongs to a test: write it after test \"...\""); continue; }
      std::istringstream words(line.substr(6));
      std::string rule, word;
      words >> rule;
      bool none = rule == "none";
      if (none) words >> rule;
      if (rule.empty()) { error(number, col + 7, "expect needs a rule id: expect PRC-CEIL feedetl_sn=F1"); continue; }
      auto& keys = cases.back().expect[rule];
      if (none) continue;
      std::map<std::string, std::string> key;
      while (words >> word) {
        size_t eq = word.find('=');
        if (eq == std::string::npos || eq == 0) {
          error(number, col + static_cast<int>(line.find(word)), "expected field=value, got '" + word + "'");
          continue;
        }
        key[word.substr(0, eq)] = word.substr(eq + 1);
      }
      keys.push_back(std::move(key));
    } else if (line.back() == ':' && line.find(' ') == std::string::npos) {
      std::string name = line.substr(0, line.size() - 1);
      if (FindTable(name) == nullptr) {
        error(number, col, "unknown table '" + name + "'");
        table = nullptr;
        continue;
      }
      std::vector<TestTable>& target = cases.empty() ? shared : cases.back().tables;
      target.push_back(TestTable{name, number, {}, {}});
      table = &target.back();
    } else if (table != nullptr) {
      table->rows.push_back(SplitRow(line));
      table->row_lines.push_back(number);
    } else {
      error(number, col, "expected test \"...\", as_of, expect, a table name followed by ':', or a row of the table above");
    }
  }
  return cases;
}

}  // namespace fundwatch
