// The background encounters of one person: what each kind of visit bills.
// Every line still passes the PatientLedger's checks before it is written.
#include <algorithm>

#include "gen/background_people.h"
#include "gen/names.h"

namespace fundwatch::gen::background {

void PeopleGenerator::Outpatient(Seconds b, Prng& rng) {
  const Condition* c = PickCondition(OutpatientConditions(), DayOf(b), rng);
  if (c == nullptr) return;
  SettlementPlan plan;
  plan.inst = rng.Chance(750) ? home_hospitals_[rng.Below(2)] : rng.Pick(institutions_.hospitals());
  plan.med_type = rng.Chance(100) ? 13 : 11;
  plan.begntime = b;
  plan.endtime = b + rng.Range(15, 50) * kMinute;
  plan.dx = {c->dx};
  plan.reversed = rng.Chance(15);
  plan.lines.push_back(PlannedLine{ItemIndex(plan.med_type == 13 ? "visit_emerg" : "visit_outp"), b + 3 * kMinute});
  if (!c->tests.empty() && rng.Chance(500)) {
    plan.lines.push_back(PlannedLine{ItemIndex(rng.Pick(c->tests)), b + 8 * kMinute});
  }
  AddDrugs(plan, c->drugs, static_cast<int>(rng.Range(1, 2)), b + 12 * kMinute, 3, 14, rng);
  if (rng.Chance(250)) AddDrugs(plan, {catalogue_.items()[static_cast<size_t>(rng.Pick(catalogue_.generic_drugs()))].key},
                                1, b + 14 * kMinute, 3, 14, rng);
  ledger_.Write(plan);
}

void PeopleGenerator::Pharmacy(Seconds b, Prng& rng) {
  const Condition* c = PickCondition(PharmacyConditions(), DayOf(b), rng);
  if (c == nullptr) return;
  SettlementPlan plan;
  plan.inst = rng.Chance(850) ? home_pharmacies_[rng.Below(2)] : rng.Pick(institutions_.pharmacies());
  plan.med_type = 41;
  plan.begntime = b;
  plan.endtime = b + rng.Range(3, 12) * kMinute;
  plan.dx = {c->dx};
  plan.reversed = rng.Chance(20);
  AddDrugs(plan, c->drugs, static_cast<int>(rng.Range(1, 2)), b + 2 * kMinute, 5, 30, rng);
  if (rng.Chance(200)) AddDrugs(plan, {catalogue_.items()[static_cast<size_t>(rng.Pick(catalogue_.generic_drugs()))].key},
                                1, b + 2 * kMinute, 5, 30, rng);
  if (ledger_.Write(plan).empty() || !plan.reversed || !rng.Chance(500)) return;
  // Refunded at the counter, then bought again: the returned codes are sold again.
  SettlementPlan again = plan;
  again.reversed = false;
  again.begntime = plan.endtime + 40 * kMinute;
  again.endtime = again.begntime + 6 * kMinute;
  for (PlannedLine& line : again.lines) {
    line.time = again.begntime + 2 * kMinute;
    line.preset_codes = true;
  }
  ledger_.Write(again);
}

void PeopleGenerator::Inpatient(Seconds b, Prng& rng) {
  const Condition* c = PickCondition(InpatientConditions(), DayOf(b), rng);
  if (c == nullptr) return;
  const uint64_t level_pick = rng.Below(100);
  const int lv = level_pick < 50 ? 3 : level_pick < 85 ? 2 : 1;
  SettlementPlan plan;
  plan.inst = -1;
  for (int attempt = 0; attempt < 6 && plan.inst < 0; ++attempt) {
    const int candidate = rng.Pick(institutions_.hospitals_of_level(lv));
    if (!ledger_.RecentStayAt(candidate, b, 17)) plan.inst = candidate;
  }
  if (plan.inst < 0) return;
  const int days = static_cast<int>(rng.Range(3, 12));
  plan.med_type = 21;
  plan.begntime = b;
  plan.endtime = b + days * kDay + rng.Range(0, 360) * kMinute;
  plan.dx = {c->dx};
  for (int d = 0; d < days; ++d) {
    const Seconds t = b + d * kDay + 2 * kHour;
    plan.lines.push_back(PlannedLine{ItemIndex("bed"), t});
    plan.lines.push_back(PlannedLine{ItemIndex("visit_inp"), t + 10 * kMinute});
    if (lv >= 2) plan.lines.push_back(PlannedLine{ItemIndex("nursing"), t + 20 * kMinute});
  }
  for (const std::string& key : c->drugs) {
    for (int64_t n = rng.Range(1, 3); n > 0; --n) {
      PlannedLine line{ItemIndex(key), b + rng.Range(1, days * 24 - 1) * kHour};
      line.cnt = rng.Range(1, 3) * kFixedOne;
      line.days = 1;
      plan.lines.push_back(line);
    }
  }
  for (const std::string& key : c->tests) {
    plan.lines.push_back(PlannedLine{ItemIndex(key), b + rng.Range(2, 30) * kHour});
  }
  ledger_.Write(plan);
}

void PeopleGenerator::ChronicVisit(Seconds b, Prng& rng) {
  if (!chronic_->Covers(DayOf(b))) return;
  const OpspDisease& d = *chronic_->disease;
  SettlementPlan plan;
  plan.inst = chronic_->inst;
  plan.med_type = 14;
  plan.begntime = b;
  plan.endtime = b + rng.Range(15, 45) * kMinute;
  plan.dx = {d.dx};
  plan.opsp_dise = d.code;
  plan.lines.push_back(PlannedLine{ItemIndex("visit_outp"), b + 3 * kMinute});
  if (!d.tests.empty() && rng.Chance(200)) plan.lines.push_back(PlannedLine{ItemIndex(d.tests.front()), b + 6 * kMinute});
  AddDrugs(plan, d.drugs, static_cast<int>(rng.Range(1, 2)), b + 10 * kMinute, 28, 30, rng);
  for (PlannedLine& line : plan.lines) line.long_rx = line.days.has_value() && rng.Chance(100);
  ledger_.Write(plan);
}

void PeopleGenerator::DualBlock(Seconds b, Prng& rng) {
  const int drug = ItemIndex(dual_->disease->drug);
  SettlementPlan visit;
  visit.inst = dual_->hospital;
  visit.med_type = 11;
  visit.begntime = b;
  visit.endtime = b + 30 * kMinute;
  visit.dx = {dual_->disease->dx};
  visit.lines.push_back(PlannedLine{ItemIndex("visit_outp"), b + 5 * kMinute});
  ledger_.Write(visit);
  const Seconds rx_time = b + 20 * kMinute;
  if (rng.Chance(100)) ledger_.Erx(dual_->hospital, rx_time - 5 * kMinute, 3, {drug}, 0);  // revoked, re-issued
  SettlementPlan buy;
  buy.rxno = ledger_.Erx(dual_->hospital, rx_time, 3, {drug}, 1);
  buy.rx_items = {drug};
  buy.inst = dual_->pharmacy;
  buy.med_type = 41;
  buy.begntime = rx_time + rng.Range(60, 40 * 60) * kMinute;
  buy.endtime = buy.begntime + 10 * kMinute;
  buy.dx = {dual_->disease->dx};
  PlannedLine line{drug, buy.begntime + 5 * kMinute};
  line.days = 30;
  buy.lines.push_back(line);
  ledger_.Write(buy);
}

}  // namespace fundwatch::gen::background
