#include "tests/gen/csv_reader.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fundwatch::gen::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CsvFile ParseCsv(const std::string& text) {
  CsvFile file;
  std::vector<CsvRecord> all;
  size_t i = 0;
  int64_t line = 1;
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    for (;;) {
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) throw std::runtime_error("unterminated quote");
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field.push_back(text[i++]);
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n') field.push_back(text[i++]);
      }
      rec.fields.push_back(field);
      field.clear();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < text.size() && text[i] == '\n') ++i;
    ++line;
    all.push_back(std::move(rec));
  }
  if (!all.empty()) {
    file.header = all.front().fields;
    file.records.assign(all.begin() + 1, all.end());
  }
  return file;
}

CsvFile ReadCsv(const std::string& path) { return ParseCsv(ReadFile(path)); }

}  // namespace fundwatch::gen::testing
