// Planted cases for the procurement-delivery rules: DLV-LATE (one order),
// DLV-RATE (one distributor-month) and DLV-3M (three consecutive months).
// Every case has its own distributor; deadlines are probed against the
// planted as-of time.
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

constexpr Fixed kQty = 100 * kFixedOne;

TruthKey LateKey(const std::string& order) { return TruthKey{"DLV-LATE", {{"order_id", order}}}; }
TruthKey MonthKey(const char* rule, const std::string& dist, int month_index) {
  return TruthKey{rule, {{"distributor_code", dist}, {"month", FormatMonth(month_index)}}};
}

void Late(Planter& p) {
  const std::string d = p.Distributor();
  const Seconds t = CaseTime(p, DaysFromCivil(2025, 8, 20));
  Seconds at = t;
  auto next = [&] { return at += 7 * kHour + 13 * kMinute; };
  auto order = [&](bool urgent, std::optional<Seconds> cancel_after = std::nullopt) {
    const Seconds o = next();
    return std::make_pair(p.Order(d, o, urgent, kQty, cancel_after ? std::optional<Seconds>(o + *cancel_after) : std::nullopt), o);
  };
  const Seconds sla = 48 * kHour;
  const Seconds urgent_sla = 4 * kHour;
  {
    auto [id, o] = order(false);
    p.Delivery(id, kQty, o + sla);
    p.NearMiss(LateKey(id), "delivered exactly at the deadline");
  }
  {
    auto [id, o] = order(false);
    p.Delivery(id, kQty, o + sla + 1);
    p.Positive(LateKey(id));
  }
  {
    auto [id, o] = order(false);
    p.Delivery(id, 60 * kFixedOne, o + 10 * kHour);
    p.Delivery(id, 40 * kFixedOne, o + sla);
    p.NearMiss(LateKey(id), "two partial deliveries add up to order_qty by the deadline");
  }
  {
    auto [id, o] = order(false);
    p.Delivery(id, 60 * kFixedOne, o + 10 * kHour);
    p.Delivery(id, 40 * kFixedOne, o + sla + kHour);
    p.Positive(LateKey(id));
  }
  {
    auto [id, o] = order(true);
    p.Delivery(id, kQty, o + urgent_sla);
    p.NearMiss(LateKey(id), "urgent order delivered exactly 4 h after ordering");
  }
  {
    auto [id, o] = order(true);
    p.Delivery(id, kQty, o + urgent_sla + 1);
    p.Positive(LateKey(id));
  }
  {
    auto [id, o] = order(true);
    p.Delivery(id, kQty, o + 5 * kHour);
    p.Positive(LateKey(id));
  }
  {
    auto [id, o] = order(false, 10 * kHour);
    p.NearMiss(LateKey(id), "cancelled before its deadline: not judged");
  }
  {
    auto [id, o] = order(false, 50 * kHour);
    p.Positive(LateKey(id));
  }
  {
    auto [id, o] = order(false, sla);
    p.Positive(LateKey(id));  // cancelled exactly at the deadline: not before it
  }
  {
    auto [id, o] = order(false);
    p.Delivery(id, 120 * kFixedOne, o + 5 * kHour);
    p.NearMiss(LateKey(id), "over-delivered in time");
  }
  // Against the as-of time.
  const Seconds as_of = PlantedAsOf();
  const std::string due = p.Order(d, as_of - sla, false, kQty);
  p.Positive(LateKey(due));
  const std::string not_due = p.Order(d, as_of - sla + 1, false, kQty);
  p.NearMiss(LateKey(not_due), "deadline 1 s after the as-of time: not judged yet");
  const std::string anchor = p.Order(d, as_of - sla, false, kQty);
  p.Delivery(anchor, kQty, as_of);  // the latest event of the data set
  p.NearMiss(LateKey(anchor), "delivered exactly at the deadline, which is the as-of time");
}

// `orders` orders in `month` of which `on_time` are delivered in time; the
// rest are delivered late. Late orders are DLV-LATE positives.
void MonthOrders(Planter& p, const std::string& d, int month_index, int orders, int on_time) {
  const int year = month_index / 12;
  const int month = month_index % 12 + 1;
  const int days = DaysInMonth(year, month);
  for (int i = 0; i < orders; ++i) {
    const Seconds t = MakeTime(year, month, 1 + i % days, 8 + i % 9, static_cast<int>(p.rng().Below(60)));
    const std::string id = p.Order(d, t, false, kQty);
    if (i < on_time) {
      p.Delivery(id, kQty, t + p.rng().Range(2, 40) * kHour);
    } else {
      p.Delivery(id, kQty, t + p.rng().Range(49, 90) * kHour);
      p.Positive(LateKey(id));
    }
  }
}

int Month(int year, int month) { return year * 12 + month - 1; }

