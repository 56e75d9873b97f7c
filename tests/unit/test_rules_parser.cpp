#define BOOST_TEST_MODULE rules_parser
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rules/rule_parser.hpp"
#include "rules/rules.hpp"
#include "rules/rules_data.hpp"

namespace check = nianbao::check;
namespace ast = nianbao::check::ast;
using strings = std::vector<std::string>;

namespace {

// The diagnostic thrown while parsing `text` (fails the test when nothing is thrown).
nianbao::diagnostic error_of(const std::string& text, const check::rule_set* base = nullptr) {
  try {
    if (base) check::parse_rules(text, "t.rules", *base);
    else check::parse_rules(text, "t.rules");
  } catch (const nianbao::diagnostic_error& e) {
    return e.diag();
  }
  BOOST_FAIL("no error for: " + text);
  return {};
}

const ast::path& path_of(const ast::operand& o) { return boost::get<ast::path>(o); }

}  // namespace

BOOST_AUTO_TEST_CASE(rules_and_sets) {
  auto rs = check::parse_rules(R"(# 表三 comment
let applicants = [natural_person, commercial]   # trailing comment
let columns = applicants + [total]
let rows = [new, denied.state_secret]

rule balance error "第一项加第二项之和，等于第三项加第四项之和":
  for c in columns:
    requests.new.$c + requests.carried_over.$c == requests.total.$c + requests.carried_forward.$c

rule fees-ok warning "收费 # 不是注释": active.fees.amount >= 0 within 0.001
)",
                               "a.rules");
  BOOST_TEST(rs.size() == 2u);
  BOOST_TEST(rs.set_names() == (strings{"applicants", "columns", "rows"}), boost::test_tools::per_element());
  auto infos = rs.rules();
  BOOST_TEST(infos[0].id == "balance");
  BOOST_TEST((infos[0].severity == nianbao::severity::error));
  BOOST_TEST(infos[0].message == "第一项加第二项之和，等于第三项加第四项之和");
  BOOST_TEST(infos[0].file == "a.rules");
  BOOST_TEST(infos[0].where.line == 6u);
  BOOST_TEST(infos[0].where.column == 1u);
  BOOST_TEST(infos[1].id == "fees-ok");
  BOOST_TEST((infos[1].severity == nianbao::severity::warning));
  BOOST_TEST(infos[1].message == "收费 # 不是注释");  // '#' inside a message is text
  BOOST_TEST(infos[1].where.line == 10u);

  // AST facts
  const auto& data = rs.data();
  const auto& rows = data.sets[2].set;
  BOOST_TEST(boost::get<ast::set_list>(rows.first).items == (strings{"new", "denied.state_secret"}),
             boost::test_tools::per_element());
  const auto& columns = data.sets[1].set;
  BOOST_TEST(boost::get<ast::set_ref>(columns.first).name == "applicants");
  BOOST_REQUIRE_EQUAL(columns.rest.size(), 1u);
  BOOST_TEST(columns.rest[0].op == '+');
  BOOST_TEST(boost::get<ast::set_list>(columns.rest[0].operand).items == strings{"total"},
             boost::test_tools::per_element());

  const ast::rule& balance = data.rules[0].rule;
  BOOST_REQUIRE_EQUAL(balance.body.quantifiers.size(), 1u);
  BOOST_REQUIRE_EQUAL(balance.body.quantifiers[0].size(), 1u);
  BOOST_TEST(balance.body.quantifiers[0][0].variable == "c");
  BOOST_TEST(boost::get<ast::set_ref>(balance.body.quantifiers[0][0].set.first).name == "columns");
  const auto& cmp = boost::get<ast::comparison>(balance.body.test);
  BOOST_TEST((cmp.op == ast::cmp_op::eq));
  BOOST_TEST(!cmp.tolerance);
  BOOST_TEST(path_of(cmp.left.first).segments == (strings{"requests", "new", "$c"}), boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(cmp.left.rest.size(), 1u);
  BOOST_TEST(cmp.left.rest[0].op == '+');
  BOOST_TEST(path_of(cmp.left.rest[0].value).segments == (strings{"requests", "carried_over", "$c"}),
             boost::test_tools::per_element());
  BOOST_TEST(path_of(cmp.right.rest[0].value).segments == (strings{"requests", "carried_forward", "$c"}),
             boost::test_tools::per_element());

  const auto& fees = boost::get<ast::comparison>(data.rules[1].rule.body.test);
  BOOST_TEST((fees.op == ast::cmp_op::ge));
  BOOST_REQUIRE(fees.tolerance);
  BOOST_TEST(fees.tolerance->value == 0.001);
  BOOST_TEST(fees.tolerance->text == "0.001");
  BOOST_TEST(boost::get<ast::number>(fees.right.first).value == 0.0);
}

