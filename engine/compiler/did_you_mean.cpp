#include "engine/compiler/did_you_mean.h"

#include <algorithm>
#include <cstdint>

namespace fundwatch {
namespace {

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

// Edit distance counting a swap of two neighbours as one edit
// (optimal string alignment): 'pirc' is one edit from 'pric'.
size_t Distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::u32string target = CodePoints(name);
  size_t limit = std::max<size_t>(1, target.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    size_t d = Distance(target, CodePoints(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (!best.empty() || target.size() < 3) return best;
  // A truncated or extended name: the shortest candidate that starts with it
  // (pric_uplmt -> pric_uplmt_amt), or that it starts with.
  for (const std::string& c : candidates) {
    bool related = c.rfind(name, 0) == 0 || name.rfind(c, 0) == 0;
    if (related && c.size() >= 3 && (best.empty() || c.size() < best.size())) best = c;
  }
  return best;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(name, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

}  // namespace fundwatch
