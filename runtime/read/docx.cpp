#include "read/docx.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <pugixml.hpp>

#include "core/budget.hpp"
#include "core/diagnostic.hpp"
#include "read/grid_builder.hpp"

namespace nianbao::read {

namespace {

constexpr std::string_view kDocumentXml = "word/document.xml";

[[noreturn]] void fail(std::string message) {
  diagnostic d;
  d.code = "docx";
  d.message = std::move(message);
  throw diagnostic_error(std::move(d));
}

std::string archive_message(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown error";
}

// word/document.xml of the zip in `bytes`.
std::string document_xml(std::string_view bytes) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  // Through the central directory (as Word does): a zip cut short, without one, is no document.
  archive_read_support_format_zip_seekable(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    fail("a damaged Word document: its zip is cut short or broken, without the directory at its end (" +
         archive_message(a.get()) + ")");
  archive_entry* entry = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) fail("the Word document has no word/document.xml");
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      fail("not a readable Word document (.docx is a zip): " + archive_message(a.get()));
    const char* name = archive_entry_pathname(entry);
    if (name && std::string_view(name) == kDocumentXml) break;
  }
  std::string xml;
  char buffer[65536];
  for (;;) {
    const la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) fail("cannot read word/document.xml of the Word document: " + archive_message(a.get()));
    budget::charge(static_cast<std::uint64_t>(n));  // a zip bomb is stopped by the memory limit
    xml.append(buffer, static_cast<std::size_t>(n));
  }
  return xml;
}

bool named(const pugi::xml_node& n, const char* name) { return std::strcmp(n.name(), name) == 0; }

// A table's cell's w:tcPr values.
std::size_t grid_span(const pugi::xml_node& tc) {
  const auto v = tc.child("w:tcPr").child("w:gridSpan").attribute("w:val");
  const int n = v ? v.as_int(1) : 1;
  return static_cast<std::size_t>(std::clamp(n, 1, 1000));
}
// A cell that continues a vertical merge: w:vMerge without w:val, or w:val="continue".
bool continues_merge(const pugi::xml_node& tc) {
  const auto m = tc.child("w:tcPr").child("w:vMerge");
  if (!m) return false;
  const auto v = m.attribute("w:val");
  return !v || std::strcmp(v.value(), "continue") == 0;
}
std::size_t row_grid(const pugi::xml_node& tr, const char* name) {
  const auto v = tr.child("w:trPr").child(name).attribute("w:val");
  return v ? static_cast<std::size_t>(std::clamp(v.as_int(0), 0, 1000)) : 0;
}

// Elements read through (their content is read as if it stood in their place).
bool container(const pugi::xml_node& n) {
  return named(n, "w:sdt") || named(n, "w:sdtContent") || named(n, "w:customXml") || named(n, "w:smartTag") ||
         named(n, "w:hyperlink") || named(n, "w:fldSimple") || named(n, "w:ins") || named(n, "w:r") ||
         named(n, "w:moveTo") || named(n, "mc:AlternateContent") || named(n, "mc:Choice") ||
         named(n, "w:dir") || named(n, "w:bdo");
}

class renderer {
 public:
  explicit renderer(document& out) : grid_(out, [this](std::size_t s) { return origin_of(s); }) {}

  void body(const pugi::xml_node& body) {
    find_layout_tables(body);
    blocks(body, grid_.line(), false);
    grid_.end_line();
  }

 private:
  // The source of a character: its paragraph (1-based) in the high bits, its byte in the
  // paragraph's text in the low ones.
  static constexpr int kShift = 32;
  origin origin_of(std::size_t source) const {
    const std::size_t p = source >> kShift, byte = source & ((std::size_t(1) << kShift) - 1);
    if (p == 0 || p > paragraphs_.size()) return {};
    const auto& text = paragraphs_[p - 1];
    return origin{0, p, count_code_points(text, std::min(byte, text.size())) + 1};
  }

  // Tables with a table inside one of their cells: no grids, their cells read as text.
  void find_layout_tables(const pugi::xml_node& root) {
    for (const auto& tbl : root.select_nodes(".//w:tbl")) {
      budget::checkpoint();
      for (auto p = tbl.node().parent(); p; p = p.parent()) {
        if (named(p, "w:tbl")) {
          layout_.insert(p.internal_object());
          break;
        }
      }
    }
  }

  // Paragraphs and tables in order. `in_cell`: the text goes into one cell (a paragraph break is
  // a space), else each paragraph is a line.
  void blocks(const pugi::xml_node& parent, text_sink& sink, bool in_cell) {
    for (const auto& n : parent.children()) {
      budget::checkpoint();
      if (named(n, "w:p")) {
        paragraph(n, sink, in_cell);
      } else if (named(n, "w:tbl")) {
        if (in_cell) {  // a table in a cell of a grid cannot be (layout tables are read as text)
          blocks(n, sink, true);
        } else if (layout_.count(n.internal_object())) {
          for (const auto& tr : n.children("w:tr"))
            for (const auto& tc : tr.children("w:tc")) {
              grid_.end_line();
              blocks(tc, grid_.line(), false);
              grid_.end_line();
            }
        } else {
          table(n);
        }
      } else if (named(n, "w:sdt") || named(n, "w:sdtContent") || named(n, "w:customXml") || named(n, "w:ins") ||
                 named(n, "w:moveTo")) {
        blocks(n, sink, in_cell);
      }
    }
  }

  void paragraph(const pugi::xml_node& p, text_sink& sink, bool in_cell) {
    paragraphs_.emplace_back();
    const std::size_t index = paragraphs_.size();
    if (in_cell) sink.space();
    else grid_.end_line();
    runs(p, sink, index, in_cell);
    if (!in_cell) grid_.end_line();
  }

