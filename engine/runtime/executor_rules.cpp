// The rules' operators: per-record rules, sliding windows, calendar buckets
// and sequences, each fed the rows of its source in replay order and keeping
// only the keyed state it needs; and the alert collector they share.
#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "engine/common/varint.h"
#include "engine/runtime/aggregator.h"
#include "engine/runtime/executor_internal.h"
#include "engine/runtime/keyed_state.h"
#include "engine/runtime/row_arena.h"

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

void AlertCollector::Absorb(AlertCollector&& other) {
  for (auto& [key, alert] : other.kept_) Offer(std::move(alert));
  for (auto& [key, alert] : other.suppressed_) Offer(std::move(alert));
  other.kept_.clear();
  other.suppressed_.clear();
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
    AppendKeyPart(key, v);
  }
  return true;
}

// Rows that outlive their event time (the records a sequence step matched,
// a bucket's latest row) are saved as bytes: the row's position, its record
// in binary form (only the fields the plan reads) and the values beside it
// (a derived set's lets, a rule result's keys). Restored when an alert is
// made.
template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
T Get(const char** p) {
  T v;
  std::memcpy(&v, *p, sizeof v);
  *p += sizeof v;
  return v;
}

void SaveRow(const Row& row, size_t n_extra, const std::vector<std::vector<bool>>& keep, std::string* out) {
  // Varints throughout: a saved row is mostly its record's few kept fields.
  PutVarint(out, row.id);
  PutVarint(out, row.base_fields);
  thread_local std::string record;
  record.clear();
  if (row.record != nullptr) row.record->AppendBinary(&record, &keep[row.record->table()]);
  PutVarint(out, record.size());
  out->append(record);
  PutVarint(out, n_extra);
  for (size_t i = 0; i < n_extra; ++i) {
    const plan::Value& v = row.extra[i];
    Put<uint8_t>(out, static_cast<uint8_t>(v.type));
    Put<uint8_t>(out, v.null ? 1 : 0);
    Put<int64_t>(out, v.num);
    PutVarint(out, v.text.size());
    out->append(v.text);
  }
}

// Reads a row SaveRow wrote at *p: its record into *record, its values into
// *extra (their texts point into the saved bytes). The bytes are ours, so
// always whole.
Row LoadRow(const char** p, Record* record, std::vector<plan::Value>* extra) {
  auto varint = [&]() {
    uint64_t v = 0;
    GetVarint(p, *p + 10, &v);  // a varint is at most 10 bytes
    return v;
  };
  Row row;
  row.null = false;
  row.id = static_cast<uint32_t>(varint());
  row.base_fields = static_cast<uint16_t>(varint());
  const uint64_t length = varint();
  if (length > 0) {
    const char* r = *p;
    Record::ReadBinary(&r, r + length, record);
    row.record = record;
  }
  *p += length;
  const uint64_t n = varint();
  extra->clear();
  for (uint64_t i = 0; i < n; ++i) {
    plan::Value v;
    v.type = static_cast<plan::Type>(Get<uint8_t>(p));
    v.null = Get<uint8_t>(p) != 0;
    v.num = Get<int64_t>(p);
    const uint64_t text = varint();
    v.text = std::string_view(*p, text);
    *p += text;
    extra->push_back(v);
  }
  row.extra = extra->empty() ? nullptr : extra->data();
  return row;
}

