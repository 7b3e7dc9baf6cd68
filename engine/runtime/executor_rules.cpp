// The rules' operators: per-record rules, sliding windows, calendar buckets
// and sequences, each fed the rows of its source in replay order and keeping
// only the keyed state it needs; and the alert collector they share.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "engine/runtime/aggregator.h"
#include "engine/runtime/executor_internal.h"

namespace fundwatch::runtime {

// --- alerts --------------------------------------------------------------------------

namespace {

bool Before(const Alert& a, const Alert& b) {
  int64_t ta = a.event_time.value_or(INT64_MAX), tb = b.event_time.value_or(INT64_MAX);
  if (ta != tb) return ta < tb;
  auto first = [](const Alert& x) { return x.evidence.empty() ? std::string() : x.evidence.front().id; };
  return first(a) < first(b);
}

}  // namespace

void AlertCollector::Offer(Alert a) {
  auto& target = a.suppressed_by.empty() ? kept_ : suppressed_;
  auto it = target.find(a.key_text);
  if (it == target.end()) {
    target.emplace(a.key_text, std::move(a));
  } else if (Before(a, it->second)) {
    it->second = std::move(a);
  }
}

int64_t AlertCollector::SuppressedOnly() const {
  int64_t n = 0;
  for (const auto& [k, a] : suppressed_) n += kept_.count(k) == 0;
  return n;
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

// A row's primary key, for tie-breaks (rule results are stored in key
// order, so their position, zero-padded, sorts them).
std::string RecordKeyOf(const Row& row) {
  if (row.record != nullptr) return row.record->KeyString();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010u", row.id);
  return buf;
}

// A copy of a row that outlives its event time: the record in binary form
// (only the fields the plan reads) and the values beside it (a derived
// set's lets, a rule result's keys). Restored when an alert is made.
struct SavedRow {
  std::string record;  // Record::AppendBinary; empty for rule results
  struct Extra {
    std::vector<plan::Value> values;
    std::deque<std::string> texts;
  };
  std::unique_ptr<Extra> extra;
  uint32_t id = 0;
  uint16_t base_fields = 0;

  static SavedRow Of(const Row& row, size_t n_extra, const std::vector<std::vector<bool>>& keep) {
    SavedRow s;
    s.id = row.id;
    s.base_fields = row.base_fields;
    if (row.record != nullptr) row.record->AppendBinary(&s.record, &keep[row.record->table()]);
    if (n_extra > 0) {
      s.extra = std::make_unique<Extra>();
      for (size_t i = 0; i < n_extra; ++i) {
        plan::Value v = row.extra[i];
        if (!v.null && (v.type == plan::Type::kString || v.type == plan::Type::kList)) {
          s.extra->texts.emplace_back(v.text);
          v.text = s.extra->texts.back();
        }
        s.extra->values.push_back(v);
      }
    }
    return s;
  }
  // The row again; its record is decoded into *scratch.
  Row Restore(Record* scratch) const {
    const Record* r = nullptr;
    if (!record.empty()) {
      const char* p = record.data();
      Record::ReadBinary(&p, p + record.size(), scratch);
      r = scratch;
    }
    return Row{r, extra ? extra->values.data() : nullptr, base_fields, id, false};
  }
  size_t Bytes() const {
    size_t n = sizeof(SavedRow) + record.capacity();
    if (extra) n += sizeof(Extra) + extra->values.capacity() * sizeof(plan::Value) + extra->texts.size() * 48;
    return n;
  }
};

// How many values a row of `source` carries beside its record.
size_t ExtraCount(const plan::Plan& plan, plan::SourceRef source) {
  size_t n = 0;
  while (source.kind == plan::SourceKind::kDerived) {
    n += plan.derived[source.index].query.lets.size();
    source = plan.derived[source.index].query.source;
  }
  if (source.kind == plan::SourceKind::kRule) n += plan.rules[source.index].keys.size();
  return n;
}

// The most keys a rule's state held at once, and its bytes then (bytes
// grow as keys do; where they grew later with fewer keys, the larger is kept).
struct Peak {
  size_t keys = 0, bytes = 0;
  void Note(size_t k, size_t b) {
    if (k >= keys) {
      keys = k;
      bytes = std::max(bytes, b);
    }
  }
  void Report(RuleStats* stats) const {
    stats->state_keys = static_cast<int64_t>(keys);
    stats->state_bytes = static_cast<int64_t>(bytes);
  }
};

// A rough size of a hash-map node holding `key` (node, bucket slot, text).
size_t NodeBytes(const std::string& key) { return 48 + key.capacity() + (key.capacity() > 15 ? 16 : 0); }

}  // namespace

// --- per-record rules ------------------------------------------------------------------

namespace {

class PlainOperator : public Executor::Operator {
 public:
  using Operator::Operator;
  void OnRow(const Executor::Item& item, Executor::Batch&) override {
    const plan::QueryPlan& q = rule_.query;
    if (!ex_.Bind(q, frame_, item.row)) return;
    std::optional<int64_t> time;
    if (item.time != INT64_MIN) time = item.time;
    collector.Offer(ex_.MakeAlert(rule_, frame_, time, ex_.EvidenceOf(q.source, item.row), q.where));
  }
};

}  // namespace

// --- windows and buckets ------------------------------------------------------------------

namespace {

// Groups of a grouped rule. With a window (t - length, t]: a group holds
// the records of the last window length, judged at the end of each event
// time at which it got a record, expired as time passes, and dropped when
// empty or once it has fired (one alert per group). Without a window (a
// calendar bucket in the group key): a group holds its aggregates and its
// records' ids, judged when the stream ends.
class GroupOperator : public Executor::Operator {
 public:
  GroupOperator(Executor& ex, const plan::Rule& rule, const std::vector<std::vector<bool>>& keep)
      : Operator(ex, rule), keep_(keep), n_extra_(ExtraCount(ex.plan(), rule.query.source)) {}

