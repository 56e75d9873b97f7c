#define BOOST_TEST_MODULE rules_compiled
#include <boost/test/unit_test.hpp>

// Compiled rules (check::compile + check::evaluate(compiled_rules, value_view)) give exactly the
// report of the reference interpreter (tests/oracle/evaluate_reference.hpp, the evaluator as it was before
// compiling): on the seeds' values, on hand-made models, and on random rules over random values.
// Also: the linear forms, value_view, the lean entry points and that they allocate nothing.

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluate_reference.hpp"
#include "rules/rules.hpp"
#include "json_of.hpp"

// ---- counting allocations (for "allocates nothing") ----------------------------------------
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // malloc/free behind a replaced new/delete
#endif
namespace {
std::atomic<long> allocations{0};
}
void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using nianbao::cell_kind;
using nianbao::value;
namespace check = nianbao::check;
using strings = std::vector<std::string>;

namespace {

// Keys in a given order (repeats allowed: find gives the first), values by index.
class source : public check::value_source {
 public:
  strings keys_;
  std::vector<value> values_;

  source& add(const std::string& key, value v) {
    keys_.push_back(key);
    values_.push_back(std::move(v));
    return *this;
  }
  const strings& keys() const override { return keys_; }
  const value* find(std::string_view key) const override {
    for (std::size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i] == key) return &values_[i];
    return nullptr;
  }
  std::vector<const value*> pointers() const {
    std::vector<const value*> out;
    for (const auto& k : keys_) out.push_back(find(k));
    return out;
  }
};

value number(double n, bool integral = true, std::size_t line = 0) {
  value v;
  v.kind = cell_kind::number;
  v.number = n;
  v.integral = integral;
  std::ostringstream raw;
  raw << n;
  v.raw = raw.str();
  v.where.line = line;
  v.where.column = line ? 7 : 0;
  v.profile = "tab";
  return v;
}

value of_kind(cell_kind k, std::string raw = "") {
  value v;
  v.kind = k;
  v.raw = std::move(raw);
  return v;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_optional(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || same_bits(*a, *b));
}

void same_value(const value& a, const value& b) {
  BOOST_TEST((a.kind == b.kind));
  BOOST_TEST(same_bits(a.number, b.number));
  BOOST_TEST(a.integral == b.integral);
  BOOST_TEST(a.raw == b.raw);
  BOOST_TEST(a.where.line == b.where.line);
  BOOST_TEST(a.where.column == b.where.column);
  BOOST_TEST(a.where.byte == b.where.byte);
  BOOST_TEST(a.profile == b.profile);
  BOOST_TEST(a.repaired == b.repaired);
}

// Every field of two reports, doubles bit for bit.
void same_report(const check::check_report& want, const check::check_report& got) {
  BOOST_TEST(want.passed == got.passed);
  BOOST_TEST(want.failed == got.failed);
  BOOST_TEST(want.skipped == got.skipped);
  BOOST_TEST(want.not_assessable == got.not_assessable);
  BOOST_REQUIRE_EQUAL(want.results.size(), got.results.size());
  for (std::size_t i = 0; i < want.results.size(); ++i) {
    const auto& a = want.results[i];
    const auto& b = got.results[i];
    BOOST_TEST_CONTEXT("result " << i << " " << a.name()) {
      BOOST_TEST(a.rule == b.rule);
      BOOST_TEST(a.instance == b.instance);
      BOOST_TEST((a.severity == b.severity));
      BOOST_TEST(a.message == b.message);
      BOOST_TEST((a.status == b.status));
      BOOST_TEST(a.check == b.check);
      BOOST_TEST(same_optional(a.left, b.left));
      BOOST_TEST(same_optional(a.right, b.right));
      BOOST_REQUIRE_EQUAL(a.keys.size(), b.keys.size());
      for (std::size_t k = 0; k < a.keys.size(); ++k) {
        BOOST_TEST(a.keys[k].key == b.keys[k].key);
        same_value(*a.keys[k].value, *b.keys[k].value);
      }
    }
  }
  BOOST_REQUIRE_EQUAL(want.rule_errors.size(), got.rule_errors.size());
  for (std::size_t i = 0; i < want.rule_errors.size(); ++i) {
    const auto& a = want.rule_errors[i];
    const auto& b = got.rule_errors[i];
    BOOST_TEST(a.rule == b.rule);
    BOOST_TEST(a.instance == b.instance);
    BOOST_TEST((a.diag.severity == b.diag.severity));
    BOOST_TEST(a.diag.file == b.diag.file);
    BOOST_TEST(a.diag.where.line == b.diag.where.line);
    BOOST_TEST(a.diag.where.column == b.diag.where.column);
    BOOST_TEST(a.diag.where.byte == b.diag.where.byte);
    BOOST_TEST(a.diag.code == b.diag.code);
    BOOST_TEST(a.diag.message == b.diag.message);
    BOOST_TEST(a.diag.source_line == b.diag.source_line);
  }
  BOOST_TEST(nianbao::test::json_of(want).dump() == nianbao::test::json_of(got).dump());
  BOOST_TEST(want.failed_errors() == got.failed_errors());
  BOOST_TEST(want.failed_warnings() == got.failed_warnings());
}

