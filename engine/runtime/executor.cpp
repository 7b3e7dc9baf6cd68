#include "engine/runtime/executor.h"
#include "engine/runtime/executor_internal.h"

#include <algorithm>
#include <cassert>

namespace fundwatch::runtime {

// --- setup -------------------------------------------------------------------

Executor::Executor(const plan::Plan& plan, const TableStore& store, DateTime as_of)
    : plan_(plan), store_(store), as_of_(as_of) {
  for (int t = 0; t < tables::kCount; ++t) excluded_[t].assign(store.records[t].size(), 0);
  for (const plan::Exclusion& x : plan_.exclusions) {
    for (const plan::Subquery& s : x.query.subqueries) raw_lookups_.push_back(&s.lookup);
  }
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
  s.kind = ref.kind;
  switch (ref.kind) {
    case plan::SourceKind::kTable:
      s.records = &store_.records[ref.index];
      s.excluded = &excluded_[ref.index];
      break;
    case plan::SourceKind::kDerived: s.rows = &derived_[ref.index]; break;
    case plan::SourceKind::kRule: s.rows = &results_[ref.index]->rows; break;
  }
  return s;
}

int64_t Executor::EventTimeOf(const plan::SourceRef& ref, const Row& row) const {
  if (ref.kind == plan::SourceKind::kTable) {
    int field = row.record->def().event_time;
    return field >= 0 ? row.record->TimeAt(field).seconds() : 0;
  }
  const MaterializedRows& rows = ref.kind == plan::SourceKind::kDerived ? derived_[ref.index] : results_[ref.index]->rows;
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

const LookupIndex& Executor::IndexFor(const plan::Lookup& lookup) const {
  auto it = indexes_.find(&lookup);
  if (it != indexes_.end()) return *it->second;
  auto index = std::make_unique<LookupIndex>();
  Source source = RowsOf(lookup.source);
  if (std::find(raw_lookups_.begin(), raw_lookups_.end(), &lookup) != raw_lookups_.end()) source.excluded = nullptr;
  std::vector<plan::ExprId> filters;
  InnerConjuncts(plan_, lookup.residual, lookup.slot, &filters);
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
  const LookupIndex& ref = *index;
  indexes_.emplace(&lookup, std::move(index));
  return ref;
}

// --- evaluation ----------------------------------------------------------------

bool Executor::Bind(const plan::QueryPlan& q, Frame& f, const Row& source_row) {
  f.scratch_used = 0;
  f.rows[q.source_slot] = source_row;
  for (const plan::Join& j : q.joins) {
    Row found;
    if (FindFirstMatch(j.lookup, f, &found)) {
      f.rows[j.lookup.slot] = found;
    } else if (j.optional) {
      f.rows[j.lookup.slot] = Row{};
    } else {
      return false;  // an inner join that finds nothing: the record is not judged
    }
  }
  for (const plan::Let& l : q.lets) f.values[l.slot] = Eval(l.value, f);
  return q.where == plan::kNoExpr || IsTrue(Eval(q.where, f));
}

void Executor::RunExclusions(RunStats* stats) {
  for (const plan::Exclusion& x : plan_.exclusions) {
    const std::vector<Record>& records = store_.records[x.table];
    Frame f = NewFrame(x.query);
    std::vector<uint8_t> drop(records.size(), 0);
    for (size_t i = 0; i < records.size(); ++i) {
      Row row{&records[i], nullptr, static_cast<uint16_t>(records[i].size()), static_cast<uint32_t>(i), false};
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

void Executor::MaterializeDerived(size_t index) {
  const plan::Derived& d = plan_.derived[index];
  MaterializedRows out;
  Source source = RowsOf(d.query.source);
  Frame f = NewFrame(d.query);
  for (size_t i = 0; i < source.size(); ++i) {
    if (source.Skip(i)) continue;
    Row row = source.At(i);
    if (!Bind(d.query, f, row)) continue;
    std::vector<plan::Value> extra;
    // A define over a define keeps the inner lets before its own.
    if (d.query.source.kind == plan::SourceKind::kDerived) {
      const MaterializedRows& inner = derived_[d.query.source.index];
      extra = inner.extra[row.id];
    }
    for (const plan::Let& l : d.query.lets) extra.push_back(out.Keep(f.values[l.slot]));
    out.records.push_back(row.record);
    out.extra.push_back(std::move(extra));
    out.event_times.push_back(EventTimeOf(d.query.source, row));
    out.base_fields = row.record != nullptr ? static_cast<uint16_t>(row.record->size()) : 0;
  }
  if (out.base_fields == 0 && d.query.source.kind == plan::SourceKind::kTable) {
    out.base_fields = static_cast<uint16_t>(Table(static_cast<TableId>(d.query.source.index)).fields.size());
  }
  derived_.push_back(std::move(out));
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

std::vector<Alert> Executor::Run(RunStats* stats) {
  RunExclusions(stats);
  for (size_t i = 0; i < plan_.derived.size(); ++i) MaterializeDerived(i);
  std::vector<Alert> alerts;
  for (size_t i = 0; i < plan_.rules.size(); ++i) RunRule(i, &alerts, stats);
  return alerts;
}

}  // namespace fundwatch::runtime
