// Planter: builds the planted cases as an in-memory World, and records the
// labels each case declares: the (rule, key) pairs it must raise (positives)
// and must not raise (near-misses, with a reason). Every planted entity
// (person, code, distributor, settlement ...) is new and used by one case
// only, so cases cannot interact with each other or with the background.
//
// Settlement totals (medfee_sumamt, fund_pay_sumamt) are computed from the
// fee lines in Finish(). Fee lines of coded drugs get scanned codes and the
// matching purchase_in/sale (and sale_return when the settlement is
// reversed) trace events automatically unless told otherwise.
// Not thread-safe; one Planter per generation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gen/catalogue.h"
#include "gen/clinical.h"
#include "gen/ids.h"
#include "gen/institutions.h"
#include "gen/oracle.h"
#include "gen/prng.h"
#include "gen/world.h"

namespace fundwatch::gen {

struct Label {
  TruthKey key;
  std::string why;  // for near-misses
};

struct VisitSpec {
  std::string psn;
  const Institution* inst = nullptr;
  int med_type = 11;
  Seconds begntime = 0;
  Seconds endtime = 0;
  std::optional<Seconds> setl_time;  // default: endtime
  std::vector<std::string> dx;
  std::string opsp_dise;
  bool reversed = false;
  std::string rxno;
  bool cancel_before_settle = false;  // mdtrt_event register, cancel, then settle
};

enum class CodeMode { kAuto, kNone, kExplicit };

// A fee line to plant: Line(setl_id, "item_key", time).Days(7).Price(...) ...
struct LineSpec {
  LineSpec(std::string setl, std::string item_key, Seconds at)
      : setl_id(std::move(setl)), item(std::move(item_key)), time(at) {}
  LineSpec& Cnt(Fixed v) { cnt = v; return *this; }
  LineSpec& Price(Fixed v) { pric = v; return *this; }
  LineSpec& Days(int v) { prd_days = v; return *this; }
  LineSpec& LongRx() { long_rx = true; return *this; }
  LineSpec& NoCodes() { codes_mode = CodeMode::kNone; return *this; }
  LineSpec& Codes(std::vector<std::string> v) { codes_mode = CodeMode::kExplicit; codes = std::move(v); return *this; }
  // For a fee line whose settlement is absent.
  LineSpec& Orphan(std::string p, const Institution& i) { psn = std::move(p); inst = &i; return *this; }

  std::string setl_id;
  std::string item;  // catalogue key
  Seconds time = 0;
  Fixed cnt = kFixedOne;
  std::optional<Fixed> pric;  // default: the item's base price
  std::optional<int> prd_days;
  bool long_rx = false;
  CodeMode codes_mode = CodeMode::kAuto;
  std::vector<std::string> codes;
  std::string psn;
  const Institution* inst = nullptr;
};
using Line = LineSpec;

class Planter {
 public:
  Planter(const Catalogue& catalogue, const Institutions& institutions, uint64_t seed);

  Prng& rng() { return rng_; }
  const Catalogue& catalogue() const { return catalogue_; }

  // Reference rows.
  std::string Person(int gend, Days brdy, std::optional<Days> death = std::nullopt);
  std::string Adult(int gend = 0);  // 30..60 years old, alive; gend 0 = random
  const Institution& Hospital(int lv);
  const Institution& OpspHospital(int lv = 0);  // opsp_flag = 1, level lv (0 = any of 2..3)
  const Institution& Pharmacy(bool dual_channel);
  std::string Registration(const std::string& psn, const std::string& dise_code, const Institution& at,
                           Days begndate, std::optional<Days> enddate, int status = 1);

  // Encounters and fee lines.
  std::string Settlement(const VisitSpec& visit);
  // An outpatient-like visit around `at`: begntime at-20min, endtime = setl_time = at+20min.
  std::string Visit(const std::string& psn, const Institution& inst, int med_type, Seconds at,
                    std::vector<std::string> dx, bool reversed = false);
  // An inpatient stay with daily bed and consultation lines.
  std::string Stay(const std::string& psn, const Institution& inst, Seconds begntime, Seconds endtime,
                   std::vector<std::string> dx, bool reversed = false);
  std::string Fee(const LineSpec& line);
  std::string NewSetlId() { return ids_.Next("S"); }

  // Traceability.
  std::string NewCode(const std::string& prefix7) { return ids_.NextCode(prefix7); }
  std::string PrefixOf(const std::string& item, Days on) const;
  std::string TracEvent(const std::string& code, const std::string& type, Seconds time, const Institution& at,
                        const std::string& item = "", const std::string& psn = "", const std::string& setl = "");

  // 门慢特 and complaints.
  std::string NewMdtrtId() { return ids_.Next("M"); }
  void MdtrtEvent(const std::string& mdtrt_id, const std::string& psn, const Institution& at, int med_type,
                  const std::string& dise, const std::string& type, Seconds time, const std::string& reason = "");
  // A register (med_type 14 unless given) followed 15-40 minutes later by a cancel, never settled.
  void Refusal(const std::string& psn, const Institution& at, const std::string& dise, Seconds time, int med_type = 14);
  std::string Complaint(const std::string& psn, const Institution& at, Seconds time, const std::string& category);

  // Procurement and e-prescriptions.
  std::string Distributor() { return ids_.Next("D", 4); }
  std::string Order(const std::string& distributor, Seconds time, bool urgent, Fixed qty,
                    std::optional<Seconds> cancel = std::nullopt);
  void Delivery(const std::string& order_id, Fixed qty, Seconds time);
  std::string Erx(const std::string& psn, const Institution& issuer, Seconds rx_time, int vali_days,
                  const std::vector<std::string>& items, int stas = 1);
  std::string NewRxno() { return ids_.Next("RX"); }

  // Labels.
  void Positive(TruthKey key) { positives_.push_back(Label{std::move(key), ""}); }
  void NearMiss(TruthKey key, std::string why) { near_misses_.push_back(Label{std::move(key), std::move(why)}); }
  const std::vector<Label>& positives() const { return positives_; }
  const std::vector<Label>& near_misses() const { return near_misses_; }

  // The planted World with settlement totals filled in, plus the reference
  // tables (fixmedins, hilist) needed to judge it. Call once.
  World Finish();

 private:
  struct PendingSetl {
    VisitSpec visit;
    std::string setl_id;
    std::string mdtrt_id;
    Fixed medfee = 0;
  };
  void AutoCodes(const LineSpec& line, const Item& item, const PendingSetl* setl, std::vector<std::string>& codes);

  const Catalogue& catalogue_;
  const Institutions& institutions_;
  Prng rng_;
  IdCounter ids_{IdRange::kPlanted};
  World world_;
  std::vector<PendingSetl> setls_;
  std::map<std::string, size_t> setl_index_;
  std::vector<Label> positives_;
  std::vector<Label> near_misses_;
};

// Keys by rule family.
TruthKey LineKey(const char* rule, const std::string& feedetl_sn);
TruthKey SetlKey(const char* rule, const std::string& setl_id);
TruthKey PsnItemKey(const char* rule, const std::string& psn, const std::string& hilist_code);
TruthKey CodeKey(const char* rule, const std::string& code);

}  // namespace fundwatch::gen
