// Event-stream rules: TRC-DUP, TRC-REFLOW (trac_event per code in time order,
// ties by event_id), OPSP-REFUSE, OPSP-COMPLAINT, DLV-LATE, DLV-RATE, DLV-3M.
#include <algorithm>
#include <map>

#include "gen/oracle_index.h"

namespace fundwatch::gen::oracle {
namespace {

void TraceRules(const Index& x, Keys& out) {
  for (const auto& [code, stream] : x.trac) {
    std::vector<const TracEvent*> events;
    for (const TracEvent& e : stream) events.push_back(&e);
    std::sort(events.begin(), events.end(), [](const TracEvent* a, const TracEvent* b) {
      return a->time != b->time ? a->time < b->time : a->id < b->id;
    });
    bool sold = false;
    for (const TracEvent* e : events) {
      if (e->type == "sale") {
        if (sold) out.insert(Key1("TRC-DUP", "drug_trac_codg", code));
        sold = true;
      } else if (e->type == "sale_return") {
        sold = false;
      } else if (e->type == "purchase_in" && sold) {
        out.insert(Key1("TRC-REFLOW", "drug_trac_codg", code));
      }
    }
  }
}

void OpspRules(const Index& x, Keys& out) {
  std::map<std::string, std::vector<const MdtrtEvent*>> by_encounter;
  for (const MdtrtEvent& e : x.mdtrt) by_encounter[e.mdtrt_id].push_back(&e);
  std::map<std::pair<std::string, std::string>, std::vector<Seconds>> refusals;
  for (const auto& [mdtrt_id, events] : by_encounter) {
    const bool settled = std::any_of(events.begin(), events.end(), [](const MdtrtEvent* e) { return e->type == "settle"; });
    if (settled) continue;
    for (const MdtrtEvent* reg : events) {
      if (reg->type != "register" || reg->med_type != 14) continue;
      const bool cancelled = std::any_of(events.begin(), events.end(), [&](const MdtrtEvent* e) {
        return e->type == "cancel" && e->time > reg->time;
      });
      if (cancelled && x.Covered(reg->psn, reg->inst, DayOf(reg->time), nullptr)) {
        refusals[{reg->psn, reg->inst}].push_back(reg->time);
      }
    }
  }
  for (auto& [key, times] : refusals) {
    std::sort(times.begin(), times.end());
    for (size_t i = 0, lo = 0; i < times.size(); ++i) {
      while (times[lo] <= times[i] - 30 * kDay) ++lo;
      if (static_cast<int>(i - lo + 1) >= kMinRefusals) {
        out.insert(TruthKey{"OPSP-REFUSE", {{"psn_no", key.first}, {"fixmedins_code", key.second}}});
        break;
      }
    }
  }
  for (const Complaint& c : x.complaints) {
    if ((c.category == "拒收" || c.category == "推诿") && x.Covered(c.psn, c.inst, DayOf(c.time), nullptr)) {
      out.insert(Key1("OPSP-COMPLAINT", "complaint_id", c.id));
    }
  }
}

void DeliveryRules(const Index& x, Seconds as_of, Keys& out) {
  std::map<std::pair<std::string, int>, std::pair<int, int>> months;  // -> (judged, on time)
  for (const Order& o : x.orders) {
    const Seconds deadline = o.time + (o.urgent ? kUrgentSlaHours : kSlaHours) * kHour;
    if (o.cancel && *o.cancel < deadline) continue;
    if (deadline > as_of) continue;
    Fixed delivered = 0;
    auto it = x.deliveries.find(o.id);
    if (it != x.deliveries.end()) {
      for (const Delivery& d : it->second) {
        if (d.time <= deadline) delivered += d.qty;
      }
    }
    const bool on_time = delivered >= o.qty;
    if (!on_time) out.insert(Key1("DLV-LATE", "order_id", o.id));
    auto& m = months[{o.distributor, MonthIndexOf(o.time)}];
    ++m.first;
    if (on_time) ++m.second;
  }
  std::set<std::pair<std::string, int>> low;
  for (const auto& [key, counts] : months) {
    if (counts.first >= kMinOrders && counts.second * 10 < counts.first * 9) {
      low.insert(key);
      out.insert(TruthKey{"DLV-RATE", {{"distributor_code", key.first}, {"month", FormatMonth(key.second)}}});
    }
  }
  for (const auto& [dist, month] : low) {
    if (low.count({dist, month - 1}) && low.count({dist, month - 2})) {
      out.insert(TruthKey{"DLV-3M", {{"distributor_code", dist}, {"month", FormatMonth(month)}}});
    }
  }
}

}  // namespace

void EvaluateEventRules(const Index& x, Seconds as_of, Keys& out) {
  TraceRules(x, out);
  OpspRules(x, out);
  DeliveryRules(x, as_of, out);
}

}  // namespace fundwatch::gen::oracle
