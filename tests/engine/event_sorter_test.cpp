// EventSorter: records come back in replay order (event time, table,
// primary key) whether they were sorted in memory or spilled to disk in
// runs and merged, and unchanged but for the fields a projection drops.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <random>

#include "engine/runtime/event_order.h"
#include "engine/runtime/event_sorter.h"
#include "tests/engine/engine_test_util.h"

namespace fundwatch::testing {
namespace {

// Fee lines and trace events at a few distinct times (many ties), keys
// short and long, with nulls, negative-free decimals, lists and CJK text, in
// a scrambled order.
std::vector<Record> Scrambled(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Record> out;
  for (int i = 0; i < n; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-%02d 10:00:%02d", 1 + static_cast<int>(rng() % 3), static_cast<int>(rng() % 2));
    // Some keys share their first 16 bytes and differ after them; some are
    // prefixes of others.
    std::string id = i % 5 == 0   ? "LONG-SHARED-HEAD-" + std::to_string(rng() % 1000) + "-" + std::to_string(i)
                     : i % 7 == 0 ? "K" + std::to_string(i)
                                  : "K" + std::to_string(rng() % 100000) + "-" + std::to_string(i);
    if (i % 2 == 0) {
      out.push_back(Rec(tables::kFeeList, {{"feedetl_sn", id},
                                           {"fee_ocur_time", time},
                                           {"pric", std::to_string(rng() % 1000) + ".0" + std::to_string(rng() % 10)},
                                           {"prd_days", i % 3 == 0 ? "" : std::to_string(rng() % 90)},
                                           {"drug_trac_codg", i % 4 == 0 ? "" : "12345678901234567890|码" + id},
                                           {"hilist_code", "药品" + std::to_string(i % 7)}}));
    } else {
      out.push_back(Rec(tables::kTracEvent, {{"event_id", id}, {"event_time", time}}));
    }
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

std::vector<Record> Expected(std::vector<Record> records) {
  std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
    return runtime::StreamBefore(runtime::StreamTime(a), a, runtime::StreamTime(b), b);
  });
  return records;
}

std::vector<Record> Drain(runtime::EventSorter& sorter) {
  std::vector<Record> out;
  Record r;
  while (sorter.Next(&r)) out.push_back(std::move(r));
  BOOST_TEST(sorter.status().ok());
  return out;
}

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() / ("fw-sorter-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

BOOST_AUTO_TEST_SUITE(event_sorter)

BOOST_AUTO_TEST_CASE(in_memory_and_spilled_give_the_same_order) {
  const std::vector<Record> input = Scrambled(3000, 7);
  const std::vector<Record> want = Expected(input);
  const std::string dir = TempDir();
  for (size_t budget : {size_t{1} << 30, size_t{64} << 10, size_t{4} << 10}) {
    runtime::EventSorter sorter(budget, dir);
    for (const Record& r : input) BOOST_REQUIRE(sorter.Add(Record(r)).ok());
    BOOST_REQUIRE(sorter.Finish().ok());
    std::vector<Record> got = Drain(sorter);
    BOOST_TEST_CONTEXT("budget " << budget) {
      BOOST_TEST(got.size() == want.size());
      BOOST_TEST((got == want));  // every field, every byte of text
      if (budget == (size_t{1} << 30)) {
        BOOST_TEST(sorter.stats().runs == 0);
      } else {
        BOOST_TEST(sorter.stats().runs > 1);
        BOOST_TEST(sorter.stats().spilled_bytes > 0);
      }
    }
  }
  // Each sorter removes its runs.
  BOOST_TEST(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

// A run kept in memory lets its pages go as the merge reads past them: the
// memory of the runs shrinks during the replay, not at its end.
BOOST_AUTO_TEST_CASE(runs_in_memory_let_their_pages_go_as_they_are_read) {
  const std::vector<Record> input = Scrambled(60000, 5);
  runtime::EventSorter sorter(size_t{1} << 30, TempDir());
  for (const Record& r : input) BOOST_REQUIRE(sorter.Add(Record(r)).ok());
  BOOST_REQUIRE(sorter.Finish().ok());
  BOOST_TEST(sorter.stats().runs == 0);
  const size_t full = sorter.ResidentRunBytes();
  BOOST_TEST_REQUIRE(full > size_t{3} << 20);  // several release steps of runs
  Record r;
  size_t read = 0;
  while (read < input.size() * 3 / 4 && sorter.Next(&r)) ++read;
  BOOST_TEST(sorter.ResidentRunBytes() < full / 2);
  while (sorter.Next(&r)) ++read;
  BOOST_TEST(read == input.size());
  BOOST_TEST(sorter.ResidentRunBytes() < (size_t{3} << 20));
}

BOOST_AUTO_TEST_CASE(a_projection_drops_only_unread_fields) {
  std::vector<Record> input = Scrambled(500, 11);
  const std::string dir = TempDir();
  std::vector<std::vector<bool>> keep(tables::kCount);
  const TableDef& fee = Table(tables::kFeeList);
  keep[tables::kFeeList].assign(fee.fields.size(), false);
  keep[tables::kFeeList][fee.FieldIndex("feedetl_sn")] = true;
  keep[tables::kFeeList][fee.FieldIndex("fee_ocur_time")] = true;
  keep[tables::kFeeList][fee.FieldIndex("drug_trac_codg")] = true;
  runtime::EventSorter sorter(2 << 10, dir);
  sorter.set_projection(&keep);
  for (const Record& r : input) BOOST_REQUIRE(sorter.Add(Record(r)).ok());
  BOOST_REQUIRE(sorter.Finish().ok());
  std::vector<Record> got = Drain(sorter);
  std::vector<Record> want = Expected(input);
  BOOST_REQUIRE(got.size() == want.size());
  const int pric = fee.FieldIndex("pric"), codes = fee.FieldIndex("drug_trac_codg");
  for (size_t i = 0; i < got.size(); ++i) {
    BOOST_TEST(got[i].KeyString() == want[i].KeyString());
    if (got[i].table() != tables::kFeeList) {
      BOOST_TEST((got[i] == want[i]));  // no projection for this table
      continue;
    }
    BOOST_TEST(got[i].IsNull(pric));
    BOOST_TEST(got[i].IsNull(codes) == want[i].IsNull(codes));
    BOOST_TEST(got[i].Str(codes) == want[i].Str(codes));
  }
  std::filesystem::remove_all(dir);
}

// A spilled run's file is unlinked as soon as it is written and mapped: the
// spill directory stays empty while the sorter writes and merges, so a scan
// that is killed leaves nothing behind.
BOOST_AUTO_TEST_CASE(spilled_runs_leave_no_files) {
  const std::vector<Record> input = Scrambled(3000, 13);
  const std::string dir = TempDir();
  runtime::EventSorter sorter(size_t{8} << 10, dir);
  for (const Record& r : input) BOOST_REQUIRE(sorter.Add(Record(r)).ok());
  BOOST_TEST(sorter.stats().runs > 2);
  BOOST_TEST(std::filesystem::is_empty(dir));
  BOOST_REQUIRE(sorter.Finish().ok());
  BOOST_TEST((Drain(sorter) == Expected(input)));  // the unlinked runs still read back whole
  BOOST_TEST(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(an_unwritable_spill_directory_is_an_error_naming_it) {
  runtime::EventSorter sorter(1, "/nonexistent/spill");
  Status s = sorter.Add(Rec(tables::kTracEvent, {{"event_id", "E1"}}));
  BOOST_TEST(!s.ok());
  BOOST_TEST(s.message().find("/nonexistent/spill") != std::string::npos);
}

// Order::kGivenKey: records come back in the byte order of the keys given
// with them (keys sharing their first 16 bytes, prefixes of others, with
// zero bytes and bytes above 0x7F), in memory or spilled, each with its key.
BOOST_AUTO_TEST_CASE(a_given_key_orders_by_its_bytes) {
  const std::vector<Record> input = Scrambled(3000, 9);
  std::mt19937 rng(4);
  std::vector<std::string> keys;
  for (size_t i = 0; i < input.size(); ++i) {
    std::string k = i % 3 == 0 ? std::string("shared-16-bytes!") : std::string();
    k += std::to_string(rng() % 500);
    if (i % 4 == 0) k.push_back('\0');
    if (i % 5 == 0) k += "\xE7\xA0\x81";
    k += "#" + std::to_string(i);  // unique
    keys.push_back(std::move(k));
  }
  std::vector<size_t> want(input.size());
  for (size_t i = 0; i < want.size(); ++i) want[i] = i;
  std::sort(want.begin(), want.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  const std::string dir = TempDir();
  for (size_t budget : {size_t{1} << 30, size_t{16} << 10}) {
    runtime::EventSorter sorter(std::make_shared<runtime::SortBudget>(budget), dir,
                                runtime::EventSorter::Order::kGivenKey);
    for (size_t i = 0; i < input.size(); ++i) BOOST_REQUIRE(sorter.AddKeyed(input[i], keys[i]).ok());
    BOOST_REQUIRE(sorter.Finish().ok());
    BOOST_TEST_CONTEXT("budget " << budget) {
      BOOST_TEST((sorter.stats().runs > 1) == (budget < (size_t{1} << 20)));
      Record r;
      size_t n = 0;
      while (sorter.Next(&r)) {
        BOOST_TEST_REQUIRE(n < want.size());
        BOOST_TEST((sorter.key() == keys[want[n]]));  // not as C strings: keys hold zero bytes
        BOOST_TEST((r == input[want[n]]));
        ++n;
      }
      BOOST_TEST(sorter.status().ok());
      BOOST_TEST(n == input.size());
    }
  }
  BOOST_TEST(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_given_key_too_long_is_refused_naming_the_record) {
  runtime::EventSorter sorter(std::make_shared<runtime::SortBudget>(1 << 20), "", runtime::EventSorter::Order::kGivenKey);
  Status s = sorter.AddKeyed(Rec(tables::kTracEvent, {{"event_id", "E77"}}), std::string(70000, 'k'));
  BOOST_TEST(!s.ok());
  BOOST_TEST(s.message().find("trac_event E77") != std::string::npos);
  BOOST_TEST(s.message().find("70000 bytes") != std::string::npos);
  BOOST_TEST(sorter.AddKeyed(Rec(tables::kTracEvent, {{"event_id", "E78"}}), std::string(65535, 'k')).ok());
}

// Sorters sharing a budget keep runs in memory only while the runs of all
// of them fit: once the second overflows it, both write out what they kept
// (the first at Finish), so the replay holds no runs in memory.
BOOST_AUTO_TEST_CASE(sorters_share_one_budget) {
  const std::vector<Record> small = Scrambled(2000, 3), large = Scrambled(40000, 4);
  const std::string dir = TempDir();
  auto budget = std::make_shared<runtime::SortBudget>(size_t{1} << 20);
  runtime::EventSorter first(budget, dir), second(budget, dir);
  for (const Record& r : small) BOOST_REQUIRE(first.Add(r).ok());
  BOOST_TEST(first.stats().runs == 0);
  BOOST_TEST(!budget->overflowed());
  for (const Record& r : large) BOOST_REQUIRE(second.Add(r).ok());
  BOOST_TEST(second.stats().runs > 1);
  BOOST_TEST(budget->overflowed());
  BOOST_REQUIRE(first.Finish().ok());
  BOOST_REQUIRE(second.Finish().ok());
  BOOST_TEST(first.stats().runs == 1);  // what it held went to disk, not to the spent budget
  BOOST_TEST(first.ResidentRunBytes() == 0u);
  BOOST_TEST(second.ResidentRunBytes() == 0u);
  BOOST_TEST((Drain(first) == Expected(small)));
  BOOST_TEST((Drain(second) == Expected(large)));
  BOOST_TEST(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

// An input that fits the budget stays in memory, every run of it; one that
// does not is read back wholly from disk, the runs that fitted included,
// with the same records in the same order.
BOOST_AUTO_TEST_CASE(an_input_that_overflows_keeps_no_run_in_memory) {
  const std::vector<Record> input = Scrambled(60000, 17);
  const std::string dir = TempDir();
  runtime::EventSorter fits(size_t{1} << 30, dir);
  for (const Record& r : input) BOOST_REQUIRE(fits.Add(r).ok());
  BOOST_REQUIRE(fits.Finish().ok());
  BOOST_TEST(fits.stats().runs == 0);
  BOOST_TEST(fits.stats().spilled_bytes == 0);
  BOOST_TEST(fits.ResidentRunBytes() > (size_t{3} << 20));
  // A budget of about half the input: the first runs fit, the rest do not.
  auto budget = std::make_shared<runtime::SortBudget>(fits.ResidentRunBytes() / 2);
  runtime::EventSorter half(budget, dir);
  for (const Record& r : input) BOOST_REQUIRE(half.Add(r).ok());
  const int64_t spilled_while_read = half.stats().spilled_bytes;
  BOOST_TEST(spilled_while_read > 0);
  // The run that fitted was written out when the next did not fit.
  BOOST_TEST(half.ResidentRunBytes() == 0u);
  BOOST_REQUIRE(half.Finish().ok());
  BOOST_TEST(half.ResidentRunBytes() == 0u);
  BOOST_TEST(half.stats().spilled_bytes > 0);
  BOOST_TEST(std::filesystem::is_empty(dir));
  BOOST_TEST((Drain(half) == Drain(fits)));
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
