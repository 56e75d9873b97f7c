// The rules-file grammar: the only translation unit that includes Boost.Spirit X3.
// Layout after X3's calc9 example (AST in rules_ast.hpp, fusion adaptation, rule declarations,
// definitions, BOOST_SPIRIT_DEFINE), kept in one .cpp: the rules are used only here, so no
// BOOST_SPIRIT_DECLARE / BOOST_SPIRIT_INSTANTIATE and no context type to keep in sync.
//
// Notes (see /work/shared/NOTES.md): only x3::ascii character classes are used (x3::alpha and
// friends assert on non-ASCII bytes); message strings are UTF-8 passed through byte by byte;
// positions are byte offsets converted to code-point columns by nianbao::position_of; every
// expectation target (`> p`) is a named rule or a literal so that x3::expectation_failure::which()
// is readable; single-member structs are filled by semantic actions (boostorg/spirit#463), in
// an inner rule wrapped by an annotated one (an action-rule's on_success sees no attribute).
#include "rules/rule_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <type_traits>
#include <vector>

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>

#include "core/diagnostic.hpp"

BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::set_operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::set_expr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::binding, variable, set)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::operation, op, value)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::expr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::sum_call, items, bindings)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::comparison, left, op, right, tolerance)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::body, quantifiers, test)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::rule, id, severity, message, body)
BOOST_FUSION_ADAPT_STRUCT(nianbao::check::ast::let, name, set)

