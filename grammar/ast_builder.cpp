#include "grammar/ast_builder.h"
#include "grammar/syntax_errors.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "FundwatchRulesLexer.h"
#include "FundwatchRulesParser.h"
#include "antlr4-runtime.h"

namespace fundwatch {
namespace {

using syntax::ErrorCollector;
using syntax::HasSyntaxError;
using syntax::kMaxNesting;
using syntax::MaxNesting;
using syntax::ReportLexicalErrors;

using P = FundwatchRulesParser;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Loc;


std::string Unescape(const std::string& quoted) {
  std::string out;
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\' && i + 2 < quoted.size()) {
      char n = quoted[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      out += c;
    }
  }
  return out;
}


class Builder {
 public:
  Builder(int file, const std::string& path, ast::Program* program, DiagnosticBag* diags,
          antlr4::CommonTokenStream* tokens, int line_base = 0, int column_base = 0)
      : file_(file), path_(path), program_(program), diags_(diags), tokens_(tokens),
        line_base_(line_base), column_base_(column_base) {}

  void Item(P::ItemContext* item) {
    if (auto* c = item->paramDecl()) Param(c);
    else if (auto* c = item->listDecl()) List(c);
    else if (auto* c = item->macroDecl()) Macro(c);
    else if (auto* c = item->defineDecl()) Define(c);
    else if (auto* c = item->excludeDecl()) Exclude(c);
    else if (auto* c = item->exceptionDecl()) Exception(c);
    else if (auto* c = item->ruleDecl()) Rule(c);
  }

  ExprPtr Expr(P::ExprContext* ctx);

 private:
  Loc TokLoc(antlr4::Token* t) const {
    Loc loc;
    loc.file = file_;
    loc.line = static_cast<int>(t->getLine()) + line_base_;
    loc.column = static_cast<int>(t->getCharPositionInLine()) + 1 + (t->getLine() == 1 ? column_base_ : 0);
    loc.length = std::max<int>(1, static_cast<int>(t->getStopIndex() - t->getStartIndex() + 1));
    return loc;
  }
  Loc CtxLoc(antlr4::ParserRuleContext* ctx) const {
    Loc loc = TokLoc(ctx->getStart());
    antlr4::Token* stop = ctx->getStop();
    if (stop != nullptr && stop->getLine() == ctx->getStart()->getLine() &&
        stop->getStopIndex() >= ctx->getStart()->getStartIndex()) {
      loc.length = static_cast<int>(stop->getStopIndex() - ctx->getStart()->getStartIndex() + 1);
    }
    return loc;
  }
  std::string Normalized(antlr4::ParserRuleContext* ctx) const {
    std::string out;
    for (antlr4::Token* t : tokens_->getTokens(ctx->getStart()->getTokenIndex(), ctx->getStop()->getTokenIndex())) {
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      if (!out.empty()) out += ' ';
      out += t->getText();
    }
    return out;
  }
  static std::string Text(P::IdentContext* id) { return id->getText(); }

  ExprPtr Literal(P::LiteralContext* ctx);
  ExprPtr Primary(P::PrimaryContext* ctx);
  ExprPtr Node(ExprKind kind, antlr4::ParserRuleContext* ctx, std::string text = "") {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->loc = CtxLoc(ctx);
    e->text = std::move(text);
    return e;
  }
  void Query(P::QueryContext* ctx, ast::Query* q);
  ast::Source Source(P::SourceContext* ctx);
  ast::MetaValue Meta(P::MetaValueContext* ctx);
  void ParseTemplate(antlr4::Token* token, ast::Template* out);

