#include "read/html.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <gumbo.h>

#include "core/budget.hpp"
#include "core/line_index.hpp"
#include "core/utf8.hpp"
#include "read/grid_builder.hpp"

namespace nianbao::read {

namespace {

constexpr std::size_t kMaxProblems = 50;

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_element(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }
GumboTag tag_of(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }
bool is_cell(const GumboNode* n) { return tag_of(n) == GUMBO_TAG_TD || tag_of(n) == GUMBO_TAG_TH; }

// Elements whose content is not shown.
bool hidden(GumboTag t) {
  return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_NOSCRIPT;
}

// Elements that begin and end a line of text (a browser's blocks, <br>, table parts, <title>).
bool breaks_line(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEAD: case GUMBO_TAG_HEADER: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_OPTION: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SELECT: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_IFRAME: case GUMBO_TAG_TEXTAREA:
      return true;
    default:
      return false;
  }
}

// The positive integer of a span attribute (rowspan, colspan), `fallback` when absent or not a
// number, at most `most` (as browsers clamp them: colspan 1000, rowspan 65534).
std::size_t span_attribute(const GumboNode* cell, const char* name, std::size_t fallback, std::size_t most) {
  const GumboAttribute* a = gumbo_get_attribute(&cell->v.element.attributes, name);
  if (!a) return fallback;
  const char* p = a->value;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') ++p;
  if (*p < '0' || *p > '9') return fallback;
  std::size_t n = 0;
  for (; *p >= '0' && *p <= '9'; ++p) n = std::min<std::size_t>(n * 10 + static_cast<std::size_t>(*p - '0'), most);
  return n;
}

// Gumbo's allocations, counted so that the parse tree is charged to the budget.
struct counting_allocator {
  std::size_t bytes = 0;
  static void* allocate(void* self, std::size_t size) {
    auto* p = static_cast<std::size_t*>(std::malloc(size + sizeof(std::max_align_t)));
    if (!p) std::abort();  // as gumbo's own allocator does on failure
    *p = size;
    static_cast<counting_allocator*>(self)->bytes += size;
    return reinterpret_cast<char*>(p) + sizeof(std::max_align_t);
  }
  static void deallocate(void*, void* ptr) {
    if (ptr) std::free(static_cast<char*>(ptr) - sizeof(std::max_align_t));
  }
};

struct parsed_page {
  GumboOptions options = kGumboDefaultOptions;
  counting_allocator counter;
  GumboOutput* output = nullptr;

