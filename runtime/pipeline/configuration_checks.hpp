#pragma once
// What pipeline::context refuses when it is made, beyond what each data file's loader checks
// alone (issue 24: mistakes in configuration were accepted silently, or failed every input
// alike). Each throws nianbao::diagnostic_error naming the option, or the file, line and column,
// with the nearest valid name where there is one.
#include <string>
#include <vector>

#include "model/model.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/profile.hpp"
#include "rules/rules.hpp"

namespace nianbao::pipeline {

// --encoding naming no converter ("encoding", file "--encoding"); a time limit that is negative
// or NaN ("usage", file "--time-limit").
void check_options(const options& opts);

// A profile's [labels] key that is no row key or table id of any loaded template.
void check_label_keys(const std::vector<profile::profile>& profiles, const std::vector<model::template_model>& models);

// A rule error of the compiled rules (`compiled`, parallel to `models`) that every template the
// rules file is checked against has: a key none of them has ("unknown-key", with the nearest
// key), a rule binding too many instances ("rule-expansion"). An extra rules file (`extra_rules`,
// --rules) is checked against every model; a model's own rules file against it only.
void check_rule_errors(const std::vector<model::template_model>& models,
                       const std::vector<check::compiled_rules>& compiled, const std::vector<std::string>& extra_rules);

}  // namespace nianbao::pipeline
