// `fundwatch scan`: reads and validates every table of a source, evaluates
// the rules over it and writes the alerts (interfaces.md), then prints the
// summary: records per table, rejects, alerts per rule with examples.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <thread>

#include <malloc.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/data_pass.h"
#include "app/rule_loading.h"
#include "app/source_factory.h"
#include "engine/common/utf8.h"
#include "engine/runtime/executor.h"

namespace fundwatch {
namespace {

constexpr size_t kShownRejects = 20;
constexpr const char* kUsage =
    "usage: fundwatch scan --data SOURCE --rules DIR [--out ALERTS.jsonl] [--as-of \"YYYY-MM-DD HH:MM:SS\"]\n"
    "                      [--rejects REJECTS.jsonl] [--config FILE] [--examples N] [--stats]\n"
    "                      [--memory MB] [--spill-dir DIR] [--threads N]\n"
    "  --memory MB     memory for ordering the streamed records, shared by every sort of the\n"
    "                  scan (default 512); beyond it sorted runs are written to --spill-dir\n"
    "                  (default $TMPDIR or /tmp) and merged\n"
    "  --threads N     threads evaluating rules, each taking a share of them (default: the\n"
    "                  machine's cores); the alerts do not depend on it\n";

using Clock = std::chrono::steady_clock;

int Usage(const std::string& message) {
  std::fprintf(stderr, "fundwatch scan: %s\n%s", message.c_str(), kUsage);
  return kExitUsage;
}

// A message on one console line: line breaks and tabs in the data (a
// complaint's text) shown as spaces. The alerts file keeps them as they are.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

// `text` followed by spaces up to `width` terminal columns (CJK counts 2).
std::string Padded(std::string_view text, size_t width) {
  size_t shown = DisplayWidth(text, text.size());
  return std::string(text) + std::string(shown < width ? width - shown : 0, ' ');
}

void PrintTables(const DataPassResult& r, const runtime::RunStats& stats, const std::string& source) {
  std::printf("数据源 source: %s\n\n", source.c_str());
  std::printf("  %-14s %s %12s %10s %10s\n", "table", Padded("表", 14).c_str(), "records", "rejected", "excluded");
  int64_t total = 0;
  for (const TableDef& def : AllTables()) {
    const TableCount& c = r.counts[def.id];
    total += c.records;
    std::printf("  %-14s %s %12lld %10lld %10lld\n", std::string(def.name).c_str(), Padded(def.zh_name, 14).c_str(),
                static_cast<long long>(c.records), static_cast<long long>(c.rejected),
                static_cast<long long>(stats.excluded[def.id]));
  }
  std::printf("  %-14s %-14s %12lld %10lld\n", "total", "", static_cast<long long>(total),
              static_cast<long long>(r.total_rejects));
}

void PrintRejects(const DataPassResult& r, const std::string& rejects_path) {
  if (r.total_rejects == 0) return;
  std::printf("\n被拒绝的行 rejected rows: %lld\n", static_cast<long long>(r.total_rejects));
  for (const Reject& j : r.shown_rejects) std::printf("  %s\n", j.ToText().c_str());
  if (r.total_rejects > static_cast<int64_t>(r.shown_rejects.size())) {
    std::printf("  ... %lld more%s\n", static_cast<long long>(r.total_rejects - r.shown_rejects.size()),
                rejects_path.empty() ? " (use --rejects FILE to keep every one)" : "");
  }
  if (!rejects_path.empty()) std::printf("  all rejects written to %s\n", rejects_path.c_str());
}

void PrintAlerts(const plan::Plan& plan, const std::vector<runtime::Alert>& alerts, const runtime::RunStats& stats,
                 size_t examples, bool show_state) {
  std::map<std::string, std::vector<const runtime::Alert*>> by_rule;
  for (const runtime::Alert& a : alerts) by_rule[a.rule_id].push_back(&a);
  std::printf("\n告警 alerts: %zu\n", alerts.size());
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    const plan::Rule& rule = plan.rules[i];
    const auto& list = by_rule[rule.id];
    std::printf("  %-14s %s %s %6zu", rule.id.c_str(), Padded(rule.meta.name, 24).c_str(),
                Padded(rule.meta.result, 8).c_str(), list.size());
    if (stats.rules[i].suppressed > 0) std::printf("  (exceptions removed %lld)", static_cast<long long>(stats.rules[i].suppressed));
    if (show_state) std::printf("  %.2f s", stats.rules[i].seconds);
    if (show_state && stats.rules[i].state_keys > 0) {
      const runtime::RuleStats& r = stats.rules[i];
      std::printf("  [%s: %lld keys, %.0f bytes/key]", r.primitive, static_cast<long long>(r.state_keys),
                  static_cast<double>(r.state_bytes) / static_cast<double>(r.state_keys));
    }
    std::printf("\n");
    for (size_t k = 0; k < list.size() && k < examples; ++k) {
      std::printf("      · %s\n", OneLine(list[k]->message).c_str());
    }
  }
}

}  // namespace