void Rate(Planter& p) {
  const int m = Month(2025, 2 + static_cast<int>(p.rng().Below(7)));
  {
    const std::string d = p.Distributor();
    MonthOrders(p, d, m, 20, 18);
    p.NearMiss(MonthKey("DLV-RATE", d, m), "20 orders, 18 on time: rate 0.90 is not below 0.90");
  }
  {
    const std::string d = p.Distributor();
    MonthOrders(p, d, m, 20, 17);
    p.Positive(MonthKey("DLV-RATE", d, m));
  }
  {
    const std::string d = p.Distributor();
    MonthOrders(p, d, m, 19, 15);
    p.NearMiss(MonthKey("DLV-RATE", d, m), "only 19 judged orders");
  }
  {
    const std::string d = p.Distributor();
    MonthOrders(p, d, m, 19, 17);
    const Seconds t = MakeTime(m / 12, m % 12 + 1, 20, 9);
    const std::string cancelled = p.Order(d, t, false, kQty, t + 3 * kHour);
    p.NearMiss(LateKey(cancelled), "cancelled before its deadline: not judged");
    p.NearMiss(MonthKey("DLV-RATE", d, m), "20 orders but one was cancelled before its deadline: 19 judged");
  }
  {  // The as-of month: one order is not due yet.
    const std::string d = p.Distributor();
    const int oct = Month(2025, 10);
    for (int i = 0; i < 19; ++i) {
      const Seconds t = MakeTime(2025, 10, 1 + i, 9 + i % 8, 5);
      const std::string id = p.Order(d, t, false, kQty);
      if (i < 16) {
        p.Delivery(id, kQty, t + 20 * kHour);
      } else {
        p.Positive(LateKey(id));
      }
    }
    const std::string pending = p.Order(d, PlantedAsOf() - 47 * kHour, false, kQty);
    p.NearMiss(LateKey(pending), "deadline after the as-of time");
    p.NearMiss(MonthKey("DLV-RATE", d, oct), "20 orders in the as-of month, but one is not due yet: 19 judged");
  }
  {  // An order at 23:59:59 on the last day belongs to that month.
    const std::string d = p.Distributor();
    const int mar = Month(2025, 3);
    MonthOrders(p, d, mar, 19, 17);
    const std::string last = p.Order(d, MakeTime(2025, 3, 31, 23, 59, 59), false, kQty);
    p.Positive(LateKey(last));
    p.Positive(MonthKey("DLV-RATE", d, mar));
    const std::string april = p.Order(d, MakeTime(2025, 4, 1, 0, 0, 0), false, kQty);
    p.Positive(LateKey(april));
    p.NearMiss(MonthKey("DLV-RATE", d, mar + 1), "a single order in April");
  }
}

// Bad months: 20 orders, 16 on time. Good month: 20 of 20. Few: 19 orders all late.
enum class MonthKind { kBad, kGood, kFew };

void Months(Planter& p, int first, const std::vector<MonthKind>& kinds, const std::vector<int>& positive_3m,
            const std::vector<std::pair<int, const char*>>& near_3m) {
  const std::string d = p.Distributor();
  for (size_t i = 0; i < kinds.size(); ++i) {
    const int m = first + static_cast<int>(i);
    switch (kinds[i]) {
      case MonthKind::kBad:
        MonthOrders(p, d, m, 20, 16);
        p.Positive(MonthKey("DLV-RATE", d, m));
        break;
      case MonthKind::kGood:
        MonthOrders(p, d, m, 20, 20);
        p.NearMiss(MonthKey("DLV-RATE", d, m), "20 of 20 on time");
        break;
      case MonthKind::kFew:
        MonthOrders(p, d, m, 19, 0);
        p.NearMiss(MonthKey("DLV-RATE", d, m), "19 orders, all late: too few to judge the rate");
        break;
    }
  }
  for (int offset : positive_3m) p.Positive(MonthKey("DLV-3M", d, first + offset));
  for (const auto& [offset, why] : near_3m) p.NearMiss(MonthKey("DLV-3M", d, first + offset), why);
}

void ThreeMonths(Planter& p) {
  using K = MonthKind;
  Months(p, Month(2025, 3), {K::kBad, K::kBad, K::kBad}, {2}, {{1, "only two consecutive low months so far"}});
  Months(p, Month(2025, 6), {K::kBad, K::kBad, K::kBad, K::kBad}, {2, 3}, {});
  Months(p, Month(2025, 1), {K::kBad, K::kBad, K::kGood, K::kBad}, {},
         {{3, "January, February and April are low, March is not: not consecutive"}});
  Months(p, Month(2024, 11), {K::kBad, K::kBad, K::kBad}, {2}, {});
  Months(p, Month(2025, 1), {K::kBad, K::kBad, K::kFew}, {},
         {{2, "March has too few orders to be judged: two low months only"}});
}

}  // namespace

void PlantDeliveryCases(Planter& p) {
  Late(p);
  Rate(p);
  ThreeMonths(p);
}

}  // namespace fundwatch::gen
