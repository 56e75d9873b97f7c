#pragma once
// Word documents (.docx) read by their structure, rendered as the grid text of read/document.hpp.
//
// A .docx is a zip (read from memory with libarchive) whose word/document.xml (parsed with
// pugixml) holds the body:
//   - each w:tbl is a grid: its w:tr rows and w:tc cells, placed by the table's grid: a cell
//     spanning columns (w:gridSpan) is written once, at its first column, and the columns it
//     covers are covered cells (document::covered), as are the cells a vertical merge continues
//     (w:vMerge without w:val="restart": the merged cell is written once, in its first row), the
//     columns a row skips before or after its cells (w:gridBefore, w:gridAfter) and those missing
//     at the end of a row shorter than the table. A cell with no text is an empty cell.
//   - a cell's text is its paragraphs' runs joined (w:t; w:tab and w:br are a space, as is the
//     break between two paragraphs of the cell); white space runs are one space, trimmed.
//   - outside tables, each paragraph (w:p) is a line, a w:br in it ends the line; headings and
//     the narrative are paragraphs.
//   - inserted text (w:ins) is read, deleted text (w:del, w:delText) is not; content controls
//     (w:sdt), hyperlinks, fields and smart tags are read through; of alternative content
//     (mc:AlternateContent) the first choice only, so text boxes are not read twice.
//   - a table inside a table's cell makes that table a layout table: its cells are read as lines,
//     the tables inside them as tables.
// Anchors: line = the paragraph's number in the document (every w:p in body order, those in
// tables included, counted from 1), column = the code point within that paragraph's text.
#include <string_view>

#include "read/document.hpp"

namespace nianbao::read {

// The document's grid text. Throws diagnostic_error (code "docx", `file` empty) when the bytes
// are not a readable zip, hold no word/document.xml, or that is not well-formed XML. Memory is
// charged to the budget of the thread (core/budget.hpp) as the XML is read.
document read_docx(std::string_view bytes);

}  // namespace nianbao::read