// The lean entry points agree with a full report.
void same_outcomes(const check::compiled_rules& c, const check::value_view& view, const check::check_report& r) {
  std::vector<check::instance_outcome> out;
  const check::tally t = check::evaluate_statuses(c, view, out);
  BOOST_REQUIRE_EQUAL(out.size(), r.results.size());
  BOOST_TEST(t.passed == r.passed);
  BOOST_TEST(t.failed == r.failed);
  BOOST_TEST(t.skipped == r.skipped);
  BOOST_TEST(t.not_assessable == r.not_assessable);
  BOOST_TEST(t.failed_errors == r.failed_errors());
  BOOST_TEST(t.failed_warnings == r.failed_warnings());
  const check::tally u = check::evaluate_tally(c, view);
  BOOST_TEST(u.passed == t.passed);
  BOOST_TEST(u.failed_errors == t.failed_errors);
  for (std::size_t i = 0; i < out.size(); ++i) {
    BOOST_TEST((out[i].status == r.results[i].status));
    if (r.results[i].left) BOOST_TEST(same_bits(out[i].left, *r.results[i].left));
    if (r.results[i].right) BOOST_TEST(same_bits(out[i].right, *r.results[i].right));
    const auto one = check::evaluate_instance(c, i, view);
    BOOST_TEST((one.status == out[i].status));
    BOOST_TEST(same_bits(one.left, out[i].left));
    BOOST_TEST(same_bits(one.right, out[i].right));
  }
  if (!out.empty()) {
    check::check_report single;
    for (std::size_t i = 0; i < out.size(); ++i) single.results.push_back(check::make_result(c, i, out[i], view));
    single.rule_errors = c.rule_errors();
    single.passed = t.passed;
    single.failed = t.failed;
    single.skipped = t.skipped;
    single.not_assessable = t.not_assessable;
    same_report(r, single);
  }
}

// reference == evaluate(rule_set, source) == evaluate(compile(...), pointers) == lean.
void all_agree(const check::rule_set& rules, const source& s) {
  const auto want = check::detail::evaluate_reference(rules, s);
  same_report(want, check::evaluate(rules, s));
  same_report(want, check::evaluate(rules, s));  // the cached compilation
  const auto compiled = check::compile(rules, s.keys());
  const auto pointers = s.pointers();
  same_report(want, check::evaluate(compiled, check::value_view(pointers)));
  same_outcomes(compiled, check::value_view(pointers), want);
}

// ---- the 2021 rules ---------------------------------------------------------------------------

const check::rule_set& gov2021() {
  static const check::rule_set r = check::load_rules_file(NIANBAO_SOURCE_DIR "/model/gov-2021.rules");
  return r;
}

const strings narrative_ids = {"received", "carried_over", "handled", "carried_forward", "reconsideration", "litigation"};

// A seed's values from its expected output: the template's keys in the order of "values", then
// the narrative keys (model::template_model::rule_keys).
struct seed {
  std::string name;
  strings keys;                   // canonical keys
  std::vector<value> values;      // one per canonical key
  std::vector<value> narrative;   // one per narrative_ids
  nlohmann::ordered_json checks;  // as expected
};

std::vector<seed> seeds() {
  std::vector<seed> out;
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(NIANBAO_SOURCE_DIR "/tests/corpus/seeds"))
    if (e.path().string().size() > 14 && e.path().string().substr(e.path().string().size() - 14) == ".expected.json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f.string());
    const auto j = nlohmann::ordered_json::parse(in);
    if (j.value("template", "") != "gov-2021") continue;
    seed s;
    s.name = f.filename().string();
    std::map<std::string, bool> repaired;
    for (const auto& r : j["repairs"]) repaired[r["key"].get<std::string>()] = true;
    std::size_t line = 0;
    for (const auto& [key, v] : j["values"].items()) {
      s.keys.push_back(key);
      value x;
      if (v.is_number()) {
        x = number(v.get<double>(), v.is_number_integer(), ++line);
      } else if (j["cells"].contains(key)) {
        const auto& c = j["cells"][key];
        const std::string kind = c.value("kind", "text");
        x = of_kind(kind == "placeholder" ? cell_kind::placeholder : kind == "empty" ? cell_kind::empty : cell_kind::text,
                    c.value("raw", ""));
      }
      x.repaired = repaired.count(key) > 0;
      s.values.push_back(x);
    }
    for (const auto& id : narrative_ids) {
      value x;
      if (j["narrative"].contains(id)) {
        const auto& n = j["narrative"][id];
        x = number(n["value"].get<double>(), true, n["line"].get<std::size_t>());
        x.raw = n["text"].get<std::string>();
        x.where.column = n["column"].get<std::size_t>();
      }
      s.narrative.push_back(x);
    }
    s.checks = j["checks"];
    out.push_back(std::move(s));
  }
  return out;
}

source source_of(const seed& s) {
  source src;
  for (std::size_t i = 0; i < s.keys.size(); ++i) src.add(s.keys[i], s.values[i]);
  for (std::size_t i = 0; i < narrative_ids.size(); ++i) src.add("narrative." + narrative_ids[i], s.narrative[i]);
  return src;
}

}  // namespace

