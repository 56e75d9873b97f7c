#pragma once
// The check stage: declarative rules (model/RULES.md) evaluated over a report's canonical values.
//
//   auto rules = nianbao::check::load_rules_file("model/gov-2021.rules");
//   rules = nianbao::check::load_rules_file(user_path, rules);   // --rules FILE on top
//   auto compiled = nianbao::check::compile(rules, model.rule_keys);    // once per template
//   nianbao::check::check_report r = nianbao::check::evaluate(compiled, {record.values, record.narrative});
//   (written as JSON by write/check_json.hpp)
//
// Errors in a rules file (syntax, undefined set, unknown variable, duplicate rule id) throw
// nianbao::diagnostic_error with file, line and code-point column. Keys that the report's template
// does not have are found when compiling and reported in check_report::rule_errors.
//
// Compiling binds every instance of every rule to the template's keys once: each side of a check
// becomes a linear form (a constant plus coefficient x key index) and the text of the check is
// rendered then. Evaluating a compiled rule set reads the values by index and allocates nothing
// but the report (evaluate: its results, values and keys, an array each) or nothing at all
// (evaluate_statuses).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/value_source.hpp"
#include "core/diagnostic.hpp"
#include "core/span.hpp"
#include "core/value.hpp"

namespace nianbao::check {

namespace detail {
struct rules_data;
struct compiled_data;
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
  const std::shared_ptr<const detail::rules_data>& shared_data() const noexcept { return data_; }

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

// The texts of a result (rule, instance, message, check, key names) are views into the compiled
// rules they were evaluated with, which every check_report keeps alive (check_report::texts);
// the values of its keys point into the report's one copy of the values it read, each key once
// (check_report::values); its keys are a part of the report's one array of them
// (check_report::keys): a report of ~450 instances then copies no text and ~200 values, not
// ~1,800, and allocates one array of keys, not ~450. A result taken out of its report is valid
// while a copy of the report lives (one made with make_result, which holds its own keys: while
// the rules and what the value_view points at live).
struct involved_key {
  std::string_view key;                  // canonical key, e.g. "requests.new.natural_person"
  const nianbao::value* value = nullptr; // never null: as the value_source had it (kind, number, raw, position, ...)
};

// One instance of a rule: the rule with each quantifier variable bound.
struct instance_result {
  std::string_view rule;      // rule id, e.g. "balance"
  std::string_view instance;  // bound values joined by '.', e.g. "natural_person", "new.total"; "" if none
  nianbao::severity severity = nianbao::severity::error;
  std::string_view message;
  check::status status = check::status::passed;
  std::string_view check;      // the check with the variables substituted, as written in the rules
  std::optional<double> left;  // the two sides, when every value they need is a number
  std::optional<double> right; // (integer(...) checks: left is the value, right is empty)
  span<involved_key> keys;  // every key read, in order of first use (see involved_key)
  // What `keys` views when the result holds its own keys (make_result, set_own_keys); null in a
  // check_report, which holds the keys of all its results.
  std::shared_ptr<const std::vector<involved_key>> own_keys;

  // Makes the result hold `k` and view it as its keys: for a result that has no report.
  void set_own_keys(std::vector<involved_key> k) {
    own_keys = std::make_shared<const std::vector<involved_key>>(std::move(k));
    keys = span<involved_key>(own_keys->data(), own_keys->size());
  }

  std::string name() const {
    std::string n(rule);
    if (!instance.empty()) n.append("/").append(instance);
    return n;
  }
};

// A rule that could not be evaluated for an instance because the rules name a key the report's
// template does not have (or a pattern matches none). Not counted as passed/failed/....
struct rule_error {
  std::string rule;
  std::string instance;
  nianbao::diagnostic diag;  // positioned in the rules file; code "unknown-key", or "rule-expansion" (a rule binding too many instances)
};

struct check_report {
  std::vector<instance_result> results;  // every instance, in rule order then binding order
  std::vector<rule_error> rule_errors;   // one per rule and place in the rules file
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  std::size_t not_assessable = 0;
  std::shared_ptr<const void> texts;     // what the results' texts point into (see involved_key)
  // The values the results read, copied once from the value_view (what involved_key::value
  // points into): shared by the copies of the report, so it never points into a record.
  std::shared_ptr<const std::vector<nianbao::value>> values;
  // The keys of the results, result after result (what instance_result::keys views): shared by
  // the copies of the report, so copying a report copies no keys and its results stay valid.
  std::shared_ptr<const std::vector<involved_key>> keys;