namespace nianbao::check::detail {
namespace grammar {

namespace x3 = boost::spirit::x3;
namespace ascii = boost::spirit::x3::ascii;
using x3::lexeme;
using x3::lit;
using x3::raw;

using iterator = const char*;
struct begin_tag;  // x3::with<begin_tag>(begin of the text): for byte offsets

// on_success handler: record where a node starts (after the skipper ran).
struct annotate {
  template <typename It, typename T, typename Ctx>
  void on_success(It const& first, It const&, T& node, Ctx const& ctx) const {
    if constexpr (std::is_base_of_v<ast::tagged, std::decay_t<T>>) {
      node.offset = static_cast<std::size_t>(first - x3::get<begin_tag>(ctx));
    }
  }
};

// ---- rule declarations --------------------------------------------------------------------
struct keyword_class;
struct kw_rule_class;
struct kw_let_class;
struct kw_for_class;
struct kw_in_class;
struct kw_within_class;
struct kw_sum_class;
struct kw_keys_class;
struct kw_integer_class;
struct identifier_class;
struct variable_name_class;
struct set_name_class;
struct rule_id_class;
struct severity_class;
struct message_class;
struct element_class;
struct segment_class;
struct path_class : annotate {};
struct path_inner_class;
struct number_inner_class;
struct set_list_inner_class;
struct set_keys_inner_class;
struct set_ref_inner_class;
struct integer_check_inner_class;
struct key_class : annotate {};
struct pattern_list_class;
struct number_class : annotate {};
struct set_list_class : annotate {};
struct set_keys_class : annotate {};
struct set_ref_class : annotate {};
struct set_operand_class;
struct set_expr_class : annotate {};
struct binding_class : annotate {};
struct binding_list_class;
struct for_clause_class;
struct sum_items_class;
struct sum_bindings_class;
struct sum_call_class : annotate {};
struct term_class;
struct expr_class : annotate {};
struct rhs_class : annotate {};
struct cmp_class;
struct comparison_class : annotate {};
struct integer_check_class : annotate {};
struct check_class;
struct body_class : annotate {};
struct rule_stmt_class : annotate {};
struct let_stmt_class : annotate {};
struct statement_class;
struct end_class;
struct program_class;

x3::rule<keyword_class> const keyword = "a keyword";
x3::rule<kw_rule_class> const kw_rule = "'rule'";
x3::rule<kw_let_class> const kw_let = "'let'";
x3::rule<kw_for_class> const kw_for = "'for'";
x3::rule<kw_in_class> const kw_in = "'in'";
x3::rule<kw_within_class> const kw_within = "'within'";
x3::rule<kw_sum_class> const kw_sum = "'sum'";
x3::rule<kw_keys_class> const kw_keys = "'keys'";
x3::rule<kw_integer_class> const kw_integer = "'integer'";
x3::rule<identifier_class, std::string> const identifier = "a name";
x3::rule<variable_name_class, std::string> const variable_name = "a variable name";
x3::rule<set_name_class, std::string> const set_name = "a set name";
x3::rule<rule_id_class, std::string> const rule_id = "a rule id";
x3::rule<severity_class, std::string> const severity = "a severity ('error' or 'warning')";
x3::rule<message_class, std::string> const message = "a message in double quotes";
x3::rule<element_class, std::string> const element = "a name";
x3::rule<segment_class, std::string> const segment = "a key segment";
x3::rule<path_class, ast::path> const path = "a key";
// Rules whose definition has a semantic action get no attribute in their on_success handler
// (X3 passes `unused`), so each is wrapped in an annotated rule: `path = path_inner`.
x3::rule<path_inner_class, ast::path> const path_inner = "a key";
x3::rule<number_inner_class, ast::number> const number_inner = "a number";
x3::rule<set_list_inner_class, ast::set_list> const set_list_inner = "a list";
x3::rule<set_keys_inner_class, ast::set_keys> const set_keys_inner = "keys(...)";
x3::rule<set_ref_inner_class, ast::set_ref> const set_ref_inner = "a set name";
x3::rule<integer_check_inner_class, ast::integer_check> const integer_check_inner = "integer(...)";
x3::rule<key_class, ast::path> const key = "a key";
x3::rule<pattern_list_class, std::vector<ast::path>> const pattern_list = "a key pattern";
x3::rule<number_class, ast::number> const number = "a number";
x3::rule<set_list_class, ast::set_list> const set_list = "a list";
x3::rule<set_keys_class, ast::set_keys> const set_keys = "keys(...)";
x3::rule<set_ref_class, ast::set_ref> const set_ref = "a set name";
x3::rule<set_operand_class, ast::set_operand> const set_operand =
    "a set (a list [...], keys(...) or a set name)";
x3::rule<set_expr_class, ast::set_expr> const set_expr =
    "a set (a list [...], keys(...) or a set name)";
x3::rule<binding_class, ast::binding> const binding = "a variable (as in 'for c in columns')";
x3::rule<binding_list_class, std::vector<ast::binding>> const binding_list =
    "a variable (as in 'for c in columns')";
x3::rule<for_clause_class, std::vector<ast::binding>> const for_clause = "'for'";
x3::rule<sum_items_class, std::vector<ast::expr>> const sum_items = "an expression";
x3::rule<sum_bindings_class, std::vector<ast::binding>> const sum_bindings = "'for'";
x3::rule<sum_call_class, ast::sum_call> const sum_call = "sum(...)";
x3::rule<term_class, ast::operand> const term = "a value (a key, a number, sum(...) or (...))";
x3::rule<expr_class, ast::expr> const expr = "an expression";
x3::rule<rhs_class, ast::expr> const rhs = "an expression";
x3::rule<cmp_class, ast::cmp_op> const cmp =
    "a comparison ('==', '!=', '<=', '>=', '<' or '>')";
x3::rule<comparison_class, ast::comparison> const comparison = "a comparison";
x3::rule<integer_check_class, ast::integer_check> const integer_check = "integer(...)";
x3::rule<check_class, ast::check> const check = "a check";
x3::rule<body_class, ast::body> const body = "a check";
x3::rule<rule_stmt_class, ast::rule> const rule_stmt = "a rule";
x3::rule<let_stmt_class, ast::let> const let_stmt = "a set definition";
x3::rule<statement_class, ast::statement> const statement = "'rule' or 'let'";
x3::rule<end_class> const end = "'rule', 'let' or the end of the file";
x3::rule<program_class, ast::program> const program = "a rules file";

// ---- rule definitions ---------------------------------------------------------------------
auto const ident_char = ascii::alnum | lit('_');
auto const word = lexeme[(ascii::alpha | lit('_')) >> *(ascii::alnum | lit('_'))];

auto kw(char const* s) { return lexeme[lit(s) >> !(ascii::alnum | lit('_'))]; }

auto const keyword_def = kw("rule") | kw("let") | kw("for") | kw("within") | kw("sum") |
                         kw("keys") | kw("integer") | kw("in");
auto const kw_rule_def = kw("rule");
auto const kw_let_def = kw("let");
auto const kw_for_def = kw("for");
auto const kw_in_def = kw("in");
auto const kw_within_def = kw("within");
auto const kw_sum_def = kw("sum");
auto const kw_keys_def = kw("keys");
auto const kw_integer_def = kw("integer");

auto const identifier_def = raw[word] - keyword;
auto const variable_name_def = identifier;
auto const set_name_def = identifier;
auto const rule_id_def =
    raw[lexeme[(ascii::alpha | lit('_')) >> *(ascii::alnum | lit('_') | lit('-'))]];
auto const severity_def = raw[lexeme[(lit("error") | lit("warning")) >> !ident_char]];
auto const message_def =
    lexeme[lit('"') >> *((lit('\\') >> x3::char_("\"\\")) | (x3::char_ - '"' - '\\' - x3::eol)) >
           lit('"')];
auto const element_def = raw[lexeme[+ident_char % '.']];

auto const segment_def =
    raw[lexeme[lit("**") | lit('*') | (lit('$') >> word) | +ident_char]];
auto const set_segments = [](auto& ctx) { x3::_val(ctx).segments = std::move(x3::_attr(ctx)); };
auto const path_def = path_inner;
auto const path_inner_def = (!keyword >> lexeme[segment % '.'])[set_segments];
auto const key_def = path;
auto const pattern_list_def = path % ',';

auto const set_number = [](auto& ctx) {
  auto const& range = x3::_attr(ctx);
  ast::number& n = x3::_val(ctx);
  n.text.assign(range.begin(), range.end());
  auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), n.value);
  if (ec != std::errc()) x3::_pass(ctx) = false;
};
auto const number_def = number_inner;
auto const number_inner_def =
    raw[lexeme[-lit('-') >> +ascii::digit >> -(lit('.') >> +ascii::digit)]][set_number];

