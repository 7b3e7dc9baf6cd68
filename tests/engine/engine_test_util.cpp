#include "tests/engine/engine_test_util.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include "engine/data/row_builder.h"
#include "engine/runtime/event_order.h"

namespace fundwatch::testing {
namespace {

// One valid row per table, fields in contract order.
const std::vector<std::string>& DefaultRow(TableId table) {
  static const std::map<TableId, std::vector<std::string>> kRows = {
      {tables::kFixmedins, {"H1", "第一医院", "1", "3", "330282", "0", "0"}},
      {tables::kHilist, {"X1", "阿莫西林胶囊", "1", "乙", "", "", "", "", "", "", "", "", "0", "0", "0", "2020-01-01", ""}},
      {tables::kPsn, {"P1", "1", "1980-05-06", "310", ""}},
      {tables::kOpspReg, {"R1", "P1", "M001", "高血压", "H1", "2020-01-01", "", "1"}},
      {tables::kSetl, {"S1", "M1", "P1", "H1", "11", "2025-03-01 08:00:00", "2025-03-01 09:00:00",
                       "2025-03-01 09:00:00", "I10", "", "100.00", "80.00", "0", ""}},
      {tables::kFeeList, {"F1", "S1", "P1", "H1", "2025-03-01 08:30:00", "X1", "1", "10.00", "10.00", "", "0", ""}},
      {tables::kTracEvent, {"E1", "81234560000000000001", "sale", "2025-03-01 10:00:00", "H1", "", "", ""}},
      {tables::kMdtrtEvent, {"E1", "M1", "P1", "H1", "14", "", "register", "2025-03-01 08:00:00", ""}},
      {tables::kComplaint, {"C1", "P1", "H1", "2025-03-01 10:00:00", "拒收", "内容"}},
      {tables::kVbpOrder, {"O1", "H1", "D1", "X1", "10", "2025-03-01 10:00:00", "0", ""}},
      {tables::kVbpDelivery, {"V1", "O1", "10", "2025-03-02 10:00:00"}},
      {tables::kErx, {"RX1", "P1", "H1", "2025-03-01 08:00:00", "3", "X1", "1"}},
  };
  return kRows.at(table);
}

}  // namespace

Record Rec(TableId table, const Fields& fields) {
  const TableDef& def = Table(table);
  std::vector<std::string> row = DefaultRow(table);
  BOOST_REQUIRE_EQUAL(row.size(), def.fields.size());
  for (const auto& [name, value] : fields) {
    int i = def.FieldIndex(name);
    BOOST_REQUIRE_MESSAGE(i >= 0, "no field " << name << " in " << def.name);
    row[i] = value;
  }
  std::vector<int> columns(def.fields.size());
  std::iota(columns.begin(), columns.end(), 0);
  RowBuilder builder(def, columns);
  std::vector<std::string_view> views(row.begin(), row.end());
  Record record;
  Reject reject;
  BOOST_REQUIRE_MESSAGE(builder.Build(views, 2, &record, &reject),
                        "unreadable test row of " << def.name << ": " << reject.column << ": " << reject.reason);
  return record;
}

DateTime At(std::string_view text) {
  auto t = DateTime::Parse(text);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "bad datetime " << text);
  return *t;
}

Date Day(std::string_view text) {
  auto d = Date::Parse(text);
  BOOST_REQUIRE_MESSAGE(d.has_value(), "bad date " << text);
  return *d;
}

MemoryStore& MemoryStore::Add(Record r) {
  store_.records[r.table()].push_back(std::move(r));
  return *this;
}

void MemoryStore::Shuffle(uint32_t seed) {
  std::mt19937 rng(seed);
  for (auto& records : store_.records) std::shuffle(records.begin(), records.end(), rng);
}

void MemoryStore::Reverse() {
  for (auto& records : store_.records) std::reverse(records.begin(), records.end());
}

void MemoryStore::InReplayOrder() {
  for (auto& records : store_.records) {
    if (records.empty() || records.front().def().event_time < 0) continue;
    std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
      return runtime::StreamBefore(runtime::StreamTime(a), a, runtime::StreamTime(b), b);
    });
  }
}

std::vector<std::string> RunResult::Keys(std::string_view rule_id) const {
  std::vector<std::string> out;
  for (const runtime::Alert& a : alerts) {
    if (a.rule_id == rule_id) out.push_back(a.key_text);
  }
  return out;
}

