// Planted cases for QTY-30D and FRQ-MULTI: one patient per case, each fee
// line in its own settlement, windows (t - N days, t] probed at their edges.
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

struct Purchase {
  Seconds offset;
  std::optional<int> days;
  const char* item = "rosuvastatin";
  bool long_rx = false;
  bool reversed = false;
  int pharmacy = 0;  // index into the case's pharmacies
};

// Plants the purchases of one patient; returns the patient.
std::string Purchases(Planter& p, const std::vector<Purchase>& list, Seconds t0) {
  const std::string psn = p.Adult();
  std::vector<const Institution*> pharmacies;
  while (pharmacies.size() < 4) {
    const Institution* candidate = &p.Pharmacy(false);
    bool seen = false;
    for (const Institution* i : pharmacies) seen = seen || i->code == candidate->code;
    if (!seen) pharmacies.push_back(candidate);
  }
  for (const Purchase& u : list) {
    const Seconds t = t0 + u.offset;
    const std::string s = p.Visit(psn, *pharmacies[static_cast<size_t>(u.pharmacy)], 41, t, {"I25.100"}, u.reversed);
    Line line(s, u.item, t);
    line.prd_days = u.days;
    if (u.long_rx) line.LongRx();
    p.Fee(line);
  }
  return psn;
}

void Stock(Planter& p) {
  const std::string ros = p.catalogue().ByKey("rosuvastatin").code;
  const std::string ator = p.catalogue().ByKey("atorvastatin").code;
  const Days last = DaysFromCivil(2025, 8, 15);
  auto positive = [&](std::vector<Purchase> list) {
    p.Positive(PsnItemKey("QTY-30D", Purchases(p, list, CaseTime(p, last)), ros));
  };
  auto near = [&](std::vector<Purchase> list, const char* why) {
    p.NearMiss(PsnItemKey("QTY-30D", Purchases(p, list, CaseTime(p, last)), ros), why);
  };
  positive({{0, 30}, {10 * kDay, 30}, {20 * kDay, 1}});
  near({{0, 30}, {15 * kDay, 30}}, "exactly 60 days of supply within 30 days (not above 60)");
  near({{0, 30}, {30 * kDay, 31}}, "the two fee lines are exactly 30 days apart: (t-30d, t] excludes the first");
  positive({{0, 30}, {30 * kDay - 1, 31}});
  {
    Purchase second{5 * kDay, 31};
    second.long_rx = true;
    near({{0, 30}, second}, "the 31-day line is a long-term prescription (long_rx_flag = 1)");
  }
  {
    Purchase second{5 * kDay, 31};
    second.reversed = true;
    near({{0, 30}, second}, "the 31-day line's settlement is reversed");
  }
  near({{0, 30}, {1 * kDay, std::nullopt}, {2 * kDay, 30}}, "a null prd_days counts 0: 60 in total");
  {
    Purchase other{5 * kDay, 31};
    other.item = "atorvastatin";
    const std::string psn = Purchases(p, {{0, 30}, other}, CaseTime(p, last));
    p.NearMiss(PsnItemKey("QTY-30D", psn, ros), "30 days of rosuvastatin and 31 of another drug");
    p.NearMiss(PsnItemKey("QTY-30D", psn, ator), "31 days of atorvastatin and 30 of another drug");
  }
}

Purchase At(Seconds offset, int pharmacy, bool reversed = false, const char* item = "loratadine") {
  Purchase u{offset, 5};
  u.item = item;
  u.pharmacy = pharmacy;
  u.reversed = reversed;
  return u;
}

void Multi(Planter& p) {
  const std::string lor = p.catalogue().ByKey("loratadine").code;
  const std::string ibu = p.catalogue().ByKey("ibuprofen").code;
  const Days last = DaysFromCivil(2025, 8, 15);
  auto positive = [&](std::vector<Purchase> list) {
    p.Positive(PsnItemKey("FRQ-MULTI", Purchases(p, list, CaseTime(p, last)), lor));
  };
  auto near = [&](std::vector<Purchase> list, const char* why) {
    p.NearMiss(PsnItemKey("FRQ-MULTI", Purchases(p, list, CaseTime(p, last)), lor), why);
  };
  positive({At(0, 0), At(2 * kDay, 1), At(7 * kDay - 1, 2)});
  near({At(0, 0), At(3 * kDay, 1), At(7 * kDay, 2)}, "first and third institution exactly 7 days apart: (t-7d, t] excludes the first");
  near({At(0, 0), At(3 * kDay, 1), At(7 * kDay + 1, 2)}, "first and third institution 7 days + 1 s apart");
  near({At(0, 0), At(1 * kDay, 1, true), At(2 * kDay, 2)}, "one of the three fee lines is in a reversed settlement");
  near({At(0, 0), At(1 * kDay, 0), At(2 * kDay, 1)}, "only two distinct institutions");
  positive({At(0, 0), At(1 * kDay, 1), At(3 * kDay, 2), At(5 * kDay, 3)});
  {
    const std::string psn = Purchases(p, {At(0, 0), At(1 * kDay, 1), At(2 * kDay, 2, false, "ibuprofen")},
                                      CaseTime(p, last));
    p.NearMiss(PsnItemKey("FRQ-MULTI", psn, lor), "two institutions for this drug, the third sold another drug");
    p.NearMiss(PsnItemKey("FRQ-MULTI", psn, ibu), "one institution for this drug");
  }
}

}  // namespace

void PlantQuantityCases(Planter& p) {
  Stock(p);
  Multi(p);
}

}  // namespace fundwatch::gen
