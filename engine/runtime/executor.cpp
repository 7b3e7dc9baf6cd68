#include "engine/runtime/executor.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <climits>
#include <set>

#include "engine/runtime/event_order.h"
#include "engine/runtime/executor_internal.h"

namespace fundwatch::runtime {

// --- the plan's shape ------------------------------------------------------------

namespace {

// Rules whose results `q` reads (its source, its lookups), and the rules
// read by derived sets it reads.
void RulesRead(const plan::Plan& plan, const plan::QueryPlan& q, std::set<uint32_t>* out) {
  auto visit = [&](const plan::SourceRef& ref) {
    if (ref.kind == plan::SourceKind::kRule) out->insert(ref.index);
    if (ref.kind == plan::SourceKind::kDerived) RulesRead(plan, plan.derived[ref.index].query, out);
  };
  visit(q.source);
  ForEachLookup(q, [&](const plan::Lookup& l) { visit(l.source); });
}

// Stage of each rule: 0 when it reads no rule's results, else one more
// than the latest stage it reads (rules come in dependency order).
std::vector<int> RuleStages(const plan::Plan& plan) {
  std::vector<int> stage(plan.rules.size(), 0);
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    std::set<uint32_t> read;
    RulesRead(plan, plan.rules[i].query, &read);
    for (uint32_t r : read) stage[i] = std::max(stage[i], stage[r] + 1);
  }
  return stage;
}

}  // namespace

TableSet StoredTables(const plan::Plan& plan) { return StorePlan(plan).stored(); }

namespace {

// Marks the fields each query's expressions read, per table: a query's
// slots are bound to its source, its joins and subqueries, and its steps.
class FieldMarker {
 public:
  FieldMarker(const plan::Plan& plan, std::vector<std::vector<bool>>* keep) : plan_(plan), keep_(keep) {}

  // Marks what `q` reads, and what `rule`'s outputs read (when given).
  void Query(const plan::QueryPlan& q, const plan::Rule* rule) {
    slot_table_.assign(std::max<size_t>(q.slot_count, 1) + 1, -1);
    auto bind = [&](uint8_t slot, plan::SourceRef ref) {
      if (slot >= slot_table_.size()) slot_table_.resize(slot + 1, -1);
      slot_table_[slot] = BaseTable(plan_, ref);
    };
    bind(q.source_slot, q.source);
    ForEachLookup(q, [&](const plan::Lookup& l) {
      bind(l.slot, l.source);
      int t = BaseTable(plan_, l.source);
      for (uint16_t f : l.inner_fields) Mark(t, f);
    });
    if (q.sequence) {
      for (uint8_t s : q.sequence->step_slots) bind(s, q.source);
    }
    ForEachQueryExpr(q, [&](plan::ExprId e) { Expr(e); });
    if (rule != nullptr) ForEachOutputExpr(*rule, [&](plan::ExprId e) { Expr(e); });
  }

 private:
  void Mark(int table, uint16_t field) {
    if (table >= 0 && field < (*keep_)[table].size()) (*keep_)[table][field] = true;
  }
  void Expr(plan::ExprId id) {
    if (id == plan::kNoExpr) return;
    const plan::Node& n = plan_.nodes[id];
    if (n.op == plan::Op::kField && n.slot < slot_table_.size()) Mark(slot_table_[n.slot], n.field);
    for (uint32_t c : n.children) Expr(static_cast<plan::ExprId>(c));
  }

  const plan::Plan& plan_;
  std::vector<std::vector<bool>>* keep_;
  std::vector<int> slot_table_;
};

}  // namespace

std::vector<std::vector<bool>> FieldsRead(const plan::Plan& plan, const std::vector<size_t>* rules) {
  std::vector<std::vector<bool>> keep(tables::kCount);
  for (const TableDef& def : AllTables()) {
    std::vector<bool>& k = keep[def.id];
    k.assign(def.fields.size(), false);
    for (int f : def.key) k[f] = true;
    for (int f : {def.event_time, def.valid_from, def.valid_to}) {
      if (f >= 0) k[f] = true;
    }
  }
  FieldMarker marker(plan, &keep);
  for (const plan::Exclusion& x : plan.exclusions) marker.Query(x.query, nullptr);
  if (rules != nullptr) {
    for (size_t r : *rules) marker.Query(plan.rules[r].query, &plan.rules[r]);
    return keep;
  }
  for (const plan::Derived& d : plan.derived) marker.Query(d.query, nullptr);
  for (const plan::Rule& r : plan.rules) marker.Query(r.query, &r);
  return keep;
}

Status CheckStreamable(const plan::Plan& plan) {
  for (const plan::Rule& rule : plan.rules) {
    const plan::QueryPlan& q = rule.query;
    if (!q.window && !q.sequence) continue;
    int base = BaseTable(plan, q.source);
    std::string event_time = base >= 0 && Table(static_cast<TableId>(base)).event_time >= 0
                                 ? std::string(Table(static_cast<TableId>(base)).name) + "." +
                                       std::string(Table(static_cast<TableId>(base)).fields[Table(static_cast<TableId>(base)).event_time].name)
                                 : std::string();
    auto is_event_time = [&](plan::ExprId e) {
      if (event_time.empty() || e == plan::kNoExpr) return false;
      const plan::Node& n = plan.nodes[e];
      return n.op == plan::Op::kField && n.slot == q.source_slot &&
             n.field == Table(static_cast<TableId>(base)).event_time;
    };
    const char* what = q.window ? "window must run on" : "sequence must be ordered first by";
    if ((q.window && !is_event_time(q.window->time)) ||
        (q.sequence && (q.sequence->order.empty() || !is_event_time(q.sequence->order[0])))) {
      return Status::InvalidArgument(
          "rule " + rule.id + ": the " + what + " its source's event time" +
          (event_time.empty() ? std::string(" (its source has none)") : " (" + event_time + ")") +
          ", the order records are judged in");
    }
  }
  return Status::Ok();
}

// --- setup -------------------------------------------------------------------

Executor::Executor(const plan::Plan& plan, const TableStore& store, DateTime as_of)
    : plan_(plan), store_(store), as_of_(as_of) {
  for (int t = 0; t < tables::kCount; ++t) {
    excluded_[t].assign(store.records[t].size(), 0);
    table_rows_[t] = static_cast<int64_t>(store.records[t].size());
  }
  for (size_t i = 0; i < plan_.exclusions.size(); ++i) {
    const plan::Exclusion& x = plan_.exclusions[i];
    exclusions_by_table_[x.table].push_back(i);
    ForEachLookup(x.query, [&](const plan::Lookup& l) { raw_lookups_.push_back(&l); });
  }
  rule_stage_ = RuleStages(plan_);
  auto add = [](std::array<std::vector<std::vector<size_t>>, 3>& by, const plan::SourceRef& r, size_t i) {
    auto& list = by[static_cast<int>(r.kind)];
    if (list.size() <= r.index) list.resize(r.index + 1);
    list[r.index].push_back(i);
  };
  for (size_t i = 0; i < plan_.derived.size(); ++i) add(derived_by_source_, plan_.derived[i].query.source, i);
  for (size_t i = 0; i < plan_.rules.size(); ++i) add(rules_by_source_, plan_.rules[i].query.source, i);
  derived_.resize(plan_.derived.size());
  results_.resize(plan_.rules.size());
}

Executor::~Executor() = default;

Frame Executor::NewFrame(const plan::QueryPlan& q) const {
  Frame f;
  f.plan = &plan_;
  f.lookups = this;
  f.as_of = as_of_;
  f.coverage = coverage_;
  f.Reset(&q);
  return f;
}

Executor::Source Executor::RowsOf(const plan::SourceRef& ref) const {
  Source s;
  switch (ref.kind) {
    case plan::SourceKind::kTable:
      s.records = &store_.records[ref.index];
      s.excluded = &excluded_[ref.index];
      break;
    case plan::SourceKind::kDerived:
      if (derived_[ref.index] == nullptr) MaterializeDerived(ref.index);
      s.rows = derived_[ref.index].get();
      break;
    case plan::SourceKind::kRule: s.rows = &results_[ref.index]->rows; break;
  }
  return s;
}

int64_t Executor::EventTimeOf(const plan::SourceRef& ref, const Row& row) const {
  if (ref.kind == plan::SourceKind::kTable) {
    int field = row.record->def().event_time;
    return field >= 0 ? row.record->TimeAt(field).seconds() : 0;
  }
  const MaterializedRows& rows = ref.kind == plan::SourceKind::kDerived ? *derived_[ref.index] : results_[ref.index]->rows;
  return rows.event_times[row.id];
}

std::vector<EvidenceRef> Executor::EvidenceOf(const plan::SourceRef& ref, const Row& row) const {
  if (ref.kind == plan::SourceKind::kRule) return results_[ref.index]->evidence[row.id];
  if (row.record == nullptr) return {};
  return {EvidenceRef{std::string(row.record->def().name), row.record->KeyString()}};
}

