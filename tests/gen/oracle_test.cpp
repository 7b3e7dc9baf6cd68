// The oracle on hand-built worlds, at the rules' boundaries.
#include "gen/oracle.h"

#include <boost/test/unit_test.hpp>

namespace fundwatch::gen {
namespace {

struct Mini {
  World w;
  Mini() {
    w.at(Table::kFixmedins).push_back({"P33028200001", "国大药房(慈溪店)", "2", "0", "330282", "1", "0"});
    w.at(Table::kFixmedins).push_back({"P33028200002", "益丰大药房(浒山店)", "2", "0", "330282", "0", "0"});
    w.at(Table::kFixmedins).push_back({"P33028200003", "海王星辰(古塘店)", "2", "0", "330282", "0", "0"});
    w.at(Table::kHilist).push_back({"XC10AAA001A001000000001", "瑞舒伐他汀钙片", "1", "乙", "", "", "", "12", "", "", "",
                                    "8600001", "0", "0", "0", "2020-01-01", ""});
    w.at(Table::kPsn).push_back({"P1", "1", "2012-02-29", "390", "", "王伟"});
  }
  void Fee(const std::string& id, const std::string& inst, const std::string& time, const std::string& days,
           const std::string& codes = "86000011000000000001") {
    w.at(Table::kFeeList).push_back({id, "S-" + id, "P1", inst, time, "XC10AAA001A001000000001", "1", "6.72", "6.72",
                                     days, "0", codes});
  }
  bool Has(const char* rule, const std::string& v) const {
    for (const TruthKey& k : EvaluateRules(w, MakeTime(2025, 12, 31))) {
      if (k.rule_id == rule && k.key[0].second == v) return true;
    }
    return false;
  }
};

BOOST_AUTO_TEST_SUITE(oracle)

BOOST_AUTO_TEST_CASE(qty_30d_window_excludes_t_minus_30_days) {
  Mini exact;
  exact.Fee("F1", "P33028200001", "2025-03-01 10:00:00", "30");
  exact.Fee("F2", "P33028200001", "2025-03-31 10:00:00", "31");
  BOOST_TEST(!exact.Has("QTY-30D", "P1"));
  Mini inside;
  inside.Fee("F1", "P33028200001", "2025-03-01 10:00:00", "30");
  inside.Fee("F2", "P33028200001", "2025-03-31 09:59:59", "31");
  BOOST_TEST(inside.Has("QTY-30D", "P1"));
}

BOOST_AUTO_TEST_CASE(frq_multi_needs_three_institutions_in_7_days) {
  Mini m;
  m.Fee("F1", "P33028200001", "2025-03-01 10:00:00", "5");
  m.Fee("F2", "P33028200002", "2025-03-03 10:00:00", "5");
  m.Fee("F3", "P33028200003", "2025-03-08 10:00:00", "5");
  BOOST_TEST(!m.Has("FRQ-MULTI", "P1"));
  m.Fee("F4", "P33028200003", "2025-03-08 09:59:59", "5");
  BOOST_TEST(m.Has("FRQ-MULTI", "P1"));
}

BOOST_AUTO_TEST_CASE(age_on_a_feb_29_birthday) {
  Mini before;
  before.Fee("F1", "P33028200001", "2025-02-28 10:00:00", "5");
  BOOST_TEST(!before.Has("LMT-AGE", "F1"));
  Mini after;
  after.Fee("F1", "P33028200001", "2025-03-01 00:00:00", "5");
  BOOST_TEST(after.Has("LMT-AGE", "F1"));
}

BOOST_AUTO_TEST_CASE(trace_ties_are_broken_by_event_id) {
  auto stream = [](const char* return_id, const char* resale_id) {
    Mini m;
    auto& t = m.w.at(Table::kTracEvent);
    t.push_back({"E1", "86000011000000000009", "purchase_in", "2025-03-01 10:00:00", "P33028200001", "", "", ""});
    t.push_back({"E2", "86000011000000000009", "sale", "2025-03-02 10:00:00", "P33028200001", "", "", ""});
    t.push_back({return_id, "86000011000000000009", "sale_return", "2025-03-03 10:00:00", "P33028200001", "", "", ""});
    t.push_back({resale_id, "86000011000000000009", "sale", "2025-03-03 10:00:00", "P33028200001", "", "", ""});
    return m.Has("TRC-DUP", "86000011000000000009");
  };
  BOOST_TEST(!stream("E3", "E4"));
  BOOST_TEST(stream("E4", "E3"));
}

BOOST_AUTO_TEST_CASE(trace_codes_must_be_20_ascii_digits) {
  Mini m;
  m.Fee("F1", "P33028200001", "2025-08-01 10:00:00", "5", "8600001100000000001");
  m.Fee("F2", "P33028200001", "2025-08-01 10:00:00", "5", "86000011000000000001");
  m.Fee("F3", "P33028200001", "2025-08-01 10:00:00", "5", "");
  m.Fee("F4", "P33028200001", "2025-06-30 23:59:59", "5", "");
  BOOST_TEST(m.Has("TRC-FMT", "F1"));
  BOOST_TEST(!m.Has("TRC-FMT", "F2"));
  BOOST_TEST(m.Has("TRC-MISSING", "F3"));
  BOOST_TEST(!m.Has("TRC-MISSING", "F4"));
}

BOOST_AUTO_TEST_CASE(delivery_deadlines) {
  Mini m;
  auto& o = m.w.at(Table::kVbpOrder);
  auto& d = m.w.at(Table::kVbpDelivery);
  o.push_back({"O1", "P33028200001", "D1", "X", "100", "2025-03-01 10:00:00", "0", ""});
  d.push_back({"V1", "O1", "100", "2025-03-03 10:00:00"});
  o.push_back({"O2", "P33028200001", "D1", "X", "100", "2025-03-01 10:00:00", "1", ""});
  d.push_back({"V2", "O2", "100", "2025-03-01 14:00:01"});
  o.push_back({"O3", "P33028200001", "D1", "X", "100", "2025-03-01 10:00:00", "0", "2025-03-03 10:00:00"});
  o.push_back({"O4", "P33028200001", "D1", "X", "100", "2025-03-01 10:00:00", "0", "2025-03-03 09:59:59"});
  o.push_back({"O5", "P33028200001", "D1", "X", "100", "2025-12-30 00:00:01", "0", ""});
  BOOST_TEST(!m.Has("DLV-LATE", "O1"));
  BOOST_TEST(m.Has("DLV-LATE", "O2"));
  BOOST_TEST(m.Has("DLV-LATE", "O3"));
  BOOST_TEST(!m.Has("DLV-LATE", "O4"));
  BOOST_TEST(!m.Has("DLV-LATE", "O5"));  // deadline after the as-of 2025-12-31 00:00:00
}

BOOST_AUTO_TEST_CASE(latest_event_time_covers_the_listed_fields) {
  Mini m;
  m.Fee("F1", "P33028200001", "2025-03-01 10:00:00", "5");
  m.w.at(Table::kVbpOrder).push_back({"O1", "P33028200001", "D1", "X", "100", "2025-03-01 10:00:00", "0", "2025-04-01 08:00:00"});
  BOOST_TEST(FormatTime(*LatestEventTime(m.w)) == "2025-04-01 08:00:00");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::gen
