// `fundwatch validate --data SOURCE [--rejects FILE]`: reads every table of a
// source through the same readers `scan` uses, without rules, and prints
// records and rejects per table, the default as-of time and the read speed.
// For data teams checking an extract, and the baseline of the benchmarks.
#include <chrono>
#include <cstdio>
#include <thread>
#include <filesystem>

#include "app/args.h"
#include "app/commands.h"
#include "app/data_pass.h"
#include "app/source_factory.h"

namespace fundwatch {

int RunValidate(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"data", "rejects"}, {});
  Result<std::string> data = args.ok() ? args->Require("data") : Result<std::string>(args.status());
  if (!data.ok()) {
    std::fprintf(stderr, "fundwatch validate: %s\nusage: fundwatch validate --data SOURCE [--rejects FILE]\n",
                 data.status().message().c_str());
    return kExitUsage;
  }
  Result<std::unique_ptr<RecordSource>> source = OpenSource(*data);
  if (!source.ok()) {
    std::fprintf(stderr, "fundwatch validate: %s\n", source.status().message().c_str());
    return kExitUsage;
  }
  std::string rejects_path = args->GetOr("rejects", "");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> rejects(
      rejects_path.empty() ? nullptr : std::fopen(rejects_path.c_str(), "wb"), &std::fclose);
  auto start = std::chrono::steady_clock::now();
  DataPass pass(rejects.get(), 20);
  pass.set_threads(std::max(1u, std::thread::hardware_concurrency()));
  Status s = pass.Run(**source);
  if (!s.ok()) {
    std::fprintf(stderr, "fundwatch validate: %s\n", s.message().c_str());
    return s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const DataPassResult& r = pass.result();
  std::printf("source: %s\n", (*source)->Describe().c_str());
  int64_t total = 0;
  uint64_t bytes = 0;
  for (const TableDef& def : AllTables()) {
    total += r.counts[def.id].records;
    std::error_code ec;
    auto size = std::filesystem::file_size((*source)->TableLocation(def), ec);
    if (!ec) bytes += size;
    std::printf("  %-14s %12lld records %8lld rejected\n", std::string(def.name).c_str(),
                static_cast<long long>(r.counts[def.id].records), static_cast<long long>(r.counts[def.id].rejected));
  }
  for (const Reject& j : r.shown_rejects) std::printf("  reject: %s\n", j.ToText().c_str());
  if (r.latest_event_time) std::printf("latest event time (default as-of): %s\n", r.latest_event_time->ToString().c_str());
  std::printf("read %lld records (%lld rejected) in %.3f s: %.0f records/s", static_cast<long long>(total),
              static_cast<long long>(r.total_rejects), seconds, seconds > 0 ? total / seconds : 0.0);
  if (bytes > 0) std::printf(", %.1f MB/s", seconds > 0 ? bytes / 1e6 / seconds : 0.0);
  std::printf("\n");
  return kExitOk;
}

}  // namespace fundwatch
