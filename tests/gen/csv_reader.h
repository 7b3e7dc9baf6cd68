// Test helper: a strict RFC 4180 reader for the generator's output, keeping
// the 1-based physical line where each record starts (header = line 1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/schema.h"

namespace fundwatch::gen::testing {

struct CsvRecord {
  int64_t line = 0;
  Row fields;
};

struct CsvFile {
  Row header;
  std::vector<CsvRecord> records;
};

std::string ReadFile(const std::string& path);
CsvFile ParseCsv(const std::string& text);
CsvFile ReadCsv(const std::string& path);

}  // namespace fundwatch::gen::testing
