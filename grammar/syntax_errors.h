// Syntax errors of the rule language as diagnostics: ANTLR's reports in the
// words of a supervisor, characters the lexer could not place, strings left
// open, and nesting too deep to parse safely. Private to grammar/.
#pragma once

#include <set>
#include <string>

#include "FundwatchRulesLexer.h"
#include "FundwatchRulesParser.h"
#include "antlr4-runtime.h"
#include "engine/common/diagnostic.h"

namespace fundwatch::syntax {

// Collects ANTLR's syntax errors as diagnostics (code E-SYNTAX). The bases
// shift the places of tokens parsed out of a message template back into the
// rule file.
class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  ErrorCollector(DiagnosticBag* diags, const std::string& path, int line_base, int column_base)
      : diags_(diags), path_(path), line_base_(line_base), column_base_(column_base) {}
  void syntaxError(antlr4::Recognizer*, antlr4::Token* token, size_t line, size_t column, const std::string& msg,
                   std::exception_ptr) override;
  int count() const { return count_; }
  // ANTLR's message with token names and long token sets made readable.
  static std::string Rephrase(std::string msg);

 private:
  DiagnosticBag* diags_;
  std::string path_;
  int line_base_;
  int column_base_;
  int count_ = 0;
  std::set<size_t> reported_items_;  // first tokens of declarations with a reported error
};

// True when the tree holds an error node or a context that failed.
bool HasSyntaxError(antlr4::tree::ParseTree* tree);

// Deeper nesting than this is refused before parsing: the parser and the
// checker recurse per level, and the stack is finite.
inline constexpr int kMaxNesting = 200;

// The deepest nesting of (), [] and {} among the tokens; a chain of
// `and`/`or` nests its operands too, one level for every 25 of them.
int MaxNesting(antlr4::CommonTokenStream& tokens);

// Reports characters the lexer could not place (E-BAD-CHAR) and strings left
// open (E-UNTERMINATED-STRING); an open string is then read as if closed at
// the end of its line, so the parse goes on without a cascade of errors.
void ReportLexicalErrors(antlr4::CommonTokenStream& tokens, const std::string& path, DiagnosticBag* diags,
                         int line_base, int column_base);

}  // namespace fundwatch::syntax
