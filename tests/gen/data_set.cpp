#include "tests/gen/data_set.h"

#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace fundwatch::gen::testing {
namespace {

// A tiny cursor over one JSON line written by the generator.
struct Cursor {
  const std::string& s;
  size_t i = 0;
  void Skip() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  void Expect(char c) {
    Skip();
    if (i >= s.size() || s[i] != c) throw std::runtime_error("bad json near " + std::to_string(i) + ": " + s);
    ++i;
  }
  bool Peek(char c) {
    Skip();
    return i < s.size() && s[i] == c;
  }
  std::string String() {
    Expect('"');
    std::string out;
    while (s[i] != '"') {
      if (s[i] == '\\') {
        ++i;
        out.push_back(s[i] == 'n' ? '\n' : s[i]);
        ++i;
      } else {
        out.push_back(s[i++]);
      }
    }
    ++i;
    return out;
  }
  std::string Scalar() {
    Skip();
    if (Peek('"')) return String();
    const size_t start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}') ++i;
    return s.substr(start, i - start);
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace

TruthKey ParseKeyLine(const std::string& line) {
  Cursor c{line};
  TruthKey key;
  c.Expect('{');
  while (!c.Peek('}')) {
    const std::string name = c.String();
    c.Expect(':');
    if (name == "key") {
      c.Expect('{');
      while (!c.Peek('}')) {
        std::string field = c.String();
        c.Expect(':');
        key.key.emplace_back(field, c.String());
        if (c.Peek(',')) c.Expect(',');
      }
      c.Expect('}');
    } else {
      const std::string value = c.Scalar();
      if (name == "rule_id") key.rule_id = value;
    }
    if (c.Peek(',')) c.Expect(',');
  }
  return key;
}

ExpectedReject ParseRejectLine(const std::string& line) {
  Cursor c{line};
  ExpectedReject r;
  c.Expect('{');
  while (!c.Peek('}')) {
    const std::string name = c.String();
    c.Expect(':');
    const bool quoted = c.Peek('"');
    const std::string value = c.Scalar();
    if (name == "file") r.file = value;
    if (name == "line") r.line = std::stoll(value);
    if (name == "column" && quoted) r.column = value;
    if (name == "reason") r.reason = value;
    if (c.Peek(',')) c.Expect(',');
  }
  return r;
}

DataSet LoadDataSet(const std::string& dir) {
  namespace fs = std::filesystem;
  DataSet d;
  if (fs::exists(fs::path(dir) / "expected_rejects.jsonl")) {
    for (const std::string& l : Lines(ReadFile(dir + "/expected_rejects.jsonl"))) d.rejects.push_back(ParseRejectLine(l));
  }
  for (Table t : AllTables()) {
    const std::string name(TableName(t));
    d.files[name] = ReadCsv(dir + "/" + TableFile(t));
    std::set<int64_t> rejected;
    for (const ExpectedReject& r : d.rejects) {
      if (r.file == TableFile(t)) rejected.insert(r.line);
    }
    for (const CsvRecord& rec : d.files[name].records) {
      if (!rejected.count(rec.line)) d.world.at(t).push_back(rec.fields);
    }
  }
  for (const std::string& l : Lines(ReadFile(dir + "/ground_truth.jsonl"))) d.truth.insert(ParseKeyLine(l));
  for (const std::string& l : Lines(ReadFile(dir + "/near_misses.jsonl"))) d.near_misses.insert(ParseKeyLine(l));
  return d;
}

}  // namespace fundwatch::gen::testing
