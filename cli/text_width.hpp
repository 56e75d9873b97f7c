#pragma once
// How many terminal columns a UTF-8 text takes: CJK characters and full-width forms take two.
// For tables and carets a person reads in a terminal; not for positions in the data (those
// count code points: core/diagnostic.hpp).
#include <cstddef>
#include <string>
#include <string_view>

namespace nianbao::cli {

// Columns of one code point: 2 for East Asian Wide and Fullwidth (UAX #11), 0 for combining
// marks and zero-width characters, 1 otherwise.
int code_point_width(char32_t cp) noexcept;

// Columns of a UTF-8 text (an ill-formed byte counts as one column, as U+FFFD would).
std::size_t display_width(std::string_view text) noexcept;

// `text` padded with spaces to `width` columns (left-aligned), or right-aligned.
std::string pad_right(std::string_view text, std::size_t width);
std::string pad_left(std::string_view text, std::size_t width);

}  // namespace nianbao::cli
