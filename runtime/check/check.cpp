#include "check/check.hpp"

#include <cmath>

#include <fmt/format.h>

namespace nianbao::check {

namespace {

// A number as a message shows it: an integer as such, anything else (a fraction, or a stated
// number too large for long long, e.g. 30 digits) in the shortest form that reads back.
std::string number_text(double n) {
  if (n == std::floor(n) && std::fabs(n) < 9007199254740992.0) return std::to_string(static_cast<long long>(n));
  return fmt::format("{}", n);
}

// A number stated in 一、总体情况 whose table value is missing (a table not found, or a row
// left null as ambiguous) is neither confirmed nor contradicted: say so, rather than stay silent.
std::vector<diagnostic> unconfirmed_narrative(const check_report& report, const std::string& file) {
  constexpr std::string_view prefix = "narrative.";
  std::vector<diagnostic> warnings;
  for (const auto& res : report.results) {
    if (res.status != status::skipped) continue;
    const involved_key* fact = nullptr;
    std::vector<std::string> missing;
    for (const auto& k : res.keys) {
      if (k.key.compare(0, prefix.size(), prefix) == 0) {
        if (k.value->kind == cell_kind::number) fact = &k;
      } else if (k.value->kind == cell_kind::missing) {
        missing.emplace_back(k.key);
      }
    }
    if (!fact || missing.empty()) continue;
    std::string keys;
    for (const auto& k : missing) keys += (keys.empty() ? "" : ", ") + k;
    diagnostic d = file_error(file, "narrative-unconfirmed",
                              "「" + fact->value->raw + "」 states " + number_text(fact->value->number) +
                                  " but the table gives no value for " + keys + "; " + res.name() +
                                  " could not be checked");
    d.severity = severity::warning;
    d.where = fact->value->where;
    warnings.push_back(std::move(d));
  }
  return warnings;
}

}  // namespace

checked check_values(const compiled_rules& rules, const std::vector<value>& values,
                     const std::vector<value>& narrative, const std::string& file) {
  checked c;
  c.report = evaluate(rules, value_view(values, narrative));
  c.warnings = unconfirmed_narrative(c.report, file);
  return c;
}

}  // namespace nianbao::check