// Saved rows, back to back, in one allocation.
struct Blob {
  std::unique_ptr<char[]> data;
  uint32_t size = 0;
  void Append(std::string_view bytes) {
    auto grown = std::make_unique<char[]>(size + bytes.size());
    if (size > 0) std::memcpy(grown.get(), data.get(), size);
    std::memcpy(grown.get() + size, bytes.data(), bytes.size());
    data = std::move(grown);
    size += static_cast<uint32_t>(bytes.size());
  }
  void Clear() {
    data.reset();
    size = 0;
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

// The most keys a rule's state held at once, and the bytes it held then.
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

// Groups of a grouped rule, in KeyedState. With a window (t - length, t]: a
// group holds the records of the last window length (times, aggregate
// arguments, evidence ids, oldest first), is judged at the end of each
// event time at which it got a record, loses records as they leave the
// window, and is dropped when empty. Once it has fired (one alert per
// group) it keeps only its key, marked, and takes no more records. Without
// a window (a calendar bucket in the group key): a group holds its
// aggregates and its records' ids, judged when the stream ends.
class GroupOperator : public Executor::Operator {
 public:
  GroupOperator(Executor& ex, const plan::Rule& rule, const std::vector<std::vector<bool>>& keep)
      : Operator(ex, rule), keep_(keep), n_extra_(ExtraCount(ex.plan(), rule.query.source)),
        naggs_(rule.query.aggregates.size()), from_rule_(rule.query.source.kind == plan::SourceKind::kRule) {
    int table = BaseTable(ex.plan(), rule.query.source);
    if (table >= 0) table_name_ = Table(static_cast<TableId>(table)).name;
  }

  void OnRow(const Executor::Item& item, Executor::Batch& batch) override {
    const plan::QueryPlan& q = rule_.query;
    if (!ex_.Bind(q, frame_, item.row)) return;
    // By partition, the rows of one partition are of one group: its key is
    // made and found once, for the partition's first row that gets here.
    const bool known = same_partition_ && known_group_;
    if (!known && !KeyOf(q.group_by, frame_, &key_)) return;
    int64_t time = item.time;
    if (q.window) {
      plan::Value t = Eval(q.window->time, frame_);
      if (t.null) return;
      time = t.num;
    }
    auto [id, created] = known ? std::pair<KeyedState<Group>::Id, bool>(group_, false) : groups_.FindOrInsert(key_);
    if (by_partition_) {
      known_group_ = true;
      group_ = id;
    }
    Group& g = groups_[id];
    if (g.fired && !created) return;  // judged once: its alert is out
    if (created) {
      g.Reset();  // a value an erased key left, buffers kept
      const size_t first = static_cast<size_t>(id) * naggs_;
      while (aggs_.size() < first + naggs_) aggs_.emplace_back(q.aggregates[aggs_.size() - first]);
      for (size_t a = 0; a < naggs_; ++a) aggs_[first + a].Reset();
      bytes_ += sizeof(Group) + naggs_ * sizeof(Aggregator);
      peak_.Note(groups_.size(), bytes_ + groups_.Bytes());
    }
    // One entry, packed: time, row position (rule results), evidence id,
    // then each aggregate's argument.
    const size_t before = g.entries.size();
    PutVarint(&g.entries, ZigZag(time));
    if (from_rule_) PutVarint(&g.entries, item.row.id);
    std::string_view evidence_id = item.row.record != nullptr ? item.row.record->KeyView(&key_scratch_) : std::string_view();
    PutVarint(&g.entries, evidence_id.size());
    g.entries.append(evidence_id);
    for (size_t a = 0; a < naggs_; ++a) {
      const plan::Aggregate& spec = q.aggregates[a];
      plan::Value v = spec.arg == plan::kNoExpr ? plan::Value::Bool(true) : Eval(spec.arg, frame_);
      if (!v.null && (v.type == plan::Type::kString || v.type == plan::Type::kList)) {
        v.text = Intern(v.text);  // codes repeat: one copy each, and entries point to it
      }
      PutValue(&g.entries, v);
      Agg(id, a).Add(v);
    }
    ++g.live;
    bytes_ += g.entries.size() - before;
    g.newest = time;
    if (q.window) {
      Expire(id, time);
      if (!g.queued) {
        expiry_.emplace_back(time + q.window->length_seconds, id);
        g.queued = true;
      }
      if (g.dirty < 0) {
        g.dirty = static_cast<int32_t>(dirty_.size());
        dirty_.emplace_back(id, item.row);
      } else {
        dirty_[static_cast<size_t>(g.dirty)].second = item.row;  // the latest row of this time
      }
      Touch(batch);
    } else {
      std::string saved;
      SaveRow(item.row, n_extra_, keep_, &saved);
      g.saved.Clear();
      g.saved.Append(saved);
    }
  }

  void EndTime(int64_t time) override {
    for (const auto& [id, last] : dirty_) {
      Group& g = groups_[id];
      g.dirty = -1;
      if (!Holds(id, last)) continue;
      Fire(id, time);
      // The key stays, marked, so that later records of the group are
      // passed over with the one lookup they make anyway.
      bytes_ -= g.entries.size() - g.head;
      std::string().swap(g.entries);
      g.head = g.live = 0;
      g.fired = true;
      for (size_t a = 0; a < naggs_; ++a) Agg(id, a).Reset();
    }
    dirty_.clear();
    // Drop the groups whose every record has left the window: each live
    // group waits in `expiry_` for the end of its newest record's window.
    const int64_t length = rule_.query.window->length_seconds;
    while (!expiry_.empty() && expiry_.front().first <= time) {
      const KeyedState<Group>::Id id = expiry_.front().second;
      expiry_.pop_front();
      Group& g = groups_[id];
      g.queued = false;
      if (g.fired) continue;
      if (g.newest + length > time) {  // it got records since: wait again
        expiry_.emplace_back(g.newest + length, id);
        g.queued = true;
        continue;
      }
      Erase(id);
    }
  }

  // One group at a time (a sliding window judged by partition): its rows
  // in time order, each time judged when the next begins, the group
  // dropped when the next partition begins.
  void OnOrderedRow(const Executor::Item& item, bool first) override {
    by_partition_ = true;
    if (first) {
      EndOrdered();
    } else if (item.time != ordered_time_) {
      EndTime(ordered_time_);
    }
    ordered_time_ = item.time;
    ordered_ = true;
    same_partition_ = !first;
    OnRow(item, ordered_batch_);
    same_partition_ = false;
    ordered_batch_.touched.clear();
  }
  void EndOrdered() override {
    if (!ordered_) return;
    EndTime(ordered_time_);
    std::vector<KeyedState<Group>::Id> ids;
    groups_.ForEach([&](KeyedState<Group>::Id id) { ids.push_back(id); });
    for (KeyedState<Group>::Id id : ids) Erase(id);
    expiry_.clear();
    ordered_ = false;
  }

  void EndStream() override {
    if (rule_.query.window) return;  // judged as time went
    std::vector<KeyedState<Group>::Id> order;
    groups_.ForEach([&](KeyedState<Group>::Id id) { order.push_back(id); });
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return groups_.KeyOf(a) < groups_.KeyOf(b); });
    Record scratch;
    std::vector<plan::Value> extra;
    for (auto id : order) {
      Group& g = groups_[id];
      const char* p = g.saved.data.get();
      Row last = LoadRow(&p, &scratch, &extra);
      if (Holds(id, last)) Fire(id, g.newest);
    }
  }

