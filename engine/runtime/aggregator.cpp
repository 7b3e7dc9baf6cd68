#include "engine/runtime/aggregator.h"

#include <algorithm>

#include "engine/runtime/evaluator.h"

namespace fundwatch::runtime {

void Aggregator::Apply(const plan::Value& v, int sign) {
  switch (spec_->agg) {
    case plan::Agg::kCount: count_ += sign; return;
    case plan::Agg::kCountIf: if (IsTrue(v)) count_ += sign; return;
    case plan::Agg::kSum:
      if (v.null) return;
      sum_ += sign * (spec_->type == plan::Type::kDecimal && v.type == plan::Type::kInt ? v.num * Decimal::kOne : v.num);
      return;
    case plan::Agg::kCountDistinct: {
      if (v.null) return;
      thread_local std::string key;
      key.clear();
      AppendKeyText(&key, v);
      Multisets& m = sets();
      if (m.many.empty()) {
        auto it = std::find_if(m.few.begin(), m.few.end(), [](const auto& e) { return e.first == key; });
        if (it != m.few.end()) {
          it->second += sign;
          if (it->second == 0) {
            *it = std::move(m.few.back());
            m.few.pop_back();
          }
          return;
        }
        if (m.few.size() < kFew) {
          m.few.emplace_back(key, sign);
          return;
        }
        for (auto& e : m.few) m.many.emplace(std::move(e.first), e.second);
        m.few.clear();
      }
      auto it = m.many.try_emplace(key, 0).first;
      it->second += sign;
      if (it->second == 0) m.many.erase(it);
      return;
    }
    case plan::Agg::kMin:
    case plan::Agg::kMax: {
      if (v.null) return;
      // One unit for the aggregate's type: an int in a decimal aggregate is units.
      int64_t num = spec_->type == plan::Type::kDecimal && v.type == plan::Type::kInt ? v.num * Decimal::kOne : v.num;
      auto& ordered = sets().ordered;
      auto it = ordered.try_emplace({num, std::string(v.text)}, 0).first;
      it->second += sign;
      if (it->second == 0) ordered.erase(it);
      return;
    }
  }
}

plan::Value Aggregator::Current() const {
  switch (spec_->agg) {
    case plan::Agg::kCount:
    case plan::Agg::kCountIf: return plan::Value::Int(count_);
    case plan::Agg::kCountDistinct:
      return plan::Value::Int(sets_ ? static_cast<int64_t>(sets_->few.size() + sets_->many.size()) : 0);
    case plan::Agg::kSum: {
      plan::Value v = plan::Value::Int(sum_);
      v.type = spec_->type;
      return v;
    }
    case plan::Agg::kMin:
    case plan::Agg::kMax: {
      if (!sets_ || sets_->ordered.empty()) return plan::Value::Null(spec_->type);
      const auto& ordered = sets_->ordered;
      const auto& key = spec_->agg == plan::Agg::kMin ? ordered.begin()->first : ordered.rbegin()->first;
      plan::Value v;
      v.type = spec_->type;
      v.null = false;
      v.num = key.first;
      v.text = key.second;
      return v;
    }
  }
  return plan::Value::Null();
}

size_t Aggregator::StateBytes() const {
  size_t bytes = sizeof(*this);
  if (!sets_) return bytes;
  bytes += sizeof(Multisets);
  bytes += sets_->few.capacity() * sizeof(sets_->few[0]);
  for (const auto& [k, n] : sets_->few) bytes += k.capacity() > 15 ? k.capacity() : 0;
  for (const auto& [k, n] : sets_->many) bytes += k.capacity() + sizeof(n) + 48;
  for (const auto& [k, n] : sets_->ordered) bytes += k.second.capacity() + sizeof(k) + sizeof(n) + 48;
  return bytes;
}

}  // namespace fundwatch::runtime
