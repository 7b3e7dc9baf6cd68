// Identifier formats. Background, planted and malformed rows draw numbers
// from disjoint ranges (leading digit 0-7, 9 and 8 respectively) so they can
// never collide. Trace codes are prefix (7 digits) + 13 digits whose first
// digit marks the range, the other 12 a scrambled counter (a bijection).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fundwatch::gen {

enum class IdRange : int { kBackground = 0, kPlanted = 9, kMalformed = 8 };

// prefix + `digits` digits: the range digit then the counter, zero-padded.
std::string MakeId(const std::string& prefix, IdRange range, int64_t counter, int digits = 11);
std::string MakeTraceCode(const std::string& prefix7, IdRange range, int64_t counter);

// One counter per id prefix, so every kind of id counts from 1.
class IdCounter {
 public:
  explicit IdCounter(IdRange range) : range_(range) {}
  std::string Next(const std::string& prefix, int digits = 11) { return MakeId(prefix, range_, ++Counter(prefix), digits); }
  std::string NextCode(const std::string& prefix7) { return MakeTraceCode(prefix7, range_, ++codes_); }
  IdRange range() const { return range_; }

 private:
  int64_t& Counter(const std::string& prefix) {
    for (auto& [p, n] : counters_) {
      if (p == prefix) return n;
    }
    counters_.emplace_back(prefix, 0);
    return counters_.back().second;
  }
  IdRange range_;
  std::vector<std::pair<std::string, int64_t>> counters_;
  int64_t codes_ = 0;
};

}  // namespace fundwatch::gen
