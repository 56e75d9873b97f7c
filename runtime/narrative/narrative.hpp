#pragma once
// The narrative stage: numbers that section 一、总体情况 states in prose
// (「共受理政府信息公开申请 212 件，办结 211 件」), found by the model's patterns.
#include <string_view>
#include <vector>

#include "core/line_index.hpp"
#include "core/value.hpp"
#include "model/model.hpp"

namespace nianbao::narrative {

// One value per m.narrative entry: kind number when a pattern matched (raw = the matched
// phrase, where = its position), missing otherwise. `prose` is the text before the tables.
std::vector<value> extract(std::string_view prose, const line_index& lines, const model::template_model& m);

// The match of one pattern in `text`, for tests: the number, or nullopt.
std::optional<double> match_pattern(std::string_view pattern, std::string_view text);

}  // namespace nianbao::narrative
