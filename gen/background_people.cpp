// Background persons and their year of care: each person is planned as a
// list of encounters, laid on a timeline without overlaps, then written in
// time order through a PatientLedger that keeps every rule clean.
#include <algorithm>

#include "gen/background_people.h"
#include "gen/names.h"

namespace fundwatch::gen {
namespace background {
namespace {

Days BirthFor(Prng& rng, int& age) {
  const uint64_t r = rng.Below(100);
  age = r < 8 ? static_cast<int>(rng.Range(0, 6))
      : r < 18 ? static_cast<int>(rng.Range(7, 17))
      : r < 45 ? static_cast<int>(rng.Range(18, 39))
      : r < 73 ? static_cast<int>(rng.Range(40, 59))
      : r < 95 ? static_cast<int>(rng.Range(60, 79))
      : static_cast<int>(rng.Range(80, 95));
  return DaysFromCivil(2024 - age, 1, 1) + static_cast<Days>(rng.Below(365));
}

}  // namespace

PeopleSample PeopleGenerator::Run() {
  for (int64_t n = 0; n < kPersonsPerScale * options_.scale; ++n) One(n);
  return std::move(sample_);
}

void PeopleGenerator::One(int64_t n) {
  Prng rng(options_.seed, "person", static_cast<uint64_t>(n));
  int age = 0;
  patient_ = Patient{ids_.Next("33020000", 8), static_cast<int>(rng.Range(1, 2)), BirthFor(rng, age)};
  const uint64_t status = rng.Below(1000);
  std::optional<Days> death;
  if (status < 15) death = DaysFromCivil(2023, 1, 1) + static_cast<Days>(rng.Below(1030));
  rec_.Begin().Str(patient_.psn).Int(patient_.gend).Date(patient_.brdy)
      .Int(age >= 18 && age < 60 && rng.Chance(600) ? 310 : 390);
  if (death) {
    rec_.Date(*death);
  } else {
    rec_.Null();
  }
  rec_.Str(PersonName(rng, patient_.gend)).EmitTo(Table::kPsn);
  if (status < 150) return;  // deceased or no care this year

  ledger_.Reset(patient_, &rng);
  for (int& h : home_hospitals_) h = rng.Pick(institutions_.hospitals());
  for (int& p : home_pharmacies_) p = rng.Pick(institutions_.pharmacies());
  chronic_.reset();
  dual_.reset();
  if (age >= 40 && rng.Chance(200)) RegisterChronic(rng);
  if (age >= 30 && rng.Chance(6)) {
    dual_ = Dual{&rng.Pick(DualChannelDiseases()), rng.Pick(institutions_.hospitals_of_level(3)),
                 rng.Pick(institutions_.dual_pharmacies())};
  }
  Sample(sample_.anyone, patient_.psn, anyone_seen_++);
  if (!chronic_) Sample(sample_.unregistered, patient_.psn, unregistered_seen_++);

  std::vector<Planned> plan;
  Plan(plan, rng, age);
  std::stable_sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.begin < b.begin; });
  Seconds cursor = BackgroundStart();
  for (Planned& e : plan) {
    if (e.begin < cursor + 30 * kMinute) e.begin = cursor + 30 * kMinute + rng.Range(0, 6 * 60) * kMinute;
    if (e.begin + e.length > BackgroundEnd() - 3 * kHour) continue;
    cursor = e.begin + e.length;
    Realize(e, rng);
  }
}

void PeopleGenerator::Sample(std::vector<std::string>& into, const std::string& psn, int64_t seen) {
  constexpr size_t kCapacity = 4000;
  if (into.size() < kCapacity) {
    into.push_back(psn);
  } else {
    const uint64_t slot = sample_rng_.Below(static_cast<uint64_t>(seen) + 1);
    if (slot < kCapacity) into[slot] = psn;
  }
}

void PeopleGenerator::RegisterChronic(Prng& rng) {
  Chronic c;
  c.disease = &rng.Pick(OpspDiseases());
  c.inst = rng.Pick(institutions_.opsp_hospitals());
  c.begin = DaysFromCivil(2019, 1, 1) + static_cast<Days>(rng.Below(2372));  // to 2025-06-30
  if (rng.Chance(400)) c.end = DaysFromCivil(CivilFromDays(c.begin).year + static_cast<int>(rng.Range(2, 5)),
                                             CivilFromDays(c.begin).month, 1) - 1;
  auto reg = [&](const OpspDisease& d, int inst, Days begin, std::optional<Days> end, int status) {
    rec_.Begin().Str(ids_.Next("REG", 10)).Str(patient_.psn).Str(d.code).Str(d.name)
        .Str(institutions_.at(inst).code).Date(begin);
    if (end) {
      rec_.Date(*end);
    } else {
      rec_.Null();
    }
    rec_.Int(status).EmitTo(Table::kOpspReg);
  };
  reg(*c.disease, c.inst, c.begin, c.end, 1);
  if (rng.Chance(200)) reg(*c.disease, rng.Pick(institutions_.opsp_hospitals()), c.begin - 3 * 365, c.begin - 1, 1);
  if (rng.Chance(50)) reg(rng.Pick(OpspDiseases()), c.inst, c.begin, std::nullopt, 0);
  chronic_ = c;
}

