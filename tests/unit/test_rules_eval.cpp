#define BOOST_TEST_MODULE rules_eval
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "json_of.hpp"

using nianbao::cell_kind;
using nianbao::value;
namespace check = nianbao::check;

namespace {

// A value_source made by hand: keys in the order they are added.
class table : public check::value_source {
 public:
  table& num(const std::string& key, double n, bool integral = true) {
    value v;
    v.kind = cell_kind::number;
    v.number = n;
    v.integral = integral;
    v.raw = integral ? std::to_string(static_cast<long long>(n)) : std::to_string(n);
    return put(key, v);
  }
  table& kind(const std::string& key, cell_kind k, std::string raw = "") {
    value v;
    v.kind = k;
    v.raw = std::move(raw);
    return put(key, v);
  }
  table& put(const std::string& key, value v) {
    if (values_.find(key) == values_.end()) keys_.push_back(key);
    v.where.line = keys_.size() + 10;  // a made-up position in the report
    v.where.column = 3;
    values_[key] = std::move(v);
    return *this;
  }
  const std::vector<std::string>& keys() const override { return keys_; }
  const value* find(std::string_view key) const override {
    auto it = values_.find(std::string(key));
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  std::vector<std::string> keys_;
  std::map<std::string, value> values_;
};

check::check_report run(const std::string& rules, const table& t) {
  return check::evaluate(check::parse_rules(rules, "t.rules"), t);
}

// "rule/instance=status" for every instance, in order.
std::vector<std::string> outcomes(const check::check_report& r) {
  std::vector<std::string> out;
  for (const auto& i : r.results) out.push_back(i.name() + "=" + check::to_string(i.status));
  return out;
}

using strings = std::vector<std::string>;

std::string single(const std::string& check_text, const table& t) {
  auto r = run("rule r error \"m\": " + check_text, t);
  BOOST_REQUIRE_EQUAL(r.results.size(), 1u);
  BOOST_REQUIRE(r.rule_errors.empty());
  return check::to_string(r.results[0].status);
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_comparison_operator) {
  table t;
  t.num("a", 3).num("b", 4).num("z", 0);
  BOOST_TEST(single("a == 3", t) == "passed");
  BOOST_TEST(single("a == b", t) == "failed");
  BOOST_TEST(single("a != b", t) == "passed");
  BOOST_TEST(single("a != 3", t) == "failed");
  BOOST_TEST(single("a <= b", t) == "passed");
  BOOST_TEST(single("a <= 3", t) == "passed");
  BOOST_TEST(single("b <= a", t) == "failed");
  BOOST_TEST(single("b >= a", t) == "passed");
  BOOST_TEST(single("a >= b", t) == "failed");
  BOOST_TEST(single("a < b", t) == "passed");
  BOOST_TEST(single("a < 3", t) == "failed");
  BOOST_TEST(single("b > a", t) == "passed");
  BOOST_TEST(single("b > 4", t) == "failed");
  BOOST_TEST(single("z >= 0", t) == "passed");
  BOOST_TEST(single("z > -1", t) == "passed");
}

BOOST_AUTO_TEST_CASE(arithmetic_and_sides) {
  table t;
  t.num("a", 10).num("b", 4).num("c", 1);
  auto r = run("rule r error \"m\": a - (b - c) + 2 == 9 + 0 - c + 1", t);
  BOOST_REQUIRE_EQUAL(r.results.size(), 1u);
  const auto& i = r.results[0];
  BOOST_TEST(check::to_string(i.status) == std::string("passed"));
  BOOST_REQUIRE(i.left && i.right);
  BOOST_TEST(*i.left == 9.0);
  BOOST_TEST(*i.right == 9.0);
  BOOST_TEST(i.check == "a - (b - c) + 2 == 9 + 0 - c + 1");
  // keys in order of first use, each once
  BOOST_REQUIRE_EQUAL(i.keys.size(), 3u);
  BOOST_TEST(i.keys[0].key == "a");
  BOOST_TEST(i.keys[1].key == "b");
  BOOST_TEST(i.keys[2].key == "c");
  BOOST_TEST(i.keys[0].value->number == 10.0);
  BOOST_TEST(i.keys[0].value->where.line == 11u);
}

BOOST_AUTO_TEST_CASE(sum_forms) {
  table t;
  t.num("r.a.x", 1).num("r.a.y", 2).num("r.b.x", 4).num("r.b.y", 8).num("r.c.d.x", 16).num("s", 31);
  // list form
  BOOST_TEST(single("sum(r.a.x, r.b.x, 3) == 8", t) == "passed");
  // `*` = exactly one segment: r.a.x, r.b.x (not r.c.d.x)
  BOOST_TEST(single("sum(r.*.x) == 5", t) == "passed");
  // `**` = one or more segments: r.a.x, r.b.x, r.c.d.x
  BOOST_TEST(single("sum(r.**.x) == 21", t) == "passed");
  BOOST_TEST(single("sum(r.**) == s", t) == "passed");
}

BOOST_AUTO_TEST_CASE(pattern_matching_nothing_is_a_rule_error) {
  table t;
  t.num("r.a.x", 1);
  auto r = run("rule r error \"m\":\n  sum(r.*) == 0", t);
  BOOST_TEST(r.results.empty());
  BOOST_REQUIRE_EQUAL(r.rule_errors.size(), 1u);
  BOOST_TEST(r.rule_errors[0].rule == "r");
  BOOST_TEST(r.rule_errors[0].diag.message == "no key of the template matches 'r.*' (rule r)");
  BOOST_TEST(r.rule_errors[0].diag.where.line == 2u);
  BOOST_TEST(r.rule_errors[0].diag.where.column == 7u);
  BOOST_TEST(r.rule_errors[0].diag.code == "unknown-key");
  BOOST_TEST(r.passed + r.failed + r.skipped + r.not_assessable == 0u);
}

BOOST_AUTO_TEST_CASE(sum_comprehension_and_quantifiers) {
  table t;
  for (const char* row : {"new", "old"})
    for (const char* col : {"p", "q", "total"}) t.num(std::string("t.") + row + "." + col, 0);
  t.num("t.new.p", 2).num("t.new.q", 3).num("t.new.total", 5);
  t.num("t.old.p", 1).num("t.old.q", 1).num("t.old.total", 3);  // wrong: 2
  auto r = run(R"(
let cols = [p, q]
let rows = [new, old]
rule row error "行合计": for x in rows: t.$x.total == sum(t.$x.$c for c in cols)
)", t);
  BOOST_TEST(outcomes(r) == (strings{"row/new=passed", "row/old=failed"}), boost::test_tools::per_element());
  BOOST_TEST(r.results[1].check == "t.old.total == sum(t.old.$c for c in cols)");
  BOOST_TEST(*r.results[1].left == 3.0);
  BOOST_TEST(*r.results[1].right == 2.0);
  BOOST_TEST(r.results[1].message == "行合计");
  BOOST_TEST(r.passed == 1u);
  BOOST_TEST(r.failed == 1u);

  // nested quantifiers: labels join the bound values with '.'
  auto n = run(R"(
rule nonneg warning "m":
  for x in [new, old]:
    for c in [p, q], d in [total]:
      t.$x.$c <= t.$x.$d
)", t);
  BOOST_TEST(outcomes(n) == (strings{"nonneg/new.p.total=passed", "nonneg/new.q.total=passed",
                                     "nonneg/old.p.total=passed", "nonneg/old.q.total=passed"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(comprehension_over_two_variables_and_keys_of_a_variable) {
  table t;
  t.num("m.a.x", 1).num("m.a.y", 2).num("m.b.x", 3).num("m.b.y", -4).num("all", 2);
  BOOST_TEST(single("sum(m.$r.$c for r in [a, b], c in [x, y]) == all", t) == "passed");
  BOOST_TEST(single("sum(m.$r.$c - 1 for r in [a], c in [x, y]) == 1", t) == "passed");
  auto r = run("rule r error \"m\": for g in [a, b]: for k in keys(m.$g.*): $k >= 0", t);
  BOOST_TEST(outcomes(r) == (strings{"r/a.m.a.x=passed", "r/a.m.a.y=passed", "r/b.m.b.x=passed", "r/b.m.b.y=failed"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.results[3].check == "m.b.y >= 0");
}

BOOST_AUTO_TEST_CASE(set_operations_and_keys) {
  table t;
  t.num("a.x", 1).num("a.y", -1).num("b.x", 2).num("c", -5);
  auto r = run(R"(
let all = keys(a.*, b.*, c)
let some = all - [a.y] + [c]       # difference, then union: c is already there
rule pos error "m": for k in some: $k >= 0
)", t);
  // for over keys: the instance label is the key; order: a.x, b.x, c
  BOOST_TEST(outcomes(r) == (strings{"pos/a.x=passed", "pos/b.x=passed", "pos/c=failed"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.results[2].check == "c >= 0");

  // a union keeps first-seen order and drops repeats
  auto u = run("rule u error \"m\": for v in [x, y] + [y, z, x]: a.x == 1", t);
  BOOST_TEST(outcomes(u) == (strings{"u/x=passed", "u/y=passed", "u/z=passed"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tolerance_for_decimals) {
  table t;
  t.num("a", 1.0005, false).num("b", 1.0, false).num("i", 3).num("j", 4).num("d1", 0.1, false)
      .num("d2", 0.2, false).num("d3", 0.3, false);
  BOOST_TEST(single("a == b", t) == "failed");                 // default: exact
  BOOST_TEST(single("a == b within 0.001", t) == "passed");
  BOOST_TEST(single("a == b within 0.0001", t) == "failed");
  BOOST_TEST(single("a != b within 0.001", t) == "failed");
  BOOST_TEST(single("a > b within 0.001", t) == "failed");     // equal within the tolerance
  BOOST_TEST(single("a >= b within 0.001", t) == "passed");
  BOOST_TEST(single("b < a within 0.001", t) == "failed");
  BOOST_TEST(single("b <= a within 0.0001", t) == "passed");
  BOOST_TEST(single("d1 + d2 == d3", t) == "passed");          // binary rounding is not an error
  // integers compare exactly, whatever the tolerance
  BOOST_TEST(single("i == j within 1", t) == "failed");
  BOOST_TEST(single("i == j - 1 within 1", t) == "passed");
  // a decimal literal makes the comparison decimal
  BOOST_TEST(single("i + 0.5 == j within 0.5", t) == "passed");
}

BOOST_AUTO_TEST_CASE(missing_placeholder_empty_text_and_zero) {
  table t;
  t.num("a", 0).num("b", 0).kind("m", cell_kind::missing).kind("p", cell_kind::placeholder, "/")
      .kind("e", cell_kind::empty).kind("x", cell_kind::text, "见附件");
  BOOST_TEST(single("a == b", t) == "passed");  // 0 is a value
  BOOST_TEST(single("a >= 0", t) == "passed");
  BOOST_TEST(single("a + m == b", t) == "skipped");
  BOOST_TEST(single("a + p == b", t) == "not_assessable");  // a placeholder is not 0
  BOOST_TEST(single("a == e", t) == "not_assessable");
  BOOST_TEST(single("x == 0", t) == "not_assessable");
  BOOST_TEST(single("m == p", t) == "skipped");  // missing wins over not-a-number
  BOOST_TEST(single("integer(m)", t) == "skipped");
  BOOST_TEST(single("integer(p)", t) == "not_assessable");

  auto r = run("rule r error \"m\": a + p == b", t);
  const auto& i = r.results.at(0);
  BOOST_TEST(!i.left);
  BOOST_TEST(!i.right);
  BOOST_REQUIRE_EQUAL(i.keys.size(), 3u);
  BOOST_TEST(i.keys[1].key == "p");
  BOOST_TEST(i.keys[1].value->raw == "/");
  BOOST_TEST(r.not_assessable == 1u);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.skipped == 0u);
}

BOOST_AUTO_TEST_CASE(integer_check) {
  table t;
  t.num("i", 3).num("j", 3, false).num("k", 2.5, false).num("z", 0);
  BOOST_TEST(single("integer(i)", t) == "passed");
  BOOST_TEST(single("integer(j)", t) == "failed");  // printed with a fraction: "3.0"
  BOOST_TEST(single("integer(k)", t) == "failed");
  BOOST_TEST(single("integer(z)", t) == "passed");
  auto r = run("rule whole error \"应为整数\": for v in keys(*): integer($v)", t);
  BOOST_TEST(outcomes(r) == (strings{"whole/i=passed", "whole/j=failed", "whole/k=failed", "whole/z=passed"}),
             boost::test_tools::per_element());
  BOOST_TEST(*r.results[2].left == 2.5);
  BOOST_TEST(!r.results[2].right);
  BOOST_TEST(r.results[2].check == "integer(k)");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_reported_once_per_place) {
  table t;
  t.num("t.a", 1).num("t.b", 1);
  auto r = run("rule r error \"m\":\n  for c in [a, b, c]:\n    t.$c == tt.$c", t);
  BOOST_TEST(r.results.empty());
  // one per rule and place in the rules file, not one per instance: tt.$c fails for a, b and c
  // (reported for the first, a), t.$c for c only
  BOOST_REQUIRE_EQUAL(r.rule_errors.size(), 2u);
  const auto& e = r.rule_errors[0];
  BOOST_TEST(e.instance == "a");
  BOOST_TEST(e.diag.message == "unknown key 'tt.a'; did you mean `t.a`? (rule r/a)");
  BOOST_TEST(e.diag.file == "t.rules");
  BOOST_TEST(e.diag.where.line == 3u);
  BOOST_TEST(e.diag.where.column == 13u);
  BOOST_TEST(e.diag.source_line == "    t.$c == tt.$c");
  BOOST_TEST(r.rule_errors[1].diag.message == "unknown key 't.c'; did you mean `t.a`? (rule r/c)");
  BOOST_TEST(r.rule_errors[1].diag.where.column == 5u);
}

BOOST_AUTO_TEST_CASE(severity_counts_and_order) {
  table t;
  t.num("a", 1).num("b", 2);
  auto r = run(R"(
rule w warning "警告": a == b
rule e error "错误": a == b
rule ok error "m": a < b
)", t);
  BOOST_TEST(outcomes(r) == (strings{"w=failed", "e=failed", "ok=passed"}), boost::test_tools::per_element());
  BOOST_TEST(r.failed_errors() == 1u);
  BOOST_TEST(r.failed_warnings() == 1u);
  BOOST_TEST((r.results[0].severity == nianbao::severity::warning));
  BOOST_TEST(r.results[0].instance == "");
}

BOOST_AUTO_TEST_CASE(json_shape) {
  table t;
  t.num("a", 1).num("b", 2).kind("p", cell_kind::placeholder, "—").num("f", 0.5, false);
  value repaired;
  repaired.kind = cell_kind::number;
  repaired.number = 7;
  repaired.repaired = true;
  t.put("r", repaired);
  auto r = run(R"(
rule eq error "第一项等于第二项": for c in [x]: a == b
rule na warning "m": p + a >= 0
rule dec error "m": f + r == 7.5
)", t);
  auto j = nianbao::test::json_of(r);
  BOOST_TEST(j.dump() ==
             R"({"passed":1,"failed":1,"skipped":0,"not_assessable":1,)"
             R"("failures":[{"rule":"eq","instance":"x","severity":"error","message":"第一项等于第二项",)"
             R"("status":"failed","check":"a == b","left":1,"right":2,)"
             R"("keys":{"a":{"value":1,"line":11,"column":3},"b":{"value":2,"line":12,"column":3}}}],)"
             R"("unassessed":[{"rule":"na","instance":"","severity":"warning","message":"m",)"
             R"("status":"not_assessable","check":"p + a >= 0","left":null,"right":null,)"
             R"("keys":{"p":{"value":null,"kind":"placeholder","raw":"—","line":13,"column":3},)"
             R"("a":{"value":1,"line":11,"column":3}}}],"rule_errors":[]})");
  auto k = nianbao::test::json_of(r, false);
  BOOST_TEST(!k.contains("unassessed"));
  BOOST_TEST(k["failures"].size() == 1u);
  // decimals stay decimals; repaired values say so
  auto passed = nianbao::test::json_of(r.results[2]);
  BOOST_TEST(passed["left"].dump() == "7.5");
  BOOST_TEST(passed["keys"]["r"].dump() == R"({"value":7,"line":15,"column":3,"repaired":true})");
  // deterministic
  BOOST_TEST(nianbao::test::json_of(check::evaluate(check::parse_rules(R"(rule eq error "第一项等于第二项": for c in [x]: a == b
rule na warning "m": p + a >= 0
rule dec error "m": f + r == 7.5)", "t.rules"), t)).dump() == j.dump());
}

BOOST_AUTO_TEST_CASE(rule_errors_in_json) {
  table t;
  t.num("a", 1);
  auto j = nianbao::test::json_of(run("rule r error \"m\": a == b", t));
  BOOST_TEST(j["rule_errors"].dump() ==
             R"J([{"rule":"r","instance":"","message":"unknown key 'b' (rule r)","file":"t.rules","line":1,"column":24}])J");
  BOOST_TEST(j["passed"] == 0);
}

BOOST_AUTO_TEST_CASE(combined_files_share_sets) {
  table t;
  t.num("n.a", 1).num("n.b", 2).num("n.total", 3);
  auto base = check::parse_rules("let cols = [a, b]\nrule total error \"m\": n.total == sum(n.$c for c in cols)\n",
                                 "base.rules");
  auto both = check::parse_rules("rule each warning \"m\": for c in cols: n.$c >= 1\n", "user.rules", base);
  BOOST_TEST(base.size() == 1u);
  BOOST_TEST(both.size() == 2u);
  auto r = check::evaluate(both, t);
  BOOST_TEST(outcomes(r) == (strings{"total=passed", "each/a=passed", "each/b=passed"}),
             boost::test_tools::per_element());
  BOOST_TEST(both.files() == (strings{"base.rules", "user.rules"}), boost::test_tools::per_element());

  // add(): two files parsed on their own
  auto extra = check::parse_rules("rule more error \"m\": n.a < n.b\n", "extra.rules");
  check::add(both, extra);
  BOOST_TEST(both.size() == 3u);
  BOOST_TEST(outcomes(check::evaluate(both, t)).back() == "more=passed");
  auto infos = both.rules();
  BOOST_TEST(infos[2].file == "extra.rules");
  BOOST_TEST(infos[1].file == "user.rules");
}

BOOST_AUTO_TEST_CASE(empty_rule_set) {
  table t;
  t.num("a", 1);
  check::rule_set none;
  BOOST_TEST(none.empty());
  auto r = check::evaluate(none, t);
  BOOST_TEST(r.results.empty());
  BOOST_TEST(nianbao::test::json_of(r).dump() ==
             R"({"passed":0,"failed":0,"skipped":0,"not_assessable":0,"failures":[],"unassessed":[],"rule_errors":[]})");
}