// True when every node below `id` reads only the record in `slot` (or
// constants): such a condition can be applied once, when the index is built.
static bool InnerOnly(const plan::Plan& plan, plan::ExprId id, uint8_t slot) {
  const plan::Node& n = plan.nodes[id];
  switch (n.op) {
    case plan::Op::kField:
    case plan::Op::kSlotValue: if (n.slot != slot) return false; break;
    case plan::Op::kSubquery:
    case plan::Op::kAggregate:
    case plan::Op::kAny:
    case plan::Op::kAll: return false;
    default: break;
  }
  for (uint32_t c : n.children) {
    if (!InnerOnly(plan, static_cast<plan::ExprId>(c), slot)) return false;
  }
  return true;
}

static void InnerConjuncts(const plan::Plan& plan, plan::ExprId id, uint8_t slot, std::vector<plan::ExprId>* out) {
  if (id == plan::kNoExpr) return;
  const plan::Node& n = plan.nodes[id];
  if (n.op == plan::Op::kAnd) {
    InnerConjuncts(plan, static_cast<plan::ExprId>(n.children[0]), slot, out);
    InnerConjuncts(plan, static_cast<plan::ExprId>(n.children[1]), slot, out);
  } else if (InnerOnly(plan, id, slot)) {
    out->push_back(id);
  }
}

namespace {

// What a record alone cannot tell while it is read: the as-of time, a let
// or quantifier variable.
bool UnknownWhileReading(const plan::Plan& plan, plan::ExprId e) {
  const plan::Node& n = plan.nodes[e];
  if (n.op == plan::Op::kAsOf || n.op == plan::Op::kSlotValue) return true;
  for (uint32_t c : n.children) {
    if (UnknownWhileReading(plan, static_cast<plan::ExprId>(c))) return true;
  }
  return false;
}

// The conjuncts of `id` a record bound in `slot` can be judged by while it
// is read: on that record alone, and not on the as-of time or a let.
std::vector<plan::ExprId> ReadableConjuncts(const plan::Plan& plan, plan::ExprId id, uint8_t slot) {
  std::vector<plan::ExprId> inner, out;
  InnerConjuncts(plan, id, slot, &inner);
  for (plan::ExprId e : inner) {
    if (!UnknownWhileReading(plan, e)) out.push_back(e);
  }
  return out;
}

// Whether `id` is a conjunction (kNoExpr: the empty one) of conditions on
// the record in `slot` alone, each known while the record is read.
bool ReadableConjunction(const plan::Plan& plan, plan::ExprId id, uint8_t slot) {
  if (id == plan::kNoExpr) return true;
  const plan::Node& n = plan.nodes[id];
  if (n.op == plan::Op::kAnd) {
    return ReadableConjunction(plan, static_cast<plan::ExprId>(n.children[0]), slot) &&
           ReadableConjunction(plan, static_cast<plan::ExprId>(n.children[1]), slot);
  }
  return InnerOnly(plan, id, slot) && !UnknownWhileReading(plan, id);
}

// Marks the subqueries of `q` that some evaluation reaches where the
// evaluator records witnesses: under an even number of `not` (the
// evaluator's own `positive_`), from any root it evaluates.
void MarkWitnessed(const plan::Plan& plan, const plan::QueryPlan& q, std::vector<uint8_t>* witnessed,
                   const plan::Rule* rule) {
  auto walk = [&](plan::ExprId id, bool positive, auto&& self) -> void {
    if (id == plan::kNoExpr) return;
    const plan::Node& n = plan.nodes[id];
    if (n.op == plan::Op::kNot) positive = !positive;
    if (n.op == plan::Op::kSubquery && positive && n.index < witnessed->size()) (*witnessed)[n.index] = 1;
    for (uint32_t c : n.children) self(static_cast<plan::ExprId>(c), positive, self);
  };
  auto root = [&](plan::ExprId e) { walk(e, true, walk); };
  ForEachQueryExpr(q, root);
  for (plan::ExprId e : q.early) root(e);
  root(q.where_rest);
  if (rule != nullptr) ForEachOutputExpr(*rule, root);
}

}  // namespace

std::vector<const plan::Lookup*> KeyOnlyLookups(const plan::Plan& plan) {
  TableSet excluded{};
  for (const plan::Exclusion& x : plan.exclusions) excluded[x.table] = true;
  std::vector<const plan::Lookup*> out;
  auto consider = [&](const plan::QueryPlan& q, const plan::Rule* rule) {
    std::vector<uint8_t> witnessed(q.subqueries.size(), 0);
    MarkWitnessed(plan, q, &witnessed, rule);
    for (size_t i = 0; i < q.subqueries.size(); ++i) {
      const plan::Subquery& sq = q.subqueries[i];
      const plan::Lookup& l = sq.lookup;
      if (sq.kind != plan::SubqueryKind::kExists || witnessed[i] || l.source.kind != plan::SourceKind::kTable ||
          l.as_of != plan::kNoExpr || excluded[l.source.index] || !ReadableConjunction(plan, l.residual, l.slot)) {
        continue;
      }
      out.push_back(&l);
    }
  };
  for (const plan::Exclusion& x : plan.exclusions) consider(x.query, nullptr);
  for (const plan::Derived& d : plan.derived) consider(d.query, nullptr);
  for (const plan::Rule& r : plan.rules) consider(r.query, &r);
  return out;
}

StorePlan::StorePlan(const plan::Plan& plan) : plan_(plan) {
  // Held whole: effective-dated tables, tables without an event time, the
  // sources of rules that read other rules' results (replayed from memory
  // in a later stage), and tables a lookup reads without a filter of its
  // own (or through a derived set). Held in part: tables that every lookup
  // reads through filters. Not held for them: what only existence checks
  // on keys read (key sets).
  TableSet whole{};
  for (const TableDef& def : AllTables()) whole[def.id] = def.valid_from >= 0 || def.event_time < 0;
  std::vector<int> stage = RuleStages(plan);
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    int t = BaseTable(plan, plan.rules[i].query.source);
    if (t >= 0) replayed_[t] = true;
    if (stage[i] > 0 && t >= 0) whole[t] = true;
  }
  for (const plan::Derived& d : plan.derived) {
    int t = BaseTable(plan, d.query.source);
    if (t >= 0) replayed_[t] = true;
  }
  uint8_t slots = 1;
  // What each reader of a table's records turns down on sight.
  TableSet replay_all{};
  for (const plan::Exclusion& x : plan.exclusions) replay_all[x.table] = true;
  auto reader = [&](const plan::QueryPlan& q) {
    if (q.source.kind != plan::SourceKind::kTable) return;  // rows of a define or rule: judged there
    const TableId t = static_cast<TableId>(q.source.index);
    Filter filter{q.source_slot, ReadableConjuncts(plan, q.where, q.source_slot)};
    if (filter.all.empty()) {
      replay_all[t] = true;
      return;
    }
    slots = std::max<uint8_t>(slots, static_cast<uint8_t>(q.source_slot + 1));
    replay_filters_[t].push_back(std::move(filter));
  };
  for (const plan::Derived& d : plan.derived) reader(d.query);
  for (const plan::Rule& r : plan.rules) reader(r.query);
  for (int t = 0; t < tables::kCount; ++t) {
    if (replay_all[t]) replay_filters_[t].clear();
  }
  const std::vector<const plan::Lookup*> key_only = KeyOnlyLookups(plan);
  auto consider = [&](const plan::QueryPlan& q) {
    ForEachLookup(q, [&](const plan::Lookup& l) {
      int t = BaseTable(plan, l.source);
      if (t < 0) return;
      if (std::find(key_only.begin(), key_only.end(), &l) != key_only.end()) {
        std::vector<plan::ExprId> all = ReadableConjuncts(plan, l.residual, l.slot);  // the whole residual
        slots = std::max<uint8_t>(slots, static_cast<uint8_t>(l.slot + 1));
        for (KeySet& k : key_sets_) {
          // Alike: the same table, key fields and conditions (node for
          // node, as index signatures compare them).
          const plan::Lookup& other = *k.lookups.front();
          if (k.table == t && other.index == l.index && other.inner_fields == l.inner_fields && k.all == all &&
              k.slot == l.slot) {
            k.lookups.push_back(&l);
            return;
          }
        }
        key_sets_.push_back(KeySet{static_cast<TableId>(t), {&l}, l.slot, std::move(all)});
        return;
      }
      stored_[t] = true;
      if (l.source.kind != plan::SourceKind::kTable) {
        whole[t] = true;
        return;
      }
      Filter filter{l.slot, ReadableConjuncts(plan, l.residual, l.slot)};
      if (filter.all.empty()) {
        whole[t] = true;
        return;
      }
      slots = std::max<uint8_t>(slots, static_cast<uint8_t>(l.slot + 1));
      filters_[t].push_back(std::move(filter));
    });
  };
  for (const plan::Exclusion& x : plan.exclusions) consider(x.query);
  for (const plan::Derived& d : plan.derived) consider(d.query);
  for (const plan::Rule& r : plan.rules) consider(r.query);
  for (int t = 0; t < tables::kCount; ++t) {
    if (whole[t]) {
      stored_[t] = true;
      filters_[t].clear();
    }
  }
  // A table held whole is indexed from its records.
  key_sets_.erase(std::remove_if(key_sets_.begin(), key_sets_.end(), [&](const KeySet& k) { return whole[k.table]; }),
                  key_sets_.end());
  for (const KeySet& k : key_sets_) has_keys_[k.table] = true;
  frame_query_.slot_count = slots;
}

