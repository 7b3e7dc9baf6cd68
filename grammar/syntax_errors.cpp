#include "grammar/syntax_errors.h"

#include <algorithm>
#include <cctype>

namespace fundwatch::syntax {

namespace {

bool IsClauseWord(const std::string& text) {
  for (const char* w : {"key", "amount", "message", "patient", "institution", "where", "let", "group", "window",
                        "having", "sequence", "step", "unless", "join", "optional"}) {
    if (text == w) return true;
  }
  return false;
}

}  // namespace

void ErrorCollector::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* token, size_t line, size_t column,
                                 const std::string& msg, std::exception_ptr) {
  Diagnostic d;
  d.code = "E-SYNTAX";
  d.message = Rephrase(msg);
  antlr4::Token* at = token;
  // Two mistakes ANTLR reports one token late, moved to where they are.
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  antlr4::Token* prev = parser != nullptr ? parser->getTokenStream()->LT(-1) : nullptr;
  antlr4::Token* before = parser != nullptr ? parser->getTokenStream()->LT(-2) : nullptr;
  if (prev != nullptr && token != nullptr && msg.rfind("missing ':'", 0) == 0 &&
      prev->getType() == FundwatchRulesLexer::ID && token->getType() == FundwatchRulesLexer::ID) {
    // `fee_list f` among a rule's attributes: the query's `from` is missing.
    d.message = "missing 'from' before '" + prev->getText() + "': a rule's query starts with from TABLE ALIAS";
    at = prev;
  } else if (prev != nullptr && before != nullptr && IsClauseWord(prev->getText()) &&
             before->getLine() < prev->getLine() && msg.rfind("mismatched input", 0) == 0) {
    // `where f.pric >` then `key ...`: the keyword was taken as the operand.
    d.message = "the expression before '" + prev->getText() + "' is incomplete (a value is missing at the end of line " +
                std::to_string(before->getLine()) + ")";
    at = prev;
  }
  if (at != token && at != nullptr) {
    line = at->getLine();
    column = at->getCharPositionInLine();
  }
  d.location.file = path_;
  d.location.line = static_cast<int>(line) + line_base_;
  d.location.column = static_cast<int>(column) + 1 + (line == 1 ? column_base_ : 0);
  d.location.length = 1;
  if (at != nullptr && at->getType() != antlr4::Token::EOF && at->getStopIndex() >= at->getStartIndex()) {
    d.location.length = static_cast<int>(at->getStopIndex() - at->getStartIndex() + 1);
  }
  // After the first error of a declaration, ANTLR's recovery mostly reports
  // its own confusion: one error per declaration is what a reader can use.
  if (line_base_ == 0 && parser != nullptr) {
    antlr4::ParserRuleContext* ctx = parser->getContext();
    while (ctx != nullptr && ctx->parent != nullptr && dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent) != nullptr &&
           ctx->getRuleIndex() != FundwatchRulesParser::RuleItem) {
      ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent);
    }
    const antlr4::Token* start = ctx != nullptr ? ctx->getStart() : nullptr;
    if (start != nullptr && ctx->getRuleIndex() == FundwatchRulesParser::RuleItem) {
      if (!reported_items_.insert(start->getTokenIndex()).second) return;
    }
  }
  diags_->Add(std::move(d));
  ++count_;
}

