#include "engine/data/row_builder.h"

#include <cassert>

#include "engine/data/field_parser.h"

namespace fundwatch {

RowBuilder::RowBuilder(const TableDef& def, std::vector<int> source_columns)
    : def_(def), source_columns_(std::move(source_columns)) {
  assert(source_columns_.size() == def_.fields.size());
}

std::string RowBuilder::KeyText(std::span<const std::string_view> fields) const {
  std::string out;
  for (int k : def_.key) {
    if (!out.empty()) out += '/';
    int src = source_columns_[k];
    if (src >= 0 && static_cast<size_t>(src) < fields.size()) out += fields[src];
  }
  return out;
}

bool RowBuilder::CheckValidity(const Record& record, Reject* reject) const {
  if (def_.valid_from < 0 || record.IsNull(def_.valid_to)) return true;
  if (record.DateAt(def_.valid_to) >= record.DateAt(def_.valid_from)) return true;
  reject->column = def_.fields[def_.valid_to].name;
  reject->column_number = source_columns_[def_.valid_to] + 1;
  reject->reason = "bad date: " + std::string(def_.fields[def_.valid_to].name) + " " +
                   record.Format(def_.valid_to) + " is before " + std::string(def_.fields[def_.valid_from].name) +
                   " " + record.Format(def_.valid_from);
  return false;
}

bool RowBuilder::Build(std::span<const std::string_view> fields, int64_t locator, Record* record,
                       Reject* reject) {
  size_t text_bytes = 0;
  for (size_t i = 0; i < def_.fields.size(); ++i) {
    FieldType t = def_.fields[i].type;
    int src = source_columns_[i];
    if (src >= 0 && (t == FieldType::kString || t == FieldType::kEnum || t == FieldType::kList)) {
      text_bytes += fields[src].size() + (t == FieldType::kEnum ? 8 : 0);  // enum aliases may be longer
    }
  }
  // The key's slot in the duplicate check is a cache miss: asked for now
  // (from the raw text, which is the key for a one-field text key), it is
  // in cache by the time the parsed row is checked.
  std::string_view raw_key;
  uint64_t raw_hash = 0;
  if (def_.key.size() == 1 && source_columns_[def_.key[0]] >= 0) {
    raw_key = fields[source_columns_[def_.key[0]]];
    raw_hash = KeySet::Hash(raw_key);
    keys_.Prefetch(raw_hash);
  }
  record->Reset(def_.id, text_bytes);
  std::string reason;
  for (size_t i = 0; i < def_.fields.size(); ++i) {
    int src = source_columns_[i];
    std::string_view text = src >= 0 ? fields[src] : std::string_view();
    if (!ParseField(def_.fields[i], text, static_cast<int>(i), record, &reason)) {
      reject->record_id = KeyText(fields);
      reject->column = def_.fields[i].name;
      reject->column_number = src + 1;
      reject->reason = std::move(reason);
      return false;
    }
  }
  if (!CheckValidity(*record, reject)) {
    reject->record_id = KeyText(fields);
    return false;
  }
  key_buffer_ = record->KeyString();
  int64_t first = 0;
  const uint64_t hash = raw_key.data() != nullptr && key_buffer_ == raw_key ? raw_hash : KeySet::Hash(key_buffer_);
  if (!keys_.Insert(key_buffer_, hash, locator, &first)) {
    reject->record_id = key_buffer_;
    reject->column = def_.fields[def_.key[0]].name;
    reject->column_number = source_columns_[def_.key[0]] + 1;
    reject->reason = "duplicate primary key " + key_buffer_ + " (first seen at " +
                     (locator > 0 ? "line " : "row ") + std::to_string(first) + ")";
    return false;
  }
  return true;
}

}  // namespace fundwatch
