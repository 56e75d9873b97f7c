#pragma once
// The layout stage: a profile's grammar cuts the text into rows of cells.
#include <optional>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/span.hpp"
#include "layout/events.hpp"

namespace nianbao::layout {

struct cell {
  std::size_t begin = 0;  // byte range in the text
  std::size_t end = 0;
};

struct row {
  span<cell> cells;      // in layout_result::cells
  bool heading = false;  // reported by a `heading` rule
};

// Move-only: the rows point into `cells` (a move keeps the vector's buffer; a copy would not).
struct layout_result {
  std::vector<cell> cells;  // every row's cells, in order
  std::vector<row> rows;
  std::optional<grammar_error> error;  // the grammar did not accept the whole text
  // Every cell is a cell of the file, an empty one a blank cell of its table (grid_cells made it).
  bool file_cells = false;

  layout_result() = default;
  layout_result(layout_result&&) = default;
  layout_result& operator=(layout_result&&) = default;
  layout_result(const layout_result&) = delete;
  layout_result& operator=(const layout_result&) = delete;
};

// Runs the grammar over the text and groups its events into rows. Whether the text is
// well-formed UTF-8 is found out, unless the caller knows it (decode's output is): the grammar's
// scans are faster on such a text, and give the same cut.
enum class utf8_text { unknown, well_formed };
layout_result cut(std::string_view text, const grammar_entry& grammar, utf8_text known = utf8_text::unknown);

// The cells of a structured document's grid text (read/document.hpp) as cut: without its covered
// cells (read::document::covered: the grid cells a spanning cell covers, no cells of the file) and
// without its empty lines (they separate tables from text). Every cell left is a cell of the file,
// so an empty one is a blank cell of its table.
layout_result grid_cells(layout_result&& cut, std::string_view text, const std::vector<std::size_t>& covered);

// Whether two grammars cut a text alike: the same rows, headings and cell ranges, and the same
// error if any (a text with neither tabs nor bars is often one cell per line to several).
bool same_cut(const layout_result& a, const layout_result& b);

}  // namespace nianbao::layout
