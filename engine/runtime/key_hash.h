// The hash of a key's canonical text, shared by the lookup indexes and the
// rules' keyed state (and by the executor, which hashes a key once to
// prefetch either). A table's slot is the hash's low bits.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace fundwatch::runtime {

inline uint64_t HashKeyText(std::string_view key) {
  uint64_t h = std::hash<std::string_view>{}(key);
  return h ^ (h >> 29);  // spread high bits into the masked low bits
}

}  // namespace fundwatch::runtime