bool StorePlan::Passes(const Record& record, uint8_t slot, const std::vector<plan::ExprId>& all) const {
  thread_local Frame f;
  f.plan = &plan_;
  f.Reset(&frame_query_);
  f.rows[slot] = RecordRow(record, 0);
  f.scratch_used = 0;
  for (plan::ExprId e : all) {
    if (!IsTrue(Eval(e, f))) return false;
  }
  return true;
}

bool StorePlan::AnyPasses(const Record& record, const std::vector<Filter>& filters) const {
  for (const Filter& filter : filters) {
    if (Passes(record, filter.slot, filter.all)) return true;
  }
  return false;
}

bool StorePlan::Holds(const Record& record) const {
  const std::vector<Filter>& filters = filters_[record.table()];
  return filters.empty() ? stored_[record.table()] : AnyPasses(record, filters);
}

bool StorePlan::Replays(const Record& record) const {
  if (!replayed_[record.table()]) return false;
  const std::vector<Filter>& filters = replay_filters_[record.table()];
  return filters.empty() || AnyPasses(record, filters);
}

void StorePlan::PrepareKeys(TableStore* store) const {
  store->key_indexes.clear();
  store->key_index_of.clear();
  for (const KeySet& k : key_sets_) {
    store->key_indexes.push_back(std::make_unique<LookupIndex>(LookupIndex::KeysOnly()));
    for (const plan::Lookup* l : k.lookups) store->key_index_of.emplace_back(l, store->key_indexes.back().get());
  }
}

void StorePlan::AddKeys(const Record& record, TableStore* store) const {
  for (size_t i = 0; i < key_sets_.size(); ++i) {
    const KeySet& k = key_sets_[i];
    if (k.table != record.table() || !Passes(record, k.slot, k.all)) continue;
    store->key_indexes[i]->Add(*k.lookups.front(), RecordRow(record, 0));
  }
}

void StorePlan::FinishKeys(TableId table, TableStore* store) const {
  for (size_t i = 0; i < key_sets_.size(); ++i) {
    if (key_sets_[i].table == table) store->key_indexes[i]->Finalize();
  }
}

