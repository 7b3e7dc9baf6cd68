#include "engine/common/diagnostic.h"

#include <algorithm>

#include "engine/common/utf8.h"

namespace fundwatch {
namespace {

const char* SeverityName(Diagnostic::Severity s) {
  switch (s) {
    case Diagnostic::Severity::kError: return "error";
    case Diagnostic::Severity::kWarning: return "warning";
    case Diagnostic::Severity::kNote: return "note";
  }
  return "error";
}

}  // namespace

std::string RenderDiagnostic(const Diagnostic& d, std::string_view source_line) {
  const SourceLocation& loc = d.location;
  std::string out = loc.file;
  if (loc.line > 0) out += ":" + std::to_string(loc.line);
  if (loc.column > 0) out += ":" + std::to_string(loc.column);
  out += ": ";
  out += SeverityName(d.severity);
  out += ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += "\n";
  if (loc.line <= 0 || source_line.empty()) return out;
  std::string number = std::to_string(loc.line);
  std::string gutter(std::max<size_t>(number.size(), 4), ' ');
  out += gutter.substr(number.size()) + number + " | " + std::string(source_line) + "\n";
  out += gutter + " | ";
  // East Asian characters take two terminal columns; pad accordingly.
  out += std::string(DisplayWidth(source_line, loc.column > 0 ? loc.column - 1 : 0), ' ');
  // The underline spans the token's display width (a CJK name is 2 columns a character).
  size_t skip = 0;
  for (int cp = 0; cp < loc.column - 1 && skip < source_line.size(); ++cp) {
    ++skip;
    while (skip < source_line.size() && (static_cast<unsigned char>(source_line[skip]) & 0xC0) == 0x80) ++skip;
  }
  size_t width = DisplayWidth(source_line.substr(skip), static_cast<size_t>(std::max(loc.length, 1)));
  out += "^";
  if (width > 1) out += std::string(width - 1, '~');
  out += "\n";
  return out;
}

bool DiagnosticBag::HasErrors() const { return ErrorCount() > 0; }

int DiagnosticBag::ErrorCount() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  }));
}

}  // namespace fundwatch
