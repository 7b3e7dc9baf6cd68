// KeySet: an exact set of byte-string keys, each with a 64-bit payload (the
// line where it was first seen). Built for tens of millions of primary keys:
// keys live back to back in one arena and the open-addressing table holds
// 8-byte slots, about 1.5x (key bytes + 10) per key in all. Exact: two keys
// are equal only when their bytes are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {

class KeySet {
 public:
  KeySet();
  // Inserts `key` with `payload`. Returns true when it was new; when it was
  // already present returns false and sets `*existing` to its payload.
  bool Insert(std::string_view key, int64_t payload, int64_t* existing);
  // The same with the key's hash worked out already. REQUIRES: hash == Hash(key).
  bool Insert(std::string_view key, uint64_t hash, int64_t payload, int64_t* existing);
  static uint64_t Hash(std::string_view key);
  // Asks the CPU to bring in the slot where a key of this hash would start
  // its probe, so that an Insert of it a little later finds it in cache.
  void Prefetch(uint64_t hash) const;
  size_t size() const { return size_; }
  size_t MemoryBytes() const { return arena_.capacity() + slots_.capacity() * sizeof(uint64_t); }

 private:
  void Grow();
  size_t Home(uint64_t hash) const;
  std::string_view KeyAt(uint64_t offset, int64_t* payload) const;
  // Slot: 0 = empty, else (offset + 1) in the low 36 bits, the hash's top
  // 28 bits above (key_set.cpp).
  std::vector<uint64_t> slots_;
  static constexpr int kInitialBits = 10;
  int bits_ = kInitialBits;  // slots_.size() == 2^bits_
  std::string arena_;  // per key: payload (8 bytes), length varint, bytes
  size_t size_ = 0;
};

}  // namespace fundwatch
