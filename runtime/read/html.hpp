#pragma once
// HTML pages read by an HTML5 parser (gumbo, the parsing algorithm browsers use), rendered as the
// grid text of read/document.hpp.
//
// What the page becomes:
//   - each <table> is a grid: its rows (<tr> in <thead>, <tbody>, <tfoot>) and cells (<td>,
//     <th>) placed by the table algorithm of HTML (rowspan, colspan; rowspan="0" runs to the end
//     of its row group), every grid cell written: a blank cell (empty, or only white space,
//     &nbsp; or U+3000) is an empty string; a spanning cell is written once, at its first row and
//     column, and the other grid cells it covers are empty cells listed in `covered`, as are the
//     cells missing at the end of a row shorter than the table. A row label spanning rows
//     (三、本年度办理结果 over 22 rows) is thus written on its first row only, and the rows it
//     covers begin with a covered cell: each of them is found by its own label (（二）部分公开),
//     as when the label is printed once in a text. A reader of the grid leaves covered cells
//     out (they are no cells of the page; a label's colspan is not a blank value cell).
//   - a cell's text is its text nodes joined in order (inline elements such as <span>, <font>,
//     <b> join what they separate: "1<span>2</span>" is "12"); white space runs are one space
//     (as a browser shows them), &nbsp; is a space, and a line break (<br>) or a block (<p>,
//     <div>, ...) inside a cell is one space; the cell is trimmed.
//   - outside tables, each run of text between block boundaries (<p>, <div>, <br>, <h1>..<h6>,
//     <li>, <title>, ...) is a line of one cell: the title, the headings, the narrative.
//   - a table with a table inside one of its cells is a page laid out with tables: it is no
//     grid; its cells are read as text (lines) and the tables inside them as tables (a note
//     html-nested-table for each).
//   - comments, <script>, <style>, <template>, <noscript> are not read. Broken markup is read
//     as browsers read it (cells and rows whose end tags are left out, stray end tags, upper-case
//     tags, unquoted attributes), with one exception: content that the parser moves out of a
//     table to before it ("foster parenting": text where only rows may stand, e.g. a heading
//     after a table whose </table> is missing) is read after that table, in the page's order.
// Anchors: each cell starts at the line and column of its first visible character on the page
// (an empty cell: of its <td> tag), and every place where the text stops following the page
// character by character (a tag, a character reference, collapsed white space) has an anchor,
// so document::position gives the exact line and column of any character of the text.
//
// Problems of the page's structure (document::problems, `where` on the page):
//   warning html-unclosed-table    a <table> without </table> (it ends where the next table
//                                  begins, or runs to the end of the page)
//   note    html-nested-table      a table inside a cell of another table (a layout table)
//   warning html-unclosed-comment  a <!-- without -->: the rest of the page is not read
//   warning html-unclosed-element  a <script> or <style> without its end tag: likewise
//   note    html-more-problems     after the first 50 problems: how many more there are
#include <string_view>

#include "read/document.hpp"

namespace nianbao::read {

// True when the text holds at least one tag of an HTML element a page is made of (<html>, <head>,
// <body>, <meta>, <title>, <table>, <tr>, <td>, <th>, <p>, <div>, <span>, <br>, <h1>..<h6>, <font>)
// or an <!DOCTYPE html>: a plain text report with a stray "<" is no page.
bool looks_like_html(std::string_view text);

// The page (decoded: UTF-8) as grid text. Time is checked and memory charged to the budget of
// the thread (core/budget.hpp).
document read_html(std::string_view page);

}  // namespace nianbao::read
