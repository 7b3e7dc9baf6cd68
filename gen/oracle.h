// Oracle: an independent, direct evaluation of the 23 rules of
// rule-catalogue.md over a World, at a given as-of time. It is written for
// clarity, not speed (maps and sorts over the whole World). The generator
// runs it over the planted cases (with the full reference tables) to produce
// and cross-check the ground truth; tests run it over the files read back to
// prove the background is clean. Rows must be readable (rejected rows removed
// by the caller). Readings of ambiguous wording are documented in
// docs/GENERATOR.md and implemented here.
#pragma once

#include <compare>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gen/civil_time.h"
#include "gen/world.h"

namespace fundwatch::gen {

struct TruthKey {
  std::string rule_id;
  std::vector<std::pair<std::string, std::string>> key;  // in the catalogue's key order
  auto operator<=>(const TruthKey&) const = default;
};

struct RuleInfo {
  std::string_view id;
  std::vector<std::string_view> key_fields;
};

// The 23 rules in catalogue order.
const std::vector<RuleInfo>& RuleCatalogue();
// Position of a rule id in RuleCatalogue() (for stable output order).
size_t RuleOrder(std::string_view rule_id);

// The catalogue's named parameters at their defaults.
inline constexpr int kReadmitDays = 15;
inline constexpr int kStockDays = 60;
inline constexpr int kMinInstitutions = 3;
inline constexpr int kMinRefusals = 2;
inline constexpr int kSlaHours = 48;
inline constexpr int kUrgentSlaHours = 4;
inline constexpr int kMinOrders = 20;
// min_rate = 0.90 is compared exactly as on_time * 10 < orders * 9.
Seconds ScanRequiredFrom();  // 2025-07-01 00:00:00

std::set<TruthKey> EvaluateRules(const World& world, Seconds as_of);

// The default as-of: the latest event time over the fields data-contract.md
// lists. nullopt when the World has no event.
std::optional<Seconds> LatestEventTime(const World& world);

}  // namespace fundwatch::gen
