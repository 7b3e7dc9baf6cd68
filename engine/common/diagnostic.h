// Diagnostic: a mistake in a user's file (rule, config), reported with its
// place and a stable code. Collected, never thrown, so that one run reports
// all of them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in characters (code points); 0 = unknown
  int length = 1;  // characters to underline
};

struct Diagnostic {
  enum class Severity { kError, kWarning, kNote };
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string code;  // stable, e.g. "E-UNKNOWN-FIELD"
  std::string message;
};

// Renders `file:line:col: error: message [CODE]`, then the source line and a
// caret under the column (when `source_line` is known).
std::string RenderDiagnostic(const Diagnostic& d, std::string_view source_line);

class DiagnosticBag {
 public:
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  const std::vector<Diagnostic>& items() const { return items_; }
  bool HasErrors() const;
  int ErrorCount() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace fundwatch
