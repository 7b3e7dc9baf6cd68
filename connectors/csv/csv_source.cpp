#include "connectors/csv/csv_source.h"

#include <filesystem>

#include "connectors/csv/csv_reader.h"
#include "engine/data/row_builder.h"

namespace fundwatch {

void CsvSource::Note(std::string note) {
  std::lock_guard<std::mutex> lock(mu_);
  notes_.push_back(std::move(note));
}
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CsvSource::TableLocation(const TableDef& table) const {
  return (std::filesystem::path(dir_) / (std::string(table.name) + ".csv")).string();
}

int64_t CsvSource::TableBytes(const TableDef& table) const {
  std::error_code ec;
  const auto size = std::filesystem::file_size(TableLocation(table), ec);
  return ec ? 0 : static_cast<int64_t>(size);  // a missing file is an empty table
}

Result<std::vector<int>> CsvSource::MapHeader(const TableDef& table, const std::string& path,
                                              const std::vector<std::string_view>& header) {
  std::vector<int> columns(table.fields.size(), -1);
  std::vector<std::string> ignored;
  for (size_t c = 0; c < header.size(); ++c) {
    std::string_view name = Trim(header[c]);
    int f = table.FieldIndex(name);
    if (f < 0) {
      ignored.emplace_back(name);
    } else if (columns[f] >= 0) {
      return Status::InvalidArgument(path + ":1: column '" + std::string(name) + "' appears twice in the header");
    } else {
      columns[f] = static_cast<int>(c);
    }
  }
  for (size_t f = 0; f < table.fields.size(); ++f) {
    if (columns[f] >= 0) continue;
    const FieldDef& def = table.fields[f];
    if (!def.nullable) {
      return Status::InvalidArgument(path + ":1: missing required column '" + std::string(def.name) + "' (" +
                                     std::string(FieldTypeName(def.type)) + ", " + std::string(def.meaning) + ")");
    }
    Note(path + ": column '" + std::string(def.name) + "' is absent; read as null in every row");
  }
  for (const std::string& name : ignored) {
    Note(path + ": column '" + name + "' is not in the contract; ignored");
  }
  return columns;
}

Status CsvSource::ReadTable(const TableDef& table, RecordSink& sink) {
  const std::string path = TableLocation(table);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    Note(path + ": no such file; table " + std::string(table.name) + " is empty");
    return Status::Ok();
  }
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open(path);
  if (!opened.ok()) return opened.status();
  CsvReader& reader = **opened;
  CsvReader::Outcome first = reader.Next();
  if (first == CsvReader::Outcome::kMalformed) {
    return Status::InvalidArgument(path + ":" + std::to_string(reader.line()) + ": unreadable header: " + reader.error());
  }
  if (first != CsvReader::Outcome::kRow) {
    bytes_read_ += reader.bytes_read();
    if (!reader.io_status().ok()) return reader.io_status();
    Note(path + ": empty file; table " + std::string(table.name) + " is empty");
    return Status::Ok();
  }
  std::vector<std::string_view> header = reader.fields();
  std::vector<std::string> header_copy(header.begin(), header.end());
  header.assign(header_copy.begin(), header_copy.end());
  Result<std::vector<int>> columns = MapHeader(table, path, header);
  if (!columns.ok()) return columns.status();
  RowBuilder builder(table, std::move(*columns));
  Record record;
  for (;;) {
    CsvReader::Outcome outcome = reader.Next();
    if (outcome == CsvReader::Outcome::kEnd) break;
    Reject reject;
    bool ok = false;
    if (outcome == CsvReader::Outcome::kMalformed) {
      reject.reason = "malformed CSV: " + reader.error();
    } else if (reader.fields().size() != header.size()) {
      reject.reason = "wrong number of fields: expected " + std::to_string(header.size()) + ", got " +
                      std::to_string(reader.fields().size());
    } else {
      ok = builder.Build(reader.fields(), reader.line(), &record, &reject);
    }
    if (ok) {
      sink.OnRecord(std::move(record));
      continue;
    }
    reject.table = table.name;
    reject.file = path;
    reject.line = reader.line();
    sink.OnReject(std::move(reject));
  }
  bytes_read_ += reader.bytes_read();
  return reader.io_status();
}

}  // namespace fundwatch
