// The curated catalogue items (static data) and the generic drug names the
// catalogue grows with scale. Internal to catalogue.cpp.
#pragma once

#include <cstdint>

namespace fundwatch::gen::catalogue_data {

// -1 = not set. Prices are in ten-thousandths of a yuan.
struct ItemDef {
  const char* key;
  const char* name;
  char kind;          // 'X' western drug, 'Z' Chinese patent drug, 'S' service, 'C' material
  const char* group;  // ATC level-5 code for drugs, 2-digit class for services
  const char* lv;     // 甲 乙 丙
  int64_t price;
  int64_t ceiling;    // 0 = none
  int gender;
  int age_min;
  int age_max;
  const char* lmt_dise;  // '|'-separated, "" = none
  int lv_lmt;
  int max_days;
  bool coded;
  bool vbp;
  bool dual;
  bool watch;
  int uses;
  bool planted_only;
};

extern const ItemDef kItems[];
extern const int kItemCount;

struct GenericDef {
  const char* name;
  const char* atc;
  int64_t price;
};
extern const GenericDef kGenerics[];
extern const int kGenericCount;

}  // namespace fundwatch::gen::catalogue_data
