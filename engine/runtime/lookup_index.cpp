#include "engine/runtime/lookup_index.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "engine/runtime/evaluator.h"

namespace fundwatch::runtime {

void LookupIndex::Add(const plan::Lookup& lookup, const Row& row) {
  if (lookup.index == plan::IndexKind::kMember) {
    plan::Value list = RowField(row, lookup.inner_fields[0]);
    if (list.null) return;
    // A row is listed once per distinct element: "X1|X1" is one membership.
    std::vector<std::string_view> seen;
    for (std::string_view element : ListView(list.text)) {
      if (std::find(seen.begin(), seen.end(), element) != seen.end()) continue;
      seen.push_back(element);
      pending_.emplace_back(std::string(element), row);
    }
    return;
  }
  buffer_.clear();
  for (uint16_t f : lookup.inner_fields) {
    plan::Value v = RowField(row, f);
    if (v.null) return;  // a null key never equals anything
    AppendKeyText(&buffer_, v);
    buffer_.push_back('\x1f');
  }
  pending_.emplace_back(buffer_, row);
}

uint64_t LookupIndex::Hash(std::string_view key) {
  uint64_t h = std::hash<std::string_view>{}(key);
  return h ^ (h >> 29);
}

size_t LookupIndex::Find(std::string_view key, uint64_t hash) const {
  size_t i = hash & mask_;
  while (slots_[i].count != 0) {
    const Slot& s = slots_[i];
    if (s.hash == hash && std::string_view(arena_).substr(s.key_offset, s.key_length) == key) return i;
    i = (i + 1) & mask_;
  }
  return i;
}

void LookupIndex::Finalize() {
  // Size the table for every row having its own key (load <= 0.5), then
  // count rows per key, lay the rows of each key out together, and order
  // each key's rows.
  size_t n = 16;
  while (n < pending_.size() * 2) n *= 2;
  slots_.assign(n, Slot{});
  mask_ = n - 1;
  std::vector<uint32_t> slot_of(pending_.size());
  for (size_t r = 0; r < pending_.size(); ++r) {
    const std::string& key = pending_[r].first;
    const uint64_t h = Hash(key);
    size_t i = Find(key, h);
    Slot& s = slots_[i];
    if (s.count == 0) {
      s = Slot{h, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size()), 0, 0};
      arena_.append(key);
      ++keys_;
    }
    ++s.count;
    slot_of[r] = static_cast<uint32_t>(i);
  }
  uint32_t next = 0;
  for (Slot& s : slots_) {
    s.first = next;
    next += s.count;
  }
  rows_.resize(pending_.size());
  std::vector<uint32_t> filled(slots_.size(), 0);
  for (size_t r = 0; r < pending_.size(); ++r) {
    Slot& s = slots_[slot_of[r]];
    rows_[s.first + filled[slot_of[r]]++] = pending_[r].second;
  }
  std::vector<std::pair<std::string, Row>>().swap(pending_);
  std::vector<std::pair<std::string, Row>> keyed;
  for (const Slot& s : slots_) {
    if (s.count < 2) continue;
    keyed.clear();
    for (uint32_t k = 0; k < s.count; ++k) {
      const Row& r = rows_[s.first + k];
      std::string id;
      if (r.record != nullptr) {
        id = r.record->KeyString();
      } else {
        // Rule results are stored in key order: their position sorts them.
        char buf[16];
        std::snprintf(buf, sizeof buf, "%010u", r.id);
        id = buf;
      }
      keyed.emplace_back(std::move(id), r);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (uint32_t k = 0; k < s.count; ++k) rows_[s.first + k] = keyed[k].second;
  }
}

RowSpan LookupIndex::ProbeTable(std::string_view key) const {
  if (slots_.empty()) return {};
  const Slot& s = slots_[Find(key, Hash(key))];
  if (s.count == 0) return {};
  return RowSpan(rows_.data() + s.first, s.count);
}

}  // namespace fundwatch::runtime
