#pragma once
// Positioned text -> grid text (document.hpp): the geometry shared by the readers of laid-out
// text, whatever the unit (a PDF's words in points; a space-aligned text's runs in display
// columns and lines).
//
//   fragments -> lines (by vertical centre, within half a font size; two fragments that overlap
//                horizontally are never on one line)
//             -> cells (a line's fragments joined where the gap between them is under 0.9 em)
//             -> tables: a run of lines whose cells end in numbers or placeholders ("value
//                lines") and of lines whose text stays left of those values ("label lines"),
//                across page breaks. Per page, the value columns are the x-ranges of the value
//                cells (and of the header cells over a column blank all down), so a value is put
//                in the column it stands under and a blank cell is an empty cell, not a shift; a
//                value under no column or across two is put in none (its row keeps its values in
//                order: the resolver leaves a short row null). A table that goes on at the top of
//                the next page keeps the columns of the page before when its own are a subset of
//                them (a column blank all down the new page), shifted when exactly one shift
//                places them (a text's page laid out again).
//             -> rows: a label wrapped over several lines is one label (the lines are stacked,
//                close, and a continuation does not start with numbering: `2.`, `（三）`, `三、`;
//                nor, below a row's label whose last line is short of its column's edge, is it
//                wider than that line: 行政处罚 over 行政强制 are two rows; a bracketed note
//                `（区分处理的…）` goes on whatever the line before; where the edge is not known
//                the pieces stay apart for the resolver, which knows the template's labels)
//                and belongs to the value line among its lines, else to the value line with no
//                label of its own that lies within its height (values printed beside any line of
//                it, or between two). A label no value line takes (a group label centred on its
//                group: `（三）不予公开`) and a label printed top to bottom (rotated, or one
//                character per line: `三 、本 年 度办 理 结果`) is a line of its own; but short
//                pieces under a row's label in a narrow column (Word's two characters a line:
//                `1.属` / `于国` / `家秘` / `密`) go on that label.
// Page numbers (`-3-`, `— 1 —`, `第 3 页`) and running headers and footers (the same first or last
// line on several pages) are dropped.
//
// Units: x grows to the right, y downwards; `em` is the font size in x units (a CJK character's
// width), `height` in y units (PDF: both the font size in points; text: 2 columns and 1 line).
#include <cstddef>
#include <string>
#include <vector>

#include "read/document.hpp"

namespace nianbao::read::columns {

struct fragment {
  std::string text;  // UTF-8, one line, not empty
  double x0 = 0, x1 = 0;
  double top = 0, bottom = 0;
  double em = 1;
  double height = 1;
  bool vertical = false;   // printed top to bottom (rotated text)
  std::size_t page = 1;    // 1-based
  // Where it is in the file, when the reader knows (a text's line and column); line 0: the
  // geometry numbers it (the line's index on its page, the cell's index on its line).
  nianbao::read::origin where;
};

struct page_box {
  double height = 0;  // 0: unknown (then only decorated page numbers are dropped: `-3-`, not `3`)
};

// The grid text of the fragments (any order). `pages[i]` describes page i + 1 (may be empty).
document to_grid(std::vector<fragment> fragments, const std::vector<page_box>& pages, format kind);

// Whether a cell's text is a number or a placeholder (a value of a table, not a label).
bool is_value_text(std::string_view text);
// Whether a label starts with the numbering of a row or group (`1.`, `（三）`, `三、`, `(2)`).
bool starts_with_numbering(std::string_view text);
// Whether a line's text is a page number: `-3-`, `— 1 —`, `第 3 页`, `第3页 共5页`, `3 / 5`,
// `- 12 -`, `Page 3`; a bare number (`3`) only when `bare` (the line is in a page's margin).
bool is_page_number(std::string_view text, bool bare);

}  // namespace nianbao::read::columns
