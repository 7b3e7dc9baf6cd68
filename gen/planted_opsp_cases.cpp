// Planted cases for the 门慢特 rules: OPSP-REFUSE (refused encounters in a
// 30-day window), OPSP-COMPLAINT (拒收/推诿 complaints by registered
// patients) and OPSP-NOREG (med_type 14 settlements without a covering
// registration).
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

TruthKey RefuseKey(const std::string& psn, const Institution& at) {
  return TruthKey{"OPSP-REFUSE", {{"psn_no", psn}, {"fixmedins_code", at.code}}};
}

TruthKey ComplaintKey(const std::string& id) { return TruthKey{"OPSP-COMPLAINT", {{"complaint_id", id}}}; }

// A settled 门慢特 visit at `at` for M03900.
std::string ChronicVisit(Planter& p, const std::string& psn, const Institution& at, Seconds t,
                         bool reversed = false, bool cancel_first = false) {
  VisitSpec v;
  v.psn = psn;
  v.inst = &at;
  v.med_type = 14;
  v.begntime = t - 30 * kMinute;
  v.endtime = t;
  v.dx = {"I10.x00"};
  v.opsp_dise = "M03900";
  v.reversed = reversed;
  v.cancel_before_settle = cancel_first;
  const std::string s = p.Settlement(v);
  p.Fee(Line(s, "visit_outp", t - 20 * kMinute));
  p.Fee(Line(s, "amlodipine", t - 10 * kMinute).Days(28));
  return s;
}

void Refuse(Planter& p) {
  const Days year_start = DaysFromCivil(2025, 1, 1);
  auto patient = [&](const Institution& at, int status = 1, std::optional<Days> end = DaysFromCivil(2025, 12, 31)) {
    const std::string psn = p.Adult();
    p.Registration(psn, "M03900", at, year_start, end, status);
    return psn;
  };
  auto refusals = [&](const std::vector<Seconds>& offsets, bool positive, const char* why) {
    const Institution& x = p.OpspHospital();
    const std::string psn = patient(x);
    const Seconds t0 = CaseTime(p, DaysFromCivil(2025, 8, 1));
    for (Seconds o : offsets) p.Refusal(psn, x, "M03900", t0 + o);
    if (positive) {
      p.Positive(RefuseKey(psn, x));
    } else {
      p.NearMiss(RefuseKey(psn, x), why);
    }
  };
  refusals({0, 30 * kDay - 1}, true, "");
  refusals({0, 30 * kDay}, false, "two refusals exactly 30 days apart: (t-30d, t] excludes the first");
  refusals({0, 30 * kDay + 1}, false, "two refusals 30 days + 1 s apart");
  refusals({0, 6 * kDay, 19 * kDay}, true, "");
  {  // A cancel followed by a settle is not a refusal.
    const Institution& x = p.OpspHospital();
    const std::string psn = patient(x);
    const Seconds t0 = CaseTime(p, DaysFromCivil(2025, 8, 1));
    p.Refusal(psn, x, "M03900", t0);
    ChronicVisit(p, psn, x, t0 + 5 * kDay, false, true);
    p.NearMiss(RefuseKey(psn, x), "the second encounter was cancelled and then settled: not refused");
  }
  {  // Revoked registration: nothing counts.
    const Institution& x = p.OpspHospital();
    const std::string psn = patient(x, 0);
    const Seconds t0 = CaseTime(p, DaysFromCivil(2025, 8, 1));
    p.Refusal(psn, x, "M03900", t0);
    p.Refusal(psn, x, "M03900", t0 + 4 * kDay);
    p.NearMiss(RefuseKey(psn, x), "the registration is revoked (status 0)");
  }
  {  // Registered at another institution.
    const Institution& x = p.OpspHospital(3);
    const Institution& y = p.OpspHospital(2);
    const std::string psn = patient(y);
    const Seconds t0 = CaseTime(p, DaysFromCivil(2025, 8, 1));
    p.Refusal(psn, x, "M03900", t0);
    p.Refusal(psn, x, "M03900", t0 + 4 * kDay);
    p.NearMiss(RefuseKey(psn, x), "the patient is registered at another institution");
  }
  {  // The registration ends between the two refusals.
    const Institution& x = p.OpspHospital();
    const Seconds t0 = CaseTime(p, DaysFromCivil(2025, 8, 1));
    const std::string psn = patient(x, 1, DayOf(t0) + 2);
    p.Refusal(psn, x, "M03900", t0);
    p.Refusal(psn, x, "M03900", t0 + 5 * kDay);
    p.NearMiss(RefuseKey(psn, x), "the registration ends before the second refusal: only one counts");
  }
  {  // General-outpatient registrations cancelled are not 门慢特 refusals.
    const Institution& x = p.OpspHospital();
    const std::string psn = patient(x);
    const Seconds t0 = CaseTime(p, DaysFromCivil(2025, 8, 1));
    p.Refusal(psn, x, "", t0, 11);
    p.Refusal(psn, x, "", t0 + 3 * kDay, 11);
    p.NearMiss(RefuseKey(psn, x), "the cancelled encounters are med_type 11, not 14");
  }
}

