// Compiling a rule_set against a template's keys, and evaluating the compiled rules.
//
// compile() walks the rules exactly as the reference interpreter (tests/oracle/evaluate_reference.cpp) does —
// the same quantifier order, the same set evaluation (and let cache), the same reads in the same
// order, the same rule errors — but instead of reading values it records, for every instance:
// the keys it reads (in order of first use), the two sides as a little stack program that
// repeats the interpreter's additions and subtractions in the interpreter's order (so that every
// left/right is bit for bit the interpreter's, decimals included), the two sides as linear forms
// (for callers that solve for a key), and the rendered check text.
//
// Evaluating then looks at the instance's keys once (missing? not a number? integral?) and, when
// they are all numbers, runs the two programs over the values read by index.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "rules/binder.hpp"
#include "core/nearest_name.hpp"
#include "rules/eval_common.hpp"
#include "rules/rules.hpp"
#include "rules/rules_data.hpp"
#include "core/budget.hpp"

namespace nianbao::check {

namespace detail {

enum class opcode : std::uint8_t {
  load_key,    // push value(key)
  load_const,  // push constant
  add_key,     // top = top + value(key)
  sub_key,     // top = top - value(key)
  add_const,   // top = top + constant
  sub_const,   // top = top - constant
  add,         // pop b; top = top + b
  sub,         // pop b; top = top - b
};

struct op {
  opcode code = opcode::load_const;
  std::uint32_t key = 0;
  double constant = 0;
};

// What evaluating an instance needs, in flat arrays.
struct exec_instance {
  std::uint32_t keys_begin = 0, keys_end = 0;  // into compiled_data::involved
  std::uint32_t left_begin = 0, left_end = 0;  // into compiled_data::code
  std::uint32_t right_begin = 0, right_end = 0;
  ast::cmp_op op = ast::cmp_op::eq;
  bool integer_check = false;
  bool integral_constants = true;  // every number written in the check is whole
  nianbao::severity severity = nianbao::severity::error;
  double tolerance = 0;
};

struct compiled_data {
  std::vector<std::string> keys;
  std::unordered_map<std::string, std::size_t> index;  // key -> first index
  std::vector<compiled_instance> instances;
  std::vector<exec_instance> exec;  // parallel to instances
  std::vector<std::uint32_t> involved;
  std::vector<op> code;
  std::size_t max_depth = 1;
  std::vector<std::vector<std::size_t>> readers;  // per key: the instances that read it
  // The keys some instance reads, ascending: what evaluate copies into check_report::values; and
  // per key, its index there (npos: read by none).
  std::vector<std::size_t> read;
  std::vector<std::size_t> read_index;
  std::vector<rule_error> rule_errors;
};

namespace {

namespace x3 = boost::spirit::x3;

compare_op public_op(ast::cmp_op op) {
  switch (op) {
    case ast::cmp_op::eq: return compare_op::eq;
    case ast::cmp_op::ne: return compare_op::ne;
    case ast::cmp_op::le: return compare_op::le;
    case ast::cmp_op::ge: return compare_op::ge;
    case ast::cmp_op::lt: return compare_op::lt;
    case ast::cmp_op::gt: return compare_op::gt;
  }
  return compare_op::eq;
}

void add_term(linear_form& f, std::size_t key, double coefficient) {
  for (auto& t : f.terms)
    if (t.key == key) {
      t.coefficient += coefficient;
      return;
    }
  f.terms.push_back(linear_term{key, coefficient});
}

void drop_zeros(linear_form& f) {
  f.terms.erase(std::remove_if(f.terms.begin(), f.terms.end(), [](const linear_term& t) { return t.coefficient == 0; }),
                f.terms.end());
}

class compiler : binder<compiler> {
  friend class binder<compiler>;

 public:
  compiler(const rules_data& rules, compiled_data& out) : binder(rules, out.keys), out_(out) {
    for (std::size_t i = 0; i < out_.keys.size(); ++i) out_.index.emplace(out_.keys[i], i);
    stamp_.assign(out_.keys.size(), 0);
    out_.readers.resize(out_.keys.size());
  }