  explicit parsed_page(std::string_view page) {
    options.allocator = &counting_allocator::allocate;
    options.deallocator = &counting_allocator::deallocate;
    options.userdata = &counter;
    options.max_errors = 0;  // gumbo's error list is no public API: the structure is looked at below
    output = gumbo_parse_with_options(&options, page.data(), page.size());
  }
  ~parsed_page() {
    if (output) gumbo_destroy_output(&options, output);
  }
  parsed_page(const parsed_page&) = delete;
  parsed_page& operator=(const parsed_page&) = delete;
};

// Whether a comment's source ends as comments end: "-->" (also "<!-->", "--!>"), or, for a
// bogus comment ("<!x ...>", "<?xml ...?>", "<![if ...]>"), '>'.
bool closed_comment(std::string_view s) {
  const auto ends = [&](std::string_view e) { return s.size() >= e.size() && s.substr(s.size() - e.size()) == e; };
  if (s.substr(0, 4) != "<!--") return ends(">");
  return (s.size() >= 7 && ends("-->")) || s == "<!-->" || s == "<!--->" || (s.size() >= 8 && ends("--!>"));
}

const GumboVector& children_of(const GumboNode* n) {
  return n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
}

// Where a node starts on the page.
std::size_t start_of(const GumboNode* n) {
  return is_element(n) ? n->v.element.start_pos.offset : n->v.text.start_pos.offset;
}

// The order in which a node's children are read: the page's order. The parser keeps it, except
// that what it moves out of a table (foster parenting: text or elements where only rows may
// stand) comes before the table; read in the page's order, it comes after.
std::vector<const GumboNode*> reading_order(const GumboNode* n) {
  const GumboVector& kids = children_of(n);
  std::vector<const GumboNode*> out;
  out.reserve(kids.length);
  bool sorted = true;
  for (unsigned i = 0; i < kids.length; ++i) {
    out.push_back(static_cast<const GumboNode*>(kids.data[i]));
    sorted = sorted && (out.size() < 2 || start_of(out[out.size() - 2]) <= start_of(out.back()));
  }
  if (!sorted)
    std::stable_sort(out.begin(), out.end(), [](const GumboNode* a, const GumboNode* b) { return start_of(a) < start_of(b); });
  return out;
}

// The page's tables looked at once, before reading: which are layout tables (a table inside one
// of their cells), and the problems of structure.
class survey {
 public:
  survey(const GumboNode* root, std::string_view page, const line_index& lines) : page_(page), lines_(lines) {
    struct frame {
      const GumboNode* node;
      unsigned next = 0;
    };
    std::vector<frame> stack{{root}};
    std::vector<const GumboNode*> tables;        // open tables, innermost last
    std::vector<std::size_t> cell_depth;          // per open table: open cells of it
    while (!stack.empty()) {
      budget::checkpoint();
      auto& f = stack.back();
      const GumboNode* n = f.node;
      if (f.next == 0) enter(n, tables, cell_depth);
      if (n->type == GUMBO_NODE_DOCUMENT || is_element(n)) {
        const GumboVector& kids = children_of(n);
        if (f.next < kids.length) {
          stack.push_back({static_cast<const GumboNode*>(kids.data[f.next++])});
          continue;
        }
      }
      leave(n, tables, cell_depth);
      stack.pop_back();
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const diagnostic& a, const diagnostic& b) { return a.where.byte < b.where.byte; });
    if (problems.size() > kMaxProblems) {
      const auto more = problems.size() - kMaxProblems;
      problems.resize(kMaxProblems);
      problems.push_back(problem(problems.back().where.byte, severity::note, "html-more-problems",
                                 std::to_string(more) + " more problems of the page's structure are not listed"));
    }
  }

  std::unordered_set<const GumboNode*> layout_tables;
  std::vector<diagnostic> problems;

 private:
  diagnostic problem(std::size_t byte, severity s, std::string code, std::string message) const {
    diagnostic d;
    d.severity = s;
    d.where = lines_.position(std::min(byte, page_.size()));
    d.code = std::move(code);
    d.message = std::move(message);
    return d;
  }
  std::string line_of(std::size_t byte) const { return std::to_string(lines_.position(std::min(byte, page_.size())).line); }

  void enter(const GumboNode* n, std::vector<const GumboNode*>& tables, std::vector<std::size_t>& cells) {
    if (n->type == GUMBO_NODE_COMMENT) {
      const auto& src = n->v.text.original_text;
      const std::string_view s(src.data, src.length);
      if (!closed_comment(s))
        problems.push_back(problem(n->v.text.start_pos.offset, severity::warning, "html-unclosed-comment",
                                   "comment \"<!--\" is never closed (no \"-->\"): the rest of the page is not read"));
      return;
    }
    if (!is_element(n)) return;
    const auto& e = n->v.element;
    // The end tag is not on the page (the parser ended the element where something else began).
    const bool implicit_end = (n->parse_flags & GUMBO_INSERTION_IMPLICIT_END_TAG) && e.original_tag.length > 0;
    if ((e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE) && implicit_end) {
      const std::string name = e.tag == GUMBO_TAG_SCRIPT ? "script" : "style";
      problems.push_back(problem(e.start_pos.offset, severity::warning, "html-unclosed-element",
                                 "<" + name + "> is never closed (no </" + name + ">): the rest of the page is not read"));
    }
    if (e.tag == GUMBO_TAG_TABLE) {
      if (!tables.empty() && cells.back() > 0) {
        layout_tables.insert(tables.back());
        problems.push_back(problem(e.start_pos.offset, severity::note, "html-nested-table",
                                   "table inside a cell of the table at line " + line_of(tables.back()->v.element.start_pos.offset) +
                                       ": its rows are read as rows, the text of the cell around it as lines"));
      }
      if (implicit_end) {
        // Where the parser ended it: a table starting there (a <table> where only rows may
        // stand ends the open table), or the end of the page.
        const std::size_t end = e.end_pos.offset;
        const bool next_table = end < page_.size() && starts_with_nocase(page_, end, "<table");
        problems.push_back(problem(e.start_pos.offset, severity::warning, "html-unclosed-table",
                                   next_table ? "<table> is never closed (no </table>): it ends where the table at line " +
                                                    line_of(end) + " begins"
                                   : end >= page_.size() || e.end_pos.offset == 0
                                       ? std::string("<table> is never closed (no </table>): it runs to the end of the page")
                                       : "<table> is never closed (no </table>): it ends at line " + line_of(end)));
      }
      tables.push_back(n);
      cells.push_back(0);
    } else if (is_cell(n) && !tables.empty()) {
      ++cells.back();
    }
  }

