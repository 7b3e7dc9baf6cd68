// Per-fee-line rules: LMT-*, PRC-CEIL, QTY-RX, TRC-FMT, TRC-MISMATCH,
// TRC-MISSING, DCH-NORX. A fee line of a reversed settlement is skipped; a fee
// line whose settlement is absent is judged by every rule that does not need
// the settlement (LMT-DX and DCH-NORX do).
#include <algorithm>

#include "gen/oracle_index.h"

namespace fundwatch::gen::oracle {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool WellFormedCode(const std::string& code) {
  return code.size() == 20 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool DxMatches(const std::vector<std::string>& dx, const std::vector<std::string>& prefixes) {
  for (const std::string& d : dx) {
    for (const std::string& p : prefixes) {
      if (d.compare(0, p.size(), p) == 0) return true;
    }
  }
  return false;
}

bool Mismatch(const Index& x, const Fee& f, const HilistVersion* item, Days day) {
  for (const std::string& code : f.codes) {
    if (!WellFormedCode(code)) continue;
    const std::string prefix = code.substr(0, 7);
    if (item != nullptr && Contains(item->trace_prefix, prefix)) continue;
    auto it = x.by_prefix.find(prefix);
    if (it == x.by_prefix.end()) continue;
    for (const HilistVersion* v : it->second) {
      if (v->code != f.code && v->ValidOn(day)) return true;
    }
  }
  return false;
}

bool HasValidRx(const Index& x, const Fee& f, const Setl& s) {
  if (s.rxno.empty()) return false;
  auto it = x.erx.find(s.rxno);
  if (it == x.erx.end()) return false;
  const Erx& rx = it->second;
  return rx.valid && rx.psn == f.psn && Contains(rx.codes, f.code) && rx.rx_time <= f.time &&
         f.time <= rx.rx_time + rx.vali_days * kDay;
}

void CatalogueRules(const Index& x, const Fee& f, const HilistVersion& item, const Setl* s, Days day,
                    Keys& out) {
  auto person = x.psn.find(f.psn);
  auto inst = x.inst.find(f.inst);
  if (item.gender_lmt && person != x.psn.end() && person->second.gend != *item.gender_lmt) {
    out.insert(Key1("LMT-SEX", "feedetl_sn", f.id));
  }
  if (person != x.psn.end()) {
    const int age = AgeOn(person->second.brdy, day);
    if ((item.age_min && age < *item.age_min) || (item.age_max && age > *item.age_max)) {
      out.insert(Key1("LMT-AGE", "feedetl_sn", f.id));
    }
  }
  if (!item.lmt_dise.empty() && s != nullptr && !DxMatches(s->dx, item.lmt_dise)) {
    out.insert(Key1("LMT-DX", "feedetl_sn", f.id));
  }
  if (item.medins_lv_lmt && inst != x.inst.end() && inst->second.lv < *item.medins_lv_lmt) {
    out.insert(Key1("LMT-LV", "feedetl_sn", f.id));
  }
  if (item.ceiling && f.pric > *item.ceiling) out.insert(Key1("PRC-CEIL", "feedetl_sn", f.id));
  if (item.max_prd_days && !f.long_rx && f.prd_days && *f.prd_days > *item.max_prd_days) {
    out.insert(Key1("QTY-RX", "feedetl_sn", f.id));
  }
  if (!item.trace_prefix.empty() && f.codes.empty() && f.time >= ScanRequiredFrom()) {
    out.insert(Key1("TRC-MISSING", "feedetl_sn", f.id));
  }
  if (item.dual_channel && s != nullptr && inst != x.inst.end() && inst->second.type == 2 &&
      !HasValidRx(x, f, *s)) {
    out.insert(Key1("DCH-NORX", "feedetl_sn", f.id));
  }
}

}  // namespace

void EvaluateLineRules(const Index& x, Keys& out) {
  for (const Fee& f : x.fees) {
    const Setl* s = x.SetlOf(f);
    if (s != nullptr && s->reversed) continue;
    const Days day = DayOf(f.time);
    const HilistVersion* item = x.ItemOn(f.code, day);
    if (item != nullptr) CatalogueRules(x, f, *item, s, day, out);
    if (!std::all_of(f.codes.begin(), f.codes.end(), WellFormedCode)) {
      out.insert(Key1("TRC-FMT", "feedetl_sn", f.id));
    }
    if (Mismatch(x, f, item, day)) out.insert(Key1("TRC-MISMATCH", "feedetl_sn", f.id));
  }
}

}  // namespace fundwatch::gen::oracle
