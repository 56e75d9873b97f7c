#pragma once
// Every canonical key of a template with where it sits and how the template prints it: what the
// SQLite dictionary and the xlsx column headers both show.
#include <string>
#include <vector>

#include "model/model.hpp"

namespace nianbao::model {

struct key_entry {
  std::string key;           // "requests.new.natural_person"
  std::string table;         // "requests"
  std::string row;           // the row (or table 4's group) without the table: "new"
  std::string column;        // "natural_person"
  std::string row_label;     // the first printed label of the row or group; empty when it has none
  std::string column_label;  // the first printed label of the column; empty when it has none
  value_type type = value_type::integer;
  bool in_group = false;     // a key of a sequence table (table 4): row is a group
};

// In the template's order of tables, rows (groups) and columns.
std::vector<key_entry> key_entries(const template_model& m);

// The unit a value of this type is counted in: "万元" (a decimal amount) or "件".
const char* unit_of(value_type type);

// The key for people: "row label · column label（unit）", a label the template does not print
// shown by its name (a row's by its key): "一、本年新收政府信息公开申请数量 · 总计（件）".
std::string key_heading(const key_entry& e);

}  // namespace nianbao::model
