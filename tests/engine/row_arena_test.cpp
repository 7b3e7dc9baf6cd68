// RowArena: saved rows come back byte for byte wherever they fell (across
// chunks, longer than a chunk), emptied chunks are reused rather than new
// ones taken, and the arena says when dropped bytes outweigh live ones.
#include "engine/runtime/row_arena.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace fundwatch::runtime {
namespace {

std::string RowOf(size_t i) { return "row-" + std::to_string(i) + std::string(i % 97, static_cast<char>('a' + i % 26)); }

BOOST_AUTO_TEST_SUITE(row_arena)

BOOST_AUTO_TEST_CASE(rows_come_back_across_chunks) {
  RowArena arena;
  std::vector<uint64_t> at;
  size_t bytes = 0;
  for (size_t i = 0; bytes < 3 * RowArena::kChunk; ++i) {
    const std::string row = RowOf(i);
    at.push_back(arena.Put(row));
    bytes += row.size();
  }
  const std::string big(RowArena::kChunk + 123, 'z');  // a chunk of its own
  const uint64_t big_at = arena.Put(big);
  for (size_t i = 0; i < at.size(); ++i) {
    const std::string row = RowOf(i);
    if (std::string_view(arena.At(at[i]), row.size()) != row) BOOST_FAIL("row " << i << " changed");
  }
  BOOST_TEST(std::string_view(arena.At(big_at), big.size()) == big);
  BOOST_TEST(arena.live() == bytes + big.size());
  BOOST_TEST(arena.Bytes() >= arena.live());
  BOOST_TEST(arena.Bytes() <= 5 * RowArena::kChunk + 123);
}

BOOST_AUTO_TEST_CASE(emptied_chunks_are_reused) {
  RowArena arena;
  std::vector<std::pair<uint64_t, uint32_t>> rows;
  for (size_t i = 0; arena.live() < 4 * RowArena::kChunk; ++i) {
    const std::string row = RowOf(i);
    rows.emplace_back(arena.Put(row), static_cast<uint32_t>(row.size()));
  }
  const size_t held = arena.Bytes();
  for (int round = 0; round < 3; ++round) {
    for (auto [at, size] : rows) arena.Drop(at, size);
    BOOST_TEST(arena.live() == 0u);
    std::vector<std::pair<uint64_t, uint32_t>> again;
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string row = RowOf(i);
      again.emplace_back(arena.Put(row), static_cast<uint32_t>(row.size()));
    }
    rows = std::move(again);
    BOOST_TEST(arena.Bytes() <= held + RowArena::kChunk);  // no new chunks beyond one
  }
  BOOST_TEST(std::string_view(arena.At(rows[5].first), rows[5].second) == RowOf(5));
}

BOOST_AUTO_TEST_CASE(asks_for_compaction_when_dropped_bytes_outweigh_live_ones) {
  RowArena arena;
  std::vector<std::pair<uint64_t, uint32_t>> rows;
  for (size_t i = 0; i < 1000; ++i) {
    const std::string row = RowOf(i);
    rows.emplace_back(arena.Put(row), static_cast<uint32_t>(row.size()));
  }
  // Every other row dropped: the chunk stays, half dead.
  size_t dropped = 0;
  for (size_t i = 0; i < rows.size(); i += 2) {
    arena.Drop(rows[i].first, rows[i].second);
    dropped += rows[i].second;
  }
  BOOST_TEST(!arena.WantsCompaction(0) == (dropped <= arena.live()));
  for (size_t i = 1; i < rows.size(); i += 4) arena.Drop(rows[i].first, rows[i].second);
  BOOST_TEST(arena.WantsCompaction(0));
  BOOST_TEST(!arena.WantsCompaction(size_t{1} << 30));  // not worth it below the slack
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::runtime
