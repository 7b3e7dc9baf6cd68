#include "engine/runtime/ordered_records.h"

#include <algorithm>
#include <cassert>
#include <string_view>

#include "engine/runtime/event_order.h"

namespace fundwatch::runtime {

void OrderedRecords::Add(const Record& record) {
  const std::string_view key = record.KeyView(&key_scratch_);
  packing_.assign(key);
  record.AppendBinary(&packing_, keep_);
  staged_.push_back(Staged{StreamTime(record), {KeyPrefix(key, 0), KeyPrefix(key, 8)}, packed_.Put(packing_),
                           static_cast<uint32_t>(packing_.size()), static_cast<uint32_t>(key.size())});
}

void OrderedRecords::MoveTo(std::vector<Record>* out, BlockArena* arena) {
  auto key = [&](const Staged& s) { return std::string_view(packed_.At(s.at), s.key_length); };
  std::sort(staged_.begin(), staged_.end(), [&](const Staged& a, const Staged& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.head[0] != b.head[0]) return a.head[0] < b.head[0];
    if (a.head[1] != b.head[1]) return a.head[1] < b.head[1];
    return key(a) < key(b);
  });
  out->reserve(out->size() + staged_.size());
  const std::vector<bool> all;
  Record scratch;
  for (const Staged& s : staged_) {
    const char* p = packed_.At(s.at) + s.key_length;
    const bool ok = Record::ReadBinary(&p, packed_.At(s.at) + s.length, &scratch);
    assert(ok && "a record packed here reads back");
    (void)ok;
    out->push_back(scratch.Projected(keep_ != nullptr ? *keep_ : all, arena));  // a block of its size
  }
  std::vector<Staged>().swap(staged_);
  packed_ = RowArena();
}

}  // namespace fundwatch::runtime
