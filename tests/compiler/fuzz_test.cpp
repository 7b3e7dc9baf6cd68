// Robustness of the compiler against malformed input: deterministic random
// mutations of every file of the standard pack (rules/*.rule), each compiled
// with rules/common.rule (a mutated common.rule with the whole pack) in a
// child process (tests/compiler/isolated_run.h), so that a crash or a hang is
// reported with the input that caused it.
//
// For every input: the compiler returns within the time limit; an input with
// no error yields a well-formed plan (PlanProblems); every diagnostic is
// located (line >= 1, column >= 1, within the file; only E-BAD-ENCODING is
// file-level) and has a code and a message.
//
// Inputs of one run: for each file, a truncation at every 37th byte and
// kMutationsPerFile random mutations (byte flips, token deletions,
// duplications and swaps, random bytes including invalid UTF-8 and Chinese
// text, line shuffles and deletions, keyword insertions, and combinations).
// FUNDWATCH_FUZZ_SCALE (a number, default 1) multiplies the mutation count.
// The first failing inputs of each kind (all of them with
// FUNDWATCH_FUZZ_SAVE_ALL=1) are written to $TMPDIR/fundwatch_fuzz/.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "engine/compiler/compiler.h"
#include "tests/compiler/compiler_test_util.h"
#include "tests/compiler/isolated_run.h"

namespace fundwatch::testing {
namespace {

namespace utf = boost::unit_test;
using Clock = std::chrono::steady_clock;

constexpr size_t kMutationsPerFile = 1200;
constexpr size_t kTruncationStep = 37;
constexpr auto kItemTimeout = std::chrono::seconds(10);
constexpr int kWorkers = 2;

// SplitMix64: the same numbers on every platform and standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

struct Span {
  size_t begin, end;
};

// Tokens of a rule file, roughly as the lexer sees them (strings, comments,
// names and numbers, two-character operators, single characters).
std::vector<Span> Tokens(const std::string& t) {
  std::vector<Span> out;
  auto word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  for (size_t i = 0; i < t.size();) {
    unsigned char c = t[i];
    size_t j = i + 1;
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (c == '"') {
      while (j < t.size() && t[j] != '"' && t[j] != '\n') j += t[j] == '\\' ? 2 : 1;
      j = std::min(t.size(), j + 1);
    } else if (c == '#') {
      while (j < t.size() && t[j] != '\n') ++j;
    } else if (word(c)) {
      while (j < t.size() && (word(t[j]) || t[j] == '.')) ++j;
    } else if (j < t.size() && t[j] == '=' && std::string("=!<>").find(static_cast<char>(c)) != std::string::npos) {
      ++j;
    }
    out.push_back(Span{i, j});
    i = j;
  }
  return out;
}

const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> kWords = {
      "rule", "from", "join", "optional", "on", "as", "of", "let", "where", "group", "by", "window", "having",
      "sequence", "order", "step", "when", "unless", "key", "amount", "message", "patient", "institution", "param",
      "list", "macro", "define", "exclude", "exception", "because", "and", "or", "not", "in", "is", "null", "true",
      "false", "if", "then", "else", "end", "for", "exists", "count", "sum", "min", "max", "any", "all", "{", "}",
      "(", ")", "[", "]", ",", ":", ".", "=", "==", "<", "-", "*", "/", "\"", "\"{f.", "{", "}", "30d", "2025-02-30",
      "1.23456", "99999999999999999999", "PRC-CEIL", "DLV-RATE", "f", "h", "s", "o", "fee_list", "hilist",
      "setl", "f.pric", "备案覆盖", "stock_days", "门诊类别", "category:", "result: 可疑"};
  return kWords;
}

const std::vector<std::string>& OddBytes() {
  static const std::vector<std::string> kBytes = {
      "\xC3", "\xFF", "\xFE", "\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8",  // invalid UTF-8
      "费用", "的", "；", "，", "（", "）", "“", "”", "\xE3\x80\x80", "\xEF\xBB\xBF", "😀",          // Chinese, full width, BOM
      "$", "@", "`", "\\", "\"", "{", "}", "#", "\t", "\r", "\n", std::string(1, '\0'), "\x01", "\x7F"};
  return kBytes;
}

enum class Kind { kTruncate, kMutate };

struct Item {
  size_t file = 0;
  Kind kind = Kind::kTruncate;
  size_t arg = 0;  // truncation length, or mutation seed index
};

// One random change of `t`.
void MutateOnce(std::string& t, Rng& rng) {
  std::vector<Span> tokens = Tokens(t);
  auto token = [&] { return tokens.empty() ? Span{0, 0} : tokens[rng.Below(tokens.size())]; };
  switch (rng.Below(10)) {
    case 0:  // byte flip
      if (!t.empty()) t[rng.Below(t.size())] ^= static_cast<char>(1u << rng.Below(8));
      break;
    case 1: {  // delete a token
      Span s = token();
      t.erase(s.begin, s.end - s.begin);
      break;
    }
    case 2: {  // duplicate a token
      Span s = token();
      t.insert(s.end, " " + t.substr(s.begin, s.end - s.begin));
      break;
    }
    case 3: {  // swap two tokens
      Span a = token(), b = token();
      if (a.begin > b.begin) std::swap(a, b);
      if (a.end > b.begin) break;
      std::string ta = t.substr(a.begin, a.end - a.begin), tb = t.substr(b.begin, b.end - b.begin);
      t.replace(b.begin, b.end - b.begin, ta);
      t.replace(a.begin, a.end - a.begin, tb);
      break;
    }
    case 4: {  // insert odd bytes: invalid UTF-8, Chinese, stray characters
      std::string bytes;
      for (size_t n = 1 + rng.Below(3); n > 0; --n) {
        bytes += rng.Below(4) == 0 ? std::string(1, static_cast<char>(rng.Below(256))) : OddBytes()[rng.Below(OddBytes().size())];
      }
      t.insert(rng.Below(t.size() + 1), bytes);
      break;
    }
    case 5: {  // insert a keyword or symbol of the language
      Span s = token();
      t.insert(rng.Below(2) ? s.begin : s.end, " " + Vocabulary()[rng.Below(Vocabulary().size())] + " ");
      break;
    }
    case 6: {  // replace a token by another of the file
      Span a = token(), b = token();
      t.replace(a.begin, a.end - a.begin, t.substr(b.begin, b.end - b.begin));
      break;
    }
    default: {  // lines: swap two, delete one, or shuffle a few
      std::vector<std::string> lines;
      size_t start = 0;
      for (size_t nl; (nl = t.find('\n', start)) != std::string::npos; start = nl + 1) lines.push_back(t.substr(start, nl - start));
      lines.push_back(t.substr(start));
      size_t a = rng.Below(lines.size()), b = rng.Below(lines.size());
      size_t how = rng.Below(3);
      if (how == 0) {
        std::swap(lines[a], lines[b]);
      } else if (how == 1) {
        lines.erase(lines.begin() + static_cast<long>(a));
      } else {
        size_t end = std::min(lines.size(), a + 2 + rng.Below(6));
        for (size_t i = end; i > a + 1; --i) std::swap(lines[i - 1], lines[a + rng.Below(i - a)]);
      }
      t.clear();
      for (size_t i = 0; i < lines.size(); ++i) t += lines[i] + (i + 1 < lines.size() ? "\n" : "");
      break;
    }
  }
}

struct Corpus {
  Sources pack;
  std::vector<Item> items;

