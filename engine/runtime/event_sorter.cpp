#include "engine/runtime/event_sorter.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine/common/pages.h"
#include "engine/runtime/event_order.h"

namespace fundwatch::runtime {

// One sorted run, its records framed by their length, in pages of its own:
// anonymous memory for a run kept in memory, the run's file mapped for a
// spilled one. `current` is its next record in order. The pages the replay
// has read past are let go as it goes, so a run's memory shrinks as it is
// merged rather than at the end of the stream.
struct EventSorter::Run {
  std::string path;  // "(memory)" for a run kept in memory
  char* pages = nullptr;
  size_t mapped = 0;    // bytes mapped at `pages`
  size_t size = 0;      // bytes of records
  size_t pos = 0;       // next record
  size_t released = 0;  // pages before this are let go
  bool keyed = false;  // records carry their sort key (Order::kGivenKey)
  Record current;
  int64_t time = 0;
  std::string_view key;  // of `current`, in the pages (keyed runs)
  bool has_current = false;

  ~Run() {
    if (pages != nullptr) munmap(pages, mapped);
  }

  // Small steps: the merge reads hundreds of runs at once, and what each
  // holds behind its reader (plus the kernel's read-ahead) is resident.
  static constexpr size_t kReleaseStep = size_t{256} << 10;

  Status Advance() {
    has_current = false;
    ReleasePagesBehind(pages, pos, kReleaseStep, &released);
    if (pos == size) return Status::Ok();  // clean end
    uint32_t length = 0;
    if (size - pos < sizeof length) return Status::Corrupt(path + ": run ends inside a record");
    std::memcpy(&length, pages + pos, sizeof length);
    pos += sizeof length;
    if (keyed) {
      uint16_t key_length = 0;
      if (size - pos < sizeof key_length) return Status::Corrupt(path + ": run ends inside a record");
      std::memcpy(&key_length, pages + pos, sizeof key_length);
      pos += sizeof key_length;
      if (size - pos < key_length) return Status::Corrupt(path + ": run ends inside a record");
      key = std::string_view(pages + pos, key_length);
      pos += key_length;
    }
    if (size - pos < length) return Status::Corrupt(path + ": run ends inside a record");
    const char* p = pages + pos;
    if (!Record::ReadBinary(&p, p + length, &current)) return Status::Corrupt(path + ": malformed record");
    pos += length;
    time = StreamTime(current);
    has_current = true;
    return Status::Ok();
  }
};

EventSorter::EventSorter(size_t budget_bytes, std::string temp_dir)
    : EventSorter(std::make_shared<SortBudget>(budget_bytes), std::move(temp_dir)) {}

EventSorter::EventSorter(std::shared_ptr<SortBudget> budget, std::string temp_dir, Order order)
    : budget_(std::move(budget)), order_(order), temp_dir_(std::move(temp_dir)) {}

EventSorter::~EventSorter() = default;

Status EventSorter::Add(const Record& record) {
  assert(order_ == Order::kStream);
  // The key as Record::CompareKeys orders it: KeyString's bytes.
  const std::string_view key = record.KeyView(&key_scratch_);
  return Hold(record, StreamTime(record), static_cast<uint8_t>(record.table()),
              key.substr(0, std::min<size_t>(key.size(), UINT16_MAX)));
}

Status EventSorter::AddKeyed(const Record& record, std::string_view key) {
  assert(order_ == Order::kGivenKey);
  if (key.size() > UINT16_MAX) {
    return Status::InvalidArgument(std::string(record.def().name) + " " + record.KeyString() + ": its sort key is " +
                                   std::to_string(key.size()) + " bytes, more than the 65535 a sorter takes");
  }
  return Hold(record, 0, 0, key);
}

Status EventSorter::Hold(const Record& record, int64_t time, uint8_t table, std::string_view key) {
  ++stats_.records;
  Held h;
  h.time = time;
  h.table = table;
  h.record_at = static_cast<uint32_t>(staging_.size());
  const std::vector<bool>* keep = keep_ != nullptr && !(*keep_)[record.table()].empty() ? &(*keep_)[record.table()] : nullptr;
  record.AppendBinary(&staging_, keep);
  h.record_length = static_cast<uint32_t>(staging_.size() - h.record_at);
  h.key_at = static_cast<uint32_t>(staging_.size());
  h.key_length = static_cast<uint16_t>(key.size());
  staging_.append(key.data(), key.size());
  h.key_head[0] = KeyPrefix(key, 0);
  h.key_head[1] = KeyPrefix(key, 8);
  held_.push_back(h);
  const size_t held_bytes = staging_.size() + held_.size() * sizeof(Held);
  stats_.peak_bytes = std::max<int64_t>(stats_.peak_bytes, static_cast<int64_t>(held_bytes + packed_bytes_));
  // Runs are cut small, so that sorting and packing them overlaps reading.
  if (held_bytes >= std::min(budget_->limit(), kRunBytes)) return CloseRun();
  return Status::Ok();
}

void EventSorter::SortHeld() {
  const char* base = staging_.data();
  std::sort(held_.begin(), held_.end(), [base](const Held& a, const Held& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.table != b.table) return a.table < b.table;
    // Byte order of the keys: their first 16 bytes as numbers, then (when
    // those tie) the shorter first if both fit, else the whole keys.
    if (a.key_head[0] != b.key_head[0]) return a.key_head[0] < b.key_head[0];
    if (a.key_head[1] != b.key_head[1]) return a.key_head[1] < b.key_head[1];
    if (a.key_length <= 16 && b.key_length <= 16) return a.key_length < b.key_length;
    return std::string_view(base + a.key_at, a.key_length) < std::string_view(base + b.key_at, b.key_length);
  });
}

