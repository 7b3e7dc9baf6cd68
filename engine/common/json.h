// A small JSON writer for the line-oriented outputs (alerts, rejects,
// manifests). Writes compact, valid UTF-8 JSON; keys are emitted in the order
// given, so output is deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fundwatch {

// Appends `text` as a JSON string literal (quotes included) to `out`.
void AppendJsonString(std::string* out, std::string_view text);

class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }
  JsonObjectWriter& Str(std::string_view key, std::string_view value);
  JsonObjectWriter& Int(std::string_view key, int64_t value);
  // `raw_json` must already be valid JSON (a nested object or array).
  JsonObjectWriter& Raw(std::string_view key, std::string_view raw_json);
  void Close() { out_->push_back('}'); }

 private:
  void Key(std::string_view key);
  std::string* out_;
  bool first_ = true;
};

}  // namespace fundwatch