  void OnRow(const Executor::Item& item, Executor::Batch& batch) override {
    const plan::QueryPlan& q = rule_.query;
    if (!ex_.Bind(q, frame_, item.row)) return;
    if (!KeyOf(q.group_by, frame_, &key_)) return;
    int64_t time = item.time;
    if (q.window) {
      if (fired_.count(key_)) return;  // judged once: its alert is out
      plan::Value t = Eval(q.window->time, frame_);
      if (t.null) return;
      time = t.num;
    }
    auto [it, created] = groups_.try_emplace(key_);
    Group& g = it->second;
    if (created) {
      for (const plan::Aggregate& a : q.aggregates) g.aggs.emplace_back(a);
      bytes_ += NodeBytes(it->first) + sizeof(Group) + g.aggs.capacity() * sizeof(Aggregator);
      peak_.Note(groups_.size(), bytes_);
    }
    Entry& e = g.entries.emplace_back();
    e.time = time;
    e.id = item.row.record != nullptr ? item.row.record->KeyString() : std::string();
    e.row_id = item.row.id;
    e.args.reserve(q.aggregates.size());
    e.texts.reserve(q.aggregates.size());
    for (size_t a = 0; a < q.aggregates.size(); ++a) {
      const plan::Aggregate& spec = q.aggregates[a];
      plan::Value v = spec.arg == plan::kNoExpr ? plan::Value::Bool(true) : Eval(spec.arg, frame_);
      if (!v.null && (v.type == plan::Type::kString || v.type == plan::Type::kList)) {
        e.texts.emplace_back(v.text);
        v.text = e.texts.back();
      }
      e.args.push_back(v);
      g.aggs[a].Add(v);
    }
    bytes_ += EntryBytes(e);
    g.newest = time;
    if (q.window) {
      Expire(g, time);
      g.last = item.row;
      if (!g.dirty) {
        g.dirty = true;
        dirty_.push_back(&*it);
      }
      Touch(batch);
    } else {
      g.saved = SavedRow::Of(item.row, n_extra_, keep_);
    }
  }

