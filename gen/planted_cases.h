// The planted cases, one function per rule family. Each call plants one
// repetition: fresh patients, codes and distributors, positives at the rule's
// boundary and near-misses just on the other side, labelled on the Planter.
// Generate() calls each family Repetitions(scale) times.
#pragma once

#include <cstdint>

#include "gen/planter.h"

namespace fundwatch::gen {

// The fixed as-of time the planted data is built around: the latest event
// time of every generated data set.
Seconds PlantedAsOf();           // 2025-10-31 18:00:00
int64_t Repetitions(int64_t scale);

// A random working-hours time on a day between 2025-01-05 and `last`.
Seconds CaseTime(Planter& p, Days last);

void PlantCatalogueCases(Planter& p);   // LMT-SEX, LMT-AGE, LMT-DX, LMT-LV, PRC-CEIL, QTY-RX
void PlantEncounterCases(Planter& p);   // DTH-SETL, HOS-SPLIT, HOS-OUTP
void PlantQuantityCases(Planter& p);    // QTY-30D, FRQ-MULTI
void PlantTraceCases(Planter& p);       // TRC-DUP, TRC-REFLOW
void PlantCodeCases(Planter& p);        // TRC-FMT, TRC-MISMATCH, TRC-MISSING
void PlantOpspCases(Planter& p);        // OPSP-REFUSE, OPSP-COMPLAINT, OPSP-NOREG
void PlantDeliveryCases(Planter& p);    // DLV-LATE, DLV-RATE, DLV-3M
void PlantDualChannelCases(Planter& p); // DCH-NORX
void PlantReversedCases(Planter& p);    // one reversed settlement breaking many rules

}  // namespace fundwatch::gen
