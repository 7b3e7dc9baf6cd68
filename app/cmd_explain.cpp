// `fundwatch explain --alerts ALERTS.jsonl --data SOURCE [--rule ID] [--key TEXT]`:
// renders alerts for an inspector: what the rule found, the values compared,
// and every evidence record in full, field by field with the contract's
// Chinese meanings — without reading the rule text.
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include <Poco/JSON/Parser.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/data_pass.h"
#include "app/source_factory.h"

namespace fundwatch {
namespace {

std::string Str(const Poco::JSON::Object::Ptr& o, const std::string& name) {
  return o->has(name) && !o->isNull(name) ? o->getValue<std::string>(name) : "";
}

void PrintRecord(const Record& r) {
  const TableDef& def = r.def();
  for (size_t i = 0; i < def.fields.size(); ++i) {
    int f = static_cast<int>(i);
    std::string value = r.IsNull(f) ? "(空)" : r.Format(f);
    std::printf("      %-22s %-28s %s\n", std::string(def.fields[i].name).c_str(), value.c_str(),
                std::string(def.fields[i].meaning).c_str());
  }
}

}  // namespace

int RunExplain(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"alerts", "data", "rule", "key", "limit"}, {});
  Result<std::string> alerts_path = args.ok() ? args->Require("alerts") : Result<std::string>(args.status());
  Result<std::string> data = args.ok() ? args->Require("data") : Result<std::string>(args.status());
  Result<int64_t> limit = args.ok() ? args->GetInt("limit", 5) : Result<int64_t>(args.status());
  for (const Status* s : {&alerts_path.status(), &data.status(), &limit.status()}) {
    if (s->ok()) continue;
    std::fprintf(stderr, "fundwatch explain: %s\nusage: fundwatch explain --alerts ALERTS.jsonl --data SOURCE "
                         "[--rule ID] [--key TEXT] [--limit N]\n", s->message().c_str());
    return kExitUsage;
  }
  std::string want_rule = args->GetOr("rule", ""), want_key = args->GetOr("key", "");
  std::ifstream in(*alerts_path);
  if (!in) {
    std::fprintf(stderr, "fundwatch explain: cannot read %s\n", alerts_path->c_str());
    return kExitUsage;
  }
  std::vector<Poco::JSON::Object::Ptr> chosen;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    Poco::JSON::Object::Ptr a;
    try {
      a = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
      std::fprintf(stderr, "%s:%d: not an alert (JSON): %s\n", alerts_path->c_str(), number, e.displayText().c_str());
      return kExitUsage;
    }
    if (!want_rule.empty() && Str(a, "rule_id") != want_rule) continue;
    std::string key_text;
    auto key = a->getObject("key");
    for (const auto& name : key->getNames()) key_text += key->getValue<std::string>(name) + " ";
    if (!want_key.empty() && key_text.find(want_key) == std::string::npos) continue;
    chosen.push_back(a);
    if (static_cast<int64_t>(chosen.size()) >= *limit) break;
  }
  if (chosen.empty()) {
    std::printf("no alert matches\n");
    return kExitOk;
  }
  Result<std::unique_ptr<RecordSource>> source = OpenSource(*data);
  if (!source.ok()) {
    std::fprintf(stderr, "fundwatch explain: %s\n", source.status().message().c_str());
    return kExitUsage;
  }
  runtime::TableStore store;
  DataPass pass(nullptr, 0, &store);
  if (Status s = pass.Run(**source); !s.ok()) {
    std::fprintf(stderr, "fundwatch explain: %s\n", s.message().c_str());
    return kExitFailure;
  }
  std::map<std::pair<std::string, std::string>, const Record*> by_id;
  for (const TableDef& def : AllTables()) {
    for (const Record& r : store.records[def.id]) by_id[{std::string(def.name), r.KeyString()}] = &r;
  }
  for (const auto& a : chosen) {
    std::printf("\n== %s %s [%s · 严重程度 %s] 规则版本 %s\n", Str(a, "rule_id").c_str(), Str(a, "rule_name").c_str(),
                Str(a, "result").c_str(), Str(a, "severity").c_str(), Str(a, "rule_version").c_str());
    std::printf("   %s\n", Str(a, "message").c_str());
    for (const char* f : {"event_time", "institution", "patient", "amount"}) {
      if (!Str(a, f).empty()) std::printf("   %-12s %s\n", f, Str(a, f).c_str());
    }
    std::printf("   判定依据 why:\n");
    auto why = a->getArray("why");
    for (size_t i = 0; why && i < why->size(); ++i) std::printf("     · %s\n", why->getElement<std::string>(i).c_str());
    std::printf("   证据 evidence:\n");
    auto evidence = a->getArray("evidence");
    for (size_t i = 0; evidence && i < evidence->size(); ++i) {
      auto e = evidence->getObject(static_cast<unsigned>(i));
      std::string table = Str(e, "table"), id = Str(e, "id");
      std::printf("    [%zu] %s %s\n", i + 1, table.c_str(), id.c_str());
      auto it = by_id.find({table, id});
      if (it != by_id.end()) PrintRecord(*it->second);
      else if (table.rfind("rule:", 0) != 0) std::printf("      (not found in %s)\n", (*source)->Describe().c_str());
    }
  }
  return kExitOk;
}

}  // namespace fundwatch