namespace {

// Runs `task` on a thread of its own when the run may use several
// (--threads above 1), else at once; the destructor waits for it.
class SideTask {
 public:
  SideTask(bool parallel, const std::function<void()>& task) {
    if (parallel) {
      thread_ = std::thread(task);
    } else {
      task();
    }
  }
  ~SideTask() { Join(); }
  SideTask(const SideTask&) = delete;
  SideTask& operator=(const SideTask&) = delete;
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

}  // namespace

// The residual's conjuncts on the inner row alone, which filter what the
// index holds; `raw`: the lookup sees excluded rows too (an exclusion's).
std::vector<plan::ExprId> Executor::IndexFilters(const plan::Lookup& lookup, bool* raw) const {
  *raw = std::find(raw_lookups_.begin(), raw_lookups_.end(), &lookup) != raw_lookups_.end();
  std::vector<plan::ExprId> filters;
  InnerConjuncts(plan_, lookup.residual, lookup.slot, &filters);
  return filters;
}

std::string Executor::IndexSignature(const plan::Lookup& lookup) const {
  bool raw = false;
  const std::vector<plan::ExprId> filters = IndexFilters(lookup, &raw);
  std::string signature = std::to_string(static_cast<int>(lookup.source.kind)) + ":" +
                          std::to_string(lookup.source.index) + ":" + std::to_string(static_cast<int>(lookup.index)) +
                          (raw ? ":raw" : ":") + "|";
  for (uint16_t f : lookup.inner_fields) signature += std::to_string(f) + ",";
  signature += "|";
  for (plan::ExprId e : filters) signature += std::to_string(e) + ",";
  return signature;
}

// Reads only shared, built data (a derived source must be materialized
// already), so several can be built at once.
std::unique_ptr<LookupIndex> Executor::BuildIndex(const plan::Lookup& lookup) const {
  bool raw = false;
  const std::vector<plan::ExprId> filters = IndexFilters(lookup, &raw);
  Source source = RowsOf(lookup.source);
  auto index = std::make_unique<LookupIndex>(static_cast<const RowSource&>(source));
  if (raw) source.excluded = nullptr;
  plan::QueryPlan scratch_query;
  scratch_query.slot_count = static_cast<uint8_t>(lookup.slot + 1);
  Frame f = NewFrame(scratch_query);
  for (size_t i = 0; i < source.size(); ++i) {
    if (source.Skip(i)) continue;
    Row row = source.At(i);
    f.rows[lookup.slot] = row;
    f.scratch_used = 0;
    bool keep = true;
    for (plan::ExprId e : filters) keep = keep && IsTrue(Eval(e, f));
    if (keep) index->Add(lookup, row);
  }
  index->Finalize();
  return index;
}

const LookupIndex& Executor::IndexFor(const plan::Lookup& lookup) const {
  if (auto known = index_of_.find(&lookup); known != index_of_.end()) return *known->second;
  // Keys made while reading, for a lookup whose rows are not held.
  if (const LookupIndex* keys = store_.KeysFor(&lookup)) {
    index_of_[&lookup] = keys;
    return *keys;
  }
  std::string signature = IndexSignature(lookup);
  if (auto it = indexes_.find(signature); it != indexes_.end()) {
    index_of_[&lookup] = it->second.get();
    return *it->second;
  }
  std::unique_ptr<LookupIndex> index = BuildIndex(lookup);
  const LookupIndex& ref = *index;
  index_of_[&lookup] = index.get();
  indexes_.emplace(std::move(signature), std::move(index));
  return ref;
}

// --- evaluation ----------------------------------------------------------------

bool Executor::Bind(const plan::QueryPlan& q, Frame& f, const Row& source_row) {
  f.scratch_used = 0;
  f.rows[q.source_slot] = source_row;
  // The planned early checks drop a record as soon as the rows bound so far
  // rule it out (early_checks.h). `fundwatch test` judges `where` whole, so
  // that its coverage counts every outcome of the rule's own conditions.
  const bool early = !q.early.empty() && f.coverage == nullptr;
  // False when the early check of `stage` (0: the source alone; k: after
  // the k-th join) rules the record out.
  auto passes = [&](size_t stage) {
    return !early || q.early[stage] == plan::kNoExpr || IsTrue(Eval(q.early[stage], f));
  };
  if (!passes(0)) return false;
  for (size_t k = 0; k < q.joins.size(); ++k) {
    const plan::Join& j = q.joins[k];
    Row found;
    bool matched;
    if (j.shared >= 0 && f.memo != nullptr) {
      JoinMemo::Entry& e = f.memo->entries[static_cast<size_t>(j.shared)];
      if (e.serial != f.memo->serial || e.record != source_row.record || e.extra != source_row.extra ||
          e.id != source_row.id) {
        e.found = FindFirstMatch(j.lookup, f, &e.row);
        e.serial = f.memo->serial;
        e.record = source_row.record;
        e.extra = source_row.extra;
        e.id = source_row.id;
      }
      matched = e.found;
      found = e.row;
    } else {
      matched = FindFirstMatch(j.lookup, f, &found);
    }
    if (matched) {
      f.rows[j.lookup.slot] = found;
    } else if (j.optional) {
      f.rows[j.lookup.slot] = Row{};
    } else {
      return false;  // an inner join that finds nothing: the record is not judged
    }
    if (!passes(k + 1)) return false;
  }
  for (const plan::Let& l : q.lets) f.values[l.slot] = Eval(l.value, f);
  const plan::ExprId where = early ? q.where_rest : q.where;
  return where == plan::kNoExpr || IsTrue(Eval(where, f));
}

// Exclusions over the stored tables, judged before anything else so that
// lookups never find an excluded record. (Streamed records are judged as
// they arrive, against the same stored data.)
void Executor::RunExclusions(RunStats* stats) {
  for (const plan::Exclusion& x : plan_.exclusions) {
    const std::vector<Record>& records = store_.records[x.table];
    Frame f = NewFrame(x.query);
    std::vector<uint8_t> drop(records.size(), 0);
    for (size_t i = 0; i < records.size(); ++i) {
      Row row = RecordRow(records[i], static_cast<uint32_t>(i));
      if (Bind(x.query, f, row)) drop[i] = 1;
    }
    // Applied after all are judged, so that each exclusion sees the raw data.
    for (size_t i = 0; i < drop.size(); ++i) {
      if (drop[i] && !excluded_[x.table][i]) {
        excluded_[x.table][i] = 1;
        ++stats->excluded[x.table];
      }
    }
  }
}

// A derived set that a lookup reads is materialized whole (its source is
// held in memory: StoredTables makes sure).
void Executor::MaterializeDerived(size_t index) const {
  const plan::Derived& d = plan_.derived[index];
  auto out = std::make_unique<MaterializedRows>();
  Source source = RowsOf(d.query.source);
  Frame f = NewFrame(d.query);
  auto* self = const_cast<Executor*>(this);  // Bind touches only the frame
  for (size_t i = 0; i < source.size(); ++i) {
    if (source.Skip(i)) continue;
    Row row = source.At(i);
    if (!self->Bind(d.query, f, row)) continue;
    std::vector<plan::Value> extra;
    // A define over a define keeps the inner lets before its own.
    if (d.query.source.kind == plan::SourceKind::kDerived) extra = derived_[d.query.source.index]->extra[row.id];
    for (const plan::Let& l : d.query.lets) extra.push_back(out->Keep(f.values[l.slot]));
    out->records.push_back(row.record);
    out->extra.push_back(std::move(extra));
    out->event_times.push_back(EventTimeOf(d.query.source, row));
  }
  out->base_fields = BaseFields(plan_, d.query.source);
  derived_[index] = std::move(out);
}

Alert Executor::MakeAlert(const plan::Rule& rule, Frame& f, std::optional<int64_t> event_time,
                          std::vector<EvidenceRef> evidence, plan::ExprId condition, bool with_joins) {
  Alert a;
  for (const plan::Exception& x : rule.exceptions) {
    if (IsTrue(Eval(x.when, f))) {
      a.suppressed_by = x.reason;
      break;
    }
  }
  a.rule_id = rule.id;
  a.rule_version = rule.version;
  a.rule_name = rule.meta.name;
  a.result = rule.meta.result;
  a.severity = rule.meta.severity;
  a.category = rule.meta.category;
  a.event_time = event_time;
  for (const plan::KeyField& k : rule.keys) {
    std::string value = FormatValue(Eval(k.value, f));
    a.key_text += (a.key_text.empty() ? "" : "/") + value;
    a.key.emplace_back(k.name, std::move(value));
  }
  for (const plan::MessagePart& p : rule.message) {
    a.message += p.value == plan::kNoExpr ? p.literal : FormatValue(Eval(p.value, f));
  }
  auto text_of = [&](plan::ExprId id) -> std::optional<std::string> {
    if (id == plan::kNoExpr) return std::nullopt;
    plan::Value v = Eval(id, f);
    if (v.null) return std::nullopt;
    return FormatValue(v);
  };
  a.amount = text_of(rule.amount);
  a.institution = text_of(rule.institution);
  a.patient = text_of(rule.patient);
  // The why: re-evaluate the deciding condition, recording what held.
  Explanation why;
  f.explain = &why;
  if (condition != plan::kNoExpr) Eval(condition, f);
  f.explain = nullptr;
  a.why = std::move(why.compared);
  for (const plan::Join& j : rule.query.joins) {
    if (!with_joins) break;
    const Row& r = f.rows[j.lookup.slot];
    if (r.null || r.record == nullptr) continue;
    EvidenceRef ref{std::string(r.record->def().name), r.record->KeyString()};
    if (j.lookup.as_of != plan::kNoExpr) {
      const TableDef& def = r.record->def();
      a.why.push_back(ref.table + " " + ref.id + " valid " + r.record->Format(def.valid_from) + " to " +
                      (r.record->IsNull(def.valid_to) ? "open" : r.record->Format(def.valid_to)));
    }
    evidence.push_back(std::move(ref));
  }
  for (auto& [table, id] : why.witnesses) evidence.push_back(EvidenceRef{table, id});
  std::vector<EvidenceRef> unique;
  for (EvidenceRef& e : evidence) {
    if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(std::move(e));
  }
  a.evidence = std::move(unique);
  return a;
}

// --- the stream --------------------------------------------------------------------

std::vector<Alert> Executor::Run(RunStats* stats) { return Run(nullptr, stats); }

std::vector<Alert> Executor::Run(RecordStream* stream, RunStats* stats) {
  if (stream != nullptr) {
    // A run that streams holds none of the records the key sets stand for:
    // whoever read the tables must have made their keys (StorePlan).
    const StorePlan store_plan(plan_);
    for (const StorePlan::KeySet& k : store_plan.key_sets()) {
      for (const plan::Lookup* l : k.lookups) {
        if (store_.KeysFor(l) != nullptr) continue;
        std::fprintf(stderr, "fundwatch: internal error: the keys of %s for an existence check were not made while reading\n",
                     std::string(Table(k.table).name).c_str());
        std::abort();
      }
    }
  }
  RunExclusions(stats);
  stats->rules.clear();
  for (const plan::Rule& rule : plan_.rules) stats->rules.push_back(RuleStats{rule.id});
  operators_.clear();
  keep_ = FieldsRead(plan_);
  for (const plan::Rule& rule : plan_.rules) operators_.push_back(MakeOperator(*this, rule, keep_));
  int stages = 0;
  for (int s : rule_stage_) stages = std::max(stages, s + 1);
  std::vector<std::vector<Alert>> per_rule(plan_.rules.size());
  for (int stage = 0; stage < stages; ++stage) {
    RunStage(stage, stage == 0 ? stream : nullptr, stats);
    for (size_t i = 0; i < plan_.rules.size(); ++i) {
      if (rule_stage_[i] == stage) FinishRule(i, &per_rule[i], stats);
    }
  }
  std::vector<Alert> alerts;
  for (auto& list : per_rule) {
    for (Alert& a : list) alerts.push_back(std::move(a));
  }
  return alerts;
}

// A run of the stream holding whole event times: the rows, and the
// streamed records they point to. Workers share it read-only.
struct Executor::Chunk {
  uint64_t serial = 0;  // its place in the stream: whose turn its per-record rules are
  std::vector<Item> items;
  // The streamed records of the chunk: the first `used`. Chunks are
  // recycled, and with them the records' blocks, which the stream reads
  // the next records into: no allocation per streamed record.
  std::deque<Record> records;
  size_t used = 0;
};

// Chunks the workers are done with, for the producer to fill again.
class Executor::ChunkPool {
 public:
  std::shared_ptr<Chunk> Take() {
    std::unique_ptr<Chunk> chunk;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        chunk = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!chunk) chunk = std::make_unique<Chunk>();
    // Returned to the pool when the last worker lets go of it.
    return std::shared_ptr<Chunk>(chunk.release(), [this](Chunk* c) {
      c->items.clear();
      c->used = 0;
      std::lock_guard<std::mutex> lock(mu_);
      free_.emplace_back(c);
    });
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<Chunk>> free_;
};

// Chunks handed from the producer to one worker.
class Executor::ChunkQueue {
 public:
  void Push(std::shared_ptr<const Chunk> chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < kDepth; });
    queue_.push_back(std::move(chunk));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_empty_.notify_one();
  }
  // Null once closed and drained.
  std::shared_ptr<const Chunk> Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return nullptr;
    auto chunk = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return chunk;
  }

 private:
  // Chunks a worker may run behind: enough that a worker does not starve
  // while the producer waits for a core (three threads share two), little
  // memory (a chunk is 4096 rows, shared by the workers).
  static constexpr size_t kDepth = 16;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::shared_ptr<const Chunk>> queue_;
  bool closed_ = false;
};

// One worker's share of a stage: the rules it evaluates (and the derived
// sets they read), with its own frames and batch.
struct Executor::Worker {
  std::vector<uint8_t> owns_rule;      // per plan rule
  // Per plan rule, counted here and added to the run's stats at the end of
  // the stage: workers never write to one cache line.
  std::vector<int64_t> offered;
  std::vector<double> seconds;
  std::vector<uint8_t> needs_derived;  // per derived set
  std::vector<Frame> derived_frames;
  JoinMemo memo;
  Batch batch;
  int64_t current = 0;
  bool started = false;
  int64_t seen = 0;

