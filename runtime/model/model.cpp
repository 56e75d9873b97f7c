#include "model/model.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/diagnostic.hpp"
#include "model/toml_support.hpp"

namespace nianbao::model {

std::vector<std::string> table_spec::keys() const {
  std::vector<std::string> out;
  if (layout == table_layout::rows) {
    for (const auto& r : rows)
      for (const auto& c : r.columns) out.push_back(r.key + "." + c);
  } else {
    for (const auto& g : groups)
      for (const auto& c : columns) out.push_back(id + "." + g + "." + c);
  }
  return out;
}

namespace {

using toml_support::fail;
using toml_support::optional_string;
using toml_support::required_string;
using toml_support::string_list;

// A pattern's fixed value `{=N}` must be a plain number (narrative.cpp reads it): refused here,
// with its position, rather than at every report.
void check_fixed_values(const toml::node& patterns, const toml_support::context& cx) {
  auto check = [&](const toml::node& item) {
    const auto* s = item.as_string();
    if (!s) return;
    const std::string& p = s->get();
    for (auto at = p.find("{="); at != std::string::npos; at = p.find("{=", at + 2)) {
      const auto close = p.find('}', at);
      if (close == std::string::npos) break;
      const std::string v = p.substr(at + 2, close - at - 2);
      const auto point = v.find('.');
      const auto digits = [](std::string_view d) {
        return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
      };
      if (!digits(std::string_view(v).substr(0, point)) ||
          (point != std::string::npos && !digits(std::string_view(v).substr(point + 1))))
        fail(cx, &item, "the fixed value `" + p.substr(at, close - at + 1) + "` of a pattern is not a number");
    }
  };
  if (const auto* arr = patterns.as_array()) {
    for (const auto& item : *arr) check(item);
  } else {
    check(patterns);
  }
}

value_type parse_type(const toml::table& t, const toml_support::context& cx) {
  const auto type = optional_string(t, "type", cx, "integer");
  if (type == "integer") return value_type::integer;
  if (type == "decimal") return value_type::decimal;
  fail(cx, t["type"].node(), "type must be \"integer\" or \"decimal\", not \"" + type + "\"");
}

table_spec parse_table(const toml::table& t, const toml_support::context& cx) {
  toml_support::reject_unknown_keys(t, {"id", "headings", "layout", "columns", "groups", "group_labels", "group_starts", "group_names",
                                        "column_labels", "rows"}, cx,
                                    "[[tables]]");
  table_spec spec;
  spec.id = required_string(t, "id", cx);
  spec.headings = string_list(t, "headings", cx, /*required=*/true);
  const auto layout = optional_string(t, "layout", cx, "rows");
  if (layout == "rows") spec.layout = table_layout::rows;
  else if (layout == "sequence") spec.layout = table_layout::sequence;
  else fail(cx, t["layout"].node(), "layout must be \"rows\" or \"sequence\", not \"" + layout + "\"");
  spec.columns = string_list(t, "columns", cx, false);
  spec.groups = string_list(t, "groups", cx, spec.layout == table_layout::sequence);
  spec.group_labels = string_list(t, "group_labels", cx, false);

  if (const auto* labels = t["column_labels"].as_table()) {
    for (const auto& [name, node] : *labels) {
      spec.column_labels[std::string(name.str())] = toml_support::as_string_list(node, cx);
    }
  }
  if (const auto* names = t["group_names"].as_table()) {
    for (const auto& [name, node] : *names) {
      spec.group_names[std::string(name.str())] = toml_support::as_string_list(node, cx);
    }
  }
  if (spec.layout == table_layout::sequence) {
    if (spec.columns.empty()) fail(cx, &t, "a sequence table needs `columns`");
    return spec;
  }
  const auto* rows = t["rows"].as_array();
  if (!rows || rows->empty()) fail(cx, &t, "table \"" + spec.id + "\" has no [[tables.rows]]");
  for (const auto& node : *rows) {
    const auto* rt = node.as_table();
    if (!rt) fail(cx, &node, "each entry of tables.rows must be a table");
    toml_support::reject_unknown_keys(*rt, {"key", "labels", "columns", "type", "column_types"}, cx,
                                      "[[tables.rows]]");
    row_spec row;
    row.key = required_string(*rt, "key", cx);
    row.labels = string_list(*rt, "labels", cx, true);
    row.columns = string_list(*rt, "columns", cx, false);
    if (row.columns.empty()) row.columns = spec.columns;
    if (row.columns.empty())
      fail(cx, rt, "row \"" + row.key + "\" has no columns and its table gives none");
    row.type = parse_type(*rt, cx);
    row.column_types.assign(row.columns.size(), row.type);
    if (const auto* types = (*rt)["column_types"].as_table()) {
      for (const auto& [name, node] : *types) {
        const auto it = std::find(row.columns.begin(), row.columns.end(), std::string(name.str()));
        if (it == row.columns.end())
          fail(cx, &node, "column_types names \"" + std::string(name.str()) + "\", not a column of row \"" + row.key + "\"");
        const auto* type = node.as_string();
        if (!type || (type->get() != "integer" && type->get() != "decimal"))
          fail(cx, &node, "a column type must be \"integer\" or \"decimal\"");
        row.column_types[static_cast<std::size_t>(it - row.columns.begin())] =
            type->get() == "decimal" ? value_type::decimal : value_type::integer;
      }
    } else if (const auto* node = (*rt)["column_types"].node()) {
      fail(cx, node, "column_types must be a table: { column = \"decimal\" }");
    }
    spec.rows.push_back(std::move(row));
  }
  spec.group_first_rows.assign(spec.group_labels.size(), SIZE_MAX);
  if (const auto* node = t["group_starts"].node()) {
    const auto* starts = node->as_table();
    if (!starts) fail(cx, node, "group_starts must be a table: { \"(三)不予公开\" = \"<row key>\" }");
    for (const auto& [name, key] : *starts) {
      const auto g = std::find(spec.group_labels.begin(), spec.group_labels.end(), std::string(name.str()));
      if (g == spec.group_labels.end())
        fail(cx, &key, "group_starts names \"" + std::string(name.str()) + "\", not one of the table's group_labels");
      const auto* row_key = key.as_string();
      const auto r = std::find_if(spec.rows.begin(), spec.rows.end(),
                                  [&](const row_spec& row) { return row_key && row.key == row_key->get(); });
      if (r == spec.rows.end()) fail(cx, &key, "group_starts must give the key of a row of the table");
      spec.group_first_rows[static_cast<std::size_t>(g - spec.group_labels.begin())] =
          static_cast<std::size_t>(r - spec.rows.begin());
    }
  }
  return spec;
}

}  // namespace

template_model parse_model(std::string_view text, const std::string& path) {
  const toml_support::context cx{path, text};
  const toml::table root = toml_support::parse(text, cx);

  toml_support::reject_unknown_keys(root, {"template", "title", "rules", "across_years_rules", "end_headings",
                                           "report_years", "tables", "narrative"},
                                    cx, "a model");
  template_model m;
  m.file = path;
  m.id = required_string(root, "template", cx);
  m.title = optional_string(root, "title", cx, "");
  const auto beside = [&](const std::string& name) {
    if (name.empty()) return name;
    const auto slash = path.find_last_of('/');
    return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + name;
  };
  m.rules_file = beside(optional_string(root, "rules", cx, ""));
  m.across_years_rules_file = beside(optional_string(root, "across_years_rules", cx, ""));
  m.end_headings = string_list(root, "end_headings", cx, false);
  if (const auto* years = root["report_years"].node()) {
    const auto* list = years->as_array();
    if (!list) fail(cx, years, "report_years must be a list of years: [2019, 2020]");
    for (const auto& y : *list) {
      const auto* year = y.as_integer();
      if (!year || year->get() < 1900 || year->get() > 2999) fail(cx, &y, "report_years must hold years such as 2019");
      m.report_years.push_back(static_cast<int>(year->get()));
    }
  }
  const auto* tables = root["tables"].as_array();
  if (!tables || tables->empty()) fail(cx, &root, "the model has no [[tables]]");
  std::set<std::string> ids;
  for (const auto& node : *tables) {
    const auto* t = node.as_table();
    if (!t) fail(cx, &node, "each entry of `tables` must be a table");
    auto spec = parse_table(*t, cx);
    if (!ids.insert(spec.id).second) fail(cx, t, "duplicate table id \"" + spec.id + "\"");
    m.tables.push_back(std::move(spec));
  }
  for (std::size_t ti = 0; ti < m.tables.size(); ++ti) {
    const auto& spec = m.tables[ti];
    std::vector<value_type> types;
    if (spec.layout == table_layout::rows) {
      for (const auto& r : spec.rows) types.insert(types.end(), r.column_types.begin(), r.column_types.end());
    }
    const auto keys = spec.keys();
    m.tables[ti].first_key = m.keys.size();
    m.tables[ti].key_count = keys.size();
    for (std::size_t r = 0, next = m.keys.size(); r < m.tables[ti].rows.size(); ++r) {
      m.tables[ti].rows[r].first_key = next;  // keys() lists each row's columns in order
      next += m.tables[ti].rows[r].columns.size();
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (!m.key_index.emplace(keys[i], m.keys.size()).second)
        fail(cx, tables->get(ti), "duplicate canonical key \"" + keys[i] + "\"");
      m.keys.push_back(keys[i]);
      m.key_infos.push_back({ti, types.empty() ? value_type::integer : types[i]});
    }
  }
  if (const auto* narrative = root["narrative"].as_array()) {
    for (const auto& node : *narrative) {
      const auto* t = node.as_table();
      if (!t) fail(cx, &node, "each entry of `narrative` must be a table");
      toml_support::reject_unknown_keys(*t, {"id", "label", "patterns"}, cx, "[[narrative]]");
      narrative_spec n;
      n.id = required_string(*t, "id", cx);
      n.label = optional_string(*t, "label", cx, n.id);
      n.patterns = string_list(*t, "patterns", cx, true);
      check_fixed_values(*t->get("patterns"), cx);
      m.narrative.push_back(std::move(n));
    }
  }
  m.rule_keys = m.keys;
  for (const auto& n : m.narrative) m.rule_keys.push_back("narrative." + n.id);
  return m;
}

void current_first(std::vector<template_model>& models) {
  std::stable_partition(models.begin(), models.end(), [](const template_model& m) { return m.report_years.empty(); });
}

template_model load_model_file(const std::string& path) {
  return parse_model(toml_support::read_file(path), path);
}

}  // namespace nianbao::model
