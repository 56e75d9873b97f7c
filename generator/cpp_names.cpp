#include "cpp_names.hpp"

#include <algorithm>
#include <iterator>

namespace nianbao::generator {

namespace {

// C++20 keywords and alternative tokens (a superset of C++17, so grammars keep compiling later).
constexpr std::string_view cpp_keywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
    "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "final", "override",
};

// Names that would not compile as a struct in the generated namespace even though they are not
// keywords: macros of the C/C++ headers PEGTL includes, the namespace alias and `top` alias of
// the generated header, PEGTL's members (the struct's own name would hide them inside it), and
// the members the generator adds (a static member may not share its class's name).
constexpr std::string_view taken_names[] = {
    "EOF", "NULL", "assert", "errno", "offsetof", "stdin", "stdout", "stderr", "setjmp",
    "va_arg", "va_copy", "va_end", "va_start", "EXIT_SUCCESS", "EXIT_FAILURE", "BUFSIZ",
    "SEEK_SET", "SEEK_CUR", "SEEK_END", "pegtl", "top", "match", "rule_t", "subs_t",
    "nianbao_name", "nianbao_event", "nianbao_reports",
};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool is_ident_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_ident_char(char c) noexcept { return is_ident_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

bool is_cpp_identifier(std::string_view s) noexcept {
  if (s.empty() || !is_ident_start(s.front())) return false;
  if (!std::all_of(s.begin(), s.end(), is_ident_char)) return false;
  return !contains(cpp_keywords, s);
}

bool is_reserved_identifier(std::string_view s) noexcept {
  if (s.find("__") != std::string_view::npos) return true;
  return s.size() >= 2 && s[0] == '_' && s[1] >= 'A' && s[1] <= 'Z';
}

std::string cpp_name(std::string_view rule_name) {
  std::string name(rule_name);
  if (contains(cpp_keywords, rule_name) || contains(taken_names, rule_name)) name += '_';
  return name;
}

}  // namespace nianbao::generator