  void Param(P::ParamDeclContext* c) {
    ast::Param p{Text(c->name), TokLoc(c->name->getStart()), Literal(c->value), c->doc ? Unescape(c->doc->getText()) : ""};
    program_->params.push_back(std::move(p));
  }
  void List(P::ListDeclContext* c) {
    ast::ListDecl l;
    l.name = Text(c->name);
    l.loc = TokLoc(c->name->getStart());
    for (auto* lit : c->literal()) l.items.push_back(Literal(lit));
    if (c->doc) l.doc = Unescape(c->doc->getText());
    program_->lists.push_back(std::move(l));
  }
  void Macro(P::MacroDeclContext* c) {
    ast::Macro m;
    auto ids = c->ident();
    m.name = Text(ids[0]);
    m.loc = TokLoc(ids[0]->getStart());
    for (size_t i = 1; i < ids.size(); ++i) {
      m.params.push_back(Text(ids[i]));
      m.param_locs.push_back(TokLoc(ids[i]->getStart()));
    }
    m.body = Expr(c->expr());
    m.normalized_text = Normalized(c);
    program_->macros.push_back(std::move(m));
  }
  void Define(P::DefineDeclContext* c) {
    ast::Define d;
    d.name = Text(c->name);
    d.loc = TokLoc(c->name->getStart());
    if (c->doc) d.doc = Unescape(c->doc->getText());
    Query(c->query(), &d.query);
    d.normalized_text = Normalized(c);
    program_->defines.push_back(std::move(d));
  }
  void Exclude(P::ExcludeDeclContext* c) {
    ast::Exclude x;
    x.table = Text(c->table);
    x.table_loc = TokLoc(c->table->getStart());
    x.alias = Text(c->alias);
    x.alias_loc = TokLoc(c->alias->getStart());
    x.where = Expr(c->cond);
    x.reason = Unescape(c->reason->getText());
    x.loc = CtxLoc(c);
    x.normalized_text = Normalized(c);
    program_->excludes.push_back(std::move(x));
  }
  void Exception(P::ExceptionDeclContext* c) {
    ast::Exception x;
    x.rule_id = c->ruleId->getText();
    x.rule_loc = TokLoc(c->ruleId);
    x.when = Expr(c->cond);
    x.reason = Unescape(c->reason->getText());
    x.loc = CtxLoc(c);
    x.normalized_text = Normalized(c);
    program_->exceptions.push_back(std::move(x));
  }
  void Rule(P::RuleDeclContext* c);

  int file_;
  std::string path_;
  ast::Program* program_;
  DiagnosticBag* diags_;
  antlr4::CommonTokenStream* tokens_;
  int line_base_;
  int column_base_;
};

ExprPtr Builder::Literal(P::LiteralContext* ctx) {
  auto e = Node(ExprKind::kLiteral, ctx, ctx->getText());
  if (dynamic_cast<P::StringLiteralContext*>(ctx)) { e->literal = ast::LiteralKind::kString; e->text = Unescape(e->text); }
  else if (dynamic_cast<P::NumberLiteralContext*>(ctx)) e->literal = ast::LiteralKind::kNumber;
  else if (dynamic_cast<P::DurationLiteralContext*>(ctx)) e->literal = ast::LiteralKind::kDuration;
  else if (dynamic_cast<P::DateLiteralContext*>(ctx)) e->literal = ast::LiteralKind::kDate;
  else if (dynamic_cast<P::TrueLiteralContext*>(ctx)) e->literal = ast::LiteralKind::kTrue;
  else if (dynamic_cast<P::FalseLiteralContext*>(ctx)) e->literal = ast::LiteralKind::kFalse;
  else e->literal = ast::LiteralKind::kNull;
  return e;
}

ExprPtr Builder::Expr(P::ExprContext* ctx) {
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return Primary(c->primary());
  if (auto* c = dynamic_cast<P::FieldExprContext*>(ctx)) {
    auto e = Node(ExprKind::kField, ctx, Text(c->ident()));
    e->args.push_back(Expr(c->expr()));
    e->loc = TokLoc(c->ident()->getStart());  // point at the field name
    return e;
  }
  if (auto* c = dynamic_cast<P::NegExprContext*>(ctx)) {
    auto e = Node(ExprKind::kUnary, ctx, "-");
    e->args.push_back(Expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto e = Node(ExprKind::kUnary, ctx, "not");
    e->args.push_back(Expr(c->expr()));
    return e;
  }
  auto binary = [&](antlr4::ParserRuleContext* c, std::vector<P::ExprContext*> operands, std::string op,
                    antlr4::Token* op_token) {
    auto e = Node(ExprKind::kBinary, c, std::move(op));
    if (op_token != nullptr) e->loc = TokLoc(op_token);
    e->args.push_back(Expr(operands[0]));
    e->args.push_back(Expr(operands[1]));
    return e;
  };
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) return binary(c, c->expr(), c->op->getText(), c->op);
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) return binary(c, c->expr(), c->op->getText(), c->op);
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) return binary(c, c->expr(), c->op->getText(), c->op);
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) return binary(c, c->expr(), "and", c->AND()->getSymbol());
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) return binary(c, c->expr(), "or", c->OR()->getSymbol());
  if (auto* c = dynamic_cast<P::IsNullExprContext*>(ctx)) {
    auto e = Node(ExprKind::kIsNull, ctx);
    e->negated = c->NOT() != nullptr;
    e->args.push_back(Expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    auto e = Node(ExprKind::kIn, ctx);
    e->loc = TokLoc(c->IN()->getSymbol());
    e->negated = c->NOT() != nullptr;
    e->args.push_back(Expr(c->expr(0)));
    e->args.push_back(Expr(c->expr(1)));
    return e;
  }
  return Node(ExprKind::kLiteral, ctx);  // unreachable for a well-formed tree
}

