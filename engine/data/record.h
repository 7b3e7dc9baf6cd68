// Record: one row of one contract table, typed per its TableDef. A null
// bitmap, 8-byte cells and the text of string, enum and list cells live in
// one heap block per record, so a record is one allocation whatever its
// width (and a 24-byte handle).
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

// Blocks for records that live as long as the store holding them, carved
// out of large chunks rather than allocated one by one: no allocator header
// or size rounding per record (about 12 bytes each), and consecutive
// records lie next to each other. Not thread-safe: one per table being read.
class BlockArena {
 public:
  // `bytes` bytes, 8-byte aligned, valid as long as the arena.
  char* Allocate(size_t bytes);
  // Bytes of the chunks taken so far (a chunk's pages are the system's
  // until they are written), and of the blocks handed out.
  size_t bytes() const { return bytes_; }
  size_t used() const { return used_; }

 private:
  static constexpr size_t kChunk = size_t{4} << 20;
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  size_t left_ = 0;
  size_t bytes_ = 0;
  size_t used_ = 0;
};

class Record {
 public:
  // Block layout: a 64-bit null bitmap, then one 8-byte cell per field,
  // then the text of string, enum and list fields. A number cell holds the
  // value (int, flag, decimal units, date days, datetime seconds); a text
  // cell holds the text's offset (high 32 bits) and length (low 32 bits).
  static constexpr size_t kMaxFields = 64;

  Record() = default;
  // A record of `table` with every field null and room for `text_capacity`
  // bytes of text (one allocation).
  explicit Record(TableId table, size_t text_capacity = 0);
  // Makes this a record of `table` with every field null and room for
  // `text_capacity` bytes, reusing the block when it is large enough,
  // whatever table it held (a source or a sorted run reading row after row
  // into one record).
  void Reset(TableId table, size_t text_capacity);
  Record(const Record& other);  // the copy's block is its own
  Record& operator=(const Record& other);
  Record(Record&& other) noexcept
      : table_(other.table_), borrowed_(other.borrowed_), n_(other.n_), text_size_(other.text_size_),
        text_cap_(other.text_cap_), block_(other.block_) {
    other.block_ = nullptr;
    other.borrowed_ = false;
  }
  Record& operator=(Record&& other) noexcept {
    if (this != &other) {
      Release();
      table_ = other.table_;
      borrowed_ = other.borrowed_;
      n_ = other.n_;
      text_size_ = other.text_size_;
      text_cap_ = other.text_cap_;
      block_ = other.block_;
      other.block_ = nullptr;
      other.borrowed_ = false;
    }
    return *this;
  }
  ~Record() { Release(); }

  TableId table() const { return table_; }
  const TableDef& def() const { return Table(table_); }
  size_t size() const { return n_; }

  bool IsNull(int i) const { return (nulls() >> i) & 1u; }
  int64_t Int(int i) const { return static_cast<int64_t>(cells()[i]); }
  Decimal Dec(int i) const { return Decimal::FromUnits(Int(i)); }
  Date DateAt(int i) const { return Date::FromDays(static_cast<int32_t>(Int(i))); }
  DateTime TimeAt(int i) const { return DateTime::FromSeconds(Int(i)); }
  std::string_view Str(int i) const {  // string, enum code, or raw list text
    if (IsNull(i)) return {};
    const uint64_t c = cells()[i];
    return std::string_view(text() + (c >> 32), static_cast<uint32_t>(c));
  }
  ListView List(int i) const { return ListView(Str(i)); }

  // Setters used by the row builder. Text is appended to the record's buffer.
  void SetNull(int i) {
    nulls() |= uint64_t{1} << i;
    cells()[i] = 0;
  }
  void SetNum(int i, int64_t num) {
    nulls() &= ~(uint64_t{1} << i);
    cells()[i] = static_cast<uint64_t>(num);
  }
  void SetText(int i, std::string_view text);

  // The value of field i rendered as text in the contract's format
  // ("" for null): for messages, evidence and the MySQL loader.
  std::string Format(int i) const;
  // The primary key rendered as text, fields joined by '/'.
  std::string KeyString() const;
  // KeyString's bytes without rendering them where the key is one text
  // field (most tables): a view of the field, else of `*scratch`, which
  // then holds KeyString().
  std::string_view KeyView(std::string* scratch) const;
  // a.KeyString() <=> b.KeyString() (same table), without rendering where
  // the key is one text field.
  static int CompareKeys(const Record& a, const Record& b);
  // Whether field `i` holds the same in `a` and `b` (same table): both
  // null, or the same text (string, enum code, list), or the same number.
  static bool SameField(const Record& a, const Record& b, int i);

  // A compact binary form, for spilling to disk and for the copies a rule's
  // state keeps: a null bitmap, varint numbers, length-prefixed texts.
  // Fields outside `keep` (when given; one flag per field) are written as
  // null: the engine keeps only what its rules read.
  void AppendBinary(std::string* out, const std::vector<bool>* keep = nullptr) const;
  // Reads one record written by AppendBinary from [*p, end), advancing *p;
  // false when the bytes are truncated or malformed. Reuses *out's block
  // (Reset).
  static bool ReadBinary(const char** p, const char* end, Record* out);
  // A copy with the fields outside `keep` (one flag per field) null and
  // only the text of the others, in a block of exactly their size. This
  // record keeps its block (a source reads its next row into it).
  // With `arena`, the copy's block is carved out of it: the copy's alone to
  // read and write, never freed by it, and it must not outlive the arena.
  // Reset, or a text beyond the block's room, gives it a block of its own.
  Record Projected(const std::vector<bool>& keep, BlockArena* arena = nullptr) const;
  // Asks the CPU to bring the start of the block into cache (a lookup that
  // knows which record it will read soon).
  void Prefetch() const {
    __builtin_prefetch(block_);
    __builtin_prefetch(block_ + 64);
  }
  // Bytes held (handle and block), for memory budgets.
  size_t HeldBytes() const { return sizeof(Record) + (block_ ? Header() + text_cap_ : 0); }

  friend bool operator==(const Record& a, const Record& b);

 private:
  // Bytes before the text: the null bitmap and a cell per field.
  static size_t HeaderBytes(size_t fields) { return sizeof(uint64_t) * (1 + fields); }
  size_t Header() const { return HeaderBytes(n_); }
  uint64_t& nulls() { return *reinterpret_cast<uint64_t*>(block_); }
  uint64_t nulls() const { return *reinterpret_cast<const uint64_t*>(block_); }
  uint64_t* cells() { return reinterpret_cast<uint64_t*>(block_) + 1; }
  const uint64_t* cells() const { return reinterpret_cast<const uint64_t*>(block_) + 1; }
  char* text() { return block_ + Header(); }
  const char* text() const { return block_ + Header(); }
  // A block with room for `capacity` bytes of text, the cells and text kept.
  void Regrow(size_t capacity);
  // Every field null, no text; the block (and its capacity) kept.
  void ClearFields();
  void Release() {
    if (!borrowed_) delete[] block_;
    block_ = nullptr;
    borrowed_ = false;
  }

  TableId table_ = 0;
  bool borrowed_ = false;  // the block is in a BlockArena: not this record's to free or reuse
  uint16_t n_ = 0;
  uint32_t text_size_ = 0;
  uint32_t text_cap_ = 0;
  char* block_ = nullptr;  // null bitmap, n_ cells, then text_cap_ bytes of text
};

}  // namespace fundwatch
