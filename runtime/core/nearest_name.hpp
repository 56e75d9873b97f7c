#pragma once
// The valid name nearest to a misspelt one, for "did you mean" in configuration errors (a rules
// file's key, a model's setting, a profile's label key): by edit distance (insertions,
// deletions, substitutions and swaps of two neighbours, on bytes).
#include <string>
#include <string_view>
#include <vector>

namespace nianbao {

// The name of `names` nearest to `name`, when near enough to be a slip of the keyboard (at most
// a third of its length, and at most 3 edits: none for a name of 1 or 2 bytes, where every
// short name is as near); ties: the first. Empty when none is.
std::string nearest_name(std::string_view name, const std::vector<std::string>& names);

// "; did you mean `x`?" with the nearest name, or "" when there is none.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& names);

}  // namespace nianbao
