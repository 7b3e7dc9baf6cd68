#include "engine/data/schema.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {
namespace {

using T = FieldType;

struct Expected {
  const char* name;
  FieldType type;
  bool nullable;
};

// The tables of data-contract.md, transcribed field by field.
const std::vector<Expected> kFixmedins = {
    {"fixmedins_code", T::kString, false}, {"fixmedins_name", T::kString, false},
    {"fixmedins_type", T::kEnum, false},   {"medins_lv", T::kInt, false},
    {"admdvs", T::kString, false},         {"dual_channel_flag", T::kFlag, false},
    {"opsp_flag", T::kFlag, false},
};
const std::vector<Expected> kHilist = {
    {"hilist_code", T::kString, false}, {"hilist_name", T::kString, false},
    {"list_type", T::kEnum, false},     {"hilist_lv", T::kEnum, false},
    {"pric_uplmt_amt", T::kDecimal, true}, {"gender_lmt", T::kEnum, true},
    {"age_min", T::kInt, true},         {"age_max", T::kInt, true},
    {"lmt_dise", T::kList, true},       {"medins_lv_lmt", T::kInt, true},
    {"max_prd_days", T::kInt, true},    {"trace_prefix", T::kList, true},
    {"vbp_flag", T::kFlag, false},      {"dual_channel_flag", T::kFlag, false},
    {"watch_flag", T::kFlag, false},    {"begndate", T::kDate, false},
    {"enddate", T::kDate, true},
};
const std::vector<Expected> kPsn = {
    {"psn_no", T::kString, false}, {"gend", T::kEnum, false}, {"brdy", T::kDate, false},
    {"insutype", T::kEnum, false}, {"death_date", T::kDate, true},
};
const std::vector<Expected> kOpspReg = {
    {"reg_id", T::kString, false},         {"psn_no", T::kString, false},
    {"opsp_dise_code", T::kString, false}, {"opsp_dise_name", T::kString, false},
    {"fixmedins_code", T::kString, false}, {"begndate", T::kDate, false},
    {"enddate", T::kDate, true},           {"status", T::kEnum, false},
};
const std::vector<Expected> kSetl = {
    {"setl_id", T::kString, false},        {"mdtrt_id", T::kString, false},
    {"psn_no", T::kString, false},         {"fixmedins_code", T::kString, false},
    {"med_type", T::kEnum, false},         {"begntime", T::kDateTime, false},
    {"endtime", T::kDateTime, false},      {"setl_time", T::kDateTime, false},
    {"dx_codes", T::kList, false},         {"opsp_dise_code", T::kString, true},
    {"medfee_sumamt", T::kDecimal, false}, {"fund_pay_sumamt", T::kDecimal, false},
    {"refd_setl_flag", T::kFlag, false},   {"rxno", T::kString, true},
};
const std::vector<Expected> kFeeList = {
    {"feedetl_sn", T::kString, false},     {"setl_id", T::kString, false},
    {"psn_no", T::kString, false},         {"fixmedins_code", T::kString, false},
    {"fee_ocur_time", T::kDateTime, false}, {"hilist_code", T::kString, false},
    {"cnt", T::kDecimal, false},           {"pric", T::kDecimal, false},
    {"det_item_fee_sumamt", T::kDecimal, false}, {"prd_days", T::kInt, true},
    {"long_rx_flag", T::kFlag, false},     {"drug_trac_codg", T::kList, true},
};
const std::vector<Expected> kTracEvent = {
    {"event_id", T::kString, false},   {"drug_trac_codg", T::kString, false},
    {"event_type", T::kEnum, false},   {"event_time", T::kDateTime, false},
    {"fixmedins_code", T::kString, false}, {"hilist_code", T::kString, true},
    {"psn_no", T::kString, true},      {"setl_id", T::kString, true},
};
const std::vector<Expected> kMdtrtEvent = {
    {"event_id", T::kString, false},       {"mdtrt_id", T::kString, false},
    {"psn_no", T::kString, false},         {"fixmedins_code", T::kString, false},
    {"med_type", T::kEnum, false},         {"opsp_dise_code", T::kString, true},
    {"event_type", T::kEnum, false},       {"event_time", T::kDateTime, false},
    {"reason", T::kString, true},
};
const std::vector<Expected> kComplaint = {
    {"complaint_id", T::kString, false}, {"psn_no", T::kString, false},
    {"fixmedins_code", T::kString, false}, {"recv_time", T::kDateTime, false},
    {"category", T::kString, false},     {"content", T::kString, false},
};
const std::vector<Expected> kVbpOrder = {
    {"order_id", T::kString, false},       {"fixmedins_code", T::kString, false},
    {"distributor_code", T::kString, false}, {"hilist_code", T::kString, false},
    {"order_qty", T::kDecimal, false},     {"order_time", T::kDateTime, false},
    {"urgent_flag", T::kFlag, false},      {"cancel_time", T::kDateTime, true},
};
const std::vector<Expected> kVbpDelivery = {
    {"delivery_id", T::kString, false}, {"order_id", T::kString, false},
    {"delivered_qty", T::kDecimal, false}, {"delivery_time", T::kDateTime, false},
};
const std::vector<Expected> kErx = {
    {"hi_rxno", T::kString, false},        {"psn_no", T::kString, false},
    {"fixmedins_code", T::kString, false}, {"rx_time", T::kDateTime, false},
    {"vali_days", T::kInt, false},         {"hilist_codes", T::kList, false},
    {"rx_stas", T::kEnum, false},
};

struct ExpectedTable {
  const char* name;
  TableId id;
  TableKind kind;
  const std::vector<Expected>* fields;
  std::vector<std::string> key;
  std::vector<std::string> time_fields;  // the contract's as-of list
  const char* event_time;                // nullptr for reference tables
  const char* valid_from;
  const char* valid_to;
};

const std::vector<ExpectedTable>& Contract() {
  static const std::vector<ExpectedTable> kAll = {
      {"fixmedins", tables::kFixmedins, TableKind::kReference, &kFixmedins, {"fixmedins_code"}, {}, nullptr,
       nullptr, nullptr},
      {"hilist", tables::kHilist, TableKind::kReference, &kHilist, {"hilist_code", "begndate"}, {}, nullptr,
       "begndate", "enddate"},
      {"psn", tables::kPsn, TableKind::kReference, &kPsn, {"psn_no"}, {}, nullptr, nullptr, nullptr},
      {"opsp_reg", tables::kOpspReg, TableKind::kReference, &kOpspReg, {"reg_id"}, {}, nullptr, "begndate",
       "enddate"},
      {"setl", tables::kSetl, TableKind::kEvent, &kSetl, {"setl_id"}, {"setl_time"}, "setl_time", nullptr,
       nullptr},
      {"fee_list", tables::kFeeList, TableKind::kEvent, &kFeeList, {"feedetl_sn"}, {"fee_ocur_time"},
       "fee_ocur_time", nullptr, nullptr},
      {"trac_event", tables::kTracEvent, TableKind::kEvent, &kTracEvent, {"event_id"}, {"event_time"},
       "event_time", nullptr, nullptr},
      {"mdtrt_event", tables::kMdtrtEvent, TableKind::kEvent, &kMdtrtEvent, {"event_id"}, {"event_time"},
       "event_time", nullptr, nullptr},
      {"complaint", tables::kComplaint, TableKind::kEvent, &kComplaint, {"complaint_id"}, {"recv_time"},
       "recv_time", nullptr, nullptr},
      {"vbp_order", tables::kVbpOrder, TableKind::kEvent, &kVbpOrder, {"order_id"},
       {"order_time", "cancel_time"}, "order_time", nullptr, nullptr},
      {"vbp_delivery", tables::kVbpDelivery, TableKind::kEvent, &kVbpDelivery, {"delivery_id"},
       {"delivery_time"}, "delivery_time", nullptr, nullptr},
      {"erx", tables::kErx, TableKind::kEvent, &kErx, {"hi_rxno"}, {"rx_time"}, "rx_time", nullptr, nullptr},
  };
  return kAll;
}

const TableDef& Get(std::string_view name) {
  const TableDef* t = FindTable(name);
  BOOST_TEST_INFO("table " << name);
  BOOST_TEST_REQUIRE(t != nullptr);
  return *t;
}

const FieldDef& Field(std::string_view table, std::string_view field) {
  const TableDef& t = Get(table);
  int i = t.FieldIndex(field);
  BOOST_TEST_INFO("field " << table << "." << field);
  BOOST_TEST_REQUIRE(i >= 0);
  return t.fields[i];
}

std::string NameAt(const TableDef& t, int index) {
  if (index < 0) return "";
  return std::string(t.fields[index].name);
}

std::vector<std::string> Codes(const FieldDef& f) {
  std::vector<std::string> out;
  for (const EnumValue& e : f.enum_values) out.emplace_back(e.code);
  return out;
}

std::vector<std::string> Aliases(const FieldDef& f) {
  std::vector<std::string> out;
  for (const EnumValue& e : f.enum_values) out.emplace_back(e.alias);
  return out;
}

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(all_tables_in_stable_order) {
  BOOST_TEST_REQUIRE(AllTables().size() == Contract().size());
  BOOST_TEST(tables::kCount == 12);
  for (size_t i = 0; i < Contract().size(); ++i) {
    const TableDef& t = AllTables()[i];
    BOOST_TEST(t.name == Contract()[i].name);
    BOOST_TEST(t.id == Contract()[i].id);
    BOOST_TEST(t.id == i);
    BOOST_TEST(&Table(t.id) == &t);
    BOOST_TEST(FindTable(t.name) == &t);
    BOOST_TEST(!t.zh_name.empty());
  }
  BOOST_TEST(FindTable("nope") == nullptr);
  BOOST_TEST(FindTable("") == nullptr);
  BOOST_TEST(FindTable("FEE_LIST") == nullptr);
}

BOOST_AUTO_TEST_CASE(every_table_has_exactly_the_contract_fields) {
  for (const ExpectedTable& e : Contract()) {
    const TableDef& t = Get(e.name);
    BOOST_TEST_INFO("table " << e.name);
    BOOST_TEST_REQUIRE(t.fields.size() == e.fields->size());
    for (size_t i = 0; i < t.fields.size(); ++i) {
      const Expected& f = (*e.fields)[i];
      BOOST_TEST_INFO("table " << e.name << " field #" << i << " " << f.name);
      BOOST_TEST(t.fields[i].name == f.name);
      BOOST_TEST(FieldTypeName(t.fields[i].type) == FieldTypeName(f.type));
      BOOST_TEST(t.fields[i].nullable == f.nullable);
      BOOST_TEST(!t.fields[i].meaning.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(kinds_keys_and_times) {
  for (const ExpectedTable& e : Contract()) {
    const TableDef& t = Get(e.name);
    BOOST_TEST_INFO("table " << e.name);
    BOOST_TEST((t.kind == e.kind));
    std::vector<std::string> key;
    for (int k : t.key) key.push_back(NameAt(t, k));
    BOOST_TEST(key == e.key, boost::test_tools::per_element());
    std::vector<std::string> times;
    for (int k : t.time_fields) times.push_back(NameAt(t, k));
    BOOST_TEST(times == e.time_fields, boost::test_tools::per_element());
    BOOST_TEST(NameAt(t, t.event_time) == (e.event_time ? e.event_time : ""));
    BOOST_TEST(NameAt(t, t.valid_from) == (e.valid_from ? e.valid_from : ""));
    BOOST_TEST(NameAt(t, t.valid_to) == (e.valid_to ? e.valid_to : ""));
  }
}

BOOST_AUTO_TEST_CASE(structural_invariants) {
  for (const TableDef& t : AllTables()) {
    BOOST_TEST_INFO("table " << t.name);
    std::set<std::string_view> names;
    for (const FieldDef& f : t.fields) {
      BOOST_TEST(names.insert(f.name).second);  // unique names
      BOOST_TEST((f.type == FieldType::kEnum) == !f.enum_values.empty());
    }
    BOOST_TEST(!t.key.empty());
    for (int k : t.key) BOOST_TEST(!t.fields[k].nullable);
    if (t.kind == TableKind::kEvent) {
      BOOST_TEST_REQUIRE(t.event_time >= 0);
      BOOST_TEST((t.fields[t.event_time].type == FieldType::kDateTime));
      BOOST_TEST(!t.fields[t.event_time].nullable);
    }
    for (int k : t.time_fields) BOOST_TEST((t.fields[k].type == FieldType::kDateTime));
    if (t.valid_from >= 0) {
      BOOST_TEST((t.fields[t.valid_from].type == FieldType::kDate));
      BOOST_TEST(!t.fields[t.valid_from].nullable);
      BOOST_TEST((t.fields[t.valid_to].type == FieldType::kDate));
      BOOST_TEST(t.fields[t.valid_to].nullable);
    }
  }
}

BOOST_AUTO_TEST_CASE(spot_checks) {
  BOOST_TEST(Field("fee_list", "prd_days").nullable);
  BOOST_TEST((Field("fee_list", "prd_days").type == FieldType::kInt));
  BOOST_TEST((Field("setl", "refd_setl_flag").type == FieldType::kFlag));
  BOOST_TEST(!Field("setl", "refd_setl_flag").nullable);
  BOOST_TEST((Field("setl", "dx_codes").type == FieldType::kList));
  BOOST_TEST(!Field("setl", "dx_codes").nullable);
  BOOST_TEST((Field("fee_list", "drug_trac_codg").type == FieldType::kList));
  BOOST_TEST((Field("trac_event", "drug_trac_codg").type == FieldType::kString));
  BOOST_TEST((Field("hilist", "pric_uplmt_amt").type == FieldType::kDecimal));
  BOOST_TEST(Field("hilist", "pric_uplmt_amt").nullable);
  BOOST_TEST((Field("psn", "death_date").type == FieldType::kDate));
  BOOST_TEST((Field("vbp_order", "cancel_time").type == FieldType::kDateTime));
  BOOST_TEST(Field("vbp_order", "cancel_time").nullable);
  BOOST_TEST((Field("erx", "vali_days").type == FieldType::kInt));
  BOOST_TEST(!Field("erx", "vali_days").nullable);
}

BOOST_AUTO_TEST_CASE(int_ranges_and_fixed_lengths) {
  const FieldDef& lv = Field("fixmedins", "medins_lv");
  BOOST_TEST_REQUIRE(lv.min.has_value());
  BOOST_TEST_REQUIRE(lv.max.has_value());
  BOOST_TEST(*lv.min == 0);
  BOOST_TEST(*lv.max == 3);
  const FieldDef& lmt = Field("hilist", "medins_lv_lmt");
  BOOST_TEST_REQUIRE(lmt.max.has_value());
  BOOST_TEST(*lmt.max == 3);
  BOOST_TEST(Field("fixmedins", "admdvs").exact_length == 6);
  BOOST_TEST(Field("fixmedins", "fixmedins_code").exact_length == 0);
}

BOOST_AUTO_TEST_CASE(enum_values_follow_the_contract) {
  using V = std::vector<std::string>;
  BOOST_TEST(Codes(Field("fixmedins", "fixmedins_type")) == (V{"1", "2"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("hilist", "list_type")) == (V{"1", "2", "3"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("hilist", "hilist_lv")) == (V{"甲", "乙", "丙"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("hilist", "gender_lmt")) == (V{"1", "2"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("psn", "gend")) == (V{"1", "2"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("psn", "insutype")) == (V{"310", "390"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("opsp_reg", "status")) == (V{"0", "1"}), boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("erx", "rx_stas")) == (V{"0", "1"}), boost::test_tools::per_element());
  const V med = {"11", "13", "14", "21", "41"};
  BOOST_TEST(Codes(Field("setl", "med_type")) == med, boost::test_tools::per_element());
  BOOST_TEST(Codes(Field("mdtrt_event", "med_type")) == med, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(event_type_enums_carry_platform_aliases) {
  using V = std::vector<std::string>;
  const FieldDef& trac = Field("trac_event", "event_type");
  BOOST_TEST(Codes(trac) == (V{"purchase_in", "purchase_return", "sale", "sale_return"}),
             boost::test_tools::per_element());
  BOOST_TEST(Aliases(trac) == (V{"3503", "3504", "3505", "3506"}), boost::test_tools::per_element());
  const FieldDef& mdtrt = Field("mdtrt_event", "event_type");
  BOOST_TEST(Codes(mdtrt) == (V{"register", "cancel", "settle"}), boost::test_tools::per_element());
  BOOST_TEST(Aliases(mdtrt) == (V{"2201", "2202", "2207"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(field_index_lookup) {
  const TableDef& fee = Table(tables::kFeeList);
  BOOST_TEST(fee.FieldIndex("feedetl_sn") == 0);
  BOOST_TEST(fee.FieldIndex("fee_ocur_time") == 4);
  BOOST_TEST(fee.FieldIndex("drug_trac_codg") == 11);
  BOOST_TEST(fee.FieldIndex("nope") == -1);
  BOOST_TEST(fee.FieldIndex("") == -1);
  BOOST_TEST(fee.FieldIndex("Feedetl_sn") == -1);
  BOOST_TEST(Table(tables::kHilist).FieldIndex("enddate") == 16);
}

BOOST_AUTO_TEST_CASE(field_type_names) {
  BOOST_TEST(FieldTypeName(FieldType::kString) == "string");
  BOOST_TEST(FieldTypeName(FieldType::kInt) == "int");
  BOOST_TEST(FieldTypeName(FieldType::kDecimal) == "decimal");
  BOOST_TEST(FieldTypeName(FieldType::kDate) == "date");
  BOOST_TEST(FieldTypeName(FieldType::kDateTime) == "datetime");
  BOOST_TEST(FieldTypeName(FieldType::kFlag) == "flag");
  BOOST_TEST(FieldTypeName(FieldType::kEnum) == "enum");
  BOOST_TEST(FieldTypeName(FieldType::kList) == "list");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch
