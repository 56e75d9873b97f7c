#include "read/columns.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include "core/utf8.hpp"

namespace nianbao::read::columns {

namespace {

// ---- text ------------------------------------------------------------------------------------

// The code points of a well-formed UTF-8 text (anything else is skipped a byte at a time).
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      ++i;
      continue;
    }
    const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
    char32_t cp = n == 1 ? b(0) : n == 2 ? ((b(0) & 0x1F) << 6) | (b(1) & 0x3F)
                 : n == 3 ? ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)
                          : ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }

std::u32string without_spaces(std::string_view s) {
  std::u32string out;
  for (char32_t c : code_points(s))
    if (!is_space(c)) out.push_back(c);
  return out;
}

bool is_digit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }
bool is_cjk_numeral(char32_t c) {
  static const std::u32string numerals = U"一二三四五六七八九十";
  return numerals.find(c) != std::u32string::npos;
}
bool is_ascii_word(char32_t c) { return c < 0x80 && (std::isalnum(static_cast<int>(c)) != 0); }

// ---- geometry --------------------------------------------------------------------------------

struct cell {
  std::string text;
  std::size_t page = 1;
  double x0 = 0, x1 = 0, top = 0, bottom = 0, em = 1, height = 1;
  bool value = false;
  bool vertical = false;
  origin where;
  double center() const { return (top + bottom) / 2; }
};

struct line {
  std::size_t page = 1;
  std::size_t index = 0;  // 1-based on its page
  double top = 0, bottom = 0, height = 1, em = 1;
  std::vector<fragment> fragments;  // by x
  std::vector<cell> cells;          // by x
  bool value = false;               // a value line: cells from `first_value` on are all values
  std::size_t first_value = 0;
  bool dropped = false;             // a page number or running header/footer
  double center() const { return (top + bottom) / 2; }
};

double overlap(double a0, double a1, double b0, double b1) { return std::min(a1, b1) - std::max(a0, b0); }

// Fragments of one page -> lines, by vertical centre.
std::vector<line> build_lines(std::vector<fragment> frags) {
  std::sort(frags.begin(), frags.end(), [](const fragment& a, const fragment& b) {
    const double ca = (a.top + a.bottom) / 2, cb = (b.top + b.bottom) / 2;
    return ca != cb ? ca < cb : a.x0 < b.x0;
  });
  struct building {
    line l;
    double center_sum = 0;
    double min_height = 1e300;
  };
  std::vector<building> lines;
  for (auto& f : frags) {
    const double c = (f.top + f.bottom) / 2;
    building* best = nullptr;
    double best_d = 1e300;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
      const double mean = it->center_sum / static_cast<double>(it->l.fragments.size());
      const double tol = 0.5 * std::min(f.height, it->min_height);
      if (mean < c - 2 * f.height - 2 * it->min_height) break;  // far above: older lines are too
      const double d = std::fabs(c - mean);
      if (d > tol || d >= best_d) continue;
      const bool clash = std::any_of(it->l.fragments.begin(), it->l.fragments.end(), [&](const fragment& g) {
        return overlap(f.x0, f.x1, g.x0, g.x1) > 0.25 * std::min(f.x1 - f.x0, g.x1 - g.x0);
      });
      if (clash) continue;
      best = &*it;
      best_d = d;
    }
    if (!best) {
      lines.emplace_back();
      best = &lines.back();
      best->l.page = f.page;
      best->l.top = f.top;
      best->l.bottom = f.bottom;
    }
    best->center_sum += c;
    best->min_height = std::min(best->min_height, f.height);
    best->l.top = std::min(best->l.top, f.top);
    best->l.bottom = std::max(best->l.bottom, f.bottom);
    best->l.fragments.push_back(std::move(f));
  }
  std::vector<line> out;
  out.reserve(lines.size());
  for (auto& b : lines) {
    auto& l = b.l;
    std::sort(l.fragments.begin(), l.fragments.end(), [](const fragment& a, const fragment& b) { return a.x0 < b.x0; });
    l.height = b.min_height;
    l.em = 0;
    for (const auto& f : l.fragments) l.em = std::max(l.em, f.em);
    out.push_back(std::move(l));
  }
  std::sort(out.begin(), out.end(), [](const line& a, const line& b) { return a.center() < b.center(); });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = i + 1;
  return out;
}

// Whether a one-character fragment of page[index] is one of three or more such characters
// stacked at one x on adjacent lines without values (a header printed one character per line:
// 结/果/维/持), counting the lines above (as joined so far) and below (as built). Lines with values
// are rows: labels spread over cells of one width in rows one under another line up too.
bool stacked_character(const std::vector<line>& page, std::size_t index, const fragment& f) {
  const auto one_character = [](const fragment& g) {
    const auto t = without_spaces(g.text);
    return t.size() == 1 && !is_digit(t[0]);
  };
  const auto has_values = [](const line& l) {
    return std::any_of(l.fragments.begin(), l.fragments.end(), [](const fragment& g) { return is_value_text(g.text); });
  };
  if (!one_character(f) || has_values(page[index])) return false;
  const double mid = (f.x0 + f.x1) / 2;
  const auto has_one_at_x = [&](const line& l) {
    if (has_values(l)) return false;
    return std::any_of(l.fragments.begin(), l.fragments.end(), [&](const fragment& g) {
      return one_character(g) && std::fabs((g.x0 + g.x1) / 2 - mid) <= 0.3 * f.em;
    });
  };
  const auto adjacent = [](const line& upper, const line& lower) {
    return lower.top - upper.bottom <= std::max(upper.height, lower.height);
  };
  std::size_t chain = 1;
  for (std::size_t k = index; k > 0 && chain < 3 && adjacent(page[k - 1], page[k]) && has_one_at_x(page[k - 1]); --k) ++chain;
  for (std::size_t k = index; k + 1 < page.size() && chain < 3 && adjacent(page[k], page[k + 1]) && has_one_at_x(page[k + 1]); ++k)
    ++chain;
  return chain >= 3;
}

