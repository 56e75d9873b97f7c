#pragma once
// Small helpers shared by the TOML data-file loaders (model, profiles): every error names the
// file, line and column that toml++ records for each node.
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace nianbao::toml_support {

struct context {
  std::string path;
  std::string_view text;
};

std::string read_file(const std::string& path);  // throws diagnostic_error when unreadable

toml::table parse(std::string_view text, const context& cx);  // syntax errors -> diagnostic_error

[[noreturn]] void fail(const context& cx, const toml::node* where, const std::string& message);

std::string required_string(const toml::table& t, std::string_view key, const context& cx);
std::string optional_string(const toml::table& t, std::string_view key, const context& cx,
                            const std::string& fallback);
bool optional_bool(const toml::table& t, std::string_view key, const context& cx, bool fallback);
long long optional_int(const toml::table& t, std::string_view key, const context& cx, long long fallback);
std::vector<std::string> string_list(const toml::table& t, std::string_view key, const context& cx,
                                     bool required);
std::vector<std::string> as_string_list(const toml::node& node, const context& cx);

// Keys present in `t` that are not in `known`: reported as an error at the first one, so a
// misspelt setting is never silently ignored.
void reject_unknown_keys(const toml::table& t, std::initializer_list<std::string_view> known,
                         const context& cx, std::string_view where);

}  // namespace nianbao::toml_support
