// Record: one row of one contract table, typed per its TableDef. Cells are
// 16 bytes; they and the text of string, enum and list cells live in one
// heap block per record, so a record is one allocation whatever its width
// (and a 24-byte handle).
//
// Records compare equal when table, cell values and texts are equal; where
// a record came from (file line, MySQL row) is carried beside it and is not
// part of its value, so a CSV and a MySQL source give equal records.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/decimal.h"
#include "engine/data/schema.h"

namespace fundwatch {

// Iterates the elements of a '|'-separated list without allocating.
class ListView {
 public:
  explicit ListView(std::string_view text) : text_(text) {}
  class Iterator {
   public:
    Iterator(std::string_view rest, bool done) : rest_(rest), done_(done) { Advance(); }
    std::string_view operator*() const { return current_; }
    Iterator& operator++() { Advance(); return *this; }
    bool operator==(const Iterator& o) const { return done_ == o.done_ && end_ == o.end_; }

   private:
    void Advance();
    std::string_view rest_;
    std::string_view current_;
    bool done_;
    bool end_ = false;
  };
  // An empty text (a null list) has no elements.
  Iterator begin() const { return text_.empty() ? end() : Iterator(text_, false); }
  Iterator end() const { return Iterator({}, true); }
  bool Contains(std::string_view element) const;
  size_t size() const;

 private:
  std::string_view text_;
};

class Record {
 public:
  struct Cell {
    int64_t num = 0;       // int, flag, enum index, decimal units, date days, datetime seconds
    uint32_t offset = 0;   // text of string, enum and list cells
    uint32_t length = kNull;
    static constexpr uint32_t kNull = 0xFFFFFFFFu;
  };

  Record() = default;
  explicit Record(TableId table);
  Record(const Record& other);
  Record& operator=(const Record& other);
  Record(Record&&) noexcept = default;
  Record& operator=(Record&&) noexcept = default;

  TableId table() const { return table_; }
  const TableDef& def() const { return Table(table_); }
  size_t size() const { return n_; }

  bool IsNull(int i) const { return cells()[i].length == Cell::kNull; }
  int64_t Int(int i) const { return cells()[i].num; }
  Decimal Dec(int i) const { return Decimal::FromUnits(cells()[i].num); }
  Date DateAt(int i) const { return Date::FromDays(static_cast<int32_t>(cells()[i].num)); }
  DateTime TimeAt(int i) const { return DateTime::FromSeconds(cells()[i].num); }
  std::string_view Str(int i) const {  // string, enum code, or raw list text
    const Cell& c = cells()[i];
    if (c.length == Cell::kNull) return {};
    return std::string_view(text() + c.offset, c.length);
  }
  ListView List(int i) const { return ListView(Str(i)); }

  // Setters used by the row builder. Text is appended to the record's buffer.
  void SetNull(int i) { cells()[i] = Cell{}; }
  void SetNum(int i, int64_t num) { cells()[i] = Cell{num, 0, 0}; }
  void SetText(int i, std::string_view text, int64_t num = 0);
  // Sizes the text buffer once for a row's strings (no growth slack kept).
  void ReserveText(size_t bytes) {
    if (bytes > text_cap_) Regrow(bytes);
  }

  // The value of field i rendered as text in the contract's format
  // ("" for null): for messages, evidence and the MySQL loader.
  std::string Format(int i) const;
  // The primary key rendered as text, fields joined by '/'.
  std::string KeyString() const;
  // a.KeyString() <=> b.KeyString() (same table), without rendering where
  // the key is one text field (most tables).
  static int CompareKeys(const Record& a, const Record& b);

  // A compact binary form, for spilling to disk and for the copies a rule's
  // state keeps: a null bitmap, varint numbers, length-prefixed texts.
  // Fields outside `keep` (when given; one flag per field) are written as
  // null: the engine keeps only what its rules read.
  void AppendBinary(std::string* out, const std::vector<bool>* keep = nullptr) const;
  // Reads one record written by AppendBinary from [*p, end), advancing *p;
  // false when the bytes are truncated or malformed.
  static bool ReadBinary(const char** p, const char* end, Record* out);
  // Makes the fields outside `keep` (one flag per field) null and keeps only
  // the text of the others, in a block of exactly their size.
  void Project(const std::vector<bool>& keep);
  // Bytes held (handle and block), for memory budgets.
  size_t HeldBytes() const { return sizeof(Record) + n_ * sizeof(Cell) + text_cap_; }

  friend bool operator==(const Record& a, const Record& b);

 private:
  Cell* cells() { return reinterpret_cast<Cell*>(block_.get()); }
  const Cell* cells() const { return reinterpret_cast<const Cell*>(block_.get()); }
  char* text() { return block_.get() + n_ * sizeof(Cell); }
  const char* text() const { return block_.get() + n_ * sizeof(Cell); }
  // A block with room for `capacity` bytes of text, the cells and text kept.
  void Regrow(size_t capacity);

  TableId table_ = 0;
  uint16_t n_ = 0;
  uint32_t text_size_ = 0;
  uint32_t text_cap_ = 0;
  std::unique_ptr<char[]> block_;  // n_ cells, then text_cap_ bytes of text
};

}  // namespace fundwatch