  void run() {
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      rule_index_ = i;
      bind(i);
    }
    index_reads();
  }

 private:
  // ---- code ----
  void emit(opcode code, std::uint32_t key = 0, double constant = 0) {
    out_.code.push_back(op{code, key, constant});
    switch (code) {
      case opcode::load_key:
      case opcode::load_const:
        if (++depth_ > out_.max_depth) out_.max_depth = depth_;
        break;
      case opcode::add:
      case opcode::sub:
        --depth_;
        break;
      default:
        break;
    }
  }

  // The index of a key read by the instance (recorded once, in order of first use, and added to
  // the side's linear form), or none: a rule error.
  std::optional<std::uint32_t> read(const std::string& key, std::size_t offset, double sign) {
    auto it = out_.index.find(key);
    if (it == out_.index.end()) {
      if (!error_) error_ = eval_error{rule_->file, offset, "unknown key '" + key + "'" + did_you_mean(key, out_.keys)};
      return std::nullopt;
    }
    const std::size_t k = it->second;
    if (stamp_[k] != serial_) {
      stamp_[k] = serial_;
      keys_.push_back(static_cast<std::uint32_t>(k));
    }
    add_term(*form_, k, sign);
    return static_cast<std::uint32_t>(k);
  }

  double constant(const ast::number& n, double sign) {
    if (!is_whole(n.value)) integral_constants_ = false;
    form_->constant += sign * n.value;
    return n.value;
  }

  static bool is_leaf(const ast::operand& o) {
    return boost::get<ast::number>(&o) != nullptr || boost::get<ast::path>(&o) != nullptr;
  }

  // Pushes the value of an operand (eval_operand).
  void push_operand(const ast::operand& o, environment& env, double sign) {
    if (const auto* n = boost::get<ast::number>(&o)) {
      emit(opcode::load_const, 0, constant(*n, sign));
    } else if (const auto* p = boost::get<ast::path>(&o)) {
      if (auto k = read(render_path(*p, env), p->offset, sign)) emit(opcode::load_key, *k);
      else emit(opcode::load_const, 0, 0);
    } else if (const auto* s = boost::get<x3::forward_ast<ast::sum_call>>(&o)) {
      push_sum(s->get(), env, sign);
    } else {
      push_expr(boost::get<x3::forward_ast<ast::expr>>(o).get(), env, sign);
    }
  }

  // top = top +/- operand.
  void apply_operand(char op, const ast::operand& o, environment& env, double sign) {
    const bool plus = op == '+';
    if (const auto* n = boost::get<ast::number>(&o)) {
      emit(plus ? opcode::add_const : opcode::sub_const, 0, constant(*n, sign));
    } else if (const auto* p = boost::get<ast::path>(&o)) {
      if (auto k = read(render_path(*p, env), p->offset, sign)) emit(plus ? opcode::add_key : opcode::sub_key, *k);
      else emit(plus ? opcode::add_const : opcode::sub_const, 0, 0);
    } else {
      push_operand(o, env, sign);
      emit(plus ? opcode::add : opcode::sub);
    }
  }

  // Pushes the value of an expression (eval_expr: left to right).
  void push_expr(const ast::expr& e, environment& env, double sign) {
    push_operand(e.first, env, sign);
    for (const auto& op : e.rest) apply_operand(op.op, op.value, env, op.op == '+' ? sign : -sign);
  }

  // Pushes the value of sum(...) (eval_sum: a total from 0).
  void push_sum(const ast::sum_call& call, environment& env, double sign) {
    if (call.bindings.empty()) {
      emit(opcode::load_const, 0, 0);
      for (const auto& item : call.items) add_sum_item(item, env, sign);
      return;
    }
    std::vector<const ast::binding*> bindings;
    for (const auto& b : call.bindings) bindings.push_back(&b);
    push_sum_over(call.items.front(), bindings, 0, env, sign);
  }

