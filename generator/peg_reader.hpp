#pragma once
// Reads a grammar in PEG notation and checks everything that could make the generated header
// wrong or not compile, so that printing it (pegtl_writer.hpp) cannot fail.
#include <string>
#include <string_view>

#include "peg_ast.hpp"

namespace nianbao::generator {

// Parses `text` (the contents of `file`, UTF-8, an optional BOM is skipped) with PEGTL's PEG
// grammar and checks it: undefined and duplicate rules, empty alternatives, unterminated or
// line-spanning literals and classes, reversed ranges, rule names unusable in C++, and loops
// that would never stop (peg_analysis.hpp: find_loop).
// Throws nianbao::diagnostic_error (file:line:column in code points, with the source line).
// Byte offsets in the result count from the first byte after the BOM.
grammar read_peg(std::string_view text, const std::string& file);

}  // namespace nianbao::generator