  std::vector<uint16_t> StateKeyFields() const override {
    if (!rule_.query.window) return {};
    return SourceFields(ex_.plan(), rule_.query, rule_.query.group_by);
  }
  void PrefetchStateSlot(uint64_t hash) const override { groups_.PrefetchSlot(hash); }
  int64_t PrefetchStateEntry(uint64_t hash) const override { return groups_.PrefetchEntry(hash); }
  void PrefetchStateValue(uint32_t id) const override {
    groups_.PrefetchKey(id);
    __builtin_prefetch(groups_[id].entries.data());
  }

  void SampleState(RuleStats* stats) const override {
    stats->primitive = !rule_.query.window ? "calendar bucket" : by_partition_ ? "sliding window, by partition" : "sliding window";
    peak_.Note(groups_.size(), bytes_ + groups_.Bytes());
    peak_.Report(stats);
  }

 private:
  // A group: its live entries packed in one buffer, oldest first (time,
  // row position for rule results, evidence id, aggregate arguments), and
  // its aggregates in aggs_ at id * naggs_.
  struct Group {
    std::string entries;
    uint32_t head = 0;       // byte offset of the oldest live entry
    uint32_t live = 0;       // live entries
    int32_t dirty = -1;      // windows: its place in dirty_ until the time ends
    bool fired = false;      // windows: judged and alerted; holds nothing more
    bool queued = false;     // windows: waiting in expiry_
    int64_t newest = 0;
    Blob saved;              // buckets: the latest row
    void Reset() {
      entries.clear();
      head = live = 0;
      dirty = -1;
      fired = queued = false;
      newest = 0;
      saved.Clear();
    }
  };
  // One entry read back.
  struct Entry {
    int64_t time = 0;
    uint32_t row_id = 0;
    std::string_view id;
  };

  // Aggregate a of group id (a deque: not contiguous, always indexed).
  Aggregator& Agg(KeyedState<Group>::Id id, size_t a) { return aggs_[static_cast<size_t>(id) * naggs_ + a]; }

