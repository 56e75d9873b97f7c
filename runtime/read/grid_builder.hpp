#pragma once
// Writes the grid text of read/document.hpp for the structured readers (HTML, DOCX): lines of
// text, tables of rows of cells, every piece anchored to where it comes from.
//
// A reader gives each character with its source: a number of its own choosing (HTML: the
// page's byte offset) that grows by the character's length from one character to the next where
// the text follows the file. The builder anchors the text wherever that stops (a tag, a
// reference, a line break between), and asks the reader for the origin of those sources only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "read/document.hpp"

namespace nianbao::read {

// One cell's or line's text as it is put together: white space runs (ASCII white space) are
// one space, U+00A0 is a space, and spaces (U+3000 too) at both ends are trimmed.
class text_sink {
 public:
  // One character (its UTF-8 bytes) from `source`.
  void put(std::string_view ch, std::size_t source);
  // A break inside the text (a line break or a block inside a cell): one space, as white space.
  void space();

 private:
  friend class grid_builder;
  struct mark {
    std::size_t offset;  // in text
    std::size_t source;
  };
  void clear();
  void trim_end();
  std::string text;
  std::vector<mark> marks;      // where the text stops following its source
  std::size_t next_source = SIZE_MAX;  // the source the next character has if it follows on
  bool pending_space = false;          // white space seen after the text: a space if text follows
  std::size_t pending_source = 0;      // where that white space began
  bool pending_plain = false;          // it was one ' ' following on from the text
};

class grid_builder {
 public:
  grid_builder(document& out, std::function<origin(std::size_t source)> origin_of_source);

  // Text outside the tables: each line ended by end_line() (a line with no text is left out).
  text_sink& line() { return sink_; }
  void end_line();

  // A table: rows of cells, each cell's text put into the sink begin_cell returns (`source`:
  // where an empty cell is); a covered cell (document::covered) is empty.
  void begin_table();
  void begin_row();
  text_sink& begin_cell(std::size_t source);
  void end_cell();
  void covered_cell(std::size_t source);
  void end_row();
  void end_table();

 private:
  void append(const text_sink& s, std::size_t empty_source);
  document& out_;
  std::function<origin(std::size_t)> origin_;
  text_sink sink_;
  std::size_t cell_source_ = 0;
  bool first_cell_ = true;
};

}  // namespace nianbao::read
