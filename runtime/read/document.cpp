#include "read/document.hpp"

#include "input/input.hpp"

#include <algorithm>
#include <cstring>

namespace nianbao::read {

const char* to_string(format f) noexcept {
  switch (f) {
    case format::text: return "text";
    case format::pdf: return "pdf";
    case format::docx: return "docx";
    case format::ole: return "ole";
    case format::doc: return "doc";
    case format::html: return "html";
    case format::spaced: return "spaced";
  }
  return "text";
}

origin document::origin_of(std::size_t text_offset) const {
  const auto it = std::upper_bound(anchors.begin(), anchors.end(), text_offset,
                                   [](std::size_t off, const anchor& a) { return off < a.offset; });
  if (it == anchors.begin()) return {};
  return std::prev(it)->origin;
}

origin document::position(std::size_t text_offset) const {
  const auto it = std::upper_bound(anchors.begin(), anchors.end(), text_offset,
                                   [](std::size_t off, const anchor& a) { return off < a.offset; });
  if (it == anchors.begin()) return {};
  const auto& a = *std::prev(it);
  origin o = a.origin;
  if (o.column > 0 && text_offset <= text.size())
    o.column += count_code_points(std::string_view(text).substr(a.offset), text_offset - a.offset);
  return o;
}

format sniff(std::string_view bytes) noexcept {
  // PDF readers accept the header anywhere in the first 1,024 bytes (junk before it is common).
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return format::pdf;
  static constexpr unsigned char ole_magic[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), ole_magic, 8) == 0) return format::ole;
  // A zip naming word/document.xml in its first or last 64 KiB (the input stage's test, which keeps
  // such a zip one item instead of expanding it).
  constexpr std::size_t probe = 65536;
  if (input::names_word_document(bytes.substr(0, probe), bytes.size() > probe ? bytes.substr(bytes.size() - probe) : ""))
    return format::docx;
  return format::text;
}

}  // namespace nianbao::read
