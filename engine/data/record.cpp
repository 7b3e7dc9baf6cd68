#include "engine/data/record.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "engine/common/varint.h"

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

char* BlockArena::Allocate(size_t bytes) {
  bytes = (bytes + 7) & ~size_t{7};
  if (bytes > left_) {
    const size_t chunk = std::max(kChunk, bytes);
    chunks_.emplace_back(new char[chunk]);
    next_ = chunks_.back().get();
    left_ = chunk;
    bytes_ += chunk;
  }
  char* at = next_;
  next_ += bytes;
  left_ -= bytes;
  used_ += bytes;
  return at;
}

Record::Record(TableId table, size_t text_capacity)
    : table_(table), n_(static_cast<uint16_t>(Table(table).fields.size())),
      text_cap_(static_cast<uint32_t>(text_capacity)) {
  block_ = new char[Header() + text_capacity];
  ClearFields();
}

void Record::Reset(TableId table, size_t text_capacity) {
  const size_t fields = Table(table).fields.size();
  const size_t header = HeaderBytes(fields);
  const size_t block_bytes = block_ != nullptr && !borrowed_ ? Header() + text_cap_ : 0;
  if (block_bytes >= header + text_capacity) {
    table_ = table;
    n_ = static_cast<uint16_t>(fields);
    text_cap_ = static_cast<uint32_t>(block_bytes - header);
    ClearFields();
    return;
  }
  *this = Record(table, text_capacity);
}

void Record::ClearFields() {
  nulls() = ~uint64_t{0};
  std::memset(cells(), 0, n_ * sizeof(uint64_t));
  text_size_ = 0;
}

Record::Record(const Record& other)
    : table_(other.table_), n_(other.n_), text_size_(other.text_size_), text_cap_(other.text_size_) {
  if (!other.block_) return;
  const size_t bytes = Header() + text_size_;
  block_ = new char[bytes];
  std::memcpy(block_, other.block_, bytes);
}

Record& Record::operator=(const Record& other) {
  if (this != &other) *this = Record(other);
  return *this;
}

void Record::Regrow(size_t capacity) {
  char* block = new char[Header() + capacity];
  if (block_) std::memcpy(block, block_, Header() + text_size_);
  Release();
  block_ = block;
  text_cap_ = static_cast<uint32_t>(capacity);
}

void Record::SetText(int i, std::string_view text) {
  if (text_size_ + text.size() > text_cap_) Regrow(std::max<size_t>(text_cap_ * 2, text_size_ + text.size()));
  nulls() &= ~(uint64_t{1} << i);
  cells()[i] = (static_cast<uint64_t>(text_size_) << 32) | static_cast<uint32_t>(text.size());
  if (!text.empty()) std::memcpy(this->text() + text_size_, text.data(), text.size());
  text_size_ += static_cast<uint32_t>(text.size());
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
  std::string scratch;
  return std::string(KeyView(&scratch));
}

std::string_view Record::KeyView(std::string* scratch) const {
  const TableDef& d = def();
  if (d.key.size() == 1 && d.fields[d.key[0]].type == FieldType::kString) return Str(d.key[0]);
  scratch->clear();
  for (int k : d.key) {
    if (!scratch->empty()) *scratch += '/';
    *scratch += Format(k);
  }
  return *scratch;
}

namespace {

bool HasText(FieldType t) { return t == FieldType::kString || t == FieldType::kEnum || t == FieldType::kList; }

}  // namespace

void Record::AppendBinary(std::string* out, const std::vector<bool>* keep) const {
  const TableDef& d = def();
  const size_t n = n_;
  const size_t bitmap = (n + 7) / 8;
  // Room for the most it can take (a 10-byte varint per field, every
  // text), written in place, then cut to what it took.
  const size_t start = out->size();
  out->resize(start + 1 + bitmap + n * 10 + text_size_);
  char* p = out->data() + start;
  *p++ = static_cast<char>(table_);
  char* bits = p;  // zeroed by resize
  p += bitmap;
  for (size_t i = 0; i < n; ++i) {
    if (IsNull(static_cast<int>(i)) || (keep != nullptr && !(*keep)[i])) continue;
    bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
    if (HasText(d.fields[i].type)) {
      std::string_view t = Str(static_cast<int>(i));
      p = PutVarint(p, t.size());
      if (!t.empty()) std::memcpy(p, t.data(), t.size());
      p += t.size();
    } else {
      p = PutVarint(p, ZigZag(Int(static_cast<int>(i))));
    }
  }
  out->resize(static_cast<size_t>(p - out->data()));
}

Record Record::Projected(const std::vector<bool>& keep, BlockArena* arena) const {
  if (!block_) return Record();
  const TableDef& d = def();
  auto kept = [&](size_t i) { return i >= keep.size() || keep[i]; };
  size_t bytes = 0;
  for (size_t i = 0; i < n_; ++i) {
    if (kept(i) && !IsNull(static_cast<int>(i)) && HasText(d.fields[i].type)) bytes += Str(static_cast<int>(i)).size();
  }
  Record out;
  if (arena != nullptr) {
    // Filled here, to its exact capacity.
    out.table_ = table_;
    out.n_ = n_;
    out.text_cap_ = static_cast<uint32_t>(bytes);
    out.block_ = arena->Allocate(Header() + bytes);
    out.borrowed_ = true;
    out.ClearFields();
  } else {
    out = Record(table_, bytes);
  }
  for (size_t i = 0; i < n_; ++i) {
    const int f = static_cast<int>(i);
    if (!kept(i) || IsNull(f)) continue;
    if (HasText(d.fields[i].type)) out.SetText(f, Str(f));
    else out.SetNum(f, Int(f));
  }
  return out;
}

bool Record::ReadBinary(const char** p, const char* end, Record* out) {
  if (*p >= end) return false;
  auto table = static_cast<TableId>(static_cast<uint8_t>(*(*p)++));
  if (table >= tables::kCount) return false;
  const TableDef& d = Table(table);
  const size_t n = d.fields.size();
  const size_t bitmap = (n + 7) / 8;
  if (static_cast<size_t>(end - *p) < bitmap) return false;
  const char* bits = *p;
  *p += bitmap;
  out->Reset(table, 64);  // reuses the block, whatever table it held
  for (size_t i = 0; i < n; ++i) {
    if (!(static_cast<uint8_t>(bits[i / 8]) & (1 << (i % 8)))) continue;
    uint64_t num = 0;
    if (!GetVarint(p, end, &num)) return false;
    if (!HasText(d.fields[i].type)) {
      out->SetNum(static_cast<int>(i), UnZigZag(num));
      continue;
    }
    if (static_cast<uint64_t>(end - *p) < num) return false;
    out->SetText(static_cast<int>(i), std::string_view(*p, num));
    *p += num;
  }
  return true;
}

int Record::CompareKeys(const Record& a, const Record& b) {
  std::string scratch_a, scratch_b;
  return a.KeyView(&scratch_a).compare(b.KeyView(&scratch_b));
}

bool Record::SameField(const Record& a, const Record& b, int i) {
  if (a.IsNull(i) != b.IsNull(i)) return false;
  if (a.IsNull(i)) return true;
  return HasText(a.def().fields[i].type) ? a.Str(i) == b.Str(i) : a.Int(i) == b.Int(i);
}

bool operator==(const Record& a, const Record& b) {
  if (a.table_ != b.table_ || a.n_ != b.n_) return false;
  for (size_t i = 0; i < a.n_; ++i) {
    if (!Record::SameField(a, b, static_cast<int>(i))) return false;
  }
  return true;
}

}  // namespace fundwatch
