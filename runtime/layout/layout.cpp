#include "layout/layout.hpp"

#include <cstdint>
#include <utility>

#include "core/budget.hpp"
#include "core/utf8.hpp"
#include "layout/grammar_interpreter.hpp"

namespace nianbao::layout {

grammar_result grammar_entry::run(std::string_view text, bool well_formed) const {
  return interpreted ? interpreted->parse(text, well_formed) : parse(text, well_formed);
}

layout_result cut(std::string_view text, const grammar_entry& grammar, utf8_text known) {
  grammar_result parsed = grammar.run(text, known == utf8_text::well_formed || is_valid_utf8(text));
  layout_result out;
  out.error = std::move(parsed.error);
  // The cells are counted first: the vector is never reallocated, so the rows' spans stay valid.
  std::size_t cells = 0, rows = 0;
  for (const auto& e : parsed.events) {
    cells += e.kind == event_kind::cell || e.kind == event_kind::heading;
    rows += e.kind == event_kind::row || e.kind == event_kind::heading;
  }
  out.cells.reserve(cells);
  out.rows.reserve(rows + 1);
  std::size_t first = 0;  // the pending row's first cell
  const auto end_row = [&](bool heading) {
    out.rows.push_back(row{span<cell>(out.cells.data() + first, out.cells.size() - first), heading});
    first = out.cells.size();
  };
  for (const auto& e : parsed.events) {
    budget::checkpoint();
    switch (e.kind) {
      case event_kind::cell:
        out.cells.push_back(cell{e.begin, e.end});
        break;
      case event_kind::row:
        end_row(false);
        break;
      case event_kind::heading:
        if (out.cells.size() > first) end_row(false);
        out.cells.push_back(cell{e.begin, e.end});
        end_row(true);
        break;
      case event_kind::none:
        break;
    }
  }
  if (out.cells.size() > first) end_row(false);
  budget::charge(out.rows.capacity() * sizeof(row) + out.cells.capacity() * sizeof(cell));
  return out;
}

layout_result grid_cells(layout_result&& cut, std::string_view text, const std::vector<std::size_t>& covered) {
  layout_result out;
  out.error = std::move(cut.error);
  out.file_cells = true;
  out.cells.reserve(cut.cells.size());
  out.rows.reserve(cut.rows.size());
  auto next = covered.begin();
  for (const auto& r : cut.rows) {
    budget::checkpoint();
    // An empty line: it separates a table from the text around it.
    if (r.cells.size() == 1 && r.cells[0].begin == r.cells[0].end &&
        (r.cells[0].begin == 0 || text[r.cells[0].begin - 1] == '\n') &&
        (r.cells[0].begin == text.size() || text[r.cells[0].begin] == '\n'))
      continue;
    const std::size_t first = out.cells.size();
    for (const auto& c : r.cells) {
      while (next != covered.end() && *next < c.begin) ++next;
      if (c.begin == c.end && next != covered.end() && *next == c.begin) continue;
      out.cells.push_back(c);
    }
    out.rows.push_back(row{span<cell>(out.cells.data() + first, out.cells.size() - first), r.heading});
  }
  return out;
}

bool same_cut(const layout_result& a, const layout_result& b) {
  if (a.rows.size() != b.rows.size() || a.error.has_value() != b.error.has_value()) return false;
  if (a.error && (a.error->byte != b.error->byte || a.error->message != b.error->message)) return false;
  for (std::size_t r = 0; r < a.rows.size(); ++r) {
    const auto &x = a.rows[r], &y = b.rows[r];
    if (x.heading != y.heading || x.cells.size() != y.cells.size()) return false;
    for (std::size_t c = 0; c < x.cells.size(); ++c)
      if (x.cells[c].begin != y.cells[c].begin || x.cells[c].end != y.cells[c].end) return false;
  }
  return true;
}

}  // namespace nianbao::layout
