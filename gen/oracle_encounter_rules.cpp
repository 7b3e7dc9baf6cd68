// Settlement- and patient-level rules: DTH-SETL, HOS-SPLIT, HOS-OUTP,
// OPSP-NOREG, QTY-30D, FRQ-MULTI. Reversed settlements and their fee lines
// are ignored; windows are (t - N days, t] over fee_ocur_time.
#include <algorithm>
#include <map>

#include "gen/oracle_index.h"

namespace fundwatch::gen::oracle {
namespace {

bool IsOutpatient(int med_type) { return med_type == 11 || med_type == 13 || med_type == 14; }

void SettlementRules(const Index& x, Keys& out) {
  std::map<std::string, std::vector<const Setl*>> inpatient_by_psn;
  for (const auto& [id, s] : x.setl) {
    if (!s.reversed && s.med_type == 21) inpatient_by_psn[s.psn].push_back(&s);
  }
  for (const auto& [id, s] : x.setl) {
    if (s.reversed) continue;
    auto person = x.psn.find(s.psn);
    if (person != x.psn.end() && person->second.death && DayOf(s.setl_time) > *person->second.death) {
      out.insert(Key1("DTH-SETL", "setl_id", id));
    }
    if (s.med_type == 14 && !x.Covered(s.psn, s.inst, DayOf(s.setl_time), &s.opsp_dise)) {
      out.insert(Key1("OPSP-NOREG", "setl_id", id));
    }
    auto stays = inpatient_by_psn.find(s.psn);
    if (stays == inpatient_by_psn.end()) continue;
    for (const Setl* a : stays->second) {
      if (s.med_type == 21 && a != &s && a->inst == s.inst && s.begntime >= a->endtime &&
          s.begntime - a->endtime <= kReadmitDays * kDay) {
        out.insert(Key1("HOS-SPLIT", "setl_id", id));
      }
      if (IsOutpatient(s.med_type) && a->begntime < s.setl_time && s.setl_time < a->endtime) {
        out.insert(Key1("HOS-OUTP", "setl_id", id));
      }
    }
  }
}

void QuantityRules(const Index& x, Keys& out) {
  std::map<std::pair<std::string, std::string>, std::vector<const Fee*>> groups;
  for (const Fee& f : x.fees) {
    const Setl* s = x.SetlOf(f);
    if (s != nullptr && s->reversed) continue;
    groups[{f.psn, f.code}].push_back(&f);
  }
  for (auto& [key, fees] : groups) {
    std::sort(fees.begin(), fees.end(), [](const Fee* a, const Fee* b) { return a->time < b->time; });
    bool stock = false;
    bool multi = false;
    for (size_t i = 0; i < fees.size(); ++i) {
      const Seconds t = fees[i]->time;
      int64_t days = 0;
      std::map<std::string, int> insts;
      for (size_t j = 0; j <= i || (j < fees.size() && fees[j]->time == t); ++j) {
        const Fee* f = fees[j];
        if (f->time > t) break;
        if (f->time > t - 30 * kDay && !f->long_rx) days += f->prd_days.value_or(0);
        if (f->time > t - 7 * kDay) ++insts[f->inst];
      }
      stock = stock || days > kStockDays;
      multi = multi || static_cast<int>(insts.size()) >= kMinInstitutions;
    }
    const std::vector<std::pair<std::string, std::string>> k = {{"psn_no", key.first}, {"hilist_code", key.second}};
    if (stock) out.insert(TruthKey{"QTY-30D", k});
    if (multi) out.insert(TruthKey{"FRQ-MULTI", k});
  }
}

}  // namespace

void EvaluateEncounterRules(const Index& x, Keys& out) {
  SettlementRules(x, out);
  QuantityRules(x, out);
}

}  // namespace fundwatch::gen::oracle