  static void leave(const GumboNode* n, std::vector<const GumboNode*>& tables, std::vector<std::size_t>& cells) {
    if (tag_of(n) == GUMBO_TAG_TABLE && !tables.empty()) {
      tables.pop_back();
      cells.pop_back();
    } else if (is_cell(n) && !cells.empty() && cells.back() > 0) {
      --cells.back();
    }
  }

  std::string_view page_;
  const line_index& lines_;
};

// Reads the tree into the grid text.
class renderer {
 public:
  renderer(std::string_view page, const line_index& lines, const survey& s, document& out)
      : page_(page), lines_(lines), survey_(s), grid_(out, [this](std::size_t byte) { return origin_at(byte); }) {}

  // The nodes under `root` as lines of text and tables (outside any table's grid).
  void flow(const GumboNode* root) {
    walk(
        root, [&](const GumboNode* c) { text(c, grid_.line()); },
        [&](const GumboNode* c) {
          const GumboTag t = tag_of(c);
          if (t == GUMBO_TAG_TABLE && !survey_.layout_tables.count(c)) {
            grid_.end_line();
            table(c);
            return false;
          }
          if (breaks_line(t)) grid_.end_line();
          return true;
        },
        [&](const GumboNode* e) {
          if (breaks_line(tag_of(e))) grid_.end_line();
        });
    grid_.end_line();
  }

 private:
  origin origin_at(std::size_t page_byte) const {
    const auto p = lines_.position(std::min(page_byte, page_.size()));
    return origin{0, p.line, p.column};
  }

  // A text node's characters, each with the byte of the page it comes from: gumbo gives the
  // node's decoded text and its source; between character references (and the CR of a CRLF,
  // which gumbo drops) the two are the same bytes.
  void text(const GumboNode* n, text_sink& sink) {
    const std::string_view dec(n->v.text.text);
    const std::string_view src(n->v.text.original_text.data, n->v.text.original_text.length);
    const std::size_t base = n->v.text.start_pos.offset;
    std::size_t i = 0, j = 0;  // in src, in dec
    while (j < dec.size()) {
      if (i < src.size() && src[i] == '&') {
        // A character reference: its source runs to the ';' or over its name or digits, and
        // references that follow each other directly are taken together.
        std::size_t e = i;
        while (e < src.size() && src[e] == '&') {
          std::size_t k = e + 1;
          if (k < src.size() && src[k] == '#') ++k;
          if (k < src.size() && (src[k] == 'x' || src[k] == 'X')) ++k;
          while (k < src.size() && (std::isalnum(static_cast<unsigned char>(src[k])))) ++k;
          if (k < src.size() && src[k] == ';') ++k;
          e = k;
        }
        if (dec.compare(j, e - i, src.substr(i, e - i)) == 0) {  // not decoded (an unknown name)
          for (; i < e; ++i, ++j) sink.put(dec.substr(j, 1), base + i);
          continue;
        }
        // The decoded characters end where the source that follows is found again.
        std::size_t chunk_end = e;
        while (chunk_end < src.size() && src[chunk_end] != '&' && src[chunk_end] != '\r' && chunk_end - e < 16) ++chunk_end;
        const auto chunk = src.substr(e, chunk_end - e);
        std::size_t k = chunk.empty() ? dec.size() : dec.find(chunk, j + 1);
        if (k == std::string_view::npos) k = dec.size();  // not found again: the rest from here
        put_all(dec.substr(j, k - j), base + i, sink);
        j = k;
        i = k == dec.size() ? src.size() : e;
        continue;
      }
      if (i < src.size() && src[i] == '\r') {  // CRLF or CR: one '\n' in the decoded text
        sink.put(dec.substr(j, 1), base + i);
        i += (i + 1 < src.size() && src[i + 1] == '\n') ? 2 : 1;
        ++j;
        continue;
      }
      const std::size_t len = char_length(dec, j);
      if (i < src.size() && src.compare(i, len, dec.substr(j, len)) == 0) {
        sink.put(dec.substr(j, len), base + i);
        i += len;
      } else {  // a character gumbo replaced (a NUL): one for one
        sink.put(dec.substr(j, len), base + i);
        i += i < src.size() ? char_length(src, i) : 0;
      }
      j += len;
    }
  }

