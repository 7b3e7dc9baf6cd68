// Running one rule: plain per-record rules, grouped rules (sliding windows
// and calendar buckets) and sequences, and collecting their alerts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "engine/runtime/aggregator.h"
#include "engine/runtime/executor.h"
#include "engine/runtime/executor_internal.h"

namespace fundwatch::runtime {

// Keeps one alert per key: the earliest by event time, then by evidence.
class AlertCollector {
 public:
  void Offer(Alert a) {
    auto& target = a.suppressed_by.empty() ? kept_ : suppressed_;
    auto it = target.find(a.key_text);
    if (it == target.end()) {
      target.emplace(a.key_text, std::move(a));
    } else if (Before(a, it->second)) {
      it->second = std::move(a);
    }
  }
  std::map<std::string, Alert>& kept() { return kept_; }
  int64_t SuppressedOnly() const {
    int64_t n = 0;
    for (const auto& [k, a] : suppressed_) n += kept_.count(k) == 0;
    return n;
  }

 private:
  static bool Before(const Alert& a, const Alert& b) {
    int64_t ta = a.event_time.value_or(INT64_MAX), tb = b.event_time.value_or(INT64_MAX);
    if (ta != tb) return ta < tb;
    auto first = [](const Alert& x) { return x.evidence.empty() ? std::string() : x.evidence.front().id; };
    return first(a) < first(b);
  }
  std::map<std::string, Alert> kept_;
  std::map<std::string, Alert> suppressed_;
};

void Executor::RunRule(size_t index, std::vector<Alert>* alerts, RunStats* stats) {
  const plan::Rule& rule = plan_.rules[index];
  const auto start = std::chrono::steady_clock::now();
  AlertCollector collector;
  RuleStats rule_stats{rule.id};
  if (rule.query.sequence) {
    RunSequence(rule, collector, &rule_stats);
  } else if (!rule.query.group_by.empty()) {
    RunGrouped(rule, collector, &rule_stats);
  } else {
    RunPlain(rule, collector);
  }
  auto output = std::make_unique<RuleOutput>();
  output->rows.base_fields = 0;
  for (auto& [key, alert] : collector.kept()) {
    std::vector<plan::Value> values;
    for (const auto& [name, value] : alert.key) values.push_back(output->rows.Keep(plan::Value::Str(value)));
    output->rows.records.push_back(nullptr);
    output->rows.extra.push_back(std::move(values));
    output->rows.event_times.push_back(alert.event_time.value_or(0));
    std::vector<EvidenceRef> evidence = {EvidenceRef{"rule:" + rule.id, alert.key_text}};
    evidence.insert(evidence.end(), alert.evidence.begin(), alert.evidence.end());
    output->evidence.push_back(std::move(evidence));
    alerts->push_back(std::move(alert));
  }
  rule_stats.alerts = static_cast<int64_t>(output->rows.size());
  rule_stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rule_stats.suppressed = collector.SuppressedOnly();
  stats->rules.push_back(rule_stats);
  results_.push_back(std::move(output));
}

void Executor::RunPlain(const plan::Rule& rule, AlertCollector& out) {
  const plan::QueryPlan& q = rule.query;
  Source source = RowsOf(q.source);
  Frame f = NewFrame(q);
  bool timed = q.source.kind != plan::SourceKind::kTable || Table(static_cast<TableId>(q.source.index)).event_time >= 0;
  for (size_t i = 0; i < source.size(); ++i) {
    if (source.Skip(i)) continue;
    Row row = source.At(i);
    if (!Bind(q, f, row)) continue;
    std::optional<int64_t> time;
    if (timed) time = EventTimeOf(q.source, row);
    out.Offer(MakeAlert(rule, f, time, EvidenceOf(q.source, row), q.where));
  }
}

namespace {

// The canonical key of `exprs` for the rows bound in `f`; false when a part
// is null (such a record belongs to no group or sequence).
bool KeyOf(const std::vector<plan::ExprId>& exprs, Frame& f, std::string* key) {
  key->clear();
  for (plan::ExprId e : exprs) {
    plan::Value v = Eval(e, f);
    if (v.null) return false;
    AppendKeyText(key, v);
    key->push_back('\x1f');
  }
  return true;
}

// A text made during this record's evaluation (in the frame's scratch) is
// copied into `texts`, so that it outlives the record.
plan::Value Keep(plan::Value v, const Frame& f, std::deque<std::string>* texts) {
  if (!v.null && v.type == plan::Type::kString && f.scratch_used > 0) {
    texts->emplace_back(v.text);
    v.text = texts->back();
  }
  return v;
}

// A record's primary key, for tie-breaks (rule results are stored in key
// order, so their position, zero-padded, sorts them).
std::string RecordKeyOf(const Row& row) {
  if (row.record != nullptr) return row.record->KeyString();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010u", row.id);
  return buf;
}

// The records of one group, in the order they were met.
struct GroupItems {
  std::vector<uint32_t> rows;      // source row ids
  std::vector<int64_t> times;      // window time (or event time)
  std::vector<plan::Value> args;   // aggregate arguments, stride = aggregate count
};

}  // namespace

void Executor::RunGrouped(const plan::Rule& rule, AlertCollector& out, RuleStats* stats) {
  const plan::QueryPlan& q = rule.query;
  Source source = RowsOf(q.source);
  Frame f = NewFrame(q);
  const size_t naggs = q.aggregates.size();
  std::unordered_map<std::string, GroupItems> groups;
  std::deque<std::string> texts;  // aggregate arguments made during evaluation
  std::string key;
  for (size_t i = 0; i < source.size(); ++i) {
    if (source.Skip(i)) continue;
    Row row = source.At(i);
    if (!Bind(q, f, row)) continue;
    if (!KeyOf(q.group_by, f, &key)) continue;
    int64_t time = EventTimeOf(q.source, row);
    if (q.window) {
      plan::Value t = Eval(q.window->time, f);
      if (t.null) continue;
      time = t.num;
    }
    GroupItems& g = groups[key];
    g.rows.push_back(static_cast<uint32_t>(i));
    g.times.push_back(time);
    for (const plan::Aggregate& a : q.aggregates) {
      g.args.push_back(Keep(a.arg == plan::kNoExpr ? plan::Value::Bool(true) : Eval(a.arg, f), f, &texts));
    }
  }
  std::vector<const std::string*> order;
  for (const auto& [k, g] : groups) order.push_back(&k);
  std::sort(order.begin(), order.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  stats->primitive = q.window ? "sliding window" : "calendar bucket";
  stats->state_keys = static_cast<int64_t>(groups.size());
  for (const auto& [k, g] : groups) {
    stats->state_bytes += static_cast<int64_t>(k.capacity() + sizeof(GroupItems) + 48 + g.rows.capacity() * 4 +
                                               g.times.capacity() * 8 + g.args.capacity() * sizeof(plan::Value));
  }

  std::vector<plan::Value> agg_values(naggs);
  for (const std::string* k : order) {
    const GroupItems& g = groups[*k];
    // By time, then by the records' keys: the order never depends on input
    // order. (Keys are read only where times tie.)
    std::vector<size_t> idx(g.rows.size());
    for (size_t j = 0; j < idx.size(); ++j) idx[j] = j;
    if (idx.size() > 1) {
      std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
        if (g.times[a] != g.times[b]) return g.times[a] < g.times[b];
        return RecordKeyOf(source.At(g.rows[a])) < RecordKeyOf(source.At(g.rows[b]));
      });
    }
    std::vector<Aggregator> aggs;
    for (const plan::Aggregate& a : q.aggregates) aggs.emplace_back(a);
    // Group keys read the same from any record of the group; the outputs are
    // evaluated with the latest record of the window (or bucket) bound.
    Bind(q, f, source.At(g.rows[idx.front()]));
    f.aggregates = agg_values.data();
    size_t lo = 0, hi = 0;
    auto holds = [&]() {
      for (size_t a = 0; a < naggs; ++a) agg_values[a] = aggs[a].Current();
      for (const plan::Let& l : q.agg_lets) f.values[l.slot] = Eval(l.value, f);
      return IsTrue(Eval(q.having, f));
    };
    auto fire = [&](size_t from, size_t to, int64_t time) {
      Bind(q, f, source.At(g.rows[idx[to - 1]]));
      for (size_t a = 0; a < naggs; ++a) agg_values[a] = aggs[a].Current();
      for (const plan::Let& l : q.agg_lets) f.values[l.slot] = Eval(l.value, f);
      std::vector<EvidenceRef> evidence;
      for (size_t j = from; j < to; ++j) {
        for (EvidenceRef& e : EvidenceOf(q.source, source.At(g.rows[idx[j]]))) evidence.push_back(std::move(e));
      }
      std::sort(evidence.begin(), evidence.end(), [](const EvidenceRef& a, const EvidenceRef& b) {
        return a.table != b.table ? a.table < b.table : a.id < b.id;
      });
      out.Offer(MakeAlert(rule, f, time, std::move(evidence), q.having, /*with_joins=*/false));
    };
    if (!q.window) {
      for (size_t j = 0; j < idx.size(); ++j) {
        for (size_t a = 0; a < naggs; ++a) aggs[a].Add(g.args[idx[j] * naggs + a]);
      }
      if (holds()) fire(0, idx.size(), g.times[idx.back()]);
      continue;
    }
    // Sliding window (t - length, t], anchored at each distinct time t.
    const int64_t length = q.window->length_seconds;
    while (hi < idx.size()) {
      const int64_t t = g.times[idx[hi]];
      while (hi < idx.size() && g.times[idx[hi]] == t) {
        for (size_t a = 0; a < naggs; ++a) aggs[a].Add(g.args[idx[hi] * naggs + a]);
        ++hi;
      }
      while (lo < hi && g.times[idx[lo]] <= t - length) {
        for (size_t a = 0; a < naggs; ++a) aggs[a].Remove(g.args[idx[lo] * naggs + a]);
        ++lo;
      }
      if (holds()) {
        fire(lo, hi, t);
        break;  // one alert per group: its key is the group's
      }
    }
  }
  f.aggregates = nullptr;
}

