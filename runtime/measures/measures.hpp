#pragma once
// Derived measures (granted rate, correction rates, ...): named ratios over a template's
// canonical keys, defined as data (model/<template>.measures, see docs/measures.md) and
// evaluated with the rule language's engine: each numerator and denominator is an expression of
// the rule language, parsed, bound to the keys and evaluated by runtime/rules, as a rule's side
// is. Nothing here parses an expression.
//
//   auto set = nianbao::measures::load_for(model);                // beside the model file
//   auto results = nianbao::measures::evaluate(set, record.values);
//
// A measure is null, never 0, when a value it needs is missing or not a number (a placeholder,
// an empty cell, text), or when its denominator is 0; `why` says which.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rules.hpp"
#include "core/diagnostic.hpp"
#include "model/model.hpp"

namespace nianbao::measures {

struct measure {
  std::string id;           // "granted_rate": an identifier (column name in every output)
  std::string label;        // "予以公开率"
  std::string definition;   // 口径, in words
  std::string numerator;    // rule-language expressions, as written
  std::string denominator;
  source_position where;    // of the [[measure]] table in its file
};

class measure_set {
 public:
  measure_set() = default;
  const std::vector<measure>& measures() const noexcept { return measures_; }
  std::size_t size() const noexcept { return measures_.size(); }
  bool empty() const noexcept { return measures_.empty(); }
  const std::string& file() const noexcept { return file_; }
  const check::compiled_rules& compiled() const noexcept { return compiled_; }  // 2 instances a measure

  friend measure_set parse_measures(std::string_view, const std::string&, const std::vector<std::string>&);

 private:
  std::string file_;
  std::vector<measure> measures_;
  check::compiled_rules compiled_;  // measure i: instance 2i its numerator, 2i + 1 its denominator
};

// Parses a measures file (TOML) and binds its expressions to `keys` (a template's keys, in
// model order). Throws nianbao::diagnostic_error with file, line and column for a TOML error, a
// missing or unknown field, a duplicate id, an expression the rule language cannot parse, or a
// key or pattern the template does not have.
measure_set parse_measures(std::string_view toml_text, const std::string& file, const std::vector<std::string>& keys);
measure_set load_measures_file(const std::string& path, const std::vector<std::string>& keys);

// The measures of a template: the file beside its model file with the extension ".measures"
// (model/gov-2021.toml -> model/gov-2021.measures); empty when there is none.
measure_set load_for(const model::template_model& m);

enum class null_reason {
  none,              // a number
  missing,           // a value it needs is not in the report
  not_a_number,      // a value it needs is a placeholder, an empty cell or text
  zero_denominator,  // the denominator is 0
};

const char* to_string(null_reason r) noexcept;  // "", "missing", "not-a-number", "zero-denominator"

struct result {
  std::optional<double> value;
  std::optional<double> numerator;    // when every value it needs is a number
  std::optional<double> denominator;
  null_reason why = null_reason::none;
};

// One result per measure, in the set's order. `values` is indexed like the keys the set was bound to.
std::vector<result> evaluate(const measure_set& set, const check::value_view& values);

}  // namespace nianbao::measures