  // The lookups this worker's rules make with a key read straight from the
  // fields of a record of table t: probed a few records ahead, in steps
  // (hash and slot, then the row's handle, then its block), so that the
  // cache misses of several records' lookups overlap.
  struct Probe {
    const LookupIndex* index;  // a lookup's index, or
    const Operator* op;        // an operator's keyed state
    bool member;
    std::vector<uint16_t> fields;
  };
  std::array<std::vector<Probe>, tables::kCount> probes;
  bool any_probes = false;
  // Per table: whether a rule or define this worker judges reads its rows
  // (`reads_by_chunk`: only a rule judged by chunk, in this worker's
  // turns). The rows of the others are passed over without touching their
  // records.
  TableSet reads{};
  TableSet reads_by_chunk{};
  bool Reads(const Item& item) const {
    return item.source.kind != plan::SourceKind::kTable || reads[item.source.index] ||
           (turn && reads_by_chunk[item.source.index]);
  }
  // Per-record rules are judged by every worker, each taking the chunks
  // whose serial modulo `workers` is its `index` (its turn), with
  // operators of its own (`by_chunk`, per plan rule; null for the rules
  // only this worker judges), whose alerts are gathered when the stage ends.
  size_t index = 0;
  size_t workers = 1;
  bool turn = true;
  std::vector<std::unique_ptr<Operator>> by_chunk;
  bool ByChunk(size_t rule) const { return rule < by_chunk.size() && by_chunk[rule] != nullptr; }
  Operator* OperatorFor(size_t rule, std::vector<std::unique_ptr<Operator>>& shared) const {
    return ByChunk(rule) ? by_chunk[rule].get() : shared[rule].get();
  }
  struct Ahead {
    int table = -1;  // -1: nothing to probe for this item
    const Record* record = nullptr;  // the item's record
    bool probed = false;             // step 2 done: `rows` found
    std::vector<std::string> keys;
    std::vector<uint64_t> hashes;
    std::vector<RowSpan> rows;  // an index's rows under the key (step 2)
    // The first row's position; -1: no row (or keyed state); -2
    // (PrefetchedRows::kNullKey): a null key, never probed.
    std::vector<int64_t> ids;
  };
  static constexpr size_t kRing = 16;
  std::array<Ahead, kRing> ahead;
  // The rows found ahead for the item being offered, read by the frames of
  // this worker's rules (Frame::prefetched).
  PrefetchedRows prefetched;
  // Points `prefetched` at item's probes when step 2 was done for it.
  void OfferingNow(const Item& item, const Ahead& a) {
    const bool ready = a.table >= 0 && a.probed && a.record == item.row.record;
    prefetched.record = ready ? a.record : nullptr;
    prefetched.rows = a.rows.data();
    prefetched.ids = a.ids.data();
  }

  // Step 1 for item j: its probe keys, hashed; the index slots prefetched.
  void PrefetchSlots(const Item& item, Ahead& a) {
    a.table = -1;
    a.record = nullptr;
    a.probed = false;
    if (item.source.kind != plan::SourceKind::kTable || item.row.record == nullptr || !Reads(item)) return;
    const auto& list = probes[item.source.index];
    if (list.empty()) return;
    a.table = static_cast<int>(item.source.index);
    a.record = item.row.record;
    a.keys.resize(list.size());
    a.hashes.resize(list.size());
    a.rows.assign(list.size(), RowSpan());
    a.ids.assign(list.size(), -1);
    for (size_t k = 0; k < list.size(); ++k) {
      const Probe& p = list[k];
      std::string& key = a.keys[k];
      key.clear();
      a.hashes[k] = 0;
      bool null = false;
      for (uint16_t f : p.fields) {
        plan::Value v = RowField(item.row, f);
        if (v.null) {
          null = true;
          break;
        }
        if (p.member) {
          key.assign(v.text);
        } else {
          AppendKeyPart(&key, v);
        }
      }
      if (null) {
        key.clear();
        a.ids[k] = PrefetchedRows::kNullKey;  // never probed
        continue;
      }
      a.hashes[k] = HashKeyText(key);
      if (p.index != nullptr) {
        p.index->PrefetchSlot(a.hashes[k]);
      } else {
        p.op->PrefetchStateSlot(a.hashes[k]);
      }
    }
  }

  // Step 2: the slots are in cache; an index's rows found (kept for the
  // evaluator), the first row's handle prefetched.
  void PrefetchRows(Ahead& a) {
    if (a.table < 0) return;
    const auto& list = probes[a.table];
    for (size_t k = 0; k < list.size(); ++k) {
      if (a.ids[k] == PrefetchedRows::kNullKey) continue;
      if (list[k].index == nullptr) {
        a.ids[k] = list[k].op->PrefetchStateEntry(a.hashes[k]);
        continue;
      }
      a.rows[k] = list[k].index->ProbeHashed(a.keys[k], a.hashes[k]);
      a.ids[k] = a.rows[k].empty() || a.rows[k].keys_only() ? int64_t{-1} : int64_t{a.rows[k].first_id()};
    }
    a.probed = true;
  }

  // Step 3: the handles are in cache; the records' blocks prefetched.
  void PrefetchRecords(const Ahead& a) {
    if (a.table < 0) return;
    const auto& list = probes[a.table];
    for (size_t k = 0; k < list.size(); ++k) {
      if (a.ids[k] < 0) continue;
      if (list[k].index != nullptr) {
        list[k].index->PrefetchRecord(static_cast<uint32_t>(a.ids[k]));
      } else {
        list[k].op->PrefetchStateValue(static_cast<uint32_t>(a.ids[k]));
      }
    }
  }
};

// How far ahead each prefetch step runs, in records.
constexpr size_t kHandleAhead = 32, kOwnAhead = 16, kSlotAhead = 8, kRowAhead = 4, kRecordAhead = 1;

// Splits the stage's rules between workers, heaviest first, each to the
// least loaded: a rule's weight is its source's rows times its work per row.
std::vector<std::vector<size_t>> Executor::AssignRules(int stage, size_t workers,
                                                       std::vector<uint8_t>* by_chunk) const {
  by_chunk->assign(plan_.rules.size(), 0);
  std::vector<std::pair<double, size_t>> weighted;
  const TableSet stored = StoredTables(plan_);
  for (size_t i = 0; i < plan_.rules.size(); ++i) {
    if (rule_stage_[i] != stage) continue;
    if (partitions_ != nullptr && partitions_->partitioned(i)) continue;  // judged beside the replay
    const plan::QueryPlan& q = plan_.rules[i].query;
    int table = BaseTable(plan_, q.source);
    double rows = table >= 0 ? static_cast<double>(std::max<int64_t>(table_rows_[table], 1)) : 1.0;
    // Relative costs per row, from the standard pack's `scan --stats` at
    // 10M fee lines: a lookup or a subquery costs about what the row's own
    // visit does; a window group about 11 of those (a distinct count 4
    // more); a sequence step 4; a row replayed from the store (scattered in
    // memory, not fresh from the sorter) twice a streamed one.
    double per_row = 1.0 + static_cast<double>(q.joins.size() + q.subqueries.size());
    if (!q.group_by.empty()) per_row += 10.0;
    for (const plan::Aggregate& a : q.aggregates) {
      if (a.agg == plan::Agg::kCountDistinct) per_row += 4.0;
    }
    if (q.sequence) per_row += 3.0;
    if (table >= 0 && stored[table]) per_row *= 2.0;
    // Over a define, the rule sees only the rows the define keeps (taken
    // as a twentieth); every base row costs the define's own visit.
    if (q.source.kind == plan::SourceKind::kDerived) per_row = 1.0 + per_row / 20.0;
    weighted.emplace_back(rows * per_row, i);
  }
  std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::vector<size_t>> out(workers);
  std::vector<double> load(workers, 0);
  for (const auto& [w, rule] : weighted) {
    // A per-record rule over a table is every worker's, a share of its
    // chunks each: a record's lookups and shared joins are then made by one
    // worker for all such rules, not by each worker for its own.
    if (workers > 1 && PerRecord(plan_.rules[rule].query)) {
      (*by_chunk)[rule] = 1;
      for (size_t k = 0; k < workers; ++k) {
        load[k] += w / static_cast<double>(workers);
        out[k].push_back(rule);
      }
      continue;
    }
    size_t least = std::min_element(load.begin(), load.end()) - load.begin();
    load[least] += w;
    out[least].push_back(rule);
  }
  return out;
}

// Builds every index the stage's queries can probe, so that workers only
// read shared structures.
void Executor::PrepareIndexes(int stage) {
  std::vector<const plan::Lookup*> lookups;
  auto collect = [&](const plan::QueryPlan& q) {
    for (const plan::Join& j : q.joins) lookups.push_back(&j.lookup);
    for (const plan::Subquery& s : q.subqueries) lookups.push_back(&s.lookup);
  };
  for (const plan::Exclusion& x : plan_.exclusions) collect(x.query);
  for (const plan::Derived& d : plan_.derived) collect(d.query);
  for (size_t i = 0; i < plan_.rules.size(); ++i) {
    if (rule_stage_[i] == stage) collect(plan_.rules[i].query);
  }
  // The indexes not built yet, one per signature, built two at a time with
  // --threads above 1 (a derived source is materialized first, here: that
  // writes shared state).
  std::vector<std::pair<std::string, const plan::Lookup*>> missing;
  std::set<std::string> seen;
  for (const plan::Lookup* l : lookups) {
    if (index_of_.count(l) || store_.KeysFor(l) != nullptr) continue;
    std::string signature = IndexSignature(*l);
    if (indexes_.count(signature) || !seen.insert(signature).second) continue;
    if (l->source.kind == plan::SourceKind::kDerived) RowsOf(l->source);
    missing.emplace_back(std::move(signature), l);
  }
  std::vector<std::unique_ptr<LookupIndex>> built(missing.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < missing.size();) built[i] = BuildIndex(*missing[i].second);
  };
  {
    SideTask helper(threads_ > 1, work);
    work();
  }
  for (size_t i = 0; i < missing.size(); ++i) indexes_.emplace(std::move(missing[i].first), std::move(built[i]));
  for (const plan::Lookup* l : lookups) IndexFor(*l);
}

