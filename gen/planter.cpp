#include "gen/planter.h"

#include <algorithm>
#include <cassert>

#include "gen/fixed_decimal.h"
#include "gen/names.h"

namespace fundwatch::gen {
namespace {

std::string JoinBar(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out.push_back('|');
    out += p;
  }
  return out;
}

// Fund share of a settlement, floored to the fen.
Fixed FundPay(Fixed medfee, int med_type) {
  const int percent = med_type == 21 ? 80 : med_type == 41 ? 60 : 70;
  return medfee * percent / 100 / 100 * 100;
}

}  // namespace

TruthKey LineKey(const char* rule, const std::string& feedetl_sn) { return TruthKey{rule, {{"feedetl_sn", feedetl_sn}}}; }
TruthKey SetlKey(const char* rule, const std::string& setl_id) { return TruthKey{rule, {{"setl_id", setl_id}}}; }
TruthKey PsnItemKey(const char* rule, const std::string& psn, const std::string& hilist_code) {
  return TruthKey{rule, {{"psn_no", psn}, {"hilist_code", hilist_code}}};
}
TruthKey CodeKey(const char* rule, const std::string& code) { return TruthKey{rule, {{"drug_trac_codg", code}}}; }

Planter::Planter(const Catalogue& catalogue, const Institutions& institutions, uint64_t seed)
    : catalogue_(catalogue), institutions_(institutions), rng_(seed, "planted") {}

std::string Planter::Person(int gend, Days brdy, std::optional<Days> death) {
  const std::string psn = ids_.Next("33020000", 8);
  world_.at(Table::kPsn).push_back(Row{psn, std::to_string(gend), FormatDate(brdy),
                                       rng_.Chance(600) ? "310" : "390", death ? FormatDate(*death) : "",
                                       PersonName(rng_, gend)});
  return psn;
}

std::string Planter::Adult(int gend) {
  if (gend == 0) gend = static_cast<int>(rng_.Range(1, 2));
  const Days brdy = DaysFromCivil(static_cast<int>(rng_.Range(1965, 1994)), static_cast<int>(rng_.Range(1, 12)),
                                  static_cast<int>(rng_.Range(1, 28)));
  return Person(gend, brdy);
}

const Institution& Planter::Hospital(int lv) {
  return institutions_.at(rng_.Pick(institutions_.hospitals_of_level(lv)));
}

const Institution& Planter::OpspHospital(int lv) {
  for (;;) {
    const Institution& i = institutions_.at(rng_.Pick(institutions_.opsp_hospitals()));
    if (lv == 0 ? i.lv >= 2 : i.lv == lv) return i;
  }
}

const Institution& Planter::Pharmacy(bool dual_channel) {
  return institutions_.at(rng_.Pick(dual_channel ? institutions_.dual_pharmacies() : institutions_.pharmacies()));
}

std::string Planter::Registration(const std::string& psn, const std::string& dise_code, const Institution& at,
                                  Days begndate, std::optional<Days> enddate, int status) {
  const std::string id = ids_.Next("REG", 10);
  world_.at(Table::kOpspReg).push_back(Row{id, psn, dise_code, OpspDiseaseByCode(dise_code).name, at.code,
                                           FormatDate(begndate), enddate ? FormatDate(*enddate) : "",
                                           std::to_string(status)});
  return id;
}

std::string Planter::Settlement(const VisitSpec& visit) {
  assert(visit.inst != nullptr && !visit.dx.empty());
  PendingSetl s{visit, ids_.Next("S"), ids_.Next("M"), 0};
  const Seconds setl_time = visit.setl_time.value_or(visit.endtime);
  MdtrtEvent(s.mdtrt_id, visit.psn, *visit.inst, visit.med_type, visit.opsp_dise, "register", visit.begntime);
  if (visit.cancel_before_settle) {
    MdtrtEvent(s.mdtrt_id, visit.psn, *visit.inst, visit.med_type, visit.opsp_dise, "cancel",
               visit.begntime + 5 * kMinute, OrdinaryCancelReason(rng_));
  }
  MdtrtEvent(s.mdtrt_id, visit.psn, *visit.inst, visit.med_type, visit.opsp_dise, "settle", setl_time);
  setl_index_[s.setl_id] = setls_.size();
  setls_.push_back(s);
  return s.setl_id;
}

