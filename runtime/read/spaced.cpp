#include "read/spaced.hpp"

#include <algorithm>
#include <vector>

#include "core/display_width.hpp"
#include "core/utf8.hpp"
#include "read/columns.hpp"

namespace nianbao::read {

namespace {

bool is_blank(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }

constexpr std::size_t tab_stop = 8;

// A word (a run of non-blank characters) of a line, placed both ways of counting columns.
struct word {
  std::string text;
  std::size_t column = 0;        // 1-based code point column in the file's line
  std::size_t d0 = 0, d1 = 0;    // display columns [d0, d1)
  std::size_t c0 = 0, c1 = 0;    // code point columns [c0, c1)
  bool value = false;
};

struct text_line {
  std::size_t number = 0;  // 1-based line of the text
  std::size_t page = 1;
  std::size_t row = 0;     // 0-based line on its page
  std::vector<word> words;
  std::size_t values = 0;  // how many of its last words are values
};

// The words of a line (without its line end), after `skip` bytes (form feeds) that take no column.
std::vector<word> words_of(std::string_view line, std::size_t skip) {
  std::vector<word> out;
  std::size_t d = 0, c = 0, cp = 0;  // display column, code point column (from `skip`), code points
  for (std::size_t i = 0; i < skip; ++i) ++cp;
  bool in_word = false;
  for (std::size_t i = skip; i < line.size();) {
    std::size_t len = 0;
    const char32_t ch = code_point_at(line, i, len);
    if (is_blank(ch)) {
      in_word = false;
      if (ch == '\t') {
        d = (d / tab_stop + 1) * tab_stop;
        c = (c / tab_stop + 1) * tab_stop;
      } else {
        d += ch == 0x3000 ? 2 : 1;
        c += 1;
      }
    } else {
      if (!in_word) {
        out.emplace_back();
        out.back().column = cp + 1;
        out.back().d0 = d;
        out.back().c0 = c;
        in_word = true;
      }
      word& w = out.back();
      if (ch == 0xFFFD && utf8_sequence_length(line, i) == 0) append_utf8(w.text, ch);  // ill-formed: U+FFFD
      else w.text.append(line.substr(i, len));
      d += static_cast<std::size_t>(code_point_width(ch));
      c += 1;
      w.d1 = d;
      w.c1 = c;
    }
    i += len;
    ++cp;
  }
  for (auto& w : out) w.value = w.text.size() <= 64 && columns::is_value_text(w.text);
  return out;
}

std::size_t trailing_values(const std::vector<word>& ws) {
  std::size_t n = 0;
  for (auto it = ws.rbegin(); it != ws.rend() && it->value; ++it) ++n;
  return n;
}

std::string joined(const std::vector<word>& ws) {
  std::string s;
  for (const auto& w : ws) s += w.text;
  return s;
}

// How often, under one way of counting columns, a value of a row stands under a value of the
// row of values above it (on its page, at most 8 lines up): both lists are in column order.
std::size_t alignment(const std::vector<text_line>& lines, bool display) {
  std::size_t score = 0;
  const text_line* above = nullptr;
  for (const auto& l : lines) {
    if (l.values < 2) continue;
    if (above && above->page == l.page && l.number - above->number <= 8) {
      const auto& a = above->words;
      const auto& b = l.words;
      std::size_t i = a.size() - above->values, j = b.size() - l.values;
      while (i < a.size() && j < b.size()) {
        const auto a0 = display ? a[i].d0 : a[i].c0, a1 = display ? a[i].d1 : a[i].c1;
        const auto b0 = display ? b[j].d0 : b[j].c0, b1 = display ? b[j].d1 : b[j].c1;
        if (std::max(a0, b0) < std::min(a1, b1)) ++score;
        (a1 < b1 ? i : j) += 1;
      }
    }
    above = &l;
  }
  return score;
}

}  // namespace

bool looks_space_aligned(std::string_view text) {
  std::size_t spaced = 0, tabbed = 0;
  std::size_t values = 0;       // values ending the line so far
  bool wide = false, tab = false;  // a gap of two blanks or more (or U+3000) / a tab, between words
  std::size_t blanks = 0;       // blank columns since the last word
  bool gap_tab = false, gap_wide = false, any_word = false;
  std::size_t word_start = 0;
  bool in_word = false;
  const auto end_word = [&](std::size_t at) {
    const auto w = text.substr(word_start, at - word_start);
    values = (w.size() <= 64 && columns::is_value_text(w)) ? values + 1 : 0;
    in_word = false;
  };
  const auto end_line = [&] {
    if (values >= 2 && wide) ++spaced;
    else if (values >= 2 && tab) ++tabbed;
    values = 0, wide = tab = false, blanks = 0, gap_tab = gap_wide = any_word = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    const char32_t ch = code_point_at(text, i, len);
    if (ch == '\n') {
      if (in_word) end_word(i);
      end_line();
    } else if (is_blank(ch) || ch == '\r' || ch == '\f') {
      if (in_word) end_word(i);
      if (ch == '\t') gap_tab = true;
      else if (ch == 0x3000) gap_wide = true;
      else if (ch == ' ' || ch == 0xA0) ++blanks;
    } else {
      if (!in_word) {
        if (any_word) {
          wide = wide || gap_wide || blanks >= 2;
          tab = tab || gap_tab;
        }
        any_word = in_word = true;
        word_start = i;
        blanks = 0, gap_tab = gap_wide = false;
      }
    }
    i += len;
  }
  if (in_word) end_word(text.size());
  end_line();
  return spaced >= 5 && spaced > tabbed;
}

document read_spaced(std::string_view text) {
  std::vector<text_line> lines;
  std::size_t page = 1, row = 0, number = 0;
  bool just_broke = false;  // a page number line ended the page: a form feed after it starts no other
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    std::size_t feeds = 0;
    while (feeds < line.size() && line[feeds] == '\f') ++feeds;
    if (feeds > 0) {
      page += just_broke ? feeds - 1 : feeds;
      row = 0;
      just_broke = false;
    }
    text_line l;
    l.number = number;
    l.page = page;
    l.row = row++;
    l.words = words_of(line, feeds);
    if (!l.words.empty()) {
      just_broke = false;
      l.values = trailing_values(l.words);
      if (l.words.size() <= 6 && columns::is_page_number(joined(l.words), false)) {
        ++page;
        row = 0;
        just_broke = true;
      }
      lines.push_back(std::move(l));
    }
    if (end == text.size()) break;
    at = end + 1;
  }

  const bool display = alignment(lines, true) >= alignment(lines, false);
  std::vector<columns::fragment> fragments;
  std::vector<columns::page_box> boxes(page);
  for (const auto& l : lines) {
    auto& box = boxes[l.page - 1];
    box.height = std::max(box.height, static_cast<double>(l.row + 1));
    for (const auto& w : l.words) {
      columns::fragment f;
      f.text = w.text;
      f.x0 = static_cast<double>(display ? w.d0 : w.c0);
      f.x1 = static_cast<double>(display ? w.d1 : w.c1);
      f.top = static_cast<double>(l.row);
      f.bottom = f.top + 1;
      f.em = 2;
      f.height = 1;
      f.page = l.page;
      f.where = origin{0, l.number, w.column};
      fragments.push_back(std::move(f));
    }
  }
  return columns::to_grid(std::move(fragments), boxes, format::spaced);
}

}  // namespace nianbao::read
