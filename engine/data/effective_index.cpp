#include "engine/data/effective_index.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace fundwatch {

void EffectiveIndex::Add(std::string_view key, Date from, std::optional<Date> to, uint32_t row) {
  assert(!finalized_);
  auto [it, inserted] = key_ids_.try_emplace(std::string(key), static_cast<uint32_t>(key_ids_.size()));
  intervals_.push_back(Interval{it->second, from.days(),
                                to ? to->days() : std::numeric_limits<int32_t>::max(), row});
}

std::vector<EffectiveIndex::Overlap> EffectiveIndex::Finalize() {
  assert(!finalized_);
  finalized_ = true;
  std::sort(intervals_.begin(), intervals_.end(), [](const Interval& a, const Interval& b) {
    if (a.key_id != b.key_id) return a.key_id < b.key_id;
    if (a.from != b.from) return a.from < b.from;
    return a.row < b.row;
  });
  std::vector<Overlap> overlaps;
  std::vector<Interval> kept;
  kept.reserve(intervals_.size());
  for (const Interval& iv : intervals_) {
    if (!kept.empty() && kept.back().key_id == iv.key_id && iv.from <= kept.back().to) {
      overlaps.push_back(Overlap{iv.row, kept.back().row});
      continue;
    }
    kept.push_back(iv);
  }
  intervals_.swap(kept);
  ranges_.assign(key_ids_.size(), Range{0, 0});
  for (uint32_t i = 0; i < intervals_.size();) {
    uint32_t j = i;
    while (j < intervals_.size() && intervals_[j].key_id == intervals_[i].key_id) ++j;
    ranges_[intervals_[i].key_id] = Range{i, j};
    i = j;
  }
  return overlaps;
}

std::optional<uint32_t> EffectiveIndex::Find(std::string_view key, Date on) const {
  assert(finalized_);
  // Heterogeneous lookup needs C++20 transparent hashing; a short key copy
  // is cheap next to the hash probe and keeps the map simple.
  auto it = key_ids_.find(std::string(key));
  if (it == key_ids_.end()) return std::nullopt;
  Range r = ranges_[it->second];
  auto first = intervals_.begin() + r.begin;
  auto last = intervals_.begin() + r.end;
  // The last interval starting on or before `on`.
  auto after = std::upper_bound(first, last, on.days(),
                                [](int32_t d, const Interval& iv) { return d < iv.from; });
  if (after == first) return std::nullopt;
  const Interval& iv = *(after - 1);
  if (on.days() > iv.to) return std::nullopt;
  return iv.row;
}

}  // namespace fundwatch
