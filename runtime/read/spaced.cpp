#include "read/spaced.hpp"

#include <vector>

#include "core/utf8.hpp"
#include "read/columns.hpp"

namespace nianbao::read {

namespace {

char32_t decode_at(std::string_view s, std::size_t i, std::size_t& len) {
  len = utf8_sequence_length(s, i);
  if (len == 0) {
    len = 1;
    return 0xFFFD;
  }
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (len) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

// Display columns of a code point: 2 for East Asian wide and fullwidth characters.
int width(char32_t c) {
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

bool blank(char32_t c) { return c == ' ' || c == 0x3000 || c == 0xA0; }

struct piece {
  std::string text;
  std::size_t col0 = 0, col1 = 0;  // display columns [col0, col1)
  std::size_t code_point = 0;      // 0-based code point column of its start
};

// A line's fragments: cut at tabs and at runs of two or more display columns of blanks.
std::vector<piece> pieces_of(std::string_view line) {
  std::vector<piece> out;
  piece cur;
  std::size_t col = 0, cp = 0, blanks = 0;
  std::string pending;  // blanks inside the current piece, kept if more text follows
  const auto close = [&] {
    if (!cur.text.empty()) out.push_back(std::move(cur));
    cur = piece{};
    pending.clear();
  };
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 0;
    const char32_t c = decode_at(line, i, len);
    if (c == '\t') {
      close();
      col = (col / 8 + 1) * 8;
      blanks = 2;
    } else if (blank(c)) {
      blanks += static_cast<std::size_t>(width(c));
      if (blanks >= 2) close();
      else pending.append(line.substr(i, len));
      col += static_cast<std::size_t>(width(c));
    } else {
      if (cur.text.empty()) {
        cur.col0 = col;
        cur.code_point = cp;
      } else {
        cur.text += pending;
      }
      pending.clear();
      blanks = 0;
      if (c == 0xFFFD && len == 1) cur.text += "\xEF\xBF\xBD";
      else cur.text.append(line.substr(i, len));
      col += static_cast<std::size_t>(width(c));
      cur.col1 = col;
    }
    i += len;
    ++cp;
  }
  close();
  return out;
}

}  // namespace

bool looks_space_aligned(std::string_view text) {
  std::size_t lines = 0;
  for (std::size_t at = 0; at < text.size() && lines < 5;) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.find('\t') != std::string_view::npos) continue;
    const auto ps = pieces_of(line);
    if (ps.size() >= 3 && columns::is_value_text(ps.back().text) && columns::is_value_text(ps[ps.size() - 2].text)) ++lines;
  }
  return lines >= 5;
}

document read_spaced(std::string_view text) {
  std::vector<columns::fragment> fragments;
  std::size_t page = 1, line_no = 0;
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    // A form feed starts a page (pdftotext writes one before each page but the first).
    for (std::size_t ff; (ff = line.find('\f')) != std::string_view::npos;) {
      ++page;
      line.remove_prefix(ff + 1);
    }
    for (auto& p : pieces_of(line)) {
      columns::fragment f;
      f.text = std::move(p.text);
      f.x0 = static_cast<double>(p.col0);
      f.x1 = static_cast<double>(p.col1);
      f.top = static_cast<double>(line_no);
      f.bottom = f.top + 1;
      f.em = 2;
      f.height = 1;
      f.page = page;
      f.where = origin{0, line_no, p.code_point + 1};
      fragments.push_back(std::move(f));
    }
    if (end == text.size()) break;
    at = end + 1;
  }
  std::vector<columns::page_box> boxes(page);
  return columns::to_grid(std::move(fragments), boxes, format::spaced);
}

}  // namespace nianbao::read
