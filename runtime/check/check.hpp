#pragma once
// The check stage: the template's rules (compiled by runtime/rules) on a report's values and on
// the numbers its prose states, and a warning for each stated number the tables leave unconfirmed.
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/value.hpp"
#include "rules/rules.hpp"

namespace nianbao::check {

struct checked {
  check_report report;
  std::vector<diagnostic> warnings;  // narrative-unconfirmed, in rule order
};

// `values` parallel to the template's keys, `narrative` to its narrative facts; `file` names the
// report in the warnings.
checked check_values(const compiled_rules& rules, const std::vector<value>& values,
                     const std::vector<value>& narrative, const std::string& file);

}  // namespace nianbao::check