  // sum_over with i < bindings.size(): a total from 0 over the values of binding i.
  void push_sum_over(const ast::expr& item, const std::vector<const ast::binding*>& bindings, std::size_t i,
                     environment& env, double sign) {
    std::optional<eval_error> error;
    std::vector<std::string> values = eval_set(bindings[i]->set, env, rule_->file, error);
    if (error && !error_) error_ = error;
    emit(opcode::load_const, 0, 0);
    for (auto& v : values) {
      env.push_back(variable{bindings[i]->variable, v});
      if (i + 1 == bindings.size()) {
        add_sum_item(item, env, sign);
      } else {
        push_sum_over(item, bindings, i + 1, env, sign);
        emit(opcode::add);
      }
      env.pop_back();
    }
  }

  // top = top + (an item of sum(...)) (eval_sum_item: a bare key pattern adds every key it
  // matches, as a total from 0).
  void add_sum_item(const ast::expr& item, environment& env, double sign) {
    if (item.rest.empty()) {
      if (const auto* p = boost::get<ast::path>(&item.first); p && has_wildcard(*p)) {
        std::vector<std::string> matched = expand(*p, env);
        if (matched.empty() && !error_) {
          error_ = eval_error{rule_->file, p->offset, no_match_message(render_path(*p, env), true)};
        }
        emit(opcode::load_const, 0, 0);
        for (const auto& k : matched) {
          if (auto idx = read(k, p->offset, sign)) emit(opcode::add_key, *idx);
        }
        emit(opcode::add);
        return;
      }
      if (is_leaf(item.first)) {
        apply_operand('+', item.first, env, sign);
        return;
      }
    }
    push_expr(item, env, sign);
    emit(opcode::add);
  }

  // ---- one instance ----
  void instance(environment& env) {
    const ast::rule& rule = rule_->rule;
    ++serial_;
    keys_.clear();
    error_.reset();
    integral_constants_ = true;
    const std::size_t code_start = out_.code.size();

    compiled_instance ci;
    exec_instance x;
    x.severity = rule_->severity;
    if (const auto* cmp = boost::get<ast::comparison>(&rule.body.test)) {
      x.op = cmp->op;
      x.tolerance = cmp->tolerance ? std::fabs(cmp->tolerance->value) : 0.0;
      x.left_begin = static_cast<std::uint32_t>(out_.code.size());
      form_ = &ci.left;
      depth_ = 0;
      push_expr(cmp->left, env, 1);
      x.left_end = x.right_begin = static_cast<std::uint32_t>(out_.code.size());
      form_ = &ci.right;
      depth_ = 0;
      push_expr(cmp->right, env, 1);
      x.right_end = static_cast<std::uint32_t>(out_.code.size());
    } else {
      x.integer_check = true;
      const ast::path& key = boost::get<ast::integer_check>(rule.body.test).key;
      form_ = &ci.left;
      read(render_path(key, env), key.offset, 1);
    }
    form_ = nullptr;
    if (error_) {
      out_.code.resize(code_start);
      report_error(env, *error_);
      return;
    }
    x.integral_constants = integral_constants_;
    x.keys_begin = static_cast<std::uint32_t>(out_.involved.size());
    out_.involved.insert(out_.involved.end(), keys_.begin(), keys_.end());
    x.keys_end = static_cast<std::uint32_t>(out_.involved.size());
    if (out_.involved.size() > UINT32_MAX || out_.code.size() > UINT32_MAX)
      throw std::length_error("compiled rules too large");

    const std::size_t index = out_.instances.size();
    ci.rule_index = rule_index_;
    ci.rule = rule.id;
    ci.instance = instance_label(env);
    ci.severity = rule_->severity;
    ci.message = rule.message;
    ci.check = render_check(rule.body.test, env);
    ci.integer_check = x.integer_check;
    ci.op = public_op(x.op);
    ci.tolerance = x.tolerance;
    drop_zeros(ci.left);
    drop_zeros(ci.right);
    if (!ci.integer_check) {
      ci.difference.constant = ci.left.constant - ci.right.constant;
      for (const auto& t : ci.left.terms) add_term(ci.difference, t.key, t.coefficient);
      for (const auto& t : ci.right.terms) add_term(ci.difference, t.key, -t.coefficient);
      drop_zeros(ci.difference);
    }
    ci.keys.assign(keys_.begin(), keys_.end());
    for (auto k : keys_) out_.readers[k].push_back(index);
    out_.instances.push_back(std::move(ci));
    out_.exec.push_back(x);
  }

