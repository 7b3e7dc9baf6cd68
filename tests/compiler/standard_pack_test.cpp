// The standard rule pack (rules/*.rule) against the catalogue
// (shared/spec/rule-catalogue.md): it compiles cleanly, holds exactly the 23
// catalogue rules with their result and key fields, and rule versions move
// when, and only when, something a rule reads changes.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "engine/compiler/compiler.h"
#include "tests/compiler/compiler_test_util.h"

namespace fundwatch::testing {
namespace {


struct CatalogueRule {
  const char* id;
  const char* result;
  std::vector<std::string> key;
};

// shared/spec/rule-catalogue.md, sections 1 to 6.
const std::vector<CatalogueRule>& Catalogue() {
  static const std::vector<CatalogueRule> kRules = {
      {"LMT-SEX", "明确违规", {"feedetl_sn"}},
      {"LMT-AGE", "明确违规", {"feedetl_sn"}},
      {"LMT-DX", "可疑", {"feedetl_sn"}},
      {"LMT-LV", "明确违规", {"feedetl_sn"}},
      {"PRC-CEIL", "明确违规", {"feedetl_sn"}},
      {"QTY-RX", "可疑", {"feedetl_sn"}},
      {"DTH-SETL", "明确违规", {"setl_id"}},
      {"HOS-SPLIT", "可疑", {"setl_id"}},
      {"HOS-OUTP", "可疑", {"setl_id"}},
      {"QTY-30D", "可疑", {"psn_no", "hilist_code"}},
      {"FRQ-MULTI", "可疑", {"psn_no", "hilist_code"}},
      {"TRC-DUP", "明确违规", {"drug_trac_codg"}},
      {"TRC-REFLOW", "可疑", {"drug_trac_codg"}},
      {"TRC-FMT", "明确违规", {"feedetl_sn"}},
      {"TRC-MISMATCH", "明确违规", {"feedetl_sn"}},
      {"TRC-MISSING", "明确违规", {"feedetl_sn"}},
      {"OPSP-REFUSE", "可疑", {"psn_no", "fixmedins_code"}},
      {"OPSP-COMPLAINT", "可疑", {"complaint_id"}},
      {"OPSP-NOREG", "明确违规", {"setl_id"}},
      {"DLV-LATE", "明确违规", {"order_id"}},
      {"DLV-RATE", "可疑", {"distributor_code", "month"}},
      {"DLV-3M", "明确违规", {"distributor_code", "month"}},
      {"DCH-NORX", "明确违规", {"feedetl_sn"}},
  };
  return kRules;
}

// What each parameter of common.rule is read by, directly or through a
// define or another rule's results (DLV-3M reads DLV-RATE's).
const std::map<std::string, std::pair<std::string, std::set<std::string>>>& ParamReaders() {
  static const std::map<std::string, std::pair<std::string, std::set<std::string>>> kReaders = {
      {"readmit_days", {"20d", {"HOS-SPLIT"}}},
      {"stock_days", {"90", {"QTY-30D"}}},
      {"min_institutions", {"4", {"FRQ-MULTI"}}},
      {"scan_required_from", {"2025-09-01", {"TRC-MISSING"}}},
      {"min_refusals", {"3", {"OPSP-REFUSE"}}},
      {"min_orders", {"30", {"DLV-RATE", "DLV-3M"}}},
      {"min_rate", {"0.95", {"DLV-RATE", "DLV-3M"}}},
      {"sla_hours", {"24h", {"DLV-LATE", "DLV-RATE", "DLV-3M"}}},
      {"urgent_sla_hours", {"2h", {"DLV-LATE", "DLV-RATE", "DLV-3M"}}},
  };
  return kReaders;
}

CompileResult CompilePackDir(const CheckOptions& options = {}) {
  Result<CompileResult> r = CompileRuleDir(RepoPath("rules"), options);
  BOOST_REQUIRE_MESSAGE(r.ok(), "CompileRuleDir failed");
  return std::move(r).value();
}

std::map<std::string, std::string> Versions(const CompileResult& r) {
  BOOST_REQUIRE_MESSAGE(!r.diagnostics.HasErrors(), r.Render());
  std::map<std::string, std::string> out;
  for (const plan::Rule& rule : r.plan->rules) out[rule.id] = rule.version;
  return out;
}

std::set<std::string> Changed(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::set<std::string> out;
  for (const auto& [id, v] : a) {
    auto it = b.find(id);
    if (it == b.end() || it->second != v) out.insert(id);
  }
  return out;
}

std::string Joined(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& x : s) out += (out.empty() ? "" : ", ") + x;
  return "{" + out + "}";
}

CheckOptions Override(const std::string& name, const std::string& value) {
  CheckOptions o;
  o.overrides.push_back(ParamOverride{name, value, SourceLocation{"config/test.yaml", 1, 1, 1}});
  return o;
}

BOOST_AUTO_TEST_SUITE(standard_pack)

BOOST_AUTO_TEST_CASE(compiles_without_errors_or_warnings) {
  CompileResult r = CompilePackDir();
  BOOST_TEST(r.diagnostics.items().empty(), r.Render());
  BOOST_TEST(r.files.size() == 7u);
  BOOST_REQUIRE(r.plan != nullptr);
  BOOST_TEST(PlanProblems(*r.plan) == "");
}

BOOST_AUTO_TEST_CASE(holds_exactly_the_catalogue_rules) {
  CompileResult r = CompilePackDir();
  std::vector<std::string> got, want;
  for (const plan::Rule& rule : r.plan->rules) got.push_back(rule.id);
  for (const CatalogueRule& c : Catalogue()) want.push_back(c.id);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  BOOST_TEST(got == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(results_and_keys_are_the_catalogue_s) {
  CompileResult r = CompilePackDir();
  for (const CatalogueRule& c : Catalogue()) {
    auto it = std::find_if(r.plan->rules.begin(), r.plan->rules.end(), [&](const plan::Rule& x) { return x.id == c.id; });
    BOOST_TEST_CONTEXT("rule " << c.id) {
      BOOST_REQUIRE(it != r.plan->rules.end());
      BOOST_TEST(it->meta.result == c.result);
      std::vector<std::string> key;
      for (const plan::KeyField& k : it->keys) key.push_back(k.name);
      BOOST_TEST(key == c.key, boost::test_tools::per_element());
      BOOST_TEST(!it->meta.name.empty());
      BOOST_TEST(!it->meta.category.empty());
      BOOST_TEST(!it->meta.severity.empty());
      BOOST_TEST(!it->message.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(versions_are_16_hex_digits_and_distinct) {
  std::map<std::string, std::string> v = Versions(CompilePackDir());
  std::set<std::string> distinct;
  for (const auto& [id, version] : v) {
    BOOST_TEST_CONTEXT("rule " << id) {
      BOOST_TEST(version.size() == 16u);
      BOOST_TEST(version.find_first_not_of("0123456789abcdef") == std::string::npos, version);
    }
    distinct.insert(version);
  }
  BOOST_TEST(distinct.size() == v.size());
}

BOOST_AUTO_TEST_CASE(versions_are_stable_across_compiles) {
  BOOST_TEST((Versions(CompilePackDir()) == Versions(CompilePackDir())));
  BOOST_TEST((Versions(CompilePackDir()) == Versions(CompileSources(StandardPack()))));
}

BOOST_AUTO_TEST_CASE(readmit_days_changes_hos_split_only) {
  auto base = Versions(CompilePackDir());
  auto changed = Versions(CompilePackDir(Override("readmit_days", "20d")));
  BOOST_TEST(changed.at("HOS-SPLIT") != base.at("HOS-SPLIT"));
  BOOST_TEST(changed.at("HOS-OUTP") == base.at("HOS-OUTP"));
  BOOST_TEST(changed.at("PRC-CEIL") == base.at("PRC-CEIL"));
  BOOST_TEST(Joined(Changed(base, changed)) == "{HOS-SPLIT}");
}

// An override equal to the default leaves every version as it is.
BOOST_AUTO_TEST_CASE(an_override_with_the_default_value_changes_nothing) {
  auto base = Versions(CompilePackDir());
  BOOST_TEST(Joined(Changed(base, Versions(CompilePackDir(Override("readmit_days", "15d"))))) == "{}");
  BOOST_TEST(Joined(Changed(base, Versions(CompilePackDir(Override("stock_days", "60"))))) == "{}");
}

// Every parameter of common.rule, overridden alone: exactly its readers
// change, including readers through a define (sla_hours reaches DLV-RATE
// through 到期集采订单, and DLV-3M through DLV-RATE's results).
BOOST_AUTO_TEST_CASE(each_parameter_changes_exactly_the_rules_that_read_it) {
  auto base = Versions(CompilePackDir());
  for (const auto& [name, spec] : ParamReaders()) {
    auto changed = Versions(CompilePackDir(Override(name, spec.first)));
    BOOST_TEST(Joined(Changed(base, changed)) == Joined(spec.second), "override " << name << "=" << spec.first);
  }
}

BOOST_AUTO_TEST_CASE(whitespace_and_comments_do_not_change_versions) {
  Sources pack = StandardPack();
  Sources reformatted;
  for (const auto& [path, text] : pack) {
    std::string out = "# 重新排版的副本\n\n";
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\n') {
        out += "   # 注释\n\n";  // trailing comment, blank line
      } else if (c == ' ' && i > 0 && text[i - 1] == ' ') {
        out += "\t ";  // wider indentation
      } else {
        out += c;
      }
    }
    reformatted.emplace_back(path, out);
  }
  CompileResult a = CompileSources(pack);
  CompileResult b = CompileSources(reformatted);
  BOOST_TEST(b.diagnostics.items().empty(), b.Render());
  BOOST_TEST((Versions(a) == Versions(b)));
}

// A change of text inside a macro changes the rules that use the macro, and
// only those.
BOOST_AUTO_TEST_CASE(a_macro_edit_changes_its_users_only) {
  Sources pack = StandardPack();
  Sources edited = pack;
  for (auto& [path, text] : edited) {
    if (path != "rules/common.rule") continue;
    size_t at = text.find("len(c) == 20");
    BOOST_REQUIRE(at != std::string::npos);
    text.replace(at, 12, "len(c) == 21");
  }
  std::set<std::string> changed = Changed(Versions(CompileSources(pack)), Versions(CompileSources(edited)));
  BOOST_TEST(Joined(changed) == "{TRC-FMT, TRC-MISMATCH}");
}

// A new exception changes the version of its rule only.
BOOST_AUTO_TEST_CASE(an_exception_changes_its_rule_only) {
  Sources pack = StandardPack();
  Sources edited = pack;
  edited.emplace_back("rules/zz_local.rule",
                      "exception PRC-CEIL when f.fixmedins_code == \"H001\" because \"议价机构\"\n");
  std::set<std::string> changed = Changed(Versions(CompileSources(pack)), Versions(CompileSources(edited)));
  BOOST_TEST(Joined(changed) == "{PRC-CEIL}");
}

// Rules reading other rules' results come after them in the plan.
BOOST_AUTO_TEST_CASE(rules_are_in_dependency_order) {
  CompileResult r = CompilePackDir();
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < r.plan->rules.size(); ++i) at[r.plan->rules[i].id] = i;
  BOOST_TEST(at.at("DLV-RATE") < at.at("DLV-3M"));
  const plan::Rule& three = r.plan->rules[at.at("DLV-3M")];
  BOOST_TEST(!three.depends_on_rules.empty());
  for (uint32_t d : three.depends_on_rules) BOOST_TEST(r.plan->rules[d].id == "DLV-RATE");
}

BOOST_AUTO_TEST_CASE(the_pack_s_exclusions_and_parameters_are_in_the_plan) {
  CompileResult r = CompilePackDir(Override("stock_days", "90"));
  BOOST_TEST(r.plan->exclusions.size() == 2u);
  std::map<std::string, std::string> params(r.plan->params.begin(), r.plan->params.end());
  BOOST_TEST(params.size() == 9u);
  BOOST_TEST(params["stock_days"] == "90");
  BOOST_TEST(params["readmit_days"] == "15d");
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_a_status_not_a_diagnostic) {
  BOOST_TEST(!CompileRuleDir(RepoPath("no/such/dir")).ok());
  std::filesystem::path empty = std::filesystem::temp_directory_path() / "fundwatch_empty_rules";
  std::filesystem::create_directories(empty);
  BOOST_TEST(!CompileRuleDir(empty.string()).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
