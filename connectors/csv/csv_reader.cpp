#include "connectors/csv/csv_reader.h"

#include <cerrno>
#include <cstring>
#include <memory>

namespace fundwatch {
namespace {
constexpr size_t kChunk = 1 << 20;
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IoError(path + ": " + std::strerror(errno));
  return std::unique_ptr<CsvReader>(new CsvReader(f, path));
}

CsvReader::~CsvReader() { std::fclose(file_); }

bool CsvReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - end_ < kChunk / 2) buf_.resize(std::max(buf_.size() * 2, kChunk));
  size_t n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_);
  if (n == 0) {
    if (std::ferror(file_)) io_status_ = Status::IoError(path_ + ": " + std::strerror(errno));
    eof_ = true;
    return false;
  }
  end_ += n;
  bytes_read_ += n;
  return true;
}

CsvReader::Outcome CsvReader::Next() {
  if (!started_) {
    started_ = true;
    Fill();
    if (end_ - begin_ >= 3 && std::memcmp(buf_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
  }
  for (;;) {
    bool need_more = false;
    Outcome outcome = ParseRow(&need_more);
    if (!need_more) return outcome;
    if (!Fill()) {
      // EOF in the middle of a row: parse once more knowing no more comes.
      outcome = ParseRow(&need_more);
      return outcome;
    }
  }
}

// Parses one row starting at begin_. Consumes it only when complete.
CsvReader::Outcome CsvReader::ParseRow(bool* need_more) {
  const char* const data = buf_.data();
  size_t p = begin_;
  int64_t newlines = 0;
  unquoted_.clear();
  spans_.clear();
  *need_more = false;
  // Skip blank lines.
  while (p < end_ && (data[p] == '\n' || data[p] == '\r')) {
    if (data[p] == '\r' && p + 1 == end_ && !eof_) {
      begin_ = p;
      *need_more = true;
      return Outcome::kEnd;
    }
    if (data[p] == '\n' || !(p + 1 < end_ && data[p + 1] == '\n')) ++next_line_;
    ++p;
  }
  begin_ = p;
  if (p == end_) {
    if (!eof_) *need_more = true;
    return Outcome::kEnd;
  }
  row_line_ = next_line_;
  for (;;) {  // one field per iteration
    size_t field_start = unquoted_.size();
    if (p < end_ && data[p] == '"') {
      ++p;
      for (;;) {
        if (p == end_) {
          if (!eof_) { *need_more = true; return Outcome::kEnd; }
          error_ = "unterminated quoted field in column " + std::to_string(spans_.size() + 1);
          begin_ = p;
          next_line_ += newlines + 1;
          return Outcome::kMalformed;
        }
        char c = data[p];
        if (c == '"') {
          if (p + 1 == end_ && !eof_) { *need_more = true; return Outcome::kEnd; }
          if (p + 1 < end_ && data[p + 1] == '"') { unquoted_.push_back('"'); p += 2; continue; }
          ++p;
          break;
        }
        if (c == '\n') ++newlines;
        unquoted_.push_back(c);
        ++p;
      }
      if (p < end_ && data[p] != ',' && data[p] != '\n' && data[p] != '\r') {
        size_t len = 1;  // the whole UTF-8 character, so the message stays valid text
        while (p + len < end_ && len < 4 && (static_cast<unsigned char>(data[p + len]) & 0xC0) == 0x80) ++len;
        error_ = "unexpected character '" + std::string(data + p, len) + "' after closing quote in column " +
                 std::to_string(spans_.size() + 1) + " (a quote inside a quoted field is written \"\")";
        begin_ = p;
        next_line_ += newlines;
        SkipLine();
        return Outcome::kMalformed;
      }
    } else {
      size_t q = p;
      while (q < end_ && data[q] != ',' && data[q] != '\n' && data[q] != '\r') ++q;
      unquoted_.append(data + p, q - p);
      p = q;
    }
    spans_.emplace_back(field_start, unquoted_.size() - field_start);
    if (p == end_) {
      if (!eof_) { *need_more = true; return Outcome::kEnd; }
      break;
    }
    if (data[p] == ',') { ++p; continue; }
    // Line end: LF or CRLF (a lone CR also ends the line).
    if (data[p] == '\r') {
      if (p + 1 == end_ && !eof_) { *need_more = true; return Outcome::kEnd; }
      ++p;
      if (p < end_ && data[p] == '\n') ++p;
    } else {
      ++p;
    }
    ++newlines;
    break;
  }
  begin_ = p;
  next_line_ += newlines;
  fields_.clear();
  for (auto [off, len] : spans_) fields_.emplace_back(unquoted_.data() + off, len);
  return Outcome::kRow;
}

void CsvReader::SkipLine() {
  for (;;) {
    while (begin_ < end_) {
      char c = buf_[begin_++];
      if (c == '\n') { ++next_line_; return; }
    }
    if (!Fill()) return;
  }
}

}  // namespace fundwatch
