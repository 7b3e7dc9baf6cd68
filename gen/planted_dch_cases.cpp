// Planted cases for DCH-NORX (dual-channel drugs at pharmacies need a valid
// e-prescription) and the multi-rule reversed settlement.
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

struct RxCase {
  bool with_rxno = true;
  bool erx_exists = true;
  int stas = 1;
  bool other_patient = false;
  std::vector<std::string> rx_items = {"osimertinib"};
  Seconds fee_offset = kDay;  // after rx_time
  bool at_hospital = false;
  bool reversed = false;
  const char* item = "osimertinib";
};

std::string PlantRx(Planter& p, const RxCase& c) {
  const Seconds rx_time = CaseTime(p, DaysFromCivil(2025, 8, 20));
  const std::string psn = p.Adult();
  const Institution& issuer = p.Hospital(3);
  std::string rxno;
  if (c.erx_exists) {
    rxno = p.Erx(c.other_patient ? p.Adult() : psn, issuer, rx_time, 3, c.rx_items, c.stas);
  } else if (c.with_rxno) {
    rxno = p.NewRxno();
  }
  const Seconds fee_time = rx_time + c.fee_offset;
  VisitSpec v;
  v.psn = psn;
  v.inst = c.at_hospital ? &issuer : &p.Pharmacy(true);
  v.med_type = c.at_hospital ? 11 : 41;
  v.begntime = fee_time - 5 * kMinute;
  v.endtime = fee_time + 5 * kMinute;
  v.dx = {"C34.900", "M06.900"};
  v.reversed = c.reversed;
  if (c.with_rxno) v.rxno = rxno;
  const std::string s = p.Settlement(v);
  return p.Fee(Line(s, c.item, fee_time).Days(std::string(c.item) == "lianhua" ? 5 : 30));
}

void NoRx(Planter& p) {
  auto positive = [&](const RxCase& c) { p.Positive(LineKey("DCH-NORX", PlantRx(p, c))); };
  auto near = [&](const RxCase& c, const char* why) { p.NearMiss(LineKey("DCH-NORX", PlantRx(p, c)), why); };
  RxCase c;
  near(c, "a valid e-prescription covers the purchase");
  c = RxCase{};
  c.with_rxno = false;
  c.erx_exists = false;
  positive(c);
  c = RxCase{};
  c.erx_exists = false;
  positive(c);  // the rxno names no erx row
  c = RxCase{};
  c.stas = 0;
  positive(c);
  c = RxCase{};
  c.other_patient = true;
  positive(c);
  c = RxCase{};
  c.rx_items = {"tofacitinib"};
  positive(c);
  c = RxCase{};
  c.fee_offset = 3 * kDay;
  near(c, "purchased exactly at rx_time + vali_days days");
  c.fee_offset = 3 * kDay + 1;
  positive(c);
  c.fee_offset = 0;
  near(c, "purchased exactly at rx_time");
  c.fee_offset = -1;
  positive(c);
  c = RxCase{};
  c.with_rxno = false;
  c.erx_exists = false;
  c.at_hospital = true;
  near(c, "dispensed at a hospital (fixmedins_type 1), not a pharmacy");
  c.at_hospital = false;
  c.reversed = true;
  near(c, "no e-prescription, but the settlement is reversed");
  c = RxCase{};
  c.with_rxno = false;
  c.erx_exists = false;
  c.item = "lianhua";
  {
    const std::string f = PlantRx(p, c);
    p.NearMiss(LineKey("DCH-NORX", f), "not a dual-channel drug");
  }
  {  // A fee line whose settlement is absent is not judged.
    const Seconds t = CaseTime(p, DaysFromCivil(2025, 8, 20));
    const std::string f = p.Fee(Line(p.NewSetlId(), "osimertinib", t).Days(30).Orphan(p.Adult(), p.Pharmacy(true)));
    p.NearMiss(LineKey("DCH-NORX", f), "the fee line's settlement is absent: not judged");
  }
  {  // One prescription, two dual-channel drugs, only one of them prescribed.
    const Seconds rx_time = CaseTime(p, DaysFromCivil(2025, 8, 20));
    const std::string psn = p.Adult();
    const std::string rxno = p.Erx(psn, p.Hospital(3), rx_time, 3, {"osimertinib", "aspirin"});
    VisitSpec v;
    v.psn = psn;
    v.inst = &p.Pharmacy(true);
    v.med_type = 41;
    v.begntime = rx_time + 2 * kHour;
    v.endtime = rx_time + 2 * kHour + 10 * kMinute;
    v.dx = {"C34.900", "M06.900"};
    v.rxno = rxno;
    const std::string s = p.Settlement(v);
    p.NearMiss(LineKey("DCH-NORX", p.Fee(Line(s, "osimertinib", v.begntime + kMinute).Days(30))), "prescribed");
    p.Positive(LineKey("DCH-NORX", p.Fee(Line(s, "tofacitinib", v.begntime + 2 * kMinute).Days(28))));
  }
}

}  // namespace

void PlantDualChannelCases(Planter& p) { NoRx(p); }

void PlantReversedCases(Planter& p) {
  // A 6-year-old girl's reversed pharmacy settlement breaking many line rules.
  const Seconds t = MakeTime(2025, 8, 1 + static_cast<int>(p.rng().Below(28)), 14, 0);
  const std::string psn = p.Person(2, DaysFromCivil(2019, 5, 1 + static_cast<int>(p.rng().Below(28))));
  const std::string s = p.Visit(psn, p.Pharmacy(false), 41, t, {"J06.900"}, true);
  const char* why = "the settlement is reversed (refd_setl_flag = 1)";
  auto line = [&](const char* rule, Line l) { p.NearMiss(LineKey(rule, p.Fee(l)), why); };
  line("LMT-SEX", Line(s, "tamsulosin", t).Days(10));
  line("LMT-AGE", Line(s, "levofloxacin", t).Days(5));
  line("LMT-DX", Line(s, "insulin_aspart", t).Days(10));
  line("LMT-LV", Line(s, "human_albumin", t));
  line("PRC-CEIL", Line(s, "amoxicillin", t).Price(Yuan(15)).Days(5));
  line("QTY-RX", Line(s, "cefuroxime", t).Days(20));
  line("TRC-MISSING", Line(s, "irbesartan", t).Days(7).NoCodes());
  line("TRC-FMT", Line(s, "metformin", t).Days(7).Codes({p.NewCode(p.PrefixOf("metformin", DayOf(t))) + "1"}));
  line("TRC-MISMATCH", Line(s, "repaglinide", t).Days(7).Codes({p.NewCode(p.PrefixOf("amlodipine", DayOf(t)))}));
  line("DCH-NORX", Line(s, "osimertinib", t).Days(30));
}

}  // namespace fundwatch::gen
