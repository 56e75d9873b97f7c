#pragma once
// UTF-8 by hand (no ICU: the generator links this too): validation, U+FFFD replacement, encoding.
#include <cstddef>
#include <string>
#include <string_view>

namespace nianbao {

// Length (1-4) of the well-formed UTF-8 sequence starting at s[at], or 0 when the bytes there
// are not one (bad lead byte, missing or bad continuation, overlong form, surrogate, > U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t at) noexcept;

bool is_valid_utf8(std::string_view s) noexcept;

// The text with every byte that does not start a well-formed sequence replaced by U+FFFD.
std::string utf8_or_replacement(std::string_view s);

// Appends the UTF-8 form of a code point (U+FFFD for a surrogate or a value over U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

}  // namespace nianbao

namespace nianbao {

// A name or message as printed for a person (a terminal, a log): control characters (C0, DEL,
// C1) and the characters that reorder or break a line (U+2028, U+2029, bidirectional
// overrides and isolates) escaped as \n \r \t \xNN \u{NNNN}, and each byte of an ill-formed
// sequence shown as \xNN (not U+FFFD): a member named with an escape sequence cannot retitle or
// clear the terminal, a newline in a name cannot forge a line, and different bad names stay
// different. A backslash is kept as it is. `keep_tab`: a tab stays a tab (a report's line).
std::string printable(std::string_view s, bool keep_tab = false);

}  // namespace nianbao
