#include "pipeline/configuration_checks.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/diagnostic.hpp"
#include "core/nearest_name.hpp"
#include "decode/decode.hpp"

namespace nianbao::pipeline {

void check_options(const options& opts) {
  if (!opts.encoding.empty()) {
    try {
      decode::options d;
      d.encoding = opts.encoding;
      (void)decode::decode({}, d);  // opens the converter: an unknown name throws "encoding"
    } catch (const diagnostic_error& e) {
      auto d = e.diag();
      d.file = "--encoding";
      throw diagnostic_error(d);
    }
  }
  if (!(opts.time_limit >= 0))  // negative or NaN
    throw diagnostic_error(file_error("--time-limit", "usage",
                                      fmt::format("a time limit must be 0 or more seconds, not {}", opts.time_limit)));
}

void check_label_keys(const std::vector<profile::profile>& profiles, const std::vector<model::template_model>& models) {
  std::vector<std::string> names;
  for (const auto& m : models)
    for (const auto& t : m.tables) {
      names.push_back(t.id);
      for (const auto& r : t.rows) names.push_back(r.key);
    }
  for (const auto& p : profiles)
    for (const auto& entry : p.labels) {
      const auto& key = entry.first;
      if (std::find(names.begin(), names.end(), key) != names.end()) continue;
      diagnostic d = file_error(p.file, "profile",
                                "[labels] names `" + key + "`, which is no row key or table id of a template" +
                                    did_you_mean(key, names));
      if (const auto at = p.label_places.find(key); at != p.label_places.end()) {
        d.where.line = at->second.first;
        d.where.column = at->second.second;
      }
      throw diagnostic_error(d);
    }
}

void check_rule_errors(const std::vector<model::template_model>& models,
                       const std::vector<check::compiled_rules>& compiled, const std::vector<std::string>& extra_rules) {
  std::map<std::tuple<std::string, std::size_t, std::size_t>, std::size_t> seen;  // place -> templates with it
  for (const auto& c : compiled)
    for (const auto& e : c.rule_errors()) {
      const auto& d = e.diag;
      const std::size_t own = static_cast<std::size_t>(
          std::count_if(models.begin(), models.end(), [&](const auto& m) { return m.rules_file == d.file; }));
      const std::size_t checked_against =
          own + (std::count(extra_rules.begin(), extra_rules.end(), d.file) ? models.size() : 0);
      if (++seen[{d.file, d.where.line, d.where.column}] >= std::max<std::size_t>(checked_against, 1))
        throw diagnostic_error(d);
    }
}

}  // namespace nianbao::pipeline
