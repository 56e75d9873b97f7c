#pragma once
// The resolve stage: rows of cells -> canonical keys, through the model's labels.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/line_index.hpp"
#include "layout/layout.hpp"
#include "model/model.hpp"
#include "profile/profile.hpp"
#include "resolve/candidate.hpp"
#include "resolve/labels.hpp"

namespace nianbao::resolve {

// A cell as the resolver sees it: what it means (kind, number, text as printed, position;
// `profile` left empty) and, for text, its normalised label.
struct read_cell {
  value v;
  std::string normalized;
  std::size_t numbering = 0;  // bytes of leading numbering in `normalized` (strip_numbering)

  label_text label() const { return {normalized, std::string_view(normalized).substr(numbering)}; }
};
using read_rows = std::vector<std::vector<read_cell>>;  // parallel to a layout's rows and cells

// Reads every cell of a layout once. The same for every profile and model that reads this
// grammar's cells from this text with these placeholders: the pipeline shares it among them.
read_rows read_cells(std::string_view text, const line_index& lines, const layout::layout_result& layout,
                     const std::set<std::string>& placeholders);
// What read_cells of this layout costs, in bytes, as the memory limit counts it (core/budget.hpp).
std::size_t read_cost(const layout::layout_result& layout);

struct resolve_input {
  std::string_view text;
  const line_index& lines;
  const std::string& file;  // for diagnostics
  const layout::layout_result& layout;
  const model::template_model& model;
  const profile::profile& profile;
  const label_index& labels;
  const read_rows& cells;  // read_cells(text, lines, layout, profile.placeholders)
};

candidate resolve(const resolve_input& in);

}  // namespace nianbao::resolve
