// LookupIndex: the rows of one source (table, derived set or rule results)
// hashed by the key a plan Lookup probes with, so that joins and subqueries
// never scan. kKey indexes hash the inner fields' canonical text; kMember
// indexes hash every element of a list field. Rows failing the lookup's
// inner-only conditions are left out when the index is built.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/runtime/plan.h"
#include "engine/runtime/row.h"

namespace fundwatch::runtime {

class LookupIndex {
 public:
  // Adds `row` (REQUIRES: not null) under its key per `lookup`.
  void Add(const plan::Lookup& lookup, const Row& row);
  // Orders each key's rows by their records' primary keys (rule results: by
  // their key values), so that which row a lookup finds first never depends
  // on the order the input arrived in. Call once, after the last Add.
  void Finalize();
  // The rows whose key is `key`, in Finalize order; empty when none. The
  // last key probed is remembered: the rules judging one record probe an
  // index (shared between them) with the same key one after another.
  // (Per thread: threads evaluating rules share the index.)
  const std::vector<Row>& Probe(std::string_view key) const {
    struct Last {
      uint64_t index = 0;  // serial_: an address may be reused by a later index
      std::string key;
      const std::vector<Row>* rows = nullptr;
    };
    thread_local std::array<Last, 16> cache;
    Last& last = cache[(reinterpret_cast<uintptr_t>(this) >> 6) & 15];
    if (last.index == serial_ && key == last.key) return *last.rows;
    last.index = serial_;
    last.key.assign(key);
    last.rows = &ProbeMap(key);
    return *last.rows;
  }
  size_t keys() const { return map_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<Row>, Hash, std::equal_to<>> map_;
  const std::vector<Row>& ProbeMap(std::string_view key) const;
  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }
  const uint64_t serial_ = NextSerial();
  std::string buffer_;
  static const std::vector<Row> kEmpty;
};

}  // namespace fundwatch::runtime
