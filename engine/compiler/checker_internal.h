// Private to the checker: the Checker class shared by checker_program.cpp
// (declarations, metadata, rules), checker_query.cpp (queries, lookups,
// groups, sequences) and checker_expr.cpp (expressions).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/compiler/checker.h"

namespace fundwatch {

// What a record-valued name stands for.
struct RecordType {
  plan::SourceKind kind = plan::SourceKind::kTable;
  uint32_t index = 0;  // table id, derived index (plan), rule index (plan)
};

struct FieldInfo {
  std::string name;
  plan::Type type = plan::Type::kNull;
  const FieldDef* def = nullptr;  // table fields (enum checks, labels)
  TableId table = 0;
};

struct Binding {
  std::string name;
  bool is_record = false;
  RecordType record;
  plan::Type type = plan::Type::kNull;
  uint8_t slot = 0;
  ast::Loc loc;
  bool per_record = true;  // false for group-level lets (aggregates)
  bool poisoned = false;   // a let whose value had an error: uses stay quiet
};

struct Typed {
  plan::ExprId id = plan::kNoExpr;
  plan::Type type = plan::Type::kNull;
  bool ok() const { return id != plan::kNoExpr; }
};

// Where an expression is being checked.
struct Scope {
  plan::QueryPlan* query = nullptr;
  std::vector<Binding> names;             // innermost last
  bool aggregates_allowed = false;        // agg lets, having, grouped outputs
  const std::vector<const ast::Expr*>* grouped_exprs = nullptr;  // group by, when outputs must be grouped
  std::vector<std::string> expanding;     // macros being expanded, innermost last
  int* next_slot = nullptr;               // the query's next free slot
};

class Checker {
 public:
  Checker(const ast::Program& program, const CheckOptions& options, DiagnosticBag* diags)
      : program_(program), options_(options), diags_(diags) {}
  plan::Plan Run();

  // --- diagnostics ---------------------------------------------------------
  void Error(const ast::Loc& loc, const std::string& code, const std::string& message);
  void Warning(const ast::Loc& loc, const std::string& code, const std::string& message);

  // --- expressions (checker_expr.cpp) -------------------------------------
  Typed Expr(const ast::Expr& e, Scope& scope);
  // Checks `e` and requires a bool (where, having, when, unless).
  plan::ExprId Condition(const ast::Expr& e, Scope& scope, const char* what);
  plan::ExprId Emit(plan::Node node);
  // The next free slot of the query; an error once a query needs more than
  // a plan can number (255 aliases, lets and variables).
  uint8_t AllocSlot(Scope& scope, const ast::Loc& loc);
  plan::ExprId Constant(plan::Value value, const std::string& text, plan::Type type);
  std::vector<FieldInfo> FieldsOf(const RecordType& r);
  std::string RecordName(const RecordType& r);

  // --- queries (checker_query.cpp) ----------------------------------------
  // Checks a query into `out`. Leaves its aliases, lets (and for sequences
  // the steps) in `scope` for the outputs to use.
  void Query(const ast::Query& q, plan::QueryPlan* out, Scope& scope, bool is_rule);
  const TableDef* BaseTableOf(const plan::QueryPlan& q) const;
  bool IsEventTime(plan::ExprId id, const plan::QueryPlan& q) const;
  std::string EventTimeHint(const plan::QueryPlan& q) const;
  bool ResolveSource(const ast::Source& s, RecordType* out);
  // A correlated lookup (join or subquery) of `alias` over `source`.
  bool Lookup(const ast::Source& source, const std::string& alias, const ast::Loc& alias_loc,
              const ast::Expr* cond, const ast::Expr* as_of, Scope& scope, plan::Lookup* out,
              const char* what);

  // --- declarations (checker_program.cpp) ---------------------------------
  int DefineIndex(const std::string& name, const ast::Loc& use);  // checks it on first use
  int RuleIndex(const std::string& id, const ast::Loc& use);       // checks it on first use
  const ast::Macro* FindMacro(const std::string& name);
  bool FindParam(const std::string& name, plan::ExprId* id, plan::Type* type);
  bool FindList(const std::string& name, plan::ExprId* id);
  // A param or list whose declaration had an error: uses stay quiet.
  bool IsBrokenGlobal(const std::string& name);
  std::vector<std::string> GlobalNames() const;
  std::vector<std::string> SourceNames() const;

  const ast::Program& program_;
  const CheckOptions& options_;
  DiagnosticBag* diags_;
  plan::Plan plan_;
  std::set<std::string> recursion_reported_;  // macros already reported as recursive

 private:
  friend class ProgramChecker;
  void CheckParams();
  void CheckLists();
  void CheckDuplicates();
  void CheckRule(size_t ast_index);
  void CheckDefine(size_t ast_index);
  void CheckExclusions();
  bool ExcludeReadsOnlyTables(const ast::Expr& e);
  void CheckMeta(const ast::Rule& rule, plan::RuleMeta* meta);
  void CheckOutputs(const ast::Rule& rule, plan::Rule* out, Scope& scope);
  void WarnUnused(const std::vector<bool>& defines_read);
  std::string RuleVersion(const ast::Rule& rule, const std::set<std::string>& inputs);

  struct ParamState {
    plan::ExprId id = plan::kNoExpr;
    plan::Type type = plan::Type::kNull;
    std::string value_text;   // as written (for people)
    std::string canonical;    // by value (for versions): 15d and a YAML 15 hash alike
    bool used = false;
  };
  std::map<std::string, ParamState> params_;
  std::map<std::string, std::pair<plan::ExprId, bool>> lists_;  // id, used
  std::map<std::string, bool> macros_used_;
  enum class Visit { kNone, kActive, kDone };
  std::vector<Visit> define_state_;
  std::vector<int> define_plan_index_;
  std::vector<std::set<std::string>> define_inputs_;  // what each define reads
  std::set<std::string> global_inputs_;               // exclusions: they shape every rule's data
  std::vector<Visit> rule_state_;
  std::vector<int> rule_plan_index_;
  // Everything the rule being checked reads (for its version).
  std::vector<std::set<std::string>*> version_inputs_;
  void NoteInput(const std::string& what) {
    for (auto* s : version_inputs_) s->insert(what);
  }
  friend Typed CheckNameExpr(Checker&, const ast::Expr&, Scope&);
 public:
  void NoteUse(const std::string& kind, const std::string& name);
};

// True when `e` mentions the name `alias` (as a record or a value).
bool Mentions(const ast::Expr& e, const std::string& alias);

}  // namespace fundwatch
