#include "engine/runtime/lookup_index.h"

#include <algorithm>
#include <cstring>

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
      AddPending(element, row.id);
    }
    return;
  }
  buffer_.clear();
  for (uint16_t f : lookup.inner_fields) {
    plan::Value v = RowField(row, f);
    if (v.null) return;  // a null key never equals anything
    AppendKeyPart(&buffer_, v);
  }
  AddPending(buffer_, row.id);
}

void LookupIndex::AddPending(std::string_view key, uint32_t id) {
  if (source_.keys_only) id = 0;
  pending_.push_back(Pending{static_cast<uint32_t>(pending_keys_.size()), static_cast<uint32_t>(key.size()), id});
  pending_keys_.append(key);
}

size_t LookupIndex::Find(std::string_view key, uint64_t hash) const {
  const uint32_t tag = static_cast<uint32_t>(hash);
  const size_t n = slots_.size();
  size_t i = Home(tag);
  while (slots_[i].count != 0) {
    const Slot& s = slots_[i];
    if (s.hash == tag && s.key_length == key.size() && std::memcmp(KeyData(s), key.data(), key.size()) == 0) return i;
    i = i + 1 == n ? 0 : i + 1;
  }
  return i;
}

size_t LookupIndex::FindKey(std::string_view key, uint32_t hash) const {
  const size_t n = key_slots_.size();
  size_t i = KeyHome(hash);
  while (key_slots_[i] != 0) {
    const uint64_t s = key_slots_[i];
    if (static_cast<uint32_t>(s >> 32) == hash) {
      const char* at = arena_.data() + (static_cast<uint32_t>(s) - 1);
      const size_t length = static_cast<unsigned char>(at[0]);
      if (length == key.size() && std::memcmp(at + 1, key.data(), length) == 0) return i;
    }
    i = i + 1 == n ? 0 : i + 1;
  }
  return i;
}

void LookupIndex::FinalizeKeys() {
  // Room for every row's key to be distinct, trimmed to the keys there are.
  key_slots_.assign(SlotsFor(pending_.size()), 0);
  bool long_keys = false;
  for (const Pending& p : pending_) {
    const std::string_view key = PendingKey(p);
    if (key.size() > UINT8_MAX || arena_.size() + 1 + key.size() >= UINT32_MAX) {
      long_keys = true;  // beyond what an 8-byte slot addresses: slots as any index
      break;
    }
    const uint32_t hash = static_cast<uint32_t>(HashKeyText(key));
    const size_t i = FindKey(key, hash);
    if (key_slots_[i] != 0) continue;
    key_slots_[i] = uint64_t{hash} << 32 | (arena_.size() + 1);
    arena_.push_back(static_cast<char>(key.size()));
    arena_.append(key);
    ++keys_;
  }
  if (long_keys) {
    std::vector<uint64_t>().swap(key_slots_);
    arena_.clear();
    keys_ = 0;
    return;
  }
  std::vector<Pending>().swap(pending_);
  std::string().swap(pending_keys_);
  if (SlotsFor(keys_) < key_slots_.size()) {
    std::vector<uint64_t> old = std::move(key_slots_);
    key_slots_.assign(SlotsFor(keys_), 0);
    for (uint64_t s : old) {
      if (s == 0) continue;
      size_t i = KeyHome(static_cast<uint32_t>(s >> 32));
      while (key_slots_[i] != 0) i = i + 1 == key_slots_.size() ? 0 : i + 1;
      key_slots_[i] = s;
    }
  }
  arena_.shrink_to_fit();
}

