#include "gen/institutions.h"

#include <map>
#include <set>

#include "gen/names.h"
#include "gen/prng.h"

namespace fundwatch::gen {
namespace {

struct CoreDef {
  const char* name;
  int type;
  int lv;
  const char* admdvs;
  bool dual;
  bool opsp;
};

const CoreDef kCore[] = {
    {"宁波市第一医院", 1, 3, "330203", false, true},
    {"宁波市医疗中心李惠利医院(兴宁院区,东部院区)", 1, 3, "330212", false, true},
    {"宁波市第二医院", 1, 3, "330203", false, true},
    {"慈溪市人民医院", 1, 3, "330282", false, true},
    {"余姚市人民医院", 1, 3, "330281", false, true},
    {"宁波市中医院", 1, 3, "330203", false, true},
    {"宁波市北仑区人民医院", 1, 2, "330206", false, true},
    {"宁波市镇海区人民医院", 1, 2, "330211", false, true},
    {"宁波市奉化区人民医院", 1, 2, "330213", false, true},
    {"慈溪市第三人民医院", 1, 2, "330282", false, true},
    {"象山县第一人民医院", 1, 2, "330225", false, true},
    {"慈溪市浒山街道社区卫生服务中心", 1, 1, "330282", false, true},
    {"慈溪市观海卫镇卫生院", 1, 1, "330282", false, false},
    {"宁波市鄞州区钟公庙街道社区卫生服务中心", 1, 1, "330212", false, true},
    {"国大药房(慈溪店)", 2, 0, "330282", true, false},
    {"老百姓大药房(宁波鼓楼店)", 2, 0, "330203", true, true},
    {"\"惠民\"大药房(余姚梨洲店)", 2, 0, "330281", false, false},
    {"益丰大药房(鄞州首南店)", 2, 0, "330212", true, false},
    {"海王星辰(镇海骆驼店)", 2, 0, "330211", false, false},
    {"宁波彩虹大药房(北仑新碶店)", 2, 0, "330206", false, false},
};

std::string StripSuffix(const std::string& s, const std::vector<std::string>& suffixes) {
  for (const std::string& suffix : suffixes) {
    if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return s.substr(0, s.size() - suffix.size());
    }
  }
  return s;
}

}  // namespace

void Institutions::Add(Institution inst) {
  const int index = static_cast<int>(all_.size());
  if (inst.type == 1) {
    hospitals_.push_back(index);
    by_level_[static_cast<size_t>(inst.lv)].push_back(index);
    if (inst.opsp) opsp_hospitals_.push_back(index);
  } else {
    pharmacies_.push_back(index);
    if (inst.dual_channel) dual_pharmacies_.push_back(index);
  }
  all_.push_back(std::move(inst));
}

std::vector<Row> Institutions::ToRows() const {
  std::vector<Row> rows;
  for (const Institution& i : all_) {
    rows.push_back(Row{i.code, i.name, std::to_string(i.type), std::to_string(i.lv), i.admdvs,
                       i.dual_channel ? "1" : "0", i.opsp ? "1" : "0"});
  }
  return rows;
}

Institutions BuildInstitutions(uint64_t seed, int64_t scale) {
  Prng rng(seed, "institutions");
  Institutions out;
  std::map<std::string, int> next_number;  // "H330282" -> next sequence
  std::set<std::string> names;
  auto code_for = [&](int type, const std::string& admdvs) {
    const std::string head = (type == 1 ? "H" : "P") + admdvs;
    const int n = ++next_number[head];
    std::string digits = std::to_string(n);
    return head + std::string(5 - digits.size(), '0') + digits;
  };
  for (const CoreDef& d : kCore) {
    names.insert(d.name);
    out.Add(Institution{code_for(d.type, d.admdvs), d.name, d.type, d.lv, d.admdvs, d.dual, d.opsp});
  }
  const auto& districts = Districts();
  const int64_t hospitals = 2 * scale;
  const int64_t pharmacies = 3 * scale;
  for (int64_t i = 0; i < hospitals + pharmacies; ++i) {
    const bool hospital = i < hospitals;
    const District& d = rng.Pick(districts);
    const std::string& town = rng.Pick(d.towns);
    Institution inst;
    inst.type = hospital ? 1 : 2;
    inst.admdvs = d.admdvs;
    std::string base;
    if (hospital) {
      const uint64_t kind = rng.Below(10);
      inst.lv = kind < 6 ? 1 : kind < 9 ? 2 : 3;
      base = d.city_prefix + d.name + town;
      base += inst.lv == 1 ? (town.find("镇") != std::string::npos ? "卫生院" : "社区卫生服务中心")
                           : inst.lv == 2 ? "医院" : "中心医院";
      inst.opsp = inst.lv >= 2 || rng.Chance(500);
    } else {
      inst.lv = 0;
      base = rng.Pick(PharmacyChains()) + "(" + StripSuffix(d.name, {"区", "市", "县"}) +
             StripSuffix(town, {"街道", "镇"});
      inst.dual_channel = rng.Chance(200);
      inst.opsp = rng.Chance(50);
    }
    std::string name = hospital ? base : base + "店)";
    for (int n = 2; !names.insert(name).second; ++n) {
      name = hospital ? base + "(" + std::to_string(n) + "号院区)" : base + std::to_string(n) + "店)";
    }
    if (!hospital && rng.Chance(20)) name += ",24小时营业";
    inst.name = name;
    inst.code = code_for(inst.type, inst.admdvs);
    out.Add(std::move(inst));
  }
  return out;
}

}  // namespace fundwatch::gen
