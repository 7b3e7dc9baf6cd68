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
//
// A sorter made with Order::kGivenKey orders by a byte string the caller
// gives with each record instead (AddKeyed): a scan sorts the records of a
// sequence rule's source by partition that way (PartitionPlan).
#pragma once

#include <atomic>
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

// Memory for the sorted runs kept in memory, shared by the sorters of one
// scan: a run that does not fit what is left is written to disk. Safe to
// share between threads.
class SortBudget {
 public:
  explicit SortBudget(size_t bytes) : limit_(bytes) {}
  size_t limit() const { return limit_; }
  // Takes `bytes` if they fit what is left; false (nothing taken) if not,
  // and from then on: once a run did not fit, the input is larger than the
  // budget, and every run goes to disk (see EventSorter::Finish).
  bool Take(size_t bytes) {
    if (overflowed()) return false;
    size_t used = used_.load(std::memory_order_relaxed);
    while (used + bytes <= limit_) {
      if (used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed)) return true;
    }
    overflowed_.store(true, std::memory_order_relaxed);
    return false;
  }
  // Whether some run did not fit (and was written to disk).
  bool overflowed() const { return overflowed_.load(std::memory_order_relaxed); }

 private:
  const size_t limit_;
  std::atomic<size_t> used_{0};
  std::atomic<bool> overflowed_{false};
};

class EventSorter : public RecordStream {
 public:
  enum class Order {
    kStream,    // replay order: (time, table, primary key); Add
    kGivenKey,  // the bytes of a key given with each record; AddKeyed
  };
  // Spilled runs are files in `temp_dir`, unlinked as soon as they are
  // written and mapped: nothing stays behind, even when the process is
  // killed, but the one run being written. With a budget of its own, or
  // one shared with other sorters (which must outlive it).
  EventSorter(size_t budget_bytes, std::string temp_dir);
  EventSorter(std::shared_ptr<SortBudget> budget, std::string temp_dir, Order order = Order::kStream);
  ~EventSorter() override;
  EventSorter(const EventSorter&) = delete;
  EventSorter& operator=(const EventSorter&) = delete;

  // `keep` (per table and field): the fields worth keeping (FieldsRead);
  // the others are dropped as records are added.
  void set_projection(const std::vector<std::vector<bool>>* keep) { keep_ = keep; }

  // Adds (a packed copy of) a record; may write a run. Errors are I/O errors
  // naming the file. REQUIRES: Order::kStream.
  Status Add(const Record& record);
  // Adds a record to be ordered by `key`'s bytes (then as added, for equal
  // keys: stable within a run only, so keys should be unique). A key
  // longer than 65535 bytes is refused with InvalidArgument naming the
  // record. REQUIRES: Order::kGivenKey.
  Status AddKeyed(const Record& record, std::string_view key);
  // Ends the input: sorts what is held, opens the runs for merging. When
  // the input did not fit the budget (some run of any sorter sharing it was
  // written to disk), the runs kept in memory are written out too, as soon
  // as a sorter sees it (at its next run, or here): the merge reads every
  // run from its file, and the memory goes to what reading and the rules
  // hold (the context, its indexes) instead of to runs the replay reaches
  // only later. An input that fits stays in memory. REQUIRES: every sorter
  // sharing the budget has had its last record.
  Status Finish();
  bool Next(Record* out) override;
  // The key of the record the last Next returned (Order::kGivenKey), valid
  // until the next call.
  std::string_view key() const { return last_key_; }
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
  Status Hold(const Record& record, int64_t time, uint8_t table, std::string_view key);
  Status CloseRun();
  // Writes a sorted run (its bytes handed out by `emit`) to a file of its
  // own in the spill directory and maps it there.
  template <typename Emit>
  Status Spill(Run* run, Emit&& emit);
  // Spill for a run kept in memory: its pages written out and let go.
  Status SpillKept(Run* run);
  Status SpillAllKept();
  void SortHeld();
  bool Before(const Run& a, const Run& b) const;

  static constexpr size_t kRunBytes = size_t{32} << 20;  // records held per run at most
  std::shared_ptr<SortBudget> budget_;
  Order order_ = Order::kStream;
  size_t packed_bytes_ = 0;  // runs packed in memory
  std::string temp_dir_;
  const std::vector<std::vector<bool>>* keep_ = nullptr;
  std::vector<Held> held_;
  std::string staging_;  // packed records and keys of the run being collected
  std::string write_buffer_;  // a spilled run on its way to its file
  std::string key_scratch_;
  std::vector<std::unique_ptr<Run>> runs_;
  std::vector<size_t> heap_;  // run indices, a min-heap on their current record
  std::string last_key_;
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
