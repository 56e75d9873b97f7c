#pragma once
// A report's values seen through its template's keys: what the rule evaluator reads.
#include <string>
#include <string_view>
#include <vector>

#include "check/value_source.hpp"
#include "model/model.hpp"

namespace nianbao::model {

class model_values final : public check::value_source {
 public:
  model_values(const template_model& m, const std::vector<value>& values) : model_(m), values_(values) {}
  const std::vector<std::string>& keys() const override { return model_.keys; }
  const value* find(std::string_view key) const override {
    auto it = model_.key_index.find(std::string(key));
    return it == model_.key_index.end() ? nullptr : &values_[it->second];
  }

 private:
  const template_model& model_;
  const std::vector<value>& values_;
};

}  // namespace nianbao::model
