#include "gen/malformed.h"

#include "gen/csv_text.h"
#include "gen/ids.h"
#include "gen/names.h"

namespace fundwatch::gen {
namespace {

class Builder {
 public:
  Builder(const Catalogue& c, const Institutions& i, uint64_t seed) : cat_(c), inst_(i), rng_(seed, "malformed") {}

  // A rejected row: `row` with column `column` set to `bad`.
  void Bad(Table t, Row row, int column, std::string bad, const char* reason) {
    row[static_cast<size_t>(column)] = std::move(bad);
    Inject(t, SerializeRow(row), std::nullopt,
           PlannedReject{std::string(Columns(t)[static_cast<size_t>(column)]), reason}, Position());
  }
  void WrongCount(Table t, Row row, bool extra) {
    if (extra) {
      row.push_back("多余字段");
    } else {
      row.pop_back();
    }
    Inject(t, SerializeRow(row), std::nullopt, PlannedReject{std::nullopt, "wrong number of fields"}, Position());
  }
  // A valid row and, later in the file, a second row with the same key.
  void Duplicate(Table t, const Row& first, const Row& second, int key_column) {
    const uint32_t a = Position();
    const uint32_t b = a + 1 + static_cast<uint32_t>(rng_.Below(1000000 - a));
    Inject(t, SerializeRow(first), first, std::nullopt, a);
    Inject(t, SerializeRow(second), std::nullopt,
           PlannedReject{std::string(Columns(t)[static_cast<size_t>(key_column)]), "duplicate primary key"}, b);
  }

  std::string Id(const std::string& prefix, int digits = 11) { return ids_.Next(prefix, digits); }
  std::string Inst(int type) {
    return inst_.at(rng_.Pick(type == 1 ? inst_.hospitals() : inst_.pharmacies())).code;
  }
  std::string Item(const char* key) { return cat_.ByKey(key).code; }
  std::string When(int month) { return FormatTime(MakeTime(2025, month, 1 + static_cast<int>(rng_.Below(28)), 10, 30)); }
  Prng& rng() { return rng_; }
  MalformedPlan& plan() { return plan_; }
  void Inject(Table t, std::string record, std::optional<Row> valid, std::optional<PlannedReject> reject,
              uint32_t ppm) {
    plan_.injections.push_back(Injection{t, ppm, std::move(record), std::move(valid), std::move(reject)});
  }

