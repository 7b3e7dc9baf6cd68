// TableWriter: writes one table's CSV file in a random row order without
// holding the table in memory. Add() sends each record to one of K bucket
// files (chosen by a seeded Prng) through a small in-memory buffer; Finish()
// loads one bucket at a time, shuffles it, and appends it to the output after
// the header. K is chosen so that a bucket stays around kBucketRows rows, so
// memory is bounded by one bucket whatever the scale.
//
// Inject() places a record at a chosen relative position of the final file
// (used for malformed rows and for the first occurrence of a duplicated key);
// Finish() reports the 1-based physical line where each injected reject
// starts, counting newlines embedded in quoted fields (the header is line 1).
//
// Owns its temp files (under temp_dir) and removes them in Finish().
// Not thread-safe. REQUIRES: Open() before Add(); Finish() once.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "gen/prng.h"
#include "gen/schema.h"

namespace fundwatch::gen {

struct PlannedReject {
  std::optional<std::string> column;  // nullopt for "wrong number of fields"
  std::string reason;
};

struct PlacedReject {
  std::string file;
  int64_t line = 0;
  std::optional<std::string> column;
  std::string reason;
};

class TableWriter {
 public:
  static constexpr int64_t kBucketRows = 200000;

  TableWriter(Table table, std::string temp_dir, int64_t expected_rows, uint64_t seed);
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  ~TableWriter();

  Status Open();
  void Add(std::string_view record);
  void AddRow(const Row& row);
  // position_ppm in [0, 1'000'000]: where among the regular rows the record
  // goes; equal positions keep injection order.
  void Inject(uint32_t position_ppm, std::string record, std::optional<PlannedReject> reject);
  Status Finish(const std::string& out_path, std::vector<PlacedReject>* rejects);

  Table table() const { return table_; }
  int64_t rows_written() const { return regular_rows_ + static_cast<int64_t>(injected_.size()); }

 private:
  struct Injected {
    uint32_t position_ppm;
    size_t sequence;
    std::string record;
    std::optional<PlannedReject> reject;
  };
  struct Bucket {
    std::string path;
    std::string buffer;
  };
  Status FlushBucket(Bucket& bucket);
  Status WriteBucketShuffled(size_t index, std::FILE* out, int64_t* row_index, int64_t* line,
                             size_t* next_injected, std::vector<PlacedReject>* rejects);
  bool WriteInjectedUpTo(int64_t row_index, std::FILE* out, int64_t* line, size_t* next,
                         std::vector<PlacedReject>* rejects);

  Table table_;
  std::string temp_dir_;
  uint64_t seed_;
  std::vector<Bucket> buckets_;
  std::vector<Injected> injected_;
  int64_t regular_rows_ = 0;
  Prng rng_;
  Status error_;
};

}  // namespace fundwatch::gen