ExprPtr Builder::Primary(P::PrimaryContext* ctx) {
  if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) return Literal(c->literal());
  if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return Expr(c->expr());
  if (auto* c = dynamic_cast<P::ListPrimaryContext*>(ctx)) {
    auto e = Node(ExprKind::kList, ctx);
    for (auto* x : c->expr()) e->args.push_back(Expr(x));
    return e;
  }
  if (auto* c = dynamic_cast<P::IfPrimaryContext*>(ctx)) {
    auto e = Node(ExprKind::kIf, ctx);
    for (auto* x : c->expr()) e->args.push_back(Expr(x));
    return e;
  }
  if (auto* c = dynamic_cast<P::SubqueryPrimaryContext*>(ctx)) {
    auto e = Node(ExprKind::kSubquery, ctx, Text(c->name));
    e->loc = TokLoc(c->name->getStart());
    e->loc.length = static_cast<int>(e->text.size());
    auto* s = c->subquery();
    e->subquery = std::make_unique<ast::Subquery>();
    if (s->value) e->subquery->value = Expr(s->value);
    e->subquery->source = Source(s->source());
    e->subquery->alias = Text(s->alias);
    e->subquery->alias_loc = TokLoc(s->alias->getStart());
    if (s->asOf()) e->subquery->as_of = Expr(s->asOf()->expr());
    e->subquery->where = Expr(s->cond);
    return e;
  }
  if (auto* c = dynamic_cast<P::QuantifierPrimaryContext*>(ctx)) {
    auto e = Node(ExprKind::kQuantifier, ctx, Text(c->name));
    e->loc = TokLoc(c->name->getStart());
    e->var = Text(c->var);
    e->var_loc = TokLoc(c->var->getStart());
    e->args.push_back(Expr(c->list));
    e->args.push_back(Expr(c->cond));
    return e;
  }
  if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
    auto e = Node(ExprKind::kCall, ctx, Text(c->name));
    e->loc = TokLoc(c->name->getStart());
    for (auto* x : c->expr()) e->args.push_back(Expr(x));
    return e;
  }
  auto* c = dynamic_cast<P::NamePrimaryContext*>(ctx);
  return Node(ExprKind::kName, ctx, c != nullptr ? Text(c->ident()) : ctx->getText());
}

ast::Source Builder::Source(P::SourceContext* ctx) {
  ast::Source s;
  if (auto* r = dynamic_cast<P::RuleSourceContext*>(ctx)) {
    s.is_rule = true;
    s.name = r->RULE_ID()->getText();
    s.loc = TokLoc(r->RULE_ID()->getSymbol());
  } else {
    s.name = ctx->getText();
    s.loc = CtxLoc(ctx);
  }
  return s;
}

