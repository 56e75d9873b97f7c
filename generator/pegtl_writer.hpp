#pragma once
// Prints a grammar (already checked by read_peg) as a PEGTL header. See README.md for the
// contract the runtime relies on.
#include <string>
#include <string_view>

#include "peg_ast.hpp"

namespace nianbao::generator {

// The header for namespace nianbao::grammars::<ident>. `source_path` only goes into the first
// comment line (non-ASCII bytes escaped). Pure function of its arguments: same input, same bytes.
std::string write_pegtl_header(const grammar& g, std::string_view source_path, std::string_view ident);

}  // namespace nianbao::generator
