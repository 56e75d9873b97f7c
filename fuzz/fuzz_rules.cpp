// Fuzz target: the rule language (model/*.rules, Boost.Spirit X3) on arbitrary text; a rule set
// it accepts is then evaluated on the gov-2021 keys, once with every value missing and once
// with every value 1. A bad rules text must give a nianbao::diagnostic_error naming the file;
// nothing else may escape, from the parser or from the evaluator.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rules.hpp"
#include "fuzz_common.hpp"
#include "model/model.hpp"
#include "model_values.hpp"
#include "pipeline/pipeline.hpp"
#include "core/utf8.hpp"
#include "write/check_json.hpp"

#include <nlohmann/json.hpp>

using namespace nianbao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto m = model::load_model_file(pipeline::data_dir() + "/model/gov-2021.toml");
  static const std::vector<value> missing(m.keys.size());
  static const std::vector<value> ones = [] {
    std::vector<value> v(m.keys.size());
    for (auto& x : v) {
      x.kind = cell_kind::number;
      x.number = 1;
      x.raw = "1";
    }
    return v;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check::rule_set rules;
  try {
    rules = check::parse_rules(text, "fuzz.rules");
  } catch (const diagnostic_error& e) {
    fuzz::check_diagnostic(e.diag(), text, "fuzz.rules");
    return 0;
  }
  for (const auto* values : {&missing, &ones}) {
    const auto report = check::evaluate(rules, model::model_values(m, *values));
    // Strictly: a rules file is checked for UTF-8 (finding F3), so every message and name in a
    // report must be valid UTF-8 (the JSON writer would replace what is not), and its JSON must
    // read back.
    for (const auto& r : report.results)
      for (const std::string_view t : {r.rule, r.instance, r.message, r.check})
        if (!is_valid_utf8(t)) fuzz::finding("check report holds text that is not valid UTF-8");
    std::string text;
    write::json_text j(text);
    write::write_checks(j, report, true);
    try {
      (void)nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      fuzz::finding(std::string("check report's JSON does not read back: ") + e.what());
    }
  }
  return 0;
}