std::string Planter::Visit(const std::string& psn, const Institution& inst, int med_type, Seconds at,
                           std::vector<std::string> dx, bool reversed) {
  VisitSpec v;
  v.psn = psn;
  v.inst = &inst;
  v.med_type = med_type;
  v.begntime = at - 20 * kMinute;
  v.endtime = at + 20 * kMinute;
  v.dx = std::move(dx);
  v.reversed = reversed;
  return Settlement(v);
}

std::string Planter::Stay(const std::string& psn, const Institution& inst, Seconds begntime, Seconds endtime,
                          std::vector<std::string> dx, bool reversed) {
  VisitSpec v;
  v.psn = psn;
  v.inst = &inst;
  v.med_type = 21;
  v.begntime = begntime;
  v.endtime = endtime;
  v.dx = std::move(dx);
  v.reversed = reversed;
  const std::string id = Settlement(v);
  for (Seconds t = begntime + 2 * kHour; t < endtime; t += kDay) {
    Fee(Line(id, "bed", t));
    Fee(Line(id, "visit_inp", t + kHour));
  }
  Fee(Line(id, "ns", begntime + 3 * kHour).Cnt(2 * kFixedOne));
  return id;
}

void Planter::AutoCodes(const LineSpec& line, const Item& item, const PendingSetl* setl,
                        std::vector<std::string>& codes) {
  const HilistRow* row = item.RowOn(DayOf(line.time));
  if (row == nullptr || row->trace_prefix.empty()) return;
  const Institution& at = setl != nullptr ? *setl->visit.inst : *line.inst;
  const std::string psn = setl != nullptr ? setl->visit.psn : line.psn;
  const int64_t n = std::clamp<int64_t>(line.cnt / kFixedOne, 1, 3);
  for (int64_t i = 0; i < n; ++i) {
    const std::string code = NewCode(row->trace_prefix.front());
    codes.push_back(code);
    TracEvent(code, "purchase_in", line.time - rng_.Range(1, 20) * kDay - rng_.Range(0, 8) * kHour, at, item.code);
    TracEvent(code, "sale", line.time, at, item.code, psn, line.setl_id);
    if (setl != nullptr && setl->visit.reversed) {
      TracEvent(code, "sale_return", line.time + 30 * kMinute, at, item.code, psn, line.setl_id);
    }
  }
}

std::string Planter::Fee(const LineSpec& line) {
  const Item& item = catalogue_.ByKey(line.item);
  auto it = setl_index_.find(line.setl_id);
  PendingSetl* setl = it == setl_index_.end() ? nullptr : &setls_[it->second];
  assert(setl != nullptr || line.inst != nullptr);
  const Fixed pric = line.pric.value_or(item.base_price);
  const auto amount = MultiplyExact(line.cnt, pric);
  assert(amount.has_value());
  std::vector<std::string> codes = line.codes;
  if (line.codes_mode == CodeMode::kAuto) AutoCodes(line, item, setl, codes);
  if (setl != nullptr) setl->medfee += *amount;
  const std::string id = ids_.Next("F");
  world_.at(Table::kFeeList).push_back(
      Row{id, line.setl_id, setl != nullptr ? setl->visit.psn : line.psn,
          setl != nullptr ? setl->visit.inst->code : line.inst->code, FormatTime(line.time), item.code,
          FormatFixed(line.cnt, 0), FormatFixed(pric), FormatFixed(*amount),
          line.prd_days && item.IsDrug() ? std::to_string(*line.prd_days) : "", line.long_rx ? "1" : "0", JoinBar(codes)});
  return id;
}

std::string Planter::PrefixOf(const std::string& item, Days on) const {
  const HilistRow* row = catalogue_.ByKey(item).RowOn(on);
  assert(row != nullptr && !row->trace_prefix.empty());
  return row->trace_prefix.front();
}