  std::size_t failed_errors() const noexcept;    // failed instances of severity error
  std::size_t failed_warnings() const noexcept;  // failed instances of severity warning
};

// Compiles `rules` against the keys of `values` and evaluates them (see compile/evaluate below).
// `values.find(k)` must be non-null exactly for the keys k of `values.keys()` (the value_source
// contract). Compiling costs more than evaluating: to evaluate many value sources with the same
// keys, compile once and call the overload below.
check_report evaluate(const rule_set& rules, const value_source& values);

// ---- compiled evaluation ------------------------------------------------------------------

enum class compare_op { eq, ne, le, ge, lt, gt };

const char* to_string(compare_op op) noexcept;  // "==", "!=", "<=", ">=", "<", ">"

struct linear_term {
  std::size_t key = 0;     // index into the keys compiled against (compiled_rules::keys())
  double coefficient = 0;  // never 0
};

// constant + sum of coefficient x value(key). The same number as the side it stands for, up to
// floating-point rounding (exactly, when the values and constants are integers and the sums stay
// below 2^53). Evaluation does not use it: it repeats the check's additions in their order.
struct linear_form {
  double constant = 0;
  std::vector<linear_term> terms;  // each key at most once, in order of first use; keys whose
                                   // coefficients cancel (a - a) are left out
};

// One instance of a rule, bound to the keys once.
struct compiled_instance {
  std::size_t rule_index = 0;  // into rule_set::rules()
  std::string rule;            // rule id
  std::string instance;        // bound values joined by '.', "" if none
  nianbao::severity severity = nianbao::severity::error;
  std::string message;
  std::string check;           // the check with the variables substituted (instance_result::check)
  bool integer_check = false;  // integer(key): `left` is 1 x key, `right` and `difference` are empty
  compare_op op = compare_op::eq;  // of a comparison
  double tolerance = 0;        // `within`, as an absolute value; 0 if none
  linear_form left;
  linear_form right;
  linear_form difference;      // left - right, merged (a comparison: left op right <=> difference op 0)
  std::vector<std::size_t> keys;  // every key read, in order of first use (instance_result::keys)

  bool is_equation() const noexcept { return !integer_check && op == compare_op::eq; }
  std::string name() const { return instance.empty() ? rule : rule + "/" + instance; }
};

// A rule set bound to a template's keys. Immutable; cheap to copy; safe to share between threads.
class compiled_rules {
 public:
  compiled_rules();  // no rules, no keys
  explicit compiled_rules(std::shared_ptr<const detail::compiled_data> data);

  const std::vector<std::string>& keys() const noexcept;  // the keys compiled against
  std::optional<std::size_t> key_index(std::string_view key) const;  // first index of `key`
  // Every instance that can be evaluated, in rule order then binding order (as check_report::results).
  const std::vector<compiled_instance>& instances() const noexcept;
  std::size_t size() const noexcept { return instances().size(); }
  const compiled_instance& operator[](std::size_t i) const { return instances()[i]; }
  // The instances that read key `key` (an index into keys()), ascending; empty when none do.
  const std::vector<std::size_t>& instances_reading(std::size_t key) const;
  // What the rules name that the keys do not have (check_report::rule_errors of any evaluation).
  const std::vector<rule_error>& rule_errors() const noexcept;

  const detail::compiled_data& data() const noexcept { return *data_; }
  const std::shared_ptr<const detail::compiled_data>& shared_data() const noexcept { return data_; }

