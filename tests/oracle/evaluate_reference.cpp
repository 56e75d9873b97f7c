// The reference interpreter (evaluate_reference.hpp): check::evaluate as it was before compile.cpp,
// walking the syntax tree for every instance on every call.
#include "evaluate_reference.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/nearest_name.hpp"
#include "rules/binder.hpp"
#include "rules/eval_common.hpp"
#include "rules/rules_data.hpp"

namespace nianbao::check::detail {

namespace {

namespace x3 = boost::spirit::x3;

// What one instance read.
struct reading {
  std::vector<involved_key> keys;
  std::unordered_set<std::string> seen;
  bool missing = false;     // a value is missing
  bool not_number = false;  // a value is a placeholder, empty or text
  bool integral = true;     // every number read (and written) is an integer
  std::optional<eval_error> error;
};

class evaluator : binder<evaluator> {
  friend class binder<evaluator>;

 public:
  evaluator(const rules_data& rules, const value_source& values) : binder(rules, values.keys()), values_(values) {
    report_.texts = texts_;
    read_->reserve(values.keys().size());  // every key it can read: read_ never moves what it holds
    report_.values = read_;
  }

  check_report run() {
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) bind(i);
    return std::move(report_);
  }

 private:
  // ---- values ----
  double read(const std::string& key, std::size_t offset, reading& r) {
    const value* v = values_.find(key);
    if (!v) {
      if (!r.error) r.error = eval_error{rule_->file, offset, "unknown key '" + key + "'" + did_you_mean(key, keys_)};
      return 0;
    }
    if (r.seen.insert(key).second) r.keys.push_back(involved_key{keep(key), keep_value(key, *v)});
    switch (v->kind) {
      case cell_kind::number:
        if (!v->integral || !is_whole(v->number)) r.integral = false;
        return v->number;
      case cell_kind::missing:
        r.missing = true;
        return 0;
      default:
        r.not_number = true;
        return 0;
    }
  }

  double eval_expr(const ast::expr& e, environment& env, reading& r) {
    double total = eval_operand(e.first, env, r);
    for (const auto& op : e.rest) {
      double v = eval_operand(op.value, env, r);
      total = op.op == '+' ? total + v : total - v;
    }
    return total;
  }

  double eval_operand(const ast::operand& o, environment& env, reading& r) {
    if (const auto* n = boost::get<ast::number>(&o)) {
      if (!is_whole(n->value)) r.integral = false;
      return n->value;
    }
    if (const auto* p = boost::get<ast::path>(&o)) return read(render_path(*p, env), p->offset, r);
    if (const auto* s = boost::get<x3::forward_ast<ast::sum_call>>(&o)) return eval_sum(s->get(), env, r);
    return eval_expr(boost::get<x3::forward_ast<ast::expr>>(o).get(), env, r);
  }

  double eval_sum(const ast::sum_call& call, environment& env, reading& r) {
    if (call.bindings.empty()) {
      double total = 0;
      for (const auto& item : call.items) total += eval_sum_item(item, env, r);
      return total;
    }
    std::vector<const ast::binding*> bindings;
    for (const auto& b : call.bindings) bindings.push_back(&b);
    return sum_over(call.items.front(), bindings, 0, env, r);
  }

  double sum_over(const ast::expr& item, const std::vector<const ast::binding*>& bindings, std::size_t i,
                  environment& env, reading& r) {
    if (i == bindings.size()) return eval_sum_item(item, env, r);
    std::optional<eval_error> error;
    std::vector<std::string> values = eval_set(bindings[i]->set, env, rule_->file, error);
    if (error && !r.error) r.error = error;
    double total = 0;
    for (auto& v : values) {
      env.push_back(variable{bindings[i]->variable, v});
      total += sum_over(item, bindings, i + 1, env, r);
      env.pop_back();
    }
    return total;
  }

