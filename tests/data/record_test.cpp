#include "engine/data/record.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {
namespace {

std::vector<std::string> Elements(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view e : ListView(text)) out.emplace_back(e);
  return out;
}

int Idx(TableId table, std::string_view field) {
  int i = Table(table).FieldIndex(field);
  BOOST_TEST_REQUIRE(i >= 0);
  return i;
}

BOOST_AUTO_TEST_SUITE(record)

BOOST_AUTO_TEST_CASE(list_view_iterates_elements) {
  using V = std::vector<std::string>;
  BOOST_TEST(Elements("a|b|c") == (V{"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(Elements("I10") == (V{"I10"}), boost::test_tools::per_element());
  BOOST_TEST(Elements("中药|西药") == (V{"中药", "西药"}), boost::test_tools::per_element());
  BOOST_TEST(Elements("a||b") == (V{"a", "", "b"}), boost::test_tools::per_element());
  BOOST_TEST(Elements("a|") == (V{"a", ""}), boost::test_tools::per_element());
  BOOST_TEST(ListView("a|b|c").size() == 3u);
  BOOST_TEST(ListView("x").size() == 1u);
}

BOOST_AUTO_TEST_CASE(list_view_contains_whole_elements_only) {
  ListView v("E11|I10.x|J45");
  BOOST_TEST(v.Contains("E11"));
  BOOST_TEST(v.Contains("I10.x"));
  BOOST_TEST(v.Contains("J45"));
  BOOST_TEST(!v.Contains("I10"));   // a prefix is not an element
  BOOST_TEST(!v.Contains("E11|I10.x"));
  BOOST_TEST(!v.Contains("J4"));
  BOOST_TEST(!v.Contains(""));
}

BOOST_AUTO_TEST_CASE(new_record_is_all_null) {
  Record r(tables::kFeeList);
  BOOST_TEST(r.table() == tables::kFeeList);
  BOOST_TEST(&r.def() == &Table(tables::kFeeList));
  BOOST_TEST(r.size() == 12u);
  for (int i = 0; i < static_cast<int>(r.size()); ++i) {
    BOOST_TEST(r.IsNull(i));
    BOOST_TEST(r.Format(i) == "");
    BOOST_TEST(r.Str(i).empty());
  }
}

BOOST_AUTO_TEST_CASE(setters_and_getters) {
  Record r(tables::kFeeList);
  r.SetText(0, "F001");
  r.SetText(1, "S001");
  r.SetNum(Idx(tables::kFeeList, "cnt"), 125000);
  r.SetNum(Idx(tables::kFeeList, "prd_days"), 30);
  r.SetText(Idx(tables::kFeeList, "drug_trac_codg"), "81234560000000000001|81234560000000000002");
  BOOST_TEST(r.Str(0) == "F001");
  BOOST_TEST(r.Str(1) == "S001");
  BOOST_TEST(!r.IsNull(0));
  BOOST_TEST(r.Dec(Idx(tables::kFeeList, "cnt")).ToString() == "12.50");
  BOOST_TEST(r.Int(Idx(tables::kFeeList, "prd_days")) == 30);
  BOOST_TEST(r.List(Idx(tables::kFeeList, "drug_trac_codg")).size() == 2u);
  BOOST_TEST(r.List(Idx(tables::kFeeList, "drug_trac_codg")).Contains("81234560000000000002"));
  r.SetNull(0);
  BOOST_TEST(r.IsNull(0));
  BOOST_TEST(r.Str(0).empty());
  BOOST_TEST(r.Str(1) == "S001");  // other cells unaffected
}

BOOST_AUTO_TEST_CASE(empty_text_is_not_null) {
  Record r(tables::kSetl);
  r.SetText(0, "");
  BOOST_TEST(!r.IsNull(0));
  BOOST_TEST(r.Str(0) == "");
  r.SetNum(1, 0);
  BOOST_TEST(!r.IsNull(1));
}

BOOST_AUTO_TEST_CASE(format_renders_each_type_in_contract_format) {
  Record r(tables::kHilist);
  const TableId h = tables::kHilist;
  r.SetText(Idx(h, "hilist_code"), "XA10BAA045A001010100123");
  r.SetText(Idx(h, "hilist_lv"), "乙");
  r.SetNum(Idx(h, "pric_uplmt_amt"), 1234500);
  r.SetNum(Idx(h, "age_min"), 18);
  r.SetText(Idx(h, "lmt_dise"), "E11|I10");
  r.SetNum(Idx(h, "vbp_flag"), 1);
  r.SetNum(Idx(h, "begndate"), Date::Parse("2024-01-01")->days());
  BOOST_TEST(r.Format(Idx(h, "hilist_code")) == "XA10BAA045A001010100123");
  BOOST_TEST(r.Format(Idx(h, "hilist_lv")) == "乙");
  BOOST_TEST(r.Format(Idx(h, "pric_uplmt_amt")) == "123.45");
  BOOST_TEST(r.Format(Idx(h, "age_min")) == "18");
  BOOST_TEST(r.Format(Idx(h, "lmt_dise")) == "E11|I10");
  BOOST_TEST(r.Format(Idx(h, "vbp_flag")) == "1");
  BOOST_TEST(r.Format(Idx(h, "begndate")) == "2024-01-01");
  BOOST_TEST(r.Format(Idx(h, "enddate")) == "");

  Record s(tables::kSetl);
  s.SetNum(Idx(tables::kSetl, "setl_time"), DateTime::Parse("2025-03-04 05:06:07")->seconds());
  BOOST_TEST(s.Format(Idx(tables::kSetl, "setl_time")) == "2025-03-04 05:06:07");
  BOOST_TEST(s.TimeAt(Idx(tables::kSetl, "setl_time")).ToString() == "2025-03-04 05:06:07");
}

BOOST_AUTO_TEST_CASE(key_string_joins_key_fields) {
  Record h(tables::kHilist);
  h.SetText(0, "001216000010100");
  h.SetNum(Idx(tables::kHilist, "begndate"), Date::Parse("2024-07-01")->days());
  BOOST_TEST(h.KeyString() == "001216000010100/2024-07-01");
  Record f(tables::kFeeList);
  f.SetText(0, "F9");
  BOOST_TEST(f.KeyString() == "F9");
}

BOOST_AUTO_TEST_CASE(equality_ignores_the_order_values_were_set) {
  Record a(tables::kFeeList);
  Record b(tables::kFeeList);
  a.SetText(0, "F1");
  a.SetText(1, "S1");
  a.SetNum(6, 10000);
  b.SetNum(6, 10000);
  b.SetText(1, "S1");
  b.SetText(0, "F1");
  BOOST_TEST((a == b));
  b.SetText(1, "S2");
  BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_CASE(equality_distinguishes_values_nulls_and_tables) {
  Record a(tables::kFeeList);
  Record b(tables::kFeeList);
  BOOST_TEST((a == b));
  a.SetNum(9, 0);
  BOOST_TEST(!(a == b));  // 0 vs null
  b.SetNum(9, 0);
  BOOST_TEST((a == b));
  b.SetNum(9, 1);
  BOOST_TEST(!(a == b));
  Record c(tables::kFeeList);
  Record d(tables::kFeeList);
  c.SetText(0, "");
  BOOST_TEST(!(c == d));  // "" vs null
  Record s(tables::kSetl);
  Record t(tables::kTracEvent);
  BOOST_TEST(!(s == t));
  Record e(tables::kFixmedins);
  Record f(tables::kFixmedins);
  e.SetText(4, "330282");
  f.SetText(4, "330283");
  BOOST_TEST(!(e == f));  // texts differ
}

BOOST_AUTO_TEST_CASE(every_table_fits_the_null_bitmap) {
  // A record's nulls are one 64-bit word: no table may have more fields.
  for (const TableDef& def : AllTables()) BOOST_TEST(def.fields.size() <= Record::kMaxFields, def.name);
}

BOOST_AUTO_TEST_CASE(read_binary_reuses_a_record_without_leaking_fields) {
  // A record read into one that held another row of the same table has
  // exactly the new row's fields: nothing of the old row shows through.
  Record a(tables::kFeeList);
  a.SetText(0, "F001");
  a.SetText(1, "S001");
  a.SetNum(Idx(tables::kFeeList, "prd_days"), 30);
  Record b(tables::kFeeList);
  b.SetText(0, "F002-LONGER-ID");
  std::string bytes;
  b.AppendBinary(&bytes);
  const char* p = bytes.data();
  Record into = a;
  BOOST_TEST(Record::ReadBinary(&p, bytes.data() + bytes.size(), &into));
  BOOST_TEST((into == b));
  BOOST_TEST(into.IsNull(1));
  BOOST_TEST(into.IsNull(Idx(tables::kFeeList, "prd_days")));
  BOOST_TEST(into.Str(0) == "F002-LONGER-ID");
}

BOOST_AUTO_TEST_CASE(binary_round_trip_after_other_bytes_with_a_projection) {
  // AppendBinary writes in place, after what `out` holds: the widest
  // numbers (ten-byte varints), negative ones, empty and long texts come
  // back as they were; a field the projection drops comes back null.
  Record fee(tables::kFeeList);
  fee.SetText(0, "F001");
  fee.SetText(1, "");
  fee.SetText(Idx(tables::kFeeList, "drug_trac_codg"), std::string(300, '7'));
  fee.SetNum(Idx(tables::kFeeList, "prd_days"), INT64_MIN);
  fee.SetNum(Idx(tables::kFeeList, "cnt"), INT64_MAX);
  fee.SetNum(Idx(tables::kFeeList, "pric"), -1);
  std::string bytes = "earlier bytes";
  fee.AppendBinary(&bytes);
  std::vector<bool> keep(fee.size(), true);
  keep[Idx(tables::kFeeList, "drug_trac_codg")] = false;
  fee.AppendBinary(&bytes, &keep);
  BOOST_TEST(bytes.compare(0, 13, "earlier bytes") == 0);
  const char* p = bytes.data() + 13;
  const char* end = bytes.data() + bytes.size();
  Record whole, projected;
  BOOST_TEST_REQUIRE(Record::ReadBinary(&p, end, &whole));
  BOOST_TEST((whole == fee));
  BOOST_TEST_REQUIRE(Record::ReadBinary(&p, end, &projected));
  BOOST_TEST(p == end);  // nothing left over: each record cut to what it took
  BOOST_TEST(projected.IsNull(Idx(tables::kFeeList, "drug_trac_codg")));
  BOOST_TEST(projected.Int(Idx(tables::kFeeList, "prd_days")) == INT64_MIN);
  BOOST_TEST(projected.Int(Idx(tables::kFeeList, "cnt")) == INT64_MAX);
  BOOST_TEST(projected.Int(Idx(tables::kFeeList, "pric")) == -1);
  BOOST_TEST(!projected.IsNull(1));
  BOOST_TEST(projected.Str(1).empty());
}

BOOST_AUTO_TEST_CASE(a_projected_copy_keeps_only_the_fields_read) {
  // The copy a stored table keeps: the other fields null, a block of exactly
  // the kept text; the record it was made from is untouched.
  Record fee(tables::kFeeList);
  fee.SetText(0, "F001");
  fee.SetText(1, "S001");
  fee.SetText(Idx(tables::kFeeList, "drug_trac_codg"), "12345678901234567890");
  fee.SetNum(Idx(tables::kFeeList, "prd_days"), 30);
  std::vector<bool> keep(fee.size(), false);
  keep[0] = true;
  keep[Idx(tables::kFeeList, "prd_days")] = true;
  const Record copy = fee.Projected(keep);
  BOOST_TEST(copy.table() == tables::kFeeList);
  BOOST_TEST(copy.Str(0) == "F001");
  BOOST_TEST(copy.Int(Idx(tables::kFeeList, "prd_days")) == 30);
  BOOST_TEST(copy.IsNull(1));
  BOOST_TEST(copy.IsNull(Idx(tables::kFeeList, "drug_trac_codg")));
  BOOST_TEST(copy.HeldBytes() == sizeof(Record) + sizeof(uint64_t) * (1 + copy.size()) + 4);  // "F001"
  BOOST_TEST(fee.Str(1) == "S001");
  BOOST_TEST(fee.Str(Idx(tables::kFeeList, "drug_trac_codg")) == "12345678901234567890");
}

// A projection made in a BlockArena: the same record, its block one after
// the other's in the arena's chunk; moving it keeps that block, copying it
// or Reset gives it one of its own, and the arena's blocks stay as they were.
BOOST_AUTO_TEST_CASE(a_projection_in_an_arena_is_the_same_record) {
  Record fee(tables::kFeeList);
  fee.SetText(0, "F001");
  fee.SetText(1, "S001");
  fee.SetNum(Idx(tables::kFeeList, "prd_days"), 30);
  std::vector<bool> keep(fee.size(), true);
  keep[1] = false;
  BlockArena arena;
  std::vector<Record> held;
  for (int i = 0; i < 3; ++i) held.push_back(fee.Projected(keep, &arena));
  BOOST_TEST(arena.bytes() > 0u);
  BOOST_TEST(arena.used() == 3 * (sizeof(uint64_t) * (1 + fee.size()) + 8));
  BOOST_TEST((held[0] == fee.Projected(keep)));
  BOOST_TEST(held[0].IsNull(1));
  BOOST_TEST(held[0].Str(0) == "F001");
  // Consecutive, 8-byte aligned: the header (8 + 8 per field) and "F001".
  const size_t block = sizeof(uint64_t) * (1 + fee.size()) + 8;
  BOOST_TEST(reinterpret_cast<uintptr_t>(&held[1].Str(0)[0]) - reinterpret_cast<uintptr_t>(&held[0].Str(0)[0]) == block);
  Record moved = std::move(held[2]);
  BOOST_TEST(moved.Str(0) == "F001");
  Record copy = held[0];
  copy.SetText(0, "F002-LONGER-THAN-THE-BLOCK");
  BOOST_TEST(held[0].Str(0) == "F001");  // the arena's block untouched
  held[1].Reset(tables::kTracEvent, 8);
  held[1].SetText(0, "E1");
  BOOST_TEST(held[0].Str(0) == "F001");
  BOOST_TEST(moved.Str(0) == "F001");  // its block (after held[1]'s) untouched
  BOOST_TEST(held[1].Str(0) == "E1");
}

BOOST_AUTO_TEST_CASE(a_block_is_reused_across_tables) {
  // A record that held a wide row of one table takes a row of another in
  // the same block, and the other way round; the fields are the new row's.
  Record fee(tables::kFeeList);
  fee.SetText(0, "F001-WITH-A-LONG-IDENTIFIER");
  fee.SetText(Idx(tables::kFeeList, "drug_trac_codg"), "12345678901234567890|12345678901234567891");
  fee.SetNum(Idx(tables::kFeeList, "prd_days"), 30);
  Record trace(tables::kTracEvent);
  trace.SetText(0, "E1");
  std::string bytes;
  trace.AppendBinary(&bytes);
  fee.AppendBinary(&bytes);
  const char* p = bytes.data();
  const char* end = bytes.data() + bytes.size();
  Record into = fee;
  const size_t held = into.HeldBytes();
  BOOST_TEST(Record::ReadBinary(&p, end, &into));
  BOOST_TEST((into == trace));
  BOOST_TEST(into.table() == tables::kTracEvent);
  BOOST_TEST(into.size() == Table(tables::kTracEvent).fields.size());
  BOOST_TEST(into.HeldBytes() == held);  // the same block, differently cut
  BOOST_TEST(Record::ReadBinary(&p, end, &into));
  BOOST_TEST((into == fee));
  BOOST_TEST(into.Str(0) == "F001-WITH-A-LONG-IDENTIFIER");
  // Reset to a table wider than the block holds gets a new block.
  Record small(tables::kTracEvent);
  small.Reset(tables::kFeeList, 1000);
  BOOST_TEST(small.table() == tables::kFeeList);
  BOOST_TEST(small.HeldBytes() >= sizeof(Record) + 1000);
  for (size_t i = 0; i < small.size(); ++i) BOOST_TEST(small.IsNull(static_cast<int>(i)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
