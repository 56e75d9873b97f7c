#define BOOST_TEST_MODULE culprit
#include <boost/test/unit_test.hpp>

// check::likely_culprits: the one cell whose value, changed, makes every failed rule it is in
// pass (in two failed rules or more, or the only cell in all), from the rules' equations.

#include <string>
#include <vector>

#include "check/culprit.hpp"
#include "rules/rules.hpp"

namespace check = nianbao::check;
using strings = std::vector<std::string>;

namespace {

struct found {
  std::string key;
  double now, would_be;
  strings failed;
};

// The culprits of `rules` over keys = values, as key, value, would-be value and failed instances.
std::vector<found> culprits(const std::string& rules, const strings& keys, const std::vector<double>& numbers) {
  const auto compiled = check::compile(check::parse_rules(rules, "t.rules"), keys);
  std::vector<nianbao::value> values(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    values[i].kind = nianbao::cell_kind::number;
    values[i].number = numbers[i];
  }
  const check::value_view view(values);
  const auto report = check::evaluate(compiled, view);
  std::vector<found> out;
  for (const auto& c : check::likely_culprits(compiled, report, view)) {
    found f{keys[c.key], c.now, c.would_be, {}};
    for (auto i : c.failed) f.failed.push_back(report.results[i].name());
    out.push_back(f);
  }
  return out;
}

// A 2 x 2 table with row totals r1, r2, column totals c1, c2 and grand total g.
const std::string grid = R"(rule row error "m": r1 == x + y
rule row2 error "m": r2 == z + w
rule col error "m": c1 == x + z
rule col2 error "m": c2 == y + w
rule grand error "m": g == r1 + r2
)";
const strings grid_keys{"x", "y", "z", "w", "r1", "r2", "c1", "c2", "g"};

}  // namespace

BOOST_AUTO_TEST_CASE(a_cell_in_two_failed_rules_that_one_value_satisfies) {
  const auto c = culprits(grid, grid_keys, {5, 2, 3, 4, 3, 7, 4, 6, 10});  // x was 1
  BOOST_TEST_REQUIRE(c.size() == 1u);
  BOOST_TEST(c[0].key == "x");
  BOOST_TEST(c[0].now == 5);
  BOOST_TEST(c[0].would_be == 1);
  BOOST_TEST(c[0].failed == (strings{"row", "col"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_total_in_two_failed_rules) {
  const auto c = culprits(grid, grid_keys, {1, 2, 3, 4, 4, 7, 4, 6, 10});  // r1 was 3
  BOOST_TEST_REQUIRE(c.size() == 1u);
  BOOST_TEST(c[0].key == "r1");
  BOOST_TEST(c[0].would_be == 3);
  BOOST_TEST(c[0].failed == (strings{"row", "grand"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_failed_rule_of_several_cells_names_none) {
  BOOST_TEST(culprits(grid, grid_keys, {1, 2, 3, 4, 3, 7, 4, 6, 11}).empty());  // g, r1 or r2
}

BOOST_AUTO_TEST_CASE(one_failed_rule_of_one_cell_names_it) {
  const auto c = culprits("rule pos error \"m\": a == 2\nrule other error \"m\": b == 1\n", {"a", "b"}, {3, 1});
  BOOST_TEST_REQUIRE(c.size() == 1u);
  BOOST_TEST(c[0].key == "a");
  BOOST_TEST(c[0].would_be == 2);
}

BOOST_AUTO_TEST_CASE(two_cells_that_explain_the_same_failures_name_none) {
  // a = 3 or b = 3 both satisfy e1 and e2: no single answer.
  BOOST_TEST(culprits("rule e1 error \"m\": a + b == 5\nrule e2 error \"m\": a + b + c == 6\n", {"a", "b", "c"},
                      {2, 2, 1})
                 .empty());
}

BOOST_AUTO_TEST_CASE(a_value_no_cell_could_print_is_no_answer) {
  // a = -1 would satisfy both: a count is never negative.
  BOOST_TEST(culprits("rule e1 error \"m\": a + b == 1\nrule e2 error \"m\": a + c == 1\n", {"a", "b", "c"}, {3, 2, 2})
                 .empty());
}

BOOST_AUTO_TEST_CASE(a_value_that_satisfies_one_rule_but_not_the_other_is_no_answer) {
  // x = 1 satisfies row (r1 == x + y) but col wants x = 2: x is not the culprit, nor anyone.
  BOOST_TEST(culprits(grid, grid_keys, {5, 2, 3, 4, 3, 7, 5, 6, 10}).empty());
}
