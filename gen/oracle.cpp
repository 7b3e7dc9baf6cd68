#include "gen/oracle.h"

#include <cassert>

#include "gen/fixed_decimal.h"
#include "gen/oracle_index.h"

namespace fundwatch::gen {
namespace oracle {
namespace {

Seconds T(const std::string& s) {
  const auto t = ParseTime(s);
  assert(t.has_value());
  return t.value_or(0);
}
Days D(const std::string& s) {
  const auto d = ParseDate(s);
  assert(d.has_value());
  return d.value_or(0);
}
std::optional<Days> OptD(const std::string& s) { return s.empty() ? std::nullopt : std::optional<Days>(D(s)); }
std::optional<Seconds> OptT(const std::string& s) { return s.empty() ? std::nullopt : std::optional<Seconds>(T(s)); }
std::optional<int> OptI(const std::string& s) { return s.empty() ? std::nullopt : std::optional<int>(std::stoi(s)); }
Fixed F(const std::string& s) { return ParseFixed(s).value_or(0); }

void IndexReference(const World& w, Index& x) {
  namespace h = hilist_col;
  for (const Row& r : w.at(Table::kHilist)) {
    HilistVersion v;
    v.code = r[h::kCode];
    v.begndate = D(r[h::kBegndate]);
    v.enddate = OptD(r[h::kEnddate]);
    if (!r[h::kPricUplmt].empty()) v.ceiling = F(r[h::kPricUplmt]);
    v.gender_lmt = OptI(r[h::kGenderLmt]);
    v.age_min = OptI(r[h::kAgeMin]);
    v.age_max = OptI(r[h::kAgeMax]);
    v.medins_lv_lmt = OptI(r[h::kMedinsLvLmt]);
    v.max_prd_days = OptI(r[h::kMaxPrdDays]);
    v.lmt_dise = SplitList(r[h::kLmtDise]);
    v.trace_prefix = SplitList(r[h::kTracePrefix]);
    v.dual_channel = r[h::kDualChannel] == "1";
    x.hilist[v.code].push_back(v);
  }
  for (auto& [code, versions] : x.hilist) {
    for (const HilistVersion& v : versions) {
      for (const std::string& p : v.trace_prefix) x.by_prefix[p].push_back(&v);
    }
  }
  for (const Row& r : w.at(Table::kFixmedins)) {
    x.inst[r[fixmedins_col::kCode]] = Inst{std::stoi(r[fixmedins_col::kType]), std::stoi(r[fixmedins_col::kLv])};
  }
  for (const Row& r : w.at(Table::kPsn)) {
    x.psn[r[psn_col::kPsnNo]] = Person{std::stoi(r[psn_col::kGend]), D(r[psn_col::kBrdy]), OptD(r[psn_col::kDeathDate])};
  }
  for (const Row& r : w.at(Table::kOpspReg)) {
    namespace o = opsp_reg_col;
    x.regs[r[o::kPsnNo]].push_back(
        Reg{r[o::kDiseCode], r[o::kFixmedins], D(r[o::kBegndate]), OptD(r[o::kEnddate]), r[o::kStatus] == "1"});
  }
  for (const Row& r : w.at(Table::kErx)) {
    namespace e = erx_col;
    x.erx[r[e::kRxno]] = Erx{r[e::kPsnNo], T(r[e::kRxTime]), std::stoi(r[e::kValiDays]),
                             SplitList(r[e::kHilistCodes]), r[e::kRxStas] == "1"};
  }
}

void IndexEvents(const World& w, Index& x) {
  for (const Row& r : w.at(Table::kSetl)) {
    namespace s = setl_col;
    x.setl[r[s::kSetlId]] = Setl{r[s::kSetlId], r[s::kPsnNo], r[s::kFixmedins], std::stoi(r[s::kMedType]),
                                 T(r[s::kBegntime]), T(r[s::kEndtime]), T(r[s::kSetlTime]),
                                 SplitList(r[s::kDxCodes]), r[s::kOpspDise], r[s::kRefdFlag] == "1", r[s::kRxno]};
  }
  for (const Row& r : w.at(Table::kFeeList)) {
    namespace f = fee_col;
    x.fees.push_back(Fee{r[f::kFeedetlSn], r[f::kSetlId], r[f::kPsnNo], r[f::kFixmedins], r[f::kHilistCode],
                         T(r[f::kFeeOcurTime]), F(r[f::kPric]), OptI(r[f::kPrdDays]), r[f::kLongRx] == "1",
                         SplitList(r[f::kTracCodes])});
  }
  for (const Row& r : w.at(Table::kTracEvent)) {
    namespace t = trac_col;
    x.trac[r[t::kCode]].push_back(TracEvent{r[t::kEventId], r[t::kEventType], T(r[t::kEventTime])});
  }
  for (const Row& r : w.at(Table::kMdtrtEvent)) {
    namespace m = mdtrt_col;
    x.mdtrt.push_back(MdtrtEvent{r[m::kEventId], r[m::kMdtrtId], r[m::kPsnNo], r[m::kFixmedins],
                                 r[m::kEventType], std::stoi(r[m::kMedType]), T(r[m::kEventTime])});
  }
  for (const Row& r : w.at(Table::kComplaint)) {
    namespace c = complaint_col;
    x.complaints.push_back(Complaint{r[c::kComplaintId], r[c::kPsnNo], r[c::kFixmedins], r[c::kCategory], T(r[c::kRecvTime])});
  }
  for (const Row& r : w.at(Table::kVbpOrder)) {
    namespace o = order_col;
    x.orders.push_back(Order{r[o::kOrderId], r[o::kDistributor], F(r[o::kOrderQty]), T(r[o::kOrderTime]),
                             r[o::kUrgent] == "1", OptT(r[o::kCancelTime])});
  }
  for (const Row& r : w.at(Table::kVbpDelivery)) {
    namespace d = delivery_col;
    x.deliveries[r[d::kOrderId]].push_back(Delivery{F(r[d::kDeliveredQty]), T(r[d::kDeliveryTime])});
  }
}

}  // namespace

std::vector<std::string> SplitList(const std::string& field) {
  std::vector<std::string> out;
  if (field.empty()) return out;
  size_t start = 0;
  for (;;) {
    const size_t bar = field.find('|', start);
    out.push_back(field.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

const HilistVersion* Index::ItemOn(const std::string& code, Days d) const {
  auto it = hilist.find(code);
  if (it == hilist.end()) return nullptr;
  for (const HilistVersion& v : it->second) {
    if (v.ValidOn(d)) return &v;
  }
  return nullptr;
}

const Setl* Index::SetlOf(const Fee& f) const {
  auto it = setl.find(f.setl_id);
  return it == setl.end() ? nullptr : &it->second;
}

bool Index::Covered(const std::string& p, const std::string& at_inst, Days day, const std::string* dise) const {
  auto it = regs.find(p);
  if (it == regs.end()) return false;
  for (const Reg& r : it->second) {
    if (r.valid && r.inst == at_inst && (dise == nullptr || r.dise == *dise) && r.begndate <= day &&
        (!r.enddate || day <= *r.enddate)) {
      return true;
    }
  }
  return false;
}

Index BuildIndex(const World& world) {
  Index x;
  IndexReference(world, x);
  IndexEvents(world, x);
  return x;
}

}  // namespace oracle

const std::vector<RuleInfo>& RuleCatalogue() {
  static const std::vector<RuleInfo> kRules = {
      {"LMT-SEX", {"feedetl_sn"}},      {"LMT-AGE", {"feedetl_sn"}},
      {"LMT-DX", {"feedetl_sn"}},       {"LMT-LV", {"feedetl_sn"}},
      {"PRC-CEIL", {"feedetl_sn"}},     {"QTY-RX", {"feedetl_sn"}},
      {"DTH-SETL", {"setl_id"}},        {"HOS-SPLIT", {"setl_id"}},
      {"HOS-OUTP", {"setl_id"}},        {"QTY-30D", {"psn_no", "hilist_code"}},
      {"FRQ-MULTI", {"psn_no", "hilist_code"}},
      {"TRC-DUP", {"drug_trac_codg"}},  {"TRC-REFLOW", {"drug_trac_codg"}},
      {"TRC-FMT", {"feedetl_sn"}},      {"TRC-MISMATCH", {"feedetl_sn"}},
      {"TRC-MISSING", {"feedetl_sn"}},  {"OPSP-REFUSE", {"psn_no", "fixmedins_code"}},
      {"OPSP-COMPLAINT", {"complaint_id"}}, {"OPSP-NOREG", {"setl_id"}},
      {"DLV-LATE", {"order_id"}},       {"DLV-RATE", {"distributor_code", "month"}},
      {"DLV-3M", {"distributor_code", "month"}}, {"DCH-NORX", {"feedetl_sn"}},
  };
  return kRules;
}

size_t RuleOrder(std::string_view rule_id) {
  const auto& rules = RuleCatalogue();
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].id == rule_id) return i;
  }
  return rules.size();
}

Seconds ScanRequiredFrom() { return MakeTime(2025, 7, 1); }

std::set<TruthKey> EvaluateRules(const World& world, Seconds as_of) {
  const oracle::Index index = oracle::BuildIndex(world);
  std::set<TruthKey> out;
  oracle::EvaluateLineRules(index, out);
  oracle::EvaluateEncounterRules(index, out);
  oracle::EvaluateEventRules(index, as_of, out);
  return out;
}

std::optional<Seconds> LatestEventTime(const World& world) {
  static const std::vector<std::pair<Table, int>> kFields = {
      {Table::kSetl, setl_col::kSetlTime},           {Table::kFeeList, fee_col::kFeeOcurTime},
      {Table::kTracEvent, trac_col::kEventTime},     {Table::kMdtrtEvent, mdtrt_col::kEventTime},
      {Table::kComplaint, complaint_col::kRecvTime}, {Table::kVbpOrder, order_col::kOrderTime},
      {Table::kVbpOrder, order_col::kCancelTime},    {Table::kVbpDelivery, delivery_col::kDeliveryTime},
      {Table::kErx, erx_col::kRxTime},
  };
  std::optional<Seconds> latest;
  for (const auto& [table, column] : kFields) {
    for (const Row& r : world.at(table)) {
      const auto t = ParseTime(r[static_cast<size_t>(column)]);
      if (t && (!latest || *t > *latest)) latest = t;
    }
  }
  return latest;
}

}  // namespace fundwatch::gen