// The held rows of a stage, merged as the replay takes them: the stored
// tables already in replay order, each walked where its records lie, and
// the rows that had to be sorted (rule results, a table in another order).
// The walks and the sorted rows never share a source, so the next row is
// the one of least (time, source) among their fronts.
class Executor::HeldRows {
 public:
  struct Walk {
    const std::vector<Record>* records;
    uint32_t source;
    size_t at = 0;
    int64_t time = 0;
  };
  HeldRows(std::vector<Walk> walks, std::vector<HeldRow> sorted) : walks_(std::move(walks)), sorted_(std::move(sorted)) {
    for (Walk& w : walks_) {
      if (!w.records->empty()) w.time = StreamTime((*w.records)[0]);
    }
    Choose();
  }
  bool done() const { return front_ < 0; }
  // REQUIRES: !done().
  HeldRow front() const {
    if (static_cast<size_t>(front_) == walks_.size()) return sorted_[next_sorted_];
    const Walk& w = walks_[static_cast<size_t>(front_)];
    return HeldRow{w.time, w.source, static_cast<uint32_t>(w.at)};
  }
  void Pop() {
    if (static_cast<size_t>(front_) == walks_.size()) {
      ++next_sorted_;
    } else {
      Walk& w = walks_[static_cast<size_t>(front_)];
      const std::vector<Record>& records = *w.records;
      if (++w.at < records.size()) {
        if (w.at + 8 < records.size()) records[w.at + 8].Prefetch();
        w.time = StreamTime(records[w.at]);
      }
    }
    Choose();
  }

 private:
  void Choose() {
    front_ = -1;
    int64_t time = 0;
    uint32_t source = 0;
    auto consider = [&](int64_t t, uint32_t s, int which) {
      if (front_ < 0 || t < time || (t == time && s < source)) {
        front_ = which;
        time = t;
        source = s;
      }
    };
    for (size_t i = 0; i < walks_.size(); ++i) {
      if (walks_[i].at < walks_[i].records->size()) consider(walks_[i].time, walks_[i].source, static_cast<int>(i));
    }
    if (next_sorted_ < sorted_.size()) {
      consider(sorted_[next_sorted_].time, sorted_[next_sorted_].source, static_cast<int>(walks_.size()));
    }
  }

  std::vector<Walk> walks_;
  std::vector<HeldRow> sorted_;
  size_t next_sorted_ = 0;
  int front_ = -1;  // walks_[front_], or sorted_ when it equals walks_.size(); -1: done
};

std::unique_ptr<Executor::HeldRows> Executor::HeldInOrder(const TableSet& tables, const std::vector<uint8_t>& rules,
                                                          bool streaming) const {
  // Replay order: by time; tables before rule results, each by number;
  // records by key, rule results by position (they are stored in key
  // order). A stored event table is made in that order as it is read
  // (OrderedRecords): it is checked, in one pass over its records, and
  // walked as it lies. The other rows are sorted as compact keys, made in
  // one pass over the records, so that a tie on time reads a record's key
  // again only when its first 8 bytes tie too.
  auto in_order = [](const std::vector<Record>& records) {
    int64_t last = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      if (i + 8 < records.size()) records[i + 8].Prefetch();
      const int64_t time = StreamTime(records[i]);
      if (i > 0 && (time < last || (time == last && Record::CompareKeys(records[i], records[i - 1]) < 0))) return false;
      last = time;
    }
    return true;
  };
  struct Key {
    HeldRow row;
    uint64_t prefix;  // records: the key's first bytes; rule results: the position
  };
  const TableSet stored = StoredTables(plan_);
  std::vector<HeldRows::Walk> walks;
  TableSet sort_table{};
  size_t total = 0;
  for (int t = 0; t < tables::kCount; ++t) {
    if (!tables[t] || (streaming && !stored[t])) continue;
    const std::vector<Record>& records = store_.records[t];
    if (in_order(records)) {
      walks.push_back(HeldRows::Walk{&records, HeldRow::Source(plan::SourceKind::kTable, static_cast<uint32_t>(t))});
    } else {
      sort_table[t] = true;
      total += records.size();
    }
  }
  for (size_t r = 0; r < plan_.rules.size(); ++r) {
    if (rules[r]) total += results_[r]->rows.size();
  }
  std::vector<Key> keys;
  keys.reserve(total);
  std::string scratch;
  for (int t = 0; t < tables::kCount; ++t) {
    if (!sort_table[t]) continue;
    const std::vector<Record>& records = store_.records[t];
    for (size_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      if (i + 8 < records.size()) records[i + 8].Prefetch();
      keys.push_back(Key{HeldRow{StreamTime(r), HeldRow::Source(plan::SourceKind::kTable, static_cast<uint32_t>(t)),
                                 static_cast<uint32_t>(i)},
                         KeyPrefix(r.KeyView(&scratch))});
    }
  }
  for (size_t r = 0; r < plan_.rules.size(); ++r) {
    if (!rules[r]) continue;
    const MaterializedRows& rows = results_[r]->rows;
    const uint32_t source = HeldRow::Source(plan::SourceKind::kRule, static_cast<uint32_t>(r));
    for (uint32_t i = 0; i < rows.size(); ++i) keys.push_back(Key{HeldRow{rows.event_times[i], source, i}, i});
  }
  auto before = [this](const Key& a, const Key& b) {
    if (a.row.time != b.row.time) return a.row.time < b.row.time;
    if (a.row.source != b.row.source) return a.row.source < b.row.source;
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.row.kind() != plan::SourceKind::kTable) return false;  // rule results: the position decided
    return Record::CompareKeys(store_.records[a.row.index()][a.row.at], store_.records[b.row.index()][b.row.at]) < 0;
  };
  // Two halves sorted side by side, then merged.
  const auto middle = keys.begin() + static_cast<std::ptrdiff_t>(keys.size() / 2);
  {
    SideTask other(threads_ > 1, [&] { std::sort(keys.begin(), middle, before); });
    std::sort(middle, keys.end(), before);
  }
  std::inplace_merge(keys.begin(), middle, keys.end(), before);
  std::vector<HeldRow> sorted;
  sorted.reserve(keys.size());
  for (const Key& k : keys) sorted.push_back(k.row);
  return std::make_unique<HeldRows>(std::move(walks), std::move(sorted));
}

Executor::Item Executor::HeldItem(const HeldRow& k) const {
  const plan::SourceKind kind = k.kind();
  const uint32_t index = k.index();
  if (kind == plan::SourceKind::kTable) {
    // The row of a record, made without reading its handle.
    const Record& r = store_.records[index][k.at];
    return Item{k.time, plan::SourceRef{kind, index},
                Row{&r, nullptr, static_cast<uint16_t>(Table(static_cast<TableId>(index)).fields.size()), k.at, false},
                true};
  }
  return Item{k.time, plan::SourceRef{kind, index}, results_[index]->rows.At(k.at), false};
}

