#include "gen/csv_text.h"

#include <algorithm>

namespace fundwatch::gen {

bool NeedsQuoting(std::string_view field) {
  for (char c : field) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void AppendField(std::string& record, std::string_view field) {
  if (!NeedsQuoting(field)) {
    record.append(field);
    return;
  }
  record.push_back('"');
  for (char c : field) {
    if (c == '"') record.push_back('"');
    record.push_back(c);
  }
  record.push_back('"');
}

std::string SerializeRow(const Row& row) {
  std::string record;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) record.push_back(',');
    AppendField(record, row[i]);
  }
  return record;
}

int CountNewlines(std::string_view record) {
  return static_cast<int>(std::count(record.begin(), record.end(), '\n'));
}

}  // namespace fundwatch::gen
