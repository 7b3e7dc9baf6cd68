// Rule tests, written beside the rules in `*.ruletest` files, in a form a
// supervisor can read and write: given these records and this as-of time,
// expect exactly these alerts.
//
//   # 共享数据: tables before the first `test` belong to every test of the file
//   hilist:
//     hilist_code, hilist_name, list_type, hilist_lv, pric_uplmt_amt, vbp_flag, dual_channel_flag, watch_flag, begndate
//     XA001, 阿莫西林胶囊, 1, 甲, 9.80, 0, 0, 0, 2021-01-01
//
//   test "单价高于支付标准 0.0001 元: 报"
//   as_of 2025-10-01 00:00:00          # optional: default the latest event time
//   fee_list:
//     feedetl_sn, setl_id, psn_no, fixmedins_code, fee_ocur_time, hilist_code, cnt, pric, det_item_fee_sumamt, long_rx_flag
//     F1, S1, P1, H1, 2025-04-08 08:03:00, XA001, 2, 9.8001, 19.6002, 0
//   expect PRC-CEIL feedetl_sn=F1
//   expect none QTY-RX
//
// A table block is `name:` then a header line then rows (comma-separated,
// spaces around values ignored, "quoted" values may hold commas; empty =
// null) until a blank line or the next keyword. The rules a test checks are
// those its `expect` lines name; for each, the alerts must be exactly the
// expected keys.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/diagnostic.h"

namespace fundwatch {

struct TestTable {
  std::string table;
  int line = 0;                                       // of `name:`
  std::vector<std::vector<std::string>> rows;         // rows[0] is the header
  std::vector<int> row_lines;                         // file line of each row (header included)
};

struct RuleTestCase {
  std::string file;
  std::string name;
  int line = 0;
  std::optional<DateTime> as_of;
  std::vector<TestTable> tables;                      // shared tables first
  // rule id -> expected keys (each a sorted list of field=value); an entry
  // with no keys means `expect none`.
  std::map<std::string, std::vector<std::map<std::string, std::string>>> expect;
};

// Parses one .ruletest file; mistakes go to `diags` with line and column.
std::vector<RuleTestCase> ParseRuleTests(const std::string& path, const std::string& text, DiagnosticBag* diags);

}  // namespace fundwatch