void Executor::RunStage(int stage, RecordStream* stream, RunStats* stats) {
  // What this stage reads: the sources of its rules, and of the derived
  // sets they read (re-judged per stage: a derived row is a pure function
  // of its record and the stored data).
  TableSet tables_read{};
  std::vector<uint8_t> rules_read(plan_.rules.size(), 0);
  auto need = [&](plan::SourceRef ref, std::vector<uint8_t>* derived, auto&& self) -> void {
    switch (ref.kind) {
      case plan::SourceKind::kTable: tables_read[ref.index] = true; break;
      case plan::SourceKind::kRule: rules_read[ref.index] = 1; break;
      case plan::SourceKind::kDerived:
        (*derived)[ref.index] = 1;
        self(plan_.derived[ref.index].query.source, derived, self);
        break;
    }
  };
  const size_t n_workers = coverage_ != nullptr ? 1 : std::max<size_t>(1, threads_);
  std::vector<uint8_t> by_chunk;
  std::vector<std::vector<size_t>> assigned = AssignRules(stage, n_workers, &by_chunk);
  {
    std::vector<uint8_t> scratch(plan_.derived.size(), 0);
    for (const auto& rules : assigned) {
      for (size_t r : rules) need(plan_.rules[r].query.source, &scratch, need);
    }
  }
  // The held rows are gathered and put in order on a thread of their own
  // (with --threads above 1) while this one builds the indexes: neither
  // reads what the other makes (the thread has its own copy of what the
  // stage reads, which `need` writes again below).
  std::unique_ptr<HeldRows> held;
  SideTask held_task(threads_ > 1, [&, tables = tables_read, rules = rules_read] {
    held = HeldInOrder(tables, rules, stream != nullptr);
  });
  PrepareIndexes(stage);
  // The partitioned rules (all of stage 0: their tables are streamed) run
  // beside the replay, reading only the indexes just built and their own
  // operators.
  SideTask partitioned(threads_ > 1 && stage == 0 && partitions_ != nullptr, [&] {
    if (stage == 0) RunPartitionGroups(stats);
  });
  std::vector<std::unique_ptr<Worker>> workers;
  for (size_t w = 0; w < n_workers; ++w) {
    auto worker = std::make_unique<Worker>();
    worker->owns_rule.assign(plan_.rules.size(), 0);
    worker->offered.assign(plan_.rules.size(), 0);
    worker->seconds.assign(plan_.rules.size(), 0);
    worker->needs_derived.assign(plan_.derived.size(), 0);
    worker->index = w;
    worker->workers = n_workers;
    for (size_t r : assigned[w]) {
      worker->owns_rule[r] = 1;
      need(plan_.rules[r].query.source, &worker->needs_derived, need);
      if (!by_chunk[r]) continue;
      worker->by_chunk.resize(plan_.rules.size());
      worker->by_chunk[r] = MakeOperator(*this, plan_.rules[r], keep_);
    }
    for (int t = 0; t < tables::kCount; ++t) {
      const plan::SourceRef table{plan::SourceKind::kTable, static_cast<uint32_t>(t)};
      for (size_t r : Consumers(rules_by_source_, table)) {
        if (!worker->owns_rule[r] || rule_stage_[r] != stage) continue;
        (by_chunk[r] ? worker->reads_by_chunk : worker->reads)[t] = true;
      }
      for (size_t d : Consumers(derived_by_source_, table)) worker->reads[t] |= worker->needs_derived[d] != 0;
    }
    // Shared joins are made once per row for the rules and defines it judges.
    worker->memo.entries.resize(static_cast<size_t>(plan_.shared_joins));
    for (size_t r : assigned[w]) worker->OperatorFor(r, operators_)->set_join_memo(&worker->memo);
    for (const plan::Derived& d : plan_.derived) {
      worker->derived_frames.push_back(NewFrame(d.query));
      worker->derived_frames.back().memo = &worker->memo;
      worker->batch.derived.push_back(std::make_unique<MaterializedRows>());
      worker->batch.derived.back()->base_fields = BaseFields(plan_, d.query.source);
    }
    // Lookups keyed by the source record's own fields, probed ahead.
    for (size_t r : assigned[w]) {
      const plan::QueryPlan& q = plan_.rules[r].query;
      if (q.source.kind != plan::SourceKind::kTable) continue;
      auto consider = [&](const plan::Lookup& lookup) {
        Worker::Probe probe{&IndexFor(lookup), nullptr, lookup.index == plan::IndexKind::kMember,
                            SourceFields(plan_, q, lookup.outer_exprs)};
        if (probe.fields.empty()) return;
        auto& list = worker->probes[q.source.index];
        for (const Worker::Probe& known : list) {
          if (known.index == probe.index && known.fields == probe.fields) return;
        }
        list.push_back(std::move(probe));
        worker->any_probes = true;
      };
      // A lookup that an early check may make needless is left to be made
      // when needed: fetching it for every record would cost more than
      // the misses it hides for the few that get that far.
      bool conditional = false;
      for (size_t k = 0; k < q.joins.size(); ++k) {
        conditional = conditional || (k < q.early.size() && q.early[k] != plan::kNoExpr);
        if (!conditional) consider(q.joins[k].lookup);
      }
      for (plan::ExprId e : q.early) conditional = conditional || e != plan::kNoExpr;
      if (!conditional) {
        for (const plan::Subquery& sq : q.subqueries) consider(sq.lookup);
      }
      std::vector<uint16_t> state_fields = operators_[r]->StateKeyFields();
      if (!state_fields.empty()) {
        worker->probes[q.source.index].push_back(Worker::Probe{nullptr, operators_[r].get(), false, std::move(state_fields)});
        worker->any_probes = true;
      }
    }
    // The lookups of each rule that the worker probes ahead: the evaluator
    // takes their rows from the probe instead of making them again.
    for (size_t r : assigned[w]) {
      const plan::QueryPlan& q = plan_.rules[r].query;
      if (q.source.kind != plan::SourceKind::kTable) continue;
      const auto& list = worker->probes[q.source.index];
      std::vector<std::pair<const plan::Lookup*, uint16_t>> probed;
      auto match = [&](const plan::Lookup& lookup) {
        const LookupIndex* index = &IndexFor(lookup);
        const std::vector<uint16_t> fields = SourceFields(plan_, q, lookup.outer_exprs);
        if (fields.empty()) return;
        for (size_t k = 0; k < list.size(); ++k) {
          if (list[k].index == index && list[k].fields == fields) {
            probed.emplace_back(&lookup, static_cast<uint16_t>(k));
            return;
          }
        }
      };
      for (const plan::Join& join : q.joins) match(join.lookup);
      for (const plan::Subquery& sq : q.subqueries) match(sq.lookup);
      worker->OperatorFor(r, operators_)->set_prefetched(&worker->prefetched, std::move(probed));
    }
    workers.push_back(std::move(worker));
  }

  held_task.Join();

  // Workers run on their own threads when there are several; the producer
  // (this thread) merges the held rows with the stream into chunks.
  std::vector<ChunkQueue> queues(n_workers > 1 ? n_workers : 0);
  std::vector<std::thread> threads;
  for (size_t w = 0; w < queues.size(); ++w) {
    threads.emplace_back([&, w] {
      while (auto chunk = queues[w].Pop()) Process(*chunk, stage, *workers[w], stats);
    });
  }
  uint64_t serial = 0;
  auto dispatch = [&](std::shared_ptr<Chunk> chunk) {
    stats->streamed += static_cast<int64_t>(chunk->items.size());
    chunk->serial = serial++;
    if (queues.empty()) {
      Process(*chunk, stage, *workers[0], stats);
      return;
    }
    for (ChunkQueue& q : queues) q.Push(chunk);
  };
  std::vector<Frame> exclusion_frames;
  for (const plan::Exclusion& x : plan_.exclusions) exclusion_frames.push_back(NewFrame(x.query));
  constexpr size_t kChunkRows = 4096;
  ChunkPool pool;  // outlives every chunk: they are released before the threads join
  auto chunk = pool.Take();
  Record next;
  bool has_next = stream != nullptr && stream->Next(&next);
  int64_t next_time = has_next ? StreamTime(next) : 0;
  while (!held->done() || has_next) {
    bool take_held = !held->done();
    const HeldRow a = take_held ? held->front() : HeldRow{};
    if (take_held && has_next) {
      take_held = a.kind() == plan::SourceKind::kTable
                      ? StreamBefore(a.time, store_.records[a.index()][a.at], next_time, next)
                      : a.time < next_time;
    }
    const int64_t time = take_held ? a.time : next_time;
    // Chunks end between event times, so that a batch never spans two.
    if (chunk->items.size() >= kChunkRows && time != chunk->items.back().time) {
      dispatch(std::move(chunk));
      chunk = pool.Take();
    }
    if (take_held) {
      chunk->items.push_back(HeldItem(a));
      held->Pop();
      continue;
    }
    if (chunk->used == chunk->records.size()) chunk->records.emplace_back();
    Record& r = chunk->records[chunk->used++];
    std::swap(r, next);
    Item item{next_time, plan::SourceRef{plan::SourceKind::kTable, r.table()},
              RecordRow(r, 0), false};
    has_next = stream->Next(&next);
    if (has_next) next_time = StreamTime(next);
    // Streamed records meet the exclusions here, once, before any worker.
    if (Excluded(item, exclusion_frames)) {
      ++stats->excluded[item.source.index];
      --chunk->used;
      continue;
    }
    chunk->items.push_back(item);
  }
  if (!chunk->items.empty()) dispatch(std::move(chunk));
  for (ChunkQueue& q : queues) q.Close();
  for (std::thread& t : threads) t.join();
  partitioned.Join();
  for (const auto& w : workers) {
    stats->lookups_prefetched += w->prefetched.used;
    // The alerts of the rules judged by chunk, from every worker's share.
    for (size_t r = 0; r < w->by_chunk.size(); ++r) {
      if (w->by_chunk[r] != nullptr) operators_[r]->collector.Absorb(std::move(w->by_chunk[r]->collector));
    }
    for (size_t r = 0; r < plan_.rules.size(); ++r) {
      stats->rules[r].records += w->offered[r];
      stats->rules[r].seconds += w->seconds[r];
    }
  }
  for (size_t i = 0; i < operators_.size(); ++i) {
    if (rule_stage_[i] != stage) continue;
    operators_[i]->EndStream();
    operators_[i]->SampleState(&stats->rules[i]);
    operators_[i]->set_join_memo(nullptr);  // the workers' memos end with the stage
    operators_[i]->set_prefetched(nullptr, {});
  }
}

