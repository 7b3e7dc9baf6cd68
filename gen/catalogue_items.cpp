#include "gen/catalogue_items.h"

#include "gen/catalogue.h"

namespace fundwatch::gen::catalogue_data {
namespace {

constexpr int64_t Y(int64_t yuan, int64_t ten_thousandths = 0) { return yuan * 10000 + ten_thousandths; }
constexpr int O = kUseOutpatient, I = kUseInpatient, P = kUsePharmacy, C = kUseChronic,
              D = kUseDaily, V = kUseVisit;

}  // namespace

// key, name, kind, group, lv, price, ceiling, gender, age_min, age_max, lmt_dise,
// lv_lmt, max_days, coded, vbp, dual, watch, uses, planted_only
const ItemDef kItems[] = {
    {"metformin", "盐酸二甲双胍片(0.5g*20片)", 'X', "A10BA", "甲", Y(2, 8000), Y(3, 2000), -1, -1, -1, "", -1, -1, true, true, false, false, O | P | C, false},
    {"acarbose", "阿卡波糖片(50mg*30片)", 'X', "A10BF", "乙", Y(13, 6200), Y(15), -1, -1, -1, "", -1, -1, true, true, false, false, O | P | C, false},
    {"insulin_aspart", "门冬胰岛素注射液(3ml:300单位)", 'X', "A10AB", "乙", Y(45, 8000), Y(48), -1, -1, -1, "E10|E11|E13|E14", -1, 30, true, true, false, false, O | I | C, false},
    {"insulin_glargine", "甘精胰岛素注射液(3ml:300单位)", 'X', "A10AE", "乙", Y(76), 0, -1, -1, -1, "E10|E11|E13|E14", -1, 30, true, true, false, false, O | C, false},
    {"amlodipine", "苯磺酸氨氯地平片(5mg*28片)", 'X', "C08CA", "甲", Y(3, 5200), 0, -1, -1, -1, "", -1, -1, true, true, false, false, O | P | C, false},
    {"irbesartan", "厄贝沙坦片(0.15g*28片)", 'X', "C09CA", "乙", Y(8, 9600), 0, -1, -1, -1, "", -1, -1, true, true, false, false, O | P | C, false},
    {"nifedipine", "硝苯地平控释片(30mg*7片)", 'X', "C08CA", "乙", Y(21, 4300), Y(21, 4300), -1, -1, -1, "", -1, -1, true, false, false, false, O | C, false},
    {"atorvastatin", "阿托伐他汀钙片(20mg*7片)", 'X', "C10AA", "乙", Y(1, 9950), 0, -1, -1, -1, "", -1, -1, true, true, false, false, O | P | C, false},
    {"rosuvastatin", "瑞舒伐他汀钙片(10mg*28片)", 'X', "C10AA", "乙", Y(6, 7200), 0, -1, -1, -1, "", -1, -1, true, true, false, false, O | P, false},
    {"clopidogrel", "硫酸氢氯吡格雷片(75mg*7片)", 'X', "B01AC", "乙", Y(9, 2400), 0, -1, -1, -1, "I20|I21|I25|I63", -1, -1, true, true, false, false, O | I | C, false},
    {"aspirin", "阿司匹林肠溶片(100mg*30片)", 'X', "B01AC", "甲", Y(11, 8000), 0, -1, -1, -1, "", -1, -1, true, false, false, false, O | P | C, false},
    {"omeprazole", "奥美拉唑肠溶胶囊(20mg*14粒)", 'X', "A02BC", "甲", Y(5, 6000), 0, -1, -1, -1, "", -1, 14, true, true, false, false, O | P, false},
    {"omeprazole_inj", "注射用奥美拉唑钠(40mg)", 'X', "A02BC", "乙", Y(98, 5000), Y(98, 5000), -1, -1, -1, "", -1, -1, true, false, false, false, I, false},
    {"cefuroxime", "头孢呋辛酯片(0.25g*12片)", 'X', "J01DC", "甲", Y(12, 3600), 0, -1, -1, -1, "", -1, 7, true, true, false, false, O, false},
    {"amoxicillin", "阿莫西林胶囊(0.25g*24粒)", 'X', "J01CA", "甲", Y(8, 5000), Y(9, 8000), -1, -1, -1, "", -1, 7, true, true, false, false, O, false},
    {"levofloxacin", "左氧氟沙星片(0.5g*4片)", 'X', "J01MA", "甲", Y(6, 8800), 0, -1, 18, -1, "", -1, 7, true, true, false, false, O, false},
    {"ceftriaxone", "注射用头孢曲松钠(1g)", 'X', "J01DD", "甲", Y(4, 2500), 0, -1, -1, -1, "", -1, 14, true, true, false, false, I, false},
    {"ibuprofen", "布洛芬缓释胶囊(0.3g*20粒)", 'X', "M01AE", "甲", Y(9, 9000), 0, -1, -1, -1, "", -1, 7, true, false, false, false, O | P, false},
    {"loratadine", "氯雷他定片(10mg*6片)", 'X', "R06AX", "乙", Y(18, 5000), 0, -1, -1, -1, "", -1, 14, true, false, false, false, O | P, false},
    {"montelukast", "孟鲁司特钠片(10mg*5片)", 'X', "R03DC", "乙", Y(16, 2000), 0, -1, -1, -1, "", -1, -1, true, true, false, false, O, false},
    {"mecobalamin", "甲钴胺片(0.5mg*20片)", 'X', "B03BA", "乙", Y(19, 4000), 0, -1, -1, -1, "G62|G63|E11.4", -1, -1, true, false, false, false, O, false},
    {"entecavir", "恩替卡韦分散片(0.5mg*7片)", 'X', "J05AF", "乙", Y(2, 720), 0, -1, -1, -1, "B18.0|B18.1", -1, -1, true, true, false, false, O, false},
    {"tamsulosin", "盐酸坦索罗辛缓释胶囊(0.2mg*10粒)", 'X', "G04CA", "乙", Y(19, 8000), 0, 1, -1, -1, "", -1, -1, true, true, false, false, O, false},
    {"finasteride", "非那雄胺片(5mg*10片)", 'X', "G04CB", "乙", Y(22, 3000), 0, 1, -1, -1, "", -1, -1, true, false, false, false, O, false},
    {"progesterone", "黄体酮胶囊(0.1g*20粒)", 'X', "G03DA", "乙", Y(38, 6000), 0, 2, -1, -1, "", -1, -1, true, false, false, false, O, false},
    {"dydrogesterone", "地屈孕酮片(10mg*20片)", 'X', "G03DB", "乙", Y(96), 0, 2, -1, -1, "", -1, -1, true, false, false, false, O, false},
    {"paed_cold", "小儿豉翘清热颗粒(2g*6袋)", 'Z', "A01AA", "乙", Y(26, 8000), 0, -1, -1, 12, "", -1, 7, true, false, false, false, O, false},
    {"paed_para", "对乙酰氨基酚混悬滴剂(15ml:1.5g)", 'X', "N02BE", "甲", Y(11, 2000), 0, -1, -1, 12, "", -1, 7, true, false, false, false, O, false},
    {"osimertinib", "甲磺酸奥希替尼片(80mg*30片)", 'X', "L01EB", "乙", Y(4952), Y(5100), -1, -1, -1, "C34", -1, 30, true, false, true, false, O, false},
    {"tofacitinib", "枸橼酸托法替布片(5mg*28片)", 'X', "L04AA", "乙", Y(1083, 6000), 0, -1, -1, -1, "M05|M06", -1, 30, true, false, true, false, O, false},
    {"sacubitril", "沙库巴曲缬沙坦钠片(100mg*14片)", 'X', "C09DX", "乙", Y(93, 3600), 0, -1, -1, -1, "I50", -1, 30, true, false, true, false, O, false},
    {"semaglutide", "司美格鲁肽注射液(1.34mg/ml,3ml)", 'X', "A10BJ", "乙", Y(408), 0, -1, -1, -1, "E11", -1, 30, true, false, false, true, O, false},
    {"human_albumin", "人血白蛋白(10g)", 'X', "B05AA", "乙", Y(385), Y(398), -1, -1, -1, "", 2, -1, true, false, false, false, I, false},
    {"alprostadil", "前列地尔注射液(2ml:10μg)", 'X', "C01EA", "乙", Y(43, 5000), 0, -1, -1, -1, "", 2, -1, true, false, false, false, I, false},
    {"tiotropium", "噻托溴铵粉吸入剂(18μg*30粒)", 'X', "R03BB", "乙", Y(154), 0, -1, -1, -1, "", -1, -1, true, false, false, false, C, false},
    {"budesonide", "布地奈德福莫特罗吸入粉雾剂(160μg/4.5μg*60吸)", 'X', "R03AK", "乙", Y(228), 0, -1, -1, -1, "", -1, -1, true, false, false, false, O | C, false},
    {"lianhua", "连花清瘟胶囊(0.35g*24粒)", 'Z', "A01BA", "甲", Y(14, 8000), 0, -1, -1, -1, "", -1, 7, true, false, false, false, O | P, false},
    {"ganmao", "感冒清热颗粒(12g*10袋)", 'Z', "A01AB", "甲", Y(16), 0, -1, -1, -1, "", -1, 7, false, false, false, false, O | P, false},
    {"liuwei", "六味地黄丸(浓缩丸,每8丸相当于饮片3g,200丸)", 'Z', "A12BA", "甲", Y(15, 6000), 0, -1, -1, -1, "", -1, -1, false, false, false, false, P, false},
    {"ns", "0.9%氯化钠注射液(250ml:2.25g)", 'X', "B05XA", "甲", Y(2, 9000), 0, -1, -1, -1, "", -1, -1, false, false, false, false, I, false},
    {"glucose", "5%葡萄糖注射液(250ml:12.5g)", 'X', "B05BA", "甲", Y(3, 1000), 0, -1, -1, -1, "", -1, -1, false, false, false, false, I, false},
    // Planted-only drugs whose trace prefixes change over time.
    {"repaglinide", "瑞格列奈片(1mg*30片)", 'X', "A10BX", "乙", Y(24), 0, -1, -1, -1, "", -1, -1, true, false, false, false, 0, true},
    {"glimepiride", "格列美脲片(2mg*15片)", 'X', "A10BB", "乙", Y(17, 5000), 0, -1, -1, -1, "", -1, -1, true, false, false, false, 0, true},
    {"gliclazide", "格列齐特缓释片(30mg*30片)", 'X', "A10BB", "乙", Y(31, 2000), 0, -1, -1, -1, "", -1, -1, true, false, false, false, 0, true},
    {"voglibose", "伏格列波糖片(0.2mg*30片)", 'X', "A10BF", "乙", Y(26, 4000), 0, -1, -1, -1, "", -1, -1, true, false, false, false, 0, true},
    {"nitroglycerin", "硝酸甘油片(0.5mg*100片)", 'X', "C01DA", "甲", Y(12), 0, -1, -1, -1, "", -1, -1, true, false, false, false, 0, true},
    // Services (15-digit codes).
    {"visit_outp", "普通门诊诊察费", 'S', "11", "甲", Y(25), Y(25), -1, -1, -1, "", -1, -1, false, false, false, false, V, false},
    {"visit_emerg", "急诊诊察费", 'S', "11", "甲", Y(30), 0, -1, -1, -1, "", -1, -1, false, false, false, false, V, false},
    {"visit_inp", "住院诊查费", 'S', "11", "甲", Y(20), 0, -1, -1, -1, "", -1, -1, false, false, false, false, D, false},
    {"bed", "床位费(三人间)", 'S', "12", "甲", Y(35), Y(40), -1, -1, -1, "", -1, -1, false, false, false, false, D, false},
    {"nursing", "一级护理", 'S', "12", "甲", Y(28), 0, -1, -1, -1, "", -1, -1, false, false, false, false, D, false},
    {"iv_drip", "静脉输液(第一组)", 'S', "12", "甲", Y(12), 0, -1, -1, -1, "", -1, -1, false, false, false, false, I, false},
    {"blood_routine", "血细胞分析(血常规)", 'S', "25", "甲", Y(20), 0, -1, -1, -1, "", -1, -1, false, false, false, false, O | I, false},
    {"liver_fn", "肝功能检测(组合)", 'S', "25", "甲", Y(60), 0, -1, -1, -1, "", -1, -1, false, false, false, false, O | I, false},
    {"hba1c", "糖化血红蛋白测定", 'S', "25", "甲", Y(55), 0, -1, -1, -1, "", -1, -1, false, false, false, false, O | C, false},
    {"ecg", "常规心电图检查(十二通道)", 'S', "31", "甲", Y(25), 0, -1, -1, -1, "", -1, -1, false, false, false, false, O | I, false},
    {"ultrasound", "彩色多普勒超声常规检查", 'S', "22", "甲", Y(150), 0, -1, -1, -1, "", -1, -1, false, false, false, false, O | I, false},
    {"ct", "X线计算机体层(CT)平扫", 'S', "21", "乙", Y(280), 0, -1, -1, -1, "", -1, -1, false, false, false, false, O | I, false},
    {"mri", "磁共振平扫", 'S', "21", "乙", Y(600), 0, -1, -1, -1, "", 2, -1, false, false, false, false, I, false},
    {"pet_ct", "正电子发射计算机断层显像(PET/CT)", 'S', "23", "丙", Y(6800), Y(7200), -1, -1, -1, "", 3, -1, false, false, false, false, I, false},
    {"psa", "前列腺特异性抗原(PSA)测定", 'S', "25", "甲", Y(75), 0, 1, -1, -1, "", -1, -1, false, false, false, false, O, false},
    {"cervical", "宫颈液基薄层细胞学检查", 'S', "27", "乙", Y(180), 0, 2, -1, -1, "", -1, -1, false, false, false, false, O, false},
    {"prenatal", "产前检查", 'S', "31", "甲", Y(20), 0, 2, -1, -1, "", -1, -1, false, false, false, false, O, false},
    {"hearing", "新生儿听力筛查(耳声发射)", 'S', "31", "甲", Y(50), 0, -1, -1, 0, "", -1, -1, false, false, false, false, O, false},
    {"coronary_angio", "经皮冠状动脉造影术", 'S', "31", "甲", Y(3200), 0, -1, -1, -1, "", 3, -1, false, false, false, false, I, false},
    {"dialysis", "血液透析", 'S', "31", "甲", Y(420), 0, -1, -1, -1, "", 2, -1, false, false, false, false, I, false},
    {"cholecystectomy", "腹腔镜下胆囊切除术", 'S', "33", "甲", Y(2400), 0, -1, -1, -1, "", 2, -1, false, false, false, false, I, false},
    // Materials (codes starting with C).
    {"infusion_set", "一次性使用输液器(带针)", 'C', "02", "甲", Y(3, 5000), 0, -1, -1, -1, "", -1, -1, false, false, false, false, I, false},
    {"gauze", "医用脱脂纱布块", 'C', "03", "甲", Y(2), 0, -1, -1, -1, "", -1, -1, false, false, false, false, I, false},
    {"iv_catheter", "一次性使用静脉留置针", 'C', "02", "乙", Y(18), 0, -1, -1, -1, "", -1, -1, false, false, false, false, I, false},
    {"stent", "冠脉药物洗脱支架", 'C', "13", "乙", Y(590), Y(798), -1, -1, -1, "", 3, -1, false, true, false, false, I, false},
    {"iol", "人工晶体(折叠型)", 'C', "14", "乙", Y(1800), Y(2000), -1, -1, -1, "", 2, -1, false, false, false, false, I, false},
};
const int kItemCount = static_cast<int>(sizeof(kItems) / sizeof(kItems[0]));

const GenericDef kGenerics[] = {
    {"盐酸氨溴索片(30mg*20片)", "R05CB", Y(6, 5000)},   {"枸橼酸莫沙必利片(5mg*24片)", "A03FA", Y(21, 3000)},
    {"雷贝拉唑钠肠溶片(10mg*14片)", "A02BC", Y(13, 5800)}, {"蒙脱石散(3g*10袋)", "A07BC", Y(9, 8000)},
    {"双歧杆菌三联活菌胶囊(210mg*36粒)", "A07FA", Y(27, 6000)}, {"缬沙坦胶囊(80mg*28粒)", "C09CA", Y(7, 2800)},
    {"琥珀酸美托洛尔缓释片(47.5mg*7片)", "C07AB", Y(18, 9000)}, {"吲达帕胺缓释片(1.5mg*30片)", "C03BA", Y(14, 2000)},
    {"螺内酯片(20mg*100片)", "C03DA", Y(8, 6000)},       {"单硝酸异山梨酯缓释片(40mg*24片)", "C01DA", Y(19, 3000)},
    {"格列吡嗪控释片(5mg*14片)", "A10BB", Y(22, 1000)},   {"西格列汀片(100mg*14片)", "A10BH", Y(38, 5200)},
    {"左甲状腺素钠片(50μg*100片)", "H03AA", Y(24, 1000)}, {"甲巯咪唑片(10mg*50片)", "H03BB", Y(15, 2000)},
    {"头孢克洛胶囊(0.25g*12粒)", "J01DC", Y(16, 8000)},   {"阿奇霉素片(0.25g*6片)", "J01FA", Y(11, 4000)},
    {"克拉霉素片(0.25g*6片)", "J01FA", Y(12, 6000)},      {"奥司他韦胶囊(75mg*10粒)", "J05AH", Y(31, 2000)},
    {"阿昔洛韦片(0.1g*24片)", "J05AB", Y(6, 2400)},       {"塞来昔布胶囊(0.2g*6粒)", "M01AH", Y(9, 7200)},
    {"双氯芬酸钠缓释片(75mg*10片)", "M01AB", Y(7, 5000)},  {"氨基葡萄糖胶囊(0.24g*40粒)", "M01AX", Y(45, 6000)},
    {"碳酸钙D3片(600mg*60片)", "A12AX", Y(28, 9000)},     {"阿仑膦酸钠片(70mg*4片)", "M05BA", Y(19, 8000)},
    {"艾司唑仑片(1mg*20片)", "N05CD", Y(5, 4000)},        {"盐酸舍曲林片(50mg*14片)", "N06AB", Y(42, 3000)},
    {"草酸艾司西酞普兰片(10mg*7片)", "N06AB", Y(33, 6000)}, {"多奈哌齐片(5mg*7片)", "N06DA", Y(25, 2000)},
    {"左乙拉西坦片(0.25g*30片)", "N03AX", Y(31, 5000)},   {"丙戊酸钠缓释片(0.5g*30片)", "N03AG", Y(48, 6000)},
    {"氯沙坦钾片(50mg*7片)", "C09CA", Y(5, 2500)},        {"替米沙坦片(40mg*14片)", "C09CA", Y(6, 3000)},
    {"非洛地平缓释片(5mg*10片)", "C08CA", Y(12, 7000)},    {"华法林钠片(2.5mg*60片)", "B01AA", Y(13, 5000)},
    {"利伐沙班片(10mg*5片)", "B01AF", Y(9, 8000)},         {"硫酸亚铁缓释片(0.45g*20片)", "B03AA", Y(11, 2000)},
    {"叶酸片(0.4mg*31片)", "B03BB", Y(8, 6000)},           {"复方甘草片(100片)", "R05FA", Y(4, 5000)},
    {"沙丁胺醇气雾剂(100μg*200揿)", "R03AC", Y(24, 6000)}, {"西替利嗪片(10mg*12片)", "R06AE", Y(16, 3000)},
    {"复方氨酚烷胺片(12片)", "N02BE", Y(9, 8000)},         {"维生素B1片(10mg*100片)", "A11DA", Y(3, 2000)},
    {"葡萄糖酸钙口服溶液(10ml*12支)", "A12AA", Y(18, 6000)}, {"乳果糖口服溶液(100ml)", "A06AD", Y(35, 2000)},
    {"熊去氧胆酸胶囊(0.25g*24粒)", "A05AA", Y(86, 4000)},  {"多潘立酮片(10mg*30片)", "A03FA", Y(14, 6000)},
    {"非布司他片(40mg*16片)", "M04AA", Y(33, 1000)},    {"托特罗定片(2mg*28片)", "G04BD", Y(27, 5000)},
    {"替硝唑片(0.5g*8片)", "J01XD", Y(5, 6000)},           {"氟康唑胶囊(50mg*6粒)", "J02AC", Y(12, 6000)},
};
const int kGenericCount = static_cast<int>(sizeof(kGenerics) / sizeof(kGenerics[0]));

}  // namespace fundwatch::gen::catalogue_data