  void put(text_sink& sink, std::size_t paragraph, std::string_view text) {
    auto& whole = paragraphs_[paragraph - 1];
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      len = std::min(len, text.size() - i);
      sink.put(text.substr(i, len), (paragraph << kShift) | (whole.size() + i));
      i += len;
    }
    whole.append(text);
  }

  void runs(const pugi::xml_node& parent, text_sink& sink, std::size_t paragraph, bool in_cell) {
    for (const auto& n : parent.children()) {
      budget::checkpoint();
      if (named(n, "w:t")) {
        put(sink, paragraph, n.text().get());
      } else if (named(n, "w:tab") || named(n, "w:ptab")) {
        put(sink, paragraph, " ");
      } else if (named(n, "w:br") || named(n, "w:cr")) {
        // A page or column break is no line break of the text; a line break in a cell is a space.
        const auto type = n.attribute("w:type");
        if (type && std::strcmp(type.value(), "textWrapping") != 0) continue;
        if (in_cell) {
          sink.space();
        } else {
          grid_.end_line();
        }
      } else if (named(n, "w:noBreakHyphen")) {
        put(sink, paragraph, "-");
      } else if (named(n, "mc:AlternateContent")) {
        const auto choice = n.child("mc:Choice");
        if (choice) runs(choice, sink, paragraph, in_cell);
      } else if (container(n)) {
        runs(n, sink, paragraph, in_cell);
      }
    }
  }

  void table(const pugi::xml_node& tbl) {
    struct placed {
      pugi::xml_node cell;
      std::size_t row, column, columns;
      bool merged;  // continues the vertical merge of the cell above
    };
    std::vector<pugi::xml_node> rows;
    std::vector<placed> cells;
    std::size_t width = 0;
    const auto add_row = [&](const pugi::xml_node& tr) {
      const std::size_t r = rows.size();
      rows.push_back(tr);
      std::size_t col = row_grid(tr, "w:gridBefore");
      const auto add_cell = [&](const pugi::xml_node& tc) {
        const std::size_t span = grid_span(tc);
        cells.push_back({tc, r, col, span, continues_merge(tc)});
        col += span;
      };
      for (const auto& c : tr.children()) {
        if (named(c, "w:tc")) add_cell(c);
        else if (named(c, "w:sdt") || named(c, "w:customXml"))  // cells inside a content control
          for (const auto& tc : c.select_nodes(".//w:tc")) add_cell(tc.node());
      }
      col += row_grid(tr, "w:gridAfter");
      width = std::max(width, col);
    };
    for (const auto& c : tbl.children()) {
      budget::checkpoint();
      if (named(c, "w:tr")) add_row(c);
      else if (named(c, "w:sdt") || named(c, "w:customXml"))
        for (const auto& tr : c.select_nodes(".//w:tr")) add_row(tr.node());
    }
    // The table's own grid may be wider than its rows.
    std::size_t grid_cols = 0;
    for (const auto& g : tbl.child("w:tblGrid").children("w:gridCol")) (void)g, ++grid_cols;
    width = std::max(width, std::min<std::size_t>(grid_cols, 1000));
    if (rows.empty() || width == 0) return;
    budget::charge(rows.size() * width * sizeof(const placed*));
    std::vector<const placed*> at(rows.size() * width, nullptr);
    for (const auto& p : cells)
      for (std::size_t dc = 0; dc < p.columns && p.column + dc < width; ++dc) at[p.row * width + p.column + dc] = &p;
    grid_.begin_table();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      grid_.begin_row();
      for (std::size_t c = 0; c < width; ++c) {
        budget::checkpoint();
        const placed* p = at[r * width + c];
        const std::size_t here = (paragraphs_.size() + 1) << kShift;  // where the next paragraph begins
        if (p && !p->merged && p->column == c) {
          auto& sink = grid_.begin_cell(here);
          blocks(p->cell, sink, true);
          grid_.end_cell();
        } else {
          // Covered: a span's further columns, a merge's further rows, a row's skipped columns.
          if (p && p->merged && p->column == c) count_paragraphs(p->cell);
          grid_.covered_cell(here);
        }
      }
      grid_.end_row();
    }
    grid_.end_table();
  }

  // A cell that is not read (it continues a merge) still has its paragraphs: counted, so that
  // the paragraphs after it keep their numbers.
  void count_paragraphs(const pugi::xml_node& cell) {
    for (const auto& p : cell.select_nodes(".//w:p")) (void)p, paragraphs_.emplace_back();
  }

  grid_builder grid_;
  std::vector<std::string> paragraphs_;  // the text of each paragraph read so far
  std::unordered_set<const void*> layout_;
};

}  // namespace

document read_docx(std::string_view bytes) {
  const std::string xml = document_xml(bytes);
  pugi::xml_document tree;
  budget::charge(xml.size() * 4);  // pugixml's nodes and the text
  const auto parsed = tree.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    const auto at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
    const auto before = std::string_view(xml).substr(0, std::min(at, xml.size()));
    const auto line_begin = before.rfind('\n');
    const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const std::size_t column =
        count_code_points(before.substr(line_begin == std::string_view::npos ? 0 : line_begin + 1), SIZE_MAX) + 1;
    fail("word/document.xml of the Word document is not well-formed XML: " + std::string(parsed.description()) +
         " at line " + std::to_string(line) + ", column " + std::to_string(column) + " of word/document.xml");
  }
  const auto body = tree.child("w:document").child("w:body");
  if (!body) fail("word/document.xml of the Word document has no w:document/w:body");
  document out;
  out.kind = format::docx;
  renderer(out).body(body);
  budget::charge(out.text.size() + out.anchors.size() * sizeof(anchor));
  return out;
}

}  // namespace nianbao::read
