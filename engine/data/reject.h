// Reject: an input row that could not be read, and why. Rejected rows are
// reported (never dropped silently) and never reach the rules.
#pragma once

#include <cstdint>
#include <string>

#include "engine/data/schema.h"

namespace fundwatch {

struct Reject {
  std::string table;
  std::string file;    // CSV file path; empty for a database source
  int64_t line = 0;    // 1-based line where the row starts (header = line 1); 0 for a database
  std::string record_id;  // primary key when it could be read (the locator for a database)
  std::string column;  // offending column, empty when the row as a whole is wrong
  int column_number = 0;  // 1-based position of `column` in the file's header, 0 = n/a
  std::string reason;

  // One JSON object (no trailing newline): file, table, line, record_id, column, reason.
  std::string ToJson() const;
  // `file:line: column 'x': reason` for people.
  std::string ToText() const;
};

}  // namespace fundwatch
