#pragma once
// Space-aligned text (what `pdftotext -layout` prints, and tables typed with spaces): each line
// cut into fragments at runs of two or more blanks (or a tab), each fragment placed at its
// display column (an East Asian wide or fullwidth character counts two, as a terminal shows
// it), lines one unit apart, pages at form feeds; then read by the geometry of
// read/columns.hpp, so a blank cell is found by its column instead of shifting the row.
// Origins: the line and (code point) column of the text (page 0: a text has no pages).
#include <string_view>

#include "read/document.hpp"

namespace nianbao::read {

// Whether a (decoded) text looks laid out with spaces: at least five lines without a tab whose
// last two fragments or more are numbers or placeholders set apart by runs of blanks.
bool looks_space_aligned(std::string_view text);

// The grid text of a space-aligned text (document::kind = format::spaced).
document read_spaced(std::string_view text);

}  // namespace nianbao::read
