// Evaluating a rule_set over a value_source (through compile.cpp), and the "checks" JSON.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>

#include "rules/rules.hpp"
#include "rules/rules_data.hpp"

namespace nianbao::check {

const char* to_string(status s) noexcept {
  switch (s) {
    case status::passed: return "passed";
    case status::failed: return "failed";
    case status::skipped: return "skipped";
    case status::not_assessable: return "not_assessable";
  }
  return "failed";
}

std::size_t check_report::failed_errors() const noexcept {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status::failed && r.severity == nianbao::severity::error;
  return n;
}

std::size_t check_report::failed_warnings() const noexcept {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status::failed && r.severity == nianbao::severity::warning;
  return n;
}

namespace {

bool is_whole(double d) { return std::isfinite(d) && std::floor(d) == d; }

}  // namespace

check_report evaluate(const rule_set& rules, const value_source& values) {
  return evaluate(compile(rules, values.keys()), values);
}

check_report evaluate(const compiled_rules& compiled, const value_source& values) {
  const std::vector<std::string>& keys = values.keys();
  std::vector<const value*> pointers(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) pointers[i] = values.find(keys[i]);
  return evaluate(compiled, value_view(pointers));
}

}  // namespace nianbao::check
