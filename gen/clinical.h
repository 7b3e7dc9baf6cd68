// Clinical reference data shared by the background and planted generators:
// outpatient and inpatient conditions (ICD-10 diagnosis, who gets them, which
// catalogue items treat them), 门慢特 diseases with their registration codes,
// and the 双通道 diseases with their drugs. Item references are catalogue
// keys (see catalogue_items.cpp). Static data.
#pragma once

#include <string>
#include <vector>

namespace fundwatch::gen {

struct Condition {
  std::string dx;
  std::string name;
  int gender = 0;  // 0 any
  int age_min = 0;
  int age_max = 120;
  std::vector<std::string> drugs;
  std::vector<std::string> tests;
};

struct OpspDisease {
  std::string code;  // M03900
  std::string name;
  std::string dx;    // I10.x00
  std::vector<std::string> drugs;
  std::vector<std::string> tests;
};

struct DualChannelDisease {
  std::string dx;
  std::string drug;
};

const std::vector<Condition>& OutpatientConditions();
const std::vector<Condition>& InpatientConditions();
const std::vector<Condition>& PharmacyConditions();
const std::vector<OpspDisease>& OpspDiseases();
const OpspDisease& OpspDiseaseByCode(const std::string& code);
const std::vector<DualChannelDisease>& DualChannelDiseases();

}  // namespace fundwatch::gen
