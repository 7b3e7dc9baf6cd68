// TableWriter: shuffles without losing rows, places injected rows, counts
// physical lines across embedded newlines; and the small value formats.
#include "gen/table_writer.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "gen/civil_time.h"
#include "gen/csv_text.h"
#include "gen/fixed_decimal.h"
#include "tests/gen/csv_reader.h"
#include "tests/gen/generated.h"

namespace fundwatch::gen::testing {
namespace {

BOOST_AUTO_TEST_SUITE(table_writer)

BOOST_AUTO_TEST_CASE(shuffles_all_rows_and_places_rejects_on_their_physical_line) {
  const std::string dir = ScratchDir("writer");
  TableWriter w(Table::kComplaint, dir, 5 * TableWriter::kBucketRows / 2, 7);  // three buckets
  BOOST_REQUIRE(w.Open().ok());
  const int n = 1000;
  for (int i = 0; i < n; ++i) {
    const std::string text = i % 3 == 0 ? "第一行\n第二行, \"引号\"" : "普通";
    w.AddRow(Row{"C" + std::to_string(i), "P", "H", "2025-01-01 00:00:00", "其他", text});
  }
  w.Inject(500000, "BAD,ROW", PlannedReject{std::nullopt, "wrong number of fields"});
  w.Inject(1000000, "LAST,\"x\ny\",1,2,3,4", PlannedReject{std::string("content"), "bad datetime"});
  std::vector<PlacedReject> rejects;
  BOOST_REQUIRE(w.Finish(dir + "/complaint.csv", &rejects).ok());
  BOOST_TEST(w.rows_written() == n + 2);
  const CsvFile file = ReadCsv(dir + "/complaint.csv");
  BOOST_REQUIRE(file.records.size() == static_cast<size_t>(n + 2));
  std::set<std::string> ids;
  int in_order = 0;
  for (size_t i = 0; i < file.records.size(); ++i) {
    ids.insert(file.records[i].fields[0]);
    const std::string& prev = i > 0 ? file.records[i - 1].fields[0] : std::string();
    if (!prev.empty() && prev[0] == 'C' && file.records[i].fields[0] == "C" + std::to_string(std::stoi(prev.substr(1)) + 1)) {
      ++in_order;
    }
  }
  BOOST_TEST(ids.size() == static_cast<size_t>(n + 2));
  BOOST_TEST(in_order < 50);
  BOOST_REQUIRE(rejects.size() == 2u);
  for (const PlacedReject& r : rejects) {
    bool found = false;
    for (const CsvRecord& rec : file.records) found = found || (rec.line == r.line && (rec.fields[0] == "BAD" || rec.fields[0] == "LAST"));
    BOOST_TEST(found, r.line);
  }
  BOOST_TEST(file.records.back().fields[0] == "LAST");
}

BOOST_AUTO_TEST_CASE(values_are_formatted_as_the_contract_says) {
  BOOST_TEST(FormatFixed(125000) == "12.50");
  BOOST_TEST(FormatFixed(98001) == "9.8001");
  BOOST_TEST(FormatFixed(30000, 0) == "3");
  BOOST_TEST(!ParseFixed("9.80001").has_value());
  BOOST_TEST(*ParseFixed("9.8") == 98000);
  BOOST_TEST(FormatTime(MakeTime(2025, 7, 1)) == "2025-07-01 00:00:00");
  BOOST_TEST(!ParseDate("2025-02-29").has_value());
  BOOST_TEST(AgeOn(DaysFromCivil(2012, 2, 29), DaysFromCivil(2025, 2, 28)) == 12);
  BOOST_TEST(AgeOn(DaysFromCivil(2012, 2, 29), DaysFromCivil(2025, 3, 1)) == 13);
  BOOST_TEST(SerializeRow(Row{"a,b", "say \"hi\"", ""}) == "\"a,b\",\"say \"\"hi\"\"\",");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::gen::testing
