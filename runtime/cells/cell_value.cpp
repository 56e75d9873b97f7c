#include "cells/cell_value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "cells/normalize.hpp"
#include "cells/units.hpp"

namespace nianbao::resolve {

const std::set<std::string>& default_placeholders() {
  static const std::set<std::string> set = [] {
    std::set<std::string> s;
    for (const char* p : {"/", "／", "-", "--", "—", "——", "－", "―", "无", "不适用", "N/A", "n/a", "空", "\\"})
      s.insert(normalize_label(p));
    return s;
  }();
  return set;
}

std::string_view trim(std::string_view s) {
  auto strip_front = [&]() -> bool {
    if (s.empty()) return false;
    unsigned char c = static_cast<unsigned char>(s[0]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') { s.remove_prefix(1); return true; }
    if (s.substr(0, 3) == "\xE3\x80\x80") { s.remove_prefix(3); return true; }  // U+3000
    if (s.substr(0, 2) == "\xC2\xA0") { s.remove_prefix(2); return true; }      // NBSP
    return false;
  };
  auto strip_back = [&]() -> bool {
    if (s.empty()) return false;
    unsigned char c = static_cast<unsigned char>(s.back());
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') { s.remove_suffix(1); return true; }
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") { s.remove_suffix(3); return true; }
    if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") { s.remove_suffix(2); return true; }
    return false;
  };
  while (strip_front()) {}
  while (strip_back()) {}
  return s;
}

namespace {

// Parses a normalised number: [+-]digits[.digits], digits possibly grouped by ",".
bool parse_number(std::string_view s, double& out, bool& integral) {
  if (s.empty()) return false;
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
  }
  const std::size_t unsigned_from = i;
  std::uint64_t whole = 0;  // the digits' value, while there are few enough to be exact
  std::size_t group = 0;  // digits since the last separator
  bool grouped = false, seen_point = false;
  std::size_t int_digits = 0, frac_digits = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      whole = whole * 10 + static_cast<unsigned>(c - '0');
      if (seen_point) ++frac_digits; else { ++int_digits; ++group; }
    } else if (c == ',' && !seen_point) {
      if (int_digits == 0 || (grouped && group != 3) || (!grouped && group > 3)) return false;
      grouped = true;
      group = 0;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return false;
    }
  }
  if (int_digits == 0 || (grouped && group != 3) || (seen_point && frac_digits == 0)) return false;
  // An integer of up to 15 digits is exactly a double: strtod would give the same. Only the
  // others need the digits without separators, for strtod.
  if (!seen_point && int_digits <= 15) {
    out = static_cast<double>(whole);
  } else {
    std::string digits(s.substr(unsigned_from));
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    out = std::strtod(digits.c_str(), nullptr);
  }
  if (!std::isfinite(out)) return false;  // 309+ digits: text where a number belongs, not inf
  if (negative) out = -out;
  integral = !seen_point;
  return true;
}

}  // namespace

cell_meaning read_meaning(std::string_view text, const std::set<std::string>& placeholders, std::string* normalized) {
  cell_meaning v;
  const auto t = trim(text);
  v.raw = t;
  if (t.empty()) {
    v.kind = cell_kind::empty;
    return v;
  }
  std::string own;  // the label when the caller wants none
  std::string& n = normalized ? *normalized : own;
  normalize_label_into(t, n);  // also removes inner spaces: "1 234" -> "1234"
  // A minus sign (U+2212, left alone by NFKC) before a number: the sign of a change (本年增/减).
  constexpr std::string_view minus = "\u2212";
  const bool signed_by_minus = n.size() > minus.size() && n.compare(0, minus.size(), minus) == 0;
  if (signed_by_minus) n.replace(0, minus.size(), "-");
  if (n.empty()) {
    v.kind = cell_kind::empty;
    return v;
  }
  if (placeholders.count(n)) {
    v.kind = cell_kind::placeholder;
    return v;
  }
  if (parse_number(n, v.number, v.integral)) {
    v.kind = cell_kind::number;
    return v;
  }
  // A number followed by a unit (`5件`, `1.5万元`): a number here; whether the unit is the one its
  // column counts in the resolver decides (cells/units.hpp: unit_printed of `raw`).
  if (const auto unit = trailing_unit(n);
      !unit.empty() && parse_number(std::string_view(n).substr(0, n.size() - unit.size()), v.number, v.integral)) {
    v.kind = cell_kind::number;
    return v;
  }
  v.kind = cell_kind::text;
  if (signed_by_minus) n.replace(0, 1, minus);
  return v;
}

value to_value(const cell_meaning& m) {
  value v;
  v.kind = m.kind;
  v.number = m.number;
  v.integral = m.integral;
  v.raw = std::string(m.raw);
  v.where = m.where;
  return v;
}

value classify_cell(std::string_view text, const std::set<std::string>& placeholders, std::string* normalized) {
  return to_value(read_meaning(text, placeholders, normalized));
}

}  // namespace nianbao::resolve
