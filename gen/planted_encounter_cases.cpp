// Planted cases for DTH-SETL, HOS-SPLIT and HOS-OUTP.
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

void Death(Planter& p) {
  const Institution& h = p.Hospital(3);
  const Seconds t = CaseTime(p, DaysFromCivil(2025, 8, 20));
  const Days death = DayOf(t) + 5;
  {  // Died in hospital: discharged and settled on the death date.
    const std::string psn = p.Person(1, DaysFromCivil(1941, 4, 12), death);
    const std::string s = p.Stay(psn, h, t, StartOfDay(death) + 23 * kHour + 59 * kMinute + 59, {"I63.900"});
    p.NearMiss(SetlKey("DTH-SETL", s), "setl_time is on the death date, not after it");
  }
  {  // Settled at 00:00:00 the day after death.
    const std::string psn = p.Person(2, DaysFromCivil(1938, 11, 3), death);
    VisitSpec v;
    v.psn = psn;
    v.inst = &h;
    v.med_type = 13;
    v.begntime = StartOfDay(death) + 23 * kHour + 10 * kMinute;
    v.endtime = StartOfDay(death + 1);
    v.dx = {"I21.900"};
    const std::string s = p.Settlement(v);
    p.Fee(Line(s, "visit_emerg", v.begntime + 5 * kMinute));
    p.Positive(SetlKey("DTH-SETL", s));
  }
  {  // The card used at a pharmacy weeks after death; an earlier visit is fine.
    const std::string psn = p.Person(1, DaysFromCivil(1950, 7, 21), death);
    const Seconds before = StartOfDay(death - 3) + 10 * kHour;
    const std::string s0 = p.Visit(psn, p.Pharmacy(false), 41, before, {"J06.900"});
    p.Fee(Line(s0, "ganmao", before).Days(5));
    p.NearMiss(SetlKey("DTH-SETL", s0), "settled three days before the death date");
    const Seconds after = StartOfDay(death + 20) + 15 * kHour;
    const std::string s1 = p.Visit(psn, p.Pharmacy(false), 41, after, {"J06.900"});
    p.Fee(Line(s1, "lianhua", after).Days(5));
    p.Positive(SetlKey("DTH-SETL", s1));
  }
  {  // After death but reversed.
    const std::string psn = p.Person(2, DaysFromCivil(1944, 1, 9), death);
    const Seconds after = StartOfDay(death + 2) + 9 * kHour;
    const std::string s = p.Visit(psn, p.Pharmacy(false), 41, after, {"J06.900"}, true);
    p.Fee(Line(s, "ganmao", after).Days(5));
    p.NearMiss(SetlKey("DTH-SETL", s), "settled after death, but the settlement is reversed");
  }
}

// Two stays of one patient; the second begins `gap` after the first's endtime.
struct SplitCase {
  Seconds gap;
  bool same_institution;
  bool first_reversed;
  bool second_reversed;
  bool positive;
  const char* why;
};

