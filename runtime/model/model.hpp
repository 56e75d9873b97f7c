#pragma once
// The canonical model of a report template (keys, labels, aliases), loaded from a TOML data
// file such as model/gov-2021.toml. Nothing about a template is written in C++.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::model {

enum class value_type { integer, decimal };

struct row_spec {
  std::string key;                  // e.g. "requests.denied.state_secret"
  std::vector<std::string> labels;  // as written in the model file
  std::vector<std::string> columns; // column names, in printed order
  value_type type = value_type::integer;
  std::vector<value_type> column_types;  // parallel to columns: `type`, or `column_types.<column>`
  std::size_t first_key = 0;  // index of key + "." + columns[0] among the model's keys (set by the loader)
};

enum class table_layout {
  rows,      // labelled rows; each row's values follow its label in column order
  sequence,  // no row labels: groups x columns values in reading order (table 4)
};

struct table_spec {
  std::string id;                     // "active", "requests", "review"
  std::vector<std::string> headings;  // section headings that open the table
  table_layout layout = table_layout::rows;
  std::vector<row_spec> rows;         // rows layout
  std::vector<std::string> groups;    // sequence layout
  std::vector<std::string> columns;   // default columns (rows) / per-group columns (sequence)
  std::map<std::string, std::vector<std::string>> column_labels;
  std::map<std::string, std::vector<std::string>> group_names;  // sequence layout: a group's name as printed (for dictionaries)
  // Labels that head a group of rows and are no row themselves (三、本年度办理结果, (三)不予公开):
  // a row label is never read as a misprint of one, and a label wrapped by the page width may
  // follow pieces of them on its line (resolve/labels.hpp).
  std::vector<std::string> group_labels;
  // For each group label, the index of the first row it heads (group_starts), or SIZE_MAX where
  // the model does not say: a group label read stands in the template's order right before it.
  std::vector<std::size_t> group_first_rows;

  // Keys of this table in order (rows: row.key + "." + column; sequence: id.group.column).
  std::vector<std::string> keys() const;
  // Where they are among the model's keys (set by the loader): keys[first_key, first_key + key_count).
  std::size_t first_key = 0;
  std::size_t key_count = 0;
};

// A number that section 一、总体情况 states in prose, found by patterns (see model/README.md):
// literal text, `{n}` the number, `{*}` a short gap inside one sentence, `{=0}` a fixed value.
struct narrative_spec {
  std::string id;                     // the fact's name; rules read it as key "narrative.<id>"
  std::string label;                  // what it is, for messages
  std::vector<std::string> patterns;  // tried in order; the first that matches wins
};

struct key_info {
  std::size_t table;  // index into template_model::tables
  value_type type;
};

struct template_model {
  std::string id;      // "gov-2021"
  std::string title;
  std::string file;    // where it was loaded from
  std::string rules_file;  // path of the rules file (resolved beside the model), may be empty
  std::string across_years_rules_file;  // rules over two consecutive years (prev.*, cur.*), may be empty
  std::vector<std::string> end_headings;
  std::vector<table_spec> tables;
  // Report years the template was prescribed for (empty: any year). Used only to choose
  // between templates that read a report equally well (merge::better_template).
  std::vector<int> report_years;

  std::vector<std::string> keys;                // every canonical key, model order
  std::map<std::string, std::size_t> key_index; // key -> index into keys
  std::vector<key_info> key_infos;              // parallel to keys
  std::vector<narrative_spec> narrative;

  // keys followed by "narrative.<id>" for each narrative fact: what the rules may read.
  std::vector<std::string> rule_keys;
};

// Loads and validates a model file. Throws nianbao::diagnostic_error naming file, line and
// column (toml++ positions) for TOML syntax errors and for semantic errors (missing fields,
// duplicate keys, a row without columns...).
template_model load_model_file(const std::string& path);
template_model parse_model(std::string_view toml_text, const std::string& path);

// Puts the templates that name no report_years (the current template, gov-2021) before those
// that do (gov-2019), keeping their order otherwise: the first model is then the one a record
// without values (unreadable input, no table) is given.
void current_first(std::vector<template_model>& models);

}  // namespace nianbao::model