BOOST_AUTO_TEST_CASE(seeds_give_the_reference_report) {
  const auto all = seeds();
  BOOST_REQUIRE_GE(all.size(), 5u);
  for (const auto& s : all) {
    BOOST_TEST_CONTEXT(s.name) {
      const source src = source_of(s);
      const auto want = check::detail::evaluate_reference(gov2021(), src);
      // what the pipeline produced for this seed (checks of the expected output)
      BOOST_TEST(nianbao::test::json_of(want, false).dump() == s.checks.dump());
      all_agree(gov2021(), src);
      // the pipeline's two spans: values, then the narrative facts
      strings rule_keys = s.keys;
      for (const auto& id : narrative_ids) rule_keys.push_back("narrative." + id);
      const auto compiled = check::compile(gov2021(), rule_keys);
      same_report(want, check::evaluate(compiled, check::value_view(s.values, s.narrative)));
      same_outcomes(compiled, check::value_view(s.values, s.narrative), want);

      // every value in turn off by one, or a placeholder, or missing
      for (std::size_t k = 0; k < s.keys.size(); k += 7) {
        source changed = src;
        value& v = changed.values_[k];
        if (k % 3 == 0) v = number(v.number + 1, true, k + 1);
        else if (k % 3 == 1) v = of_kind(cell_kind::placeholder, "/");
        else v = value{};
        same_report(check::detail::evaluate_reference(gov2021(), changed),
                    check::evaluate(compiled, check::value_view(changed.values_)));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(narrative_shorter_than_the_narrative_keys_reads_missing) {
  const auto all = seeds();
  BOOST_REQUIRE(!all.empty());
  const seed& s = all[1];
  strings rule_keys = s.keys;
  for (const auto& id : narrative_ids) rule_keys.push_back("narrative." + id);
  const auto compiled = check::compile(gov2021(), rule_keys);
  // as model_values with no narrative: every narrative fact reads as missing
  source none = source_of(s);
  for (std::size_t i = s.keys.size(); i < none.values_.size(); ++i) none.values_[i] = value{};
  const std::vector<value> empty;
  const auto r = check::evaluate(compiled, check::value_view(s.values, empty));
  same_report(check::detail::evaluate_reference(gov2021(), none), r);
  BOOST_TEST(r.skipped == 6u);
  // one value per key: the same
  same_report(r, check::evaluate(compiled, check::value_view(none.values_)));
}

BOOST_AUTO_TEST_CASE(decimals_negative_zero_and_odd_values_on_the_2021_rules) {
  const auto all = seeds();
  BOOST_REQUIRE(!all.empty());
  std::mt19937 rng(2021);
  for (int round = 0; round < 40; ++round) {
    source src = source_of(all[round % all.size()]);
    for (auto& v : src.values_) {
      switch (rng() % 12) {
        case 0: v = number((rng() % 100000) / 1000.0 - 3, false, 5); break;  // decimals, negatives
        case 1: v = number(-0.0, true, 6); break;
        case 2: v = number(double(rng() % 9), false, 7); break;              // "3.0": whole but not integral
        case 3: v = number(0.1 * (rng() % 10), false, 8); break;
        case 4: if (rng() % 4 == 0) v = of_kind(cell_kind::text, "见附件"); break;
        case 5: if (rng() % 4 == 0) v = value{}; break;
        case 6: if (rng() % 4 == 0) v = of_kind(cell_kind::empty); break;
        case 7: v = number(1e17 + double(rng() % 5), true, 9); break;         // beyond 2^53
        default: break;
      }
    }
    all_agree(gov2021(), src);
  }
}

// ---- the linear forms -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(linear_forms_of_the_2021_rules) {
  const auto all = seeds();
  BOOST_REQUIRE(!all.empty());
  const seed& s = all[0];
  strings rule_keys = s.keys;
  for (const auto& id : narrative_ids) rule_keys.push_back("narrative." + id);
  const auto c = check::compile(gov2021(), rule_keys);
  BOOST_TEST(c.keys() == rule_keys, boost::test_tools::per_element());
  BOOST_TEST(c.size() == 447u);
  BOOST_TEST(c.rule_errors().empty());
  auto idx = [&](const std::string& k) { return *c.key_index(k); };
  BOOST_TEST(!c.key_index("no.such.key"));

  const auto& b = c[0];
  BOOST_TEST(b.name() == "balance/natural_person");
  BOOST_TEST(b.rule_index == 0u);
  BOOST_TEST(b.is_equation());
  BOOST_TEST(!b.integer_check);
  BOOST_TEST((b.op == check::compare_op::eq));
  BOOST_TEST(check::to_string(b.op) == std::string("=="));
  BOOST_TEST(b.tolerance == 0.0);
  BOOST_TEST((b.severity == nianbao::severity::error));
  BOOST_TEST(b.check ==
             "requests.new.natural_person + requests.carried_over.natural_person == "
             "requests.total.natural_person + requests.carried_forward.natural_person");
  BOOST_REQUIRE_EQUAL(b.left.terms.size(), 2u);
  BOOST_TEST(b.left.terms[0].key == idx("requests.new.natural_person"));
  BOOST_TEST(b.left.terms[0].coefficient == 1.0);
  BOOST_TEST(b.left.terms[1].key == idx("requests.carried_over.natural_person"));
  BOOST_TEST(b.left.constant == 0.0);
  BOOST_REQUIRE_EQUAL(b.right.terms.size(), 2u);
  BOOST_TEST(b.right.terms[1].key == idx("requests.carried_forward.natural_person"));
  BOOST_REQUIRE_EQUAL(b.difference.terms.size(), 4u);
  BOOST_TEST(b.difference.terms[2].key == idx("requests.total.natural_person"));
  BOOST_TEST(b.difference.terms[2].coefficient == -1.0);
  BOOST_TEST(b.keys == (std::vector<std::size_t>{idx("requests.new.natural_person"),
                                                 idx("requests.carried_over.natural_person"),
                                                 idx("requests.total.natural_person"),
                                                 idx("requests.carried_forward.natural_person")}),
             boost::test_tools::per_element());

  // handled_sum/commercial: the total against 21 rows
  std::size_t hs = 0;
  while (c[hs].name() != "handled_sum/commercial") ++hs;
  BOOST_TEST(c[hs].right.terms.size() == 21u);
  BOOST_TEST(c[hs].difference.terms.size() == 22u);
  BOOST_TEST(c[hs].rule_index == 2u);

  // integer($k): the key alone; not an equation
  const auto& last = c[c.size() - 7];
  BOOST_TEST(last.name() == "integer/review.litigation_after_reconsideration.total");
  BOOST_TEST(last.integer_check);
  BOOST_TEST(!last.is_equation());
  BOOST_REQUIRE_EQUAL(last.left.terms.size(), 1u);
  BOOST_TEST(last.left.terms[0].key == idx("review.litigation_after_reconsideration.total"));
  BOOST_TEST(last.right.terms.empty());
  BOOST_TEST(last.difference.terms.empty());
  // non_negative: key >= 0
  BOOST_TEST((c[42].op == check::compare_op::ge));
  BOOST_TEST(c[42].name() == "non_negative/active.regulations.issued");
  BOOST_TEST((c.instances().back().severity == nianbao::severity::warning));
  BOOST_TEST(c.instances().back().name() == "narrative_litigation");
  BOOST_TEST(c.instances().back().right.terms.size() == 2u);

  // who reads a key: row_total/new, balance/natural_person, non_negative and integer of it
  const auto& readers = c.instances_reading(idx("requests.new.natural_person"));
  BOOST_REQUIRE_EQUAL(readers.size(), 4u);
  BOOST_TEST(c[readers[0]].name() == "balance/natural_person");
  BOOST_TEST(c[readers[1]].name() == "row_total/new");
  BOOST_TEST(c.instances_reading(100000).empty());

  // the linear forms give the sides: for every instance evaluated on the seed
  const auto r = check::evaluate(c, check::value_view(s.values, s.narrative));
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!r.results[i].left || c[i].integer_check) continue;
    auto at = [&](const check::linear_form& f) {
      double x = f.constant;
      for (const auto& t : f.terms) x += t.coefficient * check::value_view(s.values, s.narrative)[t.key].number;
      return x;
    };
    BOOST_TEST(at(c[i].left) == *r.results[i].left);
    BOOST_TEST(at(c[i].right) == *r.results[i].right);
    BOOST_TEST(at(c[i].difference) == *r.results[i].left - *r.results[i].right);
  }
}

// A report's involved values are its own copy of the values it read, each key once, shared by
// the report's copies: a copy stays valid when the original report, the values it was evaluated
// over and the compiled rules are gone (a record's checks are copied and moved with the record).
BOOST_AUTO_TEST_CASE(a_copied_report_keeps_its_involved_values) {
  const auto rules = check::parse_rules(R"(
rule total error "t": a + b == t
rule part warning "p": a <= t
)",
                                        "t.rules");
  const auto evaluators = {
      +[](const check::rule_set& r, const source& s) {
        return check::evaluate(check::compile(r, s.keys()), check::value_view(s.values_));
      },
      +[](const check::rule_set& r, const source& s) { return check::detail::evaluate_reference(r, s); }};
  for (const auto evaluate : evaluators) {
    std::optional<check::check_report> copy;
    {
      source s;
      s.add("a", number(4, true, 3)).add("b", of_kind(cell_kind::placeholder, "/")).add("t", number(9, true, 5));
      s.add("unread", number(1));
      const check::check_report original = evaluate(rules, s);
      copy = original;
      for (auto& v : s.values_) v = number(-1);  // changed before they go: the copy must not see it
    }
    BOOST_REQUIRE_EQUAL(copy->results.size(), 2u);
    const auto& total = copy->results[0];
    BOOST_REQUIRE_EQUAL(total.keys.size(), 3u);
    BOOST_TEST(total.keys[0].key == "a");
    BOOST_TEST(total.keys[0].value->number == 4.0);
    BOOST_TEST(total.keys[0].value->where.line == 3u);
    BOOST_TEST(total.keys[1].key == "b");
    BOOST_TEST((total.keys[1].value->kind == cell_kind::placeholder));
    BOOST_TEST(total.keys[1].value->raw == "/");
    BOOST_TEST(total.keys[2].key == "t");
    BOOST_TEST(total.keys[2].value->number == 9.0);
    BOOST_TEST(total.keys[2].value->profile == "tab");
    const auto& part = copy->results[1];
    BOOST_TEST((part.status == check::status::passed));
    BOOST_REQUIRE_EQUAL(part.keys.size(), 2u);
    BOOST_TEST(part.keys[0].value == total.keys[0].value);  // each key copied once
    BOOST_TEST(part.keys[1].value == total.keys[2].value);
    BOOST_REQUIRE(copy->values);
    BOOST_TEST(copy->values->size() == 3u);  // the keys read: not "unread"
    BOOST_TEST(nianbao::test::json_of(total)["keys"]["t"]["line"] == 5);
  }
}

