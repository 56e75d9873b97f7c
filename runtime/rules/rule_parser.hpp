#pragma once
// The rules-file grammar (Boost.Spirit X3, all of it in rule_parser.cpp). Internal to
// runtime/rules: use rules.hpp.
#include <string>
#include <string_view>

#include "rules/rules_ast.hpp"

namespace nianbao::check::detail {

// Parses the syntax of a rules file. Throws nianbao::diagnostic_error (code "rules-syntax") with
// file, line, code-point column, the offending line and what was expected. Names are not
// resolved here (see rules.cpp).
ast::program parse_program(std::string_view text, const std::string& file);

}  // namespace nianbao::check::detail
