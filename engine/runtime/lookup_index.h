// LookupIndex: the rows of one source (table, derived set or rule results)
// hashed by the key a plan Lookup probes with, so that joins and subqueries
// never scan. kKey indexes hash the inner fields' canonical text; kMember
// indexes hash every element of a list field. Rows failing the lookup's
// inner-only conditions are left out when the index is built.
//
// Layout (built once, by Finalize): one open-addressing table of slots
// (hash, key text in an arena, a run of rows), the rows of each key
// contiguous in one array. A probe is a hash, a slot run and a key compare.
#pragma once

#include <array>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/runtime/key_hash.h"
#include "engine/runtime/plan.h"
#include "engine/data/record.h"
#include "engine/runtime/row.h"

namespace fundwatch::runtime {

// Where an index's rows live: a table's records, or materialized rows (a
// derived set, a rule's results). A row is named by its position there.
struct RowSource {
  const std::vector<Record>* records = nullptr;
  const MaterializedRows* rows = nullptr;
  // A keys-only index (LookupIndex::KeysOnly) has no rows to read: a probe
  // tells only whether the key is there.
  bool keys_only = false;
  Row At(uint32_t id) const { return records != nullptr ? RecordRow((*records)[id], id) : rows->At(id); }
};

// The rows under one key: a view into the index (their positions), made
// into rows as they are read.
class RowSpan {
 public:
  class Iterator {
   public:
    Iterator(const uint32_t* at, const RowSource* source) : at_(at), source_(source) {}
    Row operator*() const { return source_->At(*at_); }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const Iterator& o) const { return at_ == o.at_; }

   private:
    const uint32_t* at_;
    const RowSource* source_;
  };
  RowSpan() = default;
  RowSpan(const uint32_t* first, size_t count, const RowSource* source)
      : first_(first), count_(count), source_(source) {}
  Iterator begin() const { return Iterator(first_, source_); }
  Iterator end() const { return Iterator(first_ + count_, source_); }
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // From a keys-only index: the key is there (one "row", not to be read).
  bool keys_only() const { return source_ != nullptr && source_->keys_only; }
  Row operator[](size_t i) const { return source_->At(first_[i]); }
  // The position of the first row in its source (not for keys-only spans).
  uint32_t first_id() const { return *first_; }

 private:
  const uint32_t* first_ = nullptr;
  size_t count_ = 0;
  const RowSource* source_ = nullptr;
};

