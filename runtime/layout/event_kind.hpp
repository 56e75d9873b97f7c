#pragma once
// The names a grammar may give its rules to bind them to the runtime's actions.
// The generator and the runtime share this table: a grammar author writes no C++.
#include <optional>
#include <string_view>

namespace nianbao::layout {

enum class event_kind : unsigned char {
  none,     // an ordinary rule: no action
  cell,     // `cell`: the matched text is one table cell (may be empty or blank)
  row,      // `row`: ends a row: every cell matched since the previous row belongs to it
  heading,  // `heading`: the matched text is a heading line (e.g. a markdown `#` heading)
};

struct event_binding {
  std::string_view rule_name;
  event_kind kind;
  std::string_view meaning;
};

inline constexpr event_binding event_bindings[] = {
    {"cell", event_kind::cell, "the matched text is one table cell (may be empty or blank)"},
    {"row", event_kind::row, "ends a row: the cells matched since the previous row belong to it"},
    {"heading", event_kind::heading, "the matched text is a heading line"},
};

constexpr std::optional<event_kind> event_for_rule_name(std::string_view name) {
  for (const auto& b : event_bindings)
    if (b.rule_name == name) return b.kind;
  return std::nullopt;
}

}  // namespace nianbao::layout
