// Generate(): files, determinism, headers, scaling, order, manifest.
#include "gen/generator.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "gen/civil_time.h"
#include "gen/schema.h"
#include "tests/gen/generated.h"

namespace fundwatch::gen::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> OutputFiles() {
  std::vector<std::string> files = {"ground_truth.jsonl", "near_misses.jsonl", "expected_rejects.jsonl", "manifest.json"};
  for (Table t : AllTables()) files.push_back(TableFile(t));
  return files;
}

int64_t RowsOf(const GenReport& report, const std::string& table) {
  for (const auto& [name, rows] : report.rows_per_table) {
    if (name == table) return rows;
  }
  return -1;
}

BOOST_AUTO_TEST_SUITE(generator)

BOOST_AUTO_TEST_CASE(writes_every_file_and_no_temp_files) {
  const std::string& dir = GeneratedDir(1, 1);
  for (const std::string& f : OutputFiles()) BOOST_TEST(fs::exists(fs::path(dir) / f), f);
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  BOOST_TEST(entries == OutputFiles().size());
}

BOOST_AUTO_TEST_CASE(same_seed_gives_identical_bytes) {
  const std::string again = ScratchDir("again");
  GenOptions options;
  options.out_dir = again;
  options.seed = 1;
  BOOST_REQUIRE(Generate(options).ok());
  for (const std::string& f : OutputFiles()) {
    BOOST_TEST((ReadFile(GeneratedDir(1, 1) + "/" + f) == ReadFile(again + "/" + f)), f);
  }
}

BOOST_AUTO_TEST_CASE(another_seed_gives_other_data) {
  for (Table t : {Table::kFeeList, Table::kSetl, Table::kPsn, Table::kTracEvent}) {
    BOOST_TEST((ReadFile(GeneratedDir(1, 1) + "/" + TableFile(t)) != ReadFile(GeneratedDir(1, 2) + "/" + TableFile(t))),
               TableFile(t));
  }
}

BOOST_AUTO_TEST_CASE(headers_are_the_contract_columns) {
  const DataSet& d = Loaded(1, 1);
  for (Table t : AllTables()) {
    const Row& header = d.files.at(std::string(TableName(t))).header;
    BOOST_REQUIRE(header.size() == Columns(t).size());
    for (size_t i = 0; i < header.size(); ++i) BOOST_TEST(header[i] == std::string(Columns(t)[i]));
    BOOST_TEST(ContractColumnCount(t) == (t == Table::kPsn ? Columns(t).size() - 1 : Columns(t).size()));
  }
  // The one extra column, after the contract's.
  BOOST_TEST(d.files.at("psn").header.back() == "psn_name");
}

BOOST_AUTO_TEST_CASE(every_table_has_rows_and_quoting_is_exercised) {
  const DataSet& d = Loaded(1, 1);
  for (Table t : AllTables()) BOOST_TEST(!d.world.at(t).empty(), TableName(t));
  bool comma = false, quote = false, newline = false;
  for (Table t : {Table::kFixmedins, Table::kComplaint, Table::kMdtrtEvent}) {
    for (const Row& r : d.world.at(t)) {
      for (const std::string& f : r) {
        comma = comma || f.find(',') != std::string::npos;
        quote = quote || f.find('"') != std::string::npos;
        newline = newline || f.find('\n') != std::string::npos;
      }
    }
  }
  BOOST_TEST(comma);
  BOOST_TEST(quote);
  BOOST_TEST(newline);
}

BOOST_AUTO_TEST_CASE(rows_scale_with_scale) {
  const GenReport& one = GeneratedReport(1, 1);
  const GenReport& four = GeneratedReport(4, 1);
  for (const char* table : {"fee_list", "setl", "psn", "trac_event", "mdtrt_event", "vbp_order", "erx", "opsp_reg"}) {
    const double ratio = static_cast<double>(RowsOf(four, table)) / static_cast<double>(RowsOf(one, table));
    BOOST_TEST(ratio > 2.8, table << " ratio " << ratio);
    BOOST_TEST(ratio < 4.6, table << " ratio " << ratio);
  }
  BOOST_TEST(RowsOf(one, "fee_list") > 8000);
  BOOST_TEST(RowsOf(one, "fee_list") < 13000);
}

BOOST_AUTO_TEST_CASE(files_are_not_in_time_order) {
  const DataSet& d = Loaded(1, 1);
  const std::pair<Table, int> timed[] = {{Table::kFeeList, fee_col::kFeeOcurTime},
                                         {Table::kSetl, setl_col::kSetlTime},
                                         {Table::kTracEvent, trac_col::kEventTime},
                                         {Table::kMdtrtEvent, mdtrt_col::kEventTime},
                                         {Table::kVbpOrder, order_col::kOrderTime}};
  for (const auto& [table, column] : timed) {
    const auto& rows = d.world.at(table);
    size_t descents = 0;
    for (size_t i = 1; i < rows.size(); ++i) descents += rows[i][column] < rows[i - 1][column];
    BOOST_TEST(descents > rows.size() / 3, TableName(table) << " descents " << descents);
  }
}

BOOST_AUTO_TEST_CASE(report_and_manifest_agree) {
  const GenReport& r = GeneratedReport(1, 1);
  BOOST_TEST(r.as_of == "2025-10-31 18:00:00");
  BOOST_TEST(r.rows_per_table.size() == kTableCount);
  BOOST_TEST(r.truth_per_rule.size() == 23u);
  const std::string manifest = ReadFile(GeneratedDir(1, 1) + "/manifest.json");
  BOOST_TEST(manifest.find("\"as_of\": \"2025-10-31 18:00:00\"") != std::string::npos);
  BOOST_TEST(manifest.find("\"seed\": 1,") != std::string::npos);
  for (const auto& [table, rows] : r.rows_per_table) {
    BOOST_TEST(manifest.find("\"" + table + "\": " + std::to_string(rows)) != std::string::npos, table);
    BOOST_TEST(static_cast<size_t>(rows) == Loaded(1, 1).files.at(table).records.size(), table);
  }
  for (const auto& [rule, n] : r.truth_per_rule) {
    BOOST_TEST(manifest.find("\"" + rule + "\": " + std::to_string(n)) != std::string::npos, rule);
  }
}

BOOST_AUTO_TEST_CASE(without_malformed_rows_the_truth_is_the_same) {
  const std::string& clean = GeneratedDir(1, 1, false);
  BOOST_TEST(!fs::exists(fs::path(clean) / "expected_rejects.jsonl"));
  BOOST_TEST((ReadFile(clean + "/ground_truth.jsonl") == ReadFile(GeneratedDir(1, 1) + "/ground_truth.jsonl")));
}

BOOST_AUTO_TEST_CASE(rejects_bad_options) {
  GenOptions options;
  BOOST_TEST(!Generate(options).ok());
  options.out_dir = ScratchDir("bad");
  options.scale = 0;
  BOOST_TEST(!Generate(options).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::gen::testing
