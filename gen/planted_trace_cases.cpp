// Planted cases for TRC-DUP and TRC-REFLOW: trace-event streams of fresh
// codes (a drug's real prefix), some with the fee lines that scanned them.
#include "gen/planted_cases.h"

namespace fundwatch::gen {
namespace {

struct Stream {
  Planter& p;
  std::string code;
  std::string item_code;
  const Institution& first;
  const Institution& second;
  Seconds t;

  void Add(const char* type, Seconds offset, bool at_second = false, const std::string& psn = "",
           const std::string& setl = "") {
    p.TracEvent(code, type, t + offset, at_second ? second : first, item_code, psn, setl);
  }
};

Stream NewStream(Planter& p, const char* item) {
  const Seconds t = CaseTime(p, DaysFromCivil(2025, 8, 20));
  const Institution& a = p.Pharmacy(false);
  const Institution* b = &a;
  while (b->code == a.code) b = &p.Pharmacy(false);
  return Stream{p, p.NewCode(p.PrefixOf(item, DayOf(t))), p.catalogue().ByKey(item).code, a, *b, t};
}

// A sale with its fee line: the patient buys the coded box at `at`.
void SaleWithFee(Planter& p, Stream& s, Seconds offset, bool at_second, const char* item) {
  const Institution& inst = at_second ? s.second : s.first;
  const std::string psn = p.Adult();
  const std::string setl = p.Visit(psn, inst, 41, s.t + offset, {"I10.x00"});
  p.Fee(Line(setl, item, s.t + offset).Days(28).Codes({s.code}));
  s.Add("sale", offset, at_second, psn, setl);
}

void Duplicates(Planter& p) {
  {  // Sold at one pharmacy, sold again at another with a fee line each.
    Stream s = NewStream(p, "amlodipine");
    s.Add("purchase_in", 0);
    SaleWithFee(p, s, 2 * kDay, false, "amlodipine");
    SaleWithFee(p, s, 9 * kDay, true, "amlodipine");
    p.Positive(CodeKey("TRC-DUP", s.code));
  }
  {  // sale -> sale_return -> sale.
    Stream s = NewStream(p, "irbesartan");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("sale_return", 1 * kDay + 2 * kHour);
    s.Add("sale", 4 * kDay);
    p.NearMiss(CodeKey("TRC-DUP", s.code), "sale, sale_return, sale: the first sale was undone");
  }
  {  // Return and re-sale at the same second, the return's event_id first.
    Stream s = NewStream(p, "metformin");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("sale_return", 3 * kDay);
    s.Add("sale", 3 * kDay);
    p.NearMiss(CodeKey("TRC-DUP", s.code), "sale_return and the next sale at the same time: the return's event_id sorts first");
  }
  {  // Same tie, the re-sale's event_id first: sold while still sold.
    Stream s = NewStream(p, "metformin");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("sale", 3 * kDay);
    s.Add("sale_return", 3 * kDay);
    p.Positive(CodeKey("TRC-DUP", s.code));
  }
  {  // Two sales in the same second.
    Stream s = NewStream(p, "atorvastatin");
    s.Add("purchase_in", 0);
    s.Add("sale", 2 * kDay);
    s.Add("sale", 2 * kDay, true);
    p.Positive(CodeKey("TRC-DUP", s.code));
  }
  {  // sale, return, sale, sale.
    Stream s = NewStream(p, "acarbose");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("sale_return", 2 * kDay);
    s.Add("sale", 3 * kDay);
    s.Add("sale", 5 * kDay, true);
    p.Positive(CodeKey("TRC-DUP", s.code));
  }
  {  // Bought, returned to the supplier, bought again, sold once.
    Stream s = NewStream(p, "aspirin");
    s.Add("purchase_in", 0);
    s.Add("purchase_return", 1 * kDay);
    s.Add("purchase_in", 2 * kDay, true);
    s.Add("sale", 3 * kDay, true);
    p.NearMiss(CodeKey("TRC-DUP", s.code), "one sale only");
    p.NearMiss(CodeKey("TRC-REFLOW", s.code), "purchase_in again after a purchase_return, never after a sale");
  }
}

void Reflow(Planter& p) {
  {  // Sold, then bought in by another pharmacy.
    Stream s = NewStream(p, "irbesartan");
    s.Add("purchase_in", 0);
    SaleWithFee(p, s, 1 * kDay, false, "irbesartan");
    s.Add("purchase_in", 6 * kDay, true);
    p.Positive(CodeKey("TRC-REFLOW", s.code));
    p.NearMiss(CodeKey("TRC-DUP", s.code), "sold once, then bought in again (reflow, not a second sale)");
  }
  {  // Returned by the patient before it went elsewhere.
    Stream s = NewStream(p, "amlodipine");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("sale_return", 2 * kDay);
    s.Add("purchase_in", 5 * kDay, true);
    p.NearMiss(CodeKey("TRC-REFLOW", s.code), "sale, sale_return, then purchase_in: the sale was undone");
  }
  {  // Bought back by the same pharmacy that sold it.
    Stream s = NewStream(p, "atorvastatin");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("purchase_in", 8 * kDay);
    p.Positive(CodeKey("TRC-REFLOW", s.code));
  }
  {  // Reflowed and sold again: both rules.
    Stream s = NewStream(p, "metformin");
    s.Add("purchase_in", 0);
    s.Add("sale", 1 * kDay);
    s.Add("purchase_in", 4 * kDay, true);
    s.Add("sale", 6 * kDay, true);
    p.Positive(CodeKey("TRC-REFLOW", s.code));
    p.Positive(CodeKey("TRC-DUP", s.code));
  }
}

}  // namespace

void PlantTraceCases(Planter& p) {
  Duplicates(p);
  Reflow(p);
}

}  // namespace fundwatch::gen
