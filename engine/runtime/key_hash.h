// The hash of a key's canonical text, shared by the lookup indexes and the
// rules' keyed state (and by the executor, which hashes a key once to
// prefetch either). A table's slot is the hash's low bits.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/common/hash.h"

namespace fundwatch::runtime {

inline uint64_t HashKeyText(std::string_view key) { return HashBytes(key); }

}  // namespace fundwatch::runtime
