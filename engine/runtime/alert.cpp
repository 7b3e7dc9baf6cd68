#include "engine/runtime/alert.h"

#include "engine/common/civil_time.h"
#include "engine/common/json.h"

namespace fundwatch::runtime {

std::string Alert::ToJson() const {
  std::string key_json = "{";
  for (size_t i = 0; i < key.size(); ++i) {
    if (i) key_json += ",";
    AppendJsonString(&key_json, key[i].first);
    key_json += ":";
    AppendJsonString(&key_json, key[i].second);
  }
  key_json += "}";
  std::string evidence_json = "[";
  for (size_t i = 0; i < evidence.size(); ++i) {
    if (i) evidence_json += ",";
    std::string one;
    JsonObjectWriter(&one).Str("table", evidence[i].table).Str("id", evidence[i].id).Close();
    evidence_json += one;
  }
  evidence_json += "]";
  std::string why_json = "[";
  for (size_t i = 0; i < why.size(); ++i) {
    if (i) why_json += ",";
    AppendJsonString(&why_json, why[i]);
  }
  why_json += "]";
  std::string out;
  JsonObjectWriter w(&out);
  w.Str("rule_id", rule_id).Raw("key", key_json).Str("rule_version", rule_version).Str("rule_name", rule_name);
  w.Str("result", result).Str("severity", severity).Str("category", category).Str("message", message);
  if (event_time) w.Str("event_time", DateTime::FromSeconds(*event_time).ToString());
  if (institution) w.Str("institution", *institution);
  if (patient) w.Str("patient", *patient);
  if (amount) w.Str("amount", *amount);
  w.Raw("evidence", evidence_json).Raw("why", why_json);
  w.Close();
  return out;
}

}  // namespace fundwatch::runtime
