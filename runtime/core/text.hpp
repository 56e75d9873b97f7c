#pragma once
// Prefix and suffix tests on byte strings (C++17 has no string_view::starts_with), and a cheap
// hash of a text.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace nianbao {

inline bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A cheap hash for texts such as labels and cells: the length, the first and the last 8 bytes
// (texts that differ mostly differ there; a hash table tells equal hashes apart by comparing
// the texts). std::hash costs ~200 instructions on a label of 30 bytes, more than the lookup.
inline std::size_t quick_hash(std::string_view s) noexcept {
  std::uint64_t head = 0, tail = 0;
  if (s.size() >= 8) {
    std::memcpy(&head, s.data(), 8);
    std::memcpy(&tail, s.data() + s.size() - 8, 8);
  } else if (!s.empty()) {
    std::memcpy(&head, s.data(), s.size());
  }
  return static_cast<std::size_t>((head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ s.size());
}

struct quick_hasher {
  std::size_t operator()(std::string_view s) const noexcept { return quick_hash(s); }
};

}  // namespace nianbao
