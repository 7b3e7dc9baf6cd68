// Test helper: generated data sets, made once per (scale, seed, malformed)
// per test run under a temporary directory that is removed at exit.
#pragma once

#include <cstdint>
#include <string>

#include "gen/generator.h"
#include "tests/gen/data_set.h"

namespace fundwatch::gen::testing {

// The directory of a generated data set (generated on first use).
const std::string& GeneratedDir(int64_t scale, uint64_t seed, bool plant_malformed = true);
// Its report.
const GenReport& GeneratedReport(int64_t scale, uint64_t seed, bool plant_malformed = true);
// The data set read back (cached).
const DataSet& Loaded(int64_t scale, uint64_t seed, bool plant_malformed = true);
// A fresh, empty scratch directory.
std::string ScratchDir(const std::string& name);

}  // namespace fundwatch::gen::testing