// Text spread over its cell's width (分散对齐 in Word and WPS: "规      章", "信   息   内   容",
// "1.   属   于   国   家   秘   密"): each character printed alone with the same gap after it.
// Such a run of a line's fragments becomes one fragment, so that a label is one cell: single
// characters (no digit, no value) with equal gaps (within a quarter em or a fifth), three or more,
// the first one may be a numbering ("1.", "12、"); two when both are Han
// characters, unless they stand under two cells of the line just above (the last characters of two
// labels wrapped in adjacent narrow columns: "开" of （三）不予公开 beside "密" of 1.属于国家秘密).
// Values never join (two "无" side by side are two cells); a "无" inside a label does
// (4.无正当理由大量反复申请). Nor do characters that are the tops, middles or feet of headers
// printed one character per line in narrow columns ("结 结 其 尚 总" over "果 果 他 未 计"): a run
// with three or more characters each in such a stack (stacked_character) stays characters, which
// take_stacked_characters reads top to bottom; not one that starts with a numbering (headers are
// not numbered; numbered labels spread over cells of one width line up row under row).
void join_spread_text(std::vector<line>& page, std::size_t index) {
  line& l = page[index];
  const line* above = index > 0 ? &page[index - 1] : nullptr;
  const auto single = [](const fragment& f, bool first) {
    const auto t = without_spaces(f.text);
    // A placeholder character ("无" of 4.无正当理由…) inside the run, not at its ends.
    if (t.size() == 1) return !is_digit(t[0]) && (!first || !is_value_text(f.text));
    if (!first || t.size() > 3 || !is_digit(t[0])) return false;  // "1." "12、"
    return t.back() == '.' || t.back() == 0xFF0E || t.back() == 0x3001;
  };
  const auto han = [](const fragment& f) {
    const auto t = without_spaces(f.text);
    return t.size() == 1 && t[0] >= 0x4E00 && t[0] <= 0x9FFF;
  };
  auto& fs = l.fragments;
  std::vector<fragment> out;
  for (std::size_t i = 0; i < fs.size();) {
    std::size_t j = i + 1;
    if (single(fs[i], true) && j < fs.size() && single(fs[j], false)) {
      const double em = std::max(fs[i].em, fs[j].em);
      const double g0 = fs[j].x0 - fs[i].x1;
      while (j < fs.size() && single(fs[j], false) && g0 > 0.1 * em &&
             std::fabs((fs[j].x0 - fs[j - 1].x1) - g0) <= std::max(0.25 * em, 0.2 * g0))
        ++j;
      while (j > i + 1 && is_value_text(fs[j - 1].text)) --j;  // values after a label stay values
    }
    const std::size_t n = j - i;
    if (n >= 3 && without_spaces(fs[i].text).size() == 1 && std::count_if(fs.begin() + static_cast<std::ptrdiff_t>(i), fs.begin() + static_cast<std::ptrdiff_t>(j),
                                [&](const fragment& f) { return stacked_character(page, index, f); }) >= 3) {
      for (; i < j; ++i) out.push_back(std::move(fs[i]));
      continue;
    }
    const auto under_two_cells = [&](const fragment& a, const fragment& b) {
      if (!above || a.top - above->bottom > 0.7 * std::max(a.height, above->height)) return false;
      const auto under = [&](const fragment& f) {
        for (std::size_t c = 0; c < above->cells.size(); ++c)
          if (overlap(f.x0, f.x1, above->cells[c].x0, above->cells[c].x1) > 0) return c;
        return above->cells.size();
      };
      const std::size_t ca = under(a), cb = under(b);
      return ca < above->cells.size() && cb < above->cells.size() && ca != cb;
    };
    if (n >= 3 || (n == 2 && han(fs[i]) && han(fs[i + 1]) && !under_two_cells(fs[i], fs[i + 1]))) {
      fragment joined = fs[i];
      for (std::size_t k = i + 1; k < j; ++k) {
        joined.text += fs[k].text;
        joined.x1 = std::max(joined.x1, fs[k].x1);
        joined.top = std::min(joined.top, fs[k].top);
        joined.bottom = std::max(joined.bottom, fs[k].bottom);
        joined.height = std::max(joined.height, fs[k].height);
        joined.em = std::max(joined.em, fs[k].em);
      }
      out.push_back(std::move(joined));
      i = j;
    } else {
      out.push_back(std::move(fs[i]));
      ++i;
    }
  }
  fs = std::move(out);
}

// A line's fragments -> cells: joined where the gap is under 0.9 em (a space where it is over a
// quarter em: words of one cell; CJK text runs on without spaces).
// `splits`: x positions where a cell starts on other lines of the table (its label columns): a
// fragment starting there after a gap starts a cell even where the gap is narrow (cells of
// adjacent columns with little padding).
void build_cells(line& l, const std::vector<double>& splits = {}) {
  l.cells.clear();
  for (const auto& f : l.fragments) {
    const double em = l.cells.empty() ? f.em : std::max(f.em, l.cells.back().em);
    const double gap = l.cells.empty() ? 0 : f.x0 - l.cells.back().x1;
    const bool column_start =
        gap >= 0.1 * em && std::any_of(splits.begin(), splits.end(), [&](double x) {
          return std::fabs(f.x0 - x) <= 0.3 * em && std::fabs(l.cells.back().x0 - x) > 0.3 * em;
        });
    // Two numbers side by side with more than a narrow space between them are two cells (narrow
    // columns); "1 234" (a thousands group after a thin space) stays one.
    const bool two_values = !l.cells.empty() && gap >= 0.4 * em && is_value_text(l.cells.back().text) && is_value_text(f.text);
    if (l.cells.empty() || gap >= 0.9 * em || column_start || two_values) {
      cell c;
      c.text = f.text;
      c.page = l.page;
      c.x0 = f.x0, c.x1 = f.x1, c.top = f.top, c.bottom = f.bottom, c.em = f.em, c.height = f.height;
      c.where = f.where;
      if (c.where.line == 0) c.where = origin{l.page, l.index, l.cells.size() + 1};
      l.cells.push_back(std::move(c));
      continue;
    }
    auto& c = l.cells.back();
    if (gap >= 0.25 * em) c.text += ' ';
    c.text += f.text;
    c.x1 = std::max(c.x1, f.x1);
    c.top = std::min(c.top, f.top);
    c.bottom = std::max(c.bottom, f.bottom);
    c.em = em;
    c.height = std::max(c.height, f.height);
  }
  for (auto& c : l.cells) c.value = is_value_text(c.text);
  l.value = false;
  for (std::size_t i = 0; i < l.cells.size(); ++i)
    if (l.cells[i].value) {
      l.value = std::all_of(l.cells.begin() + static_cast<std::ptrdiff_t>(i), l.cells.end(),
                            [](const cell& c) { return c.value; });
      l.first_value = i;
      break;
    }
}

std::string line_text(const line& l) {
  std::string s;
  for (const auto& c : l.cells) s += c.text;
  return s;
}

}  // namespace

bool is_page_number(std::string_view text, bool bare) {
  const auto t = without_spaces(text);
  if (t.empty()) return false;
  std::size_t i = 0, digits = 0;
  const auto dash = [](char32_t c) {
    return c == '-' || c == 0x2014 || c == 0x2013 || c == 0xFF0D || c == 0x2015 || c == 0x2212 || c == '~' ||
           c == 0x00B7 || c == 0x2022 || c == '[' || c == ']' || c == 0x2010;
  };
  std::size_t lead = 0;
  while (i < t.size() && dash(t[i])) ++i, ++lead;
  bool di = false;
  if (i < t.size() && t[i] == U'第') ++i, di = true;
  if (t.compare(i, 4, U"Page") == 0 || t.compare(i, 4, U"page") == 0) i += 4, di = true;
  while (i < t.size() && is_digit(t[i])) ++i, ++digits;
  if (digits == 0 || digits > 4) return false;
  bool ye = false;
  if (i < t.size() && t[i] == U'页') ++i, ye = true;
  // "共 5 页", "/ 5", "of 5"
  if (i < t.size() && (t[i] == '/' || t[i] == 0xFF0F || t[i] == U'共' || t[i] == ',' || t[i] == 0xFF0C)) {
    ++i;
    if (i < t.size() && t[i] == U'共') ++i;
    std::size_t d2 = 0;
    while (i < t.size() && is_digit(t[i])) ++i, ++d2;
    if (d2 == 0) return false;
    if (i < t.size() && t[i] == U'页') ++i;
    ye = true;
  } else if (t.compare(i, 2, U"of") == 0) {
    i += 2;
    std::size_t d2 = 0;
    while (i < t.size() && is_digit(t[i])) ++i, ++d2;
    if (d2 == 0) return false;
    ye = true;
  }
  std::size_t trail = 0;
  while (i < t.size() && dash(t[i])) ++i, ++trail;
  if (i != t.size()) return false;
  return (lead > 0 && trail > 0) || di || ye || bare;
}

