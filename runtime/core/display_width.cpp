#include "core/display_width.hpp"

#include "core/utf8.hpp"

namespace nianbao {

int code_point_width(char32_t cp) noexcept {
  if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF) return 0;  // zero-width
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F))
    return 0;  // combining marks
  // East Asian Wide (W) and Fullwidth (F) blocks, UAX #11.
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
      (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

char32_t code_point_at(std::string_view s, std::size_t at, std::size_t& length) noexcept {
  length = utf8_sequence_length(s, at);
  if (length == 0) {
    length = 1;
    return 0xFFFD;
  }
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[at + k])); };
  switch (length) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

std::size_t display_width(std::string_view text) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    width += static_cast<std::size_t>(code_point_width(code_point_at(text, i, len)));
    i += len;
  }
  return width;
}

}  // namespace nianbao
