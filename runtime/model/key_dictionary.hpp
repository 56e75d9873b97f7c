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

}  // namespace nianbao::model
