#include "engine/common/utf8.h"

#include <cstdint>

namespace fundwatch {
namespace {

// Decodes one code point at text[*i]; returns -1 on malformed input.
int32_t Decode(std::string_view text, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t b0 = byte(*i);
  if (b0 < 0x80) { ++*i; return b0; }
  int extra;
  int32_t cp;
  int32_t min;
  if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07; min = 0x10000; }
  else return -1;
  if (*i + extra >= text.size()) return -1;
  for (int k = 1; k <= extra; ++k) {
    uint8_t b = byte(*i + k);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *i += extra + 1;
  return cp;
}

bool IsWide(int32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // Fast path for ASCII runs.
    if (static_cast<uint8_t>(text[i]) < 0x80) { ++i; continue; }
    if (Decode(text, &i) < 0) return false;
  }
  return true;
}

size_t DisplayWidth(std::string_view text, size_t code_points) {
  size_t i = 0, width = 0;
  for (size_t n = 0; n < code_points && i < text.size(); ++n) {
    int32_t cp = Decode(text, &i);
    if (cp < 0) { ++i; ++width; continue; }
    width += IsWide(cp) ? 2 : 1;
  }
  return width;
}

size_t CodePointCount(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace fundwatch