void Builder::Query(P::QueryContext* ctx, ast::Query* q) {
  q->loc = CtxLoc(ctx);
  q->loc.length = 4;
  q->source = Source(ctx->source());
  q->alias = Text(ctx->alias);
  q->alias_loc = TokLoc(ctx->alias->getStart());
  for (auto* j : ctx->joinClause()) {
    ast::Join join;
    join.optional = j->OPTIONAL() != nullptr;
    join.table = Text(j->table);
    join.table_loc = TokLoc(j->table->getStart());
    join.alias = Text(j->alias);
    join.alias_loc = TokLoc(j->alias->getStart());
    join.on = Expr(j->cond);
    if (j->asOf()) join.as_of = Expr(j->asOf()->expr());
    join.loc = TokLoc(j->JOIN()->getSymbol());
    q->joins.push_back(std::move(join));
  }
  for (auto* l : ctx->letClause()) {
    q->lets.push_back(ast::Let{Text(l->ident()), TokLoc(l->ident()->getStart()), Expr(l->expr())});
  }
  if (ctx->whereClause()) q->where = Expr(ctx->whereClause()->expr());
  if (auto* g = ctx->groupClause()) {
    q->grouped = true;
    q->group_loc = TokLoc(g->GROUP()->getSymbol());
    for (auto* x : g->expr()) q->group_by.push_back(Expr(x));
  }
  if (auto* w = ctx->windowClause()) {
    q->window = ast::Window{TokLoc(w->WINDOW()->getSymbol()), Expr(w->length), Expr(w->time)};
  }
  for (auto* l : ctx->aggLet()) {
    q->agg_lets.push_back(ast::Let{Text(l->ident()), TokLoc(l->ident()->getStart()), Expr(l->expr())});
  }
  if (auto* h = ctx->havingClause()) {
    q->having = Expr(h->expr());
    q->having_loc = TokLoc(h->HAVING()->getSymbol());
  }
  if (auto* s = ctx->sequenceClause()) {
    ast::Sequence seq;
    seq.loc = TokLoc(s->SEQUENCE()->getSymbol());
    // `by` expressions come before ORDER, `order by` ones after it.
    size_t order_token = s->ORDER()->getSymbol()->getTokenIndex();
    for (auto* x : s->expr()) {
      (x->getStart()->getTokenIndex() < order_token ? seq.by : seq.order).push_back(Expr(x));
    }
    for (auto* st : s->step()) {
      seq.steps.push_back(ast::Step{Text(st->ident()), TokLoc(st->ident()->getStart()), Expr(st->expr())});
    }
    if (s->unless()) seq.unless = Expr(s->unless()->expr());
    q->sequence = std::move(seq);
  }
}

ast::MetaValue Builder::Meta(P::MetaValueContext* ctx) {
  ast::MetaValue v;
  v.loc = CtxLoc(ctx);
  if (auto* s = dynamic_cast<P::MetaStringContext*>(ctx)) {
    v.kind = ast::MetaValue::Kind::kString;
    v.text = Unescape(s->getText());
  } else if (dynamic_cast<P::MetaNumberContext*>(ctx)) {
    v.kind = ast::MetaValue::Kind::kNumber;
    v.text = ctx->getText();
  } else if (auto* l = dynamic_cast<P::MetaListContext*>(ctx)) {
    v.kind = ast::MetaValue::Kind::kList;
    for (auto* item : l->metaValue()) v.items.push_back(Meta(item));
  } else {
    v.kind = ast::MetaValue::Kind::kWord;
    v.text = ctx->getText();
  }
  return v;
}

void Builder::Rule(P::RuleDeclContext* c) {
  ast::Rule r;
  r.id = c->ruleId->getText();
  r.id_loc = TokLoc(c->ruleId);
  r.name = Unescape(c->name->getText());
  r.loc = CtxLoc(c);
  for (auto* m : c->metaEntry()) {
    r.meta.push_back(ast::MetaEntry{Text(m->key), TokLoc(m->key->getStart()), Meta(m->metaValue())});
  }
  Query(c->query(), &r.query);
  for (auto* out : c->output()) {
    if (auto* k = dynamic_cast<P::KeyOutputContext*>(out)) {
      r.keys_loc = TokLoc(k->KEY()->getSymbol());
      for (auto* item : k->keyItem()) {
        ast::KeyItem ki;
        if (item->ident()) ki.name = Text(item->ident());
        ki.loc = CtxLoc(item);
        ki.expr = Expr(item->expr());
        r.keys.push_back(std::move(ki));
      }
    } else if (auto* a = dynamic_cast<P::AmountOutputContext*>(out)) {
      r.amount = Expr(a->expr());
    } else if (auto* m = dynamic_cast<P::MessageOutputContext*>(out)) {
      r.message.emplace();
      ParseTemplate(m->STRING()->getSymbol(), &*r.message);
    } else if (auto* p = dynamic_cast<P::PatientOutputContext*>(out)) {
      r.patient = Expr(p->expr());
    } else if (auto* i = dynamic_cast<P::InstitutionOutputContext*>(out)) {
      r.institution = Expr(i->expr());
    }
  }
  r.normalized_text = Normalized(c);
  program_->rules.push_back(std::move(r));
}

