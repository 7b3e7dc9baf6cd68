#include "engine/runtime/evaluator.h"

#include <algorithm>
#include <cassert>
#include <array>
#include <cstdio>
#include <cstring>
#include <optional>

#include "engine/runtime/lookup_index.h"

namespace fundwatch::runtime {
namespace {

using plan::Fn;
using plan::Node;
using plan::Op;
using plan::Type;
using plan::Value;

// Decimal units of a numeric value (ints scaled).
int64_t Units(const Value& v) { return v.type == Type::kInt ? v.num * Decimal::kOne : v.num; }
// Seconds of a time value (dates at midnight).
int64_t Seconds(const Value& v) { return v.type == Type::kDate ? v.num * DateTime::kSecondsPerDay : v.num; }

int Compare(const Value& a, const Value& b) {
  if (a.type == Type::kString || a.type == Type::kList) {
    const int c = a.text.compare(b.text);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  int64_t x = a.num, y = b.num;
  if (IsNumeric(a.type) && a.type != b.type) { x = Units(a); y = Units(b); }
  if (IsTime(a.type) && a.type != b.type) { x = Seconds(a); y = Seconds(b); }
  return x < y ? -1 : x > y ? 1 : 0;
}

Value Bool3(bool unknown, bool value) { return unknown ? Value::Null(Type::kBool) : Value::Bool(value); }

std::string_view Keep(Frame& f, const char* text, size_t n) {
  if (f.scratch_used + n > f.scratch.size()) f.scratch_used = 0;  // bounded: texts are tiny
  char* out = f.scratch.data() + f.scratch_used;
  std::memcpy(out, text, n);
  f.scratch_used += n;
  return std::string_view(out, n);
}

size_t CodePointPrefixBytes(std::string_view s, int64_t n) {
  size_t i = 0;
  for (int64_t k = 0; k < n && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

Date AsDate(const Value& v) {
  return v.type == Type::kDate ? Date::FromDays(static_cast<int32_t>(v.num)) : DateTime::FromSeconds(v.num).date();
}

class Evaluator {
 public:
  explicit Evaluator(Frame& f) : f_(f), nodes_(f.plan->nodes) {}

  Value Eval(plan::ExprId id) {
    Value v = EvalNode(nodes_[id]);
    // Widened types (if/coalesce of int and decimal, of date and datetime)
    // take the node's type, so aggregates and comparisons see one unit.
    const Type type = nodes_[id].type;
    if (!v.null && type == Type::kDecimal && v.type == Type::kInt) {
      v.num *= Decimal::kOne;
      v.type = Type::kDecimal;
    } else if (!v.null && type == Type::kDateTime && v.type == Type::kDate) {
      v.num *= DateTime::kSecondsPerDay;
      v.type = Type::kDateTime;
    }
    if (f_.coverage != nullptr && nodes_[id].type == Type::kBool) {
      (*f_.coverage)[id] |= v.null ? kCoveredUnknown : v.num != 0 ? kCoveredTrue : kCoveredFalse;
    }
    return v;
  }

 private:
  Value EvalNode(const Node& n) {
    switch (n.op) {
      case Op::kConst: return f_.plan->constants[n.index];
      case Op::kField: return RowFieldAs(f_.rows[n.slot], n.field, n.type);
      case Op::kSlotValue: return f_.values[n.slot];
      case Op::kAsOf: return Value::Time(f_.as_of);
      case Op::kNeg: {
        Value a = Arg(n, 0);
        if (!a.null) a.num = -a.num;
        return a;
      }
      case Op::kNot: {
        positive_ = !positive_;
        Value a = Arg(n, 0);
        positive_ = !positive_;
        return a.null ? a : Value::Bool(a.num == 0);
      }
      case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: return Arithmetic(n);
      case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: return Comparison(n);
      case Op::kAnd: return AndOr(n, true);
      case Op::kOr: return AndOr(n, false);
      case Op::kIsNull: return Value::Bool(Arg(n, 0).null);
      case Op::kIsNotNull: return Value::Bool(!Arg(n, 0).null);
      case Op::kIn: case Op::kNotIn: {
        Value e = Arg(n, 0), l = Arg(n, 1);
        if (e.null || l.null) return Value::Null(Type::kBool);
        bool in = ListView(l.text).Contains(e.text);
        return Value::Bool(n.op == Op::kIn ? in : !in);
      }
      case Op::kIf: {
        Value c = Arg(n, 0);
        return IsTrue(c) ? Arg(n, 1) : Arg(n, 2);
      }
      case Op::kCall: return Call(n);
      case Op::kAggregate: return f_.aggregates[n.index];
      case Op::kSubquery: return Subquery(n);
      case Op::kAny: case Op::kAll: return Quantifier(n);
    }
    return Value::Null();
  }

  Value Arg(const Node& n, size_t i) { return Eval(static_cast<plan::ExprId>(n.children[i])); }

  Value Arithmetic(const Node& n) {
    Value a = Arg(n, 0), b = Arg(n, 1);
    if (a.null || b.null) return Value::Null(n.type);
    Value out;
    out.type = n.type;
    out.null = false;
    if (n.type == Type::kInt) {
      out.num = n.op == Op::kAdd ? a.num + b.num : n.op == Op::kSub ? a.num - b.num : a.num * b.num;
    } else if (n.type == Type::kDecimal) {
      Decimal x = Decimal::FromUnits(Units(a)), y = Decimal::FromUnits(Units(b));
      if (n.op == Op::kAdd) { out.num = x.units() + y.units(); }
      else if (n.op == Op::kSub) { out.num = x.units() - y.units(); }
      else if (n.op == Op::kMul) {
        auto p = a.type == Type::kInt ? std::optional<Decimal>(Decimal::FromUnits(a.num * b.num))
                 : b.type == Type::kInt ? std::optional<Decimal>(Decimal::FromUnits(a.num * b.num))
                                        : x.Mul(y);
        if (!p) return Value::Null(n.type);
        out.num = p->units();
      } else {
        if (y.units() == 0) return Value::Null(n.type);
        __int128 q = static_cast<__int128>(x.units()) * Decimal::kOne;
        __int128 half = y.units() / 2;
        __int128 r = (q >= 0) == (y.units() > 0) ? (q + half) / y.units() : (q - half) / y.units();
        out.num = static_cast<int64_t>(r);
      }
    } else if (n.type == Type::kDateTime) {
      int64_t base = a.type == Type::kDuration ? Seconds(b) : Seconds(a);
      int64_t delta = a.type == Type::kDuration ? a.num : b.num;
      out.num = n.op == Op::kAdd ? base + delta : base - delta;
    } else if (n.type == Type::kDuration) {
      if (n.op == Op::kMul) out.num = a.num * b.num;
      else if (IsTime(a.type)) out.num = Seconds(a) - Seconds(b);
      else out.num = n.op == Op::kAdd ? a.num + b.num : a.num - b.num;
    }
    return out;
  }

  Value Comparison(const Node& n) {
    Value a = Arg(n, 0), b = Arg(n, 1);
    if (a.null || b.null) return Value::Null(Type::kBool);
    if ((n.op == Op::kEq || n.op == Op::kNe) && (a.type == Type::kString || a.type == Type::kList)) {
      // Equality of texts: their lengths differ more often than not.
      const bool equal = a.text.size() == b.text.size() && std::memcmp(a.text.data(), b.text.data(), a.text.size()) == 0;
      const bool r = equal == (n.op == Op::kEq);
      if (r && positive_ && f_.explain != nullptr) Record(n, a, b);
      return Value::Bool(r);
    }
    int c = Compare(a, b);
    bool r = n.op == Op::kEq ? c == 0 : n.op == Op::kNe ? c != 0 : n.op == Op::kLt ? c < 0
           : n.op == Op::kLe ? c <= 0 : n.op == Op::kGt ? c > 0 : c >= 0;
    if (r && positive_ && f_.explain != nullptr) Record(n, a, b);
    return Value::Bool(r);
  }

  void Record(const Node& n, const Value& a, const Value& b) {
    static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
    const Node& l = nodes_[n.children[0]];
    const Node& r = nodes_[n.children[1]];
    auto side = [](const Node& s, const Value& v) {
      std::string value = FormatValue(v);
      if (s.op == Op::kConst) return value;
      return s.text + " " + value;
    };
    f_.explain->compared.push_back(side(l, a) + " " + kOps[static_cast<int>(n.op) - static_cast<int>(Op::kEq)] + " " +
                                   side(r, b));
  }

  Value AndOr(const Node& n, bool is_and) {
    // When explaining, keep only the comparisons of the branches that made
    // the result true.
    const size_t mark = Mark();
    Value a = Arg(n, 0);
    if (!a.null && (a.num != 0) != is_and) {  // false and / true or
      if (is_and) Truncate(mark);
      return a;
    }
    if (!is_and) Truncate(mark);  // a false or unknown left side of `or` explains nothing
    const size_t mid = Mark();
    Value b = Arg(n, 1);
    if (!b.null && (b.num != 0) != is_and) {
      if (is_and) Truncate(mark);
      return b;
    }
    Value r = Bool3(a.null || b.null, is_and);
    if (!IsTrue(r)) Truncate(is_and ? mark : mid);
    return r;
  }

  size_t Mark() const { return f_.explain != nullptr ? f_.explain->compared.size() : 0; }
  void Truncate(size_t mark) {
    if (f_.explain != nullptr && f_.explain->compared.size() > mark) f_.explain->compared.resize(mark);
  }

  Value Call(const Node& n) {
    switch (n.fn) {
      case Fn::kCoalesce: {
        Value a = Arg(n, 0);
        if (!a.null) return a;
        return Arg(n, 1);
      }
      case Fn::kLabel: {
        Value a = Arg(n, 0);
        if (a.null) return a;
        for (const EnumValue& e : Table(n.label_table).fields[n.field].enum_values) {
          if (e.code == a.text) return Value::Str(e.meaning);
        }
        return a;
      }
      default: break;
    }
    Value a = Arg(n, 0);
    if (a.null) return Value::Null(n.type);
    Value b;
    if (n.children.size() > 1) {
      b = Arg(n, 1);
      if (b.null) return Value::Null(n.type);
    }
    switch (n.fn) {
      case Fn::kDate: return Value::DateV(AsDate(a));
      case Fn::kMonth: {
        CivilDate c = AsDate(a).ToCivil();
        char buf[16];
        int len = std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, c.month);
        return Value::Str(Keep(f_, buf, static_cast<size_t>(len)));
      }
      case Fn::kAddMonths: {
        int y = 0, m = 0;
        if (a.text.size() != 7 || std::sscanf(std::string(a.text).c_str(), "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) {
          return Value::Null(Type::kString);
        }
        int64_t total = static_cast<int64_t>(y) * 12 + (m - 1) + b.num;
        char buf[16];
        int len = std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(total / 12), static_cast<int>(total % 12) + 1);
        return Value::Str(Keep(f_, buf, static_cast<size_t>(len)));
      }
      case Fn::kAge: return Value::Int(AgeInYears(AsDate(a), AsDate(b)));
      case Fn::kLen: {
        int64_t count = 0;
        for (char c : a.text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return Value::Int(count);
      }
      case Fn::kLeft: return Value::Str(a.text.substr(0, CodePointPrefixBytes(a.text, b.num < 0 ? 0 : b.num)));
      case Fn::kStartsWith: return Value::Bool(a.text.substr(0, b.text.size()) == b.text);
      case Fn::kIsDigits: {
        bool all = !a.text.empty();
        for (char c : a.text) all = all && c >= '0' && c <= '9';
        return Value::Bool(all);
      }
      case Fn::kAnyStartsWith: {
        for (std::string_view element : ListView(a.text)) {
          for (std::string_view prefix : ListView(b.text)) {
            if (element.substr(0, prefix.size()) == prefix) return Value::Bool(true);
          }
        }
        return Value::Bool(false);
      }
      case Fn::kDays: return Value::Duration(a.num * DateTime::kSecondsPerDay);
      case Fn::kHours: return Value::Duration(a.num * 3600);
      default: return Value::Null(n.type);
    }
  }

  // The candidate rows of a lookup: those under its key in the index.
  // Returns nothing when a key part is null (nothing can match).
  std::optional<RowSpan> Candidates(const plan::Lookup& lookup) {
    // Probed ahead for this very record: the rows the worker found.
    if (const PrefetchedRows* p = f_.prefetched;
        p != nullptr && p->record != nullptr && p->record == f_.rows[f_.query->source_slot].record) {
      for (const auto& [probed, k] : f_.prefetched_lookups) {
        if (probed != &lookup) continue;
        ++p->used;
        if (p->ids[k] == PrefetchedRows::kNullKey) return std::nullopt;
        return p->rows[k];
      }
    }
    // Every key part first: evaluating one may run a nested lookup, which
    // uses the frame's key buffer too.
    constexpr size_t kMaxParts = plan::kMaxLookupKeys;
    std::array<Value, kMaxParts> parts;
    const size_t n = std::min(lookup.outer_exprs.size(), kMaxParts);
    for (size_t i = 0; i < n; ++i) {
      parts[i] = Eval(lookup.outer_exprs[i]);
      if (parts[i].null) return std::nullopt;
    }
    std::string& key = f_.key_buffer;
    key.clear();
    if (lookup.index == plan::IndexKind::kMember) {
      key.assign(parts[0].text);
    } else {
      for (size_t i = 0; i < n; ++i) {
        AppendKeyPart(&key, parts[i]);
      }
    }
    return f_.lookups->IndexFor(lookup).Probe(key);
  }

  // True when the candidate bound in the lookup's slot satisfies its as-of
  // date and its residual condition.
  bool Matches(const Row& row, const plan::Lookup& lookup) {
    if (lookup.as_of != plan::kNoExpr && !ValidOn(row, lookup)) return false;
    return lookup.residual == plan::kNoExpr || IsTrue(Eval(lookup.residual));
  }

 public:
  bool FirstMatch(const plan::Lookup& lookup, Row* out) {
    std::optional<RowSpan> rows = Candidates(lookup);
    if (!rows) return false;
    assert(!rows->keys_only() && "a join reads the row it finds");
    for (const Row& row : *rows) {
      f_.rows[lookup.slot] = row;
      if (Matches(row, lookup)) {
        *out = row;
        return true;
      }
    }
    return false;
  }

 private:
  Value Subquery(const Node& n) {
    const plan::Subquery& sq = f_.query->subqueries[n.index];
    const plan::Lookup& lookup = sq.lookup;
    std::optional<RowSpan> rows = Candidates(lookup);
    if (!rows) return Empty(sq, n.type);
    // An existence check on keys alone (StorePlan::KeySet): the index holds
    // the keys of the rows passing its conditions, which are all of them.
    if (rows->keys_only()) {
      assert(sq.kind == plan::SubqueryKind::kExists && !positive_);
      return Value::Bool(!rows->empty());
    }
    Row saved = f_.rows[lookup.slot];
    int64_t count = 0;
    Value acc = Empty(sq, n.type);
    bool found = false;
    for (const Row& row : *rows) {
      f_.rows[lookup.slot] = row;
      const size_t mark = Mark();
      if (!Matches(row, lookup)) {
        Truncate(mark);  // a rejected candidate explains nothing
        continue;
      }
      found = true;
      if (sq.kind == plan::SubqueryKind::kExists) {
        if (positive_ && f_.explain != nullptr) Witness(row, lookup);
        break;
      }
      ++count;
      if (sq.kind == plan::SubqueryKind::kCount) continue;
      Value v = Eval(sq.value);
      if (v.null) continue;
      if (acc.null) { acc = v; continue; }
      if (sq.kind == plan::SubqueryKind::kSum) {
        acc.num = acc.type == Type::kDecimal ? Units(acc) + Units(v) : acc.num + v.num;
      } else if ((sq.kind == plan::SubqueryKind::kMin) == (Compare(v, acc) < 0)) {
        acc = v;
      }
    }
    f_.rows[lookup.slot] = saved;
    if (sq.kind == plan::SubqueryKind::kExists) return Value::Bool(found);
    if (sq.kind == plan::SubqueryKind::kCount) return Value::Int(count);
    return acc;
  }

  // A subquery over no rows: exists false, count 0, sum 0, min/max null.
  static Value Empty(const plan::Subquery& sq, Type type) {
    switch (sq.kind) {
      case plan::SubqueryKind::kExists: return Value::Bool(false);
      case plan::SubqueryKind::kCount: return Value::Int(0);
      case plan::SubqueryKind::kSum: return type == Type::kDecimal ? Value::Dec(Decimal()) : Value::Int(0);
      default: return Value::Null(type);
    }
  }

  bool ValidOn(const Row& row, const plan::Lookup& lookup) {
    Value on = Eval(lookup.as_of);
    if (on.null || row.record == nullptr) return false;
    const TableDef& def = row.record->def();
    int32_t day = AsDate(on).days();
    if (row.record->DateAt(def.valid_from).days() > day) return false;
    return row.record->IsNull(def.valid_to) || row.record->DateAt(def.valid_to).days() >= day;
  }

  void Witness(const Row& row, const plan::Lookup& lookup) {
    if (row.record != nullptr && lookup.source.kind != plan::SourceKind::kRule) {
      f_.explain->witnesses.emplace_back(std::string(row.record->def().name), row.record->KeyString());
      return;
    }
    if (lookup.source.kind != plan::SourceKind::kRule) return;
    const plan::Rule& rule = f_.plan->rules[lookup.source.index];
    std::string id;
    for (size_t k = 0; k < rule.keys.size(); ++k) id += (k ? "/" : "") + std::string(row.extra[k].text);
    f_.explain->witnesses.emplace_back("rule:" + rule.id, std::move(id));
  }

  Value Quantifier(const Node& n) {
    Value list = Arg(n, 0);
    if (list.null) return Value::Null(Type::kBool);
    bool is_any = n.op == Op::kAny;
    bool unknown = false;
    Value saved = f_.values[n.slot];
    for (std::string_view element : ListView(list.text)) {
      f_.values[n.slot] = Value::Str(element);
      Value c = Arg(n, 1);
      if (c.null) { unknown = true; continue; }
      if ((c.num != 0) == is_any) {
        f_.values[n.slot] = saved;
        return Value::Bool(is_any);
      }
    }
    f_.values[n.slot] = saved;
    return Bool3(unknown, !is_any);
  }

  Frame& f_;
  const std::vector<Node>& nodes_;
  bool positive_ = true;
};

}  // namespace

Value Eval(plan::ExprId id, Frame& frame) { return Evaluator(frame).Eval(id); }

bool FindFirstMatch(const plan::Lookup& lookup, Frame& frame, Row* out) {
  return Evaluator(frame).FirstMatch(lookup, out);
}

std::string FormatValue(const plan::Value& v) {
  if (v.null) return "空";
  switch (v.type) {
    case Type::kBool: return v.num ? "是" : "否";
    case Type::kInt: return std::to_string(v.num);
    case Type::kDecimal: return Decimal::FromUnits(v.num).ToString();
    case Type::kString:
    case Type::kList: return std::string(v.text);
    case Type::kDate: return Date::FromDays(static_cast<int32_t>(v.num)).ToString();
    case Type::kDateTime: return DateTime::FromSeconds(v.num).ToString();
    case Type::kDuration: {
      int64_t s = v.num;
      if (s % 86400 == 0) return std::to_string(s / 86400) + "天";
      if (s % 3600 == 0) return std::to_string(s / 3600) + "小时";
      return std::to_string(s) + "秒";
    }
    default: return "";
  }
}

void AppendKeyText(std::string* out, const plan::Value& v) {
  // Formatted on the stack: building a key never allocates beyond `out`.
  char buf[Decimal::kMaxText];
  size_t len = 0;
  switch (v.type) {
    case Type::kInt: len = Decimal::FromInt(v.num).Format(buf, sizeof buf); break;
    case Type::kDecimal: len = Decimal::FromUnits(v.num).Format(buf, sizeof buf); break;
    case Type::kDate:
      len = DateTime::FromDate(Date::FromDays(static_cast<int32_t>(v.num))).Format(buf, sizeof buf);
      break;
    case Type::kDateTime: len = DateTime::FromSeconds(v.num).Format(buf, sizeof buf); break;
    case Type::kString:
    case Type::kList: out->append(v.text); return;
    default: len = static_cast<size_t>(std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.num)));
  }
  out->append(buf, len);
}

}  // namespace fundwatch::runtime
