// EffectiveIndex: "the row of key K valid on date D" for effective-dated
// reference tables (validity [begndate, enddate], inclusive, open end when
// enddate is null). One hash probe and one binary search per lookup; no
// scanning. Rows are identified by the caller's row numbers.
//
// Build: Add() every row, then Finalize() once; Find() only after that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/common/civil_time.h"

namespace fundwatch {

class EffectiveIndex {
 public:
  struct Overlap {
    uint32_t row;          // the row dropped from the index
    uint32_t kept_row;     // the earlier-starting row it overlaps
  };

  void Add(std::string_view key, Date from, std::optional<Date> to, uint32_t row);

  // Sorts each key's intervals. Intervals of one key must not overlap (the
  // contract promises it); a row that overlaps an earlier-starting one is
  // dropped and returned so the caller can report it.
  std::vector<Overlap> Finalize();

  // The row of `key` whose validity covers `on`, or nullopt.
  std::optional<uint32_t> Find(std::string_view key, Date on) const;

  // Number of intervals kept.
  size_t size() const { return intervals_.size(); }

 private:
  struct Interval {
    uint32_t key_id;
    int32_t from;
    int32_t to;  // inclusive; INT32_MAX when open
    uint32_t row;
  };
  struct Range {
    uint32_t begin;
    uint32_t end;
  };
  std::unordered_map<std::string, uint32_t> key_ids_;
  std::vector<Interval> intervals_;
  std::vector<Range> ranges_;  // by key id, after Finalize
  bool finalized_ = false;
};

}  // namespace fundwatch
