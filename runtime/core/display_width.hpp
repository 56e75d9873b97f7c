#pragma once
// How many columns of a fixed-width display a character takes: CJK characters and full-width
// forms two (East Asian Wide and Fullwidth, UAX #11), combining marks and zero-width characters
// none, the rest one. Terminals (the CLI's tables and carets) and space-aligned texts (a table
// typed in a monospaced font: read/spaced.hpp) line text up by it.
#include <cstddef>
#include <string_view>

namespace nianbao {

int code_point_width(char32_t cp) noexcept;

// Columns of a UTF-8 text (an ill-formed byte counts as one column, as U+FFFD would).
std::size_t display_width(std::string_view text) noexcept;

// The code point of the well-formed UTF-8 sequence at s[at] and its length in `length`; an
// ill-formed byte is U+FFFD of length 1.
char32_t code_point_at(std::string_view s, std::size_t at, std::size_t& length) noexcept;

}  // namespace nianbao
