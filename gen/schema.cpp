#include "gen/schema.h"

#include <cassert>

namespace fundwatch::gen {
namespace {

struct TableDef {
  std::string_view name;
  std::vector<std::string_view> columns;
  size_t contract_columns;
};

const std::vector<TableDef>& Defs() {
  static const std::vector<TableDef> kDefs = {
      {"fixmedins",
       {"fixmedins_code", "fixmedins_name", "fixmedins_type", "medins_lv", "admdvs",
        "dual_channel_flag", "opsp_flag"},
       7},
      {"hilist",
       {"hilist_code", "hilist_name", "list_type", "hilist_lv", "pric_uplmt_amt", "gender_lmt",
        "age_min", "age_max", "lmt_dise", "medins_lv_lmt", "max_prd_days", "trace_prefix",
        "vbp_flag", "dual_channel_flag", "watch_flag", "begndate", "enddate"},
       17},
      {"psn", {"psn_no", "gend", "brdy", "insutype", "death_date", "psn_name"}, 5},
      {"opsp_reg",
       {"reg_id", "psn_no", "opsp_dise_code", "opsp_dise_name", "fixmedins_code", "begndate",
        "enddate", "status"},
       8},
      {"setl",
       {"setl_id", "mdtrt_id", "psn_no", "fixmedins_code", "med_type", "begntime", "endtime",
        "setl_time", "dx_codes", "opsp_dise_code", "medfee_sumamt", "fund_pay_sumamt",
        "refd_setl_flag", "rxno"},
       14},
      {"fee_list",
       {"feedetl_sn", "setl_id", "psn_no", "fixmedins_code", "fee_ocur_time", "hilist_code",
        "cnt", "pric", "det_item_fee_sumamt", "prd_days", "long_rx_flag", "drug_trac_codg"},
       12},
      {"trac_event",
       {"event_id", "drug_trac_codg", "event_type", "event_time", "fixmedins_code",
        "hilist_code", "psn_no", "setl_id"},
       8},
      {"mdtrt_event",
       {"event_id", "mdtrt_id", "psn_no", "fixmedins_code", "med_type", "opsp_dise_code",
        "event_type", "event_time", "reason"},
       9},
      {"complaint",
       {"complaint_id", "psn_no", "fixmedins_code", "recv_time", "category", "content"}, 6},
      {"vbp_order",
       {"order_id", "fixmedins_code", "distributor_code", "hilist_code", "order_qty",
        "order_time", "urgent_flag", "cancel_time"},
       8},
      {"vbp_delivery", {"delivery_id", "order_id", "delivered_qty", "delivery_time"}, 4},
      {"erx",
       {"hi_rxno", "psn_no", "fixmedins_code", "rx_time", "vali_days", "hilist_codes",
        "rx_stas"},
       7},
  };
  assert(kDefs.size() == kTableCount);
  return kDefs;
}

}  // namespace

std::string_view TableName(Table table) { return Defs()[Index(table)].name; }

std::string TableFile(Table table) { return std::string(TableName(table)) + ".csv"; }

const std::vector<std::string_view>& Columns(Table table) { return Defs()[Index(table)].columns; }

size_t ContractColumnCount(Table table) { return Defs()[Index(table)].contract_columns; }

std::array<Table, kTableCount> AllTables() {
  std::array<Table, kTableCount> tables{};
  for (size_t i = 0; i < kTableCount; ++i) tables[i] = static_cast<Table>(i);
  return tables;
}

}  // namespace fundwatch::gen
