// LookupIndex: the rows of one source (table, derived set or rule results)
// hashed by the key a plan Lookup probes with, so that joins and subqueries
// never scan. kKey indexes hash the inner fields' canonical text; kMember
// indexes hash every element of a list field. Rows failing the lookup's
// inner-only conditions are left out when the index is built.
#pragma once

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
  const std::vector<Row>& Probe(std::string_view key) const {
    if (last_ != nullptr && key == last_key_) return *last_;
    last_key_.assign(key);
    last_ = &ProbeMap(key);
    return *last_;
  }
  size_t keys() const { return map_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<Row>, Hash, std::equal_to<>> map_;
  const std::vector<Row>& ProbeMap(std::string_view key) const;
  std::string buffer_;
  mutable std::string last_key_;
  mutable const std::vector<Row>* last_ = nullptr;
  static const std::vector<Row> kEmpty;
};

}  // namespace fundwatch::runtime