BOOST_AUTO_TEST_CASE(every_operator) {
  const std::pair<const char*, ast::cmp_op> ops[] = {{"==", ast::cmp_op::eq}, {"!=", ast::cmp_op::ne},
                                                     {"<=", ast::cmp_op::le}, {">=", ast::cmp_op::ge},
                                                     {"<", ast::cmp_op::lt},  {">", ast::cmp_op::gt}};
  for (const auto& [text, op] : ops) {
    auto rs = check::parse_rules(std::string("rule r error \"m\": a ") + text + " -1");
    const auto& c = boost::get<ast::comparison>(rs.data().rules[0].rule.body.test);
    BOOST_TEST((c.op == op), text);
    BOOST_TEST(boost::get<ast::number>(c.right.first).value == -1.0);
  }
}

BOOST_AUTO_TEST_CASE(sums_patterns_nesting_and_integer) {
  auto program = check::detail::parse_program(R"(
rule r error "m":
  for r in [a, b], c in keys(requests.**, x.*.$r):
    for d in [x] - [y]:
      t.$r.total == sum(t.$r.$a for a in [p, q]) + sum(requests.denied.*.$c, 1.5) - (x - y)
rule i error "m": integer(requests.new.$c)
)",
                                              "t.rules");
  BOOST_REQUIRE_EQUAL(program.size(), 2u);
  const auto& r = boost::get<ast::rule>(program[0]);
  BOOST_REQUIRE_EQUAL(r.body.quantifiers.size(), 2u);
  BOOST_REQUIRE_EQUAL(r.body.quantifiers[0].size(), 2u);
  const auto& keys = boost::get<ast::set_keys>(r.body.quantifiers[0][1].set.first);
  BOOST_REQUIRE_EQUAL(keys.patterns.size(), 2u);
  BOOST_TEST(keys.patterns[0].segments == (strings{"requests", "**"}), boost::test_tools::per_element());
  BOOST_TEST(keys.patterns[1].segments == (strings{"x", "*", "$r"}), boost::test_tools::per_element());
  BOOST_TEST(r.body.quantifiers[1][0].set.rest.at(0).op == '-');

  const auto& cmp = boost::get<ast::comparison>(r.body.test);
  BOOST_REQUIRE_EQUAL(cmp.right.rest.size(), 2u);
  const ast::sum_call& comprehension = boost::get<ast::x3::forward_ast<ast::sum_call>>(cmp.right.first).get();
  BOOST_REQUIRE_EQUAL(comprehension.items.size(), 1u);
  BOOST_REQUIRE_EQUAL(comprehension.bindings.size(), 1u);
  BOOST_TEST(comprehension.bindings[0].variable == "a");
  BOOST_TEST(path_of(comprehension.items[0].first).segments == (strings{"t", "$r", "$a"}),
             boost::test_tools::per_element());
  const ast::sum_call& list = boost::get<ast::x3::forward_ast<ast::sum_call>>(cmp.right.rest[0].value).get();
  BOOST_REQUIRE_EQUAL(list.items.size(), 2u);
  BOOST_TEST(list.bindings.empty());
  BOOST_TEST(path_of(list.items[0].first).segments == (strings{"requests", "denied", "*", "$c"}),
             boost::test_tools::per_element());
  BOOST_TEST(boost::get<ast::number>(list.items[1].first).value == 1.5);
  BOOST_TEST(cmp.right.rest[1].op == '-');
  const ast::expr& paren = boost::get<ast::x3::forward_ast<ast::expr>>(cmp.right.rest[1].value).get();
  BOOST_TEST(paren.rest.at(0).op == '-');

  const auto& i = boost::get<ast::rule>(program[1]);
  BOOST_TEST(boost::get<ast::integer_check>(i.body.test).key.segments == (strings{"requests", "new", "$c"}),
             boost::test_tools::per_element());
  // offsets: the rule keyword, the path
  BOOST_TEST(i.offset == 186u);
}

