#include "engine/runtime/event_sorter.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "engine/runtime/event_order.h"

namespace fundwatch::runtime {

// One sorted run on disk, read back through a buffer; `current` is its next
// record in order.
struct EventSorter::Run {
  std::string path;
  std::FILE* file = nullptr;
  std::string buffer;
  size_t pos = 0;
  bool eof = false;
  Record current;
  int64_t time = 0;
  bool has_current = false;

  ~Run() {
    if (file != nullptr) std::fclose(file);
  }

  // Each record is framed by its length, so a record never straddles a refill.
  Status Advance() {
    has_current = false;
    uint32_t length = 0;
    if (!Fill(sizeof length)) return Status::Ok();  // clean end
    std::memcpy(&length, buffer.data() + pos, sizeof length);
    pos += sizeof length;
    if (!Fill(length)) return Status::Corrupt(path + ": run ends inside a record");
    const char* p = buffer.data() + pos;
    if (!Record::ReadBinary(&p, p + length, &current)) return Status::Corrupt(path + ": malformed record");
    pos += length;
    time = StreamTime(current);
    has_current = true;
    return Status::Ok();
  }

  // True when `n` bytes are available at `pos`. (A run held in memory has
  // all its bytes in `buffer` and no file.)
  bool Fill(size_t n) {
    if (buffer.size() - pos >= n) return true;
    if (file == nullptr) return false;
    buffer.erase(0, pos);
    pos = 0;
    constexpr size_t kChunk = 1 << 20;
    while (!eof && buffer.size() < n) {
      size_t old = buffer.size();
      buffer.resize(old + std::max(kChunk, n));
      size_t got = std::fread(buffer.data() + old, 1, buffer.size() - old, file);
      buffer.resize(old + got);
      if (got == 0) eof = true;
    }
    return buffer.size() >= n;
  }
};

EventSorter::EventSorter(size_t budget_bytes, std::string temp_dir)
    : budget_(budget_bytes), temp_dir_(std::move(temp_dir)) {}

EventSorter::~EventSorter() {
  runs_.clear();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

Status EventSorter::Add(const Record& record) {
  ++stats_.records;
  Held h;
  h.time = StreamTime(record);
  h.table = static_cast<uint8_t>(record.table());
  h.record_at = static_cast<uint32_t>(staging_.size());
  const std::vector<bool>* keep = keep_ != nullptr && !(*keep_)[record.table()].empty() ? &(*keep_)[record.table()] : nullptr;
  record.AppendBinary(&staging_, keep);
  h.record_length = static_cast<uint32_t>(staging_.size() - h.record_at);
  // The key as Record::CompareKeys orders it: KeyString's bytes.
  const std::string_view key = record.KeyView(&key_scratch_);
  h.key_at = static_cast<uint32_t>(staging_.size());
  h.key_length = static_cast<uint16_t>(std::min<size_t>(key.size(), UINT16_MAX));
  staging_.append(key.data(), h.key_length);
  held_.push_back(h);
  const size_t held_bytes = staging_.size() + held_.size() * sizeof(Held);
  stats_.peak_bytes = std::max<int64_t>(stats_.peak_bytes, static_cast<int64_t>(held_bytes + packed_bytes_));
  // Runs are cut small, so that sorting and packing them overlaps reading.
  if (held_bytes >= std::min(budget_, kRunBytes)) return CloseRun();
  return Status::Ok();
}

void EventSorter::SortHeld() {
  const char* base = staging_.data();
  std::sort(held_.begin(), held_.end(), [base](const Held& a, const Held& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.table != b.table) return a.table < b.table;
    return std::string_view(base + a.key_at, a.key_length) < std::string_view(base + b.key_at, b.key_length);
  });
}

// Sorts the held records into a run, packed and framed by length: kept in
// memory while the packed runs fit in the budget, written to a file in the
// spill directory beyond it.
Status EventSorter::CloseRun() {
  if (held_.empty()) return Status::Ok();
  SortHeld();
  std::string packed;
  size_t bytes = 0;
  for (const Held& h : held_) bytes += sizeof(uint32_t) + h.record_length;
  packed.reserve(bytes);
  for (const Held& h : held_) {
    packed.append(reinterpret_cast<const char*>(&h.record_length), sizeof(uint32_t));
    packed.append(staging_.data() + h.record_at, h.record_length);
  }
  held_.clear();
  staging_.clear();
  auto run = std::make_unique<Run>();
  if (packed_bytes_ + packed.size() <= budget_) {
    packed_bytes_ += packed.size();
    run->path = "(memory)";
    run->eof = true;
    run->buffer = std::move(packed);
    runs_.push_back(std::move(run));
    return Status::Ok();
  }
  if (dir_.empty()) {
    std::string pattern = (temp_dir_.empty() ? std::string("/tmp") : temp_dir_) + "/fundwatch-sort-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) {
      return Status::IoError("cannot make a spill directory " + pattern + ": " + std::strerror(errno));
    }
    dir_ = buf.data();
  }
  run->path = dir_ + "/run-" + std::to_string(runs_.size());
  std::FILE* f = std::fopen(run->path.c_str(), "wb");
  if (f == nullptr) return Status::IoError("cannot write " + run->path + ": " + std::strerror(errno));
  bool ok = std::fwrite(packed.data(), 1, packed.size(), f) == packed.size();
  if (std::fclose(f) != 0 || !ok) return Status::IoError("writing " + run->path + " failed: " + std::strerror(errno));
  stats_.spilled_bytes += static_cast<int64_t>(packed.size());
  ++stats_.runs;
  runs_.push_back(std::move(run));
  return Status::Ok();
}

