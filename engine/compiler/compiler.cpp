#include "engine/compiler/compiler.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/common/utf8.h"
#include "grammar/ast_builder.h"

namespace fundwatch {

std::string CompileResult::Render() const {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) {
    std::string_view line;
    auto it = source_lines.find(d.location.file);
    if (it != source_lines.end() && d.location.line >= 1 && static_cast<size_t>(d.location.line) <= it->second.size()) {
      line = it->second[d.location.line - 1];
    }
    out += RenderDiagnostic(d, line);
  }
  return out;
}

CompileResult CompileSources(const std::vector<std::pair<std::string, std::string>>& sources,
                             const CheckOptions& options) {
  CompileResult result;
  ast::Program program;
  for (const auto& [path, raw] : sources) {
    std::string text = raw;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    result.files.push_back(path);
    if (!IsValidUtf8(text)) {
      result.diagnostics.Add(Diagnostic{Diagnostic::Severity::kError, {path, 0, 0, 1}, "E-BAD-ENCODING",
                                        "rule files must be UTF-8"});
      continue;
    }
    ParseRuleFile(path, text, &program, &result.diagnostics);
    result.source_lines[path] = program.files.back().lines;
  }
  DiagnosticBag check_diags;
  plan::Plan plan = CheckProgram(program, options, &check_diags);
  // One list, in file order then by place, as a reader goes through the files.
  std::vector<Diagnostic> all = result.diagnostics.items();
  all.insert(all.end(), check_diags.items().begin(), check_diags.items().end());
  std::map<std::string, size_t> file_order;
  for (size_t i = 0; i < result.files.size(); ++i) file_order.emplace(result.files[i], i);
  std::stable_sort(all.begin(), all.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    size_t fa = file_order.count(a.location.file) ? file_order[a.location.file] : result.files.size();
    size_t fb = file_order.count(b.location.file) ? file_order[b.location.file] : result.files.size();
    if (fa != fb) return fa < fb;
    if (a.location.line != b.location.line) return a.location.line < b.location.line;
    return a.location.column < b.location.column;
  });
  result.diagnostics = DiagnosticBag();
  for (Diagnostic& d : all) result.diagnostics.Add(std::move(d));
  result.plan = std::make_unique<plan::Plan>(std::move(plan));
  return result;
}

Result<CompileResult> CompileRuleDir(const std::string& dir, const CheckOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::InvalidArgument("rule directory '" + dir + "' does not exist");
  std::vector<std::string> paths;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".rule") paths.push_back(it->path().string());
  }
  if (ec) return Status::IoError(dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<std::pair<std::string, std::string>> sources;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::IoError("cannot read " + p);
    std::ostringstream text;
    text << in.rdbuf();
    sources.emplace_back(p, text.str());
  }
  if (sources.empty()) return Status::InvalidArgument("no .rule files in '" + dir + "'");
  return CompileSources(sources, options);
}

}  // namespace fundwatch