const runtime::Alert* RunResult::Find(std::string_view rule_id, std::string_view key) const {
  for (const runtime::Alert& a : alerts) {
    if (a.rule_id == rule_id && a.key_text == key) return &a;
  }
  return nullptr;
}

const runtime::RuleStats* RunResult::Stats(std::string_view rule_id) const {
  for (const runtime::RuleStats& s : stats.rules) {
    if (s.rule_id == rule_id) return &s;
  }
  return nullptr;
}

RunResult Run(const plan::Plan& plan, const MemoryStore& store, const FakeClock& clock, size_t threads) {
  RunResult out;
  runtime::Executor executor(plan, store.tables(), clock.Now());
  executor.set_threads(threads);
  out.alerts = executor.Run(&out.stats);
  return out;
}

RunResult RunStreamed(const plan::Plan& plan, const MemoryStore& store, const FakeClock& clock, size_t threads,
                      size_t memory_bytes) {
  const runtime::StorePlan stored(plan);
  const runtime::PartitionPlan partitions(plan);
  auto budget = std::make_shared<runtime::SortBudget>(memory_bytes);
  runtime::EventSorter stream(budget, "");
  std::vector<std::unique_ptr<runtime::EventSorter>> sorters;
  std::vector<runtime::RecordStream*> partition_streams;
  for (size_t g = 0; g < partitions.groups().size(); ++g) {
    sorters.push_back(std::make_unique<runtime::EventSorter>(budget, "", runtime::EventSorter::Order::kGivenKey));
    sorters.back()->set_projection(&partitions.groups()[g].keep);
    partition_streams.push_back(sorters.back().get());
  }
  MemoryStore held;
  stored.PrepareKeys(&held.mutable_tables());
  std::string key;
  for (const auto& table : store.tables().records) {
    for (const Record& r : table) {
      if (stored.has_keys(r.table())) stored.AddKeys(r, &held.mutable_tables());
      if (stored.Holds(r)) {
        held.Add(Record(r));
        continue;
      }
      for (size_t g = 0; g < partitions.groups().size(); ++g) {
        if (partitions.groups()[g].table != r.table()) continue;
        runtime::PartitionPlan::SortKey(partitions.groups()[g], r, &key);
        BOOST_REQUIRE(sorters[g]->AddKeyed(r, key).ok());
      }
      if (stored.Replays(r) && !partitions.only(r.table())) BOOST_REQUIRE(stream.Add(r).ok());
    }
  }
  for (int t = 0; t < tables::kCount; ++t) stored.FinishKeys(static_cast<TableId>(t), &held.mutable_tables());
  held.InReplayOrder();  // as a scan holds them
  BOOST_REQUIRE(stream.Finish().ok());
  for (auto& s : sorters) BOOST_REQUIRE(s->Finish().ok());
  RunResult out;
  runtime::Executor executor(plan, held.tables(), clock.Now());
  executor.set_threads(threads);
  executor.set_partitioned(&partitions, partition_streams);
  out.alerts = executor.Run(&stream, &out.stats);
  BOOST_REQUIRE(stream.status().ok());
  for (auto& s : sorters) BOOST_REQUIRE(s->status().ok());
  return out;
}

RunResult RunBothWays(const plan::Plan& plan, const MemoryStore& store, const FakeClock& clock) {
  RunResult held = Run(plan, store, clock);
  RunResult streamed = RunStreamed(plan, store, clock);
  BOOST_TEST(JsonLines(streamed.alerts) == JsonLines(held.alerts), boost::test_tools::per_element());
  return held;
}

std::vector<std::string> EvidenceOf(const runtime::Alert& alert) {
  std::vector<std::string> out;
  for (const runtime::EvidenceRef& e : alert.evidence) out.push_back(e.table + ":" + e.id);
  return out;
}

std::vector<std::string> JsonLines(const std::vector<runtime::Alert>& alerts) {
  std::vector<std::string> out;
  for (const runtime::Alert& a : alerts) out.push_back(a.ToJson());
  return out;
}

// --- a strict JSON reader ----------------------------------------------------------------

const Json* Json::Get(std::string_view name) const {
  for (const auto& [k, v] : members) {
    if (k == name) return &v;
  }
  return nullptr;
}

