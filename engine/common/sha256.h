// SHA-256 (FIPS 180-4), for rule versions: a rule's version is the hash of
// its normalised text and the parameter values in force.
#pragma once

#include <string>
#include <string_view>

namespace fundwatch {

// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace fundwatch
