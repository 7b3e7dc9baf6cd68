// The tables of data-contract.md as the generator writes them: one enum value
// per table, its file name, its columns in contract order, and named column
// indexes. psn.csv carries one column the contract does not list (psn_name,
// after the contract's columns) to exercise "unknown extra columns are
// ignored"; ContractColumnCount() tells where the contract's columns end.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fundwatch::gen {

enum class Table : int {
  kFixmedins, kHilist, kPsn, kOpspReg, kSetl, kFeeList, kTracEvent,
  kMdtrtEvent, kComplaint, kVbpOrder, kVbpDelivery, kErx,
};
inline constexpr size_t kTableCount = 12;

using Row = std::vector<std::string>;  // one CSV record, fields in column order

std::string_view TableName(Table table);         // "fee_list"
std::string TableFile(Table table);              // "fee_list.csv"
const std::vector<std::string_view>& Columns(Table table);  // written header
size_t ContractColumnCount(Table table);         // leading columns from the contract
std::array<Table, kTableCount> AllTables();
inline size_t Index(Table table) { return static_cast<size_t>(table); }

namespace fixmedins_col {
enum : int { kCode, kName, kType, kLv, kAdmdvs, kDualChannel, kOpspFlag, kCount };
}
namespace hilist_col {
enum : int {
  kCode, kName, kListType, kLv, kPricUplmt, kGenderLmt, kAgeMin, kAgeMax, kLmtDise,
  kMedinsLvLmt, kMaxPrdDays, kTracePrefix, kVbpFlag, kDualChannel, kWatchFlag,
  kBegndate, kEnddate, kCount
};
}
namespace psn_col {
enum : int { kPsnNo, kGend, kBrdy, kInsutype, kDeathDate, kPsnName, kCount };
}
namespace opsp_reg_col {
enum : int { kRegId, kPsnNo, kDiseCode, kDiseName, kFixmedins, kBegndate, kEnddate, kStatus, kCount };
}
namespace setl_col {
enum : int {
  kSetlId, kMdtrtId, kPsnNo, kFixmedins, kMedType, kBegntime, kEndtime, kSetlTime,
  kDxCodes, kOpspDise, kMedfee, kFundPay, kRefdFlag, kRxno, kCount
};
}
namespace fee_col {
enum : int {
  kFeedetlSn, kSetlId, kPsnNo, kFixmedins, kFeeOcurTime, kHilistCode, kCnt, kPric,
  kAmount, kPrdDays, kLongRx, kTracCodes, kCount
};
}
namespace trac_col {
enum : int { kEventId, kCode, kEventType, kEventTime, kFixmedins, kHilistCode, kPsnNo, kSetlId, kCount };
}
namespace mdtrt_col {
enum : int { kEventId, kMdtrtId, kPsnNo, kFixmedins, kMedType, kOpspDise, kEventType, kEventTime, kReason, kCount };
}
namespace complaint_col {
enum : int { kComplaintId, kPsnNo, kFixmedins, kRecvTime, kCategory, kContent, kCount };
}
namespace order_col {
enum : int { kOrderId, kFixmedins, kDistributor, kHilistCode, kOrderQty, kOrderTime, kUrgent, kCancelTime, kCount };
}
namespace delivery_col {
enum : int { kDeliveryId, kOrderId, kDeliveredQty, kDeliveryTime, kCount };
}
namespace erx_col {
enum : int { kRxno, kPsnNo, kFixmedins, kRxTime, kValiDays, kHilistCodes, kRxStas, kCount };
}

}  // namespace fundwatch::gen