// A report's keys are one array, result after result, that its copies share: copying a report
// copies no keys, and a copy's results view the same array.
BOOST_AUTO_TEST_CASE(a_reports_keys_are_one_array_its_copies_share) {
  const auto rules = check::parse_rules(R"(
rule total error "t": a + b == t
rule part warning "p": a <= t
rule whole error "w": integer(b)
)",
                                        "t.rules");
  source s;
  s.add("a", number(4)).add("b", number(5)).add("t", number(9));
  std::optional<check::check_report> copy;
  {
    const check::check_report original = check::evaluate(check::compile(rules, s.keys()), check::value_view(s.values_));
    copy = original;
    BOOST_TEST(copy->keys == original.keys);
    BOOST_REQUIRE_EQUAL(original.results.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(copy->results[i].keys.begin() == original.results[i].keys.begin());
  }
  BOOST_REQUIRE(copy->keys);
  const auto& keys = *copy->keys;
  BOOST_REQUIRE_EQUAL(keys.size(), 6u);  // 3 + 2 + 1
  const auto& r = copy->results;
  BOOST_TEST(r[0].keys.begin() == keys.data());
  BOOST_TEST(r[1].keys.begin() == r[0].keys.end());
  BOOST_TEST(r[2].keys.begin() == r[1].keys.end());
  BOOST_TEST(r[2].keys.end() == keys.data() + keys.size());
  const std::vector<std::string> names{"a", "b", "t", "a", "t", "b"};
  const std::vector<double> numbers{4, 5, 9, 4, 9, 5};
  for (std::size_t k = 0; k < keys.size(); ++k) {
    BOOST_TEST(keys[k].key == names[k]);
    BOOST_TEST(keys[k].value->number == numbers[k]);
  }
  for (const auto& x : r) BOOST_TEST(!x.own_keys);  // the report holds them
}