// ANTLR speaks of token sets and names; say what a supervisor would
// recognise, and keep long "expecting {...}" sets out of the way.
std::string ErrorCollector::Rephrase(std::string msg) {
  if (msg.rfind("mismatched input '='", 0) == 0 || msg.rfind("extraneous input '='", 0) == 0) {
    return "unexpected '=': compare with '==' (a single '=' only names a let, param or key)";
  }
  // Long token sets say nothing a reader can use: keep the place only.
  for (const char* set : {" expecting {", "missing {"}) {
    size_t at = msg.find(set);
    if (at == std::string::npos) continue;
    size_t close = msg.find('}', at);
    size_t commas = std::count(msg.begin() + at, msg.begin() + (close == std::string::npos ? msg.size() : close), ',');
    if (commas < 5) continue;
    if (at == 0) {  // "missing {...} at 'X'"
      size_t where = close == std::string::npos ? std::string::npos : msg.find(" at ", close);
      msg = "something is missing before" + (where == std::string::npos ? std::string() : msg.substr(where + 3));
    } else {
      msg = msg.substr(0, at);
    }
  }
  auto replace_word = [&msg](const std::string& from, const std::string& to) {
    for (size_t p = msg.find(from); p != std::string::npos; p = msg.find(from, p + 1)) {
      bool left = p == 0 || !(std::isalnum(static_cast<unsigned char>(msg[p - 1])) || msg[p - 1] == '_' || msg[p - 1] == '\'');
      size_t end = p + from.size();
      bool right = end >= msg.size() || !(std::isalnum(static_cast<unsigned char>(msg[end])) || msg[end] == '_' || msg[end] == '\'');
      if (left && right) {
        msg.replace(p, from.size(), to);
        p += to.size() - 1;
      }
    }
  };
  replace_word("mismatched input", "unexpected");
  replace_word("extraneous input", "unexpected");
  replace_word("no viable alternative at input", "cannot make sense of");
  for (size_t p = msg.find("'<EOF>'"); p != std::string::npos; p = msg.find("'<EOF>'")) msg.replace(p, 7, "end of file");
  for (size_t p = msg.find("<EOF>"); p != std::string::npos; p = msg.find("<EOF>")) msg.replace(p, 5, "end of file");
  replace_word("RULE_ID", "rule id (like PRC-CEIL)");
  replace_word("NULL_", "'null'");
  replace_word("TRUE_", "'true'");
  replace_word("FALSE_", "'false'");
  replace_word("STRING", "a \"quoted text\"");
  replace_word("DURATION", "a duration like 30d");
  replace_word("NUMBER", "a number");
  replace_word("DATE", "a date like 2025-07-01");
  replace_word("ID", "a name");
  return msg;
}

bool HasSyntaxError(antlr4::tree::ParseTree* tree) {
  if (dynamic_cast<antlr4::tree::ErrorNode*>(tree) != nullptr) return true;
  if (auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(tree)) {
    if (ctx->exception != nullptr) return true;
  }
  for (antlr4::tree::ParseTree* child : tree->children) {
    if (HasSyntaxError(child)) return true;
  }
  return false;
}

int MaxNesting(antlr4::CommonTokenStream& tokens) {
  tokens.fill();
  int depth = 0, deepest = 0, chain = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    const std::string text = t->getText();
    if (text == "(" || text == "[" || text == "{") deepest = std::max(deepest, ++depth);
    else if (text == ")" || text == "]" || text == "}") depth = std::max(0, depth - 1);
    else if (t->getType() == FundwatchRulesLexer::AND || t->getType() == FundwatchRulesLexer::OR) ++chain;
  }
  return std::max(deepest, chain / 25);
}

// Reports characters the lexer could not place and strings left open; an
// open string is then read as if closed at the end of its line, so that the
// parse goes on without a cascade of errors. `line_base`/`column_base` place
// the tokens of a message hole in the rule file.
void ReportLexicalErrors(antlr4::CommonTokenStream& tokens, const std::string& path, DiagnosticBag* diags,
                         int line_base, int column_base) {
  tokens.fill();
  for (antlr4::Token* t : tokens.getTokens()) {
    Diagnostic d;
    int line = static_cast<int>(t->getLine());
    d.location = {path, line + line_base,
                  static_cast<int>(t->getCharPositionInLine()) + 1 + (line == 1 ? column_base : 0), 1};
    if (t->getType() == FundwatchRulesLexer::ERROR_CHAR) {
      d.code = "E-BAD-CHAR";
      d.message = "unexpected character '" + t->getText() + "'";
    } else if (t->getType() == FundwatchRulesLexer::UNTERMINATED_STRING) {
      d.code = "E-UNTERMINATED-STRING";
      d.message = "string is not closed on this line (add a closing \")";
      d.location.length = static_cast<int>(t->getStopIndex() - t->getStartIndex() + 1);
      if (auto* token = dynamic_cast<antlr4::CommonToken*>(t)) {
        token->setText(t->getText() + "\"");
        token->setType(FundwatchRulesLexer::STRING);
        token->setChannel(antlr4::Token::DEFAULT_CHANNEL);
      }
    } else {
      continue;
    }
    diags->Add(std::move(d));
  }
}

}  // namespace fundwatch::syntax
