#include "text_width.hpp"

#include "nianbao/text.hpp"

namespace nianbao::cli {

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
