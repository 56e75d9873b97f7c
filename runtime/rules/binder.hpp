#pragma once
// What the compiler (compile.cpp) and the reference interpreter (tests/oracle/evaluate_reference.cpp) share
// when they walk a rule: binding the quantifier variables in order, evaluating sets (with the
// let cache) and expanding key patterns against the keys. The derived class is told of each
// instance (`instance(env)`) and of each set that names nothing (`report_error(env, error)`).
// Internal to runtime/rules.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/eval_common.hpp"
#include "rules/rules_data.hpp"

namespace nianbao::check::detail {

// Where a rule went wrong while walking it (a key the template does not have).
struct eval_error {
  std::size_t file = 0;
  std::size_t offset = 0;
  std::string message;
  std::string code = "unknown-key";  // or "rule-expansion"
};

// The most instances one rule may bind: the template's rules bind at most a few hundred each;
// `for a in keys(**), b in keys(**), c in keys(**)` binds 8 million, which took 15 GB to
// compile (issue 24). Past it the rule is stopped with a rule error at its id (code
// "rule-expansion"), which pipeline::context refuses at load.
constexpr std::size_t kMaxInstancesPerRule = 20000;

template <typename Derived>
class binder {
 protected:
  binder(const rules_data& rules, const std::vector<std::string>& keys) : rules_(rules), keys_(keys) {
    for (const auto& k : keys_) key_segments_.push_back(split_key(k));
  }

  // Calls instance(env) for every binding of rule i's variables, in quantifier order.
  void bind(std::size_t i) {
    rule_ = &rules_.rules[i];
    std::vector<const ast::binding*> bindings;
    for (const auto& clause : rule_->rule.body.quantifiers)
      for (const auto& b : clause) bindings.push_back(&b);
    environment env;
    instances_ = 0;
    stopped_ = false;
    iterate(bindings, 0, env);
  }

  // The keys that a (substituted) path matches, in key order.
  std::vector<std::string> expand(const ast::path& p, const environment& env) {
    std::vector<std::string> pat = split_key(render_path(p, env));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < keys_.size(); ++i)
      if (match_key(pat, 0, key_segments_[i], 0)) out.push_back(keys_[i]);
    return out;
  }

  std::vector<std::string> eval_set(const ast::set_expr& s, const environment& env, std::size_t file,
                                    std::optional<eval_error>& error) {
    std::vector<std::string> out = eval_set_operand(s.first, env, file, error);
    for (const auto& op : s.rest) {
      std::vector<std::string> more = eval_set_operand(op.operand, env, file, error);
      if (op.op == '+') {
        for (auto& m : more)
          if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(std::move(m));
      } else {
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](const std::string& x) {
                                   return std::find(more.begin(), more.end(), x) != more.end();
                                 }),
                  out.end());
      }
    }
    return out;
  }

  const rules_data& rules_;
  const std::vector<std::string>& keys_;
  const rule_def* rule_ = nullptr;

 private:
  Derived& self() { return static_cast<Derived&>(*this); }

  void iterate(const std::vector<const ast::binding*>& bindings, std::size_t i, environment& env) {
    if (stopped_) return;
    if (i == bindings.size()) {
      if (++instances_ > kMaxInstancesPerRule) {
        stopped_ = true;
        self().report_error(environment(),
                            eval_error{rule_->file, rule_->id_offset,
                                       "the rule binds more than " + std::to_string(kMaxInstancesPerRule) +
                                           " instances (its quantifiers range over too many keys at once)",
                                       "rule-expansion"});
        return;
      }
      self().instance(env);
      return;
    }
    std::optional<eval_error> error;
    std::vector<std::string> values = eval_set(bindings[i]->set, env, rule_->file, error);
    if (error) self().report_error(env, *error);
    for (auto& v : values) {
      if (stopped_) return;
      env.push_back(variable{bindings[i]->variable, v});
      iterate(bindings, i + 1, env);
      env.pop_back();
    }
  }

  std::vector<std::string> eval_set_operand(const ast::set_operand& o, const environment& env, std::size_t file,
                                            std::optional<eval_error>& error) {
    std::vector<std::string> out;
    auto add = [&](const std::string& x) {
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    };
    if (const auto* list = boost::get<ast::set_list>(&o)) {
      for (const auto& item : list->items) add(item);
    } else if (const auto* keys = boost::get<ast::set_keys>(&o)) {
      for (const auto& p : keys->patterns) {
        std::vector<std::string> matched = expand(p, env);
        if (matched.empty() && !error)
          error = eval_error{file, p.offset, no_match_message(render_path(p, env), has_wildcard(p))};
        for (const auto& k : matched) add(k);
      }
    } else {
      const std::string& name = boost::get<ast::set_ref>(o).name;
      auto cached = let_cache_.find(name);
      if (cached == let_cache_.end()) {
        const set_def* def = rules_.find_set(name);
        std::optional<eval_error> let_error;
        std::vector<std::string> values = eval_set(def->set, environment(), def->file, let_error);
        if (let_error && !error) error = let_error;
        cached = let_cache_.emplace(name, std::move(values)).first;
      }
      out = cached->second;
    }
    return out;
  }

  std::vector<std::vector<std::string>> key_segments_;
  std::map<std::string, std::vector<std::string>> let_cache_;
  std::size_t instances_ = 0;  // of the rule being bound
  bool stopped_ = false;       // it bound kMaxInstancesPerRule: the rest is left out
};

}  // namespace nianbao::check::detail