void Split(Planter& p) {
  const SplitCase cases[] = {
      {15 * kDay, true, false, false, true, ""},
      {15 * kDay + 1, true, false, false, false, "readmitted 15 days + 1 s after discharge"},
      {0, true, false, false, true, ""},
      {3 * kDay, false, false, false, false, "readmitted within 15 days but at another institution"},
      {5 * kDay, true, true, false, false, "the earlier stay is reversed"},
      {5 * kDay, true, false, true, false, "the later stay is reversed"},
  };
  for (const SplitCase& c : cases) {
    const std::string psn = p.Adult();
    const Institution& h1 = p.Hospital(3);
    const Institution* h2 = &h1;
    while (!c.same_institution && h2->code == h1.code) h2 = &p.Hospital(2);
    const Seconds b1 = CaseTime(p, DaysFromCivil(2025, 7, 1));
    const Seconds e1 = b1 + 6 * kDay + 2 * kHour;
    p.Stay(psn, h1, b1, e1, {"J18.900"}, c.first_reversed);
    const std::string s2 = p.Stay(psn, *h2, e1 + c.gap, e1 + c.gap + 4 * kDay, {"J18.900"}, c.second_reversed);
    if (c.positive) {
      p.Positive(SetlKey("HOS-SPLIT", s2));
    } else {
      p.NearMiss(SetlKey("HOS-SPLIT", s2), c.why);
    }
  }
  // A chain of three stays five days apart: the second and third are reported.
  const std::string psn = p.Adult();
  const Institution& h = p.Hospital(2);
  Seconds b = CaseTime(p, DaysFromCivil(2025, 7, 1));
  std::vector<std::string> stays;
  for (int i = 0; i < 3; ++i) {
    stays.push_back(p.Stay(psn, h, b, b + 4 * kDay, {"I63.900"}));
    b += 9 * kDay;
  }
  p.NearMiss(SetlKey("HOS-SPLIT", stays[0]), "the first stay of the chain follows no other stay");
  p.Positive(SetlKey("HOS-SPLIT", stays[1]));
  p.Positive(SetlKey("HOS-SPLIT", stays[2]));
}

void Outpatient(Planter& p) {
  const Seconds day_span = 6 * kDay;
  auto stay = [&](const std::string& psn, bool reversed) {
    const Seconds b = CaseTime(p, DaysFromCivil(2025, 8, 1));
    p.Stay(psn, p.Hospital(3), b, b + day_span, {"J18.900"}, reversed);
    return b;
  };
  auto outpatient = [&](const std::string& psn, int med_type, Seconds setl_time, bool reversed) {
    VisitSpec v;
    v.psn = psn;
    v.inst = med_type == 41 ? &p.Pharmacy(false) : med_type == 14 ? &p.OpspHospital(2) : &p.Hospital(2);
    v.med_type = med_type;
    v.begntime = setl_time - 40 * kMinute;
    v.endtime = setl_time;
    v.dx = {med_type == 14 ? "I10.x00" : "M54.500"};
    v.reversed = reversed;
    if (med_type == 14) {
      v.opsp_dise = "M03900";
      p.Registration(psn, "M03900", *v.inst, DaysFromCivil(2024, 1, 1), std::nullopt);
    }
    const std::string s = p.Settlement(v);
    p.Fee(Line(s, med_type == 14 ? "amlodipine" : "ibuprofen", setl_time - 10 * kMinute).Days(7));
    return s;
  };
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, false);
    p.Positive(SetlKey("HOS-OUTP", outpatient(psn, 11, b + 2 * kDay, false)));
  }
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, false);
    p.Positive(SetlKey("HOS-OUTP", outpatient(psn, 13, b + 3 * kDay + 7, false)));
  }
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, false);
    p.Positive(SetlKey("HOS-OUTP", outpatient(psn, 14, b + 1 * kDay, false)));
  }
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, false);
    p.NearMiss(SetlKey("HOS-OUTP", outpatient(psn, 11, b, false)), "setl_time equals the stay's begntime (not strictly between)");
    p.NearMiss(SetlKey("HOS-OUTP", outpatient(psn, 11, b + day_span, false)), "setl_time equals the stay's endtime (not strictly between)");
  }
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, false);
    p.NearMiss(SetlKey("HOS-OUTP", outpatient(psn, 41, b + 2 * kDay, false)), "med_type 41 (pharmacy) is not an outpatient settlement");
  }
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, true);
    p.NearMiss(SetlKey("HOS-OUTP", outpatient(psn, 11, b + 2 * kDay, false)), "the inpatient stay is reversed");
  }
  {
    const std::string psn = p.Adult();
    const Seconds b = stay(psn, false);
    p.NearMiss(SetlKey("HOS-OUTP", outpatient(psn, 11, b + 2 * kDay, true)), "the outpatient settlement is reversed");
  }
}

}  // namespace

void PlantEncounterCases(Planter& p) {
  Death(p);
  Split(p);
  Outpatient(p);
}

}  // namespace fundwatch::gen
