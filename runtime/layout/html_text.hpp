#pragma once
// HTML pages as text: what a profile with `markup = "html"` reads its cells from, and what the
// title and the narrative of a page read as HTML are found in.
//
// The page's text has exactly the length of the page, and every cell (<td>, <th>) and every
// run of text between block tags starts at the same byte offset as on the page, so the byte
// ranges grammars/html.peg reports over the HTML read the text of their cells, and lines and
// columns computed from them point into the page:
//   - a cell's or a run's text starts at its first visible character (white space, U+3000,
//     &nbsp; and the other space-like references, tags and comments before it are blanks) and
//     runs on without its tags (inline tags such as <span> join what they separate; a block tag
//     inside a cell, such as <p> or <br>, is one space) and with its character references
//     decoded, then spaces up to where the next cell or block tag begins;
//   - tags, comments, <script> and <style> elements, <!DOCTYPE ...>, <![if ...]> and <?xml ...?>
//     outside that text become spaces; a block tag (<p>, <div>, <br>, <tr>, <td>, <h1>, <li>,
//     <title>, ...: the list of grammars/html.peg) starts with a line end, so the page's
//     paragraphs are lines of their own;
//   - character references: &amp; &lt; &gt; &quot; &apos; and the usual named ones (&ldquo;
//     &rdquo; &mdash; &middot; &times; ...), decimal (&#12345;) and hexadecimal (&#x4E00;) ones,
//     with or without the final ';' for numbers and for &nbsp; &amp; &lt; &gt; &quot; (which
//     may then be followed by letters: "&nbspx" is a space and "x"). &nbsp;
//     and the other named spaces (&ensp; &emsp; &thinsp;) become spaces. An unknown name stays
//     as printed.
// A tag is `<name ...>` or `</name ...>` (name: a letter, then letters, digits, - : _ .) that
// ends at a '>' before any '<'; attribute values may be quoted. Anything else is text.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao::layout::html {

struct page {
  std::string text;                  // the page's text, as above
  std::vector<diagnostic> problems;  // problems of structure, in page order (see read_page)
  std::size_t tables = 0;            // <table> elements

  // Where a byte of the text comes from in the page: the same offset where a cell or a run of
  // text starts, further on where it was before tags and references were taken out of the
  // text (e.g. for numbers found in a paragraph).
  std::size_t page_offset(std::size_t text_offset) const;

  std::vector<std::pair<std::size_t, std::size_t>> anchors;  // (text offset, page offset), ascending
};

// True when the text holds at least one tag of an HTML element a page is made of (<html>, <head>,
// <body>, <meta>, <title>, <table>, <tr>, <td>, <th>, <p>, <div>, <span>, <br>, <h1>..<h6>, <font>)
// or an <!DOCTYPE html>: a plain text report with a stray "<" is no page.
bool looks_like_html(std::string_view text);

// The page's text, and its problems of structure as diagnostics (`file` left empty; `where` is
// the line, column and byte of the tag):
//   warning html-unclosed-table    a <table> without </table>: at the end of the page, or where
//                                  another <table> begins outside its cells
//   note    html-nested-table      a <table> inside a cell of another table (pages laid out with
//                                  tables): its rows are read as rows, the cell's text as lines
//   warning html-unclosed-comment  a <!-- without -->: the rest of the page is not read
//   warning html-unclosed-element  a <script> or <style> without its end tag: likewise
//   note    html-more-problems     after the first 50 problems: how many more there are
page read_page(std::string_view html);

// The text of an HTML fragment on one line: tags dropped, character references decoded, white
// space (line ends, &nbsp;, U+3000 included) made single spaces, trimmed. For messages and tools.
std::string fragment_text(std::string_view html);

}  // namespace nianbao::layout::html
