#include "engine/data/schema.h"

namespace fundwatch {
namespace {

using T = FieldType;

constexpr EnumValue kInstitutionType[] = {{"1", "", "医疗机构"}, {"2", "", "零售药店"}};
constexpr EnumValue kListType[] = {{"1", "", "药品"}, {"2", "", "医疗服务项目"}, {"3", "", "医用耗材"}};
constexpr EnumValue kHilistLv[] = {{"甲", "", "甲类"}, {"乙", "", "乙类"}, {"丙", "", "丙类"}};
constexpr EnumValue kGender[] = {{"1", "", "男"}, {"2", "", "女"}};
constexpr EnumValue kInsutype[] = {{"310", "", "职工基本医疗保险"}, {"390", "", "城乡居民基本医疗保险"}};
constexpr EnumValue kRegStatus[] = {{"0", "", "撤销"}, {"1", "", "有效"}};
constexpr EnumValue kMedType[] = {{"11", "", "普通门诊"}, {"13", "", "急诊"}, {"14", "", "门慢特"},
                                  {"21", "", "住院"}, {"41", "", "定点药店购药"}};
constexpr EnumValue kTracEventType[] = {{"purchase_in", "3503", "采购入库"},
                                        {"purchase_return", "3504", "采购退货"},
                                        {"sale", "3505", "销售"},
                                        {"sale_return", "3506", "销售退货"}};
constexpr EnumValue kMdtrtEventType[] = {
    {"register", "2201", "就诊登记"}, {"cancel", "2202", "撤销登记"}, {"settle", "2207", "结算"}};

constexpr FieldDef kFixmedinsFields[] = {
    {"fixmedins_code", T::kString, false, "定点医药机构编码"},
    {"fixmedins_name", T::kString, false, "机构名称"},
    {"fixmedins_type", T::kEnum, false, "机构类型", kInstitutionType},
    {"medins_lv", T::kInt, false, "医院等级 3三级 2二级 1一级及以下 0未定级", {}, 0, 3},
    {"admdvs", T::kString, false, "医保区划", {}, {}, {}, 6},
    {"dual_channel_flag", T::kFlag, false, "双通道定点药店"},
    {"opsp_flag", T::kFlag, false, "门慢特定点"},
};
constexpr int kFixmedinsKey[] = {0};

constexpr FieldDef kHilistFields[] = {
    {"hilist_code", T::kString, false, "医保目录编码"},
    {"hilist_name", T::kString, false, "目录名称"},
    {"list_type", T::kEnum, false, "目录类别", kListType},
    {"hilist_lv", T::kEnum, false, "甲乙丙类", kHilistLv},
    {"pric_uplmt_amt", T::kDecimal, true, "支付标准上限"},
    {"gender_lmt", T::kEnum, true, "限性别", kGender},
    {"age_min", T::kInt, true, "限最小年龄", {}, 0, 200},
    {"age_max", T::kInt, true, "限最大年龄", {}, 0, 200},
    {"lmt_dise", T::kList, true, "限适应症ICD-10前缀"},
    {"medins_lv_lmt", T::kInt, true, "限医疗机构最低等级", {}, 0, 3},
    {"max_prd_days", T::kInt, true, "单次最大用药天数", {}, 0, {}},
    {"trace_prefix", T::kList, true, "追溯码药品标识码(前7位)"},
    {"vbp_flag", T::kFlag, false, "集采产品"},
    {"dual_channel_flag", T::kFlag, false, "双通道药品"},
    {"watch_flag", T::kFlag, false, "重点监测易倒卖药品"},
    {"begndate", T::kDate, false, "开始日期"},
    {"enddate", T::kDate, true, "结束日期"},
};
constexpr int kHilistKey[] = {0, 15};

constexpr FieldDef kPsnFields[] = {
    {"psn_no", T::kString, false, "人员编号"},
    {"gend", T::kEnum, false, "性别", kGender},
    {"brdy", T::kDate, false, "出生日期"},
    {"insutype", T::kEnum, false, "险种", kInsutype},
    {"death_date", T::kDate, true, "死亡日期"},
};
constexpr int kPsnKey[] = {0};

constexpr FieldDef kOpspRegFields[] = {
    {"reg_id", T::kString, false, "备案号"},
    {"psn_no", T::kString, false, "人员编号"},
    {"opsp_dise_code", T::kString, false, "门慢特病种编码"},
    {"opsp_dise_name", T::kString, false, "病种名称"},
    {"fixmedins_code", T::kString, false, "备案机构"},
    {"begndate", T::kDate, false, "开始日期"},
    {"enddate", T::kDate, true, "结束日期"},
    {"status", T::kEnum, false, "备案状态", kRegStatus},
};
constexpr int kOpspRegKey[] = {0};

constexpr FieldDef kSetlFields[] = {
    {"setl_id", T::kString, false, "结算ID"},
    {"mdtrt_id", T::kString, false, "就诊ID"},
    {"psn_no", T::kString, false, "人员编号"},
    {"fixmedins_code", T::kString, false, "定点机构"},
    {"med_type", T::kEnum, false, "医疗类别", kMedType},
    {"begntime", T::kDateTime, false, "开始时间"},
    {"endtime", T::kDateTime, false, "结束时间"},
    {"setl_time", T::kDateTime, false, "结算时间"},
    {"dx_codes", T::kList, false, "诊断编码(主诊断在前)"},
    {"opsp_dise_code", T::kString, true, "门慢特病种"},
    {"medfee_sumamt", T::kDecimal, false, "医疗费总额"},
    {"fund_pay_sumamt", T::kDecimal, false, "基金支付总额"},
    {"refd_setl_flag", T::kFlag, false, "冲销标志"},
    {"rxno", T::kString, true, "医保电子处方号"},
};
constexpr int kSetlKey[] = {0};
constexpr int kSetlTimes[] = {7};

constexpr FieldDef kFeeListFields[] = {
    {"feedetl_sn", T::kString, false, "费用明细流水号"},
    {"setl_id", T::kString, false, "结算ID"},
    {"psn_no", T::kString, false, "人员编号"},
    {"fixmedins_code", T::kString, false, "定点机构"},
    {"fee_ocur_time", T::kDateTime, false, "费用发生时间"},
    {"hilist_code", T::kString, false, "医保目录编码"},
    {"cnt", T::kDecimal, false, "数量"},
    {"pric", T::kDecimal, false, "单价"},
    {"det_item_fee_sumamt", T::kDecimal, false, "明细项目费用总额"},
    {"prd_days", T::kInt, true, "用药天数", {}, 0, {}},
    {"long_rx_flag", T::kFlag, false, "长期处方标志"},
    {"drug_trac_codg", T::kList, true, "药品追溯码"},
};
constexpr int kFeeListKey[] = {0};
constexpr int kFeeListTimes[] = {4};

constexpr FieldDef kTracEventFields[] = {
    {"event_id", T::kString, false, "事件ID"},
    {"drug_trac_codg", T::kString, false, "药品追溯码"},
    {"event_type", T::kEnum, false, "事件类型", kTracEventType},
    {"event_time", T::kDateTime, false, "事件时间"},
    {"fixmedins_code", T::kString, false, "扫码机构"},
    {"hilist_code", T::kString, true, "医保目录编码"},
    {"psn_no", T::kString, true, "购药人"},
    {"setl_id", T::kString, true, "结算ID"},
};
constexpr int kEventKey[] = {0};
constexpr int kTracEventTimes[] = {3};

constexpr FieldDef kMdtrtEventFields[] = {
    {"event_id", T::kString, false, "事件ID"},
    {"mdtrt_id", T::kString, false, "就诊ID"},
    {"psn_no", T::kString, false, "人员编号"},
    {"fixmedins_code", T::kString, false, "定点机构"},
    {"med_type", T::kEnum, false, "医疗类别", kMedType},
    {"opsp_dise_code", T::kString, true, "门慢特病种"},
    {"event_type", T::kEnum, false, "事件类型", kMdtrtEventType},
    {"event_time", T::kDateTime, false, "事件时间"},
    {"reason", T::kString, true, "撤销原因"},
};
constexpr int kMdtrtEventTimes[] = {7};

constexpr FieldDef kComplaintFields[] = {
    {"complaint_id", T::kString, false, "投诉ID"},
    {"psn_no", T::kString, false, "投诉人"},
    {"fixmedins_code", T::kString, false, "被投诉机构"},
    {"recv_time", T::kDateTime, false, "受理时间"},
    {"category", T::kString, false, "类别"},
    {"content", T::kString, false, "内容"},
};
constexpr int kComplaintTimes[] = {3};

constexpr FieldDef kVbpOrderFields[] = {
    {"order_id", T::kString, false, "订单ID"},
    {"fixmedins_code", T::kString, false, "采购机构"},
    {"distributor_code", T::kString, false, "配送企业"},
    {"hilist_code", T::kString, false, "药品"},
    {"order_qty", T::kDecimal, false, "订购数量"},
    {"order_time", T::kDateTime, false, "下单时间"},
    {"urgent_flag", T::kFlag, false, "急救订单"},
    {"cancel_time", T::kDateTime, true, "撤单时间"},
};
constexpr int kVbpOrderTimes[] = {5, 7};

constexpr FieldDef kVbpDeliveryFields[] = {
    {"delivery_id", T::kString, false, "配送ID"},
    {"order_id", T::kString, false, "订单ID"},
    {"delivered_qty", T::kDecimal, false, "配送数量"},
    {"delivery_time", T::kDateTime, false, "到货时间"},
};
constexpr int kVbpDeliveryTimes[] = {3};

constexpr FieldDef kErxFields[] = {
    {"hi_rxno", T::kString, false, "医保电子处方号"},
    {"psn_no", T::kString, false, "人员编号"},
    {"fixmedins_code", T::kString, false, "开方机构"},
    {"rx_time", T::kDateTime, false, "开方时间"},
    {"vali_days", T::kInt, false, "有效天数", {}, 0, {}},
    {"hilist_codes", T::kList, false, "处方药品"},
    {"rx_stas", T::kEnum, false, "处方状态", kRegStatus},
};
constexpr int kErxTimes[] = {3};

const TableDef kTables[] = {
    {tables::kFixmedins, "fixmedins", "定点医药机构", TableKind::kReference, kFixmedinsFields, kFixmedinsKey, {}},
    {tables::kHilist, "hilist", "医保目录", TableKind::kReference, kHilistFields, kHilistKey, {}, -1, 15, 16},
    {tables::kPsn, "psn", "参保人员", TableKind::kReference, kPsnFields, kPsnKey, {}},
    {tables::kOpspReg, "opsp_reg", "门慢特备案", TableKind::kReference, kOpspRegFields, kOpspRegKey, {}, -1, 5, 6},
    {tables::kSetl, "setl", "结算", TableKind::kEvent, kSetlFields, kSetlKey, kSetlTimes, 7},
    {tables::kFeeList, "fee_list", "费用明细", TableKind::kEvent, kFeeListFields, kFeeListKey, kFeeListTimes, 4},
    {tables::kTracEvent, "trac_event", "追溯码事件", TableKind::kEvent, kTracEventFields, kEventKey, kTracEventTimes, 3},
    {tables::kMdtrtEvent, "mdtrt_event", "就诊登记事件", TableKind::kEvent, kMdtrtEventFields, kEventKey, kMdtrtEventTimes, 7},
    {tables::kComplaint, "complaint", "投诉举报", TableKind::kEvent, kComplaintFields, kEventKey, kComplaintTimes, 3},
    {tables::kVbpOrder, "vbp_order", "集采订单", TableKind::kEvent, kVbpOrderFields, kEventKey, kVbpOrderTimes, 5},
    {tables::kVbpDelivery, "vbp_delivery", "集采配送", TableKind::kEvent, kVbpDeliveryFields, kEventKey, kVbpDeliveryTimes, 3},
    {tables::kErx, "erx", "医保电子处方", TableKind::kEvent, kErxFields, kEventKey, kErxTimes, 3},
};
static_assert(sizeof(kTables) / sizeof(kTables[0]) == tables::kCount);

}  // namespace

std::string_view FieldTypeName(FieldType t) {
  switch (t) {
    case T::kString: return "string";
    case T::kInt: return "int";
    case T::kDecimal: return "decimal";
    case T::kDate: return "date";
    case T::kDateTime: return "datetime";
    case T::kFlag: return "flag";
    case T::kEnum: return "enum";
    case T::kList: return "list";
  }
  return "?";
}

int TableDef::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return static_cast<int>(i);
  }
  return -1;
}

std::span<const TableDef> AllTables() { return kTables; }

const TableDef* FindTable(std::string_view name) {
  for (const TableDef& t : kTables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const TableDef& Table(TableId id) { return kTables[id]; }

}  // namespace fundwatch