// Sorts the held records into a run, packed and framed by length: kept in
// memory (pages of its own) while the packed runs fit in the budget, written
// to a file in the spill directory beyond it.
Status EventSorter::CloseRun() {
  if (held_.empty()) return Status::Ok();
  SortHeld();
  const bool keyed = order_ == Order::kGivenKey;
  size_t bytes = 0;
  for (const Held& h : held_) {
    bytes += sizeof(uint32_t) + h.record_length + (keyed ? sizeof(uint16_t) + h.key_length : 0);
  }
  auto run = std::make_unique<Run>();
  run->size = bytes;
  run->keyed = keyed;
  // Each record framed by its length (and, keyed, preceded by its key), in
  // order, handed to `out` in pieces.
  auto emit = [&](auto&& out) {
    for (const Held& h : held_) {
      out(reinterpret_cast<const char*>(&h.record_length), sizeof(uint32_t));
      if (keyed) {
        out(reinterpret_cast<const char*>(&h.key_length), sizeof(uint16_t));
        out(staging_.data() + h.key_at, h.key_length);
      }
      out(staging_.data() + h.record_at, h.record_length);
    }
  };
  if (budget_->Take(bytes)) {
    void* pages = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) return Status::IoError(std::string("cannot map memory for a sorted run: ") + std::strerror(errno));
    run->pages = static_cast<char*>(pages);
    run->mapped = bytes;
    char* at = run->pages;
    emit([&](const char* p, size_t n) {
      std::memcpy(at, p, n);
      at += n;
    });
    packed_bytes_ += bytes;
    run->path = "(memory)";
  } else {
    Status s = Spill(run.get(), emit);
    if (!s.ok()) return s;
    s = SpillAllKept();
    if (!s.ok()) return s;
  }
  held_.clear();
  staging_.clear();
  runs_.push_back(std::move(run));
  return Status::Ok();
}

