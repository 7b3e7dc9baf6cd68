// RFC 4180 output: a field is quoted when it holds a comma, a quote, CR or LF,
// quotes doubled inside. Records are built without their line terminator; the
// table writer ends each with "\n".
#pragma once

#include <string>
#include <string_view>

#include "gen/schema.h"

namespace fundwatch::gen {

bool NeedsQuoting(std::string_view field);
void AppendField(std::string& record, std::string_view field);
// Appends ',' then the field; for every field but the first of a record.
inline void AppendNext(std::string& record, std::string_view field) {
  record.push_back(',');
  AppendField(record, field);
}
std::string SerializeRow(const Row& row);
// Number of LF characters inside a serialized record (embedded newlines).
int CountNewlines(std::string_view record);

}  // namespace fundwatch::gen
