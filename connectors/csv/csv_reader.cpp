#include "connectors/csv/csv_reader.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

#include "engine/common/pages.h"

namespace fundwatch {
namespace {
constexpr size_t kChunk = 1 << 20;
// A mapped file's pages behind the reader are let go in steps of this much,
// so the mapping never holds more of the file than that in memory.
constexpr size_t kReleaseStep = size_t{16} << 20;

// Reading a page of a mapped file past its end (the file shrank while it
// was read) raises SIGBUS. The reading thread names its file here, so that
// the run stops with a message naming it rather than a bare crash.
thread_local const char* mapped_path = nullptr;
thread_local size_t mapped_path_length = 0;
thread_local const char* mapped_begin = nullptr;
thread_local const char* mapped_end = nullptr;
struct sigaction previous_bus_action;

void OnBusError(int sig, siginfo_t* info, void*) {
  const char* at = static_cast<const char*>(info->si_addr);
  if (mapped_path != nullptr && at >= mapped_begin && at < mapped_end) {
    // Only write(2) and _exit(2): the handler must be async-signal-safe.
    constexpr char kBefore[] = "fundwatch: ";
    constexpr char kAfter[] = ": the file shrank while it was being read; run again on a complete copy\n";
    ssize_t ignored = write(STDERR_FILENO, kBefore, sizeof kBefore - 1);
    ignored = write(STDERR_FILENO, mapped_path, mapped_path_length);
    ignored = write(STDERR_FILENO, kAfter, sizeof kAfter - 1);
    (void)ignored;
    _exit(1);
  }
  sigaction(sig, &previous_bus_action, nullptr);  // not ours: as before
  raise(sig);
}

// Installed as each file is mapped, unless it is in place already (a host
// such as a test framework may have put its own handler in between; that
// one is then what a SIGBUS outside our files goes to).
void WatchForShrinkingFiles() {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  struct sigaction current {};
  sigaction(SIGBUS, nullptr, &current);
  if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == OnBusError) return;
  struct sigaction action {};
  action.sa_sigaction = OnBusError;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, &previous_bus_action);
}
}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IoError(path + ": " + std::strerror(errno));
  std::unique_ptr<CsvReader> reader(new CsvReader(f, path));
  // A regular file is mapped and parsed where it lies: no copy out of the
  // page cache. Anything else (a pipe, an empty file, a failed map) is read
  // in chunks. A mapped file that shrinks while it is read stops the run
  // with a message naming it (OnBusError).
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* map = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fileno(f), 0);
    if (map != MAP_FAILED) {
      WatchForShrinkingFiles();
      madvise(map, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
      reader->map_ = static_cast<const char*>(map);
      reader->map_size_ = static_cast<size_t>(st.st_size);
      reader->data_ = reader->map_;
      reader->end_ = reader->map_size_;
      reader->eof_ = true;
      reader->bytes_read_ = reader->map_size_;
    }
  }
  return reader;
}

CsvReader::~CsvReader() {
  if (map_ != nullptr && mapped_begin == map_) mapped_path = nullptr;
  if (map_ != nullptr) munmap(const_cast<char*>(map_), map_size_);
  std::fclose(file_);
}

bool CsvReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - end_ < kChunk / 2) buf_.resize(std::max(buf_.size() * 2, kChunk));
  data_ = buf_.data();
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
  if (map_ != nullptr) {  // this thread reads this file now
    mapped_path = path_.c_str();
    mapped_path_length = path_.size();
    mapped_begin = map_;
    mapped_end = map_ + map_size_;
  }
  if (!started_) {
    started_ = true;
    if (map_ == nullptr) Fill();
    if (end_ - begin_ >= 3 && std::memcmp(data_ + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
  } else if (map_ != nullptr) {
    // The pages before the next row are read no more.
    ReleasePagesBehind(map_, begin_, kReleaseStep, &released_);
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
  const char* const data = data_;
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
    bool quoted = false;
    if (p < end_ && data[p] == '"') {
      quoted = true;
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
      field_start = p;  // an unquoted field is its bytes where they lie
      p = q;
    }
    spans_.push_back(Span{field_start, quoted ? unquoted_.size() - field_start : p - field_start, quoted});
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
  for (const Span& span : spans_) {
    fields_.emplace_back((span.unescaped ? unquoted_.data() : data) + span.at, span.length);
  }
  return Outcome::kRow;
}

void CsvReader::SkipLine() {
  for (;;) {
    while (begin_ < end_) {
      char c = data_[begin_++];
      if (c == '\n') { ++next_line_; return; }
    }
    if (!Fill()) return;
  }
}

}  // namespace fundwatch
