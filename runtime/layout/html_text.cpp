#include "layout/html_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <optional>

#include <unicode/utf8.h>

#include "core/budget.hpp"
#include "core/line_index.hpp"

namespace nianbao::layout::html {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == ':' || c == '_' || c == '.'; }

bool starts_with_nocase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - std::min(at, s.size()) < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[at + i]) != prefix[i]) return false;
  return true;
}

// The block tags of grammars/html.peg (`block_name`): they end a run of text.
bool is_block(std::string_view name) {
  static constexpr std::string_view names[] = {
      "table", "tbody", "thead", "tfoot", "caption", "tr", "td", "th", "h1", "h2", "h3", "h4",
      "h5", "h6", "p", "div", "li", "ul", "ol", "body", "br", "hr", "title", "head",
      "html", "dl", "dt", "dd", "pre", "form", "center", "section", "article", "header",
      "footer", "nav", "aside", "main", "blockquote", "address", "figure", "figcaption", "colgroup", "col",
      "select", "option", "iframe"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// ---- character references

struct named_ref {
  std::string_view name;
  char32_t code;
};

// Spaces decode to ' ' (code 0x20).
constexpr named_ref kNamed[] = {
    {"nbsp", 0x20},   {"ensp", 0x20},   {"emsp", 0x20},   {"thinsp", 0x20}, {"amp", '&'},
    {"lt", '<'},      {"gt", '>'},      {"quot", '"'},    {"apos", '\''},   {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"hellip", 0x2026}, {"middot", 0x00B7}, {"times", 0x00D7}, {"divide", 0x00F7}, {"deg", 0x00B0},
    {"plusmn", 0x00B1}, {"copy", 0x00A9}, {"reg", 0x00AE}, {"sect", 0x00A7}, {"yen", 0x00A5},
    {"le", 0x2264},   {"ge", 0x2265},   {"bull", 0x2022}, {"laquo", 0x00AB}, {"raquo", 0x00BB},
    {"permil", 0x2030}, {"prime", 0x2032}, {"minus", 0x2212}, {"rarr", 0x2192}, {"larr", 0x2190},
    {"uarr", 0x2191}, {"darr", 0x2193}, {"hyphen", 0x2010}, {"lowast", 0x2217}, {"radic", 0x221A},
    {"shy", 0x20},    {"zwj", 0x20},    {"zwnj", 0x20},   {"lrm", 0x20},    {"rlm", 0x20},
};
// Names also read without the final ';', as browsers do.
bool legacy_name(std::string_view n) { return n == "nbsp" || n == "amp" || n == "lt" || n == "gt" || n == "quot"; }

std::string utf8(char32_t c) {
  char bytes[U8_MAX_LENGTH];
  std::int32_t n = 0;
  U8_APPEND_UNSAFE(bytes, n, static_cast<UChar32>(c));
  return std::string(bytes, static_cast<std::size_t>(n));
}

// Windows-1252 for &#128;..&#159;, as browsers read them.
char32_t from_c1(char32_t c) {
  static constexpr char32_t table[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                         0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  return (c >= 0x80 && c <= 0x9F) ? table[c - 0x80] : c;
}

struct reference {
  std::size_t length = 0;  // bytes of the reference as printed
  char32_t code = 0;
};

// A character reference at s[at] == '&', or nothing.
std::optional<reference> read_reference(std::string_view s, std::size_t at) {
  std::size_t i = at + 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    const std::size_t digits_begin = i;
    std::uint32_t value = 0;
    bool too_big = false;
    while (i < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[i])) != 0 : is_digit(s[i]))) {
      const char c = lower(s[i]);
      const std::uint32_t d = is_digit(c) ? static_cast<std::uint32_t>(c - '0') : static_cast<std::uint32_t>(c - 'a' + 10);
      if (value > 0x10FFFF) too_big = true;
      else value = value * (hex ? 16 : 10) + d;
      ++i;
    }
    if (i == digits_begin) return std::nullopt;
    if (i < s.size() && s[i] == ';') ++i;
    char32_t code = value;
    if (too_big || value > 0x10FFFF || value == 0 || (value >= 0xD800 && value <= 0xDFFF)) code = 0xFFFD;
    code = from_c1(code);
    if (code < 0x20 || code == 0x7F) code = 0x20;  // control characters (line ends too) are spaces
    return reference{i - at, code};
  }
  std::size_t e = i;
  while (e < s.size() && e - i < 10 && (is_alpha(s[e]) || is_digit(s[e]))) ++e;
  if (e == i) return std::nullopt;
  const std::string_view name = s.substr(i, e - i);
  const bool semicolon = e < s.size() && s[e] == ';';
  for (const auto& n : kNamed) {
    if (n.name == name && (semicolon || legacy_name(name))) return reference{e - at + (semicolon ? 1 : 0), n.code};
  }
  // A name read without ';' may be followed by letters: "&nbspx" is &nbsp; and "x".
  for (const auto& n : kNamed)
    if (legacy_name(n.name) && name.substr(0, n.name.size()) == n.name) return reference{1 + n.name.size(), n.code};
  return std::nullopt;
}