  void index_reads() {
    out_.read_index.assign(out_.keys.size(), std::string::npos);
    for (std::size_t k = 0; k < out_.keys.size(); ++k) {
      if (out_.readers[k].empty()) continue;
      out_.read_index[k] = out_.read.size();
      out_.read.push_back(k);
    }
  }

  // One diagnostic per rule and place in the rules file (the first instance that hit it).
  void report_error(const environment& env, const eval_error& e) {
    if (!reported_.insert({rule_->rule.id, e.file, e.offset}).second) return;
    rule_error err;
    err.rule = rule_->rule.id;
    err.instance = instance_label(env);
    std::string name = err.instance.empty() ? err.rule : err.rule + "/" + err.instance;
    err.diag = make_diagnostic(*rules_.files[e.file], e.offset, e.code, e.message + " (rule " + name + ")");
    out_.rule_errors.push_back(std::move(err));
  }

  compiled_data& out_;
  std::set<std::tuple<std::string, std::size_t, std::size_t>> reported_;
  std::size_t rule_index_ = 0;

  // the instance being compiled
  std::uint64_t serial_ = 0;
  std::vector<std::uint64_t> stamp_;  // per key: serial_ of the last instance that read it
  std::vector<std::uint32_t> keys_;
  std::optional<eval_error> error_;
  bool integral_constants_ = true;
  linear_form* form_ = nullptr;
  std::size_t depth_ = 0;
};

// ---- evaluation ---------------------------------------------------------------------------

inline double run_code(const op* p, const op* end, const value_view& v, double* stack) {
  std::size_t sp = 0;
  for (; p != end; ++p) {
    switch (p->code) {
      case opcode::load_key: stack[sp++] = v[p->key].number; break;
      case opcode::load_const: stack[sp++] = p->constant; break;
      case opcode::add_key: stack[sp - 1] = stack[sp - 1] + v[p->key].number; break;
      case opcode::sub_key: stack[sp - 1] = stack[sp - 1] - v[p->key].number; break;
      case opcode::add_const: stack[sp - 1] = stack[sp - 1] + p->constant; break;
      case opcode::sub_const: stack[sp - 1] = stack[sp - 1] - p->constant; break;
      case opcode::add: --sp; stack[sp - 1] = stack[sp - 1] + stack[sp]; break;
      case opcode::sub: --sp; stack[sp - 1] = stack[sp - 1] - stack[sp]; break;
    }
  }
  return stack[0];
}

inline instance_outcome run_instance(const compiled_data& d, const exec_instance& x, const value_view& v,
                                     double* stack) {
  instance_outcome o;
  bool not_number = false;
  bool integral = x.integral_constants;
  const std::uint32_t* k = d.involved.data() + x.keys_begin;
  const std::uint32_t* const k_end = d.involved.data() + x.keys_end;
  for (; k != k_end; ++k) {
    const value& val = v[*k];
    switch (val.kind) {
      case cell_kind::number:
        if (!val.integral || !is_whole(val.number)) integral = false;
        break;
      case cell_kind::missing:
        o.status = status::skipped;  // missing wins over not-a-number
        return o;
      default:
        not_number = true;
        break;
    }
  }
  if (not_number) {
    o.status = status::not_assessable;
    return o;
  }
  if (x.integer_check) {
    o.left = v[d.involved[x.keys_begin]].number;
    o.status = integral ? status::passed : status::failed;
    return o;
  }
  const op* code = d.code.data();
  o.left = run_code(code + x.left_begin, code + x.left_end, v, stack);
  o.right = run_code(code + x.right_begin, code + x.right_end, v, stack);
  o.status = compare(o.left, x.op, o.right, integral, x.tolerance) ? status::passed : status::failed;
  return o;
}

// A stack for run_code: on the C++ stack unless the rules nest deeper than anyone writes.
class scratch_stack {
 public:
  explicit scratch_stack(std::size_t depth) {
    if (depth > sizeof(local_) / sizeof(local_[0])) heap_.resize(depth);
  }
  double* get() { return heap_.empty() ? local_ : heap_.data(); }

