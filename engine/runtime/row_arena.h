// RowArena: saved rows (bytes) of many owners, such as a sequence's
// partitions, in shared chunks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace fundwatch::runtime {

// Saved rows of many owners (a sequence's partitions), back to back in
// chunks of 4 MB (a row never straddles two; a longer row gets a chunk of
// its own), so an owner holds an 8-byte place instead of an allocation of
// its own: no allocator header or rounding per owner, no allocation per
// saved row. A chunk whose rows were all dropped is reused; when dropped
// bytes outweigh the live ones, the owner moves its rows to a fresh arena.
class RowArena {
 public:
  static constexpr size_t kChunk = size_t{4} << 20;

  // Copies `bytes` in; returns their place.
  uint64_t Put(std::string_view bytes) {
    if (current_ == kNone || chunks_[current_].capacity - chunks_[current_].used < bytes.size()) {
      if (current_ != kNone && chunks_[current_].live == 0) free_.push_back(current_);
      current_ = TakeChunk(bytes.size());
    }
    Chunk& c = chunks_[current_];
    std::memcpy(c.data.get() + c.used, bytes.data(), bytes.size());
    const uint64_t at = (uint64_t{current_} << 32) | c.used;
    c.used += static_cast<uint32_t>(bytes.size());
    c.live += static_cast<uint32_t>(bytes.size());
    live_ += bytes.size();
    return at;
  }
  const char* At(uint64_t at) const { return chunks_[at >> 32].data.get() + (at & 0xFFFFFFFFu); }
  // The `size` bytes at `at` are no longer needed.
  void Drop(uint64_t at, uint32_t size) {
    const uint32_t index = static_cast<uint32_t>(at >> 32);
    Chunk& c = chunks_[index];
    c.live -= size;
    live_ -= size;
    dead_ += size;
    if (c.live == 0) {  // empty: reused from the start
      dead_ -= c.used;
      c.used = 0;
      if (index != current_) free_.push_back(index);
    }
  }
  // True when dropped bytes outweigh live ones, and there are more than
  // `slack` of them.
  bool WantsCompaction(size_t slack = size_t{64} << 20) const { return dead_ > slack && dead_ > live_; }
  size_t live() const { return live_; }
  size_t Bytes() const { return held_; }  // chunks held

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  struct Chunk {
    std::unique_ptr<char[]> data;
    uint32_t capacity = 0, used = 0, live = 0;
  };
  uint32_t TakeChunk(size_t need) {
    if (need <= kChunk && !free_.empty()) {
      const uint32_t index = free_.back();
      free_.pop_back();
      return index;
    }
    Chunk c;
    c.capacity = static_cast<uint32_t>(std::max(kChunk, need));
    c.data = std::make_unique_for_overwrite<char[]>(c.capacity);
    held_ += c.capacity;
    chunks_.push_back(std::move(c));
    return static_cast<uint32_t>(chunks_.size() - 1);
  }
  std::vector<Chunk> chunks_;
  std::vector<uint32_t> free_;  // emptied chunks
  uint32_t current_ = kNone;    // the chunk rows go to
  size_t live_ = 0, dead_ = 0, held_ = 0;
};

}  // namespace fundwatch::runtime
