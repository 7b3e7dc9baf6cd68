// Planted cases for the per-line catalogue rules: LMT-SEX, LMT-AGE, LMT-DX,
// LMT-LV, PRC-CEIL, QTY-RX.
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

Days Aug20() { return DaysFromCivil(2025, 8, 20); }

// Birth date `years` before `day`, same month and day.
Days YearsBefore(Days day, int years) {
  const CivilDate c = CivilFromDays(day);
  return DaysFromCivil(c.year - years, c.month, c.day);
}

void Sex(Planter& p) {
  const Institution& h = p.Hospital(2);
  auto one = [&](int gend, const char* item, const char* dx, bool reversed, bool positive, const char* why) {
    const Seconds t = CaseTime(p, Aug20());
    const std::string s = p.Visit(p.Adult(gend), h, 11, t, {dx}, reversed);
    const std::string f = p.Fee(Line(s, item, t).Days(10));
    if (positive) {
      p.Positive(LineKey("LMT-SEX", f));
    } else {
      p.NearMiss(LineKey("LMT-SEX", f), why);
    }
  };
  one(2, "tamsulosin", "N39.000", false, true, "");
  one(1, "progesterone", "R10.400", false, true, "");
  one(2, "psa", "R39.100", false, true, "");
  one(1, "tamsulosin", "N40.x00", false, false, "gender_lmt 1 equals the patient's gend 1");
  one(2, "amlodipine", "I10.x00", false, false, "gender_lmt is null: payable for any gend");
  one(2, "tamsulosin", "N39.000", true, false, "female patient billed a male-only drug, but the settlement is reversed");
}

void Age(Planter& p) {
  const Institution& h = p.Hospital(3);
  auto one = [&](Days brdy, const char* item, const char* dx, Seconds t, bool reversed, bool positive,
                 const char* why) {
    const std::string psn = p.Person(static_cast<int>(p.rng().Range(1, 2)), brdy);
    const std::string s = p.Visit(psn, h, 11, t, {dx}, reversed);
    const std::string f = p.Fee(Line(s, item, t).Days(3));
    if (positive) {
      p.Positive(LineKey("LMT-AGE", f));
    } else {
      p.NearMiss(LineKey("LMT-AGE", f), why);
    }
  };
  const Seconds t = CaseTime(p, Aug20());
  const Days day = DayOf(t);
  // paed_cold: age_max 12. levofloxacin: age_min 18.
  one(YearsBefore(day, 13), "paed_cold", "J06.900", t, false, true, "");
  one(YearsBefore(day, 13) + 1, "paed_cold", "J06.900", t, false, false,
      "turns 13 the day after the fee date: still 12 = age_max");
  one(DaysFromCivil(2012, 2, 29), "paed_cold", "J06.900", MakeTime(2025, 3, 1, 9, 30), false, true, "");
  one(DaysFromCivil(2012, 2, 29), "paed_cold", "J06.900", MakeTime(2025, 2, 28, 16, 10), false, false,
      "born 2012-02-29: on 2025-02-28 still 12 (the birthday is reached on 03-01 in a common year)");
  one(YearsBefore(day, 18), "levofloxacin", "J20.900", t, false, false, "turns 18 = age_min on the fee date");
  one(YearsBefore(day, 18) + 1, "levofloxacin", "J20.900", t, false, true, "");
  one(YearsBefore(day, 40), "paed_cold", "J06.900", t, false, true, "");
  one(YearsBefore(day, 13), "paed_cold", "J06.900", t, true, false, "13-year-old billed a child-only drug, but the settlement is reversed");
}

void Dx(Planter& p) {
  const Institution& h = p.Hospital(2);
  auto one = [&](const char* item, std::vector<std::string> dx, bool reversed, bool positive, const char* why) {
    const Seconds t = CaseTime(p, Aug20());
    const std::string s = p.Visit(p.Adult(), h, 11, t, dx, reversed);
    const std::string f = p.Fee(Line(s, item, t).Days(28));
    if (positive) {
      p.Positive(LineKey("LMT-DX", f));
    } else {
      p.NearMiss(LineKey("LMT-DX", f), why);
    }
  };
  one("insulin_aspart", {"I10.x00", "E11.900"}, false, false, "the secondary diagnosis E11.900 starts with E11");
  one("insulin_aspart", {"I10.x00"}, false, true, "");
  one("insulin_aspart", {"E12.900"}, false, true, "");
  one("entecavir", {"B18.100"}, false, false, "B18.100 starts with B18.1");
  one("entecavir", {"B18.200", "K76.000"}, false, true, "");
  one("insulin_aspart", {"J06.900"}, true, false, "no matching diagnosis, but the settlement is reversed");
  // A fee line whose settlement row is absent is not judged by LMT-DX.
  const Seconds t = CaseTime(p, Aug20());
  const std::string f = p.Fee(Line(p.NewSetlId(), "insulin_aspart", t).Days(28).Orphan(p.Adult(), h));
  p.NearMiss(LineKey("LMT-DX", f), "the fee line's settlement is absent: not judged");
}

