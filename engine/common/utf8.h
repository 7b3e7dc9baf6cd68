// UTF-8 helpers: validation (rows with broken encodings are rejected), code
// point counting for columns, and terminal display width for carets.
#pragma once

#include <cstddef>
#include <string_view>

namespace fundwatch {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// Width on a terminal of the first `code_points` code points of `text`:
// wide (CJK, full-width) characters count 2, others 1.
size_t DisplayWidth(std::string_view text, size_t code_points);

// Number of code points in `text` (assumes valid UTF-8).
size_t CodePointCount(std::string_view text);

}  // namespace fundwatch