// make_result gives a result that holds its own keys: a copy of it keeps them when the result it
// was copied from is gone. Their values point at what the value_view points at.
BOOST_AUTO_TEST_CASE(make_result_holds_its_keys) {
  const auto rules = check::parse_rules(R"(
rule total error "t": a + b == t
rule part warning "p": b <= a
)",
                                        "t.rules");
  source s;
  s.add("a", number(4, true, 3)).add("b", number(6, true, 4)).add("t", number(9, true, 5));
  const auto c = check::compile(rules, s.keys());
  const check::value_view view(s.values_);
  std::optional<check::instance_result> kept;
  {
    const check::instance_outcome o = check::evaluate_instance(c, 1, view);
    const check::instance_result made = check::make_result(c, 1, o, view);
    kept = made;
  }
  BOOST_TEST(kept->name() == "part");
  BOOST_TEST((kept->status == check::status::failed));
  BOOST_TEST(*kept->left == 6.0);
  BOOST_TEST(*kept->right == 4.0);
  BOOST_REQUIRE(kept->own_keys);
  BOOST_TEST(kept->keys.begin() == kept->own_keys->data());
  BOOST_REQUIRE_EQUAL(kept->keys.size(), 2u);
  BOOST_TEST(kept->keys[0].key == "b");
  BOOST_TEST(kept->keys[0].value == &s.values_[1]);
  BOOST_TEST(kept->keys[1].key == "a");
  BOOST_TEST(kept->keys[1].value == &s.values_[0]);
  BOOST_TEST(nianbao::test::json_of(*kept)["keys"]["b"]["line"] == 4);
  const auto total = check::make_result(c, 0, check::evaluate_instance(c, 0, view), view);
  BOOST_TEST((total.status == check::status::failed));
  BOOST_REQUIRE_EQUAL(total.keys.size(), 3u);
  BOOST_TEST(total.keys[2].key == "t");
  BOOST_TEST(total.keys[2].value->number == 9.0);
}

