#include "engine/data/key_set.h"

#include <cstring>
#include <stdexcept>

#include "engine/common/hash.h"

namespace fundwatch {
namespace {

// A slot: the hash's top 28 bits (the tag), then the key's arena offset + 1
// in the low 36 bits (an arena of up to 64 GB). A key's home slot is taken
// from the top bits of its hash too, so for tables of up to 2^28 slots the
// tag alone says where a key goes: growing never reads a key again.
constexpr uint64_t kOffsetBits = 36;
constexpr uint64_t kOffsetMask = (uint64_t{1} << kOffsetBits) - 1;
constexpr int kTagBits = 64 - kOffsetBits;

}  // namespace

uint64_t KeySet::Hash(std::string_view s) { return HashBytes(s); }

KeySet::KeySet() : slots_(size_t{1} << kInitialBits, 0) {}

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

// The home slot of a hash in a table of 2^bits slots: its top bits.
size_t KeySet::Home(uint64_t hash) const { return static_cast<size_t>(hash >> (64 - bits_)); }

void KeySet::Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[Home(hash)]); }

bool KeySet::Insert(std::string_view key, int64_t payload, int64_t* existing) {
  return Insert(key, Hash(key), payload, existing);
}

bool KeySet::Insert(std::string_view key, uint64_t h, int64_t payload, int64_t* existing) {
  if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
  const uint64_t tag = h >> kOffsetBits;
  const size_t mask = slots_.size() - 1;
  for (size_t i = Home(h);; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) {
      uint64_t offset = arena_.size();
      if (offset >= kOffsetMask) throw std::length_error("KeySet: more than 64 GB of keys");
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
  ++bits_;
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    uint64_t h;
    if (bits_ <= kTagBits) {
      h = (slot >> kOffsetBits) << kOffsetBits;  // the tag is the hash's top bits: all Home reads
    } else {
      int64_t payload;
      h = Hash(KeyAt((slot & kOffsetMask) - 1, &payload));
    }
    size_t i = Home(h);
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace fundwatch
