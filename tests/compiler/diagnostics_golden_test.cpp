// Golden diagnostics: every tests/compiler/diagnostics/*.rule is one
// malformed program whose leading comment lines say what the compiler must
// report. Adding a case needs no C++. Directives (in the leading comments):
//
//   # expect: [file:]LINE:COL CODE text     an error; its message contains `text`
//   # expect-warning: [file:]LINE:COL CODE text
//   # expect-note: [file:]LINE:COL CODE text
//   # with: common                          also compile rules/common.rule
//   # override: name=value @ file:LINE:COL  a deployment's parameter value
//   # known-bug: what is wrong               the compiler is known to fail this case
//
// The case is compiled alone (plus rules/common.rule with `with: common`), in
// a child process so that a crash or a hang fails only this case. The set of
// (file, line, column, code) of the errors must equal the expected set
// exactly (duplicates count); warnings too when the case expects any, and
// notes when it expects any. The file defaults to the case itself, labelled
// tests/compiler/diagnostics/<name>.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/compiler/compiler.h"
#include "tests/compiler/compiler_test_util.h"
#include "tests/compiler/isolated_run.h"

namespace fundwatch::testing {
namespace {

namespace utf = boost::unit_test;

const char kCaseDir[] = "tests/compiler/diagnostics";

using Severity = Diagnostic::Severity;

const char* SeverityWord(Severity s) {
  return s == Severity::kError ? "error" : s == Severity::kWarning ? "warning" : "note";
}

struct Expectation {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;
  int column = 0;
  std::string code;
  std::string text;

  std::string Key() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column) + " " + code; }
};

struct GoldenCase {
  std::string name;   // file stem
  std::string label;  // tests/compiler/diagnostics/<name>.rule
  std::string text;
  bool with_common = false;
  std::vector<ParamOverride> overrides;
  std::vector<Expectation> expect;
  std::string known_bug;
  std::vector<std::string> directive_errors;  // malformed directives
};

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// "[file:]LINE:COL" relative to `default_file`.
bool ParsePlace(const std::string& place, const std::string& default_file, std::string* file, int* line, int* col) {
  size_t c2 = place.rfind(':');
  if (c2 == std::string::npos || c2 == 0) return false;
  size_t c1 = place.rfind(':', c2 - 1);
  std::string line_text = c1 == std::string::npos ? place.substr(0, c2) : place.substr(c1 + 1, c2 - c1 - 1);
  *file = c1 == std::string::npos ? default_file : place.substr(0, c1);
  try {
    *line = std::stoi(line_text);
    *col = std::stoi(place.substr(c2 + 1));
  } catch (...) {
    return false;
  }
  return true;
}