  // A value: its type (0: null), then a zigzag varint, or for texts the
  // address of the interned copy and the length.
  static void PutValue(std::string* out, const plan::Value& v) {
    if (v.null) {
      out->push_back(0);
      return;
    }
    out->push_back(static_cast<char>(1 + static_cast<int>(v.type)));
    if (v.type == plan::Type::kString || v.type == plan::Type::kList) {
      const char* at = v.text.data();
      out->append(reinterpret_cast<const char*>(&at), sizeof at);
      PutVarint(out, v.text.size());
    } else {
      PutVarint(out, ZigZag(v.num));
    }
  }
  static plan::Value GetValue(const char** p, const char* end) {
    const uint8_t tag = static_cast<uint8_t>(*(*p)++);
    if (tag == 0) return plan::Value::Null();
    plan::Value v;
    v.type = static_cast<plan::Type>(tag - 1);
    v.null = false;
    uint64_t n = 0;
    if (v.type == plan::Type::kString || v.type == plan::Type::kList) {
      const char* at = nullptr;
      std::memcpy(&at, *p, sizeof at);
      *p += sizeof at;
      GetVarint(p, end, &n);
      v.text = std::string_view(at, n);
    } else {
      GetVarint(p, end, &n);
      v.num = UnZigZag(n);
    }
    return v;
  }
  // Reads the entry at *p (the buffer is ours: always whole), leaving *p at
  // its aggregate arguments.
  Entry GetEntry(const char** p, const char* end) const {
    Entry e;
    uint64_t n = 0;
    GetVarint(p, end, &n);
    e.time = UnZigZag(n);
    if (from_rule_) {
      GetVarint(p, end, &n);
      e.row_id = static_cast<uint32_t>(n);
    }
    GetVarint(p, end, &n);
    e.id = std::string_view(*p, n);
    *p += n;
    return e;
  }
  template <typename F>
  void ForEachLive(const Group& g, F&& f) const {
    const char* p = g.entries.data() + g.head;
    const char* end = g.entries.data() + g.entries.size();
    while (p < end) {
      Entry e = GetEntry(&p, end);
      for (size_t a = 0; a < naggs_; ++a) GetValue(&p, end);
      f(e);
    }
  }

  void Expire(KeyedState<Group>::Id id, int64_t now) {
    if (!rule_.query.window) return;
    Group& g = groups_[id];
    const int64_t length = rule_.query.window->length_seconds;
    const char* base = g.entries.data();
    const char* end = base + g.entries.size();
    while (g.live > 0) {
      const char* p = base + g.head;
      Entry e = GetEntry(&p, end);
      if (e.time > now - length) break;
      for (size_t a = 0; a < naggs_; ++a) Agg(id, a).Remove(GetValue(&p, end));
      bytes_ -= static_cast<size_t>(p - (base + g.head));
      g.head = static_cast<uint32_t>(p - base);
      --g.live;
    }
    // Reclaim the expired prefix once it is most of the buffer.
    if (g.head >= 64 && g.head * 2 >= g.entries.size()) {
      g.entries.erase(0, g.head);
      g.head = 0;
    }
  }

  void Erase(KeyedState<Group>::Id id) {
    if (known_group_ && id == group_) known_group_ = false;
    Group& g = groups_[id];
    bytes_ -= sizeof(Group) + naggs_ * sizeof(Aggregator) + (g.entries.size() - g.head);
    groups_.Erase(id);
  }

  // The outputs read the group's latest row, as the having does.
  bool Holds(KeyedState<Group>::Id id, const Row& last) {
    const plan::QueryPlan& q = rule_.query;
    ex_.Bind(q, frame_, last);
    agg_values_.resize(naggs_);
    for (size_t a = 0; a < naggs_; ++a) agg_values_[a] = Agg(id, a).Current();
    frame_.aggregates = agg_values_.data();
    for (const plan::Let& l : q.agg_lets) frame_.values[l.slot] = Eval(l.value, frame_);
    return IsTrue(Eval(q.having, frame_));
  }