namespace {

std::string running_key(std::string_view text) {  // digits folded: "第 3 页" and "第 4 页" alike
  std::string key;
  for (char32_t c : without_spaces(text)) append_utf8(key, is_digit(c) ? U'#' : c);
  return key;
}

// Drops page numbers and running headers/footers: the first or last line of a page.
void drop_page_furniture(std::vector<std::vector<line>>& pages, const std::vector<page_box>& boxes) {
  std::map<std::string, std::size_t> firsts, lasts;
  const auto first_kept = [](std::vector<line>& ls) -> line* {
    for (auto& l : ls)
      if (!l.dropped) return &l;
    return nullptr;
  };
  const auto last_kept = [](std::vector<line>& ls) -> line* {
    for (auto it = ls.rbegin(); it != ls.rend(); ++it)
      if (!it->dropped) return &*it;
    return nullptr;
  };
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const double h = p < boxes.size() ? boxes[p].height : 0;
    // Up to two lines at each end (a page number under a running footer).
    for (int round = 0; round < 2; ++round) {
      if (auto* l = last_kept(pages[p]))
        if (is_page_number(line_text(*l), h > 0 && l->top > 0.85 * h)) l->dropped = true;
      if (auto* l = first_kept(pages[p]))
        if (is_page_number(line_text(*l), h > 0 && l->bottom < 0.12 * h)) l->dropped = true;
    }
    if (auto* l = first_kept(pages[p])) ++firsts[running_key(line_text(*l))];
    if (auto* l = last_kept(pages[p])) ++lasts[running_key(line_text(*l))];
  }
  if (pages.size() < 2) return;
  const auto running = [&](std::map<std::string, std::size_t>& counts, const std::string& key) {
    const auto it = counts.find(key);
    return it != counts.end() && it->second >= 2 && 2 * it->second >= pages.size();
  };
  for (auto& ls : pages) {
    line* f = first_kept(ls);
    line* l = last_kept(ls);
    if (f && !f->value && running(firsts, running_key(line_text(*f)))) f->dropped = true;
    if (l && l != f && !l->value && running(lasts, running_key(line_text(*l)))) l->dropped = true;
  }
}

// A table's header rows printed again at the head of each page it goes on to (Word's "repeat as
// header row", a browser's <thead>): the lines at the top of a page that equal, in order, lines
// printed just above values on an earlier page, two or more of them, or one of three cells or
// more, with eight characters or more in all, one of them reaching over the values (the tail of
// a wrapped label printed again is not a header). A row wrapped across the page break goes on
// under them, as if they were not there.
void drop_repeated_headers(std::vector<std::vector<line>>& pages) {
  struct above_values {
    std::vector<std::string> run;  // the texts of lines without values over a value line
    double zone;                   // where that line's values start
  };
  std::vector<above_values> runs;
  for (auto& page : pages) {
    std::vector<line*> top;  // the page's first lines without values
    std::vector<std::string> top_text;
    for (auto& l : page) {
      if (l.dropped) continue;
      if (l.value || top.size() == 8) break;
      top.push_back(&l);
      top_text.push_back(line_text(l));
    }
    std::size_t best = 0;
    for (const auto& [run, zone] : runs)
      for (std::size_t a = 0; a < run.size(); ++a) {
        std::size_t k = 0, chars = 0;
        bool over_values = false;
        for (; k < top.size() && a + k < run.size() && top_text[k] == run[a + k]; ++k) {
          chars += without_spaces(top_text[k]).size();
          for (const auto& c : top[k]->cells) over_values = over_values || c.x1 > zone;
        }
        if (over_values && chars >= 8 && (k >= 2 || (k == 1 && top[0]->cells.size() >= 3))) best = std::max(best, k);
      }
    std::vector<std::string> run;
    for (auto& l : page) {
      if (l.dropped) continue;
      if (!l.value) {
        run.push_back(line_text(l));
        continue;
      }
      if (!run.empty()) runs.push_back({std::move(run), l.cells[l.first_value].x0});
      run.clear();
    }
    for (std::size_t k = 0; k < best; ++k) top[k]->dropped = true;
  }
}

// Label cells printed one character per line at one x (a group label written top to bottom,
// letter-spaced): three or more of at most two characters each, stacked -> one vertical cell.
std::vector<cell> take_stacked_characters(std::vector<line>& ls) {
  struct ref {
    std::size_t line, cell;
  };
  const auto small = [](const cell& c) {
    const auto cps = without_spaces(c.text);
    if (c.value || cps.empty() || cps.size() > 2) return false;
    for (char32_t ch : cps)
      if (ch < 0x2E80 && ch != 0x3001) return false;  // CJK (and 、) only: not digits, not latin
    return true;
  };
  std::vector<std::vector<ref>> stacks;
  std::vector<std::vector<char>> used(ls.size());
  for (std::size_t i = 0; i < ls.size(); ++i) used[i].assign(ls[i].cells.size(), 0);
  // A label wrapped in a narrow column (two characters a line, as Word prints 1.属于国家秘密 in
  // a column of its cell's width: "1.属" / "于国" / "家秘" / "密") is not a stack: a short piece
  // right under a label piece of its column that no stack can hold (it has a numbering or more
  // than two characters), or under such a continuation, on the next line, left-aligned with it
  // and not wider than it by more than a character, goes on that label (the labels' chaining
  // joins it) unless it starts a numbering of its own.
  std::size_t previous = static_cast<std::size_t>(-1);
  std::vector<std::vector<char>> continues(ls.size());
  for (std::size_t i = 0; i < ls.size(); ++i) {
    continues[i].assign(ls[i].cells.size(), 0);
    if (ls[i].dropped) continue;
    // The line above: on this page, or the last of the page before for a page's first line (a
    // row broken across the page break goes on at its head).
    const bool head_of_page = previous < i && ls[previous].page + 1 == ls[i].page;
    const line* above = previous < i && (ls[previous].page == ls[i].page || head_of_page) ? &ls[previous] : nullptr;
    previous = i;
    if (!above) continue;
    for (std::size_t k = 0; k < ls[i].cells.size(); ++k) {
      const cell& piece = ls[i].cells[k];
      if (!small(piece) || starts_with_numbering(piece.text)) continue;
      if (!head_of_page && piece.top - above->bottom > 0.7 * std::max(piece.height, above->height)) continue;
      const std::size_t a = static_cast<std::size_t>(above - ls.data());
      for (std::size_t m = 0; m < above->cells.size(); ++m) {
        const cell& up = above->cells[m];
        if (up.value || std::fabs(up.x0 - piece.x0) > 0.3 * piece.em) continue;
        if (up.x1 - up.x0 > piece.x1 - piece.x0 + 1.2 * piece.em) continue;
        continues[i][k] = !small(up) || continues[a][m];
        break;
      }
    }
  }
  for (std::size_t i = 0; i < ls.size(); ++i)
    for (std::size_t k = 0; k < ls[i].cells.size(); ++k)
      if (continues[i][k]) used[i][k] = 1;
  for (std::size_t i = 0; i < ls.size(); ++i) {
    if (ls[i].dropped) continue;
    for (std::size_t k = 0; k < ls[i].cells.size(); ++k) {
      if (used[i][k] || !small(ls[i].cells[k])) continue;
      std::vector<ref> stack{{i, k}};
      const cell* last = &ls[i].cells[k];
      for (std::size_t j = i + 1; j < ls.size(); ++j) {
        if (ls[j].dropped) continue;
        if (ls[j].page != ls[i].page || ls[j].top - last->bottom > 2.5 * last->height) break;
        const double cx = (last->x0 + last->x1) / 2;
        bool found = false;
        for (std::size_t m = 0; m < ls[j].cells.size(); ++m) {
          const auto& c = ls[j].cells[m];
          if (std::fabs((c.x0 + c.x1) / 2 - cx) > 0.3 * c.em && overlap(c.x0, c.x1, last->x0, last->x1) <= 0) continue;
          if (used[j][m] || !small(c)) goto end_of_stack;
          stack.push_back({j, m});
          last = &c;
          found = true;
          break;
        }
        if (!found) {
          // A line with nothing at this x: the stack goes on only past lines that have nothing there.
          continue;
        }
      }
    end_of_stack:
      if (stack.size() < 3) continue;
      for (const auto& r : stack) used[r.line][r.cell] = 1;
      stacks.push_back(std::move(stack));
    }
  }
  std::vector<cell> out;
  for (const auto& stack : stacks) {
    cell v = ls[stack.front().line].cells[stack.front().cell];
    v.text.clear();
    v.vertical = true;
    for (const auto& r : stack) {
      const auto& c = ls[r.line].cells[r.cell];
      for (char32_t ch : code_points(c.text))
        if (!is_space(ch)) append_utf8(v.text, ch);
      v.x0 = std::min(v.x0, c.x0), v.x1 = std::max(v.x1, c.x1);
      v.top = std::min(v.top, c.top), v.bottom = std::max(v.bottom, c.bottom);
    }
    out.push_back(std::move(v));
  }
  for (std::size_t i = 0; i < ls.size(); ++i)
    for (std::size_t k = 0; k < ls[i].cells.size(); ++k)
      if (continues[i][k]) used[i][k] = 0;  // kept on its line
  for (std::size_t i = 0; i < ls.size(); ++i) {
    if (std::find(used[i].begin(), used[i].end(), 1) != used[i].end()) {
      std::vector<cell> kept;
      for (std::size_t k = 0; k < ls[i].cells.size(); ++k)
        if (!used[i][k]) kept.push_back(std::move(ls[i].cells[k]));
      ls[i].cells = std::move(kept);
      // Re-classify: the line lost cells.
      ls[i].value = false;
      for (std::size_t k = 0; k < ls[i].cells.size(); ++k)
        if (ls[i].cells[k].value) {
          ls[i].value = std::all_of(ls[i].cells.begin() + static_cast<std::ptrdiff_t>(k), ls[i].cells.end(),
                                    [](const cell& c) { return c.value; });
          ls[i].first_value = k;
          break;
        }
      if (ls[i].cells.empty()) ls[i].dropped = true;
    }
  }
  return out;
}

