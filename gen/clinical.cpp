#include "gen/clinical.h"

#include <cassert>

namespace fundwatch::gen {

const std::vector<Condition>& OutpatientConditions() {
  static const std::vector<Condition> k = {
      {"J06.900", "急性上呼吸道感染", 0, 13, 120, {"amoxicillin", "lianhua", "ganmao", "loratadine"}, {"blood_routine"}},
      {"J06.900", "急性上呼吸道感染", 0, 0, 12, {"paed_cold", "paed_para"}, {"blood_routine"}},
      {"R50.900", "发热", 0, 0, 12, {"paed_para"}, {"blood_routine"}},
      {"J20.900", "急性支气管炎", 0, 18, 120, {"cefuroxime", "levofloxacin", "montelukast"}, {"blood_routine", "ct"}},
      {"K29.700", "胃炎", 0, 16, 120, {"omeprazole"}, {"ultrasound"}},
      {"M54.500", "腰痛", 0, 18, 120, {"ibuprofen"}, {"ct"}},
      {"N40.x00", "前列腺增生", 1, 45, 120, {"tamsulosin", "finasteride"}, {"psa", "ultrasound"}},
      {"N76.000", "急性阴道炎", 2, 18, 70, {}, {"cervical"}},
      {"O26.900", "妊娠相关情况", 2, 20, 42, {"progesterone", "dydrogesterone"}, {"prenatal", "ultrasound"}},
      {"I10.x00", "高血压", 0, 35, 120, {"amlodipine", "irbesartan", "nifedipine"}, {"ecg"}},
      {"E11.900", "2型糖尿病", 0, 35, 120, {"metformin", "acarbose", "insulin_aspart", "semaglutide"}, {"hba1c"}},
      {"E11.400", "2型糖尿病伴神经并发症", 0, 40, 120, {"mecobalamin", "metformin"}, {"hba1c"}},
      {"I25.100", "动脉粥样硬化性心脏病", 0, 45, 120, {"aspirin", "atorvastatin", "clopidogrel"}, {"ecg"}},
      {"J45.900", "哮喘", 0, 6, 120, {"montelukast", "budesonide"}, {}},
      {"B18.100", "慢性乙型病毒性肝炎", 0, 18, 120, {"entecavir"}, {"liver_fn"}},
      {"Z00.100", "婴儿健康检查", 0, 0, 0, {}, {"hearing"}},
      {"K21.000", "胃食管反流病伴食管炎", 0, 18, 120, {"omeprazole"}, {}},
  };
  return k;
}

const std::vector<Condition>& InpatientConditions() {
  static const std::vector<Condition> k = {
      {"J18.900", "肺炎", 0, 1, 120, {"ceftriaxone", "ns", "glucose", "omeprazole_inj"}, {"blood_routine", "ct", "iv_drip", "infusion_set"}},
      {"I63.900", "脑梗死", 0, 40, 120, {"clopidogrel", "alprostadil", "ns", "atorvastatin"}, {"mri", "ct", "iv_drip", "iv_catheter"}},
      {"K80.200", "胆囊结石", 0, 18, 120, {"ceftriaxone", "ns", "omeprazole_inj"}, {"cholecystectomy", "ultrasound", "gauze"}},
      {"I21.900", "急性心肌梗死", 0, 40, 120, {"clopidogrel", "aspirin", "human_albumin", "ns"}, {"coronary_angio", "stent", "ecg"}},
      {"N18.500", "慢性肾脏病5期", 0, 30, 120, {"human_albumin", "glucose"}, {"dialysis", "blood_routine"}},
      {"H25.900", "老年性白内障", 0, 55, 120, {"ns"}, {"iol", "gauze"}},
      {"C34.900", "支气管或肺恶性肿瘤", 0, 40, 120, {"osimertinib", "human_albumin", "ns"}, {"pet_ct", "ct", "blood_routine"}},
  };
  return k;
}

const std::vector<Condition>& PharmacyConditions() {
  static const std::vector<Condition> k = {
      {"J06.900", "急性上呼吸道感染", 0, 13, 120, {"lianhua", "ganmao", "loratadine", "ibuprofen"}, {}},
      {"K29.700", "胃炎", 0, 16, 120, {"omeprazole"}, {}},
      {"M54.500", "腰痛", 0, 18, 120, {"ibuprofen"}, {}},
      {"I10.x00", "高血压", 0, 35, 120, {"amlodipine", "irbesartan"}, {}},
      {"E11.900", "2型糖尿病", 0, 35, 120, {"metformin", "acarbose"}, {}},
      {"I25.100", "动脉粥样硬化性心脏病", 0, 45, 120, {"aspirin", "atorvastatin", "rosuvastatin"}, {}},
      {"N95.100", "绝经期综合征", 2, 45, 60, {"liuwei"}, {}},
  };
  return k;
}

const std::vector<OpspDisease>& OpspDiseases() {
  static const std::vector<OpspDisease> k = {
      {"M03900", "高血压病", "I10.x00", {"amlodipine", "irbesartan", "nifedipine"}, {"ecg"}},
      {"M01600", "糖尿病", "E11.900", {"metformin", "acarbose", "insulin_glargine"}, {"hba1c"}},
      {"M02300", "冠心病", "I25.100", {"aspirin", "atorvastatin", "clopidogrel"}, {"ecg"}},
      {"M06900", "慢性阻塞性肺疾病", "J44.900", {"tiotropium", "budesonide"}, {}},
  };
  return k;
}

const OpspDisease& OpspDiseaseByCode(const std::string& code) {
  for (const OpspDisease& d : OpspDiseases()) {
    if (d.code == code) return d;
  }
  assert(false && "unknown opsp disease");
  return OpspDiseases().front();
}

const std::vector<DualChannelDisease>& DualChannelDiseases() {
  static const std::vector<DualChannelDisease> k = {
      {"C34.900", "osimertinib"},
      {"M06.900", "tofacitinib"},
      {"I50.900", "sacubitril"},
  };
  return k;
}

}  // namespace fundwatch::gen
