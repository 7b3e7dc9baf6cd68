// Suggestions for misspelt names: the closest candidate by edit distance
// (over code points, so Chinese names work), if it is close enough.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fundwatch {

// The best candidate within distance max(1, len/3), or "" when none is.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace fundwatch
