// KeyedState<T>: one T per key for the rules' keyed state (window groups,
// buckets, sequence partitions). One open-addressing table (linear probing,
// backward-shift deletion, so no tombstones) holds each key's hash and id;
// the keys' text lives in one arena, compacted when half of it is dead; the
// values live in a deque by id (ids of erased keys are reused). No heap
// allocation per key beyond what T itself makes; exact: keys are compared
// by their full text, never by hash alone.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/runtime/key_hash.h"

namespace fundwatch::runtime {

template <typename T>
class KeyedState {
 public:
  using Id = uint32_t;

  // The id of `key` and whether it is new. A new key's value is a default T
  // or one left by an erased key: the caller resets it.
  std::pair<Id, bool> FindOrInsert(std::string_view key) {
    if ((live_ + 1) * 10 > slots_.size() * 7) Grow();
    const uint32_t h = Hash(key);
    size_t i = h & mask_;
    while (slots_[i].id != kEmpty) {
      if (slots_[i].hash == h && KeyOf(slots_[i].id) == key) return {slots_[i].id, false};
      i = (i + 1) & mask_;
    }
    if (key.size() >= kMaxKey || arena_.size() >= kMaxArena) {  // Meta's bit fields
      throw std::length_error("KeyedState: a key of 16 MB or more, or 512 GB of keys");
    }
    Id id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<Id>(meta_.size());
      meta_.emplace_back();
      values_.emplace_back();
    }
    meta_[id] = Meta{static_cast<uint64_t>(arena_.size()), key.size(), 1};
    arena_.append(key);
    slots_[i] = Slot{h, id};
    ++live_;
    return {id, true};
  }

  std::optional<Id> Find(std::string_view key) const {
    if (slots_.empty()) return std::nullopt;
    const uint32_t h = Hash(key);
    for (size_t i = h & mask_; slots_[i].id != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].hash == h && KeyOf(slots_[i].id) == key) return slots_[i].id;
    }
    return std::nullopt;
  }

  T& operator[](Id id) { return values_[id]; }
  const T& operator[](Id id) const { return values_[id]; }
  std::string_view KeyOf(Id id) const { return std::string_view(arena_).substr(meta_[id].offset, meta_[id].length); }

  // Drops `id`'s key (REQUIRES: live). The value is left as it is, for
  // FindOrInsert to hand out again with a new key: the caller resets it
  // then, keeping whatever buffers it has (no allocation per new key).
  void Erase(Id id) {
    size_t i = Hash(KeyOf(id)) & mask_;
    while (slots_[i].id != id) i = (i + 1) & mask_;
    // Backward shift: move later entries of the probe run into the hole.
    size_t hole = i;
    for (size_t j = (i + 1) & mask_; slots_[j].id != kEmpty; j = (j + 1) & mask_) {
      size_t home = slots_[j].hash & mask_;
      bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = Slot{};
    dead_bytes_ += meta_[id].length;
    meta_[id].live = false;
    free_.push_back(id);
    --live_;
    if (dead_bytes_ > (1u << 20) && dead_bytes_ * 2 > arena_.size()) CompactArena();
  }

  // Prefetching (a caller that knows the keys it will look up soon): the
  // slot of a key's hash (HashKeyText); once that is in cache, the id whose
  // slot carries the hash (a guess: the key is not compared), its key
  // record and value prefetched; then its key's text.
  void PrefetchSlot(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<uint32_t>(hash) & mask_]);
  }
  int64_t PrefetchEntry(uint64_t hash) const {
    if (slots_.empty()) return -1;
    const uint32_t h = static_cast<uint32_t>(hash);
    for (size_t i = h & mask_; slots_[i].id != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].hash != h) continue;
      const Id id = slots_[i].id;
      __builtin_prefetch(&meta_[id]);
      __builtin_prefetch(&values_[id]);
      return id;
    }
    return -1;
  }
  void PrefetchKey(Id id) const {
    if (id < meta_.size()) __builtin_prefetch(arena_.data() + meta_[id].offset);
  }

  size_t size() const { return live_; }

  // Calls f(id) for every live key, in no particular order.
  template <typename F>
  void ForEach(F&& f) const {
    for (Id id = 0; id < meta_.size(); ++id) {
      if (meta_[id].live) f(id);
    }
  }

  // Bytes held by the table, the keys and the values' own size (what a T
  // allocates besides is the caller's to count).
  size_t Bytes() const {
    return slots_.capacity() * sizeof(Slot) + meta_.capacity() * sizeof(Meta) + arena_.capacity() +
           values_.size() * sizeof(T) + free_.capacity() * sizeof(Id);
  }

 private:
  static constexpr Id kEmpty = 0xFFFFFFFFu;
  // 8 bytes a slot: the low 32 bits of the key's hash (a slot's home is
  // hash & mask, so entries move without rehashing their keys; tables stay
  // below 2^32 slots) and the key's id.
  struct Slot {
    uint32_t hash = 0;
    Id id = kEmpty;
  };
  // 8 bytes a key: its text's place in the arena (up to 512 GB) and length
  // (up to 16 MB; keys are a few field values).
  struct Meta {
    uint64_t offset : 39 = 0;
    uint64_t length : 24 = 0;
    uint64_t live : 1 = 0;
  };
  static_assert(sizeof(Meta) == 8);
  static constexpr uint64_t kMaxKey = uint64_t{1} << 24, kMaxArena = uint64_t{1} << 39;

  static uint32_t Hash(std::string_view key) { return static_cast<uint32_t>(HashKeyText(key)); }

  void Grow() {
    size_t n = slots_.empty() ? 64 : slots_.size() * 2;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (const Slot& s : old) {
      if (s.id == kEmpty) continue;
      size_t i = s.hash & mask_;
      while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  void CompactArena() {
    std::string arena;
    arena.reserve(arena_.size() - dead_bytes_);
    for (Meta& m : meta_) {
      if (!m.live) continue;
      uint64_t offset = arena.size();
      arena.append(arena_, m.offset, m.length);
      m.offset = offset;
    }
    arena_ = std::move(arena);
    dead_bytes_ = 0;
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<Meta> meta_;
  std::deque<T> values_;
  std::vector<Id> free_;
  std::string arena_;
  size_t dead_bytes_ = 0;
  size_t live_ = 0;
};

}  // namespace fundwatch::runtime
