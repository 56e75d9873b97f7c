#pragma once
// The repair stage: rows whose cells do not line up with their columns (lost, extra or split
// cells) are resolved by the template's rules where the evidence leaves exactly one answer.
// Where several readings fit equally, the values stay null and a warning lists them.
#include <cstddef>
#include <string>

#include "rules/rules.hpp"
#include "model/model.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::repair {

struct options {
  std::size_t max_alignments = 5000;     // per row; beyond this the row stays unresolved
  std::size_t max_combinations = 20000;  // joint readings of several rows checked together
};

// Fills what can be filled in `c` (values marked repaired, a repair entry per value) and moves
// the rows it resolved out of `misaligned`; adds notes for the rows it could not resolve.
// `rules` are the template's rules compiled against m.rule_keys (the model's keys first).
void repair_candidate(resolve::candidate& c, const model::template_model& m, const check::compiled_rules& rules,
                      const std::string& file, const options& opts = {});

}  // namespace nianbao::repair
