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
  bool one_blank = false;        // exactly one space or U+00A0 before it (after an earlier word)
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
  std::size_t gap = 0;      // blanks since the last word
  bool gap_plain = true;    // all of them a space or U+00A0
  for (std::size_t i = skip; i < line.size();) {
    std::size_t len = 0;
    const char32_t ch = code_point_at(line, i, len);
    if (is_blank(ch)) {
      in_word = false;
      ++gap;
      gap_plain = gap_plain && (ch == ' ' || ch == 0xA0);
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
        out.back().one_blank = out.size() > 1 && gap == 1 && gap_plain;
        gap = 0, gap_plain = true;
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


// A thousands group printed after one blank (`2 841`): a group of 1-3 digits not starting with 0,
// one space or U+00A0 and nothing else, then exactly 3 digits; not part of a longer chain of such
// groups (`1 234 567` has two readings as pairs: none is joined).
bool digits_only(const std::string& s, std::size_t min, std::size_t max) {
  return s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}
bool thousands_pair(const std::vector<word>& ws, std::size_t k) {
  const word& a = ws[k];
  const word& b = ws[k + 1];
  if (!(digits_only(a.text, 1, 3) && a.text[0] != '0' && digits_only(b.text, 3, 3) && b.one_blank)) return false;
  const bool chain_before = k > 0 && a.one_blank && digits_only(ws[k - 1].text, 1, 3);
  const bool chain_after = k + 2 < ws.size() && ws[k + 2].one_blank && digits_only(ws[k + 2].text, 3, 3);
  return !chain_before && !chain_after;
}

// Joins a thousands group to the digits before it only where the column geometry leaves one
// reading. The evidence is the values of the other rows near it (same page, at most 8 lines away;
// not themselves such pairs) that stand over the two groups. They must all stand over each other
// (one column: two columns always have values of other rows apart), and one of them must stand
// over both groups at once, across the blank (the column is as wide as the pair). Without such
// a value, `716 298` may be two cells of two narrow columns whose other values stand apart or
// are blank: the two words stay two cells, and the repair stage joins them only where the
// template's arithmetic leaves one reading.
void join_thousands(std::vector<text_line>& lines, bool display) {
  const auto x0 = [&](const word& w) { return display ? w.d0 : w.c0; };
  const auto x1 = [&](const word& w) { return display ? w.d1 : w.c1; };
  const auto over = [&](const word& a, const word& b) { return std::max(x0(a), x0(b)) < std::min(x1(a), x1(b)); };
  // Per line, the words that are part of a pair (not evidence for other lines).
  std::vector<std::vector<char>> paired(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& ws = lines[i].words;
    paired[i].assign(ws.size(), 0);
    for (std::size_t k = 0; k + 1 < ws.size(); ++k)
      if (ws[k].value && ws[k + 1].value && thousands_pair(ws, k)) paired[i][k] = paired[i][k + 1] = 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto& ws = lines[i].words;
    bool joined_any = false;
    for (std::size_t k = 0; k + 1 < ws.size(); ++k) {
      if (!paired[i][k] || !paired[i][k + 1]) continue;
      word span = ws[k];
      span.d1 = ws[k + 1].d1, span.c1 = ws[k + 1].c1;
      std::vector<const word*> under;  // other rows' values over the pair
      for (std::size_t j = 0; j < lines.size(); ++j) {
        const std::size_t apart = lines[j].row > lines[i].row ? lines[j].row - lines[i].row : lines[i].row - lines[j].row;
        if (j == i || lines[j].page != lines[i].page || apart > 8) continue;
        for (std::size_t m = 0; m < lines[j].words.size(); ++m) {
          const auto& w = lines[j].words[m];
          if (w.value && !paired[j][m] && over(w, span)) under.push_back(&w);
        }
      }
      bool across = false, one_column = true;
      for (std::size_t a = 0; a < under.size(); ++a) {
        across = across || (over(*under[a], ws[k]) && over(*under[a], ws[k + 1]));
        for (std::size_t b = a + 1; b < under.size() && one_column; ++b) one_column = over(*under[a], *under[b]);
      }
      if (!across || !one_column) continue;
      word& first = ws[k];
      first.text += " " + ws[k + 1].text;
      first.d1 = ws[k + 1].d1;
      first.c1 = ws[k + 1].c1;
      ws.erase(ws.begin() + static_cast<std::ptrdiff_t>(k) + 1);
      paired[i].erase(paired[i].begin() + static_cast<std::ptrdiff_t>(k) + 1);
      paired[i][k] = 0;
      joined_any = true;
    }
    if (joined_any) lines[i].values = trailing_values(ws);
  }
}
}  // namespace

namespace {

// What the look keeps of a row ending in two values or more set apart by a wide gap: where its
// label ends and where its values stand, both ways of counting columns.
struct spaced_row {
  std::size_t line = 0;
  std::size_t label_d = 0, label_c = 0;  // end of the last word before the values (0: none)
  std::vector<std::size_t> d0, d1;       // display columns of its values, in order
  std::vector<std::size_t> c0, c1;       // code point columns
  bool even_d = false, even_c = false;   // every gap from the label on as wide as the others
};

bool overlap(std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) { return std::max(a0, b0) < std::min(a1, b1); }

// Whether rows a and b have their values in the same columns, in columns of their own and not
// merely following their labels by one gap: their last values stand over each other, and another
// pair of their values does too, while their labels end at different columns or the gaps of one
// of them differ in width (values of other widths lined up, or labels spread to one edge).
bool in_columns(const spaced_row& a, const spaced_row& b, bool display) {
  const bool same_label = display ? a.label_d == b.label_d : a.label_c == b.label_c;
  const bool even = display ? a.even_d && b.even_d : a.even_c && b.even_c;
  if (same_label && even) return false;
  const auto& a0 = display ? a.d0 : a.c0;
  const auto& a1 = display ? a.d1 : a.c1;
  const auto& b0 = display ? b.d0 : b.c0;
  const auto& b1 = display ? b.d1 : b.c1;
  if (!overlap(a0.back(), a1.back(), b0.back(), b1.back())) return false;
  std::size_t pairs = 0;
  for (std::size_t i = 0, j = 0; i < a0.size() && j < b0.size();) {
    pairs += overlap(a0[i], a1[i], b0[j], b1[j]);
    (a1[i] < b1[j] ? i : j) += 1;
  }
  return pairs >= 2;
}

}  // namespace

bool looks_space_aligned(std::string_view text) {
  std::size_t tabbed = 0;
  std::vector<spaced_row> rows;
  // The words of the current line: start and end in both ways of counting, and whether a value.
  struct placed {
    std::size_t d0, d1, c0, c1;
    bool value;
  };
  std::vector<placed> words;
  std::size_t line = 1, d = 0, c = 0;
  bool wide = false, tab = false;  // a gap of two blanks or more (or U+3000) / a tab, between words
  std::size_t blanks = 0;          // blank columns since the last word
  bool gap_tab = false, gap_wide = false;
  std::size_t word_start = 0;
  bool in_word = false;
  const auto end_word = [&](std::size_t at) {
    const auto w = text.substr(word_start, at - word_start);
    words.back().value = w.size() <= 64 && columns::is_value_text(w);
    words.back().d1 = d;
    words.back().c1 = c;
    in_word = false;
  };
  const auto end_line = [&] {
    std::size_t values = 0;
    for (auto it = words.rbegin(); it != words.rend() && it->value; ++it) ++values;
    if (values >= 2 && wide) {
      spaced_row r;
      r.line = line;
      const std::size_t n = words.size();
      for (std::size_t k = n - values; k < n; ++k) {
        const auto& w = words[k];
        r.d0.push_back(w.d0), r.d1.push_back(w.d1), r.c0.push_back(w.c0), r.c1.push_back(w.c1);
      }
      r.even_d = r.even_c = true;
      for (std::size_t k = values < n ? n - values - 1 : 0; k + 1 < n; ++k) {  // from the label's last word
        r.even_d = r.even_d && words[k + 1].d0 - words[k].d1 == words[n - 1].d0 - words[n - 2].d1;
        r.even_c = r.even_c && words[k + 1].c0 - words[k].c1 == words[n - 1].c0 - words[n - 2].c1;
      }
      if (values < n) r.label_d = words[n - values - 1].d1, r.label_c = words[n - values - 1].c1;
      rows.push_back(r);
    } else if (values >= 2 && tab) {
      ++tabbed;
    }
    words.clear();
    wide = tab = false, blanks = 0, gap_tab = gap_wide = false, d = c = 0;
    ++line;
  };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    const char32_t ch = code_point_at(text, i, len);
    if (ch == '\n') {
      if (in_word) end_word(i);
      end_line();
    } else if (is_blank(ch) || ch == '\r' || ch == '\f') {
      if (in_word) end_word(i);
      if (ch == '\t') {
        gap_tab = true;
        d = (d / tab_stop + 1) * tab_stop;
        c = (c / tab_stop + 1) * tab_stop;
      } else if (ch != '\r' && ch != '\f') {
        if (ch == 0x3000) gap_wide = true;
        else ++blanks;
        d += ch == 0x3000 ? 2 : 1;
        c += 1;
      }
    } else {
      if (!in_word) {
        if (!words.empty()) {
          wide = wide || gap_wide || blanks >= 2;
          tab = tab || gap_tab;
        }
        in_word = true;
        word_start = i;
        blanks = 0, gap_tab = gap_wide = false;
        words.push_back({d, d, c, c, false});
      }
      d += static_cast<std::size_t>(code_point_width(ch));
      c += 1;
    }
    i += len;
  }
  if (in_word) end_word(text.size());
  end_line();
  // Rows in columns: each standing under or over a row at most 8 lines away, one way of counting.
  std::size_t in_cols = 0;
  std::vector<char> marked(rows.size());
  for (int way = 0; way < 2; ++way) {
    std::fill(marked.begin(), marked.end(), 0);
    for (std::size_t j = 1; j < rows.size(); ++j)
      for (std::size_t i = j; i-- > 0 && rows[j].line - rows[i].line <= 8;)
        if (in_columns(rows[i], rows[j], way == 0)) marked[i] = marked[j] = 1;
    in_cols = std::max(in_cols, static_cast<std::size_t>(std::count(marked.begin(), marked.end(), 1)));
  }
  return in_cols >= 5 && rows.size() > tabbed;
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
  join_thousands(lines, display);
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
