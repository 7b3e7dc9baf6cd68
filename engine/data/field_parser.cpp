#include "engine/data/field_parser.h"

#include <charconv>

#include "engine/common/utf8.h"

namespace fundwatch {
namespace {

constexpr size_t kShownChars = 40;

// The offending text, quoted and shortened to kShownChars characters (cut
// on a character boundary, so the message stays valid UTF-8).
std::string Shown(std::string_view text) {
  size_t bytes = 0;
  for (size_t chars = 0; bytes < text.size() && chars < kShownChars; ++chars) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
  }
  std::string s(text.substr(0, bytes));
  if (bytes < text.size()) s += "...";
  return "'" + s + "'";
}

bool ParseInt(const FieldDef& def, std::string_view text, int64_t* out, std::string* reason) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || (begin != text.data() && *begin == '-')) {
    *reason = "bad number: expected a whole number, got " + Shown(text);
    return false;
  }
  if ((def.min && v < *def.min) || (def.max && v > *def.max)) {
    *reason = "bad number: " + std::to_string(v) + " is out of range [" +
              (def.min ? std::to_string(*def.min) : "") + ", " + (def.max ? std::to_string(*def.max) : "") + "]";
    return false;
  }
  *out = v;
  return true;
}

bool ParseEnum(const FieldDef& def, std::string_view text, int index, Record* record, std::string* reason) {
  for (size_t k = 0; k < def.enum_values.size(); ++k) {
    const EnumValue& e = def.enum_values[k];
    if (text == e.code || (!e.alias.empty() && text == e.alias)) {
      record->SetText(index, e.code);
      return true;
    }
  }
  std::string allowed;
  for (const EnumValue& e : def.enum_values) {
    if (!allowed.empty()) allowed += ", ";
    allowed += e.code;
    if (!e.alias.empty()) allowed += " (" + std::string(e.alias) + ")";
  }
  *reason = "bad enum value: expected one of " + allowed + ", got " + Shown(text);
  return false;
}

}  // namespace

bool ParseField(const FieldDef& def, std::string_view text, int index, Record* record, std::string* reason) {
  if (text.empty()) {
    if (def.nullable) {
      record->SetNull(index);
      return true;
    }
    *reason = "empty required field";
    return false;
  }
  if (!IsValidUtf8(text)) {
    *reason = "invalid UTF-8";
    return false;
  }
  switch (def.type) {
    case FieldType::kString:
      if (def.exact_length > 0 && CodePointCount(text) != static_cast<size_t>(def.exact_length)) {
        *reason = "bad value: expected " + std::to_string(def.exact_length) + " characters, got " + Shown(text);
        return false;
      }
      record->SetText(index, text);
      return true;
    case FieldType::kList:
      // Kept as written: an empty element ("a||b") is data for the rules
      // (a scanned code that is empty is a malformed code), not an unreadable row.
      record->SetText(index, text);
      return true;
    case FieldType::kEnum:
      return ParseEnum(def, text, index, record, reason);
    case FieldType::kFlag:
      if (text != "0" && text != "1") {
        *reason = "bad enum value: expected 0 or 1, got " + Shown(text);
        return false;
      }
      record->SetNum(index, text[0] - '0');
      return true;
    case FieldType::kInt: {
      int64_t v;
      if (!ParseInt(def, text, &v, reason)) return false;
      record->SetNum(index, v);
      return true;
    }
    case FieldType::kDecimal: {
      std::optional<Decimal> d = Decimal::Parse(text);
      if (!d) {
        *reason = "bad number: expected a decimal with at most 4 fraction digits, got " + Shown(text);
        return false;
      }
      record->SetNum(index, d->units());
      return true;
    }
    case FieldType::kDate: {
      std::optional<Date> d = Date::Parse(text);
      if (!d) {
        *reason = "bad date: expected YYYY-MM-DD, got " + Shown(text);
        return false;
      }
      record->SetNum(index, d->days());
      return true;
    }
    case FieldType::kDateTime: {
      std::optional<DateTime> t = DateTime::Parse(text);
      if (!t) {
        *reason = "bad datetime: expected YYYY-MM-DD HH:MM:SS, got " + Shown(text);
        return false;
      }
      record->SetNum(index, t->seconds());
      return true;
    }
  }
  return false;
}

}  // namespace fundwatch
