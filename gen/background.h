// The background: the bulk of the data set, clean for every rule by
// construction (see docs/GENERATOR.md, "Why the background is clean").
// Streams its rows into the Sinks as it goes; holds one patient at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/catalogue.h"
#include "gen/institutions.h"
#include "gen/sinks.h"

namespace fundwatch::gen {

// Every background event time lies in [BackgroundStart(), BackgroundEnd()].
Seconds BackgroundStart();  // 2025-01-01 00:00:00
Seconds BackgroundEnd();    // 2025-10-30 20:00:00

struct BackgroundOptions {
  uint64_t seed = 1;
  int64_t scale = 1;
};

// Persons (psn), their registrations, encounters, settlements, fee lines,
// trace events, encounter events and e-prescriptions. Also returns samples
// of persons for the complaints: `unregistered` never have an opsp_reg row.
struct PeopleSample {
  std::vector<std::string> unregistered;
  std::vector<std::string> anyone;
};
PeopleSample GeneratePeople(const Catalogue& catalogue, const Institutions& institutions,
                            const BackgroundOptions& options, Sinks& sinks);

// Procurement orders and their deliveries (all delivered in full before the
// deadline, or cancelled before it), and complaints.
void GenerateOrders(const Catalogue& catalogue, const Institutions& institutions, const BackgroundOptions& options,
                    Sinks& sinks);
void GenerateComplaints(const Institutions& institutions, const PeopleSample& people,
                        const BackgroundOptions& options, Sinks& sinks);

// Expected row counts, used to size the writers' buckets.
int64_t ExpectedRows(Table table, int64_t scale);

}  // namespace fundwatch::gen
