// The ports between connectors and the engine. A RecordSource streams the
// records of one table into a RecordSink, with every unreadable row as a
// Reject; records are handed over one at a time, so a table never has to
// fit in memory.
#pragma once

#include "engine/common/status.h"
#include "engine/data/record.h"
#include "engine/data/reject.h"

namespace fundwatch {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void OnRecord(Record&& record) = 0;
  virtual void OnReject(Reject&& reject) = 0;
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Streams every row of `table` into `sink`. A non-ok Status means the
  // table as a whole could not be read (missing file column, lost
  // connection); rows already delivered stay delivered.
  virtual Status ReadTable(const TableDef& table, RecordSink& sink) = 0;
  // Human-readable name of the source, for summaries ("data/", "mysql://...").
  virtual std::string Describe() const = 0;
  // True when ReadTable may run for different tables at once, on different
  // threads (files: yes; one database connection: no).
  virtual bool ReadsTablesInParallel() const { return false; }
  // Roughly how many bytes ReadTable will read for `table` (-1: unknown),
  // so that tables read in parallel can start with the largest.
  virtual int64_t TableBytes(const TableDef& table) const {
    (void)table;
    return -1;
  }
  // Where one table lives, for messages: a file path, or source/table.
  virtual std::string TableLocation(const TableDef& table) const {
    return Describe() + "/" + std::string(table.name);
  }
};

}  // namespace fundwatch
