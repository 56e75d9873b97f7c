#pragma once
// How a PEG rule name becomes a C++ name inside the generated namespace.
#include <string>
#include <string_view>

namespace nianbao::generator {

// True for [A-Za-z_][A-Za-z0-9_]* that is not a C++ keyword (the grammar's --name, say).
bool is_cpp_identifier(std::string_view s) noexcept;

// True for names the C++ implementation reserves everywhere: containing "__", or "_" + uppercase.
// No suffix can make them safe, so the reader rejects them.
bool is_reserved_identifier(std::string_view s) noexcept;

// The C++ struct name of a rule: the PEG name itself, or the name + "_" when the name is a
// C++ keyword, a standard macro (EOF, NULL, assert, ...) or a name the generated code or PEGTL
// already uses at that place (pegtl, top, match, rule_t, subs_t, nianbao_name, nianbao_event).
std::string cpp_name(std::string_view rule_name);

}  // namespace nianbao::generator
