// Executor: evaluates a compiled plan over a batch of records (a scan of
// history). Order of work: exclusions (over the raw data), derived sets,
// then rules in dependency order, each raising alerts deduplicated per rule
// and key. Every correlated lookup goes through a LookupIndex built once.
//
// Exactness: results are a function of the set of records and the as-of
// time only — never of the order rows arrived in. Windows and sequences sort
// their records by event time with the records' keys as the tie-break.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/runtime/alert.h"
#include "engine/runtime/evaluator.h"
#include "engine/runtime/lookup_index.h"

namespace fundwatch::runtime {

// All accepted records of a batch, by table.
struct TableStore {
  std::array<std::vector<Record>, tables::kCount> records;
};

struct RuleStats {
  std::string rule_id;
  int64_t alerts = 0;        // distinct keys reported
  int64_t suppressed = 0;    // alerts an exception removed
  // The keyed state the rule held: groups of a window or bucket, partitions
  // of a sequence (0 for per-record rules), and the bytes they took.
  const char* primitive = "per-record";
  int64_t state_keys = 0;
  int64_t state_bytes = 0;
  double seconds = 0;        // evaluating the rule (indexes it built first included)
};

struct RunStats {
  std::array<int64_t, tables::kCount> excluded{};  // records dropped by `exclude`
  std::vector<RuleStats> rules;
};

class Executor : public LookupResolver {
 public:
  Executor(const plan::Plan& plan, const TableStore& store, DateTime as_of);
  ~Executor() override;

  // Evaluates every rule; alerts sorted by rule (plan order) then key.
  std::vector<Alert> Run(RunStats* stats);

  const LookupIndex& IndexFor(const plan::Lookup& lookup) const override;

  // Records, per plan node, the outcomes of bool nodes (for `fundwatch
  // test`'s coverage report). REQUIRES: coverage->size() == plan.nodes.size().
  void set_coverage(std::vector<uint8_t>* coverage) { coverage_ = coverage; }

 private:
  struct Source;       // the rows of one source, with their evidence
  struct RuleOutput;   // a rule's results, as a source for later rules

  void RunExclusions(RunStats* stats);
  void MaterializeDerived(size_t index);
  void RunRule(size_t index, std::vector<Alert>* alerts, RunStats* stats);

  // Binds `source_row` and the query's joins and lets; true when `where` holds.
  bool Bind(const plan::QueryPlan& q, Frame& frame, const Row& source_row);
  Source RowsOf(const plan::SourceRef& ref) const;
  int64_t EventTimeOf(const plan::SourceRef& ref, const Row& row) const;
  std::vector<EvidenceRef> EvidenceOf(const plan::SourceRef& ref, const Row& row) const;

  // Makes the alert of `rule` for the rows bound in `frame`; `condition` is
  // re-evaluated to record the values compared. An alert an exception
  // matches carries the exception's reason in `suppressed_by`.
  // `with_joins`: the joined rows are evidence too (not for grouped rules,
  // whose evidence is the records of the window or bucket).
  Alert MakeAlert(const plan::Rule& rule, Frame& frame, std::optional<int64_t> event_time,
                  std::vector<EvidenceRef> evidence, plan::ExprId condition, bool with_joins = true);
  void RunPlain(const plan::Rule& rule, class AlertCollector& out);
  void RunGrouped(const plan::Rule& rule, class AlertCollector& out, RuleStats* stats);
  void RunSequence(const plan::Rule& rule, class AlertCollector& out, RuleStats* stats);

  Frame NewFrame(const plan::QueryPlan& q) const;

  const plan::Plan& plan_;
  const TableStore& store_;
  DateTime as_of_;
  std::array<std::vector<uint8_t>, tables::kCount> excluded_;
  std::vector<MaterializedRows> derived_;
  std::vector<std::unique_ptr<RuleOutput>> results_;
  std::vector<const plan::Lookup*> raw_lookups_;   // lookups of exclusions see excluded rows too
  mutable std::map<const plan::Lookup*, std::unique_ptr<LookupIndex>> indexes_;
  std::vector<uint8_t>* coverage_ = nullptr;
};

}  // namespace fundwatch::runtime
