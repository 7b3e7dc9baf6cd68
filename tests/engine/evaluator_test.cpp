// Expression evaluation: exact arithmetic, mixed-type comparisons,
// three-valued logic, the builtin functions and quantifiers.
#include "engine/runtime/evaluator.h"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <string>

#include "tests/engine/engine_test_util.h"
#include "tests/engine/plan_builder.h"

namespace fundwatch::testing {
namespace {

using plan::Fn;
using plan::Value;
using runtime::FormatValue;

// A frame over a hand-built plan with records bound in its slots.
struct EvalFixture {
  plan::Plan p;
  plan::QueryPlan q;
  std::deque<Record> records;
  runtime::Frame frame;

  EvalFixture() {
    q.slot_count = 8;
    frame.plan = &p;
    frame.as_of = At("2025-06-30 12:00:00");
    frame.Reset(&q);
  }
  Alias Bind(uint8_t slot, Record r, std::string name) {
    records.push_back(std::move(r));
    const Record& rec = records.back();
    frame.rows[slot] = runtime::Row{&rec, nullptr, static_cast<uint16_t>(rec.size()), 0, false};
    return Alias{slot, rec.table(), std::move(name)};
  }
  Value Eval(ExprId id) {
    frame.scratch_used = 0;
    return runtime::Eval(id, frame);
  }
  std::string Text(ExprId id) { return FormatValue(Eval(id)); }
  // "true", "false" or "unknown" for a condition.
  std::string Truth(ExprId id) {
    Value v = Eval(id);
    BOOST_TEST_REQUIRE((v.null || v.type == Type::kBool));
    return v.null ? "unknown" : v.num ? "true" : "false";
  }
};

// --- arithmetic ------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_arithmetic)

BOOST_FIXTURE_TEST_CASE(decimal_sum_is_exact, EvalFixture) {
  ExprId sum = Add(p, Dec(p, "0.1"), Dec(p, "0.2"));
  BOOST_TEST(Truth(Eq(p, sum, Dec(p, "0.3"))) == "true");
  BOOST_TEST(Eval(sum).num == 3000);
  BOOST_TEST(Text(sum) == "0.30");
  // Near miss: one ten-thousandth off is not equal.
  BOOST_TEST(Truth(Eq(p, sum, Dec(p, "0.3001"))) == "false");
  BOOST_TEST(Text(Sub(p, Dec(p, "0.3"), Dec(p, "0.1"))) == "0.20");
}

BOOST_FIXTURE_TEST_CASE(int_times_decimal_is_exact_either_way, EvalFixture) {
  ExprId a = Mul(p, Int(p, 3), Dec(p, "0.1"));
  BOOST_TEST((NodeType(p, a) == Type::kDecimal));
  BOOST_TEST(Eval(a).num == 3000);
  BOOST_TEST(Truth(Eq(p, a, Dec(p, "0.3"))) == "true");
  BOOST_TEST(Text(Mul(p, Dec(p, "0.90"), Int(p, 20))) == "18.00");
  BOOST_TEST(Text(Mul(p, Dec(p, "2.5"), Dec(p, "1.25"))) == "3.125");
  // Rounded half away from zero to four places.
  BOOST_TEST(Text(Mul(p, Dec(p, "0.0001"), Dec(p, "0.5"))) == "0.0001");
  BOOST_TEST(Text(Mul(p, Dec(p, "-0.0001"), Dec(p, "0.5"))) == "-0.0001");
  BOOST_TEST(Text(Mul(p, Dec(p, "0.0001"), Dec(p, "0.4"))) == "0.00");
}

BOOST_FIXTURE_TEST_CASE(int_arithmetic_stays_int_division_is_decimal, EvalFixture) {
  ExprId s = Add(p, Int(p, 2), Int(p, 3));
  BOOST_TEST((Eval(s).type == Type::kInt));
  BOOST_TEST(Eval(s).num == 5);
  BOOST_TEST(Text(Div(p, Int(p, 7), Int(p, 2))) == "3.50");
  BOOST_TEST(Text(Div(p, Int(p, 1), Int(p, 3))) == "0.3333");
  BOOST_TEST(Text(Div(p, Int(p, 2), Int(p, 3))) == "0.6667");
  BOOST_TEST(Text(Div(p, Int(p, -2), Int(p, 3))) == "-0.6667");
  BOOST_TEST(Text(Div(p, Int(p, 2), Int(p, -3))) == "-0.6667");
  BOOST_TEST(Text(Div(p, Dec(p, "1.00"), Int(p, 0))) == "空");  // division by zero: null
  BOOST_TEST(Text(Neg(p, Dec(p, "1.5"))) == "-1.50");
}

BOOST_FIXTURE_TEST_CASE(null_operand_makes_null, EvalFixture) {
  BOOST_TEST(Eval(Add(p, Int(p, 1), NullC(p, Type::kInt))).null);
  BOOST_TEST(Eval(Mul(p, NullC(p, Type::kDecimal), Dec(p, "2"))).null);
  BOOST_TEST(Eval(Neg(p, NullC(p, Type::kInt))).null);
}

BOOST_FIXTURE_TEST_CASE(datetime_plus_duration, EvalFixture) {
  ExprId t = TimeC(p, "2025-12-31 23:00:00");
  BOOST_TEST(Text(Add(p, t, DurC(p, 3600))) == "2026-01-01 00:00:00");
  BOOST_TEST(Text(Add(p, DurC(p, 2 * 3600), t)) == "2026-01-01 01:00:00");
  BOOST_TEST(Text(Sub(p, t, Call(p, Fn::kDays, {Int(p, 1)}, Type::kDuration))) == "2025-12-30 23:00:00");
  BOOST_TEST(Text(Add(p, t, Call(p, Fn::kHours, {Int(p, 48)}, Type::kDuration))) == "2026-01-02 23:00:00");
  BOOST_TEST(Text(Mul(p, Int(p, 3), DurC(p, 3600))) == "3小时");
}

BOOST_FIXTURE_TEST_CASE(datetime_minus_datetime_is_a_duration, EvalFixture) {
  ExprId d = Sub(p, TimeC(p, "2025-03-16 09:00:00"), TimeC(p, "2025-03-01 09:00:00"));
  BOOST_TEST((Eval(d).type == Type::kDuration));
  BOOST_TEST(Eval(d).num == 15 * 86400);
  BOOST_TEST(Text(d) == "15天");
  ExprId fifteen = Call(p, Fn::kDays, {Int(p, 15)}, Type::kDuration);
  BOOST_TEST(Truth(Le(p, d, fifteen)) == "true");  // "within 15 days": at most 15 x 24 h
  ExprId longer = Sub(p, TimeC(p, "2025-03-16 09:00:01"), TimeC(p, "2025-03-01 09:00:00"));
  BOOST_TEST(Truth(Le(p, longer, fifteen)) == "false");
  BOOST_TEST(Text(longer) == "1296001秒");
  ExprId negative = Sub(p, TimeC(p, "2025-03-01 09:00:00"), TimeC(p, "2025-03-01 10:00:00"));
  BOOST_TEST(Eval(negative).num == -3600);
}

BOOST_AUTO_TEST_SUITE_END()

// --- comparisons -----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_comparison)

BOOST_FIXTURE_TEST_CASE(int_against_decimal, EvalFixture) {
  BOOST_TEST(Truth(Eq(p, Int(p, 1), Dec(p, "1.0"))) == "true");
  BOOST_TEST(Truth(Eq(p, Dec(p, "1.00"), Int(p, 1))) == "true");
  BOOST_TEST(Truth(Lt(p, Int(p, 1), Dec(p, "1.0001"))) == "true");
  BOOST_TEST(Truth(Lt(p, Dec(p, "0.9999"), Int(p, 1))) == "true");
  BOOST_TEST(Truth(Gt(p, Dec(p, "0.9999"), Int(p, 1))) == "false");
  BOOST_TEST(Truth(Ge(p, Int(p, 2), Dec(p, "1.9999"))) == "true");
  BOOST_TEST(Truth(Ne(p, Int(p, 2), Dec(p, "2.0000"))) == "false");
  // A decimal field against an int constant, both sides.
  Alias f = Bind(0, Rec(tables::kFeeList, {{"pric", "120.00"}}), "f");
  BOOST_TEST(Truth(Gt(p, Field(p, f, "pric"), Int(p, 119))) == "true");
  BOOST_TEST(Truth(Gt(p, Field(p, f, "pric"), Int(p, 120))) == "false");
  BOOST_TEST(Truth(Ge(p, Int(p, 120), Field(p, f, "pric"))) == "true");
}

BOOST_FIXTURE_TEST_CASE(date_against_datetime, EvalFixture) {
  ExprId day = DateC(p, "2025-03-01");
  BOOST_TEST(Truth(Eq(p, day, TimeC(p, "2025-03-01 00:00:00"))) == "true");
  BOOST_TEST(Truth(Lt(p, day, TimeC(p, "2025-03-01 00:00:01"))) == "true");
  BOOST_TEST(Truth(Gt(p, TimeC(p, "2025-02-28 23:59:59"), day)) == "false");
  BOOST_TEST(Truth(Le(p, TimeC(p, "2025-03-01 00:00:00"), day)) == "true");
  BOOST_TEST(Truth(Ge(p, TimeC(p, "2025-03-01 23:59:59"), day)) == "true");
  // A datetime field against a date parameter (scan_required_from).
  Alias f = Bind(0, Rec(tables::kFeeList, {{"fee_ocur_time", "2025-06-30 23:59:59"}}), "f");
  BOOST_TEST(Truth(Ge(p, Field(p, f, "fee_ocur_time"), DateC(p, "2025-07-01"))) == "false");
  Alias g = Bind(1, Rec(tables::kFeeList, {{"fee_ocur_time", "2025-07-01 00:00:00"}}), "g");
  BOOST_TEST(Truth(Ge(p, Field(p, g, "fee_ocur_time"), DateC(p, "2025-07-01"))) == "true");
}

BOOST_FIXTURE_TEST_CASE(text_compares_bytewise, EvalFixture) {
  BOOST_TEST(Truth(Eq(p, Str(p, "甲"), Str(p, "甲"))) == "true");
  BOOST_TEST(Truth(Eq(p, Str(p, "a"), Str(p, "ab"))) == "false");
  BOOST_TEST(Truth(Lt(p, Str(p, "2024-12"), Str(p, "2025-01"))) == "true");
}

BOOST_FIXTURE_TEST_CASE(comparison_with_null_is_unknown, EvalFixture) {
  Alias f = Bind(0, Rec(tables::kFeeList, {{"prd_days", ""}}), "f");
  ExprId days = Field(p, f, "prd_days");
  for (ExprId c : {Gt(p, days, Int(p, 1)), Lt(p, days, Int(p, 1)), Eq(p, days, Int(p, 1)), Ne(p, days, Int(p, 1)),
                   Eq(p, NullC(p), NullC(p))}) {
    BOOST_TEST(Truth(c) == "unknown");
  }
  BOOST_TEST(Truth(IsNull(p, days)) == "true");
  BOOST_TEST(Truth(IsNotNull(p, days)) == "false");
  BOOST_TEST(Truth(IsNull(p, Int(p, 0))) == "false");
}

BOOST_AUTO_TEST_SUITE_END()

// --- three-valued logic --------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_logic)

BOOST_FIXTURE_TEST_CASE(not_of_unknown_is_unknown, EvalFixture) {
  ExprId unknown = Gt(p, NullC(p, Type::kInt), Int(p, 1));
  BOOST_TEST(Truth(Not(p, unknown)) == "unknown");
  BOOST_TEST(Truth(Not(p, Not(p, unknown))) == "unknown");
  BOOST_TEST(Truth(Not(p, BoolC(p, false))) == "true");
}

BOOST_FIXTURE_TEST_CASE(and_truth_table, EvalFixture) {
  ExprId t = BoolC(p, true), f = BoolC(p, false), u = Gt(p, NullC(p, Type::kInt), Int(p, 1));
  BOOST_TEST(Truth(And(p, t, t)) == "true");
  BOOST_TEST(Truth(And(p, t, f)) == "false");
  BOOST_TEST(Truth(And(p, f, u)) == "false");
  BOOST_TEST(Truth(And(p, u, f)) == "false");
  BOOST_TEST(Truth(And(p, t, u)) == "unknown");
  BOOST_TEST(Truth(And(p, u, t)) == "unknown");
  BOOST_TEST(Truth(And(p, u, u)) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(or_truth_table, EvalFixture) {
  ExprId t = BoolC(p, true), f = BoolC(p, false), u = Gt(p, NullC(p, Type::kInt), Int(p, 1));
  BOOST_TEST(Truth(Or(p, f, f)) == "false");
  BOOST_TEST(Truth(Or(p, t, u)) == "true");
  BOOST_TEST(Truth(Or(p, u, t)) == "true");
  BOOST_TEST(Truth(Or(p, f, u)) == "unknown");
  BOOST_TEST(Truth(Or(p, u, f)) == "unknown");
  BOOST_TEST(Truth(Or(p, u, u)) == "unknown");
  BOOST_TEST(Truth(Not(p, Or(p, u, f))) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(in_and_not_in_with_nulls, EvalFixture) {
  ExprId list = ListC(p, "11|13|14");
  BOOST_TEST(Truth(In(p, Str(p, "13"), list)) == "true");
  BOOST_TEST(Truth(In(p, Str(p, "1"), list)) == "false");  // a prefix of an element is not an element
  BOOST_TEST(Truth(In(p, Str(p, "141"), list)) == "false");
  BOOST_TEST(Truth(NotIn(p, Str(p, "21"), list)) == "true");
  BOOST_TEST(Truth(NotIn(p, Str(p, "11"), list)) == "false");
  BOOST_TEST(Truth(In(p, NullC(p, Type::kString), list)) == "unknown");
  BOOST_TEST(Truth(NotIn(p, NullC(p, Type::kString), list)) == "unknown");
  // A null list field (hilist.trace_prefix not set).
  Alias h = Bind(0, Rec(tables::kHilist, {{"trace_prefix", ""}}), "h");
  BOOST_TEST(Truth(In(p, Str(p, "8123456"), Field(p, h, "trace_prefix"))) == "unknown");
  BOOST_TEST(Truth(NotIn(p, Str(p, "8123456"), Field(p, h, "trace_prefix"))) == "unknown");
  Alias h2 = Bind(1, Rec(tables::kHilist, {{"trace_prefix", "8123456|8123457"}}), "h2");
  BOOST_TEST(Truth(In(p, Str(p, "8123457"), Field(p, h2, "trace_prefix"))) == "true");
  BOOST_TEST(Truth(NotIn(p, Str(p, "8123458"), Field(p, h2, "trace_prefix"))) == "true");
}

BOOST_FIXTURE_TEST_CASE(if_takes_else_on_unknown, EvalFixture) {
  ExprId u = Gt(p, NullC(p, Type::kInt), Int(p, 1));
  BOOST_TEST(Text(If(p, u, Int(p, 1), Int(p, 2), Type::kInt)) == "2");
  BOOST_TEST(Text(If(p, BoolC(p, true), Int(p, 1), Int(p, 2), Type::kInt)) == "1");
}

BOOST_AUTO_TEST_SUITE_END()

// --- builtins --------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_builtins)

BOOST_FIXTURE_TEST_CASE(coalesce_takes_the_first_non_null, EvalFixture) {
  Alias f = Bind(0, Rec(tables::kFeeList, {{"prd_days", ""}}), "f");
  Alias g = Bind(1, Rec(tables::kFeeList, {{"prd_days", "0"}}), "g");
  BOOST_TEST(Text(Call(p, Fn::kCoalesce, {Field(p, f, "prd_days"), Int(p, 7)}, Type::kInt)) == "7");
  BOOST_TEST(Text(Call(p, Fn::kCoalesce, {Field(p, g, "prd_days"), Int(p, 7)}, Type::kInt)) == "0");  // 0 is a value
  BOOST_TEST(Eval(Call(p, Fn::kCoalesce, {Field(p, f, "prd_days"), NullC(p, Type::kInt)}, Type::kInt)).null);
}

BOOST_FIXTURE_TEST_CASE(left_and_len_count_code_points, EvalFixture) {
  ExprId name = Str(p, "阿莫西林胶囊");
  BOOST_TEST(Text(Call(p, Fn::kLeft, {name, Int(p, 2)}, Type::kString)) == "阿莫");
  BOOST_TEST(Text(Call(p, Fn::kLeft, {name, Int(p, 0)}, Type::kString)) == "");
  BOOST_TEST(Text(Call(p, Fn::kLeft, {name, Int(p, 6)}, Type::kString)) == "阿莫西林胶囊");
  BOOST_TEST(Text(Call(p, Fn::kLeft, {name, Int(p, 60)}, Type::kString)) == "阿莫西林胶囊");
  BOOST_TEST(Text(Call(p, Fn::kLeft, {Str(p, "ab阿莫"), Int(p, 3)}, Type::kString)) == "ab阿");
  BOOST_TEST(Text(Call(p, Fn::kLeft, {Str(p, "81234560000000000001"), Int(p, 7)}, Type::kString)) == "8123456");
  BOOST_TEST(Eval(Call(p, Fn::kLen, {name}, Type::kInt)).num == 6);
  BOOST_TEST(Eval(Call(p, Fn::kLen, {Str(p, "a阿")}, Type::kInt)).num == 2);
  BOOST_TEST(Eval(Call(p, Fn::kLeft, {NullC(p, Type::kString), Int(p, 2)}, Type::kString)).null);
}

BOOST_FIXTURE_TEST_CASE(is_digits_is_ascii_only, EvalFixture) {
  auto digits = [&](std::string_view s) { return Truth(Call(p, Fn::kIsDigits, {Str(p, s)}, Type::kBool)); };
  BOOST_TEST(digits("81234560000000000001") == "true");
  BOOST_TEST(digits("０１２３") == "false");  // full-width digits
  BOOST_TEST(digits("8123456000000000000１") == "false");
  BOOST_TEST(digits("123a") == "false");
  BOOST_TEST(digits("-1") == "false");
  BOOST_TEST(digits("") == "false");
  BOOST_TEST(Truth(Call(p, Fn::kIsDigits, {NullC(p, Type::kString)}, Type::kBool)) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(starts_with_and_any_starts_with, EvalFixture) {
  BOOST_TEST(Truth(Call(p, Fn::kStartsWith, {Str(p, "J45.901"), Str(p, "J45")}, Type::kBool)) == "true");
  BOOST_TEST(Truth(Call(p, Fn::kStartsWith, {Str(p, "J4"), Str(p, "J45")}, Type::kBool)) == "false");
  auto any = [&](std::string_view list, std::string_view prefixes) {
    return Truth(Call(p, Fn::kAnyStartsWith, {ListC(p, list), ListC(p, prefixes)}, Type::kBool));
  };
  BOOST_TEST(any("I10|J45.901", "J45") == "true");   // a later element
  BOOST_TEST(any("I10|J45.901", "K|I1") == "true");  // a later prefix
  BOOST_TEST(any("I10|J45.901", "K|E11") == "false");
  BOOST_TEST(any("I", "I10") == "false");            // the prefix is longer than the element
  BOOST_TEST(any("J4", "J45") == "false");
  // The diagnoses of a settlement against a null lmt_dise: unknown.
  Alias h = Bind(0, Rec(tables::kHilist, {{"lmt_dise", ""}}), "h");
  BOOST_TEST(Truth(Call(p, Fn::kAnyStartsWith, {ListC(p, "I10"), Field(p, h, "lmt_dise")}, Type::kBool)) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(age_in_whole_years, EvalFixture) {
  auto age = [&](std::string_view birth, std::string_view on) {
    return Eval(Call(p, Fn::kAge, {DateC(p, birth), DateC(p, on)}, Type::kInt)).num;
  };
  BOOST_TEST(age("1980-05-06", "2025-05-06") == 45);  // the birthday itself
  BOOST_TEST(age("1980-05-06", "2025-05-05") == 44);  // the day before
  BOOST_TEST(age("2000-02-29", "2023-02-28") == 22);  // common year: not yet on 28 Feb
  BOOST_TEST(age("2000-02-29", "2023-03-01") == 23);  // ... reached on 1 March
  BOOST_TEST(age("2000-02-29", "2024-02-28") == 23);  // leap year: reached on 29 Feb
  BOOST_TEST(age("2000-02-29", "2024-02-29") == 24);
  BOOST_TEST(age("2025-01-01", "2025-12-31") == 0);
  // age(p.brdy, date(f.fee_ocur_time)): a datetime reduced to its date.
  Alias person = Bind(0, Rec(tables::kPsn, {{"brdy", "2007-03-01"}}), "p");
  Alias fee = Bind(1, Rec(tables::kFeeList, {{"fee_ocur_time", "2025-02-28 23:59:59"}}), "f");
  ExprId on = Call(p, Fn::kDate, {Field(p, fee, "fee_ocur_time")}, Type::kDate);
  BOOST_TEST(Text(on) == "2025-02-28");
  BOOST_TEST(Eval(Call(p, Fn::kAge, {Field(p, person, "brdy"), on}, Type::kInt)).num == 17);
}

BOOST_FIXTURE_TEST_CASE(month_and_add_months_across_a_year, EvalFixture) {
  BOOST_TEST(Text(Call(p, Fn::kMonth, {TimeC(p, "2025-01-31 23:59:59")}, Type::kString)) == "2025-01");
  BOOST_TEST(Text(Call(p, Fn::kMonth, {DateC(p, "2024-12-01")}, Type::kString)) == "2024-12");
  auto add = [&](std::string_view month, int64_t n) {
    return Text(Call(p, Fn::kAddMonths, {Str(p, month), Int(p, n)}, Type::kString));
  };
  BOOST_TEST(add("2025-01", -1) == "2024-12");
  BOOST_TEST(add("2025-02", -2) == "2024-12");
  BOOST_TEST(add("2025-01", -2) == "2024-11");
  BOOST_TEST(add("2024-12", 1) == "2025-01");
  BOOST_TEST(add("2025-03", -14) == "2024-01");
  BOOST_TEST(add("2025-03", 0) == "2025-03");
  BOOST_TEST(add("2025-3", -1) == "空");   // not YYYY-MM
  BOOST_TEST(add("2025-13", 0) == "空");
  // month() of a field feeding add_months(): the chain DLV-3M uses.
  Alias o = Bind(0, Rec(tables::kVbpOrder, {{"order_time", "2025-01-15 10:00:00"}}), "o");
  ExprId m = Call(p, Fn::kMonth, {Field(p, o, "order_time")}, Type::kString);
  BOOST_TEST(Truth(Eq(p, Call(p, Fn::kAddMonths, {m, Int(p, -1)}, Type::kString), Str(p, "2024-12"))) == "true");
}

BOOST_FIXTURE_TEST_CASE(label_gives_the_meaning_of_a_code, EvalFixture) {
  Alias person = Bind(0, Rec(tables::kPsn, {{"gend", "2"}}), "p");
  BOOST_TEST(Text(Label(p, Field(p, person, "gend"), tables::kPsn, "gend")) == "女");
  Alias h = Bind(1, Rec(tables::kHilist, {{"hilist_lv", "乙"}, {"gender_lmt", ""}}), "h");
  BOOST_TEST(Text(Label(p, Field(p, h, "hilist_lv"), tables::kHilist, "hilist_lv")) == "乙类");
  BOOST_TEST(Eval(Label(p, Field(p, h, "gender_lmt"), tables::kHilist, "gender_lmt")).null);
  // An event code read through its alias is stored as its code.
  Alias e = Bind(2, Rec(tables::kTracEvent, {{"event_type", "3506"}}), "e");
  BOOST_TEST(Text(Field(p, e, "event_type")) == "sale_return");
  BOOST_TEST(Text(Label(p, Field(p, e, "event_type"), tables::kTracEvent, "event_type")) == "销售退货");
}

BOOST_AUTO_TEST_SUITE_END()

// --- quantifiers -------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_quantifiers)

// any/all(c in LIST where len(c) == 3), the element in values[5].
struct QuantifierFixture : EvalFixture {
  std::string Over(Op op, ExprId list) {
    ExprId c = SlotValue(p, 5, Type::kString, "c");
    ExprId cond = Eq(p, Call(p, Fn::kLen, {c}, Type::kInt), Int(p, 3));
    return Truth(Quantifier(p, op, 5, list, cond));
  }
};

BOOST_FIXTURE_TEST_CASE(over_an_empty_list, QuantifierFixture) {
  BOOST_TEST(Over(Op::kAny, ListC(p, "")) == "false");
  BOOST_TEST(Over(Op::kAll, ListC(p, "")) == "true");
}

BOOST_FIXTURE_TEST_CASE(over_a_null_list, QuantifierFixture) {
  BOOST_TEST(Over(Op::kAny, NullC(p, Type::kList)) == "unknown");
  BOOST_TEST(Over(Op::kAll, NullC(p, Type::kList)) == "unknown");
  Alias f = Bind(0, Rec(tables::kFeeList, {{"drug_trac_codg", ""}}), "f");
  BOOST_TEST(Over(Op::kAny, Field(p, f, "drug_trac_codg")) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(some_and_every_element, QuantifierFixture) {
  BOOST_TEST(Over(Op::kAny, ListC(p, "ab|abc|abcd")) == "true");
  BOOST_TEST(Over(Op::kAny, ListC(p, "ab|abcd")) == "false");
  BOOST_TEST(Over(Op::kAll, ListC(p, "abc|def")) == "true");
  BOOST_TEST(Over(Op::kAll, ListC(p, "abc|de")) == "false");
  BOOST_TEST(Over(Op::kAll, ListC(p, "abc")) == "true");
}

BOOST_FIXTURE_TEST_CASE(unknown_conditions, EvalFixture) {
  // any/all(c in LIST where c == f.hilist_code... ) with a null on the right: unknown per element.
  ExprId c = SlotValue(p, 5, Type::kString, "c");
  ExprId unknown_for_x = If(p, Eq(p, c, Str(p, "x")), Eq(p, NullC(p, Type::kInt), Int(p, 1)), Eq(p, c, Str(p, "y")),
                            Type::kBool);  // x -> unknown, y -> true, other -> false
  BOOST_TEST(Truth(Quantifier(p, Op::kAny, 5, ListC(p, "x|z"), unknown_for_x)) == "unknown");
  BOOST_TEST(Truth(Quantifier(p, Op::kAny, 5, ListC(p, "x|y"), unknown_for_x)) == "true");
  BOOST_TEST(Truth(Quantifier(p, Op::kAll, 5, ListC(p, "x|y"), unknown_for_x)) == "unknown");
  BOOST_TEST(Truth(Quantifier(p, Op::kAll, 5, ListC(p, "x|z"), unknown_for_x)) == "false");
  // The variable's slot is restored afterwards.
  frame.values[5] = Value::Int(42);
  Eval(Quantifier(p, Op::kAny, 5, ListC(p, "x|y"), unknown_for_x));
  BOOST_TEST(frame.values[5].num == 42);
}

BOOST_AUTO_TEST_SUITE_END()

// --- reading cells -------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_cells)

// A field node reads its cell by the type the checker gave it (RowFieldAs),
// not by looking the field up in the schema: for every field of every
// table, set and null, that is the value the schema's type gives.
BOOST_AUTO_TEST_CASE(a_cell_read_by_its_node_type_is_the_schema_typed_value) {
  auto same = [](const Value& a, const Value& b) {
    return a.null == b.null && (a.null || (a.type == b.type && a.num == b.num && a.text == b.text));
  };
  for (TableId t = 0; t < tables::kCount; ++t) {
    const TableDef& def = Table(t);
    const Record set = Rec(t, {});
    for (int i = 0; i < static_cast<int>(def.fields.size()); ++i) {
      const plan::Type type = plan::TypeOfField(def.fields[i].type);
      BOOST_TEST_CONTEXT(std::string(def.name) + "." + std::string(def.fields[i].name)) {
        const runtime::Row row = runtime::RecordRow(set, 0);
        BOOST_TEST(same(runtime::RowFieldAs(row, i, type), runtime::RowField(row, i)));
        Record nulled = set;
        nulled.SetNull(i);
        const runtime::Row null_row = runtime::RecordRow(nulled, 0);
        BOOST_TEST(runtime::RowFieldAs(null_row, i, type).null);
      }
    }
    // A row an optional join did not find reads null whatever the type.
    runtime::Row missing;
    BOOST_TEST(runtime::RowFieldAs(missing, 0, plan::TypeOfField(def.fields[0].type)).null);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// --- formatting and key text -------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(evaluator_format)

BOOST_AUTO_TEST_CASE(values_as_people_read_them) {
  BOOST_TEST(FormatValue(Value::Null()) == "空");
  BOOST_TEST(FormatValue(Value::Dec(Decimal::FromUnits(1200000))) == "120.00");
  BOOST_TEST(FormatValue(Value::Dec(Decimal::FromUnits(1234))) == "0.1234");
  BOOST_TEST(FormatValue(Value::Int(-7)) == "-7");
  BOOST_TEST(FormatValue(Value::Bool(true)) == "是");
  BOOST_TEST(FormatValue(Value::Bool(false)) == "否");
  BOOST_TEST(FormatValue(Value::DateV(Day("2024-02-29"))) == "2024-02-29");
  BOOST_TEST(FormatValue(Value::Time(At("2025-01-02 03:04:05"))) == "2025-01-02 03:04:05");
  BOOST_TEST(FormatValue(Value::Duration(15 * 86400)) == "15天");
  BOOST_TEST(FormatValue(Value::Duration(4 * 3600)) == "4小时");
  BOOST_TEST(FormatValue(Value::Duration(90)) == "90秒");
}

BOOST_AUTO_TEST_CASE(key_text_is_canonical_across_int_decimal_date_datetime) {
  auto key = [](const Value& v) {
    std::string s;
    runtime::AppendKeyText(&s, v);
    return s;
  };
  BOOST_TEST(key(Value::Int(5)) == key(Value::Dec(Decimal::FromInt(5))));
  BOOST_TEST(key(Value::Int(5)) != key(Value::Dec(Decimal::FromUnits(50001))));
  BOOST_TEST(key(Value::DateV(Day("2025-03-01"))) == key(Value::Time(At("2025-03-01 00:00:00"))));
  BOOST_TEST(key(Value::DateV(Day("2025-03-01"))) != key(Value::Time(At("2025-03-01 00:00:01"))));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
