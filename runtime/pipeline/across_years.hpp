#pragma once
// Rule 7 of the arithmetic: reports of the same agency in consecutive years, paired by the
// agency and year read from their titles, checked by the model's across-years rules
// (keys prev.<key> and cur.<key>).
#include <vector>

#include "rules/rules.hpp"
#include "pipeline/pipeline.hpp"
#include "record/record.hpp"

namespace nianbao::pipeline {

struct year_pair {
  const record* prev = nullptr;
  const record* cur = nullptr;
  check::check_report report;
};

struct across_years_result {
  std::vector<year_pair> pairs;    // ordered by agency, then year
  std::vector<diagnostic> notes;   // reports that could not be paired, and why
};

across_years_result check_across_years(const context& cx, const std::vector<record>& records);

}  // namespace nianbao::pipeline
