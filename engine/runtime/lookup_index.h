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
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/runtime/plan.h"
#include "engine/runtime/row.h"

namespace fundwatch::runtime {

// The rows under one key: a view into the index.
class RowSpan {
 public:
  RowSpan() = default;
  RowSpan(const Row* first, size_t count) : first_(first), count_(count) {}
  const Row* begin() const { return first_; }
  const Row* end() const { return first_ + count_; }
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  const Row& operator[](size_t i) const { return first_[i]; }

 private:
  const Row* first_ = nullptr;
  size_t count_ = 0;
};

class LookupIndex {
 public:
  // Adds `row` (REQUIRES: not null) under its key per `lookup`.
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
    last.rows = ProbeTable(key);
    return last.rows;
  }
  size_t keys() const { return keys_; }
  // Bytes held by the built index.
  size_t Bytes() const { return slots_.capacity() * sizeof(Slot) + arena_.capacity() + rows_.capacity() * sizeof(Row); }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t key_offset = 0, key_length = 0;
    uint32_t first = 0, count = 0;  // count 0: empty slot
  };
  static uint64_t Hash(std::string_view key);
  // The slot holding `key`, or the empty slot where it would go.
  size_t Find(std::string_view key, uint64_t hash) const;
  RowSpan ProbeTable(std::string_view key) const;
  void Grow();
  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }

  std::vector<std::pair<std::string, Row>> pending_;  // until Finalize
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::string arena_;
  std::vector<Row> rows_;
  size_t keys_ = 0;
  std::string buffer_;
  const uint64_t serial_ = NextSerial();
};

}  // namespace fundwatch::runtime