  void EndTime(int64_t time) override {
    for (auto* node : dirty_) {
      Group& g = node->second;
      g.dirty = false;
      if (!Holds(g, g.last)) continue;
      Fire(g, g.last, time);
      fired_.insert(node->first);
      Erase(node->first);
    }
    dirty_.clear();
    // Now and then, drop what has left every window.
    const int64_t length = rule_.query.window->length_seconds;
    if (time - last_sweep_ < std::max<int64_t>(length, 86400)) return;
    last_sweep_ = time;
    for (auto it = groups_.begin(); it != groups_.end();) {
      Expire(it->second, time);
      if (it->second.entries.empty()) {
        bytes_ -= NodeBytes(it->first) + sizeof(Group) + it->second.aggs.capacity() * sizeof(Aggregator);
        it = groups_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void EndStream() override {
    if (rule_.query.window) return;  // judged as time went
    std::vector<const std::string*> order;
    for (const auto& [k, g] : groups_) order.push_back(&k);
    std::sort(order.begin(), order.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    Record scratch;
    for (const std::string* k : order) {
      Group& g = groups_.at(*k);
      Row last = g.saved.Restore(&scratch);
      if (Holds(g, last)) Fire(g, last, g.newest);
    }
  }

  void SampleState(RuleStats* stats) const override {
    stats->primitive = rule_.query.window ? "sliding window" : "calendar bucket";
    peak_.Note(groups_.size(), bytes_);
    peak_.Report(stats);
  }

 private:
  struct Entry {
    int64_t time = 0;
    std::string id;         // the record's primary key (evidence)
    uint32_t row_id = 0;    // rule results: the row's position
    std::vector<plan::Value> args;
    std::vector<std::string> texts;  // behind string arguments
  };
  struct Group {
    std::deque<Entry> entries;
    std::vector<Aggregator> aggs;
    Row last;               // windows: the latest row, valid until EndTime
    SavedRow saved;         // buckets: the latest row, kept
    int64_t newest = 0;
    bool dirty = false;
  };

  static size_t EntryBytes(const Entry& e) {
    size_t n = sizeof(Entry) + e.args.capacity() * sizeof(plan::Value) + (e.id.capacity() > 15 ? e.id.capacity() + 16 : 0);
    for (const std::string& t : e.texts) n += sizeof(std::string) + (t.capacity() > 15 ? t.capacity() + 16 : 0);
    return n;
  }

  void Expire(Group& g, int64_t now) {
    if (!rule_.query.window) return;
    const int64_t length = rule_.query.window->length_seconds;
    while (!g.entries.empty() && g.entries.front().time <= now - length) {
      Entry& e = g.entries.front();
      for (size_t a = 0; a < g.aggs.size(); ++a) g.aggs[a].Remove(e.args[a]);
      bytes_ -= EntryBytes(e);
      g.entries.pop_front();
    }
  }

  void Erase(const std::string& key) {
    auto it = groups_.find(key);
    for (const Entry& e : it->second.entries) bytes_ -= EntryBytes(e);
    bytes_ -= NodeBytes(it->first) + sizeof(Group) + it->second.aggs.capacity() * sizeof(Aggregator);
    groups_.erase(it);
  }

  // The outputs read the group's latest row, as the having does.
  bool Holds(Group& g, const Row& last) {
    const plan::QueryPlan& q = rule_.query;
    ex_.Bind(q, frame_, last);
    agg_values_.resize(g.aggs.size());
    for (size_t a = 0; a < g.aggs.size(); ++a) agg_values_[a] = g.aggs[a].Current();
    frame_.aggregates = agg_values_.data();
    for (const plan::Let& l : q.agg_lets) frame_.values[l.slot] = Eval(l.value, frame_);
    return IsTrue(Eval(q.having, frame_));
  }

  // REQUIRES: Holds(g, last) just returned true (the frame is bound).
  void Fire(const Group& g, const Row& last, int64_t time) {
    (void)last;
    const plan::QueryPlan& q = rule_.query;
    std::vector<EvidenceRef> evidence;
    for (const Entry& e : g.entries) {
      if (q.source.kind == plan::SourceKind::kRule) {
        Row r{nullptr, nullptr, 0, e.row_id, false};
        for (EvidenceRef& ref : ex_.EvidenceOf(q.source, r)) evidence.push_back(std::move(ref));
      } else {
        evidence.push_back(EvidenceRef{std::string(Table(source_table()).name), e.id});
      }
    }
    std::sort(evidence.begin(), evidence.end(), [](const EvidenceRef& a, const EvidenceRef& b) {
      return a.table != b.table ? a.table < b.table : a.id < b.id;
    });
    collector.Offer(ex_.MakeAlert(rule_, frame_, time, std::move(evidence), q.having, /*with_joins=*/false));
    frame_.aggregates = nullptr;
  }

  TableId source_table() const {
    plan::SourceRef s = rule_.query.source;
    while (s.kind == plan::SourceKind::kDerived) s = ex_.plan().derived[s.index].query.source;
    return static_cast<TableId>(s.index);
  }

  const std::vector<std::vector<bool>>& keep_;
  const size_t n_extra_;
  std::unordered_map<std::string, Group> groups_;
  std::vector<std::pair<const std::string, Group>*> dirty_;
  std::unordered_set<std::string> fired_;
  std::vector<plan::Value> agg_values_;
  std::string key_;
  int64_t last_sweep_ = INT64_MIN / 2;
  size_t bytes_ = 0;
  mutable Peak peak_;
};

}  // namespace

// --- sequences -----------------------------------------------------------------------

namespace {

// Per partition: how many steps have matched since the last `unless`, and
// the rows that matched them. A partition whose progress is back to zero
// holds nothing and is dropped. Rows of one event time are put in the
// sequence's full order (its later `order by` terms, then the records'
// keys) before they are applied.
class SequenceOperator : public Executor::Operator {
 public:
  SequenceOperator(Executor& ex, const plan::Rule& rule, const std::vector<std::vector<bool>>& keep)
      : Operator(ex, rule), keep_(keep), n_extra_(ExtraCount(ex.plan(), rule.query.source)) {}

  void OnRow(const Executor::Item& item, Executor::Batch& batch) override {
    const plan::QueryPlan& q = rule_.query;
    const plan::Sequence& seq = *q.sequence;
    if (!ex_.Bind(q, frame_, item.row)) return;
    if (!KeyOf(seq.partition, frame_, &key_)) return;
    Pending p;
    for (size_t s = 0; s < seq.steps.size(); ++s) {
      if (IsTrue(Eval(seq.steps[s], frame_))) p.steps |= 1u << s;
    }
    p.unless = seq.unless != plan::kNoExpr && IsTrue(Eval(seq.unless, frame_));
    if (p.steps == 0 && !p.unless) return;  // plays no part
    auto [it, created] = parts_.try_emplace(key_);
    if (created) {
      bytes_ += NodeBytes(it->first) + sizeof(Partition);
      peak_.Note(parts_.size(), bytes_);
    }
    p.partition = &*it;
    p.row = item.row;
    p.time = item.time;
    p.order = order_values_.size();
    for (plan::ExprId o : seq.order) {
      plan::Value v = Eval(o, frame_);
      if (!v.null && v.type == plan::Type::kString && frame_.scratch_used > 0) {
        texts_.emplace_back(v.text);
        v.text = texts_.back();
      }
      order_values_.push_back(v);
    }
    pending_.push_back(std::move(p));
    Touch(batch);
  }

  void EndTime(int64_t) override {
    const size_t n_order = rule_.query.sequence->order.size();
    std::sort(pending_.begin(), pending_.end(), [&](const Pending& a, const Pending& b) {
      if (a.partition != b.partition) return a.partition < b.partition;
      for (size_t j = 0; j < n_order; ++j) {
        const plan::Value &x = order_values_[a.order + j], &y = order_values_[b.order + j];
        if (x.null != y.null) return x.null;  // nulls first
        if (x.null) continue;
        if (x.type == plan::Type::kString ? x.text != y.text : x.num != y.num) {
          return x.type == plan::Type::kString ? x.text < y.text : x.num < y.num;
        }
      }
      // The records' keys: the last tie-break, read only where all else ties.
      return RecordKeyOf(a.row) < RecordKeyOf(b.row);
    });
    for (const Pending& p : pending_) Apply(p);
    // Pending rows are sorted by partition: each is looked at once.
    for (size_t i = 0; i < pending_.size(); ++i) {
      auto* node = pending_[i].partition;
      if (i > 0 && pending_[i - 1].partition == node) continue;
      if (node->second.done == 0) {
        bytes_ -= NodeBytes(node->first) + sizeof(Partition);
        parts_.erase(node->first);
      }
    }
    pending_.clear();
    order_values_.clear();
    texts_.clear();
  }

  void SampleState(RuleStats* stats) const override {
    stats->primitive = "sequence";
    peak_.Note(parts_.size(), bytes_);
    peak_.Report(stats);
  }

 private:
  struct Partition {
    uint32_t done = 0;               // steps matched since the last `unless`
    std::vector<SavedRow> matched;   // the row that matched each of them
  };
  struct Pending {
    std::pair<const std::string, Partition>* partition = nullptr;
    Row row;
    int64_t time = 0;
    uint32_t steps = 0;  // bit k: step k's condition holds
    bool unless = false;
    size_t order = 0;  // its `order by` values: order_values_[order...]
  };

  size_t MatchedBytes(const Partition& p) const {
    size_t n = p.matched.capacity() * sizeof(SavedRow);
    for (const SavedRow& s : p.matched) n += s.Bytes() - sizeof(SavedRow);
    return n;
  }

  void Apply(const Pending& item) {
    const plan::QueryPlan& q = rule_.query;
    const plan::Sequence& seq = *q.sequence;
    // A partition erased earlier in this batch cannot be pending: erasure
    // happens only after every pending row is applied.
    Partition& part = item.partition->second;
    const size_t n = seq.steps.size();
    if (item.unless) {
      bytes_ -= MatchedBytes(part);
      part.done = 0;
      part.matched.clear();
      part.matched.shrink_to_fit();
      return;
    }
    for (size_t s = n; s-- > 0;) {
      if (!(item.steps & (1u << s)) || s > part.done) continue;
      if (s + 1 == n) {
        ex_.Bind(q, frame_, item.row);
        std::vector<EvidenceRef> evidence;
        std::vector<Record> scratch(n);
        for (size_t j = 0; j + 1 < n; ++j) {
          Row r = part.matched[j].Restore(&scratch[j]);
          frame_.rows[seq.step_slots[j]] = r;
          for (EvidenceRef& e : ex_.EvidenceOf(q.source, r)) evidence.push_back(std::move(e));
        }
        frame_.rows[seq.step_slots[n - 1]] = item.row;
        for (EvidenceRef& e : ex_.EvidenceOf(q.source, item.row)) evidence.push_back(std::move(e));
        collector.Offer(ex_.MakeAlert(rule_, frame_, item.time, std::move(evidence), plan::kNoExpr));
      } else if (s == part.done) {
        bytes_ -= MatchedBytes(part);
        part.matched.resize(std::max<size_t>(part.matched.size(), s + 1));
        part.matched[s] = SavedRow::Of(item.row, n_extra_, keep_);
        part.done = static_cast<uint32_t>(s + 1);
        bytes_ += MatchedBytes(part);
      }
      break;
    }
  }

  const std::vector<std::vector<bool>>& keep_;
  const size_t n_extra_;
  std::unordered_map<std::string, Partition> parts_;
  std::vector<Pending> pending_;
  std::vector<plan::Value> order_values_;  // of the pending rows
  std::deque<std::string> texts_;  // order values made during evaluation
  std::string key_;
  size_t bytes_ = 0;
  mutable Peak peak_;
};

}  // namespace

std::unique_ptr<Executor::Operator> MakeOperator(Executor& ex, const plan::Rule& rule,
                                                 const std::vector<std::vector<bool>>& keep) {
  if (rule.query.sequence) return std::make_unique<SequenceOperator>(ex, rule, keep);
  if (!rule.query.group_by.empty()) return std::make_unique<GroupOperator>(ex, rule, keep);
  return std::make_unique<PlainOperator>(ex, rule);
}

}  // namespace fundwatch::runtime
