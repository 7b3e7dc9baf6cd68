#include "engine/data/key_set.h"

#include <cassert>
#include <cstring>

namespace fundwatch {
namespace {

constexpr uint64_t kOffsetBits = 40;
constexpr uint64_t kOffsetMask = (uint64_t{1} << kOffsetBits) - 1;

uint64_t Hash(std::string_view s) {
  // FNV-1a, then a final avalanche (splitmix64) so the tag bits are good too.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27; h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

}  // namespace

KeySet::KeySet() : slots_(1024, 0) {}

std::string_view KeySet::KeyAt(uint64_t offset, int64_t* payload) const {
  const char* p = arena_.data() + offset;
  std::memcpy(payload, p, sizeof(int64_t));
  p += sizeof(int64_t);
  uint64_t len = 0;
  int shift = 0;
  unsigned char b;
  do {
    b = static_cast<unsigned char>(*p++);
    len |= static_cast<uint64_t>(b & 0x7F) << shift;
    shift += 7;
  } while (b & 0x80);
  return std::string_view(p, len);
}

bool KeySet::Insert(std::string_view key, int64_t payload, int64_t* existing) {
  if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
  const uint64_t h = Hash(key);
  const uint64_t tag = h >> kOffsetBits;
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) {
      uint64_t offset = arena_.size();
      assert(offset < kOffsetMask);
      arena_.append(reinterpret_cast<const char*>(&payload), sizeof payload);
      uint64_t len = key.size();
      do {
        unsigned char b = len & 0x7F;
        len >>= 7;
        arena_.push_back(static_cast<char>(len ? b | 0x80 : b));
      } while (len);
      arena_.append(key);
      slots_[i] = (tag << kOffsetBits) | (offset + 1);
      ++size_;
      return true;
    }
    if ((slot >> kOffsetBits) != tag) continue;
    int64_t stored;
    if (KeyAt((slot & kOffsetMask) - 1, &stored) == key) {
      *existing = stored;
      return false;
    }
  }
}

void KeySet::Grow() {
  std::vector<uint64_t> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    int64_t payload;
    uint64_t h = Hash(KeyAt((slot & kOffsetMask) - 1, &payload));
    size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace fundwatch