BOOST_AUTO_TEST_CASE(linear_forms_merge_and_cancel) {
  source s;
  s.add("a", number(1)).add("b", number(2)).add("c", number(3)).add("m.x", number(4)).add("m.y", number(5));
  auto rules = check::parse_rules(R"(
rule r error "m": a + b - (a - 2 + c) + sum(m.*, b, 1.5) == 3 - (c - a) within 0.5
rule s warning "m": sum(m.$v - a for v in [x, y]) != a
)",
                                  "t.rules");
  const auto c = check::compile(rules, s.keys());
  BOOST_REQUIRE_EQUAL(c.size(), 2u);
  const auto& r = c[0];
  // left: a + b - a + 2 - c + m.x + m.y + b + 1.5; right: 3 - c + a
  BOOST_TEST(r.tolerance == 0.5);
  BOOST_TEST(r.left.constant == 3.5);
  BOOST_TEST(r.right.constant == 3.0);
  BOOST_TEST(r.difference.constant == 0.5);
  BOOST_TEST(r.keys == (std::vector<std::size_t>{0, 1, 2, 3, 4}), boost::test_tools::per_element());
  auto coefficient = [](const check::linear_form& f, std::size_t k) {
    for (const auto& t : f.terms)
      if (t.key == k) return t.coefficient;
    return 0.0;
  };
  BOOST_TEST(coefficient(r.left, 0) == 0.0);  // a - a: left out
  for (const auto& t : r.left.terms) BOOST_TEST(t.coefficient != 0.0);
  BOOST_TEST(coefficient(r.left, 1) == 2.0);
  BOOST_TEST(coefficient(r.left, 2) == -1.0);
  BOOST_TEST(coefficient(r.left, 3) == 1.0);
  BOOST_TEST(coefficient(r.right, 0) == 1.0);
  BOOST_TEST(coefficient(r.right, 2) == -1.0);
  BOOST_TEST(coefficient(r.difference, 0) == -1.0);
  BOOST_TEST(coefficient(r.difference, 2) == 0.0);
  const auto& t = c[1];
  BOOST_TEST(coefficient(t.left, 0) == -2.0);
  BOOST_TEST(coefficient(t.difference, 0) == -3.0);
  BOOST_TEST((t.op == check::compare_op::ne));
  BOOST_TEST(!t.is_equation());
  all_agree(rules, s);
}

// ---- hand-made models ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(hand_made_rules_agree) {
  source s;
  s.add("a", number(3, true, 1)).add("b", number(4, true, 2)).add("z", number(0, true, 3))
      .add("d1", number(0.1, false, 4)).add("d2", number(0.2, false, 5)).add("d3", number(0.3, false, 6))
      .add("f", number(1.0005, false, 7)).add("g", number(3, false, 8))
      .add("m", value{}).add("p", of_kind(cell_kind::placeholder, "/")).add("e", of_kind(cell_kind::empty))
      .add("x", of_kind(cell_kind::text, "见附件"))
      .add("t.new.p", number(2)).add("t.new.q", number(3)).add("t.new.total", number(5))
      .add("t.old.p", number(1)).add("t.old.q", number(1)).add("t.old.total", number(3))
      .add("r.a.x", number(1)).add("r.a.y", number(2)).add("r.b.x", number(4)).add("r.c.d.x", number(16))
      .add("a", number(99));  // a repeated key: the first is the one
  const strings texts = {
      "rule r error \"m\": a == 3",
      "rule r error \"m\": a - (b - z) + 2 == 9 + 0 - z + 1",
      "rule r error \"m\": d1 + d2 == d3",
      "rule r error \"m\": f == 1 within 0.001",
      "rule r error \"m\": f > 1 within 0.001",
      "rule r error \"m\": a + 0.5 == b within 0.5",
      "rule r error \"m\": a + m == b",
      "rule r error \"m\": a + p == b",
      "rule r error \"m\": m == p",
      "rule r error \"m\": a == e",
      "rule r error \"m\": x == 0",
      "rule r error \"m\": integer(g)",
      "rule r error \"m\": integer(m)",
      "rule r error \"m\": integer(p)",
      "rule r error \"m\": for v in keys(*): integer($v)",
      "rule r error \"m\": for v in keys(**): $v >= 0",
      "rule r error \"m\": sum(r.*.x) == 5",
      "rule r error \"m\": sum(r.**.x) == 21",
      "rule r error \"m\": sum(r.**) == sum(r.a.x, r.a.y, r.b.x, r.c.d.x, 0)",
      "rule r error \"m\": sum(r.q.*) == 0",
      "rule r error \"m\": a == nope",
      "rule r error \"m\":\n  for c in [p, q, s]:\n    t.new.$c == tt.$c + t.old.$c",
      "let cols = [p, q]\nlet rows = [new, old]\n"
      "rule row error \"行合计\": for x in rows: t.$x.total == sum(t.$x.$c for c in cols)",
      "rule n warning \"m\":\n  for x in [new, old]:\n    for c in [p, q], d in [total]:\n      t.$x.$c <= t.$x.$d",
      "rule s error \"m\": sum(t.$r.$c - 1 for r in [new, old], c in [p, q]) == sum(t.*.total) - 4",
      "let all = keys(t.*.p, r.*.x, zz.*)\nrule k error \"m\": for v in all: $v < 10",
      "let all = keys(t.*.p, r.*.x, zz.*)\nrule k error \"m\": for v in all: $v < 10\n"
      "rule k2 error \"m\": for v in all - [r.b.x]: $v > 1",
      "rule w warning \"m\": a == b\nrule e error \"m\": a != b\nrule o error \"m\": a < b",
  };
  for (const auto& text : texts) {
    BOOST_TEST_CONTEXT(text) { all_agree(check::parse_rules(text, "t.rules"), s); }
  }
}

