#include "layout/layout.hpp"

#include <cstdint>
#include <utility>

#include "core/budget.hpp"

namespace nianbao::layout {

layout_result cut(std::string_view text, const grammar_entry& grammar) {
  grammar_result parsed = grammar.parse(text);
  layout_result out;
  out.error = std::move(parsed.error);
  // Each row's cells are counted before they are stored: one allocation per row.
  std::vector<std::uint32_t> row_cells;
  std::uint32_t count = 0;
  for (const auto& e : parsed.events) {
    if (e.kind == event_kind::cell) ++count;
    else if (e.kind != event_kind::none) row_cells.push_back(std::exchange(count, 0));
  }
  std::size_t next_row = 0;
  row pending;
  const auto reserve_next = [&] {
    if (next_row < row_cells.size()) pending.cells.reserve(row_cells[next_row++]);
  };
  reserve_next();
  std::size_t cells = 0;
  for (const auto& e : parsed.events) {
    budget::checkpoint();
    cells += e.kind != event_kind::row;
    switch (e.kind) {
      case event_kind::cell:
        pending.cells.push_back(cell{e.begin, e.end});
        break;
      case event_kind::row:
        out.rows.push_back(std::move(pending));
        pending = row{};
        reserve_next();
        break;
      case event_kind::heading: {
        if (!pending.cells.empty()) {
          out.rows.push_back(std::move(pending));
          pending = row{};
        }
        reserve_next();  // the cells after the heading
        row h;
        h.heading = true;
        h.cells.push_back(cell{e.begin, e.end});
        out.rows.push_back(std::move(h));
        break;
      }
      case event_kind::none:
        break;
    }
  }
  if (!pending.cells.empty()) out.rows.push_back(std::move(pending));
  budget::charge(out.rows.capacity() * sizeof(row) + cells * sizeof(cell));
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
