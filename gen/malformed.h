// Malformed rows: a fixed set of unreadable rows, at least one per reject
// reason of data-contract.md (wrong number of fields, bad date, bad datetime,
// bad number, bad enum value, empty required field, duplicate primary key),
// injected at chosen places in their files. For each duplicated key the
// first occurrence is a valid row (part of the data) injected before the
// second. Rejected rows use ids no other row references, so rejecting them
// changes no rule's outcome; where a rejected row would have raised an alert
// had it been read, it is listed as a near-miss.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gen/catalogue.h"
#include "gen/institutions.h"
#include "gen/planter.h"
#include "gen/table_writer.h"
#include "gen/world.h"

namespace fundwatch::gen {

struct Injection {
  Table table;
  uint32_t position_ppm = 0;
  std::string record;
  std::optional<Row> valid_row;  // set when the row is readable (part of the data)
  std::optional<PlannedReject> reject;
};

struct MalformedPlan {
  World regular;  // readable rows written normally (persons, settlements ...)
  std::vector<Injection> injections;
  std::vector<Label> near_misses;
};

MalformedPlan PlanMalformed(const Catalogue& catalogue, const Institutions& institutions, uint64_t seed);

}  // namespace fundwatch::gen
