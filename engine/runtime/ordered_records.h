// OrderedRecords: the records of a stored event table, made in replay order
// (event time, then primary key, as event_order.h orders them) once the
// table is whole. Records are added packed (Record::AppendBinary of the
// fields worth keeping, about a third of their size) and each is made, in a
// block of its size, after the one before it: the replay then walks their
// memory forward, and a lookup from a record to one of about its own time
// (a fee line's settlement) lands near the last one, instead of anywhere in
// a table read in file order. Not thread-safe; one per table being read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/record.h"
#include "engine/runtime/row_arena.h"

namespace fundwatch::runtime {

class OrderedRecords {
 public:
  // `keep` (per field of the table, may be null: all): the fields kept.
  explicit OrderedRecords(const std::vector<bool>* keep) : keep_(keep) {}

  // Adds a packed copy; `record` is free for the next row at once.
  void Add(const Record& record);
  // Appends the records added to `out`, in replay order, their blocks made
  // one after another in `arena` (or allocated each, without one), and lets
  // the packed copies go.
  void MoveTo(std::vector<Record>* out, BlockArena* arena = nullptr);
  size_t size() const { return staged_.size(); }

 private:
  // A record, packed at `at` in packed_: its key, then its fields; its time
  // and the key's first 16 bytes also here, so that most comparisons read
  // neither.
  struct Staged {
    int64_t time;
    uint64_t head[2];
    uint64_t at;
    uint32_t length;
    uint32_t key_length;
  };
  const std::vector<bool>* keep_;
  std::vector<Staged> staged_;
  RowArena packed_;
  std::string packing_, key_scratch_;
};

}  // namespace fundwatch::runtime
