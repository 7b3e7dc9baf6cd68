// Minimal JSON output for the generator's .jsonl and manifest files: string
// escaping (UTF-8 passes through) and the truth-key object.
#pragma once

#include <string>
#include <string_view>

#include "gen/oracle.h"

namespace fundwatch::gen {

void AppendJsonString(std::string& out, std::string_view text);
// {"rule_id":"...","key":{"field":"value",...}  (without the closing brace)
void AppendTruthKeyOpen(std::string& out, const TruthKey& key);

}  // namespace fundwatch::gen