void Executor::RunSequence(const plan::Rule& rule, AlertCollector& out, RuleStats* stats) {
  const plan::QueryPlan& q = rule.query;
  const plan::Sequence& seq = *q.sequence;
  Source source = RowsOf(q.source);
  Frame f = NewFrame(q);
  struct Item {
    uint32_t row;
    uint32_t steps;  // bit k: step k's condition holds
    bool unless;
    std::vector<plan::Value> order;
  };
  std::unordered_map<std::string, std::vector<Item>> partitions;
  std::deque<std::string> texts;
  std::string key;
  for (size_t i = 0; i < source.size(); ++i) {
    if (source.Skip(i)) continue;
    Row row = source.At(i);
    if (!Bind(q, f, row)) continue;
    if (!KeyOf(seq.partition, f, &key)) continue;
    Item item{static_cast<uint32_t>(i), 0, false, {}};
    for (size_t s = 0; s < seq.steps.size(); ++s) {
      if (IsTrue(Eval(seq.steps[s], f))) item.steps |= 1u << s;
    }
    item.unless = seq.unless != plan::kNoExpr && IsTrue(Eval(seq.unless, f));
    if (item.steps == 0 && !item.unless) continue;  // plays no part
    for (plan::ExprId o : seq.order) item.order.push_back(Keep(Eval(o, f), f, &texts));
    partitions[key].push_back(std::move(item));
  }
  std::vector<const std::string*> order;
  for (const auto& [k, v] : partitions) order.push_back(&k);
  std::sort(order.begin(), order.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  stats->primitive = "sequence";
  stats->state_keys = static_cast<int64_t>(partitions.size());
  for (const auto& [k, items] : partitions) {
    stats->state_bytes += static_cast<int64_t>(k.capacity() + 48 + items.capacity() * sizeof(Item));
    for (const Item& item : items) {
      stats->state_bytes += static_cast<int64_t>(item.order.capacity() * sizeof(plan::Value));
    }
  }
  const size_t n = seq.steps.size();
  for (const std::string* k : order) {
    std::vector<Item>& items = partitions[*k];
    std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
      for (size_t j = 0; j < a.order.size(); ++j) {
        const plan::Value &x = a.order[j], &y = b.order[j];
        if (x.null != y.null) return x.null;  // nulls first
        if (x.null) continue;
        if (x.type == plan::Type::kString ? x.text != y.text : x.num != y.num) {
          return x.type == plan::Type::kString ? x.text < y.text : x.num < y.num;
        }
      }
      // The records' keys: the last tie-break, read only where all else ties.
      return RecordKeyOf(source.At(a.row)) < RecordKeyOf(source.At(b.row));
    });
    size_t done = 0;                       // steps completed since the last `unless`
    std::vector<uint32_t> matched(n, 0);   // the record that completed each step
    for (const Item& item : items) {
      if (item.unless) {
        done = 0;
        continue;
      }
      for (size_t s = n; s-- > 0;) {
        if (!(item.steps & (1u << s)) || s > done) continue;
        if (s + 1 == n) {
          Bind(q, f, source.At(item.row));
          std::vector<EvidenceRef> evidence;
          for (size_t j = 0; j + 1 < n; ++j) {
            Row r = source.At(matched[j]);
            f.rows[seq.step_slots[j]] = r;
            for (EvidenceRef& e : EvidenceOf(q.source, r)) evidence.push_back(std::move(e));
          }
          Row last = source.At(item.row);
          f.rows[seq.step_slots[n - 1]] = last;
          for (EvidenceRef& e : EvidenceOf(q.source, last)) evidence.push_back(std::move(e));
          out.Offer(MakeAlert(rule, f, EventTimeOf(q.source, last), std::move(evidence), plan::kNoExpr));
        } else if (s == done) {
          matched[s] = item.row;
          done = s + 1;
        }
        break;
      }
    }
  }
}

}  // namespace fundwatch::runtime