  std::string Text(const Item& item) const {
    const std::string& original = pack[item.file].second;
    if (item.kind == Kind::kTruncate) return original.substr(0, item.arg);
    Rng rng(0xF00D0000ull + item.file * 1000003ull + item.arg);
    std::string t = original;
    size_t rounds = rng.Below(4) == 0 ? 2 + rng.Below(3) : 1;  // a quarter get several changes
    for (size_t r = 0; r < rounds; ++r) MutateOnce(t, rng);
    return t;
  }
  // The mutated file with what it needs: common.rule (its parameters and
  // macros); a mutated common.rule with the whole pack, which reads it.
  Sources SourcesWith(size_t file, const std::string& text) const {
    Sources out;
    bool is_common = pack[file].first == "rules/common.rule";
    for (size_t f = 0; f < pack.size(); ++f) {
      if (f == file) out.emplace_back(pack[f].first, text);
      else if (is_common || pack[f].first == "rules/common.rule") out.push_back(pack[f]);
    }
    return out;
  }
  std::string Describe(const Item& item) const {
    return pack[item.file].first + (item.kind == Kind::kTruncate ? " truncated to " + std::to_string(item.arg) + " bytes"
                                                                 : " mutation #" + std::to_string(item.arg));
  }
};

Corpus MakeCorpus() {
  Corpus c;
  c.pack = StandardPack();
  double scale = 1.0;
  if (const char* s = std::getenv("FUNDWATCH_FUZZ_SCALE")) scale = std::max(0.01, std::atof(s));
  size_t mutations = static_cast<size_t>(kMutationsPerFile * scale);
  for (size_t f = 0; f < c.pack.size(); ++f) {
    for (size_t n = 0; n < c.pack[f].second.size(); n += kTruncationStep) c.items.push_back(Item{f, Kind::kTruncate, n});
    for (size_t m = 0; m < mutations; ++m) c.items.push_back(Item{f, Kind::kMutate, m});
  }
  return c;
}

// Grammar token names that should never reach a user (quoted input is
// skipped: it may legitimately contain such words).
bool LeaksTokenName(const std::string& message) {
  static const std::set<std::string> kNames = {"STRING", "ID", "NUMBER", "DURATION", "DATE", "UNTERMINATED_STRING",
                                               "ERROR_CHAR", "RULE_ID", "NULL_", "TRUE_", "FALSE_"};
  bool quoted = false;
  std::string word;
  for (char c : message + " ") {
    if (c == '\'') quoted = !quoted;
    if (!quoted && (std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      word += c;
      continue;
    }
    if (kNames.count(word)) return true;
    word.clear();
  }
  return false;
}

// E-WORD, W-WORD-WORD, N-...: upper-case words joined by '-'.
bool IsCode(const std::string& code) {
  if (code.size() < 3 || std::string("EWN").find(code[0]) == std::string::npos || code[1] != '-') return false;
  for (size_t i = 2; i < code.size(); ++i) {
    bool dash_ok = code[i] == '-' && code[i - 1] != '-' && i + 1 < code.size();
    if (!std::isupper(static_cast<unsigned char>(code[i])) && !dash_ok) return false;
  }
  return true;
}

// What is wrong with the compiler's answer to `sources`, or "". Messages
// that leak grammar token names are reported with the prefix "TOKEN: ".
std::string CheckCompile(const Sources& sources, const std::string& original, const std::string& mutated) {
  CompileResult r = CompileSources(sources);
  std::map<std::string, std::vector<std::string>> lines_of;
  for (const auto& [path, text] : sources) {
    std::vector<std::string>& lines = lines_of[path];
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) lines.push_back(text.substr(start, nl - start));
    lines.push_back(text.substr(start));
  }
  std::string token_leak;
  for (const Diagnostic& d : r.diagnostics.items()) {
    const SourceLocation& at = d.location;
    if (!IsCode(d.code) || d.message.empty()) return "malformed diagnostic: " + OneLine(d);
    if (d.code == "E-BAD-ENCODING") continue;
    auto file = lines_of.find(at.file);
    if (file == lines_of.end()) return "diagnostic in an unknown file: " + OneLine(d);
    if (at.line < 1 || at.column < 1) return "unlocated diagnostic: " + OneLine(d);
    if (static_cast<size_t>(at.line) > file->second.size()) return "line beyond the file: " + OneLine(d);
    std::string line = file->second[at.line - 1];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (static_cast<size_t>(at.column) > CodePoints(line) + 1) {
      return "column beyond its line (" + std::to_string(CodePoints(line)) + " characters): " + OneLine(d);
    }
    if (d.code == "E-SYNTAX" && token_leak.empty() && LeaksTokenName(d.message)) token_leak = "TOKEN: " + OneLine(d);
  }
  if (!r.diagnostics.HasErrors()) {
    if (r.plan == nullptr) return "no error and no plan";
    if (std::string p = PlanProblems(*r.plan); !p.empty()) return "no error but a malformed plan: " + p;
  } else if (mutated == original) {
    return "the unchanged file gives errors";
  }
  return token_leak;
}

struct FuzzRun {
  Corpus corpus;
  std::vector<ItemFailure> failures;
  double seconds = 0;
};

void SaveInput(const FuzzRun& run, const ItemFailure& f, std::string* where) {
  namespace fs = std::filesystem;
  const Item& item = run.corpus.items[f.index];
  fs::path dir = fs::temp_directory_path() / "fundwatch_fuzz";
  fs::create_directories(dir);
  fs::path path = dir / (fs::path(run.corpus.pack[item.file].first).stem().string() + "_" +
                         (item.kind == Kind::kTruncate ? "t" : "m") + std::to_string(item.arg) + ".rule");
  std::ofstream(path, std::ios::binary) << run.corpus.Text(item);
  *where = path.string();
}

const FuzzRun& Run() {
  static const FuzzRun run = [] {
    FuzzRun r;
    r.corpus = MakeCorpus();
    const Corpus& c = r.corpus;
    auto start = Clock::now();
    r.failures = RunBatchIsolated(
        c.items.size(),
        [&c](size_t i) {
          const Item& item = c.items[i];
          std::string mutated = c.Text(item);
          return CheckCompile(c.SourcesWith(item.file, mutated), c.pack[item.file].second, mutated);
        },
        kItemTimeout, kWorkers);
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
  }();
  return run;
}

// The failures of one kind ("crash", "hang", "check", "token"), described
// with the files their inputs were saved to.
std::string Failures(const std::string& kind, size_t* count) {
  const FuzzRun& run = Run();
  const bool save_all = std::getenv("FUNDWATCH_FUZZ_SAVE_ALL") != nullptr;
  std::string out;
  *count = 0;
  for (const ItemFailure& f : run.failures) {
    bool token = f.kind == "check" && f.detail.rfind("TOKEN: ", 0) == 0;
    std::string k = token ? "token" : f.kind;
    if (k != kind) continue;
    std::string saved;
    if (++*count > 8) {
      if (save_all) SaveInput(run, f, &saved);
      continue;
    }
    SaveInput(run, f, &saved);
    out += "  " + run.corpus.Describe(run.corpus.items[f.index]) + ": " + f.kind + ": " + f.detail + "\n    input: " + saved + "\n";
  }
  if (*count > 8) out += "  ... and " + std::to_string(*count - 8) + " more\n";
  return out;
}

BOOST_AUTO_TEST_SUITE(fuzz)

BOOST_AUTO_TEST_CASE(thousands_of_mutations_run) {
  const FuzzRun& run = Run();
  BOOST_TEST_MESSAGE("fuzz: " << run.corpus.items.size() << " inputs over " << run.corpus.pack.size() << " files in "
                              << run.seconds << " s, " << run.failures.size() << " failing");
  BOOST_TEST(run.corpus.items.size() >= 3000u);
  BOOST_TEST(run.corpus.pack.size() == 7u);
}

BOOST_AUTO_TEST_CASE(no_input_crashes_the_compiler) {
  size_t n = 0;
  std::string list = Failures("crash", &n);
  BOOST_TEST(n == 0u, n << " inputs crash the compiler:\n" << list);
}

BOOST_AUTO_TEST_CASE(no_input_hangs_the_compiler) {
  size_t n = 0;
  std::string list = Failures("hang", &n);
  BOOST_TEST(n == 0u, n << " inputs hang the compiler:\n" << list);
}

BOOST_AUTO_TEST_CASE(every_diagnostic_is_located_and_every_plan_well_formed) {
  size_t n = 0;
  std::string list = Failures("check", &n);
  BOOST_TEST(n == 0u, n << " inputs get a wrong answer:\n" << list);
}

// ANTLR's token names must not reach users (e.g. "missing STRING at '}'").
BOOST_AUTO_TEST_CASE(syntax_errors_do_not_name_grammar_tokens) {
  size_t n = 0;
  std::string list = Failures("token", &n);
  BOOST_TEST(n == 0u, n << " syntax errors name grammar tokens:\n" << list);
}

// --- pathological inputs -----------------------------------------------------

Sources OneRule(const std::string& where) {
  return {{"deep.rule", "rule T-DEEP \"深\" {\n  category: 测试\n  result: 可疑\n  severity: 中\n  from fee_list f\n  where " +
                            where + "\n  key f.feedetl_sn\n  message \"x\"\n}\n"}};
}

// An outcome in time, with either a plan or an error.
std::string Answered(const Sources& sources, std::chrono::seconds limit) {
  IsolatedOutcome o = RunIsolated(
      [&] {
        CompileResult r = CompileSources(sources);
        return std::string(r.diagnostics.HasErrors() || r.plan != nullptr ? "answered" : "nothing");
      },
      limit);
  return o.ok() ? o.output : o.Describe();
}

// 20 000 nested parentheses (40 KB) once overflowed the stack: now a nesting
// limit answers with a diagnostic.
BOOST_AUTO_TEST_CASE(deeply_nested_parentheses_are_answered) {
  std::string where = std::string(20000, '(') + "f.pric > 1" + std::string(20000, ')');
  BOOST_TEST(Answered(OneRule(where), std::chrono::seconds(30)) == "answered");
}

// A chain of 20 000 'or' once crashed the same way.
BOOST_AUTO_TEST_CASE(long_or_chains_are_answered) {
  std::string where = "f.pric > 1";
  for (int i = 1; i < 20000; ++i) where += " or f.pric > 1";
  BOOST_TEST(Answered(OneRule(where), std::chrono::seconds(30)) == "answered");
}

// A macro calling itself three times must be cut at once, not expanded
// 3^17 times before a depth limit stops each branch.
BOOST_AUTO_TEST_CASE(branching_recursive_macro_is_answered_quickly) {
  Sources sources = OneRule("m(f.pric)");
  sources[0].second = "macro m(x) = m(x) and m(x) and m(x)\n" + sources[0].second;
  BOOST_TEST(Answered(sources, std::chrono::seconds(5)) == "answered");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