// Rotated fragments of one page -> vertical cells: stacked pieces at one x, read top to bottom.
std::vector<cell> vertical_cells(std::vector<fragment> frags) {
  std::sort(frags.begin(), frags.end(), [](const fragment& a, const fragment& b) {
    return a.x0 != b.x0 ? a.x0 < b.x0 : a.top < b.top;
  });
  std::vector<cell> out;
  std::vector<char> used(frags.size(), 0);
  for (std::size_t i = 0; i < frags.size(); ++i) {
    if (used[i]) continue;
    used[i] = 1;
    cell c;
    c.text = frags[i].text;
    c.page = frags[i].page;
    c.x0 = frags[i].x0, c.x1 = frags[i].x1, c.top = frags[i].top, c.bottom = frags[i].bottom;
    c.em = frags[i].em, c.height = frags[i].height, c.vertical = true;
    c.where = frags[i].where;
    bool grew = true;
    while (grew) {
      grew = false;
      std::size_t best = frags.size();
      for (std::size_t j = 0; j < frags.size(); ++j) {
        if (used[j] || overlap(frags[j].x0, frags[j].x1, c.x0, c.x1) <= 0.5 * std::min(frags[j].x1 - frags[j].x0, c.x1 - c.x0))
          continue;
        if (frags[j].top < c.bottom - 0.5 * c.em || frags[j].top - c.bottom > 1.5 * c.em) continue;
        if (best == frags.size() || frags[j].top < frags[best].top) best = j;
      }
      if (best < frags.size()) {
        used[best] = 1;
        for (char32_t ch : code_points(frags[best].text))
          if (!is_space(ch)) append_utf8(c.text, ch);
        c.bottom = std::max(c.bottom, frags[best].bottom);
        c.x0 = std::min(c.x0, frags[best].x0), c.x1 = std::max(c.x1, frags[best].x1);
        grew = true;
      }
    }
    std::string compact;
    for (char32_t ch : code_points(c.text))
      if (!is_space(ch)) append_utf8(compact, ch);
    c.text = compact;
    if (!c.text.empty()) out.push_back(std::move(c));
  }
  return out;
}

// ---- tables ----------------------------------------------------------------------------------

struct column {
  double x0, x1;
};

// The value columns of one page's rows of a table: the x-ranges of the row with the most values;
// one for each header cell over none of them (a column blank all down); then one for each value
// that stands under none of them where a column fits; in x order. `header`: the cells over the
// values of the lines just above the table, line by line from the lowest up. A header cell counts
// only on a line with a cell over a column found so far (a line of column headers, not a caption
// centred over the table), and not when it stands over two cells of a line below it (a group's
// header: 行政诉讼 over its columns' headers). `stacked`: headers printed one character per line
// just above the first row, each a column's header (a caption is not written top to bottom), so
// they count without a line over a known column, and a line's cell over two of them is a group's
// header. A column fits where it is at least 3/4 of the
// narrowest distance between two columns (centres) from every column: a value printed across two
// columns, or in the gap between them, makes none (and is placed in none: column_of).
std::vector<column> find_columns(const std::vector<const line*>& rows, const std::vector<const cell*>& stacked,
                                 const std::vector<std::vector<const cell*>>& header) {
  std::vector<column> cols;
  const line* widest = nullptr;
  for (const auto* l : rows)
    if (!widest || l->cells.size() - l->first_value > widest->cells.size() - widest->first_value) widest = l;
  if (!widest) return cols;
  for (std::size_t k = widest->first_value; k < widest->cells.size(); ++k)
    cols.push_back({widest->cells[k].x0, widest->cells[k].x1});
  const auto over = [&](const cell* c, std::size_t n) {
    return std::any_of(cols.begin(), cols.begin() + static_cast<std::ptrdiff_t>(n),
                       [&](const column& col) { return overlap(c->x0, c->x1, col.x0, col.x1) > 0; });
  };
  const auto over_two = [](const cell* c, const std::vector<const cell*>& below) {
    std::size_t under = 0;
    for (const auto* d : below) under += overlap(c->x0, c->x1, d->x0, d->x1) > 0;
    return under >= 2;
  };
  const auto group_header = [&](const cell* c, std::size_t line) {
    if (over_two(c, stacked)) return true;
    for (std::size_t below = 0; below < line; ++below)
      if (over_two(c, header[below])) return true;
    return false;
  };
  const std::size_t from_values = cols.size();
  for (const auto* c : stacked)
    if (!over(c, from_values)) cols.push_back({c->x0, c->x1});
  for (std::size_t h = 0; h < header.size(); ++h) {
    const auto& cells = header[h];
    const std::size_t known = cols.size();
    if (!std::any_of(cells.begin(), cells.end(), [&](const cell* c) { return over(c, known); })) continue;
    for (const auto* c : cells)
      if (!over(c, known) && !group_header(c, h)) cols.push_back({c->x0, c->x1});
  }
  std::sort(cols.begin(), cols.end(), [](const column& a, const column& b) { return a.x0 < b.x0; });
  double spacing = 1e300;
  for (std::size_t i = 0; i + 1 < cols.size(); ++i)
    spacing = std::min(spacing, ((cols[i + 1].x0 + cols[i + 1].x1) - (cols[i].x0 + cols[i].x1)) / 2);
  const auto fits = [&](const cell& c) {
    const double mid = (c.x0 + c.x1) / 2;
    return spacing > 1e299 || std::all_of(cols.begin(), cols.end(), [&](const column& col) {
             return std::fabs(mid - (col.x0 + col.x1) / 2) >= 0.75 * spacing;
           });
  };
  const std::size_t found = cols.size();
  for (const auto* l : rows)
    for (std::size_t k = l->first_value; k < l->cells.size(); ++k) {
      const auto& c = l->cells[k];
      const bool under = std::any_of(cols.begin(), cols.end(),
                                     [&](const column& col) { return overlap(c.x0, c.x1, col.x0, col.x1) > -0.1 * c.em; });
      if (!under && fits(c)) cols.push_back({c.x0, c.x1});
    }
  if (cols.size() != found)
    std::sort(cols.begin(), cols.end(), [](const column& a, const column& b) { return a.x0 < b.x0; });
  return cols;
}