auto const set_items = [](auto& ctx) {
  if (auto const& items = x3::_attr(ctx)) x3::_val(ctx).items = *items;
};
auto const set_list_def = set_list_inner;
auto const set_list_inner_def = (lit('[') > -(element % ',') > lit(']'))[set_items];
auto const set_patterns = [](auto& ctx) { x3::_val(ctx).patterns = std::move(x3::_attr(ctx)); };
auto const set_keys_def = set_keys_inner;
auto const set_keys_inner_def = (kw_keys > lit('(') > pattern_list > lit(')'))[set_patterns];
auto const set_name_of = [](auto& ctx) { x3::_val(ctx).name = std::move(x3::_attr(ctx)); };
auto const set_ref_def = set_ref_inner;
auto const set_ref_inner_def = identifier[set_name_of];
auto const set_operand_def = set_list | set_keys | set_ref;
auto const set_expr_def = set_operand >> *(x3::char_("+-") > set_operand);

auto const binding_def = variable_name > kw_in > set_expr;
auto const binding_list_def = binding % ',';
auto const for_clause_def = kw_for > binding_list > lit(':');

auto const sum_items_def = expr % ',';
auto const sum_bindings_def = (kw_for > binding_list) | x3::attr(std::vector<ast::binding>());
auto const sum_call_def = kw_sum > lit('(') > sum_items > sum_bindings > lit(')');

auto const term_def = number | sum_call | (lit('(') > expr > lit(')')) | path;
auto const expr_def = term >> *(x3::char_("+-") > term);
auto const rhs_def = expr;

struct cmp_symbols : x3::symbols<ast::cmp_op> {
  cmp_symbols() {
    add("==", ast::cmp_op::eq)("!=", ast::cmp_op::ne)("<=", ast::cmp_op::le)(
        ">=", ast::cmp_op::ge)("<", ast::cmp_op::lt)(">", ast::cmp_op::gt);
  }
} const cmp_ops;
auto const cmp_def = cmp_ops;

auto const comparison_def = expr > cmp > rhs > -(kw_within > number);
auto const set_key = [](auto& ctx) { x3::_val(ctx).key = std::move(x3::_attr(ctx)); };
auto const integer_check_def = integer_check_inner;
auto const integer_check_inner_def = (kw_integer > lit('(') > key > lit(')'))[set_key];
auto const check_def = integer_check | comparison;
auto const body_def = *for_clause >> check;

auto const rule_stmt_def = kw_rule > rule_id > severity > message > lit(':') > body;
auto const let_stmt_def = kw_let > set_name > lit('=') > set_expr;
auto const statement_def = let_stmt | rule_stmt;
auto const end_def = x3::eoi;
auto const program_def = *statement > end;

BOOST_SPIRIT_DEFINE(keyword, kw_rule, kw_let, kw_for, kw_in, kw_within, kw_sum, kw_keys,
                    kw_integer, identifier, variable_name, set_name, rule_id, severity, message,
                    element, segment, path, path_inner, key, pattern_list, number, number_inner,
                    set_list, set_list_inner, set_keys, set_keys_inner, set_ref, set_ref_inner,
                    set_operand, set_expr, binding, binding_list, for_clause, sum_items,
                    sum_bindings, sum_call, term, expr, rhs, cmp, comparison, integer_check,
                    integer_check_inner, check, body, rule_stmt, let_stmt, statement, end,
                    program)

auto const skipper = ascii::space | (lit('#') >> *(x3::char_ - x3::eol));

}  // namespace grammar

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$' || c == '*' || c == '.';
}