// ---- the lexer shared by the page's text and the structure checks

enum class token_kind { text, start_tag, end_tag, comment, declaration, raw_element };

struct token {
  token_kind kind = token_kind::text;
  std::size_t begin = 0, end = 0;
  std::string name;     // tags, lower case
  bool closed = true;   // comment / raw element: its end was found
};

// The end of a tag's attributes: one past '>', or npos when a '<' (or the end) comes first.
std::size_t tag_end(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    const char c = s[i];
    if (c == '>') return i + 1;
    if (c == '<') return std::string_view::npos;
    if (c == '"' || c == '\'') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != c && s[j] != '<') ++j;
      if (j < s.size() && s[j] == c) {
        i = j + 1;
        continue;
      }
    }
    ++i;
  }
  return std::string_view::npos;
}

class lexer {
 public:
  explicit lexer(std::string_view s) : s_(s) {}

  // The next markup token at or after pos_ (text between tokens is skipped); false at the end.
  bool next(token& t) {
    while (pos_ < s_.size()) {
      const auto lt = s_.find('<', pos_);
      if (lt == std::string_view::npos) break;
      pos_ = lt;
      if (read_markup(t)) return true;
      ++pos_;  // a '<' that starts no tag is text
    }
    pos_ = s_.size();
    return false;
  }