Status EventSorter::Finish() {
  Status s = CloseRun();
  if (!s.ok()) return s;
  for (size_t i = 0; i < runs_.size(); ++i) {
    Run& r = *runs_[i];
    if (r.path != "(memory)") r.file = std::fopen(r.path.c_str(), "rb");
    if (r.path != "(memory)" && r.file == nullptr) {
      return Status::IoError("cannot read " + r.path + ": " + std::strerror(errno));
    }
    s = r.Advance();
    if (!s.ok()) return s;
    if (r.has_current) heap_.push_back(i);
  }
  auto later = [this](size_t a, size_t b) {  // std heaps are max-heaps
    const Run &x = *runs_[a], &y = *runs_[b];
    return StreamBefore(y.time, y.current, x.time, x.current);
  };
  std::make_heap(heap_.begin(), heap_.end(), later);
  return Status::Ok();
}

bool EventSorter::Next(Record* out) {
  if (heap_.empty()) return false;
  auto later = [this](size_t a, size_t b) {
    const Run &x = *runs_[a], &y = *runs_[b];
    return StreamBefore(y.time, y.current, x.time, x.current);
  };
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Run& r = *runs_[heap_.back()];
  std::swap(*out, r.current);  // the caller's old block is reused for the next record
  Status s = r.Advance();
  if (!s.ok()) {
    status_ = s;
    heap_.clear();
    return false;
  }
  if (r.has_current) {
    std::push_heap(heap_.begin(), heap_.end(), later);
  } else {
    heap_.pop_back();
  }
  return true;
}

MergedStream::MergedStream(std::vector<RecordStream*> inputs) {
  for (RecordStream* in : inputs) {
    Head h{in, Record(), 0};
    if (!in->Next(&h.record)) continue;
    h.time = StreamTime(h.record);
    heads_.push_back(std::move(h));
  }
  for (size_t i = 0; i < heads_.size(); ++i) heap_.push_back(i);
  std::make_heap(heap_.begin(), heap_.end(), [this](size_t a, size_t b) {
    return StreamBefore(heads_[b].time, heads_[b].record, heads_[a].time, heads_[a].record);
  });
}

bool MergedStream::Next(Record* out) {
  if (heap_.empty()) return false;
  auto later = [this](size_t a, size_t b) {
    return StreamBefore(heads_[b].time, heads_[b].record, heads_[a].time, heads_[a].record);
  };
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Head& h = heads_[heap_.back()];
  std::swap(*out, h.record);  // the caller's old block is reused for the next record
  if (h.input->Next(&h.record)) {
    h.time = StreamTime(h.record);
    std::push_heap(heap_.begin(), heap_.end(), later);
  } else {
    heap_.pop_back();
  }
  return true;
}

}  // namespace fundwatch::runtime
