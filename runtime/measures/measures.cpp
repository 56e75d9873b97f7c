#include "measures/measures.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "model/toml_support.hpp"

namespace nianbao::measures {

const char* to_string(null_reason r) noexcept {
  switch (r) {
    case null_reason::none: return "";
    case null_reason::missing: return "missing";
    case null_reason::not_a_number: return "not-a-number";
    case null_reason::zero_denominator: return "zero-denominator";
  }
  return "";
}

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// Each expression becomes the left side of a rule of its own line, `rule mN error "": EXPR == 0`,
// so that the rule language parses and binds it; an error in it is moved back to the TOML string.
std::string rule_prefix(std::size_t instance) { return "rule m" + std::to_string(instance) + " error \"\": "; }

struct expression_place {
  const toml::node* node = nullptr;
  std::string measure, part;
};

[[noreturn]] void fail_in_expression(const toml_support::context& cx, const expression_place& p,
                                     const nianbao::diagnostic& inner, std::size_t column_in_expr) {
  nianbao::diagnostic d;
  d.file = cx.path;
  d.code = "measures";
  std::string message = inner.message;
  // The rule language names the rule an unknown key is in: here that is the wrapper's.
  if (auto at = message.rfind(" (rule m"); at != std::string::npos && message.back() == ')') message.resize(at);
  d.message = "measure " + p.measure + ", " + p.part + ": " + message;
  if (p.node) {
    const auto& src = p.node->source().begin;
    d.where.line = src.line;
    d.where.column = src.column + column_in_expr;  // src.column is the opening quote's
    std::string_view text = cx.text;
    std::size_t line = 1, at = 0;
    while (line < src.line && at < text.size()) {
      auto nl = text.find('\n', at);
      if (nl == std::string_view::npos) break;
      at = nl + 1;
      ++line;
    }
    d.source_line = std::string(line_at(text, at));
  }
  throw diagnostic_error(std::move(d));
}

}  // namespace

measure_set parse_measures(std::string_view toml_text, const std::string& file, const std::vector<std::string>& keys) {
  toml_support::context cx{file, toml_text};
  toml::table doc = toml_support::parse(toml_text, cx);
  toml_support::reject_unknown_keys(doc, {"measure"}, cx, "the measures file");
  measure_set set;
  set.file_ = file;
  const toml::array* list = doc["measure"].as_array();
  if (!list && doc.contains("measure")) toml_support::fail(cx, doc.get("measure"), "'measure' must be [[measure]] tables");
  std::string rules_text;
  std::vector<expression_place> places;
  std::set<std::string> ids;
  if (list) {
    for (const auto& node : *list) {
      const toml::table* t = node.as_table();
      if (!t) toml_support::fail(cx, &node, "a [[measure]] must be a table");
      toml_support::reject_unknown_keys(*t, {"id", "label", "definition", "numerator", "denominator"}, cx,
                                        "a [[measure]]");
      measure m;
      m.id = toml_support::required_string(*t, "id", cx);
      if (!is_identifier(m.id))
        toml_support::fail(cx, t->get("id"), "a measure's id is lower-case letters, digits and '_': '" + m.id + "'");
      if (!ids.insert(m.id).second) toml_support::fail(cx, t->get("id"), "measure '" + m.id + "' is defined twice");
      m.label = toml_support::required_string(*t, "label", cx);
      m.definition = toml_support::required_string(*t, "definition", cx);
      m.numerator = toml_support::required_string(*t, "numerator", cx);
      m.denominator = toml_support::required_string(*t, "denominator", cx);
      m.where.line = t->source().begin.line;
      m.where.column = t->source().begin.column;
      for (const char* part : {"numerator", "denominator"}) {
        const std::string& expr = part[0] == 'n' ? m.numerator : m.denominator;
        if (expr.find_first_of("\r\n") != std::string::npos)
          toml_support::fail(cx, t->get(part), "a measure's " + std::string(part) + " is one line");
        rules_text += rule_prefix(places.size()) + expr + " == 0\n";
        places.push_back({t->get(part), m.id, part});
      }
      set.measures_.push_back(std::move(m));
    }
  }
  check::rule_set rules;
  try {
    rules = check::parse_rules(rules_text, file);
  } catch (const diagnostic_error& e) {
    const auto& d = e.diag();
    std::size_t i = d.where.line ? d.where.line - 1 : 0;
    if (i >= places.size()) throw;
    const std::size_t prefix = rule_prefix(i).size();
    std::size_t column = d.where.column > prefix ? d.where.column - prefix : 1;
    // Past the expression is the wrapper's " == 0": point just after the expression instead.
    const std::string& expr = places[i].part[0] == 'n' ? set.measures_[i / 2].numerator : set.measures_[i / 2].denominator;
    column = std::min(column, count_code_points(expr, expr.size()) + 1);
    fail_in_expression(cx, places[i], d, column);
  }
  set.compiled_ = check::compile(rules, keys);
  if (!set.compiled_.rule_errors().empty()) {
    const auto& err = set.compiled_.rule_errors().front();
    const std::size_t i = std::stoul(err.rule.substr(1));
    const std::size_t prefix = rule_prefix(i).size();
    const std::size_t column = err.diag.where.column > prefix ? err.diag.where.column - prefix : 1;
    fail_in_expression(cx, places[i], err.diag, column);
  }
  if (set.compiled_.size() != places.size())
    throw diagnostic_error(file_error(file, "measures", "internal: an expression was not bound"));
  return set;
}

measure_set load_measures_file(const std::string& path, const std::vector<std::string>& keys) {
  const std::string text = toml_support::read_file(path);
  return parse_measures(text, path, keys);
}

measure_set load_for(const model::template_model& m) {
  namespace fs = std::filesystem;
  if (m.file.empty()) return {};
  fs::path p = fs::path(m.file).replace_extension(".measures");
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return {};
  return load_measures_file(p.string(), m.keys);
}

std::vector<result> evaluate(const measure_set& set, const check::value_view& values) {
  std::vector<result> out(set.size());
  auto side = [&](std::size_t instance, std::optional<double>& number) {
    const check::instance_outcome o = check::evaluate_instance(set.compiled(), instance, values);
    switch (o.status) {
      case check::status::passed:
      case check::status::failed: number = o.left; return null_reason::none;
      case check::status::skipped: return null_reason::missing;
      case check::status::not_assessable: return null_reason::not_a_number;
    }
    return null_reason::missing;
  };
  for (std::size_t i = 0; i < set.size(); ++i) {
    result& r = out[i];
    const null_reason n = side(2 * i, r.numerator), d = side(2 * i + 1, r.denominator);
    // Missing outranks not-a-number, as a rule's skipped outranks not assessable.
    if (n == null_reason::missing || d == null_reason::missing) r.why = null_reason::missing;
    else if (n != null_reason::none || d != null_reason::none) r.why = null_reason::not_a_number;
    else if (*r.denominator == 0) r.why = null_reason::zero_denominator;
    else r.value = *r.numerator / *r.denominator;
  }
  return out;
}

}  // namespace nianbao::measures
