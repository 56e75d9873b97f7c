#include "cells/units.hpp"

#include <array>

#include "cells/normalize.hpp"

namespace nianbao::resolve {

namespace {

// Longest first where one word ends another (万元 before 元, 人次 before 次).
constexpr std::array<std::string_view, 16> kUnits = {"人次", "千元", "万元", "亿元", "件", "个", "项", "次",
                                                    "宗", "条", "份", "起", "户", "家", "人", "元"};

bool plain_number(std::string_view raw) {
  for (const char c : raw)
    if (!((c >= '0' && c <= '9') || c == ',' || c == '.' || c == '-' || c == '+' || c == ' ')) return false;
  return true;
}

}  // namespace

std::string_view trailing_unit(std::string_view normalized) {
  for (const auto u : kUnits)
    if (normalized.size() > u.size() && normalized.substr(normalized.size() - u.size()) == u) return u;
  return {};
}

std::string unit_printed(std::string_view raw) {
  if (plain_number(raw)) return {};  // the cells of most reports: nothing to normalise
  const std::string n = normalize_text(raw);
  const auto unit = trailing_unit(n);
  if (unit.empty()) return {};
  const auto number = std::string_view(n).substr(0, n.size() - unit.size());
  // The rest a number as read_meaning reads it (digits, sign, separators): not `第5条`.
  if (number.empty() || !(number.back() >= '0' && number.back() <= '9') || !plain_number(number)) return {};
  return std::string(unit);
}

}  // namespace nianbao::resolve
