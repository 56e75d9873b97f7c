#include "model/key_dictionary.hpp"

namespace nianbao::model {

namespace {

std::string first(const std::map<std::string, std::vector<std::string>>& labels, const std::string& name) {
  auto it = labels.find(name);
  return it == labels.end() || it->second.empty() ? std::string() : it->second.front();
}

}  // namespace

std::vector<key_entry> key_entries(const template_model& m) {
  std::vector<key_entry> out;
  for (const auto& spec : m.tables) {
    if (spec.layout == table_layout::sequence) {
      for (const auto& g : spec.groups)
        for (const auto& c : spec.columns)
          out.push_back({spec.id + "." + g + "." + c, spec.id, g, c, first(spec.group_names, g),
                         first(spec.column_labels, c), value_type::integer, true});
      continue;
    }
    for (const auto& row : spec.rows)
      for (std::size_t c = 0; c < row.columns.size(); ++c) {
        const std::string& col = row.columns[c];
        out.push_back({row.key + "." + col, spec.id, row.key.substr(spec.id.size() + 1), col,
                       row.labels.empty() ? std::string() : row.labels.front(), first(spec.column_labels, col),
                       c < row.column_types.size() ? row.column_types[c] : row.type, false});
      }
  }
  return out;
}

const char* unit_of(value_type type) { return type == value_type::decimal ? "万元" : "件"; }

std::string key_heading(const key_entry& e) {
  const std::string row = !e.row_label.empty() ? e.row_label : e.in_group ? e.row : e.table + "." + e.row;
  const std::string col = e.column_label.empty() ? e.column : e.column_label;
  return row + " · " + col + "（" + unit_of(e.type) + "）";
}

}  // namespace nianbao::model
