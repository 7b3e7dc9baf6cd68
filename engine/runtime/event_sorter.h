// EventSorter: puts the records of the streamed tables into replay order
// (event_order.h) within a memory budget. Each record is packed as it is
// added (Record::AppendBinary of the fields worth keeping, a third of the
// record's size), with its time and primary key beside it, so the caller's
// record is free for the next row at once. Runs of at most 32 MB are sorted
// by (time, table, key) and copied out in order as soon as they are full, so
// sorting overlaps reading. Sorted runs stay in memory while they fit in
// `budget_bytes`; beyond it they are written to temporary files. All runs
// are merged at the end, each run's pages let go as the merge reads past
// them. So a scan needs memory for the budget, not for its input, and the
// replay reads records from packed runs in order (no cache misses on records
// scattered by a sort).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/data/record.h"

namespace fundwatch::runtime {

// Records in replay order, one at a time.
class RecordStream {
 public:
  virtual ~RecordStream() = default;
  // Moves the next record into *out; false at the end. What *out held
  // may be kept and its block reused for a later record.
  virtual bool Next(Record* out) = 0;
};

struct SorterStats {
  int64_t records = 0;
  int64_t runs = 0;            // runs written to disk (0: sorted in memory)
  int64_t spilled_bytes = 0;
  int64_t peak_bytes = 0;      // records held in memory at most
};

class EventSorter : public RecordStream {
 public:
  // Runs go to a private directory made under `temp_dir` (removed by the
  // destructor).
  EventSorter(size_t budget_bytes, std::string temp_dir);
  ~EventSorter() override;
  EventSorter(const EventSorter&) = delete;
  EventSorter& operator=(const EventSorter&) = delete;

  // `keep` (per table and field): the fields worth keeping (FieldsRead);
  // the others are dropped as records are added.
  void set_projection(const std::vector<std::vector<bool>>* keep) { keep_ = keep; }

  // Adds (a packed copy of) a record; may write a run. Errors are I/O errors
  // naming the file.
  Status Add(const Record& record);
  // Ends the input: sorts what is held, opens the runs for merging.
  Status Finish();
  bool Next(Record* out) override;
  // Set when reading a run failed during Next (which then returned false).
  const Status& status() const { return status_; }
  const SorterStats& stats() const { return stats_; }
  // Bytes of the runs kept in memory that are resident now (mincore): they
  // shrink as Next reads past them.
  size_t ResidentRunBytes() const;

 private:
  struct Run;
  // A record of the run being collected: its packed bytes and its key (the
  // tie-break after time and table) in `staging_`, the key's first 16 bytes
  // also here, so that sorting compares most keys without reading them.
  struct Held {
    int64_t time;
    uint64_t key_head[2];  // the key's first 16 bytes, big-endian, zero-padded
    uint32_t record_at;
    uint32_t record_length;
    uint32_t key_at;
    uint16_t key_length;
    uint8_t table;
  };
  Status CloseRun();
  void SortHeld();

  static constexpr size_t kRunBytes = size_t{32} << 20;  // records held per run at most
  size_t budget_;
  size_t packed_bytes_ = 0;  // runs packed in memory
  std::string temp_dir_;
  std::string dir_;  // made on the first spill
  const std::vector<std::vector<bool>>* keep_ = nullptr;
  std::vector<Held> held_;
  std::string staging_;  // packed records and keys of the run being collected
  std::string write_buffer_;  // a spilled run on its way to its file
  std::string key_scratch_;
  std::vector<std::unique_ptr<Run>> runs_;
  std::vector<size_t> heap_;  // run indices, a min-heap on their current record
  Status status_ = Status::Ok();
  SorterStats stats_;
};

// Several streams in replay order, merged (one sorter per reading thread).
class MergedStream : public RecordStream {
 public:
  explicit MergedStream(std::vector<RecordStream*> inputs);
  bool Next(Record* out) override;

 private:
  struct Head {
    RecordStream* input;
    Record record;
    int64_t time = 0;
  };
  std::vector<Head> heads_;
  std::vector<size_t> heap_;  // indices into heads_, a min-heap on their record
};

}  // namespace fundwatch::runtime
