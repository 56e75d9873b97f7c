#include "record/record.hpp"

namespace nianbao::pipeline {

void record::of_model(const model::template_model& m) {
  model = &m;
  values.assign(m.keys.size(), value{});
  table_profiles.assign(m.tables.size(), std::string());
  narrative.clear();
}

bool record::parallel_to_model() const {
  if (!model) return values.empty() && table_profiles.empty() && narrative.empty();
  return values.size() == model->keys.size() && table_profiles.size() == model->tables.size() &&
         (narrative.empty() || narrative.size() == model->narrative.size());
}

const char* to_string(status s) noexcept {
  switch (s) {
    case status::parsed: return "parsed";
    case status::partial: return "partial";
    case status::failed: return "failed";
  }
  return "failed";
}

}  // namespace nianbao::pipeline