void Complaints(Planter& p) {
  const Days begin = DaysFromCivil(2024, 6, 1);
  const Days end = DaysFromCivil(2025, 2, 1) + static_cast<Days>(p.rng().Below(150));
  const Institution& x = p.OpspHospital();
  const Institution& y = p.OpspHospital(3);
  const std::string psn = p.Adult();
  p.Registration(psn, "M01600", x, begin, end);
  p.Positive(ComplaintKey(p.Complaint(psn, x, StartOfDay(end) + 15 * kHour, "拒收")));
  p.Positive(ComplaintKey(p.Complaint(psn, x, StartOfDay(end - 20) + 9 * kHour, "推诿")));
  p.NearMiss(ComplaintKey(p.Complaint(psn, x, StartOfDay(end - 30) + 10 * kHour, "收费")), "category 收费");
  p.NearMiss(ComplaintKey(p.Complaint(psn, x, StartOfDay(end + 1), "拒收")), "received the day after the registration's enddate");
  if (y.code != x.code) {
    p.NearMiss(ComplaintKey(p.Complaint(psn, y, StartOfDay(end - 10) + 14 * kHour, "拒收")),
               "complaint about an institution the patient is not registered at");
  }
  const std::string revoked = p.Adult();
  p.Registration(revoked, "M03900", x, begin, std::nullopt, 0);
  p.NearMiss(ComplaintKey(p.Complaint(revoked, x, StartOfDay(end - 5) + 11 * kHour, "推诿")),
             "the registration is revoked (status 0)");
}

void NoRegistration(Planter& p) {
  auto settle = [&](const std::string& reg_dise, int status, Days reg_begin, std::optional<Days> reg_end,
                    bool other_institution, Seconds t, bool reversed, bool positive, const char* why) {
    const Institution& x = p.OpspHospital(2);
    const Institution& reg_at = other_institution ? p.OpspHospital(3) : x;
    const std::string psn = p.Adult();
    p.Registration(psn, reg_dise, reg_at, reg_begin, reg_end, status);
    const std::string s = ChronicVisit(p, psn, x, t, reversed);
    if (positive) {
      p.Positive(SetlKey("OPSP-NOREG", s));
    } else {
      p.NearMiss(SetlKey("OPSP-NOREG", s), why);
    }
  };
  const Seconds t = CaseTime(p, DaysFromCivil(2025, 8, 20));
  const Days day = DayOf(t);
  const Days begin = DaysFromCivil(2024, 3, 1);
  settle("M03900", 1, begin, std::nullopt, false, t, false, false, "registered for M03900 at this institution");
  settle("M01600", 1, begin, std::nullopt, false, t, false, true, "");
  settle("M03900", 1, begin, day - 1, false, t, false, true, "");
  settle("M03900", 0, begin, std::nullopt, false, t, false, true, "");
  settle("M03900", 1, begin, std::nullopt, true, t, false, true, "");
  settle("M03900", 1, begin, day, false, t, false, false, "settled on the registration's enddate");
  settle("M03900", 1, day, std::nullopt, false, t, false, false, "settled on the registration's begndate");
  settle("M01600", 1, begin, std::nullopt, false, t, true, false, "no registration for M03900, but the settlement is reversed");
}

}  // namespace

void PlantOpspCases(Planter& p) {
  Refuse(p);
  Complaints(p);
  NoRegistration(p);
}

}  // namespace fundwatch::gen
