#include "layout/html_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <optional>

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
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
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
  // "&nbsp" followed by letters ("&nbspx") is not read: only an exact name is.
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

// Blanks [b, e) of the text: spaces, line ends kept; a block tag starts with a line end.
void blank(std::string& text, std::size_t b, std::size_t e, bool block) {
  for (std::size_t i = b; i < e; ++i)
    if (text[i] != '\n') text[i] = ' ';
  if (block && b < e && text[b] == ' ') text[b] = '\n';
}

// Decodes the character references of the text segment [b, e) in place.
void decode_references(std::string& text, std::size_t b, std::size_t e) {
  for (std::size_t i = b; i < e;) {
    if (text[i] != '&') {
      ++i;
      continue;
    }
    const auto ref = read_reference(std::string_view(text).substr(0, e), i);
    if (!ref) {
      ++i;
      continue;
    }
    const std::string c = utf8(ref->code);
    if (c.size() > ref->length) {  // cannot happen for a reference, kept as printed if it does
      ++i;
      continue;
    }
    text.replace(i, c.size(), c);
    std::fill(text.begin() + static_cast<std::ptrdiff_t>(i + c.size()),
              text.begin() + static_cast<std::ptrdiff_t>(i + ref->length), ' ');
    i += ref->length;
  }
}

diagnostic problem(std::string_view html, std::size_t byte, severity sev, std::string code, std::string message) {
  diagnostic d;
  d.severity = sev;
  d.where = position_of(html, byte);
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

std::string line_of(std::string_view html, std::size_t byte) { return std::to_string(position_of(html, byte).line); }

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
  out.text.assign(html);
  struct open_table {
    std::size_t byte;
    bool in_cell = false;
  };
  std::vector<open_table> tables;
  std::size_t text_from = 0;  // start of the text segment before the current token
  lexer lex(html);
  token t;
  while (lex.next(t)) {
    decode_references(out.text, text_from, t.begin);
    text_from = t.end;
    const bool tag = t.kind == token_kind::start_tag || t.kind == token_kind::end_tag;
    blank(out.text, t.begin, t.end, tag && is_block(t.name));
    switch (t.kind) {
      case token_kind::comment:
        if (!t.closed)
          out.problems.push_back(problem(html, t.begin, severity::warning, "html-unclosed-comment",
                                         "comment \"<!--\" is never closed (no \"-->\"): the rest of the page is not read"));
        break;
      case token_kind::raw_element:
        if (!t.closed)
          out.problems.push_back(problem(html, t.begin, severity::warning, "html-unclosed-element",
                                         "<" + t.name + "> is never closed (no </" + t.name +
                                             ">): the rest of the page is not read"));
        break;
      case token_kind::start_tag:
        if (t.name == "table") {
          ++out.tables;
          if (!tables.empty() && tables.back().in_cell) {
            out.problems.push_back(problem(
                html, t.begin, severity::note, "html-nested-table",
                "table inside a cell of the table at line " + line_of(html, tables.back().byte) +
                    ": its rows are read as rows, the text of the cell around it as lines"));
          } else if (!tables.empty()) {
            out.problems.push_back(problem(html, tables.back().byte, severity::warning, "html-unclosed-table",
                                           "<table> is never closed (no </table>): it ends where the table at line " +
                                               line_of(html, t.begin) + " begins"));
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
  decode_references(out.text, text_from, html.size());
  for (const auto& open : tables)
    out.problems.push_back(problem(html, open.byte, severity::warning, "html-unclosed-table",
                                   "<table> is never closed (no </table>): it runs to the end of the page"));
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const diagnostic& a, const diagnostic& b) { return a.where.byte < b.where.byte; });
  return out;
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
