#include "check/culprit.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace nianbao::check {

namespace {

// The value of `key` that balances failed equation `inst` (left - right = difference; the cell
// enters it with coefficient c: value - difference / c), or none when the equation cannot say.
std::optional<double> balancing_value(const compiled_instance& inst, const instance_result& result, std::size_t key,
                                      double now) {
  if (!inst.is_equation() || !result.left || !result.right) return std::nullopt;
  for (const auto& t : inst.difference.terms)
    if (t.key == key) return now - (*result.left - *result.right) / t.coefficient;
  return std::nullopt;
}

// Whether the value is one a cell could print: finite, not negative, whole when the cell's was.
bool printable_value(double x, const value& was) {
  return std::isfinite(x) && x >= 0 && (!was.integral || x == std::floor(x));
}

}  // namespace

std::vector<culprit> likely_culprits(const compiled_rules& rules, const check_report& report, const value_view& values) {
  const auto& instances = rules.instances();
  std::vector<std::size_t> failed;
  for (std::size_t i = 0; i < report.results.size() && i < instances.size(); ++i)
    if (report.results[i].status == status::failed) failed.push_back(i);
  if (failed.empty()) return {};

  // The failed instances each key is in.
  const std::size_t nkeys = rules.keys().size();
  std::vector<std::vector<std::size_t>> in(nkeys);
  for (std::size_t i : failed)
    for (std::size_t k : instances[i].keys) in[k].push_back(i);
  std::size_t in_all = 0;
  for (const auto& v : in) in_all += v.size() == failed.size();

  std::vector<const value*> pointers(nkeys);
  for (std::size_t k = 0; k < nkeys; ++k) pointers[k] = &values[k];

  std::vector<culprit> found;
  for (std::size_t k = 0; k < nkeys; ++k) {
    const auto& mine = in[k];
    if (mine.empty() || !(mine.size() >= 2 || (mine.size() == failed.size() && in_all == 1))) continue;
    const value& was = values[k];
    if (!was.has_number()) continue;
    std::optional<double> x;
    for (std::size_t i : mine)
      if ((x = balancing_value(instances[i], report.results[i], k, was.number))) break;
    if (!x || !printable_value(*x, was)) continue;
    // Confirmed only when every failed instance it is in passes with that value.
    value changed = was;
    changed.number = *x;
    pointers[k] = &changed;
    const value_view with(pointers);
    const bool all_pass = std::all_of(mine.begin(), mine.end(), [&](std::size_t i) {
      return evaluate_instance(rules, i, with).status == status::passed;
    });
    pointers[k] = &was;
    if (all_pass) found.push_back({k, was.number, *x, mine});
  }
  // One explaining what another explains too (or less) is no answer of its own.
  std::vector<culprit> kept;
  for (const auto& c : found) {
    const bool covered = std::any_of(found.begin(), found.end(), [&](const culprit& o) {
      return &o != &c && std::includes(o.failed.begin(), o.failed.end(), c.failed.begin(), c.failed.end());
    });
    if (!covered) kept.push_back(c);
  }
  return kept;
}

}  // namespace nianbao::check
