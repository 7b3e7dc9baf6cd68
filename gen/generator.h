// The data generator behind `fundwatch gen --out DIR --scale N --seed S`.
//
// Generate() writes into options.out_dir (created if needed):
//   <table>.csv for the twelve tables of data-contract.md (rows shuffled),
//   ground_truth.jsonl   the exact set of (rule_id, key) the standard rule
//                        pack must report at the default as-of time,
//   near_misses.jsonl    planted subjects that must NOT be reported,
//   expected_rejects.jsonl (when plant_malformed) the unreadable rows,
//   manifest.json        seed, scale, as_of, rows per table, truth counts.
// Same options => byte-identical files. Memory stays bounded at any scale:
// the big tables are streamed through bucketed temp files under out_dir.
// See docs/GENERATOR.md for what is planted and why the rest is clean.
// Not thread-safe; one call at a time per out_dir.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/status.h"

namespace fundwatch::gen {

struct GenOptions {
  std::string out_dir;
  int64_t scale = 1;          // scale 1 ≈ 10,000 fee lines; 100 ≈ 1M; 1000 ≈ 10M
  uint64_t seed = 1;
  bool plant_malformed = true; // also write a few unreadable rows (see below)
};

struct GenReport {
  std::vector<std::pair<std::string, int64_t>> rows_per_table;   // table name -> rows written
  std::vector<std::pair<std::string, int64_t>> truth_per_rule;   // rule id -> distinct truth keys
  std::string as_of;  // "YYYY-MM-DD HH:MM:SS": the latest event time in the data
};

Result<GenReport> Generate(const GenOptions& options);

}  // namespace fundwatch::gen
