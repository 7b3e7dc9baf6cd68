// `fundwatch gen --out DIR --scale N --seed S`: writes contract data with
// planted positives and near-misses for every catalogue rule, and the
// ground truth. See docs/GENERATOR.md.
#include <chrono>
#include <cstdio>

#include "app/args.h"
#include "app/commands.h"
#include "gen/generator.h"

namespace fundwatch {

int RunGen(const std::vector<std::string>& argv) {
  Result<Args> args = Args::Parse(argv, {"out", "scale", "seed"}, {"no-malformed"});
  Result<std::string> out = args.ok() ? args->Require("out") : Result<std::string>(args.status());
  Result<int64_t> scale = args.ok() ? args->GetInt("scale", 1) : Result<int64_t>(args.status());
  Result<int64_t> seed = args.ok() ? args->GetInt("seed", 1) : Result<int64_t>(args.status());
  for (const Status* s : {&out.status(), &scale.status(), &seed.status()}) {
    if (s->ok()) continue;
    std::fprintf(stderr, "fundwatch gen: %s\nusage: fundwatch gen --out DIR [--scale N] [--seed S] [--no-malformed]\n",
                 s->message().c_str());
    return kExitUsage;
  }
  if (*scale < 1) {
    std::fprintf(stderr, "fundwatch gen: --scale must be at least 1\n");
    return kExitUsage;
  }
  gen::GenOptions options;
  options.out_dir = *out;
  options.scale = *scale;
  options.seed = static_cast<uint64_t>(*seed);
  options.plant_malformed = !args->Has("no-malformed");
  auto start = std::chrono::steady_clock::now();
  Result<gen::GenReport> report = gen::Generate(options);
  if (!report.ok()) {
    std::fprintf(stderr, "fundwatch gen: %s\n", report.status().ToString().c_str());
    return kExitFailure;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wrote %s (scale %lld, seed %lld) in %.2f s\n", options.out_dir.c_str(),
              static_cast<long long>(options.scale), static_cast<long long>(options.seed), seconds);
  for (const auto& [table, rows] : report->rows_per_table) {
    std::printf("  %-14s %12lld rows\n", table.c_str(), static_cast<long long>(rows));
  }
  std::printf("ground truth (as of %s):\n", report->as_of.c_str());
  for (const auto& [rule, keys] : report->truth_per_rule) {
    std::printf("  %-14s %8lld keys\n", rule.c_str(), static_cast<long long>(keys));
  }
  return kExitOk;
}

}  // namespace fundwatch
