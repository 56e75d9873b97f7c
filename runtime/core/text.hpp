#pragma once
// Prefix and suffix tests on byte strings (C++17 has no string_view::starts_with).
#include <string_view>

namespace nianbao {

inline bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace nianbao
