// Test helper: reads a generated directory back — the tables as a World
// (rejected lines left out, as a conforming reader would), the truth and
// near-miss keys, and the expected rejects.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gen/oracle.h"
#include "gen/world.h"
#include "tests/gen/csv_reader.h"

namespace fundwatch::gen::testing {

struct ExpectedReject {
  std::string file;
  int64_t line = 0;
  std::optional<std::string> column;
  std::string reason;
};

struct DataSet {
  std::map<std::string, CsvFile> files;  // by table name, every record
  World world;                            // readable records only
  std::set<TruthKey> truth;
  std::set<TruthKey> near_misses;
  std::vector<ExpectedReject> rejects;
};

DataSet LoadDataSet(const std::string& dir);

// Flat JSON object parsing for the generator's own .jsonl lines.
TruthKey ParseKeyLine(const std::string& line);
ExpectedReject ParseRejectLine(const std::string& line);

}  // namespace fundwatch::gen::testing
