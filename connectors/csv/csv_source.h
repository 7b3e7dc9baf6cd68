// CsvSource: a directory of `<table>.csv` files as a RecordSource.
// Columns are matched by header name in any order; extra columns are
// ignored; a missing nullable column reads as null; a missing required
// column makes the table unreadable (a Status naming file and column); a
// missing file is an empty table. Every unreadable row becomes a Reject with
// the file, the line where the row starts, the column and the reason.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "engine/data/record_source.h"

namespace fundwatch {

class CsvSource : public RecordSource {
 public:
  explicit CsvSource(std::string dir) : dir_(std::move(dir)) {}
  Status ReadTable(const TableDef& table, RecordSink& sink) override;
  std::string Describe() const override { return dir_; }

  // Remarks about the files that are not errors (a missing file, an ignored
  // column), in the order found. For the run summary.
  const std::vector<std::string>& notes() const { return notes_; }
  uint64_t bytes_read() const { return bytes_read_; }
  std::string TableLocation(const TableDef& table) const override;
  int64_t TableBytes(const TableDef& table) const override;
  bool ReadsTablesInParallel() const override { return true; }

 private:
  Result<std::vector<int>> MapHeader(const TableDef& table, const std::string& path,
                                     const std::vector<std::string_view>& header);
  std::string dir_;
  void Note(std::string note);
  std::mutex mu_;  // notes_ (tables may be read on several threads)
  std::vector<std::string> notes_;
  std::atomic<uint64_t> bytes_read_{0};
};

}  // namespace fundwatch