 private:
  uint32_t Position() { return static_cast<uint32_t>(rng_.Range(20000, 900000)); }
  const Catalogue& cat_;
  const Institutions& inst_;
  Prng rng_;
  IdCounter ids_{IdRange::kMalformed};
  MalformedPlan plan_;
};

Row FeeRow(Builder& b, const std::string& setl, const std::string& psn, const std::string& inst, const std::string& pric) {
  return Row{b.Id("F"), setl, psn, inst, b.When(5), b.Item("amoxicillin"), "2", pric, "17.00", "5", "0", ""};
}

void FeeRows(Builder& b) {
  namespace f = fee_col;
  const std::string ph = b.Inst(2);
  b.WrongCount(Table::kFeeList, FeeRow(b, b.Id("S"), b.Id("33020000", 8), ph, "8.50"), true);
  {
    Row row = FeeRow(b, b.Id("S"), b.Id("33020000", 8), ph, "8.50");
    const std::string id = row[f::kFeedetlSn];
    b.Bad(Table::kFeeList, row, f::kPric, "9.80001", "bad number");
    b.plan().near_misses.push_back(
        Label{LineKey("PRC-CEIL", id), "rejected row (pric with 5 decimals): it would exceed the ceiling 9.80"});
  }
  b.Bad(Table::kFeeList, FeeRow(b, b.Id("S"), b.Id("33020000", 8), ph, "8.50"), f::kCnt, "2x", "bad number");
  b.Bad(Table::kFeeList, FeeRow(b, b.Id("S"), b.Id("33020000", 8), ph, "8.50"), f::kLongRx, "2", "bad enum value");
  b.Bad(Table::kFeeList, FeeRow(b, b.Id("S"), b.Id("33020000", 8), ph, "8.50"), f::kHilistCode, "", "empty required field");
  // Duplicate key: a valid pharmacy purchase, then a second row with that
  // feedetl_sn above the ceiling.
  const std::string psn = b.Id("33020000", 8);
  b.plan().regular.at(Table::kPsn).push_back(Row{psn, "1", "1978-06-15", "310", "", PersonName(b.rng(), 1)});
  const std::string setl = b.Id("S");
  Row first = FeeRow(b, setl, psn, ph, "8.50");
  b.plan().regular.at(Table::kSetl).push_back(Row{setl, b.Id("M"), psn, ph, "41", first[f::kFeeOcurTime],
                                                  first[f::kFeeOcurTime], first[f::kFeeOcurTime], "J06.900", "",
                                                  "17.00", "10.20", "0", ""});
  Row second = first;
  second[f::kPric] = "12.00";
  second[f::kAmount] = "24.00";
  b.Duplicate(Table::kFeeList, first, second, f::kFeedetlSn);
  b.plan().near_misses.push_back(Label{LineKey("PRC-CEIL", first[f::kFeedetlSn]),
                                       "duplicate feedetl_sn: the second occurrence (pric 12.00 > 9.80) is rejected"});
}

void EventRows(Builder& b) {
  const std::string h = b.Inst(1);
  Row setl{b.Id("S"), b.Id("M"), b.Id("33020000", 8), h, "11", b.When(3), b.When(3), b.When(3), "J06.900", "", "25.00", "17.50", "0", ""};
  b.Bad(Table::kSetl, setl, setl_col::kSetlTime, "2025-02-30 10:00:00", "bad datetime");
  setl[setl_col::kSetlId] = b.Id("S");
  b.Bad(Table::kSetl, setl, setl_col::kMedType, "99", "bad enum value");
  setl[setl_col::kSetlId] = b.Id("S");
  b.Bad(Table::kSetl, setl, setl_col::kPsnNo, "", "empty required field");
  const std::string code = std::string("8888888") + "8000000000001";
  Row trac{b.Id("TE"), code, "purchase_in", b.When(4), h, b.Item("amlodipine"), "", ""};
  b.Bad(Table::kTracEvent, trac, trac_col::kEventTime, "2025/07/01 10:00:00", "bad datetime");
  trac[trac_col::kEventId] = b.Id("TE");
  b.Bad(Table::kTracEvent, trac, trac_col::kEventType, "sold", "bad enum value");
  Row mdtrt{b.Id("ME"), b.Id("M"), b.Id("33020000", 8), h, "11", "", "register", b.When(6), ""};
  b.WrongCount(Table::kMdtrtEvent, mdtrt, false);
  Row order_delivery{b.Id("VD"), b.Id("VO"), "1000", b.When(7)};
  b.Bad(Table::kVbpDelivery, order_delivery, delivery_col::kDeliveredQty, "1,000", "bad number");
  Row erx{b.Id("RX"), b.Id("33020000", 8), h, b.When(8), "3", b.Item("osimertinib"), "1"};
  b.Bad(Table::kErx, erx, erx_col::kValiDays, "3.5", "bad number");
}

void ReferenceRows(Builder& b, const Catalogue& catalogue) {
  b.Bad(Table::kPsn, Row{b.Id("33020000", 8), "2", "1985-01-01", "390", "", PersonName(b.rng(), 2)}, psn_col::kBrdy,
        "1985-13-01", "bad date");
  b.Bad(Table::kOpspReg, Row{b.Id("REG", 10), b.Id("33020000", 8), "M03900", "高血压病", b.Inst(1), "2025-01-01", "", "1"},
        opsp_reg_col::kBegndate, "2025-02-29", "bad date");
  b.Bad(Table::kFixmedins, Row{"H33028289901", "慈溪市某某门诊部", "1", "1", "330282", "0", "0"},
        fixmedins_col::kType, "3", "bad enum value");
  // An exact copy of a catalogue row at the end of the file.
  const Row copy = catalogue.ToRows()[static_cast<size_t>(b.rng().Below(catalogue.ToRows().size()))];
  b.Inject(Table::kHilist, SerializeRow(copy), std::nullopt,
           PlannedReject{std::string("hilist_code"), "duplicate primary key"}, 1000000);
}

void ComplaintRows(Builder& b) {
  namespace c = complaint_col;
  const std::string h = b.Inst(1);
  Row bad{b.Id("TS"), b.Id("33020000", 8), h, "2025-07-01 10:00:00", "其他", "咨询门慢特备案流程"};
  b.Bad(Table::kComplaint, bad, c::kRecvTime, "2025-07-01 24:00:00", "bad datetime");
  // A registered patient's complaint; the duplicate key row says 拒收.
  const std::string psn = b.Id("33020000", 8);
  b.plan().regular.at(Table::kPsn).push_back(Row{psn, "2", "1959-09-09", "390", "", PersonName(b.rng(), 2)});
  b.plan().regular.at(Table::kOpspReg).push_back(
      Row{b.Id("REG", 10), psn, "M03900", "高血压病", h, "2024-01-01", "", "1"});
  Row first{b.Id("TS"), psn, h, b.When(6), "其他", "询问门慢特用药目录,\"能否增加\"降压药品种"};
  Row second = first;
  second[c::kCategory] = "拒收";
  second[c::kContent] = "医院以额度不足为由拒收";
  b.Duplicate(Table::kComplaint, first, second, c::kComplaintId);
  b.plan().near_misses.push_back(Label{TruthKey{"OPSP-COMPLAINT", {{"complaint_id", first[c::kComplaintId]}}},
                                       "duplicate complaint_id: the second occurrence (拒收) is rejected"});
}

}  // namespace

MalformedPlan PlanMalformed(const Catalogue& catalogue, const Institutions& institutions, uint64_t seed) {
  Builder b(catalogue, institutions, seed);
  FeeRows(b);
  EventRows(b);
  ReferenceRows(b, catalogue);
  ComplaintRows(b);
  return std::move(b.plan());
}

}  // namespace fundwatch::gen
