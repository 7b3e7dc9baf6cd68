// EventSorter: puts the records of the streamed tables into replay order
// (event_order.h) within a memory budget. Records are held in memory until
// they take `budget_bytes`; then the batch is sorted and written to a
// temporary file as one run (Record::AppendBinary), and the runs are merged
// at the end. So a scan needs memory for the budget, not for its input.
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
  // Moves the next record into *out; false at the end.
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

  // Adds a record; may write a run. Errors are I/O errors naming the file.
  Status Add(Record&& record);
  // Ends the input: sorts what is held, opens the runs for merging.
  Status Finish();
  bool Next(Record* out) override;
  // Set when reading a run failed during Next (which then returned false).
  const Status& status() const { return status_; }
  const SorterStats& stats() const { return stats_; }

 private:
  struct Run;
  struct Held {
    int64_t time;
    Record record;
  };
  Status Spill();
  void SortHeld();

  size_t budget_;
  std::string temp_dir_;
  std::string dir_;  // made on the first spill
  const std::vector<std::vector<bool>>* keep_ = nullptr;
  std::vector<Held> held_;
  size_t held_bytes_ = 0;
  size_t next_held_ = 0;  // when nothing was spilled: the next record to yield
  std::vector<std::unique_ptr<Run>> runs_;
  std::vector<size_t> heap_;  // run indices, a min-heap on their current record
  bool finished_ = false;
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
