// Aggregator: exact aggregates that values enter and leave (window expiry).
#include "engine/runtime/aggregator.h"

#include <boost/test/unit_test.hpp>

#include "engine/runtime/evaluator.h"

namespace fundwatch::testing {
namespace {

using plan::Agg;
using plan::Type;
using plan::Value;
using runtime::Aggregator;
using runtime::FormatValue;

Value D(int64_t units) { return Value::Dec(Decimal::FromUnits(units)); }

BOOST_AUTO_TEST_SUITE(aggregator)

BOOST_AUTO_TEST_CASE(count_and_count_if) {
  plan::Aggregate count{Agg::kCount, plan::kNoExpr, Type::kInt};
  plan::Aggregate count_if{Agg::kCountIf, plan::kNoExpr, Type::kInt};
  Aggregator a(count), b(count_if);
  for (const Value& v : {Value::Bool(true), Value::Bool(false), Value::Null(Type::kBool), Value::Bool(true)}) {
    a.Add(v);
    b.Add(v);
  }
  BOOST_TEST(a.Current().num == 4);
  BOOST_TEST(b.Current().num == 2);  // unknown is not true
  a.Remove(Value::Bool(true));
  b.Remove(Value::Bool(true));
  BOOST_TEST(a.Current().num == 3);
  BOOST_TEST(b.Current().num == 1);
}

BOOST_AUTO_TEST_CASE(count_distinct_keeps_multiplicities) {
  plan::Aggregate spec{Agg::kCountDistinct, plan::kNoExpr, Type::kInt};
  Aggregator a(spec);
  a.Add(Value::Str("H1"));
  a.Add(Value::Str("H1"));
  a.Add(Value::Str("H2"));
  a.Add(Value::Null(Type::kString));
  BOOST_TEST(a.Current().num == 2);
  a.Remove(Value::Str("H1"));  // one H1 is still in
  BOOST_TEST(a.Current().num == 2);
  a.Remove(Value::Str("H1"));
  BOOST_TEST(a.Current().num == 1);
  // 5 and 5.00 are one value.
  Aggregator n(spec);
  n.Add(Value::Int(5));
  n.Add(D(50000));
  BOOST_TEST(n.Current().num == 1);
}

BOOST_AUTO_TEST_CASE(count_distinct_past_a_handful_of_values) {
  // A few values are kept in a list, more in a hash map; both ways, and
  // across the move, every value keeps its multiplicity.
  plan::Aggregate spec{Agg::kCountDistinct, plan::kNoExpr, Type::kInt};
  Aggregator a(spec);
  auto code = [](int i) { return "H33020000000" + std::to_string(i); };  // past the short-string buffer
  for (int i = 0; i < 40; ++i) {
    a.Add(Value::Str(code(i)));
    if (i % 3 == 0) a.Add(Value::Str(code(i)));  // twice
    BOOST_TEST(a.Current().num == i + 1);
  }
  for (int i = 0; i < 40; ++i) a.Remove(Value::Str(code(i)));
  int left = 0;
  for (int i = 0; i < 40; i += 3) ++left;
  BOOST_TEST(a.Current().num == left);  // the doubled ones are still in
  for (int i = 0; i < 40; i += 3) a.Remove(Value::Str(code(i)));
  BOOST_TEST(a.Current().num == 0);
  a.Add(Value::Str(code(1)));
  BOOST_TEST(a.Current().num == 1);
  a.Reset();
  BOOST_TEST(a.Current().num == 0);
  // Removing from a short list keeps the others, whatever their place.
  Aggregator b(spec);
  for (int i = 0; i < 5; ++i) b.Add(Value::Str(code(i)));
  b.Remove(Value::Str(code(0)));
  b.Remove(Value::Str(code(2)));
  BOOST_TEST(b.Current().num == 3);
  b.Add(Value::Str(code(3)));
  BOOST_TEST(b.Current().num == 3);  // 3 is already in
  b.Add(Value::Str(code(0)));
  BOOST_TEST(b.Current().num == 4);
}

BOOST_AUTO_TEST_CASE(sums_are_exact) {
  plan::Aggregate dec{Agg::kSum, plan::kNoExpr, Type::kDecimal};
  Aggregator a(dec);
  a.Add(D(1000));  // 0.1
  a.Add(D(2000));  // 0.2
  a.Add(Value::Int(3));  // an int into a decimal sum
  a.Add(Value::Null(Type::kDecimal));
  BOOST_TEST(FormatValue(a.Current()) == "3.30");
  a.Remove(D(1000));
  BOOST_TEST(FormatValue(a.Current()) == "3.20");
  plan::Aggregate whole{Agg::kSum, plan::kNoExpr, Type::kInt};
  Aggregator b(whole);
  BOOST_TEST(FormatValue(b.Current()) == "0");
  b.Add(Value::Int(40));
  b.Add(Value::Int(21));
  BOOST_TEST(b.Current().num == 61);
  BOOST_TEST((b.Current().type == Type::kInt));
}

BOOST_AUTO_TEST_CASE(min_max_after_removal) {
  plan::Aggregate min{Agg::kMin, plan::kNoExpr, Type::kDecimal};
  plan::Aggregate max{Agg::kMax, plan::kNoExpr, Type::kDecimal};
  Aggregator lo(min), hi(max);
  BOOST_TEST(lo.Current().null);
  for (int64_t u : {10000, 50000, 30000, 10000}) {
    lo.Add(D(u));
    hi.Add(D(u));
  }
  BOOST_TEST(FormatValue(lo.Current()) == "1.00");
  BOOST_TEST(FormatValue(hi.Current()) == "5.00");
  lo.Remove(D(10000));
  BOOST_TEST(FormatValue(lo.Current()) == "1.00");  // the other 1.00 is still in
  lo.Remove(D(10000));
  BOOST_TEST(FormatValue(lo.Current()) == "3.00");
  hi.Remove(D(50000));
  BOOST_TEST(FormatValue(hi.Current()) == "3.00");
  plan::Aggregate text{Agg::kMin, plan::kNoExpr, Type::kString};
  Aggregator t(text);
  t.Add(Value::Str("H2"));
  t.Add(Value::Str("H10"));
  BOOST_TEST(FormatValue(t.Current()) == "H10");  // text order
}

BOOST_AUTO_TEST_CASE(min_max_of_an_int_in_a_decimal_aggregate) {
  // max(coalesce(h.pric_uplmt_amt, 5)): the int 5 is the decimal 5.00.
  plan::Aggregate max{Agg::kMax, plan::kNoExpr, Type::kDecimal};
  Aggregator hi(max);
  hi.Add(D(35000));
  hi.Add(Value::Int(5));
  BOOST_TEST(FormatValue(hi.Current()) == "5.00");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace fundwatch::testing
