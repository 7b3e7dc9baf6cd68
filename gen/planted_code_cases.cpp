// Planted cases for the fee-line traceability rules: TRC-FMT (code shape),
// TRC-MISMATCH (prefix of another item's row valid on the fee date) and
// TRC-MISSING (coded drug without a code from 2025-07-01).
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

// One pharmacy purchase of `item` at `t` carrying `codes`; returns the fee line.
std::string Scan(Planter& p, const char* item, Seconds t, std::vector<std::string> codes, bool reversed = false) {
  const std::string s = p.Visit(p.Adult(), p.Pharmacy(false), 41, t, {"I10.x00", "E11.900"}, reversed);
  Line line(s, item, t);
  line.Days(7);
  if (codes.empty()) {
    line.NoCodes();
  } else {
    line.Codes(std::move(codes));
  }
  return p.Fee(line);
}

// Dated before scan_required_from, so that whether a line holding only a
// malformed code counts as "with no code" for TRC-MISSING never matters.
void Format(Planter& p) {
  const Seconds t = CaseTime(p, DaysFromCivil(2025, 6, 25));
  const std::string prefix = p.PrefixOf("amlodipine", DayOf(t));
  auto good = [&] { return p.NewCode(prefix); };
  auto positive = [&](std::vector<std::string> codes) {
    p.Positive(LineKey("TRC-FMT", Scan(p, "amlodipine", t, std::move(codes))));
  };
  positive({good().substr(0, 19)});
  positive({good() + "7"});
  {
    std::string full_width = good();
    full_width.replace(12, 1, "\xEF\xBC\x90");  // U+FF10 FULLWIDTH DIGIT ZERO
    positive({full_width});
  }
  {
    std::string letter = good();
    letter[15] = 'A';
    positive({letter});
  }
  positive({good(), good().substr(0, 18)});
  p.NearMiss(LineKey("TRC-FMT", Scan(p, "amlodipine", t, {good()})), "exactly 20 ASCII digits");
  p.NearMiss(LineKey("TRC-FMT", Scan(p, "amlodipine", t, {good().substr(0, 19)}, true)),
             "a 19-digit code, but the settlement is reversed");
}

void Mismatch(Planter& p) {
  auto positive = [&](const char* item, Seconds t, const std::string& prefix) {
    p.Positive(LineKey("TRC-MISMATCH", Scan(p, item, t, {p.NewCode(prefix)})));
  };
  auto near = [&](const char* item, Seconds t, const std::string& prefix, const char* why) {
    p.NearMiss(LineKey("TRC-MISMATCH", Scan(p, item, t, {p.NewCode(prefix)})), why);
  };
  const Seconds aug = MakeTime(2025, 8, 1 + static_cast<int>(p.rng().Below(28)), 10, 0);
  const Seconds may = MakeTime(2025, 5, 1 + static_cast<int>(p.rng().Below(31)), 10, 0);
  const Seconds jul = MakeTime(2025, 7, 1 + static_cast<int>(p.rng().Below(10)), 11, 0);
  const Seconds jun = MakeTime(2025, 6, 20 + static_cast<int>(p.rng().Below(10)), 11, 0);
  const std::string voglibose_old = p.PrefixOf("voglibose", DaysFromCivil(2025, 5, 1));
  const std::string glimepiride_old = p.PrefixOf("glimepiride", DaysFromCivil(2025, 6, 1));
  positive("repaglinide", aug, p.PrefixOf("amlodipine", DayOf(aug)));
  near("repaglinide", aug, p.catalogue().unassigned_prefix(), "the prefix belongs to no catalogue item");
  positive("repaglinide", may, voglibose_old);
  near("repaglinide", aug, voglibose_old,
       "the prefix is voglibose's only in its row valid until 2025-05-31, not on the fee date");
  near("repaglinide", aug, p.PrefixOf("repaglinide", DaysFromCivil(2025, 6, 1)),
       "repaglinide's own prefix before 2025-07-01; no other item has it");
  positive("glimepiride", jul, glimepiride_old);
  near("glimepiride", jun, glimepiride_old, "glimepiride's own prefix on the fee date (it moves to gliclazide on 2025-07-01)");
  near("gliclazide", jul, glimepiride_old, "the prefix belongs to gliclazide's row valid on the fee date");
  {
    const std::string f = Scan(p, "repaglinide", may, {p.NewCode(p.PrefixOf("amlodipine", DayOf(may))).substr(0, 19)});
    p.Positive(LineKey("TRC-FMT", f));
    p.NearMiss(LineKey("TRC-MISMATCH", f), "another item's prefix, but the code is malformed (19 digits)");
  }
  {
    const std::string f = Scan(p, "repaglinide", aug,
                               {p.NewCode(p.PrefixOf("repaglinide", DayOf(aug))), p.NewCode(p.PrefixOf("metformin", DayOf(aug)))});
    p.Positive(LineKey("TRC-MISMATCH", f));
  }
  p.NearMiss(LineKey("TRC-MISMATCH", Scan(p, "repaglinide", aug, {p.NewCode(p.PrefixOf("amlodipine", DayOf(aug)))}, true)),
             "another item's prefix, but the settlement is reversed");
}

void Missing(Planter& p) {
  auto positive = [&](const char* item, Seconds t) { p.Positive(LineKey("TRC-MISSING", Scan(p, item, t, {}))); };
  auto near = [&](const char* item, Seconds t, const char* why, bool reversed = false) {
    p.NearMiss(LineKey("TRC-MISSING", Scan(p, item, t, {}, reversed)), why);
  };
  near("amlodipine", MakeTime(2025, 6, 30, 23, 59, 59), "no code at 2025-06-30 23:59:59, before scan_required_from");
  positive("amlodipine", MakeTime(2025, 7, 1, 0, 0, 0));
  positive("irbesartan", MakeTime(2025, 8, 1 + static_cast<int>(p.rng().Below(28)), 15, 0));
  near("nitroglycerin", MakeTime(2025, 8, 15, 10, 0), "nitroglycerin has no trace_prefix in its row valid on 2025-08-15");
  positive("nitroglycerin", MakeTime(2025, 9, 2, 10, 0));
  near("ganmao", MakeTime(2025, 8, 3, 10, 0), "not a coded drug (trace_prefix null)");
  near("amlodipine", MakeTime(2025, 8, 4, 10, 0), "no code, but the settlement is reversed", true);
}

}  // namespace

void PlantCodeCases(Planter& p) {
  Format(p);
  Mismatch(p);
  Missing(p);
}

}  // namespace fundwatch::gen