std::string Planter::TracEvent(const std::string& code, const std::string& type, Seconds time, const Institution& at,
                               const std::string& item, const std::string& psn, const std::string& setl) {
  const std::string id = ids_.Next("TE");
  world_.at(Table::kTracEvent).push_back(Row{id, code, type, FormatTime(time), at.code, item, psn, setl});
  return id;
}

void Planter::MdtrtEvent(const std::string& mdtrt_id, const std::string& psn, const Institution& at, int med_type,
                         const std::string& dise, const std::string& type, Seconds time, const std::string& reason) {
  world_.at(Table::kMdtrtEvent).push_back(Row{ids_.Next("ME"), mdtrt_id, psn, at.code, std::to_string(med_type),
                                              dise, type, FormatTime(time), reason});
}

void Planter::Refusal(const std::string& psn, const Institution& at, const std::string& dise, Seconds time,
                      int med_type) {
  const std::string mdtrt_id = NewMdtrtId();
  const std::string d = med_type == 14 ? dise : "";
  MdtrtEvent(mdtrt_id, psn, at, med_type, d, "register", time);
  MdtrtEvent(mdtrt_id, psn, at, med_type, d, "cancel", time + rng_.Range(15, 40) * kMinute,
             med_type == 14 ? RefusalReason(rng_) : OrdinaryCancelReason(rng_));
}

std::string Planter::Complaint(const std::string& psn, const Institution& at, Seconds time,
                               const std::string& category) {
  const std::string id = ids_.Next("TS");
  world_.at(Table::kComplaint).push_back(Row{id, psn, at.code, FormatTime(time), category,
                                             ComplaintText(rng_, category, PersonName(rng_, 1), at.name)});
  return id;
}

std::string Planter::Order(const std::string& distributor, Seconds time, bool urgent, Fixed qty,
                           std::optional<Seconds> cancel) {
  const std::string id = ids_.Next("VO");
  const Institution& inst = institutions_.at(rng_.Pick(institutions_.hospitals()));
  const Item& item = catalogue_.items()[static_cast<size_t>(rng_.Pick(catalogue_.vbp_items()))];
  world_.at(Table::kVbpOrder).push_back(Row{id, inst.code, distributor, item.code, FormatFixed(qty, 0),
                                            FormatTime(time), urgent ? "1" : "0", cancel ? FormatTime(*cancel) : ""});
  return id;
}

void Planter::Delivery(const std::string& order_id, Fixed qty, Seconds time) {
  world_.at(Table::kVbpDelivery).push_back(Row{ids_.Next("VD"), order_id, FormatFixed(qty, 0), FormatTime(time)});
}

std::string Planter::Erx(const std::string& psn, const Institution& issuer, Seconds rx_time, int vali_days,
                         const std::vector<std::string>& items, int stas) {
  const std::string rxno = NewRxno();
  std::vector<std::string> codes;
  for (const std::string& key : items) codes.push_back(catalogue_.ByKey(key).code);
  world_.at(Table::kErx).push_back(Row{rxno, psn, issuer.code, FormatTime(rx_time), std::to_string(vali_days),
                                       JoinBar(codes), std::to_string(stas)});
  return rxno;
}

World Planter::Finish() {
  for (const PendingSetl& s : setls_) {
    const VisitSpec& v = s.visit;
    world_.at(Table::kSetl).push_back(
        Row{s.setl_id, s.mdtrt_id, v.psn, v.inst->code, std::to_string(v.med_type), FormatTime(v.begntime),
            FormatTime(v.endtime), FormatTime(v.setl_time.value_or(v.endtime)), JoinBar(v.dx), v.opsp_dise,
            FormatFixed(s.medfee), FormatFixed(FundPay(s.medfee, v.med_type)), v.reversed ? "1" : "0", v.rxno});
  }
  setls_.clear();
  return std::move(world_);
}

}  // namespace fundwatch::gen