class LookupIndex {
 public:
  // An index over rows of `source` (which must outlive it).
  explicit LookupIndex(RowSource source) : source_(source) {}
  // An index of keys without rows, for lookups that ask only whether a key
  // is there (StorePlan::KeySet): rows added under one key count once, and
  // a probe that finds the key gives one row that must not be read
  // (RowSpan::keys_only).
  static LookupIndex KeysOnly() {
    RowSource none;
    none.keys_only = true;
    return LookupIndex(none);
  }
  // Adds `row` (REQUIRES: not null; source.At(row.id) is the row) under its
  // key per `lookup`.
  void Add(const plan::Lookup& lookup, const Row& row);
  // Builds the table. Each key's rows are ordered by their records' primary
  // keys (rule results: by their key values), so that which row a lookup
  // finds first never depends on the order the input arrived in. Call
  // once, after the last Add.
  void Finalize();
  // The rows whose key is `key`, in Finalize order; empty when none. The
  // last key probed is remembered (per thread: threads evaluating rules
  // share the index): the rules judging one record probe an index, shared
  // between them, with the same key one after another.
  RowSpan Probe(std::string_view key) const {
    struct Last {
      uint64_t index = 0;  // serial_: an address may be reused by a later index
      std::string key;
      RowSpan rows;
    };
    thread_local std::array<Last, 16> cache;
    Last& last = cache[(reinterpret_cast<uintptr_t>(this) >> 6) & 15];
    if (last.index == serial_ && key == last.key) return last.rows;
    last.index = serial_;
    last.key.assign(key);
    last.rows = ProbeTable(key, HashKeyText(key));
    return last.rows;
  }
  // Prefetching, for a caller that knows which keys it will probe soon
  // (the executor, a few records ahead): each step brings in what the next
  // one reads, so the cache misses of several probes overlap. `hash` is
  // HashKeyText(key).
  void PrefetchSlot(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(static_cast<uint32_t>(hash))]);
    if (!key_slots_.empty()) __builtin_prefetch(&key_slots_[KeyHome(static_cast<uint32_t>(hash))]);
  }
  // Once the slot is in cache: the rows under `key`, as Probe gives them,
  // the first one's record handle prefetched. The caller keeps them for
  // the evaluator, which then need not build, hash and find the key again.
  RowSpan ProbeHashed(std::string_view key, uint64_t hash) const {
    RowSpan rows = ProbeTable(key, hash);
    if (source_.records != nullptr && !rows.empty()) __builtin_prefetch(&(*source_.records)[rows.first_id()]);
    return rows;
  }
  // Once the handle is in cache: the record's block.
  void PrefetchRecord(uint32_t id) const {
    if (source_.records != nullptr) (*source_.records)[id].Prefetch();
  }
  size_t keys() const { return keys_; }
  // Bytes held by the built index.
  size_t Bytes() const {
    return slots_.capacity() * sizeof(Slot) + key_slots_.capacity() * sizeof(uint64_t) + arena_.capacity() +
           rows_.capacity() * sizeof(uint32_t);
  }

 private:
  // 32 bytes: a probe for a key of at most kInlineKey bytes (most codes)
  // with one row (most lookups) reads the slot and nothing else of the
  // index. The table has as many slots as its keys need at 70 % full, not a
  // power of two (at 3.3M keys: 4.7M slots, not 8.4M); a slot's home is
  // its hash scaled to the table (Home), so entries move without rehashing
  // their keys.
  static constexpr size_t kInlineKey = 16;
  struct Slot {
    uint32_t hash = 0;        // low 32 bits of the key's hash
    uint32_t count = 0;       // rows under the key; 0: empty slot
    uint32_t first = 0;       // one row: its position; more: where they start in rows_
    uint32_t key_length = 0;
    union {
      char inline_key[kInlineKey];  // keys of at most kInlineKey bytes
      uint64_t key_offset;          // longer keys: where in arena_
    };
    Slot() : inline_key{} {}
  };
  const char* KeyData(const Slot& s) const {
    return s.key_length <= kInlineKey ? s.inline_key : arena_.data() + s.key_offset;
  }
  // The slot holding `key`, or the empty slot where it would go.
  size_t Find(std::string_view key, uint64_t hash) const;
  RowSpan ProbeTable(std::string_view key, uint64_t hash) const;
  size_t Home(uint32_t hash) const { return static_cast<size_t>((uint64_t{hash} * slots_.size()) >> 32); }
  // Slots for `keys` keys at most 70 % full.
  static size_t SlotsFor(size_t keys) { return std::max<size_t>(16, keys * 10 / 7 + 1); }
  // Moves the entries to a table of `n` slots.
  void Rehash(size_t n);
  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }

  // Until Finalize: each added row's key (in pending_keys_) and position.
  struct Pending {
    uint32_t key_offset;  // in pending_keys_; once Finalize has counted it, its key number
    uint32_t key_length, id;
  };
  std::string_view PendingKey(const Pending& p) const {
    return std::string_view(pending_keys_).substr(p.key_offset, p.key_length);
  }
  void AddPending(std::string_view key, uint32_t id);

  // A keys-only index (KeysOnly) has no rows and keeps no slot of rows: an
  // 8-byte slot per key (its hash's low 32 bits, and one more than where the
  // key lies in arena_, a length byte then its bytes; 0: empty), 70 % full.
  void FinalizeKeys();
  size_t KeyHome(uint32_t hash) const { return static_cast<size_t>((uint64_t{hash} * key_slots_.size()) >> 32); }
  // The slot holding `key`, or the empty slot where it would go.
  size_t FindKey(std::string_view key, uint32_t hash) const;
  std::vector<uint64_t> key_slots_;
  static constexpr uint32_t kNoRow = 0;  // the one "row" a keys-only probe finds

  RowSource source_;
  std::vector<Pending> pending_;
  std::string pending_keys_;
  std::vector<Slot> slots_;
  std::string arena_;
  std::vector<uint32_t> rows_;  // positions in source_, each key's together
  size_t keys_ = 0;
  std::string buffer_;
  const uint64_t serial_ = NextSerial();
};

}  // namespace fundwatch::runtime
