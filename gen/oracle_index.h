// OracleIndex: the typed, indexed view of a World the oracle's rules read.
// Internal to the oracle (oracle*.cpp). Built once per evaluation; holds
// copies, not references into the World.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gen/civil_time.h"
#include "gen/fixed_decimal.h"
#include "gen/oracle.h"

namespace fundwatch::gen::oracle {

struct HilistVersion {
  std::string code;
  Days begndate = 0;
  std::optional<Days> enddate;
  std::optional<Fixed> ceiling;
  std::optional<int> gender_lmt, age_min, age_max, medins_lv_lmt, max_prd_days;
  std::vector<std::string> lmt_dise, trace_prefix;
  bool dual_channel = false;
  bool ValidOn(Days d) const { return begndate <= d && (!enddate || d <= *enddate); }
};

struct Inst { int type = 1; int lv = 0; };
struct Person { int gend = 1; Days brdy = 0; std::optional<Days> death; };

struct Setl {
  std::string id, psn, inst;
  int med_type = 11;
  Seconds begntime = 0, endtime = 0, setl_time = 0;
  std::vector<std::string> dx;
  std::string opsp_dise;
  bool reversed = false;
  std::string rxno;
};

struct Fee {
  std::string id, setl_id, psn, inst, code;
  Seconds time = 0;
  Fixed pric = 0;
  std::optional<int> prd_days;
  bool long_rx = false;
  std::vector<std::string> codes;
};

struct Reg { std::string dise, inst; Days begndate = 0; std::optional<Days> enddate; bool valid = false; };
struct Erx { std::string psn; Seconds rx_time = 0; int vali_days = 0; std::vector<std::string> codes; bool valid = false; };
struct TracEvent { std::string id, type; Seconds time = 0; };
struct MdtrtEvent { std::string id, mdtrt_id, psn, inst, type; int med_type = 0; Seconds time = 0; };
struct Complaint { std::string id, psn, inst, category; Seconds time = 0; };
struct Order { std::string id, distributor; Fixed qty = 0; Seconds time = 0; bool urgent = false; std::optional<Seconds> cancel; };
struct Delivery { Fixed qty = 0; Seconds time = 0; };

struct Index {
  std::map<std::string, std::vector<HilistVersion>> hilist;              // by code
  std::map<std::string, std::vector<const HilistVersion*>> by_prefix;    // prefix -> rows
  std::map<std::string, Inst> inst;
  std::map<std::string, Person> psn;
  std::map<std::string, Setl> setl;
  std::vector<Fee> fees;
  std::map<std::string, std::vector<Reg>> regs;      // by psn_no
  std::map<std::string, Erx> erx;                    // by hi_rxno
  std::map<std::string, std::vector<TracEvent>> trac;  // by code
  std::vector<MdtrtEvent> mdtrt;
  std::vector<Complaint> complaints;
  std::vector<Order> orders;
  std::map<std::string, std::vector<Delivery>> deliveries;  // by order_id

  const HilistVersion* ItemOn(const std::string& code, Days d) const;
  const Setl* SetlOf(const Fee& f) const;
  // True when a registration of psn at inst (for dise, if given) covers day.
  bool Covered(const std::string& psn, const std::string& inst, Days day, const std::string* dise) const;
};

Index BuildIndex(const World& world);
std::vector<std::string> SplitList(const std::string& field);

using Keys = std::set<TruthKey>;
void EvaluateLineRules(const Index& index, Keys& out);
void EvaluateEncounterRules(const Index& index, Keys& out);
void EvaluateEventRules(const Index& index, Seconds as_of, Keys& out);

inline TruthKey Key1(const char* rule, const char* field, const std::string& value) {
  return TruthKey{rule, {{field, value}}};
}

}  // namespace fundwatch::gen::oracle
