#include "tests/compiler/compiler_test_util.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fundwatch::testing {
namespace {

// Walks one query's expressions; `slots` is the query's slot count.
class PlanWalker {
 public:
  explicit PlanWalker(const plan::Plan& p) : p_(p) {}

  std::string Rule(size_t index) {
    const plan::Rule& r = p_.rules[index];
    std::string where = "rule " + r.id + ": ";
    if (r.version.size() != 16 || r.version.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return where + "version '" + r.version + "' is not 16 hex digits";
    }
    if (r.keys.empty()) return where + "no key";
    if (r.message.empty()) return where + "no message";
    for (uint32_t dep : r.depends_on_rules) {
      if (dep >= index) return where + "depends on rule #" + std::to_string(dep) + ", not before it";
    }
    if (auto e = Query(r.query, /*is_rule=*/true); !e.empty()) return where + e;
    q_ = &r.query;
    for (const plan::KeyField& k : r.keys) {
      if (k.name.empty()) return where + "a key without a name";
      if (auto e = Required(k.value, "key " + k.name); !e.empty()) return where + e;
    }
    for (const plan::MessagePart& m : r.message) {
      if (m.value != plan::kNoExpr) {
        if (auto e = Required(m.value, "message hole"); !e.empty()) return where + e;
      }
    }
    for (const plan::Exception& x : r.exceptions) {
      if (auto e = Required(x.when, "exception"); !e.empty()) return where + e;
    }
    for (plan::ExprId id : {r.amount, r.patient, r.institution}) {
      if (auto e = Optional(id, "amount/patient/institution"); !e.empty()) return where + e;
    }
    return "";
  }

  std::string Query(const plan::QueryPlan& q, bool is_rule) {
    q_ = &q;
    if (auto e = Source(q.source, is_rule); !e.empty()) return e;
    if (q.source_slot >= q.slot_count) return "source slot out of range";
    for (const plan::Join& j : q.joins) {
      if (auto e = Lookup(j.lookup, "join"); !e.empty()) return e;
    }
    for (const plan::Let& l : q.lets) {
      if (l.slot >= q.slot_count) return "let " + l.name + " slot out of range";
      if (auto e = Required(l.value, "let " + l.name); !e.empty()) return e;
    }
    if (auto e = Optional(q.where, "where"); !e.empty()) return e;
    if (!q.early.empty() && q.early.size() != q.joins.size() + 1) return "early checks not one per stage";
    for (plan::ExprId c : q.early) {
      if (auto e = Optional(c, "early check"); !e.empty()) return e;
    }
    if (auto e = Optional(q.where_rest, "where_rest"); !e.empty()) return e;
    if (q.early.empty() && q.where_rest != plan::kNoExpr) return "where_rest without early checks";
    for (plan::ExprId g : q.group_by) {
      if (auto e = Required(g, "group by"); !e.empty()) return e;
    }
    if (q.window) {
      if (q.window->length_seconds <= 0) return "window length " + std::to_string(q.window->length_seconds);
      if (auto e = Required(q.window->time, "window time"); !e.empty()) return e;
    }
    for (const plan::Aggregate& a : q.aggregates) {
      if (auto e = Optional(a.arg, "aggregate"); !e.empty()) return e;
    }
    for (const plan::Let& l : q.agg_lets) {
      if (l.slot >= q.slot_count) return "let " + l.name + " slot out of range";
      if (auto e = Required(l.value, "let " + l.name); !e.empty()) return e;
    }
    if (!q.group_by.empty()) {
      if (auto e = Required(q.having, "having"); !e.empty()) return e;
    }
    if (q.sequence) {
      const plan::Sequence& s = *q.sequence;
      if (s.partition.empty() || s.steps.size() < 2 || s.steps.size() != s.step_slots.size()) return "malformed sequence";
      for (uint8_t slot : s.step_slots) {
        if (slot >= q.slot_count) return "step slot out of range";
      }
      for (const auto* list : {&s.partition, &s.order, &s.steps}) {
        for (plan::ExprId id : *list) {
          if (auto e = Required(id, "sequence"); !e.empty()) return e;
        }
      }
      if (auto e = Optional(s.unless, "unless"); !e.empty()) return e;
    }
    for (const plan::Subquery& s : q.subqueries) {
      if (auto e = Lookup(s.lookup, "subquery"); !e.empty()) return e;
      if (auto e = Optional(s.value, "subquery value"); !e.empty()) return e;
    }
    return "";
  }

