// Aggregator: one exact, incrementally maintained aggregate of a group or a
// sliding window: count, count of true, distinct count, sum, min, max.
// Values can be added and removed (window expiry); distinct counts and
// min/max keep per-value multiplicities, sums stay exact integers/decimals.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/runtime/plan.h"

namespace fundwatch::runtime {

class Aggregator {
 public:
  explicit Aggregator(const plan::Aggregate& spec) : spec_(&spec) {}
  void Add(const plan::Value& v) { Apply(v, +1); }
  void Remove(const plan::Value& v) { Apply(v, -1); }
  plan::Value Current() const;
  // Back to no values (keeping any multiset's memory for reuse).
  void Reset() {
    count_ = 0;
    sum_ = 0;
    if (sets_) {
      sets_->few.clear();
      sets_->many.clear();
      sets_->ordered.clear();
    }
  }
  // Bytes of state held (for the state-size benchmark).
  size_t StateBytes() const;

 private:
  // Multiplicities of values, made only for the aggregates that need them.
  // count_distinct: a window holds a handful of distinct values, found by
  // a scan of `few`; past kFew they move to the hash map `many` for good.
  static constexpr size_t kFew = 16;
  struct Multisets {
    std::vector<std::pair<std::string, int64_t>> few;
    std::unordered_map<std::string, int64_t> many;
    std::map<std::pair<int64_t, std::string>, int64_t> ordered;  // min/max: (num, text) -> multiplicity
  };
  void Apply(const plan::Value& v, int sign);
  Multisets& sets() {
    if (!sets_) sets_ = std::make_unique<Multisets>();
    return *sets_;
  }
  const plan::Aggregate* spec_;
  int64_t count_ = 0;
  int64_t sum_ = 0;  // ints, or decimal units
  std::unique_ptr<Multisets> sets_;
};

}  // namespace fundwatch::runtime