 private:
  double local_[64];
  std::vector<double> heap_;
};

void count(tally& t, status s, nianbao::severity sev) {
  switch (s) {
    case status::passed: ++t.passed; break;
    case status::failed:
      ++t.failed;
      t.failed_errors += sev == nianbao::severity::error;
      t.failed_warnings += sev == nianbao::severity::warning;
      break;
    case status::skipped: ++t.skipped; break;
    case status::not_assessable: ++t.not_assessable; break;
  }
}

// Everything of a result but its keys.
void fill_result(instance_result& r, const compiled_data& d, std::size_t i, const instance_outcome& o) {
  const compiled_instance& ci = d.instances[i];
  r.rule = ci.rule;
  r.instance = ci.instance;
  r.severity = ci.severity;
  r.message = ci.message;
  r.status = o.status;
  r.check = ci.check;
  if (o.status == status::passed || o.status == status::failed) {
    r.left = o.left;
    if (!ci.integer_check) r.right = o.right;
  }
}

// Appends to `out` the keys of the instances [first, last) (d.involved: their keys, instance after
// instance); value_of(k) is the value of key k that a result points at (involved_key::value).
template <class ValueOf>
void append_keys(std::vector<involved_key>& out, const compiled_data& d, std::uint32_t first, std::uint32_t last,
                 const ValueOf& value_of) {
  for (const std::uint32_t* k = d.involved.data() + first; k != d.involved.data() + last; ++k)
    out.push_back(involved_key{d.keys[*k], value_of(*k)});
}

// The values of the keys the instances read, each once (check_report::values): a report's
// copies share them, so no result points into the caller's values.
std::shared_ptr<const std::vector<nianbao::value>> values_read(const compiled_data& d, const value_view& values) {
  auto out = std::make_shared<std::vector<nianbao::value>>();
  out->reserve(d.read.size());
  for (const auto k : d.read) out->push_back(values[k]);
  return out;
}

const std::vector<std::size_t> no_instances;

}  // namespace
}  // namespace detail

const nianbao::value value_view::missing_{};

const char* to_string(compare_op op) noexcept {
  switch (op) {
    case compare_op::eq: return "==";
    case compare_op::ne: return "!=";
    case compare_op::le: return "<=";
    case compare_op::ge: return ">=";
    case compare_op::lt: return "<";
    case compare_op::gt: return ">";
  }
  return "==";
}

compiled_rules::compiled_rules() : data_(std::make_shared<detail::compiled_data>()) {}

compiled_rules::compiled_rules(std::shared_ptr<const detail::compiled_data> data) : data_(std::move(data)) {
  if (!data_) data_ = std::make_shared<detail::compiled_data>();
}

const std::vector<std::string>& compiled_rules::keys() const noexcept { return data_->keys; }

std::optional<std::size_t> compiled_rules::key_index(std::string_view key) const {
  auto it = data_->index.find(std::string(key));
  if (it == data_->index.end()) return std::nullopt;
  return it->second;
}

const std::vector<compiled_instance>& compiled_rules::instances() const noexcept { return data_->instances; }

