// Generate(): builds the reference tables, plants the labelled cases, judges
// them with the oracle (the ground truth, cross-checked against every case's
// labels), streams the background, then shuffles every table into out_dir
// and writes the truth, near-miss, reject and manifest files.
#include "gen/generator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "gen/background.h"
#include "gen/catalogue.h"
#include "gen/csv_text.h"
#include "gen/institutions.h"
#include "gen/json_text.h"
#include "gen/malformed.h"
#include "gen/oracle.h"
#include "gen/planted_cases.h"
#include "gen/planter.h"
#include "gen/sinks.h"

namespace fundwatch::gen {
namespace {

namespace fs = std::filesystem;

struct Planted {
  World rows;    // planted rows, written as regular rows
  World judged;  // everything the oracle needs to judge them
  MalformedPlan malformed;
  std::vector<Label> positives;
  std::vector<Label> near_misses;
};

void Append(World& into, const World& from) {
  for (Table t : AllTables()) {
    auto& dst = into.at(t);
    dst.insert(dst.end(), from.at(t).begin(), from.at(t).end());
  }
}

Planted PlantAll(const Catalogue& catalogue, const Institutions& institutions, const GenOptions& options) {
  Planter p(catalogue, institutions, options.seed);
  for (int64_t rep = 0; rep < Repetitions(options.scale); ++rep) {
    PlantCatalogueCases(p);
    PlantEncounterCases(p);
    PlantQuantityCases(p);
    PlantTraceCases(p);
    PlantCodeCases(p);
    PlantOpspCases(p);
    PlantDeliveryCases(p);
    PlantDualChannelCases(p);
    PlantReversedCases(p);
  }
  Planted out;
  out.positives = p.positives();
  out.near_misses = p.near_misses();
  out.rows = p.Finish();
  if (options.plant_malformed) out.malformed = PlanMalformed(catalogue, institutions, options.seed);
  out.near_misses.insert(out.near_misses.end(), out.malformed.near_misses.begin(), out.malformed.near_misses.end());
  out.judged = out.rows;
  out.judged.at(Table::kHilist) = catalogue.ToRows();
  out.judged.at(Table::kFixmedins) = institutions.ToRows();
  Append(out.judged, out.malformed.regular);
  for (const Injection& inj : out.malformed.injections) {
    if (inj.valid_row) out.judged.at(inj.table).push_back(*inj.valid_row);
  }
  return out;
}

// The truth must be exactly the labelled positives, and no near-miss.
Status CrossCheck(const std::set<TruthKey>& truth, const Planted& planted) {
  std::set<TruthKey> labelled;
  for (const Label& l : planted.positives) labelled.insert(l.key);
  std::string problems;
  auto describe = [](const TruthKey& k) {
    std::string s = k.rule_id;
    for (const auto& [f, v] : k.key) s += " " + f + "=" + v;
    return s;
  };
  for (const TruthKey& k : truth) {
    if (!labelled.count(k)) problems += "\n  unlabelled positive: " + describe(k);
  }
  for (const TruthKey& k : labelled) {
    if (!truth.count(k)) problems += "\n  labelled positive not raised: " + describe(k);
  }
  for (const Label& l : planted.near_misses) {
    if (truth.count(l.key)) problems += "\n  near-miss raised: " + describe(l.key) + " (" + l.why + ")";
  }
  if (problems.empty()) return Status::Ok();
  return Status::Corrupt("generator self-check failed (planted cases disagree with the oracle):" + problems);
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IoError("cannot write " + path.string());
  return Status::Ok();
}

std::string TruthLines(const std::set<TruthKey>& truth) {
  std::vector<const TruthKey*> sorted;
  for (const TruthKey& k : truth) sorted.push_back(&k);
  std::stable_sort(sorted.begin(), sorted.end(), [](const TruthKey* a, const TruthKey* b) {
    return RuleOrder(a->rule_id) < RuleOrder(b->rule_id);
  });
  std::string out;
  for (const TruthKey* k : sorted) {
    AppendTruthKeyOpen(out, *k);
    out += "}\n";
  }
  return out;
}

std::string NearMissLines(const std::vector<Label>& near_misses) {
  std::map<TruthKey, std::string> unique;
  for (const Label& l : near_misses) unique.emplace(l.key, l.why);
  std::vector<std::pair<const TruthKey*, const std::string*>> sorted;
  for (const auto& [k, why] : unique) sorted.emplace_back(&k, &why);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return RuleOrder(a.first->rule_id) < RuleOrder(b.first->rule_id);
  });
  std::string out;
  for (const auto& [k, why] : sorted) {
    AppendTruthKeyOpen(out, *k);
    out += ",\"why\":";
    AppendJsonString(out, *why);
    out += "}\n";
  }
  return out;
}

std::string RejectLines(std::vector<PlacedReject> rejects) {
  std::sort(rejects.begin(), rejects.end(), [](const PlacedReject& a, const PlacedReject& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  });
  std::string out;
  for (const PlacedReject& r : rejects) {
    out += "{\"file\":";
    AppendJsonString(out, r.file);
    out += ",\"line\":" + std::to_string(r.line) + ",\"column\":";
    if (r.column) {
      AppendJsonString(out, *r.column);
    } else {
      out += "null";
    }
    out += ",\"reason\":";
    AppendJsonString(out, r.reason);
    out += "}\n";
  }
  return out;
}