  // Characters all from one place of the page (a character reference).
  static void put_all(std::string_view s, std::size_t page_byte, text_sink& sink) {
    for (std::size_t j = 0; j < s.size();) {
      const std::size_t len = char_length(s, j);
      sink.put(s.substr(j, len), page_byte);
      j += len;
    }
  }

  // The length of the character at s[at]; a byte that starts none is one (gumbo's text is well formed).
  static std::size_t char_length(std::string_view s, std::size_t at) {
    return std::max<std::size_t>(1, utf8_sequence_length(s, at));
  }

  // The text of a cell: its nodes' text, a line break or block inside it one space.
  void cell_text(const GumboNode* cell, text_sink& sink) {
    const auto space_at_break = [&](const GumboNode* e) {
      if (breaks_line(tag_of(e))) sink.space();
    };
    walk(
        cell, [&](const GumboNode* c) { text(c, sink); },
        [&](const GumboNode* c) {
          space_at_break(c);
          return true;
        },
        space_at_break);
  }

  // The nodes under `root` in reading order, depth first, without recursion (pages nest deeply):
  // a text node to on_text; an element that is not hidden to on_enter, which says whether to go
  // into it; on_leave with each element gone into, after its nodes.
  template <class OnText, class OnEnter, class OnLeave>
  static void walk(const GumboNode* root, OnText on_text, OnEnter on_enter, OnLeave on_leave) {
    struct frame {
      const GumboNode* node;
      std::vector<const GumboNode*> kids;
      std::size_t next = 0;
    };
    std::vector<frame> stack;
    stack.push_back({root, reading_order(root)});
    while (!stack.empty()) {
      budget::checkpoint();
      auto& f = stack.back();
      if (f.next < f.kids.size()) {
        const GumboNode* c = f.kids[f.next++];
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
          on_text(c);
        } else if (is_element(c) && !hidden(tag_of(c)) && on_enter(c)) {
          stack.push_back({c, reading_order(c)});
        }
        continue;
      }
      if (f.node != root) on_leave(f.node);
      stack.pop_back();
    }
  }

  // A table as a grid: rows of its sections in order (a <caption> a line before it).
  void table(const GumboNode* t) {
    std::vector<std::vector<const GumboNode*>> row_groups;  // each: the rows of a section
    for (const GumboNode* c : reading_order(t)) {
      const GumboTag tag = tag_of(c);
      if (tag == GUMBO_TAG_CAPTION) {
        flow(c);
      } else if (tag == GUMBO_TAG_TR) {
        row_groups.push_back({c});
      } else if (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT) {
        auto& g = row_groups.emplace_back();
        for (const GumboNode* r : reading_order(c))
          if (tag_of(r) == GUMBO_TAG_TR) g.push_back(r);
      }
    }
    // Place the cells (HTML's table algorithm, per row group: a rowspan ends with its group).
    struct placed {
      const GumboNode* cell;
      std::size_t row, column, rows, columns;
    };
    std::vector<placed> cells;
    std::vector<const GumboNode*> rows;
    std::size_t width = 0;
    for (const auto& group : row_groups) {
      const std::size_t first_row = rows.size();
      std::vector<std::vector<bool>> taken;  // in this group, by row then column
      for (std::size_t r = 0; r < group.size(); ++r) {
        rows.push_back(group[r]);
        if (taken.size() <= r) taken.resize(r + 1);
        std::size_t col = 0;
        for (const GumboNode* c : reading_order(group[r])) {
          budget::checkpoint();
          if (!is_cell(c)) continue;
          auto& row_taken = taken[r];
          while (col < row_taken.size() && row_taken[col]) ++col;
          const std::size_t cs = std::max<std::size_t>(1, span_attribute(c, "colspan", 1, 1000));
          std::size_t rs = span_attribute(c, "rowspan", 1, 65534);
          if (rs == 0 || r + rs > group.size()) rs = group.size() - r;  // 0: to the end of the group
          if (rs == 0) rs = 1;
          for (std::size_t dr = 0; dr < rs; ++dr) {
            if (taken.size() <= r + dr) taken.resize(r + dr + 1);
            auto& t2 = taken[r + dr];
            if (t2.size() < col + cs) t2.resize(col + cs, false);
            for (std::size_t dc = 0; dc < cs; ++dc) t2[col + dc] = true;
          }
          cells.push_back({c, first_row + r, col, rs, cs});
          col += cs;
          width = std::max(width, col);
        }
      }
    }
    if (rows.empty()) return;
    budget::charge(rows.size() * width * sizeof(const placed*));
    std::vector<const placed*> at(rows.size() * width, nullptr);  // the cell covering each grid cell
    for (const auto& p : cells)
      for (std::size_t dr = 0; dr < p.rows; ++dr)
        for (std::size_t dc = 0; dc < p.columns; ++dc) at[(p.row + dr) * width + p.column + dc] = &p;
    grid_.begin_table();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      grid_.begin_row();
      for (std::size_t c = 0; c < width; ++c) {
        budget::checkpoint();
        const placed* p = at[r * width + c];
        if (p && p->row == r && p->column == c) {
          auto& sink = grid_.begin_cell(p->cell->v.element.start_pos.offset);
          cell_text(p->cell, sink);
          grid_.end_cell();
        } else {
          // Covered by a spanning cell, or missing at the end of a short row.
          grid_.covered_cell(p ? p->cell->v.element.start_pos.offset : rows[r]->v.element.start_pos.offset);
        }
      }
      grid_.end_row();
    }
    grid_.end_table();
  }

  std::string_view page_;
  const line_index& lines_;
  const survey& survey_;
  grid_builder grid_;
};

}  // namespace

