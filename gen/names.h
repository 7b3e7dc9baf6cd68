// Realistic Chinese text for the generator: person names (姓+名), places of
// Ningbo (admdvs codes, districts, towns), pharmacy chains, complaint and
// cancel-reason texts. Pure functions of the Prng passed in.
#pragma once

#include <string>
#include <vector>

#include "gen/prng.h"

namespace fundwatch::gen {

struct District {
  std::string admdvs;  // 6 digits
  std::string name;    // 慈溪市
  std::string city_prefix;  // "宁波市" for city districts, "" for county-level cities
  std::vector<std::string> towns;  // 浒山街道 ...
};

const std::vector<District>& Districts();
const std::vector<std::string>& PharmacyChains();

std::string PersonName(Prng& rng, int gend);
// A refusal story for a 门慢特 cancel (may hold commas and quotes).
std::string RefusalReason(Prng& rng);
// An ordinary cancel reason (patient left, wrong department ...).
std::string OrdinaryCancelReason(Prng& rng);
// Complaint text for a category; some hold commas, quotes and a newline.
std::string ComplaintText(Prng& rng, const std::string& category, const std::string& person,
                          const std::string& institution);

}  // namespace fundwatch::gen
