// CsvReader: a streaming RFC 4180 reader. Quoted fields may hold commas,
// doubled quotes and line breaks; lines end in LF or CRLF; a UTF-8 byte
// order mark at the start is skipped. A regular file is mapped and parsed in
// place (its pages let go behind the reader); anything else is read in
// fixed-size chunks. Either way memory does not grow with the file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"

namespace fundwatch {

class CsvReader {
 public:
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  enum class Outcome { kRow, kMalformed, kEnd };

  // Reads the next row. kRow: `fields()` holds it (views valid until the
  // next call). kMalformed: the row starting at `line()` is broken (reason in
  // `error()`); the reader has skipped to the start of the next line and can
  // continue. kEnd: no more rows. Blank lines are skipped.
  Outcome Next();
  const std::vector<std::string_view>& fields() const { return fields_; }
  int64_t line() const { return row_line_; }           // where the last row started
  const std::string& error() const { return error_; }
  Status io_status() const { return io_status_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  CsvReader(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  bool Fill();  // moves the unread tail to the front and reads more; false at EOF
  Outcome ParseRow(bool* need_more);
  void SkipLine();

  std::FILE* file_;
  std::string path_;
  std::vector<char> buf_;         // chunks read, when the file is not mapped
  const char* map_ = nullptr;     // the whole file, mapped (a regular file)
  size_t map_size_ = 0;
  size_t released_ = 0;           // mapped bytes before this are let go
  const char* data_ = nullptr;    // map_ or buf_.data(): what begin_ and end_ index
  size_t begin_ = 0;  // first unread byte
  size_t end_ = 0;    // end of valid bytes
  bool eof_ = false;
  bool started_ = false;
  int64_t next_line_ = 1;
  int64_t row_line_ = 0;
  uint64_t bytes_read_ = 0;
  std::vector<std::string_view> fields_;
  // Where each field of the current row lies: in the data, or (a quoted
  // field, unescaped) in `unquoted_`.
  struct Span {
    size_t at;
    size_t length;
    bool unescaped;  // a quoted field, unescaped into `unquoted_`
  };
  std::vector<Span> spans_;
  std::string unquoted_;  // field texts of the current row, unescaped
  std::string error_;
  Status io_status_;
};

}  // namespace fundwatch
