// The order records are streamed in: by event time, then by table, then by
// primary key. Every part is a property of the record, so the order never
// depends on the order rows arrived in, and any two runs over the same data
// replay it identically. Tables without an event time come first.
#pragma once

#include <climits>
#include <cstdint>
#include <string_view>

#include "engine/data/record.h"

namespace fundwatch::runtime {

// The record's event time in seconds (INT64_MIN for tables without one).
inline int64_t StreamTime(const Record& r) {
  int field = r.def().event_time;
  if (field < 0 || r.IsNull(field)) return INT64_MIN;
  return r.TimeAt(field).seconds();
}

// Eight bytes of a key from `at`, big-endian and zero-padded: comparing
// these as numbers orders keys by their bytes there, so a sort reads a key's
// text again only when they tie.
inline uint64_t KeyPrefix(std::string_view key, size_t at = 0) {
  uint64_t out = 0;
  for (size_t i = at; i < at + 8; ++i) out = (out << 8) | (i < key.size() ? static_cast<uint8_t>(key[i]) : 0);
  return out;
}

// True when `a` is replayed before `b`. Keys are rendered only where time
// and table tie.
inline bool StreamBefore(int64_t time_a, const Record& a, int64_t time_b, const Record& b) {
  if (time_a != time_b) return time_a < time_b;
  if (a.table() != b.table()) return a.table() < b.table();
  return Record::CompareKeys(a, b) < 0;
}

}  // namespace fundwatch::runtime