  // An item of sum(...): a bare key pattern adds every key it matches.
  double eval_sum_item(const ast::expr& item, environment& env, reading& r) {
    if (item.rest.empty()) {
      if (const auto* p = boost::get<ast::path>(&item.first); p && has_wildcard(*p)) {
        std::vector<std::string> matched = expand(*p, env);
        if (matched.empty() && !r.error) {
          r.error = eval_error{rule_->file, p->offset, no_match_message(render_path(*p, env), true)};
        }
        double total = 0;
        for (const auto& k : matched) total += read(k, p->offset, r);
        return total;
      }
    }
    return eval_expr(item, env, r);
  }

  // ---- one instance ----
  void instance(environment& env) {
    const ast::rule& rule = rule_->rule;
    instance_result result;
    result.rule = keep(rule.id);
    std::string instance;
    for (std::size_t i = 0; i < env.size(); ++i) instance += (i ? "." : "") + env[i].value;
    result.instance = keep(std::move(instance));
    result.severity = rule_->severity;
    result.message = keep(rule.message);
    result.check = keep(render_check(rule.body.test, env));

    reading r;
    bool passed = false;
    if (const auto* cmp = boost::get<ast::comparison>(&rule.body.test)) {
      double l = eval_expr(cmp->left, env, r);
      double rv = eval_expr(cmp->right, env, r);
      if (!r.missing && !r.not_number) {
        result.left = l;
        result.right = rv;
        passed = compare(l, cmp->op, rv, r.integral, cmp->tolerance ? std::fabs(cmp->tolerance->value) : 0.0);
      }
    } else {
      const ast::path& key = boost::get<ast::integer_check>(rule.body.test).key;
      double v = read(render_path(key, env), key.offset, r);
      if (!r.missing && !r.not_number) {
        result.left = v;
        passed = r.integral;
      }
    }
    if (r.error) {
      report_error(env, *r.error);
      return;
    }
    result.set_own_keys(std::move(r.keys));  // each result holds its keys: simpler than one array for the report
    if (r.missing) {
      result.status = status::skipped;
      ++report_.skipped;
    } else if (r.not_number) {
      result.status = status::not_assessable;
      ++report_.not_assessable;
    } else if (passed) {
      result.status = status::passed;
      ++report_.passed;
    } else {
      result.status = status::failed;
      ++report_.failed;
    }
    report_.results.push_back(std::move(result));
  }

  // One diagnostic per rule and place in the rules file (the first instance that hit it).
  void report_error(const environment& env, const eval_error& e) {
    if (!reported_.insert({rule_->rule.id, e.file, e.offset}).second) return;
    rule_error err;
    err.rule = rule_->rule.id;
    for (std::size_t i = 0; i < env.size(); ++i) err.instance += (i ? "." : "") + env[i].value;
    std::string name = err.instance.empty() ? err.rule : err.rule + "/" + err.instance;
    err.diag = make_diagnostic(*rules_.files[e.file], e.offset, e.code,
                                       e.message + " (rule " + name + ")");
    report_.rule_errors.push_back(std::move(err));
  }

  // The results' texts (check_report::texts): a deque never moves what it holds.
  std::string_view keep(std::string s) { return texts_->emplace_back(std::move(s)); }

  // The value of a key the results point at (check_report::values): copied when first read.
  const value* keep_value(const std::string& key, const value& v) {
    auto [it, fresh] = kept_.emplace(key, nullptr);
    if (fresh) {
      if (read_->size() == read_->capacity()) throw std::logic_error("value_source::find found a key not in keys()");
      it->second = &read_->emplace_back(v);
    }
    return it->second;
  }

  const value_source& values_;
  std::shared_ptr<std::deque<std::string>> texts_ = std::make_shared<std::deque<std::string>>();
  std::shared_ptr<std::vector<value>> read_ = std::make_shared<std::vector<value>>();
  std::unordered_map<std::string, const value*> kept_;  // key -> its value in read_
  std::set<std::tuple<std::string, std::size_t, std::size_t>> reported_;
  check_report report_;
};

}  // namespace

check_report evaluate_reference(const rule_set& rules, const value_source& values) {
  return evaluator(rules.data(), values).run();
}

}  // namespace nianbao::check::detail
