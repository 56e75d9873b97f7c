#pragma once
// What a cell's text means: a number, a placeholder ("not applicable"/"none"), empty, or text.
#include <set>
#include <string>
#include <string_view>

#include "core/value.hpp"

namespace nianbao::resolve {

// The placeholder spellings of DESIGN.md, normalised. Profiles may add their own.
const std::set<std::string>& default_placeholders();

// What a cell's text means, without a copy of it: `raw` is a view of the trimmed text.
struct cell_meaning {
  cell_kind kind = cell_kind::empty;
  double number = 0;     // when kind == number
  bool integral = true;  // the printed number had no fraction
  std::string_view raw;  // the trimmed text as printed (a view into the text read)
  source_position where; // set by the caller (read_cells)
};

// Classifies a cell: sets kind, number and integral; raw is the trimmed text as printed.
// Numbers may carry a sign, thousands separators ("1,234", "1，234"), spaces from extraction
// ("1 234"), full-width digits, and a unit after them ("5件", "5 件", "1.5万元": unit_printed of
// `raw` says which, cells/units.hpp; the resolver keeps such a number only in its column's unit).
// `normalized`, when given, receives for a text cell normalize_label of the trimmed text (what
// it is matched by as a label); for other cells what it holds after the call is unspecified (its
// storage is reused: reading thousands of cells allocates nothing per cell).
cell_meaning read_meaning(std::string_view text, const std::set<std::string>& placeholders,
                          std::string* normalized = nullptr);
// A cell's meaning as a value of its own (raw copied; `where` as set, `profile` empty).
value to_value(const cell_meaning& m);
// The same as a value of its own (raw copied).
value classify_cell(std::string_view text, const std::set<std::string>& placeholders,
                    std::string* normalized = nullptr);

// The text without leading/trailing white space (ASCII, U+3000, NBSP).
std::string_view trim(std::string_view text);

}  // namespace nianbao::resolve
