#pragma once
// The merge stage: per table, the candidate that fills more of it wins (ties: profile priority).
#include <string>
#include <vector>

#include "model/model.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::merge {

struct merged {
  std::vector<value> values;                 // parallel to the model's keys
  std::vector<std::string> table_profiles;   // per table: the profile that supplied it ("" = none)
  std::vector<std::size_t> table_filled;     // per table: keys set
  std::vector<diagnostic> notes;             // the chosen candidates' notes, in table order
  std::vector<resolve::misaligned_row> misaligned;  // of the chosen candidates
  std::vector<resolve::repair> repairs;             // of the chosen candidates
  std::size_t filled = 0;
  std::size_t tables_begin = SIZE_MAX;  // where the first table heading is (the narrative ends)
};

merged merge_candidates(const model::template_model& m, std::vector<resolve::candidate>& candidates);

}  // namespace nianbao::merge
