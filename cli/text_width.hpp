#pragma once
// How many terminal columns a UTF-8 text takes: CJK characters and full-width forms take two.
// For tables and carets a person reads in a terminal; not for positions in the data (those
// count code points: core/diagnostic.hpp).
#include <cstddef>
#include <string>
#include <string_view>

#include "nianbao/text.hpp"

namespace nianbao::cli {

// Columns of a code point and of a UTF-8 text (core/display_width.hpp).
using nianbao::code_point_width;
using nianbao::display_width;

// `text` padded with spaces to `width` columns (left-aligned), or right-aligned.
std::string pad_right(std::string_view text, std::size_t width);
std::string pad_left(std::string_view text, std::size_t width);

}  // namespace nianbao::cli