namespace {

class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}

  std::optional<Json> Document(std::string* error) {
    Json v;
    Space();
    bool ok = Value(&v, 0);
    Space();
    if (ok && i_ != s_.size()) ok = Fail("trailing text");
    if (!ok) {
      *error = error_ + " at offset " + std::to_string(i_);
      return std::nullopt;
    }
    return v;
  }

 private:
  bool Fail(const std::string& why) {
    if (error_.empty()) error_ = why;
    return false;
  }
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return Fail("bad literal");
    i_ += word.size();
    return true;
  }

  bool Value(Json* v, int depth) {
    if (depth > 64) return Fail("too deep");
    if (i_ >= s_.size()) return Fail("unexpected end");
    char c = s_[i_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v->kind = Json::Kind::kString;
      return String(&v->text);
    }
    if (c == 't' || c == 'f') {
      v->kind = Json::Kind::kBool;
      v->boolean = c == 't';
      return Literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      v->kind = Json::Kind::kNull;
      return Literal("null");
    }
    return Number(v);
  }

  bool Object(Json* v, int depth) {
    v->kind = Json::Kind::kObject;
    ++i_;
    Space();
    if (i_ < s_.size() && s_[i_] == '}') { ++i_; return true; }
    while (true) {
      Space();
      std::string name;
      if (i_ >= s_.size() || s_[i_] != '"') return Fail("expected a member name");
      if (!String(&name)) return false;
      Space();
      if (i_ >= s_.size() || s_[i_] != ':') return Fail("expected ':'");
      ++i_;
      Space();
      Json member;
      if (!Value(&member, depth + 1)) return false;
      v->members.emplace_back(std::move(name), std::move(member));
      Space();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == '}') { ++i_; return true; }
      return Fail("expected ',' or '}'");
    }
  }

  bool Array(Json* v, int depth) {
    v->kind = Json::Kind::kArray;
    ++i_;
    Space();
    if (i_ < s_.size() && s_[i_] == ']') { ++i_; return true; }
    while (true) {
      Space();
      Json item;
      if (!Value(&item, depth + 1)) return false;
      v->items.push_back(std::move(item));
      Space();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == ']') { ++i_; return true; }
      return Fail("expected ',' or ']'");
    }
  }

  static void AppendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool Hex4(uint32_t* out) {
    if (i_ + 4 > s_.size()) return Fail("short \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char h = s_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<uint32_t>(h - 'A' + 10);
      else return Fail("bad \\u escape");
    }
    *out = v;
    return true;
  }

  // A UTF-8 sequence starting at i_ (validated: no overlongs, no surrogates).
  bool Utf8(std::string* out) {
    unsigned char c = static_cast<unsigned char>(s_[i_]);
    int extra = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
    if (c >= 0x80 && extra < 0) return Fail("invalid UTF-8");
    if (c < 0x80) extra = 0;
    if (i_ + static_cast<size_t>(extra) >= s_.size()) return Fail("truncated UTF-8");
    uint32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k <= extra; ++k) {
      unsigned char d = static_cast<unsigned char>(s_[i_ + k]);
      if ((d & 0xC0) != 0x80) return Fail("invalid UTF-8");
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return Fail("invalid UTF-8");
    }
    out->append(s_.substr(i_, static_cast<size_t>(extra) + 1));
    i_ += static_cast<size_t>(extra) + 1;
    return true;
  }

  bool String(std::string* out) {
    ++i_;  // opening quote
    while (true) {
      if (i_ >= s_.size()) return Fail("unterminated string");
      char c = s_[i_];
      if (c == '"') { ++i_; return true; }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("raw control character in a string");
      if (c != '\\') {
        if (!Utf8(out)) return false;
        continue;
      }
      ++i_;
      if (i_ >= s_.size()) return Fail("unterminated escape");
      char e = s_[i_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (s_.substr(i_, 2) != "\\u") return Fail("lone surrogate");
            i_ += 2;
            if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return Fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("lone surrogate");
          }
          AppendUtf8(out, cp);
          break;
        }
        default: return Fail("bad escape");
      }
    }
  }

  bool Digits() {
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

  bool Number(Json* v) {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!Digits()) {
      return Fail("bad value");
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!Digits()) return Fail("bad fraction");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!Digits()) return Fail("bad exponent");
    }
    v->kind = Json::Kind::kNumber;
    v->text = std::string(s_.substr(start, i_ - start));
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

}  // namespace

std::optional<Json> ParseJson(std::string_view text, std::string* error) {
  return JsonReader(text).Document(error);
}

}  // namespace fundwatch::testing
