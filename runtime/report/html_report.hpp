#pragma once
// `nianbao report OUT.html`: one self-contained page about a run (no network, no script; charts
// are inline SVG): the run's summary (parsed, partial, failed; rule failures by rule), the
// distribution of the main measures with each report's place (its agency and division on hover),
// the agencies with the most rule failures and the cells behind them, and each agency's values
// beside last year's.
#include <string>
#include <vector>

#include "pipeline/across_years.hpp"

namespace nianbao::report {

struct report_options {
  std::string title = "nianbao 报告";
  std::string generated_by;           // version and command line, printed at the foot
  std::size_t top_failures = 20;      // agencies listed with their rule failures
};

// The page. `records` in input order; `pairs` from pipeline::check_across_years over them.
std::string html_report(const std::vector<pipeline::record>& records, const pipeline::across_years_result& pairs,
                        const report_options& opts);

// Text made safe inside HTML (& < > " ').
std::string escape_html(std::string_view s);

}  // namespace nianbao::report
