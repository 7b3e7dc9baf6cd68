// Alert: what a rule raises, with everything an inspector needs to act on
// it without reading the rule: key, version, result, severity, institution,
// patient, amount at stake, a Chinese message, the evidence records and the
// values compared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fundwatch::runtime {

struct EvidenceRef {
  std::string table;  // a contract table, or "rule:ID" for another rule's result
  std::string id;     // the record's primary key (fields joined by '/')
  friend bool operator==(const EvidenceRef&, const EvidenceRef&) = default;
};

struct Alert {
  std::string rule_id;
  std::string rule_version;
  std::string rule_name;
  std::string result;    // 明确违规 / 可疑
  std::string severity;  // 高 / 中 / 低
  std::string category;
  std::vector<std::pair<std::string, std::string>> key;
  std::string key_text;  // key values joined by '/', for sorting and dedup
  std::string message;
  std::optional<std::string> amount;       // exact decimal text
  std::optional<std::string> institution;
  std::optional<std::string> patient;
  std::optional<int64_t> event_time;       // seconds; the event that triggered it
  std::vector<EvidenceRef> evidence;
  std::vector<std::string> why;            // "f.pric 120.00 > h.pric_uplmt_amt 98.50"
  std::string suppressed_by;               // the reason of the exception that matched, if one did

  // One line of ALERTS.jsonl (interfaces.md): no trailing newline.
  std::string ToJson() const;
};

}  // namespace fundwatch::runtime
