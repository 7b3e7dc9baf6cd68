#include "engine/data/reject.h"

#include "engine/common/json.h"

namespace fundwatch {

std::string Reject::ToJson() const {
  std::string out;
  JsonObjectWriter w(&out);
  if (!file.empty()) w.Str("file", file);
  w.Str("table", table);
  if (line > 0) w.Int("line", line);
  if (!record_id.empty()) w.Str("record_id", record_id);
  if (!column.empty()) w.Str("column", column);
  if (column_number > 0) w.Int("column_number", column_number);
  w.Str("reason", reason);
  w.Close();
  return out;
}

std::string Reject::ToText() const {
  std::string out = file.empty() ? table : file;
  if (line > 0) out += ":" + std::to_string(line);
  if (!record_id.empty()) out += " [" + record_id + "]";
  out += ": ";
  if (!column.empty()) out += "column '" + column + "': ";
  return out + reason;
}

}  // namespace fundwatch