void Level(Planter& p) {
  auto one = [&](const Institution& at, const char* item, int med_type, bool reversed, bool positive, const char* why) {
    const Seconds t = CaseTime(p, Aug20());
    const std::string s = p.Visit(p.Adult(), at, med_type, t, {"C34.900"}, reversed);
    const std::string f = p.Fee(Line(s, item, t));
    if (positive) {
      p.Positive(LineKey("LMT-LV", f));
    } else {
      p.NearMiss(LineKey("LMT-LV", f), why);
    }
  };
  one(p.Hospital(3), "pet_ct", 11, false, false, "medins_lv 3 equals medins_lv_lmt 3");
  one(p.Hospital(2), "pet_ct", 11, false, true, "");
  one(p.Hospital(2), "mri", 11, false, false, "medins_lv 2 equals medins_lv_lmt 2");
  one(p.Hospital(1), "mri", 11, false, true, "");
  one(p.Pharmacy(false), "human_albumin", 41, false, true, "");
  one(p.Hospital(1), "pet_ct", 11, true, false, "level-1 institution billed a level-3 item, but the settlement is reversed");
}

void Ceiling(Planter& p) {
  auto one = [&](const Institution& at, const char* item, Fixed pric, Seconds t, bool reversed, bool positive,
                 const char* why) {
    const std::string s = p.Visit(p.Adult(), at, 11, t, {"J18.900"}, reversed);
    const std::string f = p.Fee(Line(s, item, t).Price(pric).Cnt(2 * kFixedOne).Days(3));
    if (positive) {
      p.Positive(LineKey("PRC-CEIL", f));
    } else {
      p.NearMiss(LineKey("PRC-CEIL", f), why);
    }
  };
  const Institution& h = p.Hospital(3);
  one(h, "amoxicillin", Yuan(9, 80), CaseTime(p, Aug20()), false, false, "pric 9.80 equals pric_uplmt_amt 9.80");
  one(h, "amoxicillin", Yuan(9, 80) + 1, CaseTime(p, Aug20()), false, true, "");
  one(h, "pet_ct", Yuan(7500), CaseTime(p, Aug20()), false, true, "");
  one(h, "ct", Yuan(500), CaseTime(p, Aug20()), false, false, "the item has no pric_uplmt_amt");
  one(h, "omeprazole_inj", Yuan(110), MakeTime(2025, 6, 30, 9, 0), false, false,
      "110.00 <= the ceiling 120.00 of the row valid on 2025-06-30");
  one(h, "omeprazole_inj", Yuan(110), MakeTime(2025, 7, 1, 9, 0), false, true, "");
  one(h, "amoxicillin", Yuan(12), CaseTime(p, Aug20()), true, false, "pric above the ceiling, but the settlement is reversed");
}

void RxDays(Planter& p) {
  const Institution& h = p.Hospital(2);
  auto one = [&](const char* item, std::optional<int> days, bool long_rx, bool reversed, bool positive, const char* why) {
    const Seconds t = CaseTime(p, Aug20());
    const std::string s = p.Visit(p.Adult(), h, 11, t, {"J20.900", "K29.700"}, reversed);
    Line line(s, item, t);
    line.prd_days = days;
    if (long_rx) line.LongRx();
    const std::string f = p.Fee(line);
    if (positive) {
      p.Positive(LineKey("QTY-RX", f));
    } else {
      p.NearMiss(LineKey("QTY-RX", f), why);
    }
  };
  one("cefuroxime", 7, false, false, false, "prd_days 7 equals max_prd_days 7");
  one("cefuroxime", 8, false, false, true, "");
  one("omeprazole", 30, true, false, false, "prd_days 30 > 14 but long_rx_flag = 1 (exempt)");
  one("omeprazole", 15, false, false, true, "");
  one("cefuroxime", std::nullopt, false, false, false, "prd_days is null");
  one("cefuroxime", 10, false, true, false, "prd_days 10 > 7, but the settlement is reversed");
}

}  // namespace

void PlantCatalogueCases(Planter& p) {
  Sex(p);
  Age(p);
  Dx(p);
  Level(p);
  Ceiling(p);
  RxDays(p);
}

}  // namespace fundwatch::gen
