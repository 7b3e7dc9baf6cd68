// LookupIndex: rows hashed by canonical key text; list fields by element.
#include "engine/runtime/lookup_index.h"

#include <boost/test/unit_test.hpp>

#include <deque>

#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using runtime::LookupIndex;
using runtime::Row;

struct IndexFixture {
  plan::Plan p;
  std::vector<Record> records;  // the index names rows by position here
  Row Keep(Record r) {
    records.push_back(std::move(r));
    const Record& rec = records.back();
    return Row{&rec, nullptr, static_cast<uint16_t>(rec.size()), static_cast<uint32_t>(records.size() - 1), false};
  }
  static std::string KeyOf(std::initializer_list<plan::Value> parts) {
    std::string key;
    for (const plan::Value& v : parts) {
      runtime::AppendKeyText(&key, v);
      key.push_back('\x1f');
    }
    return key;
  }
};

BOOST_AUTO_TEST_SUITE(lookup_index)

BOOST_FIXTURE_TEST_CASE(key_index_finds_rows_ordered_by_record_key, IndexFixture) {
  Alias e{1, tables::kErx, "e"};
  plan::Lookup l = KeyLookup(e, {"psn_no"}, {Int(p, 0)});
  LookupIndex index{runtime::RowSource{&records, nullptr}};
  index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", "RX3"}, {"psn_no", "P1"}})));
  index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", "RX2"}, {"psn_no", "P2"}})));
  index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", "RX1"}, {"psn_no", "P1"}})));
  index.Finalize();
  const auto& rows = index.Probe(KeyOf({plan::Value::Str("P1")}));
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].record->Str(0) == "RX1");  // by primary key, whatever the arrival order
  BOOST_TEST(rows[1].record->Str(0) == "RX3");
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Str("P")})).empty());
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Str("P1 ")})).empty());
  BOOST_TEST(index.keys() == 2u);
}

BOOST_FIXTURE_TEST_CASE(null_inner_key_is_never_indexed, IndexFixture) {
  Alias s{1, tables::kSetl, "s"};
  plan::Lookup l = KeyLookup(s, {"opsp_dise_code"}, {Int(p, 0)});
  LookupIndex index{runtime::RowSource{&records, nullptr}};
  index.Add(l, Keep(Rec(tables::kSetl, {{"setl_id", "S1"}, {"opsp_dise_code", ""}})));
  BOOST_TEST(index.keys() == 0u);
  index.Finalize();
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Null()})).empty());
  BOOST_TEST(index.Probe("").empty());
}

BOOST_FIXTURE_TEST_CASE(composite_key_is_canonical_for_numbers, IndexFixture) {
  Alias d{1, tables::kVbpDelivery, "d"};
  plan::Lookup l = KeyLookup(d, {"order_id", "delivered_qty"}, {Int(p, 0), Int(p, 0)});
  LookupIndex index{runtime::RowSource{&records, nullptr}};
  index.Add(l, Keep(Rec(tables::kVbpDelivery, {{"order_id", "O1"}, {"delivered_qty", "10.0"}})));
  index.Finalize();
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Str("O1"), plan::Value::Int(10)})).size() == 1u);
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Str("O1"), plan::Value::Dec(Decimal::FromUnits(100000))})).size() == 1u);
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Str("O1"), plan::Value::Dec(Decimal::FromUnits(100001))})).empty());
  BOOST_TEST(index.Probe(KeyOf({plan::Value::Str("O2"), plan::Value::Int(10)})).empty());
}

BOOST_FIXTURE_TEST_CASE(member_index_holds_every_element, IndexFixture) {
  Alias e{1, tables::kErx, "e"};
  plan::Lookup l = MemberLookup(e, "hilist_codes", Int(p, 0));
  LookupIndex index{runtime::RowSource{&records, nullptr}};
  index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", "RX1"}, {"hilist_codes", "X0|X1|X2"}})));
  index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", "RX2"}, {"hilist_codes", "X1"}})));
  index.Finalize();
  BOOST_TEST(index.Probe("X0").size() == 1u);
  BOOST_TEST(index.Probe("X1").size() == 2u);
  BOOST_TEST(index.Probe("X2").size() == 1u);
  BOOST_TEST(index.Probe("X").empty());
  BOOST_TEST(index.Probe("X0|X1").empty());
}

