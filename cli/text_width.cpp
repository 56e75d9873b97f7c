#include "text_width.hpp"

#include "core/utf8.hpp"

namespace nianbao::cli {

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

std::size_t display_width(std::string_view text) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {  // ill-formed: one column, as its U+FFFD
      ++width;
      ++i;
      continue;
    }
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    char32_t cp = len == 1   ? b(0)
                  : len == 2 ? ((b(0) & 0x1F) << 6) | (b(1) & 0x3F)
                  : len == 3 ? ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)
                             : ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    width += static_cast<std::size_t>(code_point_width(cp));
    i += len;
  }
  return width;
}

std::string pad_right(std::string_view text, std::size_t width) {
  const std::size_t w = display_width(text);
  std::string out(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string pad_left(std::string_view text, std::size_t width) {
  const std::size_t w = display_width(text);
  std::string out = w < width ? std::string(width - w, ' ') : std::string();
  out += text;
  return out;
}

}  // namespace nianbao::cli
