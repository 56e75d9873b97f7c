#pragma once
// What the compiler (compile.cpp) and the reference interpreter (tests/oracle/evaluate_reference.cpp) share:
// key patterns, variable environments, rendering a check with its variables substituted, and
// comparing two sides. Internal to runtime/rules.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "rules/rules_ast.hpp"

namespace nianbao::check::detail {

inline bool is_whole(double d) { return std::isfinite(d) && std::floor(d) == d; }

inline bool is_wildcard(const std::string& segment) { return segment == "*" || segment == "**"; }

inline bool has_wildcard(const ast::path& p) {
  return std::any_of(p.segments.begin(), p.segments.end(), is_wildcard);
}

inline std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = key.find('.', start);
    out.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

// `*` matches exactly one segment, `**` one or more.
inline bool match_key(const std::vector<std::string>& pat, std::size_t pi, const std::vector<std::string>& key,
                      std::size_t ki) {
  if (pi == pat.size()) return ki == key.size();
  if (ki == key.size()) return false;
  if (pat[pi] == "**") {
    for (std::size_t k = ki + 1; k <= key.size(); ++k)
      if (match_key(pat, pi + 1, key, k)) return true;
    return false;
  }
  if (pat[pi] != "*" && pat[pi] != key[ki]) return false;
  return match_key(pat, pi + 1, key, ki + 1);
}

struct variable {
  std::string name;
  std::string value;
};
using environment = std::vector<variable>;

inline const std::string* lookup(const environment& env, const std::string& name) {
  for (auto it = env.rbegin(); it != env.rend(); ++it)
    if (it->name == name) return &it->value;
  return nullptr;
}

// The instance label: the bound values joined by '.'.
inline std::string instance_label(const environment& env) {
  std::string out;
  for (std::size_t i = 0; i < env.size(); ++i) out += (i ? "." : "") + env[i].value;
  return out;
}

inline std::string no_match_message(const std::string& p, bool pattern) {
  return pattern ? "no key of the template matches '" + p + "'" : "unknown key '" + p + "'";
}

// ---- rendering the check with its variables substituted -----------------------------------

inline std::string render_path(const ast::path& p, const environment& env) {
  std::string out;
  for (const auto& seg : p.segments) {
    if (!out.empty()) out += '.';
    const std::string* v = seg.size() > 1 && seg[0] == '$' ? lookup(env, seg.substr(1)) : nullptr;
    out += v ? *v : seg;
  }
  return out;
}

std::string render_set(const ast::set_expr& s, const environment& env);
std::string render_expr(const ast::expr& e, const environment& env);
std::string render_check(const ast::check& c, const environment& env);

const char* cmp_text(ast::cmp_op op) noexcept;

// Integers compare exactly; when a decimal is involved, values within the tolerance are equal
// (plus a relative 1e-9 for binary floating point: 0.1 + 0.2 == 0.3).
inline bool compare(double l, ast::cmp_op op, double r, bool exact, double tolerance) {
  if (exact) {
    switch (op) {
      case ast::cmp_op::eq: return l == r;
      case ast::cmp_op::ne: return l != r;
      case ast::cmp_op::le: return l <= r;
      case ast::cmp_op::ge: return l >= r;
      case ast::cmp_op::lt: return l < r;
      case ast::cmp_op::gt: return l > r;
    }
  }
  double eps = tolerance + 1e-9 * std::max({1.0, std::fabs(l), std::fabs(r)});
  switch (op) {
    case ast::cmp_op::eq: return std::fabs(l - r) <= eps;
    case ast::cmp_op::ne: return std::fabs(l - r) > eps;
    case ast::cmp_op::le: return l <= r + eps;
    case ast::cmp_op::ge: return l >= r - eps;
    case ast::cmp_op::lt: return l < r - eps;
    case ast::cmp_op::gt: return l > r + eps;
  }
  return false;
}

}  // namespace nianbao::check::detail
