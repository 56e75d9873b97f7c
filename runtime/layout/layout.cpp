#include "layout/layout.hpp"

#include "core/budget.hpp"

namespace nianbao::layout {

layout_result cut(std::string_view text, const grammar_entry& grammar) {
  grammar_result parsed = grammar.parse(text);
  layout_result out;
  out.error = std::move(parsed.error);
  row pending;
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
        break;
      case event_kind::heading: {
        if (!pending.cells.empty()) {
          out.rows.push_back(std::move(pending));
          pending = row{};
        }
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

}  // namespace nianbao::layout