template <typename Emit>
Status EventSorter::Spill(Run* run, Emit&& emit) {
  const size_t bytes = run->size;
  // A file of its own in the spill directory, written, mapped and unlinked
  // at once: the mapping keeps it until the merge is done with it, and a
  // run that stops (killed, interrupted) leaves nothing behind but the one
  // run being written.
  std::string pattern = (temp_dir_.empty() ? std::string("/tmp") : temp_dir_) + "/fundwatch-run-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) return Status::IoError("cannot write a sorted run in " + pattern + ": " + std::strerror(errno));
  run->path = name.data();
  std::FILE* f = fdopen(fd, "w+b");
  if (f == nullptr) {
    const int error = errno;
    close(fd);
    unlink(run->path.c_str());
    return Status::IoError("cannot write " + run->path + ": " + std::strerror(error));
  }
  // Written through one buffer that every spilled run reuses.
  constexpr size_t kWriteBuffer = size_t{1} << 20;
  bool ok = true;
  auto flush = [&] {
    ok = ok && std::fwrite(write_buffer_.data(), 1, write_buffer_.size(), f) == write_buffer_.size();
    write_buffer_.clear();
  };
  emit([&](const char* p, size_t n) {
    if (write_buffer_.size() + n > kWriteBuffer) flush();
    write_buffer_.append(p, n);
  });
  flush();
  ok = ok && std::fflush(f) == 0;
  // Written back from now on, not when the dirty pages of many runs pile
  // up past the kernel's limit and stall the reading threads.
  if (ok) sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  const int write_errno = errno;
  void* pages = ok ? mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  const int map_errno = errno;
  unlink(run->path.c_str());
  std::fclose(f);
  if (!ok) return Status::IoError("writing " + run->path + " failed: " + std::strerror(write_errno));
  if (pages == MAP_FAILED) return Status::IoError("cannot map " + run->path + ": " + std::strerror(map_errno));
  madvise(pages, bytes, MADV_SEQUENTIAL);  // the merge reads it once, front to back
  run->pages = static_cast<char*>(pages);
  run->mapped = bytes;
  stats_.spilled_bytes += static_cast<int64_t>(bytes);
  ++stats_.runs;
  return Status::Ok();
}

Status EventSorter::SpillKept(Run* run) {
  char* const kept = run->pages;
  const size_t kept_mapped = run->mapped;
  constexpr size_t kPiece = size_t{1} << 20;
  Status s = Spill(run, [&](auto&& out) {
    for (size_t at = 0; at < run->size; at += kPiece) out(kept + at, std::min(kPiece, run->size - at));
  });
  if (!s.ok()) return s;  // the run keeps its pages
  munmap(kept, kept_mapped);
  packed_bytes_ -= run->size;
  return Status::Ok();
}

Status EventSorter::SpillAllKept() {
  for (auto& run : runs_) {
    if (run->path != "(memory)") continue;
    Status s = SpillKept(run.get());
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status EventSorter::Finish() {
  Status s = CloseRun();
  if (!s.ok()) return s;
  if (budget_->overflowed()) {
    s = SpillAllKept();
    if (!s.ok()) return s;
  }
  // The buffers of the collecting runs (a run's worth each) go back now,
  // not at the end of the replay.
  std::string().swap(staging_);
  std::vector<Held>().swap(held_);
  std::string().swap(write_buffer_);
  for (size_t i = 0; i < runs_.size(); ++i) {
    Run& r = *runs_[i];
    s = r.Advance();
    if (!s.ok()) return s;
    if (r.has_current) heap_.push_back(i);
  }
  auto later = [this](size_t a, size_t b) { return Before(*runs_[b], *runs_[a]); };  // std heaps are max-heaps
  std::make_heap(heap_.begin(), heap_.end(), later);
  return Status::Ok();
}

bool EventSorter::Before(const Run& a, const Run& b) const {
  if (order_ == Order::kGivenKey) return a.key < b.key;
  return StreamBefore(a.time, a.current, b.time, b.current);
}

bool EventSorter::Next(Record* out) {
  if (heap_.empty()) return false;
  auto later = [this](size_t a, size_t b) { return Before(*runs_[b], *runs_[a]); };
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Run& r = *runs_[heap_.back()];
  std::swap(*out, r.current);  // the caller's old block is reused for the next record
  if (r.keyed) last_key_.assign(r.key);  // its pages may be let go by Advance
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

size_t EventSorter::ResidentRunBytes() const {
  size_t resident = 0;
  std::vector<unsigned char> in_core;
  for (const auto& run : runs_) {
    if (run->path != "(memory)" || run->pages == nullptr) continue;
    const size_t page = PageSize();
    const size_t pages = (run->mapped + page - 1) / page;
    in_core.assign(pages, 0);
    if (mincore(run->pages, run->mapped, in_core.data()) != 0) continue;
    for (unsigned char c : in_core) resident += (c & 1) ? page : 0;
  }
  return resident;
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
