#pragma once
// A cell's source line with a caret under it, as `nianbao explain` and `nianbao check` show it.
#include <string>
#include <string_view>

#include "nianbao/diagnostic.hpp"

namespace nianbao::cli {

// The line of `text` at `where` and a caret under its column (diagnostic::caret: two lines
// indented by two spaces), or empty when the position is unknown. `text` is what the record's
// positions refer to (pipeline::record::text): of a file read by its structure (a PDF, `where`
// with a page), its grid text, where the position's byte is found.
std::string source_caret(std::string_view text, const source_position& where);

}  // namespace nianbao::cli
