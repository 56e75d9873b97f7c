#pragma once
// Legacy Word documents (.doc, Word 97-2003; WPS Office's .wps in the same container) read by
// their structure, rendered as the grid text of read/document.hpp, as read/docx.hpp renders a
// .docx.
//
// A .doc is an OLE compound file (opened from memory with libgsf) whose WordDocument stream holds
// the text and the paragraph properties, and whose table stream (1Table or 0Table) the piece
// table and the paragraph properties' index. Read here, by the [MS-DOC] structures:
//   - the main document's text (its first FibRgLw97.ccpText characters) through the piece table:
//     a piece of 16-bit characters is UTF-16, a piece of 8-bit ("compressed") characters is the
//     code page 1252 [MS-DOC] gives them; both come out as UTF-8;
//   - each paragraph's properties (the PAPX of its paragraph mark, in the PAPX FKPs the
//     PlcBtePapx indexes, with a huge PAPX in the Data stream, and the piece's Prc): whether it is
//     in a table (sprmPFInTable, sprmPItap), whether it ends a row (sprmPFTtp), and the row's
//     cells (sprmTDefTable: the cells' boundaries and their merge flags, sprmTVertMerge);
//   - a table is a run of paragraphs in a table: a cell ends with a cell mark (0x07), a row with
//     its row-end mark (the table-terminating paragraph). The cells of a row are placed on the
//     table's grid, the union of its rows' cell boundaries: a cell spanning columns is written
//     once, at its first column, and the columns it covers are covered cells (document::covered),
//     as are a cell that continues a vertical merge, an old-style horizontally merged cell, the
//     columns before a row's first cell and after its last. A cell with no text is an empty cell.
//     A row without a usable sprmTDefTable has its cells in order, one column each. A cell's
//     paragraphs are joined by a space; a table nested in a cell is read as the cell's text.
//   - outside tables each paragraph is a line; a line break (0x0B) or a page or section break
//     (0x0C) ends the line, in a cell it is a space; a tab is a space; of a field (0x13 ... 0x14
//     ... 0x15) the result is read, not the instructions; pictures, objects and note references
//     are left out.
// Not read: Word 6/95 documents (an error), headers, footers, footnotes, comments and text boxes
// (their text is not the main document's), properties a piece's Prm0 gives (a single property in
// the piece table: Word writes table properties in the PAPX).
// Anchors: line = the paragraph's number in the document (every paragraph mark, cell mark and
// row-end mark of the main document ends one, counted from 1), column = the code point within
// that paragraph's text.
#include <string_view>

#include "read/document.hpp"

namespace nianbao::read {

// The document's grid text (kind format::doc). Throws diagnostic_error (`file` empty) with code
// "doc-damaged" when the compound file or a Word structure in it is broken or cut short,
// "doc-encrypted" when the document is encrypted or obfuscated, "doc-version" for a Word 6/95
// document, and "ole-document" when the compound file holds no Word document (no WordDocument
// stream: an Excel or PowerPoint file, an old WPS file of its own format). Memory is charged to
// the budget of the thread (core/budget.hpp).
document read_doc(std::string_view bytes);

}  // namespace nianbao::read
