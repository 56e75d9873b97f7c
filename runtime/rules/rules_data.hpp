#pragma once
// What a rule_set holds: the parsed files, their named sets and rules (internal to runtime/rules).
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/rules_ast.hpp"
#include "core/diagnostic.hpp"

namespace nianbao::check::detail {

struct source_file {
  std::string name;  // as given to parse_rules / load_rules_file
  std::string text;  // the whole file, for positions and source lines in diagnostics
};

struct set_def {
  std::string name;
  ast::set_expr set;
  std::size_t file = 0;         // index into rules_data::files
  std::size_t name_offset = 0;  // byte offset of the name in that file
};

struct rule_def {
  ast::rule rule;
  nianbao::severity severity = nianbao::severity::error;
  std::size_t file = 0;
  std::size_t id_offset = 0;
};

struct rules_data {
  std::vector<std::shared_ptr<const source_file>> files;
  std::vector<set_def> sets;    // in definition order; a set uses only sets defined before it
  std::vector<rule_def> rules;  // in evaluation order
  // rule id -> index into rules: a rule file of 80,000 rules took 90 s to load when each id
  // was looked for among the rules before it (issue 24). Kept by add_rule.
  std::unordered_map<std::string, std::size_t> rule_ids;

  void add_rule(rule_def r) {
    rule_ids.emplace(r.rule.id, rules.size());
    rules.push_back(std::move(r));
  }

  const set_def* find_set(const std::string& name) const;
  const rule_def* find_rule(const std::string& id) const;
};

// A diagnostic positioned at `offset` in `file` (line, code-point column, source line).
nianbao::diagnostic make_diagnostic(const source_file& file, std::size_t offset, std::string code,
                                    std::string message,
                                    nianbao::severity sev = nianbao::severity::error);

// "file:line:col" of an offset, for messages that point at a second place.
std::string where_string(const source_file& file, std::size_t offset);

}  // namespace nianbao::check::detail
