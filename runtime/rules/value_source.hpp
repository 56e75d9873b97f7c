#pragma once
// What the rule evaluator sees of a report: the canonical keys of its template, in model order,
// and the value of each. The runtime's canonical record implements it.
#include <string>
#include <string_view>
#include <vector>

#include "core/value.hpp"

namespace nianbao::check {

class value_source {
 public:
  virtual ~value_source() = default;
  // Every canonical key of the report's template, in model order (e.g. the 200 keys of gov-2021).
  virtual const std::vector<std::string>& keys() const = 0;
  // The value of a key, or nullptr when `key` is not a key of the template.
  virtual const value* find(std::string_view key) const = 0;
};

}  // namespace nianbao::check