BOOST_AUTO_TEST_CASE(keys_a_value_source_does_not_have) {
  // compiled against fewer keys: the rule errors are the reference's
  source s;
  s.add("requests.new.total", value{});
  all_agree(gov2021(), s);
  const auto c = check::compile(gov2021(), s.keys());
  BOOST_TEST(c.size() == 2u);
  BOOST_TEST(c.rule_errors().size() == 14u);
  source none;
  all_agree(gov2021(), none);
  all_agree(check::rule_set(), s);
  BOOST_TEST(check::compiled_rules().size() == 0u);
  BOOST_TEST(check::evaluate(check::compiled_rules(), check::value_view()).results.empty());
}

// ---- random rules over random values ------------------------------------------------------------

namespace {

class rule_writer {
 public:
  explicit rule_writer(std::uint32_t seed) : rng_(seed) {}

  std::string file() {
    std::string out = "let rows = [a, b, c]\nlet cols = [x, y]\nlet some = keys(t.*.x, u.**) - [t.b.x]\n";
    const int n = 1 + pick(4);
    for (int i = 0; i < n; ++i) out += rule(i);
    return out;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }

  std::string rule(int i) {
    vars_.clear();
    std::string out = "rule r" + std::to_string(i) + (pick(3) ? " error" : " warning") + " \"m\":\n";
    switch (pick(4)) {
      case 0: out += "  for r in rows:\n"; vars_.push_back({"r", 0}); break;
      case 1: out += "  for r in [a, b, q], c in cols:\n"; vars_.push_back({"r", 0}); vars_.push_back({"c", 1}); break;
      case 2: out += "  for k in some:\n"; vars_.push_back({"k", 2}); break;
      default: break;
    }
    if (pick(8) == 0) return out + "    integer(" + key() + ")\n";
    static const char* ops[] = {"==", "!=", "<=", ">=", "<", ">"};
    out += "    " + expr(0) + " " + ops[pick(6)] + " " + expr(0);
    if (pick(4) == 0) out += std::string(" within ") + (pick(2) ? "0.5" : "0.001");
    return out + "\n";
  }

  std::string key() {
    // a variable of kind 2 is a whole key
    for (const auto& [name, kind] : vars_)
      if (kind == 2 && pick(2)) return "$" + name;
    std::string row = "a";
    std::string col = "x";
    for (const auto& [name, kind] : vars_) {
      if (kind == 0 && pick(3)) row = "$" + name;
      if (kind == 1 && pick(3)) col = "$" + name;
    }
    if (row[0] != '$') row = std::string(1, "abcq"[pick(4)]);
    if (col[0] != '$') col = std::string(1, "xyz"[pick(3)]);
    switch (pick(6)) {
      case 0: return "s";
      case 1: return "u.v.w";
      default: return "t." + row + "." + col;
    }
  }

  std::string num() {
    static const char* nums[] = {"0", "1", "2", "-1", "0.5", "1.25", "3", "10"};
    return nums[pick(8)];
  }

  std::string operand(int depth) {
    const int k = depth > 2 ? pick(2) : pick(7);
    switch (k) {
      case 0: return key();
      case 1: return num();
      case 2: return "(" + expr(depth + 1) + ")";
      case 3: {
        std::string out = "sum(";
        const int n = 1 + pick(3);
        for (int i = 0; i < n; ++i) {
          if (i) out += ", ";
          static const char* patterns[] = {"t.*.x", "t.a.*", "u.**", "t.**", "q.*"};
          out += pick(3) ? expr(depth + 1) : patterns[pick(5)];
        }
        return out + ")";
      }
      case 4:
        return "sum(t.$i." + std::string(pick(2) ? "x" : "$j") + (pick(2) ? " + 1" : " - s") +
               " for i in rows, j in cols)";
      case 5: return "sum(t.$i.y for i in [a, c] + [b])";
      default: return key();
    }
  }

  std::string expr(int depth) {
    std::string out = operand(depth);
    const int n = pick(4);
    for (int i = 0; i < n; ++i) out += std::string(pick(2) ? " + " : " - ") + operand(depth);
    return out;
  }

