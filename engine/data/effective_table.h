// EffectiveTable: the rows of one effective-dated reference table (hilist,
// opsp_reg) held in memory with an EffectiveIndex over their key, so that
// "the row of K valid on D" is one lookup. Reference tables are small next
// to event tables (thousands to a few hundred thousand rows).
#pragma once

#include <vector>

#include "engine/data/effective_index.h"
#include "engine/data/record.h"
#include "engine/data/reject.h"

namespace fundwatch {

class EffectiveTable {
 public:
  // REQUIRES: def.valid_from >= 0. Rows are grouped by the table's key
  // fields other than valid_from (hilist: hilist_code).
  explicit EffectiveTable(const TableDef& def);

  void Add(Record record);
  // Builds the index; rows whose validity overlaps an earlier-starting row
  // of the same key are dropped and returned as Rejects (record id, reason).
  std::vector<Reject> Finalize();

  const Record* Find(std::string_view key, Date on) const;
  const std::vector<Record>& rows() const { return rows_; }

 private:
  std::string GroupKey(const Record& r) const;
  const TableDef& def_;
  std::vector<Record> rows_;
  EffectiveIndex index_;
};

}  // namespace fundwatch