 private:
  std::string Source(const plan::SourceRef& s, bool allow_rule) {
    switch (s.kind) {
      case plan::SourceKind::kTable:
        return s.index < static_cast<uint32_t>(tables::kCount) ? "" : "table id out of range";
      case plan::SourceKind::kDerived:
        return s.index < p_.derived.size() ? "" : "derived index out of range";
      case plan::SourceKind::kRule:
        return allow_rule && s.index < p_.rules.size() ? "" : "rule source out of range";
    }
    return "bad source kind";
  }

  size_t FieldCount(const plan::SourceRef& s) {
    if (s.kind == plan::SourceKind::kTable) return Table(static_cast<TableId>(s.index)).fields.size();
    if (s.kind == plan::SourceKind::kDerived) {
      const plan::Derived& d = p_.derived[s.index];
      return FieldCount(d.query.source) + d.let_names.size();
    }
    return p_.rules[s.index].keys.size();
  }

  std::string Lookup(const plan::Lookup& l, const std::string& what) {
    if (auto e = Source(l.source, true); !e.empty()) return what + ": " + e;
    if (l.slot >= q_->slot_count) return what + ": slot out of range";
    if (l.inner_fields.empty() || l.inner_fields.size() != l.outer_exprs.size()) return what + ": no index";
    if (l.index == plan::IndexKind::kMember && l.inner_fields.size() != 1) return what + ": member index on many fields";
    for (uint16_t f : l.inner_fields) {
      if (f >= FieldCount(l.source)) return what + ": inner field out of range";
    }
    for (plan::ExprId id : l.outer_exprs) {
      if (auto e = Required(id, what + " probe"); !e.empty()) return e;
    }
    if (auto e = Optional(l.as_of, what + " as of"); !e.empty()) return e;
    return Optional(l.residual, what + " residual");
  }

  std::string Optional(plan::ExprId id, const std::string& what) {
    return id == plan::kNoExpr ? "" : Required(id, what);
  }

  std::string Required(plan::ExprId id, const std::string& what) {
    if (id < 0 || static_cast<size_t>(id) >= p_.nodes.size()) return what + ": expression " + std::to_string(id) + " out of range";
    const plan::Node& n = p_.nodes[id];
    for (uint32_t c : n.children) {
      // Children are emitted before their parents: this also rules out cycles.
      if (c >= static_cast<uint32_t>(id)) return what + ": child " + std::to_string(c) + " not before node " + std::to_string(id);
      if (auto e = Required(static_cast<plan::ExprId>(c), what); !e.empty()) return e;
    }
    switch (n.op) {
      case plan::Op::kConst:
        if (n.index >= p_.constants.size()) return what + ": constant out of range";
        break;
      case plan::Op::kField:
      case plan::Op::kSlotValue:
      case plan::Op::kAny:
      case plan::Op::kAll:
        if (n.slot >= q_->slot_count) return what + ": slot " + std::to_string(n.slot) + " >= slot count";
        break;
      case plan::Op::kAggregate:
        if (n.index >= q_->aggregates.size()) return what + ": aggregate out of range";
        break;
      case plan::Op::kSubquery:
        if (n.index >= q_->subqueries.size()) return what + ": subquery out of range";
        break;
      default: break;
    }
    return "";
  }

  const plan::Plan& p_;
  const plan::QueryPlan* q_ = nullptr;
};

}  // namespace

std::string RepoPath(const std::string& relative) { return std::string(FUNDWATCH_SOURCE_DIR) + "/" + relative; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Sources StandardPack() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(RepoPath("rules"))) {
    if (entry.path().extension() == ".rule") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  Sources out;
  for (const std::string& n : names) out.emplace_back("rules/" + n, ReadFile(RepoPath("rules/" + n)));
  return out;
}

std::string PlanProblems(const plan::Plan& p) {
  PlanWalker walker(p);
  for (size_t i = 0; i < p.rules.size(); ++i) {
    if (auto e = walker.Rule(i); !e.empty()) return e;
  }
  for (const plan::Derived& d : p.derived) {
    if (auto e = walker.Query(d.query, false); !e.empty()) return "define " + d.name + ": " + e;
  }
  for (const plan::Exclusion& x : p.exclusions) {
    if (auto e = walker.Query(x.query, false); !e.empty()) return "exclusion: " + e;
    if (x.query.where == plan::kNoExpr) return "exclusion without a condition";
  }
  return "";
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string OneLine(const Diagnostic& d) {
  return d.location.file + ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " +
         d.code + " " + d.message;
}

}  // namespace fundwatch::testing