BOOST_AUTO_TEST_CASE(escapes_crlf_bom) {
  auto rs = check::parse_rules("\xEF\xBB\xBFrule q error \"a \\\"b\\\" \\\\ c\":\r\n  x == 1\r\nrule z error \"m\": y == 2",
                               "t.rules");
  BOOST_TEST(rs.rules()[0].message == "a \"b\" \\ c");
  BOOST_TEST(rs.rules()[1].where.line == 3u);
  BOOST_TEST(rs.rules()[0].where.column == 1u);  // the BOM is not a column
}

BOOST_AUTO_TEST_CASE(keywords_are_not_names_but_can_be_rule_ids_and_segments) {
  auto rs = check::parse_rules("rule integer error \"m\": for k in keys(a.**): integer($k)\n"
                               "rule in error \"m\": requests.other.in == x.for.sum");
  BOOST_TEST(rs.rules()[1].id == "in");
  auto e = error_of("let for = [a]");
  BOOST_TEST(e.message == "expected a set name after 'let'");
  BOOST_TEST(e.where.column == 5u);
}

// ---- errors: exact message, line and code-point column --------------------------------------

BOOST_AUTO_TEST_CASE(error_after_cjk_counts_code_points) {
  auto e = error_of("let a = [x]\nrule r error \"合计\": a == == b\n");
  BOOST_TEST(e.message == "expected an expression after '=='");
  BOOST_TEST(e.code == "rules-syntax");
  BOOST_TEST(e.file == "t.rules");
  BOOST_TEST(e.where.line == 2u);
  BOOST_TEST(e.where.column == 25u);  // 29 in bytes
  BOOST_TEST(e.source_line == "rule r error \"合计\": a == == b");
  BOOST_TEST(e.format() ==
             "t.rules:2:25: error[rules-syntax]: expected an expression after '=='\n"
             "  rule r error \"合计\": a == == b\n"
             "                \u3000\u3000        ^");
}