int RunScan(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"data", "rules", "out", "rejects", "as-of", "config", "examples", "memory", "spill-dir", "threads"}, {"stats"});
  if (!args.ok()) return Usage(args.status().message());
  Result<std::string> data = args->Require("data");
  if (!data.ok()) return Usage(data.status().message());
  Result<std::string> rules_dir = args->Require("rules");
  if (!rules_dir.ok()) return Usage(rules_dir.status().message());
  Result<int64_t> examples = args->GetInt("examples", 3);
  if (!examples.ok()) return Usage(examples.status().message());
  Result<int64_t> memory_mb = args->GetInt("memory", 512);
  if (!memory_mb.ok()) return Usage(memory_mb.status().message());
  if (*memory_mb < 1) return Usage("--memory expects a number of megabytes >= 1");
  Result<int64_t> threads = args->GetInt("threads", std::max(1u, std::thread::hardware_concurrency()));
  if (!threads.ok()) return Usage(threads.status().message());
  if (*threads < 1 || *threads > 64) return Usage("--threads expects a number from 1 to 64");
  const char* tmpdir = std::getenv("TMPDIR");
  std::string spill_dir = args->GetOr("spill-dir", tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp");
  std::optional<DateTime> as_of;
  if (auto text = args->Get("as-of")) {
    as_of = DateTime::Parse(*text);
    if (!as_of) return Usage("--as-of expects \"YYYY-MM-DD HH:MM:SS\", got '" + *text + "'");
  }
  auto start = Clock::now();
  LoadedRules rules = LoadRules(*rules_dir, args->GetOr("config", ""));
  std::fputs(rules.rendered.c_str(), stderr);
  if (!rules.status.ok()) return Usage(rules.status.message());
  if (rules.plan == nullptr) {
    std::fprintf(stderr, "fundwatch scan: the rules do not compile (%d error(s)); nothing was scanned\n", rules.errors);
    return kExitUsage;
  }
  if (Status streamable = runtime::CheckStreamable(*rules.plan); !streamable.ok()) {
    return Usage(streamable.message());
  }
  Result<std::unique_ptr<RecordSource>> source = OpenSource(*data);
  if (!source.ok()) return Usage(source.status().message());

  auto open_out = [](const std::string& path) {
    return std::unique_ptr<std::FILE, int (*)(std::FILE*)>(path.empty() ? nullptr : std::fopen(path.c_str(), "wb"),
                                                           &std::fclose);
  };
  std::string rejects_path = args->GetOr("rejects", "");
  std::string out_path = args->GetOr("out", "");
  auto rejects = open_out(rejects_path);
  if (!rejects_path.empty() && !rejects) return Usage("cannot write " + rejects_path);
  auto out = open_out(out_path);
  if (!out_path.empty() && !out) return Usage("cannot write " + out_path);

  // Tables the rules look up are held in memory; the others are streamed
  // through the sorter, in event order, within --memory.
  runtime::TableStore store;
  const std::vector<std::vector<bool>> keep = runtime::FieldsRead(*rules.plan);
  // One sorter per reading thread, sharing --memory; merged for the engine.
  std::vector<std::unique_ptr<runtime::EventSorter>> sorters;
  std::vector<runtime::EventSorter*> sorter_ptrs;
  std::vector<runtime::RecordStream*> streams;
  const size_t readers = (*source)->ReadsTablesInParallel() ? static_cast<size_t>(*threads) : 1;
  auto budget = std::make_shared<runtime::SortBudget>(static_cast<size_t>(*memory_mb) << 20);
  for (size_t i = 0; i < readers; ++i) {
    sorters.push_back(std::make_unique<runtime::EventSorter>(budget, spill_dir));
    sorters.back()->set_projection(&keep);
    sorter_ptrs.push_back(sorters.back().get());
    streams.push_back(sorters.back().get());
  }
  // Sequences and sliding windows judged one partition at a time: their
  // tables sorted by partition too (or instead), sharing --memory.
  const runtime::PartitionPlan partitions(*rules.plan);
  std::vector<runtime::EventSorter*> partition_sorters;
  std::vector<runtime::RecordStream*> partition_streams;
  for (size_t g = 0; g < partitions.groups().size(); ++g) {
    sorters.push_back(std::make_unique<runtime::EventSorter>(budget, spill_dir, runtime::EventSorter::Order::kGivenKey));
    sorters.back()->set_projection(&partitions.groups()[g].keep);
    partition_sorters.push_back(sorters.back().get());
    partition_streams.push_back(sorters.back().get());
  }
  DataPass pass(rejects.get(), kShownRejects, &store);
  const runtime::StorePlan store_plan(*rules.plan);
  pass.StreamTo(sorter_ptrs, &store_plan, &keep);
  pass.PartitionTo(&partitions, partition_sorters);
  pass.set_threads(readers);
  Status s = pass.Run(**source);
  if (s.ok()) {
    // Each sorter sorts and packs what it holds: one thread each.
    std::vector<Status> finished(sorters.size(), Status::Ok());
    std::vector<std::thread> pool;
    for (size_t i = 0; i < sorters.size(); ++i) pool.emplace_back([&, i] { finished[i] = sorters[i]->Finish(); });
    for (std::thread& t : pool) t.join();
    for (const Status& f : finished) {
      if (s.ok() && !f.ok()) s = f;
    }
  }
  if (!s.ok()) {
    std::fprintf(stderr, "fundwatch scan: %s\n", s.message().c_str());
    return s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  // What reading freed (packing buffers, validation's key sets) goes back
  // to the system before the replay allocates its own.
  malloc_trim(0);
  auto read_done = Clock::now();
  DateTime judged_at = as_of ? *as_of : pass.result().latest_event_time.value_or(DateTime());
  runtime::Executor executor(*rules.plan, store, judged_at);
  executor.set_timing(args->Has("stats"));
  executor.set_threads(static_cast<size_t>(*threads));
  std::array<int64_t, tables::kCount> rows{};
  for (int t = 0; t < tables::kCount; ++t) rows[t] = pass.result().counts[t].records;
  executor.set_table_rows(rows);
  executor.set_partitioned(&partitions, partition_streams);
  runtime::RunStats stats;
  runtime::MergedStream merged(streams);
  std::vector<runtime::Alert> alerts = executor.Run(&merged, &stats);
  for (auto& sorter : sorters) {
    if (sorter->status().ok()) continue;
    std::fprintf(stderr, "fundwatch scan: %s\n", sorter->status().message().c_str());
    return kExitFailure;
  }
  if (out) {
    for (const runtime::Alert& a : alerts) {
      std::string line = a.ToJson();
      line.push_back('\n');
      if (std::fwrite(line.data(), 1, line.size(), out.get()) != line.size()) {
        std::fprintf(stderr, "fundwatch scan: writing %s failed\n", out_path.c_str());
        return kExitFailure;
      }
    }
    if (std::fclose(out.release()) != 0) {
      std::fprintf(stderr, "fundwatch scan: writing %s failed\n", out_path.c_str());
      return kExitFailure;
    }
  }
  if (rejects && std::fclose(rejects.release()) != 0) {
    std::fprintf(stderr, "fundwatch scan: writing %s failed\n", rejects_path.c_str());
    return kExitFailure;
  }
  auto end = Clock::now();
  PrintTables(pass.result(), stats, (*source)->Describe());
  PrintRejects(pass.result(), rejects_path);
  std::printf("\nas-of 判定时点: %s%s\n", judged_at.ToString().c_str(), as_of ? "" : " (latest event time in the data)");
  PrintAlerts(*rules.plan, alerts, stats, static_cast<size_t>(*examples), args->Has("stats"));
  if (!out_path.empty()) std::printf("  all alerts written to %s\n", out_path.c_str());
  auto secs = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  if (args->Has("stats")) {
    runtime::SorterStats ss;
    for (const auto& sorter : sorters) {
      ss.records += sorter->stats().records;
      ss.runs += sorter->stats().runs;
      ss.spilled_bytes += sorter->stats().spilled_bytes;
    }
    // What the context tables hold: records kept whole in memory for lookups.
    std::printf("\ncontext held in memory:");
    size_t held_total = 0;
    for (const TableDef& def : AllTables()) {
      const std::vector<Record>& held = store.records[def.id];
      if (held.empty()) continue;
      size_t bytes = held.capacity() * sizeof(Record);
      if (store.arenas[def.id].used() > 0) {
        bytes += store.arenas[def.id].used();  // the blocks, one after another
      } else {
        for (const Record& r : held) bytes += r.HeldBytes() - sizeof(Record);
      }
      held_total += bytes;
      std::printf(" %s %zu (%zu MB)", std::string(def.name).c_str(), held.size(), bytes >> 20);
    }
    std::printf("; %zu MB in all\n", held_total >> 20);
    if (!store.key_indexes.empty()) {
      // Existence checks answered from keys made while reading, their
      // records not held (StorePlan::KeySet).
      std::printf("keys held for existence checks, not their records:");
      for (size_t i = 0; i < store_plan.key_sets().size(); ++i) {
        const runtime::LookupIndex& keys = *store.key_indexes[i];
        std::printf(" %s %zu (%zu MB)", std::string(Table(store_plan.key_sets()[i].table).name).c_str(), keys.keys(),
                    keys.Bytes() >> 20);
      }
      std::printf("\n");
    }
    int64_t passed_over = 0;
    for (const TableCount& c : pass.result().counts) passed_over += c.passed_over;
    std::printf("\nstream: %lld records replayed in event order, %lld judged by partition, %lld that no rule could "
                "judge passed over; %lld sorted (%s)\n",
                static_cast<long long>(stats.streamed), static_cast<long long>(stats.partitioned),
                static_cast<long long>(passed_over),
                static_cast<long long>(ss.records),
                ss.runs == 0 ? "in memory"
                             : (std::to_string(ss.runs) + " runs, " + std::to_string(ss.spilled_bytes >> 20) +
                                " MB spilled to " + spill_dir).c_str());
    std::printf("lookups on a record's own fields found ahead by the prefetch and not made again: %lld\n",
                static_cast<long long>(stats.lookups_prefetched));
  }
  std::printf("\nelapsed %.2f s (read %.2f s, rules %.2f s)\n", secs(end - start), secs(read_done - start),
              secs(end - read_done));
  // Everything is written. The context, its indexes and the rules' state
  // are millions of small blocks: the process ends here rather than free
  // them one by one (seconds at 10M fee lines). The spill files go first;
  // exit flushes and closes stdio.
  sorters.clear();
  std::exit(kExitOk);
}

}  // namespace fundwatch