const std::vector<std::size_t>& compiled_rules::instances_reading(std::size_t key) const {
  return key < data_->readers.size() ? data_->readers[key] : detail::no_instances;
}

const std::vector<rule_error>& compiled_rules::rule_errors() const noexcept { return data_->rule_errors; }

compiled_rules compile(const rule_set& rules, const std::vector<std::string>& keys) {
  auto data = std::make_shared<detail::compiled_data>();
  data->keys = keys;
  detail::compiler(rules.data(), *data).run();
  return compiled_rules(std::move(data));
}

check_report evaluate(const compiled_rules& rules, const value_view& values) {
  const detail::compiled_data& d = rules.data();
  detail::scratch_stack stack(d.max_depth);
  check_report report;
  report.texts = rules.shared_data();
  report.values = detail::values_read(d, values);
  const nianbao::value* read = report.values->data();
  // Every instance's keys in one array, each result's a part of it (d.exec[i].keys_begin, ...).
  auto keys = std::make_shared<std::vector<involved_key>>();
  keys->reserve(d.involved.size());
  detail::append_keys(*keys, d, 0, static_cast<std::uint32_t>(d.involved.size()),
                      [&](std::size_t k) { return read + d.read_index[k]; });
  report.keys = keys;
  report.rule_errors = d.rule_errors;
  report.results.resize(d.instances.size());
  for (std::size_t i = 0; i < d.instances.size(); ++i) {
    budget::checkpoint();
    const detail::exec_instance& x = d.exec[i];
    const instance_outcome o = detail::run_instance(d, x, values, stack.get());
    instance_result& r = report.results[i];
    detail::fill_result(r, d, i, o);
    r.keys = span<involved_key>(keys->data() + x.keys_begin, x.keys_end - x.keys_begin);
    switch (o.status) {
      case status::passed: ++report.passed; break;
      case status::failed: ++report.failed; break;
      case status::skipped: ++report.skipped; break;
      case status::not_assessable: ++report.not_assessable; break;
    }
  }
  return report;
}

tally evaluate_statuses(const compiled_rules& rules, const value_view& values, std::vector<instance_outcome>& out) {
  const detail::compiled_data& d = rules.data();
  detail::scratch_stack stack(d.max_depth);
  out.resize(d.exec.size());
  tally t;
  for (std::size_t i = 0; i < d.exec.size(); ++i) {
    budget::checkpoint();
    out[i] = detail::run_instance(d, d.exec[i], values, stack.get());
    detail::count(t, out[i].status, d.exec[i].severity);
  }
  return t;
}

tally evaluate_tally(const compiled_rules& rules, const value_view& values) {
  const detail::compiled_data& d = rules.data();
  detail::scratch_stack stack(d.max_depth);
  tally t;
  for (const auto& x : d.exec) detail::count(t, detail::run_instance(d, x, values, stack.get()).status, x.severity);
  return t;
}

instance_outcome evaluate_instance(const compiled_rules& rules, std::size_t i, const value_view& values) {
  const detail::compiled_data& d = rules.data();
  detail::scratch_stack stack(d.max_depth);
  if (i >= d.exec.size()) throw std::out_of_range("check::evaluate_instance: no instance " + std::to_string(i));
  return detail::run_instance(d, d.exec[i], values, stack.get());
}

instance_result make_result(const compiled_rules& rules, std::size_t i, const instance_outcome& outcome,
                            const value_view& values) {
  const detail::compiled_data& d = rules.data();
  if (i >= d.instances.size()) throw std::out_of_range("check::make_result: no instance " + std::to_string(i));
  instance_result r;
  detail::fill_result(r, d, i, outcome);
  std::vector<involved_key> keys;
  keys.reserve(d.exec[i].keys_end - d.exec[i].keys_begin);
  detail::append_keys(keys, d, d.exec[i].keys_begin, d.exec[i].keys_end, [&](std::size_t k) { return &values[k]; });
  r.set_own_keys(std::move(keys));
  return r;
}

}  // namespace nianbao::check