struct token {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool string = false;
  bool unterminated = false;
};

// The last token that starts before `limit`, found with a small lexer that knows comments and
// strings (so that a '#' or a quote inside a message does not confuse it).
bool token_before(std::string_view text, std::size_t start, std::size_t limit, token& out) {
  bool found = false;
  std::size_t i = start;
  while (i < text.size() && i < limit) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
      continue;
    }
    token t;
    t.begin = i;
    if (c == '"') {
      t.string = true;
      ++i;
      t.unterminated = true;
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '\\' && i + 1 < text.size()) {
          i += 2;
          continue;
        }
        if (text[i++] == '"') {
          t.unterminated = false;
          break;
        }
      }
    } else if (is_word_char(c)) {
      while (i < text.size() && is_word_char(text[i])) ++i;
    } else if (i + 1 < text.size() && text[i + 1] == '=' && std::strchr("=!<>", c) != nullptr) {
      i += 2;
    } else {
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    t.end = i;
    out = t;
    found = true;
  }
  return found;
}

// The first token at or after `pos` (blanks, line ends and comments skipped), or text.size().
std::size_t next_token(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos;
    } else if (c == '#') {
      while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r') ++pos;
    } else {
      break;
    }
  }
  return pos;
}

[[noreturn]] void syntax_error(std::string_view text, std::size_t start, const std::string& file,
                               std::size_t where, std::string expected) {
  // which() of a string literal is "\"...\"": show it as '...' like the other names.
  if (expected.size() >= 2 && expected.front() == '"' && expected.back() == '"') {
    expected = "'" + expected.substr(1, expected.size() - 2) + "'";
  }
  std::string message = "expected " + expected;
  token prev;
  bool has_prev = token_before(text, start, where, prev) && prev.end <= where;
  if (has_prev) {
    if (prev.string && prev.unterminated) {
      message += " (the message is not closed)";
    } else if (prev.string) {
      message += " after the message";
    } else {
      message += " after '" + std::string(text.substr(prev.begin, prev.end - prev.begin)) + "'";
    }
  }
  // Point at what is there instead when it is on the same line as the previous token; when the
  // line (or the file) ends first, point just after the previous token: something is missing.
  // Between statements, what is there is the culprit, wherever it is.
  std::size_t next = next_token(text, std::max(where, start));
  std::size_t at = next;
  bool between_statements = expected == grammar::end.name;
  if (has_prev && (next >= text.size() ||
                   (!between_statements && position_of(text, next).line != position_of(text, prev.end).line))) {
    at = prev.end;
  }
  diagnostic d;
  d.severity = nianbao::severity::error;
  d.file = file;
  d.where = position_of(text, at);
  d.code = "rules-syntax";
  d.message = std::move(message);
  d.source_line = std::string(line_at(text, at));
  throw diagnostic_error(std::move(d));
}

// X3 parses nested brackets by recursion: 30,000 '(' overflowed the stack (issue 7, finding F9).
// Refused before parsing, at the first bracket past the limit (comments and strings skipped).
constexpr std::size_t kMaxNesting = 100;

void check_nesting(std::string_view text, std::size_t start, const std::string& file) {
  std::size_t depth = 0;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\r') ++i;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n' && text[i] != '\r'; ++i)
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
    } else if (c == '(' || c == '[') {
      if (++depth > kMaxNesting) {
        diagnostic d;
        d.severity = nianbao::severity::error;
        d.file = file;
        d.where = position_of(text, i);
        d.code = "rules-syntax";
        d.message = "brackets nested deeper than " + std::to_string(kMaxNesting) + " levels";
        d.source_line = std::string(line_at(text, i));
        throw diagnostic_error(std::move(d));
      }
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    }
  }
}

}  // namespace

ast::program parse_program(std::string_view text, const std::string& file) {
  namespace x3 = boost::spirit::x3;
  grammar::iterator const begin = text.data();
  grammar::iterator const last = text.data() + text.size();
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 byte order mark
  grammar::iterator first = begin + start;
  check_nesting(text, start, file);
  ast::program program;
  try {
    auto const parser = x3::with<grammar::begin_tag>(begin)[grammar::program];
    bool ok = x3::phrase_parse(first, last, parser, grammar::skipper, program);
    if (!ok || first != last) {
      syntax_error(text, start, file, static_cast<std::size_t>(first - begin), grammar::end.name);
    }
  } catch (const x3::expectation_failure<grammar::iterator>& e) {
    syntax_error(text, start, file, static_cast<std::size_t>(e.where() - begin), e.which());
  }
  return program;
}

}  // namespace nianbao::check::detail
