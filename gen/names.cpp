#include "gen/names.h"

namespace fundwatch::gen {
namespace {

const std::vector<std::string>& Surnames() {
  static const std::vector<std::string> kSurnames = {
      "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
      "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
      "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏",
      "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖",
      "石", "金", "韦", "贾", "夏", "方", "邹", "熊", "孟", "秦", "邱", "江", "应", "俞", "竺",
      "岑", "邵", "毛", "虞", "欧阳", "司马", "诸葛", "上官"};
  return kSurnames;
}

const std::vector<std::string>& MaleChars() {
  static const std::vector<std::string> k = {
      "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
      "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "建国", "志强", "海涛", "晓东",
      "国庆", "文博", "子轩", "宇航", "浩然", "永康", "德明", "根宝", "阿大", "炳坤", "乐天"};
  return k;
}

const std::vector<std::string>& FemaleChars() {
  static const std::vector<std::string> k = {
      "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玉兰", "婷", "雪", "琳",
      "颖", "倩", "欣怡", "梓涵", "雨萱", "佳琪", "美玲", "素珍", "彩凤", "亚萍", "海燕",
      "慧", "晶", "月娥", "巧玲", "思彤", "可馨", "菊香", "阿娣"};
  return k;
}

}  // namespace

const std::vector<District>& Districts() {
  static const std::vector<District> k = {
      {"330203", "海曙区", "宁波市", {"望春街道", "鼓楼街道", "西门街道", "南门街道", "白云街道", "段塘街道", "集士港镇", "古林镇", "高桥镇", "横街镇"}},
      {"330205", "江北区", "宁波市", {"中马街道", "白沙街道", "孔浦街道", "文教街道", "甬江街道", "庄桥街道", "洪塘街道", "慈城镇"}},
      {"330206", "北仑区", "宁波市", {"新碶街道", "大碶街道", "霞浦街道", "柴桥街道", "小港街道", "春晓街道"}},
      {"330211", "镇海区", "宁波市", {"招宝山街道", "蛟川街道", "骆驼街道", "庄市街道", "澥浦镇", "九龙湖镇"}},
      {"330212", "鄞州区", "宁波市", {"钟公庙街道", "首南街道", "中河街道", "下应街道", "东胜街道", "福明街道", "姜山镇", "五乡镇", "咸祥镇"}},
      {"330213", "奉化区", "宁波市", {"锦屏街道", "岳林街道", "江口街道", "溪口镇", "莼湖街道", "松岙镇"}},
      {"330281", "余姚市", "", {"梨洲街道", "凤山街道", "阳明街道", "兰江街道", "泗门镇", "马渚镇", "陆埠镇", "梁弄镇"}},
      {"330282", "慈溪市", "", {"浒山街道", "古塘街道", "白沙路街道", "宗汉街道", "坎墩街道", "观海卫镇", "周巷镇", "龙山镇", "掌起镇", "附海镇", "逍林镇"}},
      {"330225", "象山县", "", {"丹东街道", "丹西街道", "爵溪街道", "石浦镇", "西周镇", "贤庠镇"}},
      {"330226", "宁海县", "", {"跃龙街道", "桃源街道", "梅林街道", "长街镇", "西店镇", "岔路镇"}},
  };
  return k;
}

const std::vector<std::string>& PharmacyChains() {
  static const std::vector<std::string> k = {
      "国大药房", "老百姓大药房", "益丰大药房", "海王星辰", "宁波彩虹大药房", "漱玉平民大药房",
      "宁波四明大药房", "天天好大药房", "众康大药房", "华东大药房", "九州大药房", "德信堂大药房"};
  return k;
}

std::string PersonName(Prng& rng, int gend) {
  std::string name = rng.Pick(Surnames());
  const auto& chars = gend == 1 ? MaleChars() : FemaleChars();
  name += rng.Pick(chars);
  if (name.size() <= 6 && rng.Chance(300)) name += rng.Pick(chars);
  return name;
}

std::string RefusalReason(Prng& rng) {
  static const std::vector<std::string> k = {
      "医生称本月门慢特额度已用完,请下月再来",
      "窗口告知\"系统限额\",无法结算",
      "医院称该病种用药需转至上级医院配药",
      "科室称门慢特号源已满,建议改普通门诊自费",
      "药房称备案药品缺货,让患者去外面药店买",
      "医生说\"医保卡额度不够\",要求改天再来",
  };
  return rng.Pick(k);
}

std::string OrdinaryCancelReason(Prng& rng) {
  static const std::vector<std::string> k = {
      "患者挂错科室", "患者未就诊离院", "重复挂号", "患者要求退号", "医生停诊,改约他日",
  };
  return rng.Pick(k);
}

std::string ComplaintText(Prng& rng, const std::string& category, const std::string& person,
                          const std::string& institution) {
  std::string text = "来电人" + person + "反映:";
  if (category == "拒收") {
    static const std::vector<std::string> k = {
        "在" + institution + "办理门慢特配药时被告知\"本月指标已用完\",\n拒绝按门慢特结算。",
        "到" + institution + "就诊,医生以医保额度不足为由拒收,要求自费。",
    };
    text += rng.Pick(k);
  } else if (category == "推诿") {
    static const std::vector<std::string> k = {
        institution + "以\"需上级医院开药\"为由推诿,多次往返未能配药。",
        "在" + institution + "门慢特窗口被推到其他医院,\n称本院不开这个药。",
    };
    text += rng.Pick(k);
  } else if (category == "收费") {
    static const std::vector<std::string> k = {
        "在" + institution + "住院,清单上的\"一级护理\"天数比实际多两天。",
        institution + "收取的检查费与价格公示不符,要求核实。",
        "药品价格比别家药店高出不少,怀疑多收费。",
    };
    text += rng.Pick(k);
  } else {
    static const std::vector<std::string> k = {
        "咨询异地就医备案流程,希望简化手续。",
        institution + "工作人员服务态度差,排队时间过长。",
        "医保卡被他人冒用,要求查询近期结算记录。",
    };
    text += rng.Pick(k);
  }
  return text;
}

}  // namespace fundwatch::gen
