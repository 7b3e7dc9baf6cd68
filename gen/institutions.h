// Institutions: the designated hospitals and pharmacies (fixmedins) the
// generator writes, held in memory. A fixed core (named Ningbo hospitals and
// pharmacies of every level, some with commas or quotes in the name) comes
// first, then generated ones in proportion to the scale. Immutable after
// BuildInstitutions().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/schema.h"

namespace fundwatch::gen {

struct Institution {
  std::string code;
  std::string name;
  int type = 1;  // 1 medical institution, 2 retail pharmacy
  int lv = 0;
  std::string admdvs;
  bool dual_channel = false;
  bool opsp = false;
};

class Institutions {
 public:
  const std::vector<Institution>& all() const { return all_; }
  const Institution& at(int index) const { return all_[static_cast<size_t>(index)]; }
  const std::vector<int>& hospitals() const { return hospitals_; }
  const std::vector<int>& pharmacies() const { return pharmacies_; }
  const std::vector<int>& dual_pharmacies() const { return dual_pharmacies_; }
  const std::vector<int>& opsp_hospitals() const { return opsp_hospitals_; }
  // Hospitals of exactly this level (1..3).
  const std::vector<int>& hospitals_of_level(int lv) const { return by_level_[static_cast<size_t>(lv)]; }
  std::vector<Row> ToRows() const;

 private:
  friend Institutions BuildInstitutions(uint64_t seed, int64_t scale);
  void Add(Institution inst);
  std::vector<Institution> all_;
  std::vector<int> hospitals_, pharmacies_, dual_pharmacies_, opsp_hospitals_;
  std::vector<int> by_level_[4];
};

Institutions BuildInstitutions(uint64_t seed, int64_t scale);

}  // namespace fundwatch::gen
