#pragma once
// A report's values seen through its template's keys: what the rule evaluator reads.
#include <string>
#include <string_view>
#include <vector>

#include "rules/value_source.hpp"
#include "model/model.hpp"

namespace nianbao::model {

// The canonical keys, then the narrative facts as "narrative.<id>" (parallel to m.narrative;
// an empty vector means none were looked for: they read as missing).
class model_values final : public check::value_source {
 public:
  model_values(const template_model& m, const std::vector<value>& values, const std::vector<value>* narrative = nullptr)
      : model_(m), values_(values), narrative_(narrative) {}
  const std::vector<std::string>& keys() const override { return model_.rule_keys; }
  const value* find(std::string_view key) const override {
    if (auto it = model_.key_index.find(std::string(key)); it != model_.key_index.end()) return &values_[it->second];
    constexpr std::string_view prefix = "narrative.";
    if (key.substr(0, prefix.size()) != prefix) return nullptr;
    for (std::size_t i = 0; i < model_.narrative.size(); ++i) {
      if (model_.narrative[i].id != key.substr(prefix.size())) continue;
      return narrative_ && i < narrative_->size() ? &(*narrative_)[i] : &missing_;
    }
    return nullptr;
  }

 private:
  const template_model& model_;
  const std::vector<value>& values_;
  const std::vector<value>* narrative_;
  value missing_;
};

}  // namespace nianbao::model
