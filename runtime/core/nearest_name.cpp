#include "core/nearest_name.hpp"

#include <algorithm>

namespace nianbao {

namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
std::size_t distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

std::string nearest_name(std::string_view name, const std::vector<std::string>& names) {
  const std::size_t limit = std::min<std::size_t>(3, name.size() / 3);  // none for names under 3 bytes
  if (limit == 0) return {};
  std::size_t best = limit + 1;
  const std::string* found = nullptr;
  for (const auto& n : names) {
    // A length difference alone is that many edits: most names need no table.
    const std::size_t gap = n.size() > name.size() ? n.size() - name.size() : name.size() - n.size();
    if (gap >= best || n == name) continue;
    const std::size_t d = distance(name, n);
    if (d < best) {
      best = d;
      found = &n;
    }
  }
  return found ? *found : std::string();
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& names) {
  const auto n = nearest_name(name, names);
  return n.empty() ? std::string() : "; did you mean `" + n + "`?";
}

}  // namespace nianbao
