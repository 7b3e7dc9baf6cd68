// RowBuilder: turns one source row (raw field texts in the source's column
// order) into a Record of one table, or a Reject saying why not. It owns the
// table's primary-key set, so a duplicate key is caught whatever the source.
// One RowBuilder per table per read; not thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/data/key_set.h"
#include "engine/data/record.h"
#include "engine/data/reject.h"

namespace fundwatch {

class RowBuilder {
 public:
  // `source_columns[i]` is the position of the table's field i in incoming
  // rows, or -1 when the source lacks it (allowed only for nullable fields,
  // which are then null). REQUIRES: source_columns.size() == fields.size().
  RowBuilder(const TableDef& def, std::vector<int> source_columns);

  // Builds `*record` from `fields`. Returns false and fills `reject->column`,
  // `column_number`, `record_id` (when readable) and `reason` when the row
  // is unreadable; `locator` (line number or primary key text) is what a
  // duplicate key is reported against.
  bool Build(std::span<const std::string_view> fields, int64_t locator, Record* record, Reject* reject);

  const TableDef& def() const { return def_; }
  size_t distinct_keys() const { return keys_.size(); }

 private:
  std::string KeyText(std::span<const std::string_view> fields) const;
  bool CheckValidity(const Record& record, Reject* reject) const;

  const TableDef& def_;
  std::vector<int> source_columns_;
  KeySet keys_;
  std::string key_buffer_;
};

}  // namespace fundwatch