std::string Manifest(const GenOptions& options, const GenReport& report, size_t near_misses, size_t rejects) {
  std::string out = "{\n  \"generator\": \"fundwatch gen\",\n";
  out += "  \"seed\": " + std::to_string(options.seed) + ",\n";
  out += "  \"scale\": " + std::to_string(options.scale) + ",\n";
  out += "  \"plant_malformed\": " + std::string(options.plant_malformed ? "true" : "false") + ",\n";
  out += "  \"as_of\": ";
  AppendJsonString(out, report.as_of);
  auto object = [&out](const char* name, const std::vector<std::pair<std::string, int64_t>>& items) {
    out += ",\n  \"" + std::string(name) + "\": {";
    for (size_t i = 0; i < items.size(); ++i) {
      out += i == 0 ? "\n    " : ",\n    ";
      AppendJsonString(out, items[i].first);
      out += ": " + std::to_string(items[i].second);
    }
    out += "\n  }";
  };
  object("rows", report.rows_per_table);
  object("truth", report.truth_per_rule);
  out += ",\n  \"near_misses\": " + std::to_string(near_misses);
  out += ",\n  \"expected_rejects\": " + std::to_string(rejects) + "\n}\n";
  return out;
}

Status WriteTables(const GenOptions& options, const fs::path& temp, const Catalogue& catalogue,
                   const Institutions& institutions, const Planted& planted, GenReport& report,
                   std::vector<PlacedReject>& rejects) {
  std::vector<std::unique_ptr<TableWriter>> writers;
  Sinks sinks;
  for (Table t : AllTables()) {
    const int64_t expected = ExpectedRows(t, options.scale) + static_cast<int64_t>(planted.rows.at(t).size());
    writers.push_back(std::make_unique<TableWriter>(t, temp.string(), expected, options.seed));
    Status s = writers.back()->Open();
    if (!s.ok()) return s;
    sinks.writers[Index(t)] = writers.back().get();
  }
  for (const Row& r : catalogue.ToRows()) sinks[Table::kHilist].AddRow(r);
  for (const Row& r : institutions.ToRows()) sinks[Table::kFixmedins].AddRow(r);
  for (Table t : AllTables()) {
    for (const Row& r : planted.rows.at(t)) sinks[t].AddRow(r);
    for (const Row& r : planted.malformed.regular.at(t)) sinks[t].AddRow(r);
  }
  for (const Injection& inj : planted.malformed.injections) {
    sinks[inj.table].Inject(inj.position_ppm, inj.record, inj.reject);
  }
  const BackgroundOptions bg{options.seed, options.scale};
  const PeopleSample people = GeneratePeople(catalogue, institutions, bg, sinks);
  GenerateOrders(catalogue, institutions, bg, sinks);
  GenerateComplaints(institutions, people, bg, sinks);
  const Seconds latest = std::max(sinks.latest_event, LatestEventTime(planted.judged).value_or(0));
  if (latest != PlantedAsOf()) {
    return Status::Corrupt("generator self-check failed: latest event " + FormatTime(latest) + " is not the as-of " +
                           FormatTime(PlantedAsOf()));
  }
  report.as_of = FormatTime(latest);
  for (Table t : AllTables()) {
    Status s = sinks[t].Finish((fs::path(options.out_dir) / TableFile(t)).string(), &rejects);
    if (!s.ok()) return s;
    report.rows_per_table.emplace_back(std::string(TableName(t)), sinks[t].rows_written());
  }
  return Status::Ok();
}

}  // namespace

Result<GenReport> Generate(const GenOptions& options) {
  if (options.out_dir.empty()) return Status::InvalidArgument("gen: --out is required");
  if (options.scale < 1 || options.scale > 100000) return Status::InvalidArgument("gen: --scale must be 1..100000");
  std::error_code ec;
  const fs::path out(options.out_dir);
  fs::create_directories(out, ec);
  if (ec) return Status::IoError("cannot create " + options.out_dir + ": " + ec.message());
  const fs::path temp = out / ".fundwatch_gen_tmp";
  fs::remove_all(temp, ec);
  fs::create_directories(temp, ec);
  if (ec) return Status::IoError("cannot create " + temp.string() + ": " + ec.message());

  const Catalogue catalogue = BuildCatalogue(options.seed, options.scale);
  const Institutions institutions = BuildInstitutions(options.seed, options.scale);
  const Planted planted = PlantAll(catalogue, institutions, options);
  const std::set<TruthKey> truth = EvaluateRules(planted.judged, PlantedAsOf());
  Status status = CrossCheck(truth, planted);

  GenReport report;
  std::vector<PlacedReject> rejects;
  if (status.ok()) status = WriteTables(options, temp, catalogue, institutions, planted, report, rejects);
  fs::remove_all(temp, ec);
  if (!status.ok()) return status;

  for (const RuleInfo& rule : RuleCatalogue()) {
    const auto n = std::count_if(truth.begin(), truth.end(), [&](const TruthKey& k) { return k.rule_id == rule.id; });
    report.truth_per_rule.emplace_back(std::string(rule.id), static_cast<int64_t>(n));
  }
  std::set<TruthKey> near_keys;
  for (const Label& l : planted.near_misses) near_keys.insert(l.key);
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"ground_truth.jsonl", TruthLines(truth)},
           {"near_misses.jsonl", NearMissLines(planted.near_misses)},
           {"manifest.json", Manifest(options, report, near_keys.size(), rejects.size())}}) {
    status = WriteText(out / name, text);
    if (!status.ok()) return status;
  }
  if (options.plant_malformed) {
    status = WriteText(out / "expected_rejects.jsonl", RejectLines(rejects));
    if (!status.ok()) return status;
  } else {
    fs::remove(out / "expected_rejects.jsonl", ec);
  }
  return report;
}

}  // namespace fundwatch::gen