BOOST_FIXTURE_TEST_CASE(keys_short_and_long_single_and_several_rows, IndexFixture) {
  // Keys up to 16 bytes live in the slot, longer ones in the arena; a key
  // with one row keeps it in the slot. Each length around the boundary,
  // with one row and with two, and keys differing only in the last byte.
  Alias e{1, tables::kErx, "e"};
  plan::Lookup l = MemberLookup(e, "hilist_codes", Int(p, 0));
  LookupIndex index{runtime::RowSource{&records, nullptr}};
  std::vector<std::string> keys;
  for (size_t length : {1u, 15u, 16u, 17u, 40u}) {
    keys.push_back(std::string(length - 1, 'K') + "a");
    keys.push_back(std::string(length - 1, 'K') + "b");
  }
  int rx = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    // Keys ending in "a" get one row, those ending in "b" two.
    const int rows = keys[k].back() == 'a' ? 1 : 2;
    for (int r = 0; r < rows; ++r) {
      char id[16];
      std::snprintf(id, sizeof id, "RX%03d", rx++);
      index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", id}, {"hilist_codes", keys[k]}})));
    }
  }
  index.Finalize();
  BOOST_TEST(index.keys() == keys.size());
  for (const std::string& key : keys) {
    const runtime::RowSpan rows = index.Probe(key);
    BOOST_TEST_REQUIRE(rows.size() == (key.back() == 'a' ? 1u : 2u), key);
    for (const Row& row : rows) BOOST_TEST(row.record->Str(Table(tables::kErx).FieldIndex("hilist_codes")) == key);
    BOOST_TEST(index.Probe(key.substr(0, key.size() - 1) + "c").empty(), key);
    BOOST_TEST(index.Probe(key + "a").empty(), key);
  }
}

// The table is sized to its keys, not to its rows nor to a power of two:
// 3,000 keys of 3 rows each take at most 3000 / 0.7 slots of 32 bytes, and
// every key is found (probes wrap around the end of the table).
BOOST_FIXTURE_TEST_CASE(table_sized_to_its_keys, IndexFixture) {
  Alias e{1, tables::kErx, "e"};
  plan::Lookup l = MemberLookup(e, "hilist_codes", Int(p, 0));
  LookupIndex index{runtime::RowSource{&records, nullptr}};
  constexpr int kKeys = 3000;
  records.reserve(3 * kKeys);  // rows point into it
  for (int r = 0; r < 3; ++r) {
    for (int k = 0; k < kKeys; ++k) {
      char id[24], code[24];
      std::snprintf(id, sizeof id, "RX%d-%d", k, r);
      std::snprintf(code, sizeof code, "C%d", k);
      index.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", id}, {"hilist_codes", code}})));
    }
  }
  index.Finalize();
  BOOST_TEST(index.keys() == static_cast<size_t>(kKeys));
  const size_t slots = kKeys * 10 / 7 + 1;
  BOOST_TEST(index.Bytes() <= slots * 32 + 3 * kKeys * sizeof(uint32_t) + 64);  // + an empty arena
  for (int k = 0; k < kKeys; ++k) {
    if (index.Probe("C" + std::to_string(k)).size() != 3u) BOOST_FAIL("key C" << k << " lost rows");
    if (!index.Probe("D" + std::to_string(k)).empty()) BOOST_FAIL("key D" << k << " found");
  }
}

// A keys-only index answers whether a key is there, each key once however
// many rows had it, in 8 bytes a slot and the key's bytes; a key too long
// for that (over 255 bytes) makes it an index of slots like any other, with
// the same answers.
BOOST_FIXTURE_TEST_CASE(a_keys_only_index_holds_each_key_once, IndexFixture) {
  Alias e{1, tables::kErx, "e"};
  plan::Lookup l = KeyLookup(e, {"psn_no"}, {Int(p, 0)});
  for (const std::string& long_key : {std::string(), std::string(300, 'L')}) {
    BOOST_TEST_CONTEXT(std::string(long_key.empty() ? "short keys" : "a long key")) {
      LookupIndex keys = LookupIndex::KeysOnly();
      LookupIndex rows{runtime::RowSource{&records, nullptr}};
      for (int i = 0; i < 3000; ++i) {
        Row row = Keep(Rec(tables::kErx, {{"hi_rxno", "RX" + std::to_string(i)}, {"psn_no", "P" + std::to_string(i % 1000)}}));
        keys.Add(l, row);
        rows.Add(l, row);
      }
      if (!long_key.empty()) keys.Add(l, Keep(Rec(tables::kErx, {{"hi_rxno", "RXL"}, {"psn_no", long_key}})));
      keys.Finalize();
      rows.Finalize();
      BOOST_TEST(keys.keys() == (long_key.empty() ? 1000u : 1001u));
      for (int i = 0; i < 1000; ++i) {
        const runtime::RowSpan found = keys.Probe(KeyOf({plan::Value::Str("P" + std::to_string(i))}));
        BOOST_TEST_REQUIRE(found.size() == 1u);
        BOOST_TEST(found.keys_only());
      }
      BOOST_TEST(keys.Probe(KeyOf({plan::Value::Str("P1000")})).empty());
      BOOST_TEST(keys.Probe(KeyOf({plan::Value::Str("P1")})).size() == 1u);
      BOOST_TEST(keys.Probe(KeyOf({plan::Value::Str("P")})).empty());
      if (long_key.empty()) {
        BOOST_TEST(keys.Bytes() * 2 < rows.Bytes());  // no rows, and 8-byte slots
      } else {
        BOOST_TEST(keys.Probe(KeyOf({plan::Value::Str(long_key)})).size() == 1u);
        BOOST_TEST(keys.Probe(KeyOf({plan::Value::Str(long_key)})).keys_only());
      }
      BOOST_TEST(!rows.Probe(KeyOf({plan::Value::Str("P1")})).keys_only());
      records.clear();
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