BOOST_AUTO_TEST_CASE(syntax_errors) {
  struct expectation {
    const char* text;
    const char* message;
    std::size_t line, column;
  };
  const expectation cases[] = {
      {"rule r error \"消息\" a == 1", "expected ':' after the message", 1, 19},
      {"rule r error \"消息: a == 1", "expected '\"' (the message is not closed)", 1, 25},
      {"rule r fatal \"m\": a == 1", "expected a severity ('error' or 'warning') after 'r'", 1, 8},
      {"rule \"m\": a == 1", "expected a rule id after 'rule'", 1, 6},
      {"rule r error \"m\":\n", "expected a check after ':'", 1, 18},
      {"rule r error \"m\": a\n", "expected a comparison ('==', '!=', '<=', '>=', '<' or '>') after 'a'", 1, 20},
      {"rule r error \"m\": a ==\n# 注释\n", "expected an expression after '=='", 1, 23},
      {"rule r error \"m\": a + == b", "expected a value (a key, a number, sum(...) or (...)) after '+'", 1, 23},
      {"rule r error \"m\": a == (b", "expected ')' after 'b'", 1, 26},
      {"rule r error \"m\": a == 1 within x", "expected a number after 'within'", 1, 33},
      {"rule r error \"m\": a == sum b", "expected '(' after 'sum'", 1, 28},
      {"rule r error \"m\": for c columns: a == 1", "expected 'in' after 'c'", 1, 25},
      {"rule r error \"m\": for c in: a == 1", "expected a set (a list [...], keys(...) or a set name) after 'in'", 1, 27},
      {"rule r error \"m\": for c in [a] a == 1", "expected ':' after ']'", 1, 32},
      {"let a = [x, y\nrule r error \"m\": a == 1", "expected ']' after 'y'", 1, 14},
      {"let a = [x,]", "expected ']' after 'x'", 1, 11},
      {"let a [x]", "expected '=' after 'a'", 1, 7},
      {"let a = keys()", "expected a key pattern after '('", 1, 14},
      {"rule r error \"m\": integer(a", "expected ')' after 'a'", 1, 28},
      {"rule r error \"m\": a == 1 b", "expected 'rule', 'let' or the end of the file after '1'", 1, 26},
      {"规则 r error \"m\": a == 1", "expected 'rule', 'let' or the end of the file", 1, 1},
      {"# 表三\nrules r", "expected 'rule', 'let' or the end of the file", 2, 1},
      {"rule r error \"m\": a == 1\n  # 注释\n  b == 2", "expected 'rule', 'let' or the end of the file after '1'", 3, 3},
  };
  for (const auto& c : cases) {
    auto e = error_of(c.text);
    BOOST_TEST(e.message == c.message, c.text);
    BOOST_TEST(e.where.line == c.line, c.text);
    BOOST_TEST(e.where.column == c.column, c.text);
    BOOST_TEST(e.code == "rules-syntax", c.text);
  }
}

BOOST_AUTO_TEST_CASE(semantic_errors) {
  struct expectation {
    const char* text;
    const char* code;
    const char* message;
    std::size_t line, column;
  };
  const expectation cases[] = {
      {"let a = [x]\nrule r error \"总计\": for c in b: t.$c == 1", "undefined-set", "undefined set 'b'", 2, 29},
      {"let a = b + [x]", "undefined-set", "undefined set 'b'", 1, 9},
      {"rule r error \"总计\": for c in [x]: t.$d == 1", "unknown-variable", "unknown variable '$d'", 1, 36},
      {"rule r error \"m\": t.x == sum(t.$a for a in [x]) + t.$a", "unknown-variable", "unknown variable '$a'", 1, 53},
      {"let s = keys(a.$x)", "unknown-variable", "unknown variable '$x'", 1, 16},
      {"rule r error \"m\": a == 1\nrule r warning \"n\": b == 2", "duplicate-rule",
       "rule id 'r' is already used at t.rules:1:6", 2, 6},
      {"let a = [x]\nlet  a = [y]", "duplicate-set", "set 'a' is already defined at t.rules:1:5", 2, 6},
      {"rule r error \"m\": for c in [a], c in [b]: x == 1", "duplicate-variable", "variable 'c' is already bound", 1, 33},
      {"rule r error \"m\": for c in [a]: x == sum(y.$c for c in [b])", "duplicate-variable",
       "variable 'c' is already bound", 1, 51},
      {"rule r error \"m\": a.* == 1", "pattern-not-allowed",
       "a key pattern ('*' or '**') matches several keys: use it in sum(...) or keys(...)", 1, 21},
      {"rule r error \"m\": integer(a.**)", "pattern-not-allowed",
       "a key pattern ('*' or '**') matches several keys: use it in sum(...) or keys(...)", 1, 29},
      {"rule r error \"m\": sum(a.* + b) == 1", "pattern-not-allowed",
       "a key pattern ('*' or '**') matches several keys: use it in sum(...) or keys(...)", 1, 25},
      {"rule r error \"m\": sum(a, b for c in [x]) == 1", "sum-form",
       "sum(... for ...) takes one expression before 'for' (write sum(a + b for ...))", 1, 26},
  };
  for (const auto& c : cases) {
    auto e = error_of(c.text);
    BOOST_TEST(e.code == c.code, c.text);
    BOOST_TEST(e.message == c.message, c.text);
    BOOST_TEST(e.where.line == c.line, c.text);
    BOOST_TEST(e.where.column == c.column, c.text);
  }
}

