// Catalogue: the reimbursement catalogue (hilist) the generator writes, held
// in memory (a few hundred items). Each Item has a stable role `key` (e.g.
// "tamsulosin") used by the background and planted generators, its national
// code, and one or more HilistRow versions with non-overlapping validity.
// Items marked planted_only carry versioned trace prefixes for planted
// TRC-MISMATCH/TRC-MISSING cases and are never used by the background.
// Immutable after BuildCatalogue(); safe to share read-only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gen/civil_time.h"
#include "gen/fixed_decimal.h"
#include "gen/schema.h"

namespace fundwatch::gen {

struct HilistRow {
  std::string name;
  int list_type = 1;  // 1 drug, 2 service, 3 material
  std::string lv = "甲";
  std::optional<Fixed> ceiling;
  std::optional<int> gender_lmt;
  std::optional<int> age_min;
  std::optional<int> age_max;
  std::vector<std::string> lmt_dise;
  std::optional<int> medins_lv_lmt;
  std::optional<int> max_prd_days;
  std::vector<std::string> trace_prefix;
  bool vbp = false;
  bool dual_channel = false;
  bool watch = false;
  Days begndate = 0;
  std::optional<Days> enddate;
};

// Background usage of an item.
enum ItemUse : int {
  kUseOutpatient = 1 << 0,
  kUseInpatient = 1 << 1,
  kUsePharmacy = 1 << 2,
  kUseChronic = 1 << 3,
  kUseDaily = 1 << 4,   // inpatient per-day charge (bed, nursing)
  kUseVisit = 1 << 5,   // the consultation fee of a visit
};

struct Item {
  std::string key;
  std::string code;
  std::vector<HilistRow> rows;  // by begndate
  Fixed base_price = 0;
  int uses = 0;
  bool planted_only = false;

  const HilistRow* RowOn(Days day) const;
  const HilistRow& Current() const { return rows.back(); }
  bool IsDrug() const { return rows.back().list_type == 1; }
};

class Catalogue {
 public:
  const std::vector<Item>& items() const { return items_; }
  const Item& ByKey(const std::string& key) const;  // REQUIRES: key exists
  const Item* ByCode(const std::string& code) const;
  bool HasKey(const std::string& key) const { return by_key_.count(key) > 0; }
  // Items the background may draw generically (no restriction but max days).
  const std::vector<int>& generic_drugs() const { return generic_drugs_; }
  const std::vector<int>& vbp_items() const { return vbp_items_; }
  // A 7-digit prefix assigned to no item in any row.
  const std::string& unassigned_prefix() const { return unassigned_prefix_; }
  // The rows in hilist column order.
  std::vector<Row> ToRows() const;

 private:
  friend Catalogue BuildCatalogue(uint64_t seed, int64_t scale);
  std::vector<Item> items_;
  std::map<std::string, int> by_key_;
  std::map<std::string, int> by_code_;
  std::vector<int> generic_drugs_;
  std::vector<int> vbp_items_;
  std::string unassigned_prefix_;
};

Catalogue BuildCatalogue(uint64_t seed, int64_t scale);

}  // namespace fundwatch::gen