// Splits "text {expr} text" into parts, parsing each hole as an expression
// whose places are shifted to where the hole stands in the rule file.
void Builder::ParseTemplate(antlr4::Token* token, ast::Template* out) {
  const std::string raw = token->getText();
  out->text = Unescape(raw);
  out->loc = TokLoc(token);
  std::u32string raw32 = antlrcpp::utf8_to_utf32(raw.data(), raw.data() + raw.size());
  std::string literal;
  for (size_t i = 1; i + 1 < raw32.size(); ++i) {
    char32_t ch = raw32[i];
    if (ch == '\\' && i + 2 < raw32.size()) {
      char32_t n = raw32[++i];
      literal += antlrcpp::utf32_to_utf8(std::u32string(1, n == 'n' ? U'\n' : n == 't' ? U'\t' : n));
      continue;
    }
    if (ch != '{') {
      literal += antlrcpp::utf32_to_utf8(std::u32string(1, ch));
      continue;
    }
    size_t close = raw32.find(U'}', i + 1);
    if (close == std::u32string::npos || close + 1 >= raw32.size()) {
      Loc loc = out->loc;
      loc.column += static_cast<int>(i);
      diags_->Add(Diagnostic{Diagnostic::Severity::kError, {path_, loc.line, loc.column, 1}, "E-TEMPLATE",
                             "'{' in the message has no matching '}' (write the field as {f.field})"});
      return;
    }
    if (!literal.empty()) out->parts.push_back(ast::Template::Part{std::move(literal), nullptr});
    literal.clear();
    // Inside a hole, \" is a quote of a string literal ({if x then \"大额\" else \"小额\" end}).
    std::u32string hole32;
    for (size_t k = i + 1; k < close; ++k) {
      if (raw32[k] == U'\\' && k + 1 < close) ++k;
      hole32.push_back(raw32[k]);
    }
    std::string hole = antlrcpp::utf32_to_utf8(hole32);
    // Where the hole stands in the file: a message may run over lines
    // through an escaped line break, so count the breaks before the hole.
    size_t last_break = raw32.rfind(U'\n', i);
    int breaks = static_cast<int>(std::count(raw32.begin(), raw32.begin() + static_cast<long>(i), U'\n'));
    int line_base = out->loc.line - 1 + breaks;
    int column_base = last_break == std::u32string::npos ? out->loc.column + static_cast<int>(i)  // code points before it
                                                         : static_cast<int>(i - last_break);
    antlr4::ANTLRInputStream input(hole);
    FundwatchRulesLexer lexer(&input);
    antlr4::CommonTokenStream tokens(&lexer);
    FundwatchRulesParser parser(&tokens);
    ErrorCollector errors(diags_, path_, line_base, column_base);
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    lexer.addErrorListener(&errors);
    parser.addErrorListener(&errors);
    const int lexical_before = diags_->ErrorCount();
    ReportLexicalErrors(tokens, path_, diags_, line_base, column_base);
    if (diags_->ErrorCount() > lexical_before || MaxNesting(tokens) > kMaxNesting) {
      i = close;  // reported: this hole is not parsed
      continue;
    }
    P::ExprOnlyContext* tree = parser.exprOnly();
    if (errors.count() == 0 && !HasSyntaxError(tree)) {
      Builder inner(file_, path_, program_, diags_, &tokens, line_base, column_base);
      out->parts.push_back(ast::Template::Part{"", inner.Expr(tree->expr())});
    }
    i = close;
  }
  if (!literal.empty()) out->parts.push_back(ast::Template::Part{std::move(literal), nullptr});
}

}  // namespace

void ParseRuleFile(const std::string& path, const std::string& text, ast::Program* program, DiagnosticBag* diags) {
  int file = static_cast<int>(program->files.size());
  ast::SourceFile source{path, {}};
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    source.lines.push_back(std::move(line));
  }
  program->files.push_back(std::move(source));

  antlr4::ANTLRInputStream input(text);
  FundwatchRulesLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  FundwatchRulesParser parser(&tokens);
  ErrorCollector errors(diags, path, 0, 0);
  lexer.removeErrorListeners();
  parser.removeErrorListeners();
  lexer.addErrorListener(&errors);
  parser.addErrorListener(&errors);
  ReportLexicalErrors(tokens, path, diags, 0, 0);
  if (int depth = MaxNesting(tokens); depth > kMaxNesting) {
    diags->Add(Diagnostic{Diagnostic::Severity::kError, {path, 1, 1, 1}, "E-TOO-DEEP",
                          "brackets nest " + std::to_string(depth) + " deep; at most " + std::to_string(kMaxNesting) +
                              " are allowed (the file was not read further)"});
    return;
  }
  P::FileContext* tree = parser.file();
  Builder builder(file, path, program, diags, &tokens);
  for (P::ItemContext* item : tree->item()) {
    if (!HasSyntaxError(item)) builder.Item(item);
  }
}

}  // namespace fundwatch