  std::mt19937 rng_;
  std::vector<std::pair<std::string, int>> vars_;  // name, 0 row / 1 column / 2 key
};

source random_values(std::mt19937& rng) {
  source s;
  auto v = [&]() {
    switch (rng() % 14) {
      case 0: return value{};
      case 1: return of_kind(cell_kind::placeholder, "—");
      case 2: return of_kind(cell_kind::text, "x");
      case 3: return number((rng() % 2000) / 100.0 - 5, false, 3);
      case 4: return number(-0.0, true, 4);
      case 5: return number(double(rng() % 5), false, 5);
      default: return number(double(rng() % 7) - 1, true, 6);
    }
  };
  for (const char* r : {"a", "b", "c"})
    for (const char* c : {"x", "y"}) s.add(std::string("t.") + r + "." + c, v());
  s.add("s", v()).add("u.v.w", v()).add("u.v", v());
  if (rng() % 2) s.add("t.a.x", v());  // a repeated key
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_rules_agree) {
  std::mt19937 rng(7);
  std::size_t parsed = 0, instances = 0, errors = 0, decided = 0, failed = 0;
  for (std::uint32_t i = 0; i < 400; ++i) {
    const std::string text = rule_writer(i).file();
    check::rule_set rules;
    try {
      rules = check::parse_rules(text, "random.rules");
    } catch (const nianbao::diagnostic_error& e) {
      BOOST_TEST_MESSAGE("not parsed: " << e.diag().message << "\n" << text);
      continue;
    }
    ++parsed;
    for (int round = 0; round < 3; ++round) {
      const source s = random_values(rng);
      BOOST_TEST_CONTEXT(text) {
        all_agree(rules, s);
        const auto r = check::detail::evaluate_reference(rules, s);
        instances += r.results.size();
        errors += r.rule_errors.size();
        decided += r.passed + r.failed;
        failed += r.failed;
      }
    }
  }
  BOOST_TEST_MESSAGE(parsed << " files, " << instances << " instances (" << decided << " passed or failed, " << failed
                            << " failed), " << errors << " rule errors");
  BOOST_TEST(parsed >= 350u);
  BOOST_TEST(instances >= 2000u);
  BOOST_TEST(errors >= 100u);
  BOOST_TEST(decided >= 500u);
  BOOST_TEST(failed >= 100u);
}

// ---- the evaluate(rule_set, value_source) cache ------------------------------------------------

BOOST_AUTO_TEST_CASE(cache_tells_rule_sets_and_keys_apart) {
  source one;
  one.add("a", number(1)).add("b", number(2));
  source two;
  two.add("b", number(1)).add("a", number(1));
  for (int i = 0; i < 12; ++i) {
    // a new rule set every time (often at the address of the last one), alternating keys
    const auto rules = check::parse_rules(i % 2 ? "rule r error \"m\": a < b" : "rule r error \"m\": a == b", "t.rules");
    for (const source* s : {&one, &two}) {
      const auto r = check::evaluate(rules, *s);
      same_report(check::detail::evaluate_reference(rules, *s), r);
    }
  }
  // more (rule set, keys) pairs than the cache holds, in turn
  std::vector<check::rule_set> sets;
  for (int i = 0; i < 6; ++i) sets.push_back(check::parse_rules("rule r error \"m\": a + " + std::to_string(i) + " >= b", "t.rules"));
  for (int round = 0; round < 3; ++round)
    for (const auto& rules : sets) same_report(check::detail::evaluate_reference(rules, one), check::evaluate(rules, one));
}

// ---- value_view ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(value_view_spans) {
  const std::vector<value> head = {number(1), number(2)};
  const std::vector<value> tail = {number(3)};
  const check::value_view two(head, tail);
  BOOST_TEST(two[0].number == 1.0);
  BOOST_TEST(two[1].number == 2.0);
  BOOST_TEST(two[2].number == 3.0);
  BOOST_TEST((two[3].kind == cell_kind::missing));
  const check::value_view gap(head.data(), 1, tail.data(), 5, 1);
  BOOST_TEST((gap[1].kind == cell_kind::missing));
  BOOST_TEST(gap[5].number == 3.0);
  BOOST_TEST((gap[6].kind == cell_kind::missing));
  const std::vector<const value*> pointers = {&tail[0], nullptr};
  const check::value_view p(pointers);
  BOOST_TEST(p[0].number == 3.0);
  BOOST_TEST((p[1].kind == cell_kind::missing));
  BOOST_TEST((p[2].kind == cell_kind::missing));
  BOOST_TEST((check::value_view()[0].kind == cell_kind::missing));
}

// ---- no allocation in the lean entry points -------------------------------------------------------

BOOST_AUTO_TEST_CASE(lean_evaluation_allocates_nothing) {
  const auto all = seeds();
  BOOST_REQUIRE(!all.empty());
  const seed& s = all[3];
  strings rule_keys = s.keys;
  for (const auto& id : narrative_ids) rule_keys.push_back("narrative." + id);
  const auto c = check::compile(gov2021(), rule_keys);
  const check::value_view view(s.values, s.narrative);
  std::vector<check::instance_outcome> out;
  check::evaluate_statuses(c, view, out);  // makes room
  const long before = allocations.load();
  std::size_t failed = 0;
  for (int i = 0; i < 50; ++i) {
    failed += check::evaluate_statuses(c, view, out).failed;
    failed += check::evaluate_tally(c, view).failed;
    failed += check::evaluate_instance(c, static_cast<std::size_t>(i), view).status == check::status::failed;
  }
  const long after = allocations.load();
  BOOST_TEST(after - before == 0);
  BOOST_TEST(failed == 0u);
}