// The column a value cell stands under: the one it overlaps (or touches); none (npos) when it
// stands under no column or across two (its column is not known: never the nearest).
constexpr std::size_t no_column = static_cast<std::size_t>(-1);
std::size_t column_of(const cell& c, const std::vector<column>& cols) {
  std::size_t best = no_column, under = 0;
  double best_score = -1e300;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const double o = overlap(c.x0, c.x1, cols[i].x0, cols[i].x1);
    if (o > 0) ++under;
    if (o > best_score) best_score = o, best = i;
  }
  if (best_score <= -0.1 * c.em || under > 1) return no_column;
  return best;
}

// When a table goes on at the top of a page with columns that each stand under exactly one of
// the page before's (the same table, a column blank all down this page), those are kept. Where the
// page is laid out again (a text's rows stand a few columns further on), they are kept shifted:
// when exactly one shift puts each of this page's columns under its own column of the page before.
std::vector<column> continued_columns(const std::vector<column>& before, const std::vector<column>& now) {
  if (before.size() <= now.size() || now.empty()) return now;
  const auto maps = [&](double d) {
    std::vector<char> taken(before.size(), 0);
    for (const auto& c : now) {
      std::size_t hits = 0, at = 0;
      for (std::size_t i = 0; i < before.size(); ++i)
        if (overlap(c.x0, c.x1, before[i].x0 + d, before[i].x1 + d) > 0) ++hits, at = i;
      if (hits != 1 || taken[at]) return false;
      taken[at] = 1;
    }
    return true;
  };
  if (maps(0)) return before;
  std::vector<double> shifts;  // the shifts putting this page's first column under one before
  for (const auto& b : before) {
    const double d = (now[0].x0 + now[0].x1 - b.x0 - b.x1) / 2;
    if (maps(d)) shifts.push_back(d);
  }
  if (shifts.size() != 1) return now;
  std::vector<column> shifted = before;
  for (auto& c : shifted) c.x0 += shifts[0], c.x1 += shifts[0];
  return shifted;
}

// One label: the label cells of a table chained down its wrapped lines.
struct label {
  std::vector<const cell*> parts;
  double x0 = 0, x1 = 0, top = 0, bottom = 0, height = 1;
  const line* row = nullptr;  // the value line it labels
  bool vertical = false;
  bool taken = false;
  bool inner = false;  // every piece has another label piece right of it on its line
  std::string text() const {
    std::string s;
    for (const auto* c : parts) {
      if (!s.empty() && !c->text.empty()) {
        const auto a = code_points(s), b = code_points(c->text);
        if (is_ascii_word(a.back()) && is_ascii_word(b.front())) s += ' ';
      }
      s += c->text;
    }
    return s;
  }
};

struct emitted_cell {
  std::string text;
  origin where;
};
struct emitted_line {
  std::vector<emitted_cell> cells;
  origin where;
};

struct block {
  std::size_t begin = 0, end = 0;  // lines [begin, end) of the flat list
};

// Where a blank cell of a line of text is (a reader giving origins of line and code point column,
// x in columns of blanks): the line, and the column where `col` starts on it, counted on from the
// fragment before it (or back from the one after it) one column a blank.
origin blank_origin(const line& l, const column& col) {
  const fragment* before = nullptr;
  const fragment* after = nullptr;
  for (const auto& f : l.fragments) {
    if (f.where.line == 0) continue;
    if (f.x1 <= col.x0) before = &f;
    else if (!after) after = &f;
  }
  origin o;
  if (before) {
    o = before->where;
    o.column += code_points(before->text).size() + static_cast<std::size_t>(std::lround(col.x0 - before->x1));
  } else if (after) {
    o = after->where;
    const auto back = static_cast<std::size_t>(std::lround(std::max(0.0, after->x0 - col.x0)));
    o.column = o.column > back ? o.column - back : 1;
  } else {
    o = origin{l.page, l.index, 0};
  }
  return o;
}

// Whether a line's text ends left of a table's values (from `zone` on): a PDF's by a margin; a
// text's may reach the values' first column (a label wrapped at it: columns are whole characters).
bool left_of(const line& l, double zone, format kind) {
  const double margin = kind == format::spaced ? 0 : 0.3;
  return !l.cells.empty() &&
         std::all_of(l.cells.begin(), l.cells.end(), [&](const cell& c) { return c.x1 <= zone - margin * c.em; });
}

}  // namespace

bool is_value_text(std::string_view text) {
  const auto t = without_spaces(text);
  if (t.empty()) return false;
  static const std::vector<std::u32string> placeholders = {U"/", U"／", U"\\", U"-", U"--", U"—", U"——", U"－", U"―",
                                                           U"无", U"不适用", U"N/A", U"空", U"－－", U"―――", U"———"};
  if (std::find(placeholders.begin(), placeholders.end(), t) != placeholders.end()) return true;
  std::size_t i = 0;
  if (t[i] == '+' || t[i] == '-' || t[i] == 0xFF0D || t[i] == 0x2212 || t[i] == 0xFF0B) ++i;
  std::size_t digits = 0;
  while (i < t.size() && (is_digit(t[i]) || ((t[i] == ',' || t[i] == 0xFF0C) && digits > 0 && i + 1 < t.size() && is_digit(t[i + 1]))))
    digits += is_digit(t[i]) ? 1 : 0, ++i;
  if (digits == 0) return false;
  if (i < t.size() && (t[i] == '.' || t[i] == 0xFF0E)) {
    ++i;
    std::size_t frac = 0;
    while (i < t.size() && is_digit(t[i])) ++i, ++frac;
    if (frac == 0) return false;  // "1." is numbering
  }
  return i == t.size();
}

bool starts_with_numbering(std::string_view text) {
  const auto t = without_spaces(text);
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '(' || t[i] == 0xFF08)) {
    ++i;
    std::size_t n = 0;
    while (i < t.size() && (is_digit(t[i]) || is_cjk_numeral(t[i]))) ++i, ++n;
    return n > 0 && i < t.size() && (t[i] == ')' || t[i] == 0xFF09);
  }
  std::size_t n = 0;
  bool arabic = false;
  while (i < t.size() && (is_digit(t[i]) || is_cjk_numeral(t[i]))) arabic = arabic || is_digit(t[i]), ++i, ++n;
  if (n == 0 || i >= t.size()) return false;
  const char32_t sep = t[i];
  if (sep == 0x3001) return true;  // 、
  if ((sep == '.' || sep == 0xFF0E) && arabic) return i + 1 >= t.size() || !is_digit(t[i + 1]);
  return false;
}

