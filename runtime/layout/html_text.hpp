#pragma once
// HTML pages as text: what a profile with `markup = "html"` reads its cells from, and what the
// title and the narrative of a page read as HTML are found in.
//
// The page's text has exactly the length of the page, with its line ends at the same byte
// offsets, so the byte ranges a grammar reports over the HTML, and every line and column
// computed from them, stay valid:
//   - tags, comments, <script> and <style> elements, <!DOCTYPE ...>, <![if ...]> and <?xml ...?>
//     become spaces (line ends inside them are kept); a block tag (<p>, <div>, <br>, <tr>,
//     <td>, <h1>, <li>, <title>, ...: the list of grammars/html.peg) starts with a line end,
//     so the page's paragraphs are lines of their own;
//   - character references become their character followed by spaces: &amp; &lt; &gt; &quot;
//     &apos; and the usual named ones (&ldquo; &rdquo; &mdash; &middot; &times; ...), decimal
//     (&#12345;) and hexadecimal (&#x4E00;) ones, with or without the final ';' for numbers and
//     for &nbsp; &amp; &lt; &gt; &quot;. &nbsp; and the other spaces (&ensp; &emsp; &thinsp;
//     &#12288; ...) become spaces. An unknown name stays as printed;
//   - every other byte is kept.
// A tag is `<name ...>` or `</name ...>` (name: a letter, then letters, digits, - : _ .) that
// ends at a '>' before any '<'; attribute values may be quoted. Anything else is text.
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao::layout::html {

struct page {
  std::string text;                  // the page's text, as above
  std::vector<diagnostic> problems;  // problems of structure, in page order (see read_page)
  std::size_t tables = 0;            // <table> elements
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
page read_page(std::string_view html);

// The text of an HTML fragment on one line: tags dropped, character references decoded, white
// space (line ends, &nbsp;, U+3000 included) made single spaces, trimmed. For messages and tools.
std::string fragment_text(std::string_view html);

}  // namespace nianbao::layout::html