GoldenCase ParseCase(const std::filesystem::path& path) {
  GoldenCase c;
  c.name = path.stem().string();
  c.label = std::string(kCaseDir) + "/" + path.filename().string();
  std::ifstream in(path, std::ios::binary);  // at registration: no Boost assertion may run yet
  if (!in) c.directive_errors.push_back("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  c.text = text.str();
  std::istringstream lines(c.text);
  for (std::string line; std::getline(lines, line);) {
    line = Trim(line);
    if (line.empty()) continue;
    if (line[0] != '#') break;  // directives live in the leading comments only
    std::string body = Trim(line.substr(1));
    size_t colon = body.find(':');
    if (colon == std::string::npos) continue;
    std::string directive = body.substr(0, colon);
    std::string value = Trim(body.substr(colon + 1));
    if (directive == "expect" || directive == "expect-warning" || directive == "expect-note") {
      Expectation e;
      e.severity = directive == "expect" ? Severity::kError : directive == "expect-note" ? Severity::kNote : Severity::kWarning;
      std::istringstream words(value);
      std::string place;
      words >> place >> e.code;
      std::getline(words, e.text);
      e.text = Trim(e.text);
      if (!ParsePlace(place, c.label, &e.file, &e.line, &e.column) || e.code.empty()) {
        c.directive_errors.push_back("cannot read: " + line);
        continue;
      }
      c.expect.push_back(e);
    } else if (directive == "with") {
      if (value != "common") c.directive_errors.push_back("unknown 'with': " + value);
      c.with_common = true;
    } else if (directive == "override") {
      size_t eq = value.find('=');
      size_t at = value.find(" @ ");
      ParamOverride o;
      if (eq == std::string::npos || at == std::string::npos || at < eq ||
          !ParsePlace(Trim(value.substr(at + 3)), "", &o.where.file, &o.where.line, &o.where.column)) {
        c.directive_errors.push_back("cannot read: " + line + " (write: name=value @ file:LINE:COL)");
        continue;
      }
      o.name = Trim(value.substr(0, eq));
      o.value = Trim(value.substr(eq + 1, at - eq - 1));
      c.overrides.push_back(o);
    } else if (directive == "known-bug") {
      c.known_bug = value;
    }
  }
  return c;
}

std::vector<GoldenCase> LoadCases() {
  std::vector<GoldenCase> cases;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(RepoPath(kCaseDir), ec)) {
    if (entry.path().extension() == ".rule") cases.push_back(ParseCase(entry.path()));
  }
  std::sort(cases.begin(), cases.end(), [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

const std::vector<GoldenCase>& AllCases() {
  static const std::vector<GoldenCase> cases = LoadCases();
  return cases;
}

// --- compiling in a child: diagnostics travel back as text ------------------

constexpr char kField = '\x1f';
constexpr char kRecord = '\x1e';

struct Compiled {
  std::vector<Diagnostic> diagnostics;
  std::string rendered;
};

std::string Serialize(const CompileResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics.items()) {
    out += std::string(SeverityWord(d.severity)) + kField + d.location.file + kField +
           std::to_string(d.location.line) + kField + std::to_string(d.location.column) + kField + d.code + kField +
           d.message + kRecord;
  }
  return out + "R" + kField + r.Render() + kRecord;
}

Compiled Deserialize(const std::string& text) {
  Compiled c;
  size_t start = 0;
  for (size_t end; (end = text.find(kRecord, start)) != std::string::npos; start = end + 1) {
    std::vector<std::string> f;
    std::string record = text.substr(start, end - start);
    for (size_t b = 0, e;; b = e + 1) {
      e = record.find(kField, b);
      f.push_back(record.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
    }
    if (f[0] == "R") {
      c.rendered = f[1];
      continue;
    }
    Diagnostic d;
    d.severity = f[0] == "error" ? Severity::kError : f[0] == "warning" ? Severity::kWarning : Severity::kNote;
    d.location.file = f[1];
    d.location.line = std::stoi(f[2]);
    d.location.column = std::stoi(f[3]);
    d.code = f[4];
    d.message = f[5];
    c.diagnostics.push_back(d);
  }
  return c;
}

Sources CaseSources(const GoldenCase& c) {
  Sources sources;
  if (c.with_common) sources.emplace_back("rules/common.rule", ReadFile(RepoPath("rules/common.rule")));
  sources.emplace_back(c.label, c.text);
  return sources;
}

std::string KeyOf(const Diagnostic& d) {
  return d.location.file + ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.code;
}

// Everything wrong with the compiler's answer to `c`, or "".
std::string Compare(const GoldenCase& c, const Compiled& got) {
  std::set<Severity> checked = {Severity::kError};
  for (const Expectation& e : c.expect) checked.insert(e.severity);
  std::multiset<std::string> want, have;
  for (const Expectation& e : c.expect) want.insert(std::string(SeverityWord(e.severity)) + " " + e.Key());
  std::vector<const Diagnostic*> considered;
  for (const Diagnostic& d : got.diagnostics) {
    if (!checked.count(d.severity)) continue;
    have.insert(std::string(SeverityWord(d.severity)) + " " + KeyOf(d));
    considered.push_back(&d);
  }
  std::string problems;
  std::vector<std::string> missing, unexpected;
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(missing));
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(), std::back_inserter(unexpected));
  auto list = [&problems](const std::vector<std::string>& keys, const char* what) {
    for (size_t i = 0; i < keys.size();) {
      size_t j = i;
      while (j < keys.size() && keys[j] == keys[i]) ++j;
      problems += std::string("  ") + what + keys[i] + (j - i > 1 ? " (x" + std::to_string(j - i) + ")" : "") + "\n";
      i = j;
    }
  };
  list(missing, "expected but not reported: ");
  list(unexpected, "reported but not expected: ");
  for (const Expectation& e : c.expect) {
    bool found_place = false, found_text = false;
    for (const Diagnostic* d : considered) {
      if (KeyOf(*d) != e.Key() || d->severity != e.severity) continue;
      found_place = true;
      found_text = found_text || d->message.find(e.text) != std::string::npos;
    }
    if (found_place && !found_text) problems += "  " + e.Key() + ": no message contains \"" + e.text + "\"\n";
  }
  if (problems.empty()) return "";
  std::string all;
  for (size_t i = 0; i < considered.size() && i < 40; ++i) all += "    " + OneLine(*considered[i]) + "\n";
  if (considered.size() > 40) all += "    ... " + std::to_string(considered.size() - 40) + " more\n";
  return problems + "  all diagnostics considered:\n" + all;
}

void RunCase(const GoldenCase& c) {
  std::string problems;
  for (const std::string& e : c.directive_errors) problems += "  " + e + "\n";
  if (c.expect.empty()) problems += "  the case expects nothing: add '# expect:' lines\n";
  Sources sources = CaseSources(c);
  CheckOptions options;
  options.overrides = c.overrides;
  IsolatedOutcome outcome =
      RunIsolated([&] { return Serialize(CompileSources(sources, options)); }, std::chrono::seconds(20));
  std::string rendered;
  if (!outcome.ok()) {
    problems += "  the compiler " + outcome.Describe() + "\n";
  } else {
    Compiled got = Deserialize(outcome.output);
    problems += Compare(c, got);
    rendered = got.rendered.size() > 4000 ? got.rendered.substr(0, 4000) + "...\n" : got.rendered;
  }
  BOOST_TEST(problems.empty(), c.label << (c.known_bug.empty() ? "" : " [known bug: " + c.known_bug + "]") << "\n"
                                        << problems << (rendered.empty() ? "" : "  rendered:\n" + rendered));
}

// One Boost test case per file, registered before the tests run. A known
// bug is an expected failure (set FUNDWATCH_KNOWN_BUGS_FAIL=1 to count it).
struct Registrar {
  Registrar() {
    utf::test_suite* suite = BOOST_TEST_SUITE("diagnostics_golden");
    bool known_bugs_fail = std::getenv("FUNDWATCH_KNOWN_BUGS_FAIL") != nullptr;
    for (const GoldenCase& c : AllCases()) {
      const GoldenCase* p = &c;
      suite->add(utf::make_test_case([p] { RunCase(*p); }, c.name, __FILE__, __LINE__),
                 c.known_bug.empty() || known_bugs_fail ? 0 : 1);
    }
    utf::framework::master_test_suite().add(suite);
  }
} registrar;

// --- about the cases as a whole ---------------------------------------------

BOOST_AUTO_TEST_SUITE(diagnostics_cases)

BOOST_AUTO_TEST_CASE(there_are_enough_cases) {
  BOOST_TEST(AllCases().size() >= 45u);
}

// The codes the compiler can emit: every "E-...", "W-..." and "N-..." literal in
// engine/compiler/ and grammar/ (read at test time, so a new code without a
// case fails this test).
std::set<std::string> EmittedCodes() {
  std::set<std::string> codes;
  for (const char* dir : {"engine/compiler", "grammar"}) {
    for (const auto& entry : std::filesystem::directory_iterator(RepoPath(dir))) {
      std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      std::string text = ReadFile(entry.path().string());
      for (size_t at = 0; (at = text.find('"', at)) != std::string::npos; ++at) {
        size_t end = at + 1;
        while (end < text.size() && (std::isupper(static_cast<unsigned char>(text[end])) || text[end] == '-')) ++end;
        std::string word = text.substr(at + 1, end - at - 1);
        if (end < text.size() && text[end] == '"' && word.size() > 2 && std::string("EWN").find(word[0]) != std::string::npos &&
            word[1] == '-') {
          codes.insert(word);
        }
      }
    }
  }
  return codes;
}

BOOST_AUTO_TEST_CASE(every_diagnostic_code_has_a_case) {
  const std::set<std::string> codes = EmittedCodes();
  BOOST_TEST(codes.size() >= 50u);
  std::map<std::string, int> count;
  for (const GoldenCase& c : AllCases()) {
    if (!c.known_bug.empty()) continue;  // coverage must come from cases that pass
    for (const Expectation& e : c.expect) ++count[e.code];
  }
  std::ostringstream table;
  for (const std::string& code : codes) {
    table << code << "=" << count[code] << " ";
    BOOST_TEST(count[code] >= 1, "no passing case expects " << code);
  }
  for (const auto& [code, n] : count) BOOST_TEST(codes.count(code) == 1u, "cases expect unknown code " << code);
  BOOST_TEST_MESSAGE("expectations per code: " << table.str());
}

// The rendered form, byte for byte: header, source line with its gutter, and
// the caret under the column with '~' over the rest of the token.
BOOST_AUTO_TEST_CASE(render_is_exact_for_an_unknown_field) {
  Sources sources = {{"rules/trace.rule",
                      "rule TRC-X \"x\" {\n"
                      "  category: 追溯码\n"
                      "  result: 明确违规\n"
                      "  severity: 高\n"
                      "  from trac_event e\n"
                      "  where e.drug_trac_code == \"\"\n"
                      "  key e.event_id\n"
                      "  message \"码 {e.event_id}\"\n"
                      "}\n"}};
  CompileResult r = CompileSources(sources);
  BOOST_TEST(r.Render() ==
             "rules/trace.rule:6:11: error: unknown field 'drug_trac_code' in table trac_event (did you mean "
             "'drug_trac_codg'?) [E-UNKNOWN-FIELD]\n"
             "   6 |   where e.drug_trac_code == \"\"\n"
             "     |           ^~~~~~~~~~~~~~\n");
}

// A place inside a message after Chinese text: the column counts code
// points, the caret is padded by display width (two per CJK character).
BOOST_AUTO_TEST_CASE(render_is_exact_inside_a_chinese_message) {
  const GoldenCase* c = nullptr;
  for (const GoldenCase& g : AllCases()) {
    if (g.name == "template_unknown_field_after_chinese") c = &g;
  }
  BOOST_REQUIRE(c != nullptr);
  CompileResult r = CompileSources(CaseSources(*c));
  BOOST_TEST(r.Render() ==
             "tests/compiler/diagnostics/template_unknown_field_after_chinese.rule:13:20: error: unknown field "
             "'fixmedins_cod' in table fee_list (did you mean 'fixmedins_code'?) [E-UNKNOWN-FIELD]\n"
             "  13 |   message \"费用明细 {f.fixmedins_cod} 金额 {f.det_item_fee_sumamt}\"\n"
             "     |                        ^~~~~~~~~~~~~\n");
}

// The underline covers the token as displayed: a Chinese name of two
// characters takes four terminal columns, so '^~~~', like the padding.
BOOST_AUTO_TEST_CASE(render_underlines_chinese_token_by_display_width) {
  Sources sources = {{"a.rule",
                      "rule T-X \"x\" {\n"
                      "  category: 测试\n"
                      "  result: 可疑\n"
                      "  severity: 中\n"
                      "  from fee_list f\n"
                      "  where 数目 > 1\n"
                      "  key f.feedetl_sn\n"
                      "  message \"x\"\n"
                      "}\n"}};
  CompileResult r = CompileSources(sources);
  BOOST_TEST(r.Render() ==
             "a.rule:6:9: error: unknown name '数目' [E-UNKNOWN-NAME]\n"
             "   6 |   where 数目 > 1\n"
             "     |         ^~~~\n");
}

// A syntax error renders like any other; warnings too, in place order.
BOOST_AUTO_TEST_CASE(render_is_exact_for_a_syntax_error_and_a_warning) {
  Sources sources = {{"a.rule", "param x = 1\nparam y 2\n"}};
  CompileResult r = CompileSources(sources);
  BOOST_TEST(r.Render() ==
             "a.rule:1:7: warning: parameter 'x' is never used [W-UNUSED-PARAM]\n"
             "   1 | param x = 1\n"
             "     |       ^\n"
             "a.rule:2:9: error: missing '=' at '2' [E-SYNTAX]\n"
             "   2 | param y 2\n"
             "     |         ^\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
