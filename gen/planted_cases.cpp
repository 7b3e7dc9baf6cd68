#include "gen/planted_cases.h"

namespace fundwatch::gen {

Seconds PlantedAsOf() { return MakeTime(2025, 10, 31, 18, 0, 0); }

int64_t Repetitions(int64_t scale) {
  int64_t root = 1;
  while ((root + 1) * (root + 1) <= scale) ++root;
  return 1 + root;
}

Seconds CaseTime(Planter& p, Days last) {
  const Days first = DaysFromCivil(2025, 1, 5);
  const Days day = first + static_cast<Days>(p.rng().Below(static_cast<uint64_t>(last - first + 1)));
  return StartOfDay(day) + 8 * kHour + p.rng().Range(0, 9 * 60) * kMinute;
}

}  // namespace fundwatch::gen
