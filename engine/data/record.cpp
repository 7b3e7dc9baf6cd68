#include "engine/data/record.h"

namespace fundwatch {

void ListView::Iterator::Advance() {
  if (done_) { end_ = true; return; }
  size_t bar = rest_.find('|');
  current_ = rest_.substr(0, bar);
  if (bar == std::string_view::npos) {
    done_ = true;  // this element is the last; the next Advance ends
    rest_ = {};
  } else {
    rest_.remove_prefix(bar + 1);
  }
}

bool ListView::Contains(std::string_view element) const {
  for (std::string_view e : *this) {
    if (e == element) return true;
  }
  return false;
}

size_t ListView::size() const {
  size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

std::string_view Record::Str(int i) const {
  const Cell& c = cells_[i];
  if (c.length == Cell::kNull) return {};
  return std::string_view(text_).substr(c.offset, c.length);
}

void Record::SetText(int i, std::string_view text, int64_t num) {
  cells_[i] = Cell{num, static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(text.size())};
  text_.append(text);
}

std::string Record::Format(int i) const {
  if (IsNull(i)) return "";
  switch (def().fields[i].type) {
    case FieldType::kString:
    case FieldType::kEnum:
    case FieldType::kList: return std::string(Str(i));
    case FieldType::kInt:
    case FieldType::kFlag: return std::to_string(Int(i));
    case FieldType::kDecimal: return Dec(i).ToString();
    case FieldType::kDate: return DateAt(i).ToString();
    case FieldType::kDateTime: return TimeAt(i).ToString();
  }
  return "";
}

std::string Record::KeyString() const {
  std::string out;
  for (int k : def().key) {
    if (!out.empty()) out += '/';
    out += Format(k);
  }
  return out;
}

bool operator==(const Record& a, const Record& b) {
  if (a.table_ != b.table_ || a.cells_.size() != b.cells_.size()) return false;
  for (size_t i = 0; i < a.cells_.size(); ++i) {
    int f = static_cast<int>(i);
    if (a.IsNull(f) != b.IsNull(f) || a.cells_[i].num != b.cells_[i].num) return false;
    if (a.Str(f) != b.Str(f)) return false;
  }
  return true;
}

}  // namespace fundwatch
