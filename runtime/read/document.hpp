#pragma once
// The read stage: a published file (PDF, DOCX, HTML page) read by its structure, through the
// library made for its format, and rendered as one text the layout stage cuts like any other.
//
// The rendering ("grid text"), the same for every format:
//   - a table row is one line; its cells are separated by '\t' and every cell of the row's grid
//     is there: a blank cell is an empty string between two tabs, never left out (so a blank
//     cell is an empty cell, not a shift); a cell spanning several columns is written once, at
//     its first column, followed by empty cells for the others; a line break or tab inside a
//     cell becomes one space;
//   - a paragraph outside the tables is one line of one cell (headings, the narrative);
//   - a table is preceded and followed by an empty line.
// Lines end in '\n'; the text is well-formed UTF-8.
//
// Every line, and every cell within it, knows where it came from in the file (`anchors`): page,
// line and column, for provenance ("page 3, line 12, column 5" of a PDF; line and column of the
// <td> in an HTML page; paragraph of a DOCX or .doc).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao::read {

// What the first bytes of an input are (by content, never by file name).
enum class format {
  text,     // anything else: decoded as text
  pdf,      // "%PDF-" (within the first 1,024 bytes, as readers accept it)
  docx,     // a zip holding word/document.xml
  ole,      // an OLE compound file (D0 CF 11 E0 A1 B1 1A E1): a legacy Word .doc / WPS .wps, read as `doc`
  doc,      // the grid text of a legacy Word document (read/doc.hpp; what an `ole` input is read as)
  html,     // an HTML page (found after decoding: looks_like_html)
  spaced,   // a text laid out with spaces, read by its columns (found after decoding: read/spaced.hpp)
};
const char* to_string(format f) noexcept;

// Where a piece of the grid text comes from in the file. 0 = unknown / not applicable.
struct origin {
  std::size_t page = 0;    // 1-based page of a PDF; 0 for formats without pages
  std::size_t line = 0;    // 1-based: a PDF's text line on its page, an HTML page's source
                           // line, a DOCX's paragraph (body order)
  std::size_t column = 0;  // 1-based, in code points
};

struct anchor {
  std::size_t offset = 0;  // byte offset into document::text
  nianbao::read::origin origin;
};

struct document {
  format kind = format::text;
  std::string text;             // the grid text (above)
  std::vector<anchor> anchors;  // ascending offsets: the text from each offset on comes from its origin
  std::vector<diagnostic> problems;  // warnings and notes about the file's structure (`file` empty)
  std::size_t pages = 0;        // a PDF's page count
  // Grid cells that are no cells of the file: those a spanning cell covers beyond its first row
  // and column (HTML rowspan/colspan, DOCX gridSpan/vMerge), and those missing at the end of a
  // row shorter than its table. Byte offsets of these (empty) cells in `text`, ascending: a
  // reader of the grid leaves them out (layout::grid_cells), so that a label spanning two columns
  // is not followed by a blank value cell.
  std::vector<std::size_t> covered;

  // The origin of a byte of the text: that of the last anchor at or before it.
  nianbao::read::origin origin_of(std::size_t text_offset) const;
  // The same, its column counted on by the code points of the text between that anchor and the
  // byte: exact where a reader puts an anchor wherever its text stops following the file
  // character by character (HTML, read/html.hpp).
  nianbao::read::origin position(std::size_t text_offset) const;
};

}  // namespace nianbao::read

namespace nianbao::read {

// The format of an input's bytes, by content: pdf, docx, ole or text (html is told after
// decoding). A zip that is not a Word document is text here (the input stage expands archives).
format sniff(std::string_view bytes) noexcept;

}  // namespace nianbao::read