bool looks_like_html(std::string_view text) {
  static constexpr std::string_view names[] = {"html", "head", "body", "meta", "title", "table", "tr", "td",
                                               "th", "p", "div", "span", "br", "h1", "h2", "h3",
                                               "h4", "h5", "h6", "font"};
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (starts_with_nocase(text, at, "<!doctype html")) return true;
    std::size_t i = at + 1;
    if (i < text.size() && text[i] == '/') ++i;
    const std::size_t name_begin = i;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    if (i == name_begin || i == text.size()) continue;
    const char after = text[i];
    if (after != '>' && after != ' ' && after != '/' && after != '\t' && after != '\n' && after != '\r') continue;
    // A tag ends at a '>' before any '<'.
    const std::size_t close = text.find_first_of("<>", i);
    if (close == std::string_view::npos || text[close] != '>') continue;
    for (auto n : names)
      if (i - name_begin == n.size() && starts_with_nocase(text, name_begin, n)) return true;
  }
  return false;
}

document read_html(std::string_view page) {
  document out;
  out.kind = format::html;
  const line_index lines(page);
  const parsed_page parsed(page);
  budget::charge(parsed.counter.bytes);
  const survey s(parsed.output->document, page, lines);
  renderer(page, lines, s, out).flow(parsed.output->document);
  out.problems = s.problems;
  budget::charge(out.text.size() + out.anchors.size() * sizeof(anchor));
  return out;
}

}  // namespace nianbao::read
