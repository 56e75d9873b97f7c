// Rendering a check with its variables substituted (eval_common.hpp).
#include "rules/eval_common.hpp"

namespace nianbao::check::detail {

namespace {

namespace x3 = boost::spirit::x3;

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

}  // namespace

std::string render_set(const ast::set_expr& s, const environment& env) {
  std::string out = render_set_operand(s.first, env);
  for (const auto& op : s.rest) out += std::string(" ") + op.op + " " + render_set_operand(op.operand, env);
  return out;
}

std::string render_expr(const ast::expr& e, const environment& env) {
  std::string out = render_operand(e.first, env);
  for (const auto& op : e.rest) out += std::string(" ") + op.op + " " + render_operand(op.value, env);
  return out;
}

const char* cmp_text(ast::cmp_op op) noexcept {
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

}  // namespace nianbao::check::detail