  // REQUIRES: Holds(id, ...) just returned true (the frame is bound).
  void Fire(KeyedState<Group>::Id id, int64_t time) {
    const plan::QueryPlan& q = rule_.query;
    std::vector<EvidenceRef> evidence;
    ForEachLive(groups_[id], [&](const Entry& e) {
      if (from_rule_) {
        Row r{nullptr, nullptr, 0, e.row_id, false};
        for (EvidenceRef& ref : ex_.EvidenceOf(q.source, r)) evidence.push_back(std::move(ref));
      } else {
        evidence.push_back(EvidenceRef{std::string(table_name_), std::string(e.id)});
      }
    });
    std::sort(evidence.begin(), evidence.end(), [](const EvidenceRef& a, const EvidenceRef& b) {
      return a.table != b.table ? a.table < b.table : a.id < b.id;
    });
    collector.Offer(ex_.MakeAlert(rule_, frame_, time, std::move(evidence), q.having, /*with_joins=*/false));
    frame_.aggregates = nullptr;
  }

  const std::vector<std::vector<bool>>& keep_;
  const size_t n_extra_;
  const size_t naggs_;
  const bool from_rule_;
  std::string_view table_name_;
  KeyedState<Group> groups_;
  std::deque<Aggregator> aggs_;  // naggs_ per group id
  std::vector<std::pair<KeyedState<Group>::Id, Row>> dirty_;  // groups touched at this time, their latest row
  std::string_view Intern(std::string_view text) {
    auto it = interned_.find(text);
    if (it != interned_.end()) return *it;
    return *interned_.insert(interned_texts_.emplace_back(text)).first;
  }
  std::unordered_set<std::string_view> interned_;  // text arguments of aggregates
  std::deque<std::string> interned_texts_;
  std::vector<plan::Value> agg_values_;
  std::string key_;
  // By partition: whether this row is of the partition the last one was
  // (set by OnOrderedRow), and the group found for that partition, while
  // it stands.
  bool same_partition_ = false;
  bool known_group_ = false;
  KeyedState<Group>::Id group_{};
  std::string key_scratch_;  // a composite evidence id (Record::KeyView)
  // Windows: (when its newest record leaves the window, group), one entry
  // per live group, roughly in time order (a group that got records since it
  // was queued goes to the back again).
  std::deque<std::pair<int64_t, KeyedState<Group>::Id>> expiry_;
  // Judged by partition: the time of the rows so far, and a batch that no
  // one ends (the operator ends its own times).
  bool by_partition_ = false;
  bool ordered_ = false;
  int64_t ordered_time_ = 0;
  Executor::Batch ordered_batch_;
  size_t bytes_ = 0;
  mutable Peak peak_;
};

}  // namespace

// --- sequences -----------------------------------------------------------------------

namespace {

// Per partition (KeyedState): how many steps have matched since the last
// `unless`, and the rows that matched them (saved as bytes). A partition
// whose progress is back to zero holds nothing and is dropped. Rows of one
// event time are put in the sequence's full order (its later `order by`
// terms, then the records' keys) before they are applied.
class SequenceOperator : public Executor::Operator {
 public:
  SequenceOperator(Executor& ex, const plan::Rule& rule, const std::vector<std::vector<bool>>& keep)
      : Operator(ex, rule), keep_(StepFields(ex.plan(), rule, keep)), n_extra_(ExtraCount(ex.plan(), rule.query.source)) {}

  void OnRow(const Executor::Item& item, Executor::Batch& batch) override {
    const plan::QueryPlan& q = rule_.query;
    const plan::Sequence& seq = *q.sequence;
    if (!ex_.Bind(q, frame_, item.row)) return;
    if (!KeyOf(seq.partition, frame_, &key_)) return;
    Pending p;
    if (!Steps(&p)) return;  // plays no part
    if (p.steps & 1u) {
      // Only the first step starts a partition.
      auto [id, created] = parts_.FindOrInsert(key_);
      if (created) {
        parts_[id] = Partition{};  // a value an erased key left held nothing
        peak_.Note(parts_.size(), rows_.Bytes() + parts_.Bytes());
      }
      p.partition = id;
    } else if (std::optional<KeyedState<Partition>::Id> id = parts_.Find(key_)) {
      p.partition = *id;
    } else {
      // A later step or an `unless` with no partition yet: it matters only
      // if a record of this same time starts one, which EndTime knows.
      p.partition = kNoPartition;
      p.deferred_at = static_cast<uint32_t>(deferred_keys_.size());
      p.deferred_length = static_cast<uint32_t>(key_.size());
      deferred_keys_.append(key_);
    }
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
    pending_.push_back(p);
    Touch(batch);
  }