void LookupIndex::Finalize() {
  if (source_.keys_only) {
    FinalizeKeys();
    if (!key_slots_.empty()) return;  // else keys too long for it: slots as any index
  }
  // Count rows per distinct key (the table grows with the keys, kept at
  // most 70 % full), then lay out the rows of each key with several
  // together in rows_ (a key with one row keeps it in its slot), and order
  // each key's rows.
  // Room for every row's key to be distinct (no growing while counting),
  // trimmed to the keys there are once they are counted.
  slots_.assign(SlotsFor(pending_.size()), Slot{});
  std::vector<uint32_t> counts;  // per key number
  for (size_t r = 0; r < pending_.size(); ++r) {
    const std::string_view key = PendingKey(pending_[r]);
    const uint64_t h = HashKeyText(key);
    size_t i = Find(key, h);
    if (slots_[i].count == 0) {
      // While counting, `first` holds the key number.
      Slot& s = slots_[i];
      s.hash = static_cast<uint32_t>(h);
      s.count = 1;
      s.first = static_cast<uint32_t>(keys_);
      s.key_length = static_cast<uint32_t>(key.size());
      if (key.size() <= kInlineKey) {
        std::memcpy(s.inline_key, key.data(), key.size());
      } else {
        s.key_offset = arena_.size();
        arena_.append(key);
      }
      counts.push_back(0);
      ++keys_;
    }
    // A keys-only index counts each key once: no rows to lay out.
    if (!source_.keys_only || counts[slots_[i].first] == 0) ++counts[slots_[i].first];
    pending_[r].key_offset = slots_[i].first;  // the row's key number, from here on
  }
  // The keys are in the slots (or the arena) now: their pending copies go
  // before the rows are laid out, so that a large index never holds both.
  std::string().swap(pending_keys_);
  if (SlotsFor(keys_) < slots_.size()) Rehash(SlotsFor(keys_));
  // Keys with several rows get a run of rows_; a key's one row stays in
  // its slot.
  std::vector<uint32_t> next(counts.size(), 0);  // several: where the next row goes; one: the row
  uint32_t total = 0;
  for (size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] < 2) continue;
    next[k] = total;
    total += counts[k];
  }
  rows_.resize(total);
  for (size_t r = 0; r < pending_.size(); ++r) {
    const uint32_t k = pending_[r].key_offset;
    if (source_.keys_only) continue;  // every key's one "row" is 0 already
    if (counts[k] == 1) {
      next[k] = pending_[r].id;
    } else {
      rows_[next[k]++] = pending_[r].id;
    }
  }
  for (Slot& s : slots_) {
    if (s.count == 0) continue;
    const uint32_t k = s.first;
    s.count = counts[k];
    s.first = counts[k] == 1 ? next[k] : next[k] - counts[k];
  }
  std::vector<Pending>().swap(pending_);
  std::vector<std::pair<std::string, uint32_t>> keyed;
  for (const Slot& s : slots_) {
    if (s.count < 2) continue;
    keyed.clear();
    for (uint32_t k = 0; k < s.count; ++k) {
      const uint32_t id = rows_[s.first + k];
      keyed.emplace_back(RowOrderKey(source_.At(id)), id);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (uint32_t k = 0; k < s.count; ++k) rows_[s.first + k] = keyed[k].second;
  }
}

void LookupIndex::Rehash(size_t n) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(n, Slot{});
  for (const Slot& s : old) {
    if (s.count == 0) continue;
    size_t i = Home(s.hash);
    while (slots_[i].count != 0) i = i + 1 == n ? 0 : i + 1;
    slots_[i] = s;
  }
}

RowSpan LookupIndex::ProbeTable(std::string_view key, uint64_t hash) const {
  if (!key_slots_.empty()) {
    if (key_slots_[FindKey(key, static_cast<uint32_t>(hash))] == 0) return {};
    return RowSpan(&kNoRow, 1, &source_);
  }
  if (slots_.empty()) return {};
  const Slot& s = slots_[Find(key, hash)];
  if (s.count == 0) return {};
  if (s.count == 1) return RowSpan(&s.first, 1, &source_);
  return RowSpan(rows_.data() + s.first, s.count, &source_);
}

}  // namespace fundwatch::runtime
