// Evaluating a rule_set over a report's values, and the "checks" JSON.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "check/rules.hpp"
#include "check/rules_data.hpp"

namespace nianbao::check {

const char* to_string(status s) noexcept {
  switch (s) {
    case status::passed: return "passed";
    case status::failed: return "failed";
    case status::skipped: return "skipped";
    case status::not_assessable: return "not_assessable";
  }
  return "failed";
}

std::size_t check_report::failed_errors() const noexcept {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status::failed && r.severity == nianbao::severity::error;
  return n;
}

std::size_t check_report::failed_warnings() const noexcept {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status::failed && r.severity == nianbao::severity::warning;
  return n;
}

namespace {

namespace x3 = boost::spirit::x3;
using detail::rule_def;
using detail::rules_data;

bool is_whole(double d) { return std::isfinite(d) && std::floor(d) == d; }

bool is_wildcard(const std::string& segment) { return segment == "*" || segment == "**"; }

bool has_wildcard(const ast::path& p) {
  return std::any_of(p.segments.begin(), p.segments.end(), is_wildcard);
}

std::vector<std::string> split(const std::string& key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = key.find('.', start);
    out.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

// `*` matches exactly one segment, `**` one or more.
bool match(const std::vector<std::string>& pat, std::size_t pi, const std::vector<std::string>& key,
           std::size_t ki) {
  if (pi == pat.size()) return ki == key.size();
  if (ki == key.size()) return false;
  if (pat[pi] == "**") {
    for (std::size_t k = ki + 1; k <= key.size(); ++k)
      if (match(pat, pi + 1, key, k)) return true;
    return false;
  }
  if (pat[pi] != "*" && pat[pi] != key[ki]) return false;
  return match(pat, pi + 1, key, ki + 1);
}

struct variable {
  std::string name;
  std::string value;
};
using environment = std::vector<variable>;

const std::string* lookup(const environment& env, const std::string& name) {
  for (auto it = env.rbegin(); it != env.rend(); ++it)
    if (it->name == name) return &it->value;
  return nullptr;
}

// Where a rule went wrong while evaluating (a key the template does not have).
struct eval_error {
  std::size_t file = 0;
  std::size_t offset = 0;
  std::string message;
};

// What one instance read.
struct reading {
  std::vector<involved_key> keys;
  std::unordered_set<std::string> seen;
  bool missing = false;     // a value is missing
  bool not_number = false;  // a value is a placeholder, empty or text
  bool integral = true;     // every number read (and written) is an integer
  std::optional<eval_error> error;
};

// ---- rendering the check with its variables substituted -----------------------------------

std::string render_path(const ast::path& p, const environment& env) {
  std::string out;
  for (const auto& seg : p.segments) {
    if (!out.empty()) out += '.';
    const std::string* v = seg.size() > 1 && seg[0] == '$' ? lookup(env, seg.substr(1)) : nullptr;
    out += v ? *v : seg;
  }
  return out;
}

std::string render_set(const ast::set_expr& s, const environment& env);
std::string render_expr(const ast::expr& e, const environment& env);

std::string render_set_operand(const ast::set_operand& o, const environment& env) {
  if (const auto* list = boost::get<ast::set_list>(&o)) {
    std::string out = "[";
    for (std::size_t i = 0; i < list->items.size(); ++i) out += (i ? ", " : "") + list->items[i];
    return out + "]";
  }
  if (const auto* keys = boost::get<ast::set_keys>(&o)) {
    std::string out = "keys(";
    for (std::size_t i = 0; i < keys->patterns.size(); ++i)
      out += (i ? ", " : "") + render_path(keys->patterns[i], env);
    return out + ")";
  }
  return boost::get<ast::set_ref>(o).name;
}

std::string render_set(const ast::set_expr& s, const environment& env) {
  std::string out = render_set_operand(s.first, env);
  for (const auto& op : s.rest) out += std::string(" ") + op.op + " " + render_set_operand(op.operand, env);
  return out;
}

std::string render_bindings(const std::vector<ast::binding>& bs, const environment& env) {
  std::string out;
  for (std::size_t i = 0; i < bs.size(); ++i)
    out += (i ? ", " : "") + bs[i].variable + " in " + render_set(bs[i].set, env);
  return out;
}

std::string render_operand(const ast::operand& o, const environment& env) {
  if (const auto* n = boost::get<ast::number>(&o)) return n->text;
  if (const auto* p = boost::get<ast::path>(&o)) return render_path(*p, env);
  if (const auto* s = boost::get<x3::forward_ast<ast::sum_call>>(&o)) {
    const ast::sum_call& call = s->get();
    std::string out = "sum(";
    for (std::size_t i = 0; i < call.items.size(); ++i) out += (i ? ", " : "") + render_expr(call.items[i], env);
    if (!call.bindings.empty()) out += " for " + render_bindings(call.bindings, env);
    return out + ")";
  }
  return "(" + render_expr(boost::get<x3::forward_ast<ast::expr>>(o).get(), env) + ")";
}

std::string render_expr(const ast::expr& e, const environment& env) {
  std::string out = render_operand(e.first, env);
  for (const auto& op : e.rest) out += std::string(" ") + op.op + " " + render_operand(op.value, env);
  return out;
}

const char* cmp_text(ast::cmp_op op) {
  switch (op) {
    case ast::cmp_op::eq: return "==";
    case ast::cmp_op::ne: return "!=";
    case ast::cmp_op::le: return "<=";
    case ast::cmp_op::ge: return ">=";
    case ast::cmp_op::lt: return "<";
    case ast::cmp_op::gt: return ">";
  }
  return "==";
}

std::string render_check(const ast::check& c, const environment& env) {
  if (const auto* cmp = boost::get<ast::comparison>(&c)) {
    std::string out = render_expr(cmp->left, env) + " " + cmp_text(cmp->op) + " " + render_expr(cmp->right, env);
    if (cmp->tolerance) out += " within " + cmp->tolerance->text;
    return out;
  }
  return "integer(" + render_path(boost::get<ast::integer_check>(c).key, env) + ")";
}

// Integers compare exactly; when a decimal is involved, values within the tolerance are equal
// (plus a relative 1e-9 for binary floating point: 0.1 + 0.2 == 0.3).
bool compare(double l, ast::cmp_op op, double r, bool exact, double tolerance) {
  if (exact) {
    switch (op) {
      case ast::cmp_op::eq: return l == r;
      case ast::cmp_op::ne: return l != r;
      case ast::cmp_op::le: return l <= r;
      case ast::cmp_op::ge: return l >= r;
      case ast::cmp_op::lt: return l < r;
      case ast::cmp_op::gt: return l > r;
    }
  }
  double eps = tolerance + 1e-9 * std::max({1.0, std::fabs(l), std::fabs(r)});
  switch (op) {
    case ast::cmp_op::eq: return std::fabs(l - r) <= eps;
    case ast::cmp_op::ne: return std::fabs(l - r) > eps;
    case ast::cmp_op::le: return l <= r + eps;
    case ast::cmp_op::ge: return l >= r - eps;
    case ast::cmp_op::lt: return l < r - eps;
    case ast::cmp_op::gt: return l > r + eps;
  }
  return false;
}

class evaluator {
 public:
  evaluator(const rules_data& rules, const value_source& values) : rules_(rules), values_(values) {
    for (const auto& k : values_.keys()) key_segments_.push_back(split(k));
  }

  check_report run() {
    for (const auto& rule : rules_.rules) {
      rule_ = &rule;
      std::vector<const ast::binding*> bindings;
      for (const auto& clause : rule.rule.body.quantifiers)
        for (const auto& b : clause) bindings.push_back(&b);
      environment env;
      iterate(bindings, 0, env);
    }
    return std::move(report_);
  }

 private:
  // ---- quantifiers ----
  void iterate(const std::vector<const ast::binding*>& bindings, std::size_t i, environment& env) {
    if (i == bindings.size()) {
      instance(env);
      return;
    }
    std::optional<eval_error> error;
    std::vector<std::string> values = eval_set(bindings[i]->set, env, rule_->file, error);
    if (error) report_error(env, *error);
    for (auto& v : values) {
      env.push_back(variable{bindings[i]->variable, v});
      iterate(bindings, i + 1, env);
      env.pop_back();
    }
  }

  // ---- sets ----
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

  std::vector<std::string> eval_set_operand(const ast::set_operand& o, const environment& env,
                                            std::size_t file, std::optional<eval_error>& error) {
    std::vector<std::string> out;
    auto add = [&](const std::string& x) {
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    };
    if (const auto* list = boost::get<ast::set_list>(&o)) {
      for (const auto& item : list->items) add(item);
    } else if (const auto* keys = boost::get<ast::set_keys>(&o)) {
      for (const auto& p : keys->patterns) {
        std::vector<std::string> matched = expand(p, env);
        if (matched.empty() && !error) {
          error = eval_error{file, p.offset, no_match_message(render_path(p, env), has_wildcard(p))};
        }
        for (const auto& k : matched) add(k);
      }
    } else {
      const std::string& name = boost::get<ast::set_ref>(o).name;
      auto cached = let_cache_.find(name);
      if (cached == let_cache_.end()) {
        const detail::set_def* def = rules_.find_set(name);
        std::optional<eval_error> let_error;
        std::vector<std::string> values = eval_set(def->set, environment(), def->file, let_error);
        if (let_error && !error) error = let_error;
        cached = let_cache_.emplace(name, std::move(values)).first;
      }
      out = cached->second;
    }
    return out;
  }

  static std::string no_match_message(const std::string& p, bool pattern) {
    return pattern ? "no key of the template matches '" + p + "'" : "unknown key '" + p + "'";
  }

  // The template's keys that a (substituted) path matches, in model order.
  std::vector<std::string> expand(const ast::path& p, const environment& env) {
    std::vector<std::string> pat = split(render_path(p, env));
    std::vector<std::string> out;
    const auto& keys = values_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (match(pat, 0, key_segments_[i], 0)) out.push_back(keys[i]);
    return out;
  }

  // ---- values ----
  double read(const std::string& key, std::size_t offset, reading& r) {
    const value* v = values_.find(key);
    if (!v) {
      if (!r.error) r.error = eval_error{rule_->file, offset, "unknown key '" + key + "'"};
      return 0;
    }
    if (r.seen.insert(key).second) r.keys.push_back(involved_key{key, *v});
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
    result.rule = rule.id;
    for (std::size_t i = 0; i < env.size(); ++i) result.instance += (i ? "." : "") + env[i].value;
    result.severity = rule_->severity;
    result.message = rule.message;
    result.check = render_check(rule.body.test, env);

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
    result.keys = std::move(r.keys);
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
    err.diag = detail::make_diagnostic(*rules_.files[e.file], e.offset, "unknown-key",
                                       e.message + " (rule " + name + ")");
    report_.rule_errors.push_back(std::move(err));
  }

  const rules_data& rules_;
  const value_source& values_;
  std::vector<std::vector<std::string>> key_segments_;
  std::map<std::string, std::vector<std::string>> let_cache_;
  std::set<std::tuple<std::string, std::size_t, std::size_t>> reported_;
  const rule_def* rule_ = nullptr;
  check_report report_;
};

nlohmann::ordered_json number_json(double d) {
  if (is_whole(d) && std::fabs(d) < 9007199254740992.0) return static_cast<std::int64_t>(d);
  return d;
}

nlohmann::ordered_json optional_json(const std::optional<double>& d) {
  return d ? number_json(*d) : nlohmann::ordered_json(nullptr);
}

}  // namespace

check_report evaluate(const rule_set& rules, const value_source& values) {
  return evaluator(rules.data(), values).run();
}

nlohmann::ordered_json to_json(const instance_result& r) {
  nlohmann::ordered_json j;
  j["rule"] = r.rule;
  j["instance"] = r.instance;
  j["severity"] = nianbao::to_string(r.severity);
  j["message"] = r.message;
  j["status"] = to_string(r.status);
  j["check"] = r.check;
  j["left"] = optional_json(r.left);
  j["right"] = optional_json(r.right);
  nlohmann::ordered_json keys = nlohmann::ordered_json::object();
  for (const auto& k : r.keys) {
    nlohmann::ordered_json v;
    v["value"] = k.value.kind == cell_kind::number ? number_json(k.value.number) : nlohmann::ordered_json(nullptr);
    if (k.value.kind != cell_kind::number) {
      v["kind"] = nianbao::to_string(k.value.kind);
      if (!k.value.raw.empty()) v["raw"] = k.value.raw;
    }
    if (k.value.where.line > 0) {
      v["line"] = k.value.where.line;
      if (k.value.where.column > 0) v["column"] = k.value.where.column;
    }
    if (k.value.repaired) v["repaired"] = true;
    keys[k.key] = std::move(v);
  }
  j["keys"] = std::move(keys);
  return j;
}

nlohmann::ordered_json to_json(const check_report& report, bool with_unassessed) {
  nlohmann::ordered_json j;
  j["passed"] = report.passed;
  j["failed"] = report.failed;
  j["skipped"] = report.skipped;
  j["not_assessable"] = report.not_assessable;
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  nlohmann::ordered_json unassessed = nlohmann::ordered_json::array();
  for (const auto& r : report.results) {
    if (r.status == status::failed) failures.push_back(to_json(r));
    else if (with_unassessed && r.status != status::passed) unassessed.push_back(to_json(r));
  }
  j["failures"] = std::move(failures);
  if (with_unassessed) j["unassessed"] = std::move(unassessed);
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const auto& e : report.rule_errors) {
    nlohmann::ordered_json x;
    x["rule"] = e.rule;
    x["instance"] = e.instance;
    x["message"] = e.diag.message;
    x["file"] = e.diag.file;
    x["line"] = e.diag.where.line;
    x["column"] = e.diag.where.column;
    errors.push_back(std::move(x));
  }
  j["rule_errors"] = std::move(errors);
  return j;
}

}  // namespace nianbao::check
