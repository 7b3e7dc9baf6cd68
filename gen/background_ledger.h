// PatientLedger: writes one background patient's settlements, fee lines and
// trace events, and keeps the patient's history so that nothing it writes can
// meet a rule. Every fee line is checked before it is written:
//   - against the catalogue row valid on its date (gender, age, lmt_dise,
//     medins_lv_lmt, max_prd_days, ceiling, dual-channel prescription);
//   - QTY-30D, conservatively: the patient's prd_days for the item over the
//     closed span [t - 31 days, t], reversed and long-term lines included,
//     stay <= 60 (the line's days are cut, or the line is dropped);
//   - FRQ-MULTI, conservatively: at most 2 distinct institutions billed the
//     item to the patient over [t - 8 days, t].
// Coded drugs get one code per box, each purchased in by the institution
// days before the sale; reversed settlements return their codes.
// REQUIRES: settlements of one patient are written in time order and do not
// overlap. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gen/catalogue.h"
#include "gen/ids.h"
#include "gen/institutions.h"
#include "gen/prng.h"
#include "gen/sinks.h"

namespace fundwatch::gen {

struct Patient {
  std::string psn;
  int gend = 1;
  Days brdy = 0;
};

struct PlannedLine {
  int item = 0;
  Seconds time = 0;
  Fixed cnt = kFixedOne;
  std::optional<int> days{};
  bool long_rx = false;
  std::vector<std::string> codes{};  // filled by Write(); preset = sell these again
  bool preset_codes = false;
};

struct SettlementPlan {
  int inst = 0;
  int med_type = 11;
  Seconds begntime = 0;
  Seconds endtime = 0;  // also setl_time
  std::vector<std::string> dx;
  std::string opsp_dise;
  bool reversed = false;
  std::string rxno;
  std::vector<int> rx_items;  // items the e-prescription lists
  std::vector<PlannedLine> lines;
};

class PatientLedger {
 public:
  PatientLedger(const Catalogue& catalogue, const Institutions& institutions, Sinks& sinks, IdCounter& ids);

  void Reset(const Patient& patient, Prng* rng);
  // Writes the settlement with the lines that pass every check (plan.lines is
  // replaced by the written lines, codes filled in). Returns the setl_id, or
  // "" when no line passed and nothing was written.
  std::string Write(SettlementPlan& plan);
  void EncounterEvent(const std::string& mdtrt_id, int inst, int med_type, const std::string& dise,
                      const char* type, Seconds time, const std::string& reason = "");
  std::string Erx(int issuer, Seconds rx_time, int vali_days, const std::vector<int>& items, int stas);
  // True when the patient left a stay at `inst` within `days` days before t.
  bool RecentStayAt(int inst, Seconds t, int days) const;
  IdCounter& ids() { return ids_; }

 private:
  struct LineHist {
    int item;
    int inst;
    Seconds time;
    int days;
  };
  struct StayHist {
    int inst;
    Seconds end;
  };
  bool Allowed(const HilistRow& row, Days day, const Institution& inst, const SettlementPlan& plan, int item) const;
  bool FitHistory(int item, int inst, Seconds t, std::optional<int>& days) const;
  Fixed PriceAt(const Item& item, const HilistRow& row, const Institution& inst);
  void WriteCodes(const Item& item, const HilistRow& row, const SettlementPlan& plan, const std::string& setl_id,
                  PlannedLine& line);
  void WriteFee(const std::string& fee_id, const std::string& setl_id, const SettlementPlan& plan,
                const PlannedLine& line, const Item& item, Fixed pric);
  void TracEvent(const std::string& code, const char* type, Seconds time, const Institution& inst,
                 const std::string& item_code, const std::string& setl_id);

  const Catalogue& catalogue_;
  const Institutions& institutions_;
  Sinks& sinks_;
  IdCounter& ids_;
  RecordBuilder rec_;
  Patient patient_;
  Prng* rng_ = nullptr;
  std::vector<LineHist> lines_;
  std::vector<StayHist> stays_;
};

}  // namespace fundwatch::gen
