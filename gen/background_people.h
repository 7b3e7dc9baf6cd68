// PeopleGenerator: internal to the background (background_people.cpp plans
// each person's year, background_visits.cpp writes each kind of encounter).
// One person at a time; the person's encounters are written in time order
// through a PatientLedger. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gen/background.h"
#include "gen/background_ledger.h"
#include "gen/clinical.h"

namespace fundwatch::gen::background {

enum class Kind { kOutpatient, kPharmacy, kInpatient, kChronic, kDual, kCancelled, kRefusal };

struct Planned {
  Kind kind;
  Seconds begin;
  Seconds length;
};

struct Chronic {
  const OpspDisease* disease = nullptr;
  int inst = 0;
  Days begin = 0;
  std::optional<Days> end;
  bool Covers(Days d) const { return begin <= d && (!end || d <= *end); }
};

struct Dual {
  const DualChannelDisease* disease = nullptr;
  int hospital = 0;
  int pharmacy = 0;
};

class PeopleGenerator {
 public:
  PeopleGenerator(const Catalogue& c, const Institutions& i, const BackgroundOptions& o, Sinks& s)
      : catalogue_(c), institutions_(i), options_(o), sinks_(s), ledger_(c, i, s, ids_), rec_(s),
        sample_rng_(o.seed, "people-sample") {}

  // Background persons per unit of scale (≈ 10,000 fee lines).
  static constexpr int64_t kPersonsPerScale = 1200;

  PeopleSample Run();

 private:
  void One(int64_t n);
  void Plan(std::vector<Planned>& plan, Prng& rng, int age);
  void Realize(const Planned& e, Prng& rng);
  void Outpatient(Seconds b, Prng& rng);
  void Pharmacy(Seconds b, Prng& rng);
  void Inpatient(Seconds b, Prng& rng);
  void ChronicVisit(Seconds b, Prng& rng);
  void DualBlock(Seconds b, Prng& rng);
  void RegisterChronic(Prng& rng);
  const Condition* PickCondition(const std::vector<Condition>& list, Days day, Prng& rng);
  int ItemIndex(const std::string& key) const { return static_cast<int>(&catalogue_.ByKey(key) - catalogue_.items().data()); }
  void AddDrugs(SettlementPlan& plan, const std::vector<std::string>& keys, int count, Seconds t, int min_days,
                int max_days, Prng& rng);
  void Sample(std::vector<std::string>& into, const std::string& psn, int64_t seen);

  const Catalogue& catalogue_;
  const Institutions& institutions_;
  const BackgroundOptions& options_;
  Sinks& sinks_;
  IdCounter ids_{IdRange::kBackground};
  PatientLedger ledger_;
  RecordBuilder rec_;
  Prng sample_rng_;
  PeopleSample sample_;
  int64_t unregistered_seen_ = 0;
  int64_t anyone_seen_ = 0;

  // The current person.
  Patient patient_;
  int home_hospitals_[2] = {0, 0};
  int home_pharmacies_[2] = {0, 0};
  std::optional<Chronic> chronic_;
  std::optional<Dual> dual_;
};

}  // namespace fundwatch::gen::background