 private:
  bool read_markup(token& t) {
    const std::size_t at = pos_;
    t = token{};
    t.begin = at;
    if (s_.compare(at, 4, "<!--") == 0) {
      const auto close = s_.find("-->", at + 4);
      t.kind = token_kind::comment;
      t.closed = close != std::string_view::npos;
      t.end = t.closed ? close + 3 : s_.size();
      pos_ = t.end;
      return true;
    }
    if (at + 1 < s_.size() && (s_[at + 1] == '!' || s_[at + 1] == '?')) {
      std::size_t j = at + 2;
      while (j < s_.size() && s_[j] != '>' && s_[j] != '<') ++j;
      if (j >= s_.size() || s_[j] != '>') return false;
      t.kind = token_kind::declaration;
      t.end = j + 1;
      pos_ = t.end;
      return true;
    }
    const bool end_tag = at + 1 < s_.size() && s_[at + 1] == '/';
    std::size_t n = at + (end_tag ? 2 : 1);
    if (n >= s_.size() || !is_alpha(s_[n])) return false;
    const std::size_t name_begin = n;
    while (n < s_.size() && is_name_char(s_[n])) ++n;
    const auto e = tag_end(s_, n);
    if (e == std::string_view::npos) return false;
    t.kind = end_tag ? token_kind::end_tag : token_kind::start_tag;
    for (std::size_t k = name_begin; k < n; ++k) t.name += lower(s_[k]);
    t.end = e;
    pos_ = e;
    if (!end_tag && (t.name == "script" || t.name == "style")) {
      // The element's content up to its end tag is skipped with it.
      const std::string close = "</" + t.name;
      std::size_t from = e;
      for (;;) {
        std::size_t c = from;
        while (c < s_.size() && !(s_[c] == '<' && starts_with_nocase(s_, c, close))) ++c;
        if (c >= s_.size()) {
          t.closed = false;
          t.end = s_.size();
          break;
        }
        const std::size_t after = c + close.size();
        if (after < s_.size() && is_name_char(s_[after])) {
          from = c + 1;
          continue;
        }
        const auto ce = tag_end(s_, after);
        if (ce == std::string_view::npos) {
          from = c + 1;
          continue;
        }
        t.end = ce;
        break;
      }
      t.kind = token_kind::raw_element;
      pos_ = t.end;
    }
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool is_tag(const token& t) { return t.kind == token_kind::start_tag || t.kind == token_kind::end_tag; }
bool is_block(const token& t) { return is_tag(t) && is_block(t.name); }
bool is_cell_open(const token& t) { return t.kind == token_kind::start_tag && (t.name == "td" || t.name == "th"); }

// Where a cell ends (grammars/html.peg `cell_end`): a <td> <th> <tr> or table part, open or close.
bool is_cell_end(const token& t) {
  if (!is_tag(t)) return false;
  for (const char* n : {"td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption"})
    if (t.name == n) return true;
  return false;
}

// Length of a space-like reference at s[i] == '&', as grammars/html.peg's `nbsp` reads it, or 0.
std::size_t blank_reference(std::string_view s, std::size_t i) {
  for (std::string_view p : {"&nbsp", "&#160", "&#xa0", "&emsp", "&ensp", "&#12288"}) {
    if (!starts_with_nocase(s, i, p)) continue;
    std::size_t n = p.size();
    if (i + n < s.size() && s[i + n] == ';') ++n;
    return n;
  }
  return 0;
}

// The text of [a, b) of the page, whose markup tokens are toks[k0, k1), written into `view`:
// up to the first visible character v (as the grammar's `text_run` starts: white space, U+3000,
// space-like references and every token are blanks) the bytes become spaces, line ends kept and
// a block tag a line end; from v on, the text with its tokens dropped (a block tag inside a cell:
// one space) and its references decoded, then spaces up to b.
void write_text(std::string_view html, page& out_page, std::size_t a, std::size_t b,
                const std::vector<token>& toks, std::size_t k0, std::size_t k1) {
  std::string& view = out_page.text;
  std::size_t pos = a, k = k0, v = b;
  while (pos < b) {
    if (k < k1 && toks[k].begin == pos) {
      pos = toks[k++].end;
      continue;
    }
    const char c = html[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos;
    } else if (html.compare(pos, 3, "\xE3\x80\x80") == 0) {
      pos += 3;
    } else if (const auto n = c == '&' ? blank_reference(html, pos) : 0) {
      pos += n;
    } else {
      v = pos;
      break;
    }
  }
  for (std::size_t i = a; i < v; ++i) view[i] = html[i] == '\n' ? '\n' : ' ';
  for (std::size_t j = k0; j < k && toks[j].begin < v; ++j)
    if (is_block(toks[j])) view[toks[j].begin] = '\n';
  if (v >= b) return;
  std::string out;
  const auto text = html.substr(0, b);
  auto& anchors = out_page.anchors;  // where the text moved: (offset in the text, offset in the page)
  for (pos = v; pos < b;) {
    if (k < k1 && toks[k].begin == pos) {
      if (is_block(toks[k])) out += ' ';
      pos = toks[k++].end;
      anchors.emplace_back(v + out.size(), pos);
      continue;
    }
    if (html[pos] == '&') {
      if (const auto ref = read_reference(text, pos)) {
        out += utf8(ref->code);
        pos += ref->length;
        anchors.emplace_back(v + out.size(), pos);
        continue;
      }
    }
    out += html[pos++];
  }
  if (out.size() > b - v) out.resize(b - v);  // cannot happen: every token and reference shrinks
  view.replace(v, out.size(), out);
  std::fill(view.begin() + static_cast<std::ptrdiff_t>(v + out.size()), view.begin() + static_cast<std::ptrdiff_t>(b), ' ');
  anchors.emplace_back(b, b);
}

// The page's text: the text between block tags, and each cell's text, from its first visible
// character on (see write_text); block tags are spaces starting with a line end. Sets the
// page's text and anchors.
void page_text(std::string_view html, const std::vector<token>& toks, page& view) {
  view.text.assign(html);
  std::size_t from = 0, from_tok = 0;  // the text since the last block tag or cell
  for (std::size_t k = 0; k < toks.size();) {
    const auto& t = toks[k];
    if (!is_block(t)) {
      ++k;
      continue;
    }
    write_text(html, view, from, t.begin, toks, from_tok, k);
    if (is_cell_open(t)) {
      // A cell up to where the next one (or its row, or table) begins; one that holds a table
      // first (a page laid out with tables) is no cell: its text is read like text outside cells.
      std::size_t m = k + 1;
      while (m < toks.size() && !is_cell_end(toks[m])) ++m;
      const bool layout = m < toks.size() && toks[m].kind == token_kind::start_tag && toks[m].name == "table";
      if (!layout) {
        const std::size_t end = m < toks.size() ? toks[m].begin : html.size();
        write_text(html, view, t.begin, end, toks, k, m);
        from = end;
        from_tok = k = m;
        continue;
      }
    }
    write_text(html, view, t.begin, t.end, toks, k, k + 1);
    from = t.end;
    from_tok = ++k;
  }
  write_text(html, view, from, html.size(), toks, from_tok, toks.size());
}

// At most this many problems are listed; then one note says how many more there are.
constexpr std::size_t kMaxProblems = 50;

diagnostic problem(const line_index& lines, std::size_t byte, severity sev, std::string code, std::string message) {
  diagnostic d;
  d.severity = sev;
  d.where = lines.position(byte);
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

}  // namespace

bool looks_like_html(std::string_view text) {
  static constexpr std::string_view names[] = {"html", "head", "body", "meta", "title", "table", "tr", "td",
                                               "th", "p", "div", "span", "br", "h1", "h2", "h3",
                                               "h4", "h5", "h6", "font"};
  lexer lex(text);
  token t;
  while (lex.next(t)) {
    if (t.kind == token_kind::declaration && starts_with_nocase(text, t.begin, "<!doctype html")) return true;
    if (t.kind != token_kind::start_tag && t.kind != token_kind::end_tag) continue;
    for (auto n : names)
      if (t.name == n) return true;
  }
  return false;
}

page read_page(std::string_view html) {
  page out;
  const line_index lines(html);
  const auto line_of = [&](std::size_t byte) { return std::to_string(lines.position(byte).line); };
  struct open_table {
    std::size_t byte;
    bool in_cell = false;
  };
  std::vector<open_table> tables;
  std::vector<token> toks;
  lexer lex(html);
  for (token t; lex.next(t);) {
    budget::checkpoint();
    toks.push_back(t);
    switch (t.kind) {
      case token_kind::comment:
        if (!t.closed)
          out.problems.push_back(problem(lines, t.begin, severity::warning, "html-unclosed-comment",
                                         "comment \"<!--\" is never closed (no \"-->\"): the rest of the page is not read"));
        break;
      case token_kind::raw_element:
        if (!t.closed)
          out.problems.push_back(problem(lines, t.begin, severity::warning, "html-unclosed-element",
                                         "<" + t.name + "> is never closed (no </" + t.name +
                                             ">): the rest of the page is not read"));
        break;
      case token_kind::start_tag:
        if (t.name == "table") {
          ++out.tables;
          if (!tables.empty() && tables.back().in_cell) {
            out.problems.push_back(problem(
                lines, t.begin, severity::note, "html-nested-table",
                "table inside a cell of the table at line " + line_of(tables.back().byte) +
                    ": its rows are read as rows, the text of the cell around it as lines"));
          } else if (!tables.empty()) {
            out.problems.push_back(problem(lines, tables.back().byte, severity::warning, "html-unclosed-table",
                                           "<table> is never closed (no </table>): it ends where the table at line " +
                                               line_of(t.begin) + " begins"));
            tables.pop_back();
          }
          tables.push_back(open_table{t.begin});
        } else if (!tables.empty() && (t.name == "td" || t.name == "th")) {
          tables.back().in_cell = true;
        } else if (!tables.empty() && t.name == "tr") {
          tables.back().in_cell = false;
        }
        break;
      case token_kind::end_tag:
        if (t.name == "table") {
          if (!tables.empty()) tables.pop_back();
        } else if (!tables.empty() && (t.name == "td" || t.name == "th" || t.name == "tr")) {
          tables.back().in_cell = false;
        }
        break;
      case token_kind::declaration:
      case token_kind::text:
        break;
    }
  }
  budget::charge(toks.capacity() * sizeof(token));
  page_text(html, toks, out);
  budget::charge(out.text.size());
  for (const auto& open : tables)
    out.problems.push_back(problem(lines, open.byte, severity::warning, "html-unclosed-table",
                                   "<table> is never closed (no </table>): it runs to the end of the page"));
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const diagnostic& a, const diagnostic& b) { return a.where.byte < b.where.byte; });
  if (out.problems.size() > kMaxProblems) {
    const auto more = out.problems.size() - kMaxProblems;
    out.problems.resize(kMaxProblems);
    auto d = problem(lines, out.problems.back().where.byte, severity::note, "html-more-problems",
                     std::to_string(more) + " more problems of the page's structure are not listed");
    out.problems.push_back(std::move(d));
  }
  return out;
}

std::size_t page::page_offset(std::size_t text_offset) const {
  const auto it = std::upper_bound(anchors.begin(), anchors.end(), text_offset,
                                   [](std::size_t t, const auto& a) { return t < a.first; });
  if (it == anchors.begin()) return text_offset;
  const auto& [t, p] = *(it - 1);
  return p + (text_offset - t);
}

std::string fragment_text(std::string_view html) {
  const auto p = read_page(html);
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < p.text.size();) {
    const unsigned char c = static_cast<unsigned char>(p.text[i]);
    std::size_t len = 1;
    bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (p.text.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000
      len = 3;
      is_space = true;
    } else if (p.text.compare(i, 2, "\xC2\xA0") == 0) {  // U+00A0
      len = 2;
      is_space = true;
    }
    if (is_space) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out.append(p.text, i, len);
    }
    i += len;
  }
  return out;
}

}  // namespace nianbao::layout::html
