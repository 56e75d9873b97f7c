#pragma once
// The verdict of a repair on a row replaces the resolver's "misaligned-row" note for it.
#include <utility>

#include "core/diagnostic.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::repair {

// Replaces the "misaligned-row" note of the row at `where` among the table's notes by `d`, or
// adds `d` when there is none.
inline void replace_row_note(resolve::table_candidate& table, const source_position& where, diagnostic d) {
  for (auto& n : table.notes) {
    if (n.code == "misaligned-row" && n.where.byte == where.byte && n.where.line == where.line) {
      n = std::move(d);
      return;
    }
  }
  table.notes.push_back(std::move(d));
}

}  // namespace nianbao::repair