document to_grid(std::vector<fragment> fragments, const std::vector<page_box>& boxes, format kind) {
  document doc;
  doc.kind = kind;
  std::size_t pages = boxes.size();
  for (const auto& f : fragments) pages = std::max(pages, f.page);
  doc.pages = kind == format::pdf ? pages : 0;

  // Per page: lines of horizontal text, vertical cells of rotated text.
  std::vector<std::vector<fragment>> horizontal(pages), rotated(pages);
  for (auto& f : fragments) {
    if (f.text.empty() || f.page == 0) continue;
    (f.vertical ? rotated : horizontal)[f.page - 1].push_back(std::move(f));
  }
  std::vector<std::vector<line>> page_lines(pages);
  std::vector<cell> verticals;
  for (std::size_t p = 0; p < pages; ++p) {
    page_lines[p] = build_lines(std::move(horizontal[p]));
    for (std::size_t k = 0; k < page_lines[p].size(); ++k) {
      join_spread_text(page_lines[p], k);
      build_cells(page_lines[p][k]);
    }
    for (auto& v : vertical_cells(std::move(rotated[p]))) {
      if (v.where.line == 0) v.where = origin{p + 1, 0, 1};
      v.page = p + 1;
      verticals.push_back(std::move(v));
    }
  }
  drop_page_furniture(page_lines, boxes);
  drop_repeated_headers(page_lines);

  std::vector<line> lines;  // every kept line, in reading order
  for (auto& pl : page_lines)
    for (auto& l : pl)
      if (!l.dropped) lines.push_back(std::move(l));
  page_lines.clear();

  // Tables: a run of value lines and label lines between and around them.
  std::vector<block> blocks;
  for (std::size_t i = 0; i < lines.size();) {
    if (!lines[i].value) {
      ++i;
      continue;
    }
    double zone = 1e300;
    const auto widen = [&](const line& l) {
      for (std::size_t k = l.first_value; k < l.cells.size(); ++k) zone = std::min(zone, l.cells[k].x0);
    };
    widen(lines[i]);
    block b;
    b.begin = i;
    const std::size_t floor = blocks.empty() ? 0 : blocks.back().end;
    while (b.begin > floor) {
      const line& prev = lines[b.begin - 1];
      const line& next = lines[b.begin];
      // Only the lines of a label wrapped above its values (as close as lines of one cell).
      if (prev.page != next.page || prev.value || !left_of(prev, zone, kind) || next.top - prev.bottom > 0.7 * next.height)
        break;
      --b.begin;
    }
    std::size_t j = i + 1;
    while (j < lines.size()) {
      const line& l = lines[j];
      const line& prev = lines[j - 1];
      const bool same_page = l.page == prev.page;
      if (same_page && l.top - prev.bottom > 4 * std::max(l.height, prev.height)) break;
      if (l.value) {
        // Values that start left of the labels so far: another table.
        bool labels_cross = false;
        for (std::size_t k = 0; k < l.first_value; ++k) labels_cross = labels_cross || l.cells[k].x1 > zone + 0.3 * l.cells[k].em;
        if (labels_cross && same_page) break;
        widen(l);
        ++j;
        continue;
      }
      if (!left_of(l, zone, kind)) break;
      ++j;
    }
    b.end = j;
    blocks.push_back(b);
    i = j;
  }

  // Each table's label columns: where label cells start on two lines or more; a line's cells
  // are cut there too (a group label and its sub-label in adjacent columns, little padding).
  for (const auto& b : blocks) {
    double zone = 1e300;
    for (std::size_t k = b.begin; k < b.end; ++k)
      if (lines[k].value)
        for (std::size_t c = lines[k].first_value; c < lines[k].cells.size(); ++c) zone = std::min(zone, lines[k].cells[c].x0);
    std::vector<std::pair<double, std::size_t>> starts;  // x, lines
    for (std::size_t k = b.begin; k < b.end; ++k) {
      const line& l = lines[k];
      const std::size_t n = l.value ? l.first_value : l.cells.size();
      for (std::size_t c = 0; c < n; ++c) {
        const cell& x = l.cells[c];
        if (x.x0 >= zone) continue;
        auto it = std::find_if(starts.begin(), starts.end(), [&](const auto& st) { return std::fabs(st.first - x.x0) <= 0.3 * x.em; });
        if (it == starts.end()) starts.emplace_back(x.x0, 1);
        else ++it->second;
      }
    }
    std::vector<double> splits;
    for (const auto& [x, count] : starts)
      if (count >= 2) splits.push_back(x);
    if (splits.size() < 2) continue;
    for (std::size_t k = b.begin; k < b.end; ++k) {
      const bool was_value = lines[k].value;
      line copy = lines[k];
      build_cells(copy, splits);
      if (copy.value == was_value) lines[k] = std::move(copy);
    }
  }
  // Group labels printed one character per line (after the cut above, which sets them apart).
  for (auto& v : take_stacked_characters(lines)) verticals.push_back(std::move(v));
  // Vertical cells take their line's origin from the nearest line.
  for (auto& v : verticals) {
    if (v.where.line != 0) continue;
    for (const auto& l : lines)
      if (l.page == v.page && l.bottom >= v.top) {
        v.where.line = l.index;
        break;
      }
  }

  // Output lines in order: lines outside tables, tables' rows and labels, vertical labels.
  std::vector<std::pair<std::size_t, emitted_line>> pending_verticals;  // not yet placed
  std::vector<char> vertical_used(verticals.size(), 0);
  std::vector<emitted_line> out;
  const auto plain_line = [](const line& l) {
    emitted_line e;
    e.where = origin{l.page, l.index, 1};
    for (const auto& c : l.cells) e.cells.push_back({c.text, c.where});
    return e;
  };
  const auto vertical_line = [](const cell& v) {
    emitted_line e;
    e.where = v.where;
    e.cells.push_back({v.text, v.where});
    return e;
  };
  // Vertical cells outside tables go before the first line below their top.
  const auto flush_verticals = [&](std::size_t page, double y, bool all) {
    std::vector<std::size_t> due;
    for (std::size_t v = 0; v < verticals.size(); ++v)
      if (!vertical_used[v] && (all || verticals[v].page < page || (verticals[v].page == page && verticals[v].top <= y)))
        due.push_back(v);
    std::sort(due.begin(), due.end(), [&](std::size_t a, std::size_t b) {
      return verticals[a].page != verticals[b].page ? verticals[a].page < verticals[b].page : verticals[a].top < verticals[b].top;
    });
    for (auto v : due) {
      vertical_used[v] = 1;
      out.push_back(vertical_line(verticals[v]));
    }
  };

  std::size_t bi = 0;
  std::vector<column> last_columns;
  std::size_t last_columns_page = 0;
  for (std::size_t i = 0; i < lines.size();) {
    if (bi < blocks.size() && blocks[bi].begin == i) {
      const block& b = blocks[bi++];
      flush_verticals(lines[b.begin].page, lines[b.begin].top - 1e-6, false);
      // Columns, page by page.
      std::map<std::size_t, std::vector<column>> cols;
      for (std::size_t k = b.begin; k < b.end;) {
        const std::size_t page = lines[k].page;
        std::vector<const line*> rows;
        std::size_t m = k;
        for (; m < b.end && lines[m].page == page; ++m)
          if (lines[m].value) rows.push_back(&lines[m]);
        // The header: the lines just above the table's first row on this page (close together,
        // at most six), their cells over the values.
        std::vector<std::vector<const cell*>> header;  // line by line, from the lowest up
        std::vector<const cell*> stacked;
        if (k == b.begin) {
          double zone = 1e300;
          for (const auto* r : rows)
            for (std::size_t c = r->first_value; c < r->cells.size(); ++c) zone = std::min(zone, r->cells[c].x0);
          // A table whose first row went on to the next page left its header at the foot of the
          // page before: the header ends there.
          const bool header_before = b.begin > 0 && lines[b.begin - 1].page + 1 == page && !lines[b.begin - 1].value;
          const std::size_t header_page = header_before ? page - 1 : page;
          const double foot = header_before ? lines[b.begin - 1].bottom : lines[b.begin].top;
          const double height = lines[b.begin].height;
          // Headers printed one character per line (vertical cells) standing over the values and
          // ending just above the first row.
          for (const auto& v : verticals)
            if (v.page == header_page && v.x0 >= zone - 0.5 * v.em && v.bottom <= foot + 0.2 * v.em &&
                foot - v.bottom <= 3 * height)
              stacked.push_back(&v);
          for (std::size_t h = b.begin, n = 0; h > 0 && n < 6; ++n) {
            const line& above = lines[h - 1];
            const bool adjacent = above.page == lines[h].page ? lines[h].top - above.bottom <= 3 * lines[h].height
                                                              : h == b.begin && header_before;
            if (above.page != header_page || above.value || !adjacent) break;
            auto& cells = header.emplace_back();
            for (const auto& c : above.cells)
              if (c.x0 >= zone - 0.5 * c.em) cells.push_back(&c);
            --h;
          }
        }
        auto found = find_columns(rows, stacked, header);
        // Going on from the page before: this table's rows there, or a table that ended at the
        // foot of that page when this one starts at the head of this.
        const bool goes_on = k != b.begin || (bi >= 2 && blocks[bi - 2].end == b.begin && b.begin > 0 &&
                                              lines[b.begin - 1].page + 1 == page);
        if (!rows.empty() && goes_on && last_columns_page + 1 == page) found = continued_columns(last_columns, found);
        if (!rows.empty()) last_columns = found, last_columns_page = page;
        // A page of the table's labels only (every value on it blank) passes its columns on.
        if (rows.empty() && goes_on && last_columns_page + 1 == page) last_columns_page = page;
        cols[page] = std::move(found);
        k = m;
      }
      // Labels: the cells left of the values, chained down wrapped lines.
      std::vector<label> labels;
      std::vector<std::vector<std::size_t>> label_of(b.end - b.begin);  // per line: its labels
      // Where a label column ends: the farthest right that three label pieces of the same kind
      // starting at the same x reach (one alone may be a cell spanning further; kind: with another label piece right of it on its line, a group's
      // label beside a row's, or not: a cell spanning the label columns reaches further). A
      // label wraps only at its column's edge, so a piece goes on the label above it only when
      // that label's last line is full (within two characters of the edge, which line-breaking
      // rules leave): two short labels stacked (行政处罚 over 行政强制, a blank value beside the
      // second) are two rows, not one label. Asked of a row's label (it has values) in the last
      // label column (no label piece right of it), going on to a line without values; where the
      // edge is not known, the pieces stay apart and the resolver, which knows the template's
      // labels and their order, reads them (a label cut short, or its values on the line before).
      struct label_span {
        const cell* piece;
        bool inner;
      };
      std::vector<label_span> label_spans;  // from the first row on (not the header's cells)
      std::size_t first_row = b.begin;
      while (first_row < b.end && !lines[first_row].value) ++first_row;
      for (std::size_t k = first_row; k < b.end; ++k) {
        const line& l = lines[k];
        const std::size_t n = l.value ? l.first_value : l.cells.size();
        for (std::size_t c = 0; c < n; ++c) label_spans.push_back({&l.cells[c], c + 1 < n});
      }
      const auto full_line = [&](const cell& piece) {
        const auto own = std::find_if(label_spans.begin(), label_spans.end(), [&](const label_span& s) { return s.piece == &piece; });
        const bool inner = own != label_spans.end() && own->inner;
        std::vector<double> ends;
        for (const auto& s : label_spans)
          if (s.inner == inner && std::fabs(s.piece->x0 - piece.x0) <= 0.3 * piece.em) ends.push_back(s.piece->x1);
        std::sort(ends.begin(), ends.end(), std::greater<>());
        for (std::size_t e = 0; e + 2 < ends.size(); ++e)
          if (ends[e] - ends[e + 2] <= 0.5 * piece.em) return piece.x1 >= ends[e] - 2 * piece.em;
        return false;  // the edge is not known: the resolver joins the pieces by the template
      };
      // An explanation in brackets goes on its label wherever the line before it ends (authors
      // break the line before it: 部分公开 / （区分处理的，只计这一情形…）).
      const auto opens_bracket = [](const cell& piece) {
        const auto t = without_spaces(piece.text);
        return !t.empty() && (t[0] == U'（' || t[0] == U'(' || t[0] == U'【' || t[0] == U'[');
      };
      for (std::size_t k = b.begin; k < b.end; ++k) {
        const line& l = lines[k];
        const std::size_t n = l.value ? l.first_value : l.cells.size();
        for (std::size_t c = 0; c < n; ++c) {
          const cell& piece = l.cells[c];
          // The label above this piece, on the nearest line that has one over it.
          std::optional<std::size_t> above;
          for (std::size_t m = k; m-- > b.begin && !above;) {
            for (auto li : label_of[m - b.begin]) {
              const label& cand = labels[li];
              const cell& last = *cand.parts.back();
              if (overlap(piece.x0, piece.x1, last.x0, last.x1) > 0) {
                above = li;
                break;
              }
            }
            if (lines[m].page != l.page) break;
          }
          bool join = false;
          // A piece with another label piece right of it on its line (a group's label beside a
          // row's own): such pieces of two rows may be one label wrapped over both.
          const bool inner = c + 1 < n;
          if (above) {
            label& a = labels[*above];
            const cell& last = *a.parts.back();
            const double gap = piece.top - last.bottom;
            // A wrapped line ends at its column's edge, so the line below it is not wider (by more
            // than a character or two moved down by line-breaking rules): a wider line below a
            // short label is a row of its own (第二十条第（五）项 under 行政规范性文件).
            // A row broken across a page break goes on at the head of the next page, in the same
            // column, from the previous page's last line.
            std::size_t head = k;  // the block's first line on this page
            while (head > b.begin && lines[head - 1].page == l.page) --head;
            const bool across_page = head > b.begin && last.page + 1 == l.page && lines[head - 1].page == last.page &&
                                     std::fabs(last.bottom - lines[head - 1].bottom) <= 0.5 * last.height &&
                                     piece.top - lines[head].top <= 0.7 * piece.height &&
                                     std::fabs(piece.x0 - last.x0) <= 0.3 * piece.em;
            join = ((lines[k].page == last.page && gap <= 0.7 * std::max(piece.height, last.height)) || across_page) &&
                   (opens_bracket(piece) || (piece.x1 <= last.x1 + 1.5 * std::max(piece.em, last.em) &&
                                               (!a.row || l.value || inner || a.inner || full_line(last)))) &&
                   !starts_with_numbering(piece.text) && !(a.row && l.value && !(inner && a.inner)) &&
                   std::find(label_of[k - b.begin].begin(), label_of[k - b.begin].end(), *above) == label_of[k - b.begin].end();
          }
          if (join) {
            label& a = labels[*above];
            a.parts.push_back(&piece);
            a.x0 = std::min(a.x0, piece.x0), a.x1 = std::max(a.x1, piece.x1);
            a.bottom = std::max(a.bottom, piece.bottom);
            a.inner = a.inner && inner;
            if (l.value && !a.row) a.row = &l;
            label_of[k - b.begin].push_back(*above);
          } else {
            label fresh;
            fresh.parts.push_back(&piece);
            fresh.x0 = piece.x0, fresh.x1 = piece.x1, fresh.top = piece.top, fresh.bottom = piece.bottom;
            fresh.height = piece.height;
            fresh.inner = inner;
            if (l.value) fresh.row = &l;
            labels.push_back(std::move(fresh));
            label_of[k - b.begin].push_back(labels.size() - 1);
          }
        }
      }
      // Value lines take the labels they lie within: a line without a label of its own the nearest
      // (or one beside it); then every line, in each label column where it has none, a label
      // wrapped around it (its centre between the label's first and last line). A row's label
      // wrapped over two lines with its values between them, while a group label's cell goes on
      // beside them (（六）其他 / 处 理 over three rows, 分散对齐), is that row's label: the
      // values are not the group label's, whose second piece shares their line.
      std::map<const line*, std::vector<std::size_t>> row_labels;
      for (std::size_t li = 0; li < labels.size(); ++li)
        if (labels[li].row) row_labels[labels[li].row].push_back(li), labels[li].taken = true;
      for (std::size_t k = b.begin; k < b.end; ++k) {
        const line& l = lines[k];
        if (!l.value) continue;
        const double c = l.center();
        auto& own = row_labels[&l];
        const auto nearest = [&](double reach, bool beside_own) {
          std::optional<std::size_t> best;
          double best_d = 1e300;
          for (std::size_t li = 0; li < labels.size(); ++li) {
            const label& lab = labels[li];
            if (lab.taken || lab.parts.front()->page != l.page) continue;
            if (c < lab.top - reach || c > lab.bottom + reach) continue;
            if (beside_own) {
              if (lab.x1 > l.cells[l.first_value].x0) continue;  // left of the values
              if (std::any_of(own.begin(), own.end(), [&](std::size_t o) {
                    return overlap(lab.x0, lab.x1, labels[o].x0, labels[o].x1) > 0;
                  }))
                continue;  // a column where the line has a label
            }
            const double d = std::fabs(c - (lab.top + lab.bottom) / 2);
            if (d < best_d) best_d = d, best = li;
          }
          return best;
        };
        const auto take = [&](std::size_t li) {
          labels[li].taken = true;
          labels[li].row = &l;
          own.push_back(li);
        };
        if (l.first_value == 0)
          if (const auto best = nearest(0.5 * l.height, false)) take(*best);
        if (own.empty()) continue;
        while (const auto more = nearest(0, true)) take(*more);
      }
      // The block's items, top to bottom.
      struct item {
        std::size_t page;
        double top;
        emitted_line e;
      };
      std::vector<item> items;
      // Vertical labels within the table's height (first where they start level with a row).
      const std::size_t first_page = lines[b.begin].page, last_page = lines[b.end - 1].page;
      for (std::size_t v = 0; v < verticals.size(); ++v) {
        const auto& vc = verticals[v];
        if (vertical_used[v] || vc.page < first_page || vc.page > last_page) continue;
        if (vc.page == first_page && vc.bottom < lines[b.begin].top) continue;
        if (vc.page == last_page && vc.top > lines[b.end - 1].bottom) continue;
        vertical_used[v] = 1;
        items.push_back({vc.page, vc.top, vertical_line(vc)});
      }
      for (std::size_t k = b.begin; k < b.end; ++k) {
        const line& l = lines[k];
        if (!l.value) continue;
        item it{l.page, l.top, {}};
        it.e.where = origin{l.page, l.index, 1};
        auto& labs = row_labels[&l];
        std::sort(labs.begin(), labs.end(), [&](std::size_t a, std::size_t b2) { return labels[a].x0 < labels[b2].x0; });
        for (auto li : labs) {
          it.top = std::min(it.top, labels[li].top);
          it.e.cells.push_back({labels[li].text(), labels[li].parts.front()->where});
        }
        const auto& cs = cols[l.page];
        std::vector<const cell*> slots(cs.size(), nullptr);
        std::vector<const cell*> extra;
        for (std::size_t v = l.first_value; v < l.cells.size(); ++v) {
          const auto col = column_of(l.cells[v], cs);
          if (col < slots.size() && !slots[col]) slots[col] = &l.cells[v];
          else extra.push_back(&l.cells[v]);
        }
        if (!extra.empty()) {  // two values under one column, or one under none: not known; in order
          slots.clear();
          for (std::size_t v = l.first_value; v < l.cells.size(); ++v) slots.push_back(&l.cells[v]);
        }
        const std::size_t label_cells = it.e.cells.size();
        for (std::size_t s = 0; s < slots.size(); ++s) {
          const std::size_t grid_column = label_cells + s + 1;
          if (slots[s]) {
            origin o = slots[s]->where;
            if (o.line == l.index && o.page == l.page && kind == format::pdf) o.column = grid_column;
            it.e.cells.push_back({slots[s]->text, o});
          } else {
            origin o{l.page, l.index, kind == format::pdf ? grid_column : 0};
            if (kind != format::pdf) o = blank_origin(l, cs[s]);
            it.e.cells.push_back({"", o});
          }
        }
        items.push_back(std::move(it));
      }
      for (const auto& lab : labels) {
        if (lab.taken) continue;
        item it{lab.parts.front()->page, lab.top, {}};
        it.e.where = lab.parts.front()->where;
        it.e.cells.push_back({lab.text(), lab.parts.front()->where});
        items.push_back(std::move(it));
      }
      std::stable_sort(items.begin(), items.end(), [](const item& a, const item& c) {
        return a.page != c.page ? a.page < c.page : a.top < c.top;
      });
      out.push_back({});  // a table is set off by empty lines
      for (auto& it : items) out.push_back(std::move(it.e));
      out.push_back({});
      i = b.end;
      continue;
    }
    if (lines[i].dropped) {  // its cells were a group label's characters
      ++i;
      continue;
    }
    flush_verticals(lines[i].page, lines[i].top, false);
    out.push_back(plain_line(lines[i]));
    ++i;
  }
  flush_verticals(0, 0, true);

  // The text, with an anchor at each line and each cell.
  for (const auto& e : out) {
    if (e.cells.empty()) {
      // One empty line, also at the start (a table first), never two.
      if (doc.text == "\n" || (doc.text.size() >= 2 && doc.text.compare(doc.text.size() - 2, 2, "\n\n") == 0)) continue;
      doc.text += '\n';
      continue;
    }
    for (std::size_t c = 0; c < e.cells.size(); ++c) {
      if (c > 0) doc.text += '\t';
      const origin o = e.cells[c].where;
      if (doc.anchors.empty() || doc.anchors.back().origin.page != o.page || doc.anchors.back().origin.line != o.line ||
          doc.anchors.back().origin.column != o.column)
        doc.anchors.push_back({doc.text.size(), o});
      for (char ch : e.cells[c].text) doc.text += (ch == '\t' || ch == '\n' || ch == '\r') ? ' ' : ch;
    }
    doc.text += '\n';
  }
  return doc;
}

}  // namespace nianbao::read::columns
