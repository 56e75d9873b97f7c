#pragma once
// The check stage: declarative rules (model/RULES.md) evaluated over a report's canonical values.
//
//   auto rules = nianbao::check::load_rules_file("model/gov-2021.rules");
//   rules = nianbao::check::load_rules_file(user_path, rules);   // --rules FILE on top
//   nianbao::check::check_report r = nianbao::check::evaluate(rules, record);
//   out["checks"] = nianbao::check::to_json(r);
//
// Errors in a rules file (syntax, undefined set, unknown variable, duplicate rule id) throw
// nianbao::diagnostic_error with file, line and code-point column. Keys that the report's template
// does not have are found while evaluating and reported in check_report::rule_errors.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "check/value_source.hpp"
#include "core/diagnostic.hpp"
#include "core/value.hpp"

namespace nianbao::check {

namespace detail {
struct rules_data;
}

// What a rule is, for listings (`nianbao rules`, documentation).
struct rule_info {
  std::string id;
  nianbao::severity severity = nianbao::severity::error;
  std::string message;
  std::string file;
  source_position where;  // of the `rule` keyword
};

// A parsed, checked collection of rules and named sets from one or more rules files.
// Cheap to copy (the parsed files are shared and immutable).
class rule_set {
 public:
  rule_set();
  explicit rule_set(std::shared_ptr<const detail::rules_data> data);
  bool empty() const noexcept;
  std::size_t size() const noexcept;      // number of rules
  std::vector<rule_info> rules() const;   // in evaluation order (file order, files in load order)
  std::vector<std::string> set_names() const;
  std::vector<std::string> files() const; // the files it was read from, in load order

  const detail::rules_data& data() const noexcept { return *data_; }

 private:
  std::shared_ptr<const detail::rules_data> data_;
};

// Parses a rules text. `file` names it in diagnostics.
rule_set parse_rules(std::string_view text, std::string file = "<rules>");
// Parses a rules text on top of `base`: the sets of `base` can be used, its rule ids and set
// names cannot be reused. Returns `base` plus the new rules (base's rules first).
rule_set parse_rules(std::string_view text, std::string file, const rule_set& base);

// Reads a rules file (UTF-8; a byte order mark is skipped) and parses it, optionally on top of
// `base` as above. Throws diagnostic_error (code "io") when the file cannot be read.
rule_set load_rules_file(const std::string& path);
rule_set load_rules_file(const std::string& path, const rule_set& base);

// Appends the rules and sets of `extra` (parsed on its own) to `into`. Throws diagnostic_error,
// positioned in `extra`'s file, when a rule id or set name is defined in both.
void add(rule_set& into, const rule_set& extra);

// ---- evaluation ---------------------------------------------------------------------------

enum class status {
  passed,
  failed,
  skipped,         // a value it needs is missing from the report (kind missing)
  not_assessable,  // a value it needs is a placeholder, an empty cell or text (not a number)
};

const char* to_string(status s) noexcept;

struct involved_key {
  std::string key;      // canonical key, e.g. "requests.new.natural_person"
  nianbao::value value; // copied from the value_source (kind, number, raw, position, ...)
};

// One instance of a rule: the rule with each quantifier variable bound.
struct instance_result {
  std::string rule;      // rule id, e.g. "balance"
  std::string instance;  // bound values joined by '.', e.g. "natural_person", "new.total"; "" if none
  nianbao::severity severity = nianbao::severity::error;
  std::string message;
  check::status status = check::status::passed;
  std::string check;           // the check with the variables substituted, as written in the rules
  std::optional<double> left;  // the two sides, when every value they need is a number
  std::optional<double> right; // (integer(...) checks: left is the value, right is empty)
  std::vector<involved_key> keys;  // every key read, in order of first use

  std::string name() const { return instance.empty() ? rule : rule + "/" + instance; }
};

// A rule that could not be evaluated for an instance because the rules name a key the report's
// template does not have (or a pattern matches none). Not counted as passed/failed/....
struct rule_error {
  std::string rule;
  std::string instance;
  nianbao::diagnostic diag;  // positioned in the rules file; code "unknown-key"
};

struct check_report {
  std::vector<instance_result> results;  // every instance, in rule order then binding order
  std::vector<rule_error> rule_errors;   // one per rule and place in the rules file
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  std::size_t not_assessable = 0;

  std::size_t failed_errors() const noexcept;    // failed instances of severity error
  std::size_t failed_warnings() const noexcept;  // failed instances of severity warning
};

check_report evaluate(const rule_set& rules, const value_source& values);

// The "checks" object of the parse output:
// {"passed":N,"failed":N,"skipped":N,"not_assessable":N,
//  "failures":[{"rule","instance","severity","message","status","check","left","right",
//               "keys":{"requests.new.natural_person":{"value":11,"line":57,"column":12},...}}],
//  "unassessed":[...same shape, status "skipped" or "not_assessable"...],   (with_unassessed)
//  "rule_errors":[{"rule","instance","message","file","line","column"}]}
// A key's entry has "value" (number, or null when not a number), then "kind" and "raw" when it
// is not a number, "line"/"column" when known, and "repaired": true when repaired.
nlohmann::ordered_json to_json(const check_report& report, bool with_unassessed = true);
nlohmann::ordered_json to_json(const instance_result& result);

}  // namespace nianbao::check
