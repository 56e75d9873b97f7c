#pragma once
// The narrative stage: numbers that section 一、总体情况 states in prose
// (「共受理政府信息公开申请 212 件，办结 211 件」), found by the model's patterns.
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/line_index.hpp"
#include "core/value.hpp"
#include "model/model.hpp"

namespace nianbao::narrative {

// What extract keeps for the worker that installed it (worker_slot<memo>,
// pipeline/worker_state.hpp): the patterns of the models seen last, compiled (a run uses one or
// two), and the buffers prose is read into (allocating ~15 KB for every report cost more than
// decoding it). Without one, extract compiles and allocates afresh.
class memo {
 public:
  memo();
  ~memo();
  memo(memo&&) noexcept;
  memo& operator=(memo&&) noexcept;
  struct parts;  // narrative.cpp
  parts& get() noexcept { return *parts_; }

 private:
  std::unique_ptr<parts> parts_;
};

// One value per m.narrative entry: kind number when a pattern matched (raw = the matched
// phrase, where = its position), missing otherwise. `prose` is the text before the tables.
std::vector<value> extract(std::string_view prose, const line_index& lines, const model::template_model& m);

// The match of one pattern in `text`, for tests: the number, or nullopt.
std::optional<double> match_pattern(std::string_view pattern, std::string_view text);

}  // namespace nianbao::narrative