 private:
  std::shared_ptr<const detail::compiled_data> data_;
};

// Binds every instance of `rules` to `keys` (e.g. template_model::rule_keys: the canonical keys,
// then "narrative.<id>"). A key the rules name that `keys` does not have, or a pattern that
// matches none of them, gives the rule errors that evaluate would report. About as costly as one
// evaluation used to be (under 1 ms for the 2021 rules): do it once per template, not per report.
compiled_rules compile(const rule_set& rules, const std::vector<std::string>& keys);

// The values of an evaluation, indexed like the keys compiled against. A view: what it points at
// must outlive it. Indices it has no value for read as missing.
class value_view {
 public:
  value_view() = default;  // every value missing
  // values[i] is the value of key i.
  value_view(const std::vector<nianbao::value>& values) noexcept
      : head_(values.data()), head_size_(values.size()) {}
  // Two spans: values[i] for key i < values.size(), then more[j] for key values.size() + j. For
  // the pipeline: record.values (one per template key) and record.narrative (one per
  // template_model::narrative, or empty), compiled against template_model::rule_keys.
  value_view(const std::vector<nianbao::value>& values, const std::vector<nianbao::value>& more) noexcept
      : head_(values.data()), head_size_(values.size()), tail_(more.data()), tail_at_(values.size()),
        tail_size_(more.size()) {}
  // The same with explicit bounds: head[0, head_size) for keys [0, head_size), tail[0, tail_size)
  // for keys [tail_at, tail_at + tail_size).
  value_view(const nianbao::value* head, std::size_t head_size, const nianbao::value* tail, std::size_t tail_at,
             std::size_t tail_size) noexcept
      : head_(head), head_size_(head_size), tail_(tail), tail_at_(tail_at), tail_size_(tail_size) {}
  // One pointer per key; nullptr reads as missing.
  explicit value_view(const std::vector<const nianbao::value*>& pointers) noexcept
      : pointers_(pointers.data()), pointers_size_(pointers.size()) {}

  const nianbao::value& operator[](std::size_t key) const noexcept {
    if (pointers_) return key < pointers_size_ && pointers_[key] ? *pointers_[key] : missing_;
    if (key < head_size_) return head_[key];
    if (key >= tail_at_ && key - tail_at_ < tail_size_) return tail_[key - tail_at_];
    return missing_;
  }

 private:
  static const nianbao::value missing_;
  const nianbao::value* head_ = nullptr;
  std::size_t head_size_ = 0;
  const nianbao::value* tail_ = nullptr;
  std::size_t tail_at_ = 0;
  std::size_t tail_size_ = 0;
  const nianbao::value* const* pointers_ = nullptr;
  std::size_t pointers_size_ = 0;
};

// The same report as evaluate(rules, values) for the value_source that has these keys and values.
check_report evaluate(const compiled_rules& rules, const value_view& values);
// The same for a value_source with the keys `rules` were compiled against.
check_report evaluate(const compiled_rules& rules, const value_source& values);

// What one instance came to, without the strings.
struct instance_outcome {
  check::status status = check::status::passed;
  double left = 0;   // when passed or failed: the left side (integer checks: the value)
  double right = 0;  // when passed or failed and a comparison: the right side
};

struct tally {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  std::size_t not_assessable = 0;
  std::size_t failed_errors = 0;    // failed instances of severity error
  std::size_t failed_warnings = 0;  // failed instances of severity warning
};

// For hot loops (repair): out[i] is the outcome of rules[i]. Allocates nothing once `out` has
// room for rules.size() outcomes.
tally evaluate_statuses(const compiled_rules& rules, const value_view& values, std::vector<instance_outcome>& out);
// Only the counts.
tally evaluate_tally(const compiled_rules& rules, const value_view& values);
// One instance (e.g. only the instances_reading() a few keys).
instance_outcome evaluate_instance(const compiled_rules& rules, std::size_t i, const value_view& values);
// The full result of instance i (as in check_report::results) from its outcome: to render only
// the instances that failed. It holds its keys (instance_result::own_keys), whose values point
// at what `values` points at (see involved_key).
instance_result make_result(const compiled_rules& rules, std::size_t i, const instance_outcome& outcome,
                            const value_view& values);

}  // namespace nianbao::check
