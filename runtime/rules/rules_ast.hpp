#pragma once
// The syntax tree of a rules file (see model/RULES.md). Built by the X3 grammar in
// rule_parser.cpp, checked and evaluated by rules.cpp / evaluate.cpp. Internal to runtime/rules:
// the public API is rules.hpp.
//
// Only X3's small AST support headers are included here (variant, forward_ast), not the parser.
#include <cstddef>
#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace nianbao::check::ast {

namespace x3 = boost::spirit::x3;

// Every node that can be named in a diagnostic remembers where it starts: a byte offset into
// the rules text (converted to line and code-point column only when reported).
struct tagged {
  std::size_t offset = 0;
};

// A key path or key pattern: `requests.new.$c`, `requests.denied.*.total`, `review.**`.
// Each segment is a name, `$var`, `*` (exactly one key segment) or `**` (one or more).
struct path : tagged {
  std::vector<std::string> segments;
};

struct number : tagged {
  double value = 0;
  std::string text;  // as written, for display
};

// ---- sets ---------------------------------------------------------------------------------
struct set_list : tagged {  // [natural_person, commercial, denied.state_secret]
  std::vector<std::string> items;
};
struct set_keys : tagged {  // keys(requests.**, review.**): the template's keys that match
  std::vector<path> patterns;
};
struct set_ref : tagged {  // a set declared with `let`
  std::string name;
};
using set_operand = x3::variant<set_list, set_keys, set_ref>;

struct set_operation {
  char op = '+';  // '+' union, '-' difference
  set_operand operand;
};

struct set_expr : tagged {
  set_operand first;
  std::vector<set_operation> rest;
};

struct binding : tagged {  // c in columns
  std::string variable;
  set_expr set;
};

// ---- arithmetic ---------------------------------------------------------------------------
struct sum_call;
struct expr;

using operand = x3::variant<number, path, x3::forward_ast<sum_call>, x3::forward_ast<expr>>;

struct operation {
  char op = '+';  // '+' or '-'
  operand value;
};

struct expr : tagged {
  operand first;
  std::vector<operation> rest;
};

// sum(a, b, requests.denied.*.$c)  or  sum(requests.$r.$c for r in handled)
struct sum_call : tagged {
  std::vector<expr> items;
  std::vector<binding> bindings;  // empty for the list form
};

// ---- checks and statements ----------------------------------------------------------------
enum class cmp_op { eq, ne, le, ge, lt, gt };

struct comparison : tagged {
  expr left;
  cmp_op op = cmp_op::eq;
  expr right;
  boost::optional<number> tolerance;  // `within 0.001`
};

struct integer_check : tagged {  // integer(requests.new.$c)
  path key;
};

using check = x3::variant<comparison, integer_check>;

struct body : tagged {
  std::vector<std::vector<binding>> quantifiers;  // one entry per `for ...:` clause, outermost first
  check test;
};

struct rule : tagged {
  std::string id;
  std::string severity;  // "error" or "warning"
  std::string message;
  ast::body body;
};

struct let : tagged {
  std::string name;
  set_expr set;
};

using statement = x3::variant<let, rule>;
using program = std::vector<statement>;

}  // namespace nianbao::check::ast
