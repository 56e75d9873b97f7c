#pragma once
// The likely culprit of a report's failed rules: one cell whose value, changed to one number,
// makes every failed rule it is in pass. Found from the rules' equations (each failed equation
// says which value of a cell it reads would balance it), then confirmed by evaluating those rules
// again with that value; never guessed.
#include <cstddef>
#include <vector>

#include "rules/rules.hpp"

namespace nianbao::check {

struct culprit {
  std::size_t key = 0;                 // index into the compiled rules' keys()
  double now = 0;                      // its value as read
  double would_be = 0;                 // the value that makes `failed` pass
  std::vector<std::size_t> failed;     // the failed instances it is in (indices of the report's results), ascending
};

// The culprits of `report` (evaluated by `rules` over `values`), in key order. A cell is one when
// changing it to a single value makes every failed instance it is in pass, and it is in at least
// two failed instances, or it is the only cell in all of them. A cell whose failed instances
// another culprit also explains (the same or more) is left out: two cells that explain the same
// failures are no answer, and none is given.
std::vector<culprit> likely_culprits(const compiled_rules& rules, const check_report& report, const value_view& values);

}  // namespace nianbao::check