BOOST_AUTO_TEST_CASE(combining_files) {
  auto base = check::parse_rules("let cols = [a, b]\nrule total error \"m\": x == 1\n", "base.rules");
  // the base's sets are visible on top of it ...
  auto both = check::parse_rules("rule each error \"m\": for c in cols: y.$c == 1\n", "user.rules", base);
  BOOST_TEST(both.size() == 2u);
  // ... but not to a file parsed on its own
  auto alone = error_of("rule each error \"m\": for c in cols: y.$c == 1\n");
  BOOST_TEST(alone.message == "undefined set 'cols'");
  // ids and set names cannot be reused across files, and the message says where the first one is
  auto dup = error_of("\n\nrule  total warning \"m\": y == 2", &base);
  BOOST_TEST(dup.code == "duplicate-rule");
  BOOST_TEST(dup.message == "rule id 'total' is already used at base.rules:2:6");
  BOOST_TEST(dup.file == "t.rules");
  BOOST_TEST(dup.where.line == 3u);
  BOOST_TEST(dup.where.column == 7u);
  auto dup_set = error_of("let cols = [c]", &base);
  BOOST_TEST(dup_set.message == "set 'cols' is already defined at base.rules:1:5");

  // add(): same checks, positioned in the added file
  auto extra = check::parse_rules("let other = [z]\n\nrule total error \"m\": z == 3\n", "extra.rules");
  try {
    check::add(both, extra);
    BOOST_FAIL("add() accepted a duplicate rule id");
  } catch (const nianbao::diagnostic_error& e) {
    BOOST_TEST(e.diag().message == "rule id 'total' is already used at base.rules:2:6");
    BOOST_TEST(e.diag().file == "extra.rules");
    BOOST_TEST(e.diag().where.line == 3u);
    BOOST_TEST(e.diag().where.column == 6u);
  }
  BOOST_TEST(both.size() == 2u);  // unchanged after a failed add
  auto fine = check::parse_rules("let other = [z]\nrule third error \"m\": z == 3\n", "extra.rules");
  check::add(both, fine);
  BOOST_TEST(both.size() == 3u);
  BOOST_TEST(both.set_names() == (strings{"cols", "other"}), boost::test_tools::per_element());
  BOOST_TEST(base.size() == 1u);  // the base is not changed by what was built on it
}

BOOST_AUTO_TEST_CASE(load_files) {
  auto gov = check::load_rules_file(NIANBAO_SOURCE_DIR "/model/gov-2021.rules");
  std::vector<std::string> ids;
  for (const auto& r : gov.rules()) ids.push_back(r.id);
  BOOST_TEST(ids == (strings{"balance", "row_total", "handled_sum", "review_total", "non_negative", "integer",
                             "narrative_received", "narrative_carried_over", "narrative_handled",
                             "narrative_carried_forward", "narrative_reconsideration", "narrative_litigation"}),
             boost::test_tools::per_element());
  BOOST_TEST(gov.set_names() == (strings{"applicants", "columns", "handled", "rows", "review_groups"}),
             boost::test_tools::per_element());
  // the arithmetic is an error, the narrative's numbers against the tables a warning
  for (const auto& r : gov.rules()) {
    const bool narrative = r.id.rfind("narrative_", 0) == 0;
    BOOST_TEST((r.severity == (narrative ? nianbao::severity::warning : nianbao::severity::error)), r.id);
  }

  try {
    check::load_rules_file("/nonexistent/x.rules");
    BOOST_FAIL("no error for a missing file");
  } catch (const nianbao::diagnostic_error& e) {
    BOOST_TEST(e.diag().code == "io");
    BOOST_TEST(e.diag().file == "/nonexistent/x.rules");
    BOOST_TEST(e.diag().message == "cannot read rules file");
  }
}