void PeopleGenerator::Plan(std::vector<Planned>& plan, Prng& rng, int age) {
  const int64_t days = (BackgroundEnd() - BackgroundStart()) / kDay - 3;
  // A day of the year, at 07:30 plus up to `hours` hours.
  auto at = [&](int hours = 10) {
    return BackgroundStart() + rng.Range(0, days) * kDay + 450 * kMinute + rng.Range(0, hours * 60) * kMinute;
  };
  const int64_t outpatient = rng.Range(0, 2) + (age >= 60 ? rng.Range(0, 2) : 0) + (age <= 6 ? rng.Range(0, 2) : 0);
  for (int64_t i = 0; i < outpatient; ++i) plan.push_back({Kind::kOutpatient, at(), kHour});
  for (int64_t i = rng.Range(0, 2); i > 0; --i) plan.push_back({Kind::kPharmacy, at(13), 2 * kHour});
  if (rng.Chance(age >= 60 ? 110 : 50)) {
    plan.push_back({Kind::kInpatient, at(), 13 * kDay});
    if (rng.Chance(150)) plan.push_back({Kind::kInpatient, at(), 13 * kDay});
  }
  if (rng.Chance(30)) plan.push_back({Kind::kCancelled, at(), kHour});
  const int anchor = static_cast<int>(rng.Range(3, 25));
  for (int month = 1; month <= 10; ++month) {
    const Seconds day = MakeTime(2025, month, anchor + static_cast<int>(rng.Range(-2, 2)));
    if (chronic_ && chronic_->Covers(DayOf(day))) {
      plan.push_back({Kind::kChronic, day + 8 * kHour + rng.Range(0, 210) * kMinute, kHour});
    }
    if (dual_) plan.push_back({Kind::kDual, day + 9 * kHour + rng.Range(0, 120) * kMinute, 2 * kDay});
  }
  if (chronic_ && rng.Chance(40)) plan.push_back({Kind::kRefusal, at(), kHour});
}

void PeopleGenerator::Realize(const Planned& e, Prng& rng) {
  switch (e.kind) {
    case Kind::kOutpatient: Outpatient(e.begin, rng); break;
    case Kind::kPharmacy: Pharmacy(e.begin, rng); break;
    case Kind::kInpatient: Inpatient(e.begin, rng); break;
    case Kind::kChronic: ChronicVisit(e.begin, rng); break;
    case Kind::kDual: DualBlock(e.begin, rng); break;
    case Kind::kCancelled: {
      const std::string mdtrt = ids_.Next("M");
      const int inst = home_hospitals_[rng.Below(2)];
      ledger_.EncounterEvent(mdtrt, inst, 11, "", "register", e.begin);
      ledger_.EncounterEvent(mdtrt, inst, 11, "", "cancel", e.begin + rng.Range(5, 30) * kMinute,
                             OrdinaryCancelReason(rng));
      break;
    }
    case Kind::kRefusal: {
      if (!chronic_->Covers(DayOf(e.begin))) break;
      const std::string mdtrt = ids_.Next("M");
      ledger_.EncounterEvent(mdtrt, chronic_->inst, 14, chronic_->disease->code, "register", e.begin);
      ledger_.EncounterEvent(mdtrt, chronic_->inst, 14, chronic_->disease->code, "cancel",
                             e.begin + rng.Range(10, 40) * kMinute, RefusalReason(rng));
      break;
    }
  }
}

const Condition* PeopleGenerator::PickCondition(const std::vector<Condition>& list, Days day, Prng& rng) {
  const int age = AgeOn(patient_.brdy, day);
  for (int attempt = 0; attempt < 12; ++attempt) {
    const Condition& c = rng.Pick(list);
    if ((c.gender == 0 || c.gender == patient_.gend) && age >= c.age_min && age <= c.age_max) return &c;
  }
  return nullptr;
}

void PeopleGenerator::AddDrugs(SettlementPlan& plan, const std::vector<std::string>& keys, int count, Seconds t,
                               int min_days, int max_days, Prng& rng) {
  if (keys.empty()) return;
  std::vector<std::string> pool = keys;
  rng.Shuffle(pool);
  for (int i = 0; i < count && i < static_cast<int>(pool.size()); ++i) {
    PlannedLine line;
    line.item = ItemIndex(pool[static_cast<size_t>(i)]);
    line.time = t + i * kMinute;
    line.cnt = rng.Range(1, 3) * kFixedOne;
    line.days = static_cast<int>(rng.Range(min_days, max_days));
    plan.lines.push_back(line);
  }
}

}  // namespace background

PeopleSample GeneratePeople(const Catalogue& catalogue, const Institutions& institutions,
                            const BackgroundOptions& options, Sinks& sinks) {
  background::PeopleGenerator g(catalogue, institutions, options, sinks);
  return g.Run();
}

}  // namespace fundwatch::gen
