// `fundwatch test --rules DIR`: runs the `*.ruletest` files found beside the
// rules, prints each test's result and differences, a coverage report of
// the rules and conditions the tests exercised, and "N passed, M failed".
// Exit 0 when all pass, 1 when any fails, 2 when rules or tests are unusable.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/data_pass.h"
#include "app/rule_loading.h"
#include "app/rule_test_file.h"
#include "connectors/csv/csv_source.h"
#include "engine/common/json.h"

namespace fundwatch {
namespace {

namespace fs = std::filesystem;

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string KeyText(const std::map<std::string, std::string>& key) {
  std::string out;
  for (const auto& [k, v] : key) out += (out.empty() ? "" : " ") + k + "=" + v;
  return out;
}

// Runs one case; appends what differs to `report`. True when it passed.
bool RunCase(const RuleTestCase& c, const plan::Plan& plan, std::vector<uint8_t>* coverage, std::string* report) {
  fs::path dir = fs::temp_directory_path() / ("fundwatch-ruletest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Blocks of one table (shared ones and the test's own) are merged by
  // column name: a later block may list its columns in another order.
  std::map<std::string, std::vector<std::string>> headers;
  std::map<std::string, std::vector<std::vector<std::string>>> rows;
  std::map<std::string, std::vector<bool>> mapped;  // false: kept as written
  for (const TestTable& t : c.tables) {
    if (t.rows.empty()) continue;
    std::vector<std::string>& header = headers[t.table];
    std::vector<size_t> position;
    for (const std::string& name : t.rows[0]) {
      auto it = std::find(header.begin(), header.end(), name);
      position.push_back(static_cast<size_t>(it - header.begin()));
      if (it == header.end()) header.push_back(name);
    }
    for (size_t r = 1; r < t.rows.size(); ++r) {
      if (t.rows[r].size() != position.size()) {
        rows[t.table].push_back(t.rows[r]);  // kept as written: the reader rejects its field count
        mapped[t.table].push_back(false);
        continue;
      }
      std::vector<std::string> row(header.size());
      for (size_t i = 0; i < position.size(); ++i) row[position[i]] = t.rows[r][i];
      rows[t.table].push_back(std::move(row));
      mapped[t.table].push_back(true);
    }
  }
  std::map<std::string, std::string> files;
  for (const auto& [table, header] : headers) {
    std::string& text = files[table];
    for (size_t i = 0; i < header.size(); ++i) text += (i ? "," : "") + CsvField(header[i]);
    text += "\n";
    for (size_t r = 0; r < rows[table].size(); ++r) {
      std::vector<std::string> row = rows[table][r];
      if (mapped[table][r]) row.resize(header.size());  // columns a later block added are null here
      for (size_t i = 0; i < row.size(); ++i) text += (i ? "," : "") + CsvField(row[i]);
      text += "\n";
    }
  }
  for (const auto& [table, text] : files) std::ofstream(dir / (table + ".csv"), std::ios::binary) << text;
  CsvSource source(dir.string());
  runtime::TableStore store;
  DataPass pass(nullptr, 1000, &store);
  Status s = pass.Run(source);
  bool ok = s.ok();
  if (!s.ok()) *report += "    data: " + s.message() + "\n";
  for (const Reject& r : pass.result().shown_rejects) {
    *report += "    data row rejected (" + r.table + " row " + std::to_string(r.line - 1) + "): " +
               (r.column.empty() ? "" : r.column + ": ") + r.reason + "\n";
    ok = false;
  }
  fs::remove_all(dir);
  DateTime as_of = c.as_of.value_or(pass.result().latest_event_time.value_or(DateTime()));
  // Expectations are judged on what `scan` would report (early checks and
  // all); coverage comes from a second run that judges every condition whole.
  // The two must agree, or the engine is at fault, and the case says so.
  runtime::Executor executor(plan, store, as_of);
  runtime::RunStats stats;
  std::vector<runtime::Alert> alerts = executor.Run(&stats);
  if (coverage != nullptr) {
    runtime::Executor traced(plan, store, as_of);
    traced.set_coverage(coverage);
    runtime::RunStats traced_stats;
    std::vector<runtime::Alert> again = traced.Run(&traced_stats);
    auto keys = [](const std::vector<runtime::Alert>& list) {
      std::multiset<std::string> out;
      for (const runtime::Alert& a : list) out.insert(a.rule_id + " " + a.key_text);
      return out;
    };
    if (keys(alerts) != keys(again)) {
      *report += "    engine error: the run with coverage found other alerts than the run as scan makes it\n";
      ok = false;
    }
  }
  for (const auto& [rule, expected] : c.expect) {
    bool known = std::any_of(plan.rules.begin(), plan.rules.end(), [&](const plan::Rule& r) { return r.id == rule; });
    if (!known) {
      *report += "    expect names unknown rule " + rule + "\n";
      ok = false;
      continue;
    }
    std::set<std::string> want, got;
    for (const auto& k : expected) want.insert(KeyText(k));
    for (const runtime::Alert& a : alerts) {
      if (a.rule_id != rule) continue;
      std::map<std::string, std::string> key(a.key.begin(), a.key.end());
      got.insert(KeyText(key));
    }
    for (const std::string& k : want) {
      if (!got.count(k)) { *report += "    " + rule + " missing    " + k + "\n"; ok = false; }
    }
    for (const std::string& k : got) {
      if (!want.count(k)) { *report += "    " + rule + " unexpected " + k + "\n"; ok = false; }
    }
  }
  return ok;
}

// Bool nodes reachable from a rule's conditions (where, having, steps,
// lookups), in the order met.
void Conditions(const plan::Plan& plan, plan::ExprId id, std::vector<plan::ExprId>* out, std::set<plan::ExprId>* seen) {
  if (id == plan::kNoExpr || !seen->insert(id).second) return;
  const plan::Node& n = plan.nodes[id];
  if (n.type == plan::Type::kBool && n.op != plan::Op::kConst) out->push_back(id);
  for (uint32_t c : n.children) Conditions(plan, static_cast<plan::ExprId>(c), out, seen);
}

std::vector<plan::ExprId> RuleConditions(const plan::Plan& plan, const plan::Rule& rule) {
  std::vector<plan::ExprId> out;
  std::set<plan::ExprId> seen;
  const plan::QueryPlan& q = rule.query;
  Conditions(plan, q.where, &out, &seen);
  Conditions(plan, q.having, &out, &seen);
  for (const plan::Join& j : q.joins) Conditions(plan, j.lookup.residual, &out, &seen);
  for (const plan::Subquery& s : q.subqueries) Conditions(plan, s.lookup.residual, &out, &seen);
  if (q.sequence) {
    for (plan::ExprId e : q.sequence->steps) Conditions(plan, e, &out, &seen);
    Conditions(plan, q.sequence->unless, &out, &seen);
  }
  if (q.source.kind == plan::SourceKind::kDerived) {
    const plan::QueryPlan& d = plan.derived[q.source.index].query;
    Conditions(plan, d.where, &out, &seen);
    for (const plan::Subquery& s : d.subqueries) Conditions(plan, s.lookup.residual, &out, &seen);
    for (const plan::Let& l : d.lets) Conditions(plan, l.value, &out, &seen);
  }
  return out;
}

void PrintCoverage(const plan::Plan& plan, const std::vector<RuleTestCase>& cases, const std::vector<uint8_t>& coverage,
                   bool verbose) {
  std::printf("\ncoverage 覆盖率:\n");
  size_t rules_tested = 0, conds_total = 0, conds_both = 0;
  for (const plan::Rule& rule : plan.rules) {
    int positive = 0, negative = 0;
    for (const RuleTestCase& c : cases) {
      auto it = c.expect.find(rule.id);
      if (it == c.expect.end()) continue;
      (it->second.empty() ? negative : positive)++;
    }
    std::vector<plan::ExprId> conds = RuleConditions(plan, rule);
    std::vector<std::string> partial;
    size_t both = 0;
    for (plan::ExprId id : conds) {
      uint8_t m = coverage[id];
      bool t = m & runtime::kCoveredTrue, f = m & (runtime::kCoveredFalse | runtime::kCoveredUnknown);
      if (t && f) { ++both; continue; }
      partial.push_back((t ? "never false: " : f ? "never true:  " : "never reached: ") + plan.nodes[id].text);
    }
    rules_tested += positive + negative > 0;
    conds_total += conds.size();
    conds_both += both;
    std::printf("  %-14s tests %2d with alerts, %2d expecting none; conditions both ways %zu/%zu\n", rule.id.c_str(),
                positive, negative, both, conds.size());
    if (verbose) {
      for (const std::string& p : partial) std::printf("      %s\n", p.c_str());
    }
  }
  std::printf("  rules tested %zu/%zu, conditions exercised both ways %zu/%zu\n", rules_tested, plan.rules.size(),
              conds_both, conds_total);
}

}  // namespace

int RunTest(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"rules", "tests", "config"}, {"verbose"});
  Result<std::string> rules_dir = args.ok() ? args->Require("rules") : Result<std::string>(args.status());
  if (!rules_dir.ok()) {
    std::fprintf(stderr, "fundwatch test: %s\nusage: fundwatch test --rules DIR [--tests DIR] [--config FILE] [--verbose]\n",
                 rules_dir.status().message().c_str());
    return kExitUsage;
  }
  LoadedRules rules = LoadRules(*rules_dir, args->GetOr("config", ""));
  std::fputs(rules.rendered.c_str(), stderr);
  if (!rules.status.ok() || rules.plan == nullptr) {
    std::fprintf(stderr, "fundwatch test: the rules do not compile\n");
    return kExitUsage;
  }
  std::string tests_dir = args->GetOr("tests", *rules_dir);
  std::vector<std::string> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(tests_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".ruletest") paths.push_back(it->path().string());
  }
  std::sort(paths.begin(), paths.end());
  DiagnosticBag diags;
  std::vector<RuleTestCase> cases;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (RuleTestCase& c : ParseRuleTests(p, text.str(), &diags)) cases.push_back(std::move(c));
  }
  for (const Diagnostic& d : diags.items()) std::fputs(RenderDiagnostic(d, "").c_str(), stderr);
  if (diags.HasErrors()) return kExitUsage;
  std::vector<uint8_t> coverage(rules.plan->nodes.size(), 0);
  int passed = 0, failed = 0;
  for (const RuleTestCase& c : cases) {
    std::string report;
    bool ok = RunCase(c, *rules.plan, &coverage, &report);
    std::printf("%s:%d: %s %s\n%s", c.file.c_str(), c.line, ok ? "PASS" : "FAIL", c.name.c_str(), report.c_str());
    (ok ? passed : failed)++;
  }
  PrintCoverage(*rules.plan, cases, coverage, args->Has("verbose"));
  std::printf("\nrule tests: %d passed, %d failed\n", passed, failed);
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace fundwatch