  // One partition at a time: no keyed state, and no batch to wait for,
  // since a partition's rows come in the sequence's full order.
  void OnOrderedRow(const Executor::Item& item, bool first) override {
    by_partition_ = true;
    if (first) {
      if (current_.size > 0) rows_.Drop(current_.at, current_.size);
      current_ = Partition{};
      if (rows_.WantsCompaction()) rows_ = RowArena();
    }
    if (!ex_.Bind(rule_.query, frame_, item.row)) return;
    Pending p;
    if (!Steps(&p)) return;  // plays no part
    p.row = item.row;
    p.time = item.time;
    Apply(p, current_);
    peak_.Note(1, rows_.Bytes());
  }

  void EndTime(int64_t) override {
    if (!deferred_keys_.empty()) {
      // Records that found no partition: the partitions this time started
      // take them; the others play no part.
      size_t kept = 0;
      for (Pending& p : pending_) {
        if (p.partition == kNoPartition) {
          std::optional<KeyedState<Partition>::Id> id =
              parts_.Find(std::string_view(deferred_keys_).substr(p.deferred_at, p.deferred_length));
          if (!id) continue;
          p.partition = *id;
        }
        pending_[kept++] = p;
      }
      pending_.resize(kept);
      deferred_keys_.clear();
    }
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
      if (a.row.record != nullptr && b.row.record != nullptr) return Record::CompareKeys(*a.row.record, *b.row.record) < 0;
      return RowOrderKey(a.row) < RowOrderKey(b.row);
    });
    for (const Pending& p : pending_) Apply(p, parts_[p.partition]);
    // Pending rows are sorted by partition: each is looked at once.
    for (size_t i = 0; i < pending_.size(); ++i) {
      auto id = pending_[i].partition;
      if (i > 0 && pending_[i - 1].partition == id) continue;
      if (parts_[id].done == 0) parts_.Erase(id);
    }
    pending_.clear();
    order_values_.clear();
    texts_.clear();
    if (rows_.WantsCompaction()) {
      RowArena fresh;
      parts_.ForEach([&](KeyedState<Partition>::Id id) {
        Partition& part = parts_[id];
        if (part.size > 0) part.at = fresh.Put(std::string_view(rows_.At(part.at), part.size));
      });
      rows_ = std::move(fresh);
    }
  }

  std::vector<uint16_t> StateKeyFields() const override {
    return SourceFields(ex_.plan(), rule_.query, rule_.query.sequence->partition);
  }
  void PrefetchStateSlot(uint64_t hash) const override { parts_.PrefetchSlot(hash); }
  int64_t PrefetchStateEntry(uint64_t hash) const override { return parts_.PrefetchEntry(hash); }
  void PrefetchStateValue(uint32_t id) const override {
    parts_.PrefetchKey(id);
    if (parts_[id].size > 0) __builtin_prefetch(rows_.At(parts_[id].at));
  }

  void SampleState(RuleStats* stats) const override {
    stats->primitive = by_partition_ ? "sequence, by partition" : "sequence";
    peak_.Note(parts_.size(), rows_.Bytes() + parts_.Bytes());
    peak_.Report(stats);
  }

 private:
  // How many steps matched since the last `unless`, and the rows that
  // matched them, in step order, in `rows_`: 16 bytes a partition.
  struct Partition {
    uint64_t at = 0;    // the rows' place in rows_ (when size > 0)
    uint32_t size = 0;  // their bytes
    uint32_t done = 0;
  };
  static_assert(sizeof(Partition) == 16);
  static constexpr KeyedState<Partition>::Id kNoPartition = 0xFFFFFFFFu;
  struct Pending {
    KeyedState<Partition>::Id partition = 0;  // kNoPartition: none when offered,
    uint32_t deferred_at = 0;                 // then its key's place in deferred_keys_
    uint32_t deferred_length = 0;
    Row row;
    int64_t time = 0;
    uint32_t steps = 0;  // bit k: step k's condition holds
    bool unless = false;
    size_t order = 0;    // its `order by` values: order_values_[order...]
  };

  // The steps the bound row matches and whether it is an `unless`; false
  // when it is neither.
  bool Steps(Pending* p) {
    const plan::Sequence& seq = *rule_.query.sequence;
    for (size_t s = 0; s < seq.steps.size(); ++s) {
      if (IsTrue(Eval(seq.steps[s], frame_))) p->steps |= 1u << s;
    }
    p->unless = seq.unless != plan::kNoExpr && IsTrue(Eval(seq.unless, frame_));
    return p->steps != 0 || p->unless;
  }

  void Apply(const Pending& item, Partition& part) {
    const plan::QueryPlan& q = rule_.query;
    const plan::Sequence& seq = *q.sequence;
    const size_t n = seq.steps.size();
    if (item.unless) {
      if (part.size > 0) rows_.Drop(part.at, part.size);
      part = Partition{};
      return;
    }
    for (size_t s = n; s-- > 0;) {
      if (!(item.steps & (1u << s)) || s > part.done) continue;
      if (s + 1 == n) {
        ex_.Bind(q, frame_, item.row);
        std::vector<EvidenceRef> evidence;
        std::vector<Record> records(n);
        std::vector<std::vector<plan::Value>> extras(n);
        const char* p = part.size > 0 ? rows_.At(part.at) : nullptr;
        for (size_t j = 0; j + 1 < n; ++j) {
          Row r = LoadRow(&p, &records[j], &extras[j]);
          frame_.rows[seq.step_slots[j]] = r;
          for (EvidenceRef& e : ex_.EvidenceOf(q.source, r)) evidence.push_back(std::move(e));
        }
        frame_.rows[seq.step_slots[n - 1]] = item.row;
        for (EvidenceRef& e : ex_.EvidenceOf(q.source, item.row)) evidence.push_back(std::move(e));
        collector.Offer(ex_.MakeAlert(rule_, frame_, item.time, std::move(evidence), plan::kNoExpr));
      } else if (s == part.done) {
        // The rows so far, then this one, in one place.
        saved_.clear();
        if (part.size > 0) {
          saved_.append(rows_.At(part.at), part.size);
          rows_.Drop(part.at, part.size);
        }
        SaveRow(item.row, n_extra_, keep_, &saved_);
        part.at = rows_.Put(saved_);
        part.size = static_cast<uint32_t>(saved_.size());
        part.done = static_cast<uint32_t>(s + 1);
      }
      break;
    }
  }

  // The fields a saved step record needs: those the rule reads through the
  // step names (messages, exceptions), and the primary key (evidence).
  static std::vector<std::vector<bool>> StepFields(const plan::Plan& plan, const plan::Rule& rule,
                                                   const std::vector<std::vector<bool>>& keep) {
    std::vector<std::vector<bool>> out = keep;
    int table = BaseTable(plan, rule.query.source);
    if (table < 0) return out;
    const TableDef& def = Table(static_cast<TableId>(table));
    std::vector<bool>& k = out[def.id];
    k.assign(def.fields.size(), false);
    for (int f : def.key) k[f] = true;
    const std::vector<uint8_t>& slots = rule.query.sequence->step_slots;
    std::vector<plan::ExprId> stack;
    auto push = [&](plan::ExprId e) {
      if (e != plan::kNoExpr) stack.push_back(e);
    };
    ForEachQueryExpr(rule.query, push);
    ForEachOutputExpr(rule, push);
    while (!stack.empty()) {
      const plan::Node& n = plan.nodes[stack.back()];
      stack.pop_back();
      if (n.op == plan::Op::kField && n.field < k.size() &&
          std::find(slots.begin(), slots.end(), n.slot) != slots.end()) {
        k[n.field] = true;
      }
      for (uint32_t c : n.children) stack.push_back(static_cast<plan::ExprId>(c));
    }
    return out;
  }

  const std::vector<std::vector<bool>> keep_;
  const size_t n_extra_;
  KeyedState<Partition> parts_;
  bool by_partition_ = false;
  Partition current_;  // judged by partition: the one partition alive
  std::vector<Pending> pending_;
  std::vector<plan::Value> order_values_;  // of the pending rows
  std::deque<std::string> texts_;          // order values made during evaluation
  std::string deferred_keys_;  // of pending rows that found no partition, back to back
  std::string key_;
  RowArena rows_;       // the partitions' saved rows
  std::string saved_;   // a partition's rows, being saved
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
