#include "gen/catalogue.h"

#include <cassert>
#include <set>

#include "gen/catalogue_items.h"
#include "gen/prng.h"

namespace fundwatch::gen {
namespace {

using catalogue_data::ItemDef;

std::string RandomDigits(Prng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

std::string MakeCode(Prng& rng, char kind, const std::string& group) {
  switch (kind) {
    case 'X':
    case 'Z':
      return std::string(1, kind) + group + "A" + RandomDigits(rng, 3) + "A" + RandomDigits(rng, 3) +
             RandomDigits(rng, 9);
    case 'S':
      return "00" + group + RandomDigits(rng, 11);
    default:
      return "C" + group + RandomDigits(rng, 17);
  }
}

std::vector<std::string> SplitBar(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t bar = text.find('|', start);
    if (bar == std::string::npos) bar = text.size();
    out.push_back(text.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::string JoinBar(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back('|');
    out += p;
  }
  return out;
}

std::string OptInt(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); }

class Builder {
 public:
  Builder(uint64_t seed) : rng_(seed, "catalogue") {}

  std::string NewPrefix() {
    for (;;) {
      std::string p = "8" + RandomDigits(rng_, 6);
      if (p != "8999999" && prefixes_.insert(p).second) return p;
    }
  }

  std::string NewCode(char kind, const std::string& group) {
    for (;;) {
      std::string c = MakeCode(rng_, kind, group);
      if (codes_.insert(c).second) return c;
    }
  }

  Item FromDef(const ItemDef& d) {
    Item item;
    item.key = d.key;
    item.code = NewCode(d.kind, d.group);
    item.base_price = d.price;
    item.uses = d.uses;
    item.planted_only = d.planted_only;
    HilistRow row;
    row.name = d.name;
    row.list_type = d.kind == 'S' ? 2 : d.kind == 'C' ? 3 : 1;
    row.lv = d.lv;
    if (d.ceiling > 0) row.ceiling = d.ceiling;
    if (d.gender > 0) row.gender_lmt = d.gender;
    if (d.age_min >= 0) row.age_min = d.age_min;
    if (d.age_max >= 0) row.age_max = d.age_max;
    row.lmt_dise = SplitBar(d.lmt_dise);
    if (d.lv_lmt >= 0) row.medins_lv_lmt = d.lv_lmt;
    if (d.max_days >= 0) row.max_prd_days = d.max_days;
    if (d.coded) {
      row.trace_prefix.push_back(NewPrefix());
      if (rng_.Chance(250)) row.trace_prefix.push_back(NewPrefix());
    }
    row.vbp = d.vbp;
    row.dual_channel = d.dual;
    row.watch = d.watch;
    row.begndate = DaysFromCivil(2019 + static_cast<int>(rng_.Below(5)), 1 + static_cast<int>(rng_.Below(12)), 1);
    item.rows.push_back(row);
    return item;
  }

  Item Generic(int i) {
    const auto& g = catalogue_data::kGenerics[i % catalogue_data::kGenericCount];
    ItemDef d{"", g.name, 'X', g.atc, rng_.Chance(500) ? "甲" : "乙", g.price, 0, -1, -1, -1, "", -1, -1,
              rng_.Chance(850), rng_.Chance(200), false, false, kUseOutpatient | kUsePharmacy, false};
    static constexpr int kMaxDays[] = {-1, 7, 14, 30};
    d.max_days = kMaxDays[rng_.Below(4)];
    if (rng_.Chance(300)) d.ceiling = rng_.Chance(300) ? g.price : g.price + g.price / 5;
    if (rng_.Chance(300)) d.uses |= kUseInpatient;
    Item item = FromDef(d);
    item.key = "generic_" + std::to_string(i);
    return item;
  }

  // Splits the item's single row at `from`: the old row ends the day before.
  static void Split(Item& item, Days from) {
    HilistRow next = item.rows.back();
    item.rows.back().enddate = from - 1;
    next.begndate = from;
    item.rows.push_back(next);
  }

  std::string UnassignedPrefix() { return "8999999"; }

 private:
  Prng rng_;
  std::set<std::string> prefixes_;
  std::set<std::string> codes_;
};

// The versioned rows (reference rows valid on a date) the planted cases use.
void AddVersions(Builder& b, std::vector<Item>& items, const std::map<std::string, int>& by_key) {
  auto item = [&](const char* key) -> Item& { return items[static_cast<size_t>(by_key.at(key))]; };
  const Days jul1 = DaysFromCivil(2025, 7, 1);
  // A ceiling lowered on 2025-07-01.
  Item& inj = item("omeprazole_inj");
  inj.rows.back().ceiling = Yuan(120);
  Builder::Split(inj, jul1);
  inj.rows.back().ceiling = Yuan(98, 50);
  // repaglinide: its own prefix changes on 2025-07-01.
  Item& rep = item("repaglinide");
  Builder::Split(rep, jul1);
  rep.rows.back().trace_prefix = {b.NewPrefix()};
  // glimepiride's old prefix moves to gliclazide on 2025-07-01.
  Item& gli = item("glimepiride");
  Item& glc = item("gliclazide");
  const std::string moved = gli.rows.back().trace_prefix.front();
  Builder::Split(gli, jul1);
  gli.rows.back().trace_prefix = {b.NewPrefix()};
  Builder::Split(glc, jul1);
  glc.rows.back().trace_prefix.push_back(moved);
  // voglibose changes prefix on 2025-06-01.
  Item& vog = item("voglibose");
  Builder::Split(vog, DaysFromCivil(2025, 6, 1));
  vog.rows.back().trace_prefix = {b.NewPrefix()};
  // nitroglycerin becomes a coded drug on 2025-09-01.
  Item& nit = item("nitroglycerin");
  const std::vector<std::string> prefix = nit.rows.back().trace_prefix;
  nit.rows.back().trace_prefix.clear();
  Builder::Split(nit, DaysFromCivil(2025, 9, 1));
  nit.rows.back().trace_prefix = prefix;
}

}  // namespace

const HilistRow* Item::RowOn(Days day) const {
  for (const HilistRow& r : rows) {
    if (r.begndate <= day && (!r.enddate || day <= *r.enddate)) return &r;
  }
  return nullptr;
}

const Item& Catalogue::ByKey(const std::string& key) const {
  auto it = by_key_.find(key);
  assert(it != by_key_.end());
  return items_[static_cast<size_t>(it->second)];
}

const Item* Catalogue::ByCode(const std::string& code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &items_[static_cast<size_t>(it->second)];
}

std::vector<Row> Catalogue::ToRows() const {
  std::vector<Row> rows;
  for (const Item& item : items_) {
    for (const HilistRow& r : item.rows) {
      rows.push_back(Row{item.code, r.name, std::to_string(r.list_type), r.lv,
                         r.ceiling ? FormatFixed(*r.ceiling) : "", OptInt(r.gender_lmt),
                         OptInt(r.age_min), OptInt(r.age_max), JoinBar(r.lmt_dise),
                         OptInt(r.medins_lv_lmt), OptInt(r.max_prd_days), JoinBar(r.trace_prefix),
                         r.vbp ? "1" : "0", r.dual_channel ? "1" : "0", r.watch ? "1" : "0",
                         FormatDate(r.begndate), r.enddate ? FormatDate(*r.enddate) : ""});
    }
  }
  return rows;
}

Catalogue BuildCatalogue(uint64_t seed, int64_t scale) {
  Catalogue c;
  Builder b(seed);
  for (int i = 0; i < catalogue_data::kItemCount; ++i) {
    c.items_.push_back(b.FromDef(catalogue_data::kItems[i]));
  }
  const int64_t generics = 20 + scale / 2;
  for (int64_t i = 0; i < generics; ++i) {
    c.generic_drugs_.push_back(static_cast<int>(c.items_.size()));
    c.items_.push_back(b.Generic(static_cast<int>(i)));
  }
  for (size_t i = 0; i < c.items_.size(); ++i) c.by_key_[c.items_[i].key] = static_cast<int>(i);
  AddVersions(b, c.items_, c.by_key_);
  for (size_t i = 0; i < c.items_.size(); ++i) {
    const Item& item = c.items_[i];
    c.by_code_[item.code] = static_cast<int>(i);
    if (item.Current().vbp && !item.planted_only && item.IsDrug()) c.vbp_items_.push_back(static_cast<int>(i));
  }
  c.unassigned_prefix_ = b.UnassignedPrefix();
  return c;
}

}  // namespace fundwatch::gen
