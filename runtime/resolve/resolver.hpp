#pragma once
// The resolve stage: rows of cells -> canonical keys, through the model's labels.
#include <string_view>

#include "core/line_index.hpp"
#include "layout/layout.hpp"
#include "model/model.hpp"
#include "profile/profile.hpp"
#include "resolve/candidate.hpp"
#include "resolve/labels.hpp"

namespace nianbao::resolve {

struct resolve_input {
  std::string_view text;
  const line_index& lines;
  const std::string& file;  // for diagnostics
  const layout::layout_result& layout;
  const model::template_model& model;
  const profile::profile& profile;
  const label_index& labels;
};

candidate resolve(const resolve_input& in);

}  // namespace nianbao::resolve
