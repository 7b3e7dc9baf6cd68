// Background procurement orders, deliveries and complaints, and the
// background's time range and expected sizes.
#include <algorithm>

#include "gen/background.h"
#include "gen/ids.h"
#include "gen/names.h"
#include "gen/prng.h"

namespace fundwatch::gen {
namespace {

constexpr int64_t kOrdersPerScale = 1500;

}  // namespace

Seconds BackgroundStart() { return MakeTime(2025, 1, 1); }
Seconds BackgroundEnd() { return MakeTime(2025, 10, 30, 20, 0, 0); }

int64_t ExpectedRows(Table table, int64_t scale) {
  switch (table) {
    case Table::kFeeList: return 10500 * scale;
    case Table::kSetl: return 3400 * scale;
    case Table::kTracEvent: return 17000 * scale;
    case Table::kMdtrtEvent: return 6800 * scale;
    case Table::kPsn: return 1200 * scale;
    case Table::kVbpOrder: return kOrdersPerScale * scale;
    case Table::kVbpDelivery: return kOrdersPerScale * 12 / 10 * scale;
    default: return 100 * scale;
  }
}

void GenerateOrders(const Catalogue& catalogue, const Institutions& institutions, const BackgroundOptions& options,
                    Sinks& sinks) {
  Prng rng(options.seed, "orders");
  IdCounter ids(IdRange::kBackground);
  RecordBuilder rec(sinks);
  std::vector<std::string> distributors;
  for (int64_t i = 0; i < 3 + options.scale / 20; ++i) distributors.push_back(ids.Next("D", 4));
  const Seconds first = BackgroundStart();
  const Seconds last = BackgroundEnd() - 50 * kHour;
  for (int64_t n = 0; n < kOrdersPerScale * options.scale; ++n) {
    const std::string order_id = ids.Next("VO");
    const bool urgent = rng.Chance(50);
    const Seconds sla = (urgent ? 4 : 48) * kHour;
    const Seconds t = first + rng.Range(0, (last - first) / kMinute) * kMinute;
    const Fixed qty = rng.Range(5, 50) * 10 * kFixedOne;
    const int inst = rng.Chance(800) ? rng.Pick(institutions.hospitals()) : rng.Pick(institutions.pharmacies());
    const Item& item = catalogue.items()[static_cast<size_t>(rng.Pick(catalogue.vbp_items()))];
    const bool cancelled = rng.Chance(30);
    rec.Begin().Str(order_id).Str(institutions.at(inst).code).Str(rng.Pick(distributors)).Str(item.code)
        .Money(qty, 0).EventTime(t).Int(urgent ? 1 : 0);
    if (cancelled) {
      rec.EventTime(t + rng.Range(10, sla / kMinute - 10) * kMinute);  // before the deadline, nothing delivered
    } else {
      rec.Null();
    }
    rec.EmitTo(Table::kVbpOrder);
    if (cancelled) continue;
    auto deliver = [&](Fixed q, Seconds at) {
      rec.Begin().Str(ids.Next("VD")).Str(order_id).Money(q, 0).EventTime(at).EmitTo(Table::kVbpDelivery);
    };
    const Seconds latest = t + sla - 10 * kMinute;
    if (rng.Chance(850)) {
      deliver(qty, t + rng.Range(30, (latest - t) / kMinute) * kMinute);
    } else {
      const Fixed part = qty / (10 * kFixedOne) * rng.Range(3, 7) * kFixedOne;  // 30-70 % of it
      const Seconds first_at = t + rng.Range(20, (latest - t) / kMinute / 2) * kMinute;
      deliver(part, first_at);
      deliver(qty - part, first_at + rng.Range(1, (latest - first_at) / kMinute) * kMinute);
    }
  }
}

void GenerateComplaints(const Institutions& institutions, const PeopleSample& people,
                        const BackgroundOptions& options, Sinks& sinks) {
  Prng rng(options.seed, "complaints");
  IdCounter ids(IdRange::kBackground);
  RecordBuilder rec(sinks);
  if (people.anyone.empty() || people.unregistered.empty()) return;
  for (int64_t n = 0; n < 15 * options.scale; ++n) {
    const uint64_t r = rng.Below(100);
    // 拒收 and 推诿 only come from persons without any 门慢特 registration.
    const std::string category = r < 40 ? "收费" : r < 75 ? "其他" : r < 90 ? "拒收" : "推诿";
    const std::string& psn = r < 75 ? rng.Pick(people.anyone) : rng.Pick(people.unregistered);
    const Institution& inst = institutions.at(static_cast<int>(rng.Below(institutions.all().size())));
    const Seconds t = BackgroundStart() + rng.Range(0, (BackgroundEnd() - BackgroundStart()) / kMinute) * kMinute;
    rec.Begin().Str(ids.Next("TS")).Str(psn).Str(inst.code).EventTime(t).Str(category)
        .Str(ComplaintText(rng, category, PersonName(rng, static_cast<int>(rng.Range(1, 2))), inst.name))
        .EmitTo(Table::kComplaint);
  }
}

}  // namespace fundwatch::gen