// One worker's pass over a chunk: rows of one event time are offered, then
// the operators they touched judge that time.
void Executor::Process(const Chunk& chunk, int stage, Worker& w, RunStats* stats) {
  auto end_time = [&]() {
    for (Operator* op : w.batch.touched) op->EndTouchedTime(w.current);
    w.batch.Clear();
  };
  w.turn = chunk.serial % w.workers == w.index;
  const std::vector<Item>& items = chunk.items;
  const size_t n = items.size();
  auto& ring = w.ahead;
  constexpr size_t kRing = Worker::kRing;
  static_assert(kSlotAhead < kRing);
  for (size_t i = 0; i < n; ++i) {
    const Item& item = items[i];
    if (w.any_probes) {
      if (i == 0) {
        for (size_t j = 0; j <= kSlotAhead && j < n; ++j) w.PrefetchSlots(items[j], ring[j % kRing]);
        for (size_t j = 0; j <= kRowAhead && j < n; ++j) w.PrefetchRows(ring[j % kRing]);
        for (size_t j = 0; j <= kRecordAhead && j < n; ++j) w.PrefetchRecords(ring[j % kRing]);
      } else {
        // Step 0: the record's handle (a stored record's lies anywhere in
        // its table), then its block, which step 1 reads the keys from.
        // Only for rows this worker reads: the others' records stay where they are.
        if (i + kHandleAhead < n && w.Reads(items[i + kHandleAhead])) __builtin_prefetch(items[i + kHandleAhead].row.record);
        if (i + kOwnAhead < n && items[i + kOwnAhead].row.record != nullptr && w.Reads(items[i + kOwnAhead])) {
          items[i + kOwnAhead].row.record->Prefetch();
        }
        if (i + kSlotAhead < n) w.PrefetchSlots(items[i + kSlotAhead], ring[(i + kSlotAhead) % kRing]);
        if (i + kRowAhead < n) w.PrefetchRows(ring[(i + kRowAhead) % kRing]);
        if (i + kRecordAhead < n) w.PrefetchRecords(ring[(i + kRecordAhead) % kRing]);
      }
    }
    if (!w.Reads(item)) continue;  // nothing this worker judges reads it
    if (!w.started || item.time != w.current) {
      if (w.started) end_time();
      w.current = item.time;
      w.started = true;
    }
    ++w.memo.serial;
    if (w.any_probes) w.OfferingNow(item, ring[i % kRing]);
    Offer(item, stage, w, stats);
    w.prefetched.record = nullptr;
    // Sample the keyed state now and then (it is largest mid-stream).
    if ((++w.seen & 0xFFFFF) == 0) {
      for (size_t i = 0; i < operators_.size(); ++i) {
        if (w.owns_rule[i]) operators_[i]->SampleState(&stats->rules[i]);
      }
    }
  }
  // The chunk ends between event times: its last time is complete.
  if (w.started) end_time();
  w.started = false;
}

void Executor::RunPartitionGroups(RunStats* stats) {
  if (partitions_ == nullptr) return;
  const std::vector<PartitionGroup>& groups = partitions_->groups();
  TableSet counted{};  // exclusions are counted once per record
  std::vector<uint8_t> count(groups.size(), 0);
  for (size_t g = 0; g < groups.size(); ++g) {
    count[g] = partitions_->only(groups[g].table) && !counted[groups[g].table];
    counted[groups[g].table] = true;
  }
  // The groups share nothing but read-only indexes (each has its own sort,
  // rules and operators, and writes its own rules' and table's counts):
  // with threads to spare each runs on a thread of its own, so that the
  // group left when the replay ends does not hold the scan on one core.
  std::vector<int64_t> rows(groups.size(), 0);
  std::vector<std::thread> threads;
  for (size_t g = 0; g < groups.size(); ++g) {
    auto run = [&, g] { rows[g] = RunPartitioned(groups[g], partition_streams_[g], count[g] != 0, stats); };
    if (threads_ > 1 && g + 1 < groups.size()) {
      threads.emplace_back(run);
    } else {
      run();
    }
  }
  for (std::thread& t : threads) t.join();
  for (int64_t n : rows) stats->partitioned += n;
}

// A group of partitioned rules over its sorted records: a partition's rows
// in order, partition after partition. The exclusions are met here, and
// counted when `count_exclusions` (the table's first group, when the
// event-ordered stream does not carry it too).
int64_t Executor::RunPartitioned(const PartitionGroup& group, RecordStream* in, bool count_exclusions, RunStats* stats) {
  std::vector<Frame> exclusion_frames;
  for (const plan::Exclusion& x : plan_.exclusions) exclusion_frames.push_back(NewFrame(x.query));
  // Two records, taken in turn: the row offered last stays valid while the
  // next is read, since a window judges a time when the next one begins.
  Record records[2];
  size_t at = 0;
  bool started = false;
  int64_t rows = 0;
  while (in->Next(&records[at])) {
    ++rows;
    const Record& record = records[at];
    const Item item{StreamTime(record), plan::SourceRef{plan::SourceKind::kTable, group.table}, RecordRow(record, 0),
                    false};
    if (Excluded(item, exclusion_frames)) {
      if (count_exclusions) ++stats->excluded[group.table];
      continue;
    }
    for (size_t r : group.rules) ++stats->rules[r].records;
    if (!PartitionPlan::InPartition(group, record)) continue;
    // records[at ^ 1] is the row offered last (an excluded row or one in
    // no partition is read over).
    const bool first = !started || !PartitionPlan::SamePartition(group, record, records[at ^ 1]);
    started = true;
    for (size_t r : group.rules) Timed(&stats->rules[r].seconds, [&] { operators_[r]->OnOrderedRow(item, first); });
    at ^= 1;
  }
  for (size_t r : group.rules) operators_[r]->EndOrdered();
  return rows;
}

// True when an exclusion drops a streamed record (its caller counts it, once).
bool Executor::Excluded(const Item& item, std::vector<Frame>& frames) {
  for (size_t x : exclusions_by_table_[item.source.index]) {
    if (Bind(plan_.exclusions[x].query, frames[x], item.row)) return true;
  }
  return false;
}

const std::vector<size_t>& Executor::Consumers(
    const std::array<std::vector<std::vector<size_t>>, 3>& by_source, const plan::SourceRef& ref) const {
  static const std::vector<size_t> kNone;
  const auto& list = by_source[static_cast<int>(ref.kind)];
  return ref.index < list.size() ? list[ref.index] : kNone;
}

// A row of the stream, for one worker: stored records skip what the
// exclusions dropped (streamed ones were filtered by the producer), then
// the derived sets and rules the worker owns that read the row's source.
void Executor::Offer(const Item& item, int stage, Worker& w, RunStats* stats) {
  if (item.stored && excluded_[item.source.index][item.row.id]) return;
  {
    for (size_t d : Consumers(derived_by_source_, item.source)) {
      if (!w.needs_derived[d]) continue;
      const plan::Derived& def = plan_.derived[d];
      Frame& f = w.derived_frames[d];
      if (!Bind(def.query, f, item.row)) continue;
      MaterializedRows& rows = *w.batch.derived[d];
      std::vector<plan::Value> extra;
      if (item.source.kind == plan::SourceKind::kDerived) {
        const MaterializedRows& inner = *w.batch.derived[item.source.index];
        extra = inner.extra[item.row.id];
        for (plan::Value& v : extra) v = rows.Keep(v);
      }
      for (const plan::Let& l : def.query.lets) extra.push_back(rows.Keep(f.values[l.slot]));
      rows.records.push_back(item.row.record);
      rows.extra.push_back(std::move(extra));
      rows.event_times.push_back(item.time);
      Offer(Item{item.time, plan::SourceRef{plan::SourceKind::kDerived, static_cast<uint32_t>(d)},
                 rows.At(static_cast<uint32_t>(rows.size() - 1)), false},
            stage, w, stats);
    }
  }
  {
    for (size_t r : Consumers(rules_by_source_, item.source)) {
      if (rule_stage_[r] != stage || !w.owns_rule[r]) continue;
      if (w.ByChunk(r) && !w.turn) continue;  // another worker's chunk
      Operator* op = w.OperatorFor(r, operators_);
      ++w.offered[r];
      Timed(&w.seconds[r], [&] { op->OnRow(item, w.batch); });
    }
  }
}

void Executor::FinishRule(size_t index, std::vector<Alert>* alerts, RunStats* stats) {
  const plan::Rule& rule = plan_.rules[index];
  AlertCollector& collector = operators_[index]->collector;
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
  RuleStats& rs = stats->rules[index];
  rs.alerts = static_cast<int64_t>(output->rows.size());
  rs.suppressed = collector.SuppressedOnly();
  results_[index] = std::move(output);
}

}  // namespace fundwatch::runtime
