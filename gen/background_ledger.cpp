#include "gen/background_ledger.h"

#include <algorithm>
#include <set>

namespace fundwatch::gen {
namespace {

bool DxMatches(const std::vector<std::string>& dx, const std::vector<std::string>& prefixes) {
  for (const std::string& d : dx) {
    for (const std::string& p : prefixes) {
      if (d.compare(0, p.size(), p) == 0) return true;
    }
  }
  return false;
}

void AppendBar(std::string& out, const std::string& item) {
  if (!out.empty()) out.push_back('|');
  out += item;
}

}  // namespace

PatientLedger::PatientLedger(const Catalogue& catalogue, const Institutions& institutions, Sinks& sinks, IdCounter& ids)
    : catalogue_(catalogue), institutions_(institutions), sinks_(sinks), ids_(ids), rec_(sinks) {}

void PatientLedger::Reset(const Patient& patient, Prng* rng) {
  patient_ = patient;
  rng_ = rng;
  lines_.clear();
  stays_.clear();
}

bool PatientLedger::Allowed(const HilistRow& row, Days day, const Institution& inst, const SettlementPlan& plan,
                            int item) const {
  if (row.gender_lmt && *row.gender_lmt != patient_.gend) return false;
  if (row.age_min || row.age_max) {
    const int age = AgeOn(patient_.brdy, day);
    if ((row.age_min && age < *row.age_min) || (row.age_max && age > *row.age_max)) return false;
  }
  if (!row.lmt_dise.empty() && !DxMatches(plan.dx, row.lmt_dise)) return false;
  if (row.medins_lv_lmt && inst.lv < *row.medins_lv_lmt) return false;
  if (row.dual_channel && inst.type == 2 &&
      std::find(plan.rx_items.begin(), plan.rx_items.end(), item) == plan.rx_items.end()) {
    return false;
  }
  return true;
}

bool PatientLedger::FitHistory(int item, int inst, Seconds t, std::optional<int>& days) const {
  int used = 0;
  std::set<int> insts = {inst};
  for (const LineHist& h : lines_) {
    if (h.item != item) continue;
    if (h.time >= t - 31 * kDay) used += h.days;
    if (h.time >= t - 8 * kDay) insts.insert(h.inst);
  }
  if (insts.size() > 2) return false;
  if (days) {
    if (used + *days > 60) days = 60 - used;
    if (*days < 1) return false;
  }
  return true;
}

Fixed PatientLedger::PriceAt(const Item& item, const HilistRow& row, const Institution& inst) {
  Fixed price = item.base_price;
  if (inst.type == 2) price = price * rng_->Range(95, 110) / 100 / 100 * 100;
  if (price <= 0) price = item.base_price;
  if (row.ceiling && price > *row.ceiling) price = *row.ceiling;
  return price;
}

void PatientLedger::TracEvent(const std::string& code, const char* type, Seconds time, const Institution& inst,
                              const std::string& item_code, const std::string& setl_id) {
  const bool sale = !setl_id.empty();
  rec_.Begin().Str(ids_.Next("TE")).Str(code).Str(type).EventTime(time).Str(inst.code).Str(item_code);
  if (sale) {
    rec_.Str(patient_.psn).Str(setl_id);
  } else {
    rec_.Null().Null();
  }
  rec_.EmitTo(Table::kTracEvent);
}

void PatientLedger::WriteCodes(const Item& item, const HilistRow& row, const SettlementPlan& plan,
                               const std::string& setl_id, PlannedLine& line) {
  const Institution& inst = institutions_.at(plan.inst);
  if (line.preset_codes) {
    for (const std::string& code : line.codes) TracEvent(code, "sale", line.time, inst, item.code, setl_id);
    return;
  }
  line.codes.clear();
  if (row.trace_prefix.empty()) return;
  if (line.time < MakeTime(2025, 7, 1) && rng_->Chance(250)) return;  // unscanned before the mandate
  const int64_t boxes = std::clamp<int64_t>(line.cnt / kFixedOne, 1, 3);
  for (int64_t i = 0; i < boxes; ++i) {
    const std::string code = ids_.NextCode(row.trace_prefix[rng_->Below(row.trace_prefix.size())]);
    line.codes.push_back(code);
    const Seconds bought = line.time - rng_->Range(1, 30) * kDay - rng_->Range(0, 10) * kHour;
    TracEvent(code, "purchase_in", bought, inst, item.code, "");
    TracEvent(code, "sale", line.time, inst, item.code, setl_id);
    if (plan.reversed) TracEvent(code, "sale_return", plan.endtime + 20 * kMinute, inst, item.code, setl_id);
  }
  if (rng_->Chance(50)) {  // stock bought in and never sold; some returned to the supplier
    const std::string code = ids_.NextCode(row.trace_prefix.front());
    const Seconds bought = line.time - rng_->Range(1, 20) * kDay;
    TracEvent(code, "purchase_in", bought, inst, item.code, "");
    if (rng_->Chance(300)) TracEvent(code, "purchase_return", bought + rng_->Range(1, 20) * kHour, inst, item.code, "");
  }
}

void PatientLedger::WriteFee(const std::string& fee_id, const std::string& setl_id, const SettlementPlan& plan,
                             const PlannedLine& line, const Item& item, Fixed pric) {
  const Institution& inst = institutions_.at(plan.inst);
  std::string codes;
  for (const std::string& c : line.codes) AppendBar(codes, c);
  rec_.Begin().Str(fee_id).Str(setl_id).Str(patient_.psn).Str(inst.code).EventTime(line.time).Str(item.code)
      .Money(line.cnt, 0).Money(pric).Money(line.cnt * pric / kFixedOne);
  if (line.days) {
    rec_.Int(*line.days);
  } else {
    rec_.Null();
  }
  rec_.Int(line.long_rx ? 1 : 0).Str(codes).EmitTo(Table::kFeeList);
}

std::string PatientLedger::Write(SettlementPlan& plan) {
  const Institution& inst = institutions_.at(plan.inst);
  std::stable_sort(plan.lines.begin(), plan.lines.end(),
                   [](const PlannedLine& a, const PlannedLine& b) { return a.time < b.time; });
  std::vector<PlannedLine> kept;
  for (PlannedLine line : plan.lines) {
    const Item& item = catalogue_.items()[static_cast<size_t>(line.item)];
    const HilistRow* row = item.RowOn(DayOf(line.time));
    if (row == nullptr || item.planted_only || !Allowed(*row, DayOf(line.time), inst, plan, line.item)) continue;
    if (!item.IsDrug()) line.days.reset();
    if (line.days && row->max_prd_days) line.days = std::min(*line.days, *row->max_prd_days);
    if (!FitHistory(line.item, plan.inst, line.time, line.days)) continue;
    lines_.push_back(LineHist{line.item, plan.inst, line.time, line.days.value_or(0)});
    kept.push_back(std::move(line));
  }
  plan.lines = std::move(kept);
  if (plan.lines.empty()) return "";
  const std::string setl_id = ids_.Next("S");
  const std::string mdtrt_id = ids_.Next("M");
  Fixed medfee = 0;
  for (PlannedLine& line : plan.lines) {
    const Item& item = catalogue_.items()[static_cast<size_t>(line.item)];
    const HilistRow& row = *item.RowOn(DayOf(line.time));
    const Fixed pric = PriceAt(item, row, inst);
    WriteCodes(item, row, plan, setl_id, line);
    WriteFee(ids_.Next("F"), setl_id, plan, line, item, pric);
    medfee += line.cnt * pric / kFixedOne;
  }
  if (plan.med_type == 21) stays_.push_back(StayHist{plan.inst, plan.endtime});
  const int percent = plan.med_type == 21 ? 80 : plan.med_type == 41 ? 60 : 70;
  std::string dx;
  for (const std::string& d : plan.dx) AppendBar(dx, d);
  rec_.Begin().Str(setl_id).Str(mdtrt_id).Str(patient_.psn).Str(inst.code).Int(plan.med_type).Time(plan.begntime)
      .Time(plan.endtime).EventTime(plan.endtime).Str(dx).Str(plan.opsp_dise).Money(medfee)
      .Money(medfee * percent / 100 / 100 * 100).Int(plan.reversed ? 1 : 0).Str(plan.rxno).EmitTo(Table::kSetl);
  EncounterEvent(mdtrt_id, plan.inst, plan.med_type, plan.opsp_dise, "register", plan.begntime);
  EncounterEvent(mdtrt_id, plan.inst, plan.med_type, plan.opsp_dise, "settle", plan.endtime);
  return setl_id;
}

void PatientLedger::EncounterEvent(const std::string& mdtrt_id, int inst, int med_type, const std::string& dise,
                                   const char* type, Seconds time, const std::string& reason) {
  rec_.Begin().Str(ids_.Next("ME")).Str(mdtrt_id).Str(patient_.psn).Str(institutions_.at(inst).code)
      .Int(med_type).Str(dise).Str(type).EventTime(time).Str(reason).EmitTo(Table::kMdtrtEvent);
}

std::string PatientLedger::Erx(int issuer, Seconds rx_time, int vali_days, const std::vector<int>& items, int stas) {
  const std::string rxno = ids_.Next("RX");
  std::string codes;
  for (int i : items) AppendBar(codes, catalogue_.items()[static_cast<size_t>(i)].code);
  rec_.Begin().Str(rxno).Str(patient_.psn).Str(institutions_.at(issuer).code).EventTime(rx_time).Int(vali_days)
      .Str(codes).Int(stas).EmitTo(Table::kErx);
  return rxno;
}

bool PatientLedger::RecentStayAt(int inst, Seconds t, int days) const {
  for (const StayHist& s : stays_) {
    if (s.inst == inst && s.end >= t - days * kDay) return true;
  }
  return false;
}

}  // namespace fundwatch::gen
