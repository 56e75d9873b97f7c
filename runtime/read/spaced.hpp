#pragma once
// Space-aligned text: tables whose cells are set apart only by runs of blanks, their columns
// lined up by position (what `pdftotext -layout` prints, a table copied from a PDF viewer or a
// fixed-width web page, a table typed in a monospaced font). Read by its columns through the
// geometry PDFs are read by (read/columns.hpp): each word of a line is a positioned fragment,
// exactly like a word of a PDF line, so a blank cell is found as an empty cell of its column
// instead of shifting the row.
//
//   - Positions are character columns. Two ways of counting them line a table up: display
//     width (a CJK or full-width character counts two, U+3000 two: what a person typing in a
//     monospaced font sees) and code points (one each: what pdftotext prints, placing each
//     character where the PDF had it whatever its width). The text is read by the one under
//     which the values of consecutive rows stand under each other more often (ties: display).
//     A tab moves to the next multiple of 8.
//   - A word is a run of non-blank characters (blanks: space, tab, U+3000, U+00A0). Words one
//     blank apart are one cell (`结果 维持`), two numbers one blank apart two cells; a wider gap
//     ends a cell. Units for the geometry: a column is 1, `em` (a CJK character) 2, a line 1.
//   - Pages: a form feed starts one (pdftotext writes one between pages); a line that is only a
//     page number (`-3-`, `— 1 —`, `第 3 页`) ends one where no form feed follows it (text copied
//     from a viewer). Page numbers and running headers are then dropped as in a PDF.
//   - Origins: the line of the text (1-based) and the code point column of the cell's first
//     character; an empty cell: the row's line and the column where its column starts there.
#include <string_view>

#include "read/document.hpp"

namespace nianbao::read {

// Whether a (decoded) text looks laid out with spaces: rows ending in two values (numbers or
// placeholders) or more, with a run of two blanks or more (or a U+3000) between two of their
// words, more of them than rows whose words are set apart by tabs alone (a tab-separated text is
// not read so), and at least five of them in columns: each with a row at most 8 lines away whose
// label ends at another column while their last values, and another pair of their values, stand
// over each other (one way of counting columns). Values that merely follow their label by a gap
// (cells set apart by two U+00A0 each, seed 001 as some web pages print it) are in no columns.
// One pass over the text, then over those rows.
bool looks_space_aligned(std::string_view text);

// The grid text of a space-aligned text (document::kind = format::spaced).
document read_spaced(std::string_view text);

}  // namespace nianbao::read
