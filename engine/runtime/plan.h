// The immutable plan the compiler emits and the engine evaluates: no parse
// tree, no AST, no names left to resolve. Expressions are flat node arrays
// (children by index), records are reached through numbered slots, and every
// correlated lookup names the index that serves it, so evaluation never
// scans a table and never allocates for a per-record condition.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "engine/data/schema.h"
#include "engine/runtime/value.h"

namespace fundwatch::plan {

enum class Op : uint8_t {
  kConst,        // constants[const_index]
  kField,        // field `field` of the record in slot `slot`
  kSlotValue,    // the value in slot `slot` (lets, quantifier variables)
  kAsOf,         // the as-of time
  kNeg, kNot,
  kAdd, kSub, kMul, kDiv,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kAnd, kOr,
  kIsNull, kIsNotNull,
  kIn, kNotIn,   // child0 in child1 (a list)
  kIf,
  kCall,         // builtin `fn` over children
  kAggregate,    // aggregate `agg` of the group (index into QueryPlan::aggregates)
  kSubquery,     // subqueries[subquery]
  kAny, kAll,    // quantifier: child0 a list; element in slot `slot`; child1 the condition
};

enum class Fn : uint8_t {
  kDate, kMonth, kAddMonths, kAge, kLen, kLeft, kStartsWith, kIsDigits, kAnyStartsWith,
  kCoalesce, kDays, kHours, kLabel, kDateTime,
};

enum class Agg : uint8_t { kCount, kCountIf, kCountDistinct, kSum, kMin, kMax };

struct Node {
  Op op = Op::kConst;
  Type type = Type::kNull;
  Fn fn = Fn::kDate;
  uint8_t slot = 0;
  uint16_t field = 0;
  uint32_t index = 0;                  // const / aggregate / subquery index
  std::vector<uint32_t> children;      // node indices
  std::string text;                    // source text, for the "why" of an alert
  TableId label_table = 0;             // kLabel: the enum field's table
};

// A pool of expression nodes; an expression is a root index into it.
using ExprId = int32_t;
inline constexpr ExprId kNoExpr = -1;

enum class SourceKind : uint8_t { kTable, kDerived, kRule };

struct SourceRef {
  SourceKind kind = SourceKind::kTable;
  uint32_t index = 0;  // TableId, derived index or rule index
};

// How a correlated lookup finds its rows without scanning:
//   kKey     hash index on `inner_fields`, probed with `outer_exprs`
//   kMember  inverted index on the elements of list field `inner_fields[0]`,
//            probed with `outer_exprs[0]`
enum class IndexKind : uint8_t { kKey, kMember };

// The most key fields one lookup may join on (the checker enforces it).
inline constexpr size_t kMaxLookupKeys = 16;

struct Lookup {
  SourceRef source;
  uint8_t slot = 0;              // where the found record is bound
  IndexKind index = IndexKind::kKey;
  std::vector<uint16_t> inner_fields;
  std::vector<ExprId> outer_exprs;
  ExprId as_of = kNoExpr;        // effective-dated: the date the row must cover
  ExprId residual = kNoExpr;     // the rest of the condition, per candidate row
};

struct Join {
  Lookup lookup;
  bool optional = false;         // an optional join binds null when nothing is found
  // Joins of several queries alike from the same source row share a class
  // (shared_joins.h): made once per row and worker. -1: not shared.
  int32_t shared = -1;
};

enum class SubqueryKind : uint8_t { kExists, kCount, kSum, kMin, kMax };

struct Subquery {
  SubqueryKind kind = SubqueryKind::kExists;
  Lookup lookup;
  ExprId value = kNoExpr;        // sum/min/max
};

struct Aggregate {
  Agg agg = Agg::kCount;
  ExprId arg = kNoExpr;
  Type type = Type::kInt;
};

struct Window {
  int64_t length_seconds = 0;    // (t - length, t]
  ExprId time = kNoExpr;
};

struct Sequence {
  std::vector<ExprId> partition;
  std::vector<ExprId> order;
  std::vector<ExprId> steps;     // conditions; step i binds slot `step_slots[i]`
  std::vector<uint8_t> step_slots;
  ExprId unless = kNoExpr;
};

struct Let {
  std::string name;
  uint8_t slot = 0;
  ExprId value = kNoExpr;
  Type type = Type::kNull;
};

struct QueryPlan {
  SourceRef source;
  uint8_t source_slot = 0;
  uint8_t slot_count = 1;
  std::vector<Join> joins;
  std::vector<Let> lets;
  ExprId where = kNoExpr;
  // Planned by the compiler (early_checks.h): early[k] is judged after the
  // source (k = 0) or the k-th join is bound, and where_rest after the lets;
  // together they pass exactly the records `where` passes. Empty: `where`
  // is judged whole after the lets.
  std::vector<ExprId> early;
  ExprId where_rest = kNoExpr;
  std::vector<ExprId> group_by;
  std::optional<Window> window;
  std::vector<Aggregate> aggregates;
  std::vector<Let> agg_lets;
  ExprId having = kNoExpr;
  std::optional<Sequence> sequence;
  std::vector<Subquery> subqueries;
};

struct KeyField {
  std::string name;
  ExprId value = kNoExpr;
};

struct MessagePart {
  std::string literal;
  ExprId value = kNoExpr;
};

struct RuleMeta {
  std::string name, category, result, severity, time_window, stage, basis, status;
  std::vector<std::string> scenario, institution_levels, institution_types, insurance, department;
};

struct Exception {
  ExprId when = kNoExpr;
  std::string reason;
};

struct Rule {
  std::string id;
  std::string version;  // hash of the normalised rule text and the parameter values in force
  RuleMeta meta;
  QueryPlan query;
  std::vector<KeyField> keys;
  ExprId amount = kNoExpr;
  ExprId patient = kNoExpr;
  ExprId institution = kNoExpr;
  std::vector<MessagePart> message;
  std::vector<Exception> exceptions;
  std::vector<uint32_t> depends_on_rules;  // rule indices whose results it reads
};

struct Derived {
  std::string name;
  QueryPlan query;
  std::vector<std::string> let_names;  // fields beyond the base table's
};

struct Exclusion {
  TableId table = 0;
  QueryPlan query;  // source = the table; `where` selects the records to drop
  std::string reason;
};

struct Plan {
  std::vector<Node> nodes;
  std::vector<Value> constants;
  std::deque<std::string> constant_texts;   // storage behind string/list constants (stable addresses)
  std::vector<Exclusion> exclusions;
  std::vector<Derived> derived;
  std::vector<Rule> rules;                  // in dependency order
  int32_t shared_joins = 0;                 // classes of Join::shared
  std::vector<std::pair<std::string, std::string>> params;  // name, value in force (as text)
};

}  // namespace fundwatch::plan
