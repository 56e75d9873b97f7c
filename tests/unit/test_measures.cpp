#define BOOST_TEST_MODULE measures
#include <boost/test/unit_test.hpp>

#include "measures/measures.hpp"
#include "test_support.hpp"
#include "json_of.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

const model::template_model& model_named(const std::string& id) {
  for (const auto& m : shared_context().models())
    if (m.id == id) return m;
  BOOST_FAIL("no model " + id);
  throw 0;
}

value number(double n) {
  value v;
  v.kind = cell_kind::number;
  v.number = n;
  v.raw = std::to_string(n);
  return v;
}

// Every key of gov-2021 0, then the hand-made report below.
std::vector<value> hand_report(const model::template_model& m) {
  std::vector<value> values(m.keys.size(), number(0));
  auto set = [&](const std::string& key, double n) { values.at(m.key_index.at(key)) = number(n); };
  set("requests.new.total", 70);
  set("requests.carried_over.total", 15);
  set("requests.granted.total", 30);
  set("requests.partially_granted.total", 10);
  set("requests.denied.state_secret.total", 4);
  set("requests.denied.third_party_rights.total", 6);
  set("requests.unavailable.not_held.total", 12);
  set("requests.not_processed.petition_complaint.total", 5);
  set("requests.not_processed.repeated.total", 3);
  set("requests.other.overdue_correction.total", 2);
  set("requests.total.total", 80);
  set("requests.carried_forward.total", 5);
  set("review.reconsideration.corrected", 2);
  set("review.reconsideration.total", 8);
  set("review.litigation_direct.corrected", 1);
  set("review.litigation_direct.total", 3);
  set("review.litigation_after_reconsideration.total", 1);
  return values;
}

std::map<std::string, measures::result> by_id(const measures::measure_set& set, const std::vector<measures::result>& r) {
  std::map<std::string, measures::result> out;
  for (std::size_t i = 0; i < set.size(); ++i) out[set.measures()[i].id] = r.at(i);
  return out;
}

std::string why(const measures::result& r) { return measures::to_string(r.why); }

}  // namespace

BOOST_AUTO_TEST_CASE(every_measure_on_hand_computed_values) {
  const auto& m = model_named("gov-2021");
  const auto set = measures::load_for(m);
  BOOST_REQUIRE_EQUAL(set.size(), 8u);
  const auto values = hand_report(m);
  auto r = by_id(set, measures::evaluate(set, values));
  BOOST_TEST(*r["granted_rate"].value == 30.0 / 80);  // 0.375
  BOOST_TEST(*r["substantive_disclosure_rate"].value == 40.0 / 80);
  // 80 - (5 + 3) not processed - 2 other = 70
  BOOST_TEST(*r["substantive_disclosure_rate_excl"].denominator == 70.0);
  BOOST_TEST(*r["substantive_disclosure_rate_excl"].value == 40.0 / 70);
  BOOST_TEST(*r["denied_share"].value == 10.0 / 80);
  BOOST_TEST(*r["unavailable_share"].value == 12.0 / 80);
  BOOST_TEST(*r["carry_forward_rate"].denominator == 85.0);
  BOOST_TEST(*r["carry_forward_rate"].value == 5.0 / 85);
  BOOST_TEST(*r["reconsideration_correction_rate"].value == 0.25);
  BOOST_TEST(*r["litigation_correction_rate"].numerator == 1.0);
  BOOST_TEST(*r["litigation_correction_rate"].denominator == 4.0);
  BOOST_TEST(*r["litigation_correction_rate"].value == 0.25);
  for (const auto& [id, result] : r) BOOST_TEST(why(result) == "", id);
  BOOST_TEST(nianbao::test::json_of(set, measures::evaluate(set, values)).dump() ==
             R"({"granted_rate":0.375,"substantive_disclosure_rate":0.5,"substantive_disclosure_rate_excl":0.5714285714285714,)"
             R"("denied_share":0.125,"unavailable_share":0.15,"carry_forward_rate":0.058823529411764705,)"
             R"("reconsideration_correction_rate":0.25,"litigation_correction_rate":0.25})");
}

BOOST_AUTO_TEST_CASE(division_by_zero_a_placeholder_and_a_missing_value_are_null_not_0) {
  const auto& m = model_named("gov-2021");
  const auto set = measures::load_for(m);
  auto values = hand_report(m);
  values.at(m.key_index.at("review.reconsideration.corrected")) = number(0);
  values.at(m.key_index.at("review.reconsideration.total")) = number(0);
  value slash;
  slash.kind = cell_kind::placeholder;
  slash.raw = "/";
  values.at(m.key_index.at("requests.partially_granted.total")) = slash;
  values.at(m.key_index.at("requests.unavailable.needs_creation.total")) = value{};  // missing
  auto r = by_id(set, measures::evaluate(set, values));
  BOOST_TEST(!r["reconsideration_correction_rate"].value);
  BOOST_TEST(why(r["reconsideration_correction_rate"]) == "zero-denominator");
  BOOST_TEST(*r["reconsideration_correction_rate"].numerator == 0.0);
  BOOST_TEST(!r["substantive_disclosure_rate"].value);
  BOOST_TEST(why(r["substantive_disclosure_rate"]) == "not-a-number");
  BOOST_TEST(!r["substantive_disclosure_rate"].numerator);
  BOOST_TEST(*r["substantive_disclosure_rate"].denominator == 80.0);
  BOOST_TEST(!r["unavailable_share"].value);
  BOOST_TEST(why(r["unavailable_share"]) == "missing");
  BOOST_TEST(*r["granted_rate"].value == 0.375);  // reads neither
  const auto j = nianbao::test::json_of(set, measures::evaluate(set, values));
  BOOST_TEST(j["reconsideration_correction_rate"].is_null());
  BOOST_TEST(j["substantive_disclosure_rate"].is_null());
}

BOOST_AUTO_TEST_CASE(a_seed_report) {
  // Seed 000 (tests/corpus/seeds): 予以公开 5 of 11 handled; 1 carried forward of 12 new + 0
  // carried over; no reconsideration (0 of 0: null).
  const auto& m = model_named("gov-2021");
  const auto set = measures::load_for(m);
  const auto rec = shared_context().process(seed("000_7309f594a2168ba9.txt"), "000.txt");
  BOOST_REQUIRE(rec.model == &m);
  auto r = by_id(set, measures::evaluate(set, rec.values));
  BOOST_TEST(*r["granted_rate"].value == 5.0 / 11);
  BOOST_TEST(*r["carry_forward_rate"].value == 1.0 / 12);
  BOOST_TEST(*r["unavailable_share"].value == 3.0 / 11);
  BOOST_TEST(why(r["reconsideration_correction_rate"]) == "zero-denominator");
  BOOST_TEST(why(r["litigation_correction_rate"]) == "zero-denominator");
}

BOOST_AUTO_TEST_CASE(the_2019_template_has_its_own_measures) {
  const auto& m = model_named("gov-2019");
  const auto set = measures::load_for(m);
  BOOST_REQUIRE_EQUAL(set.size(), 8u);
  std::vector<value> values(m.keys.size(), number(0));
  values.at(m.key_index.at("requests.granted.total")) = number(6);
  values.at(m.key_index.at("requests.partially_granted.total")) = number(2);
  values.at(m.key_index.at("requests.other.total")) = number(4);
  values.at(m.key_index.at("requests.total.total")) = number(12);
  auto r = by_id(set, measures::evaluate(set, values));
  BOOST_TEST(*r["substantive_disclosure_rate_excl"].value == 1.0);  // 8 / (12 - 4)
  BOOST_TEST(*r["granted_rate"].value == 0.5);
}

BOOST_AUTO_TEST_CASE(errors_in_a_measures_file_name_file_line_and_column) {
  const auto& keys = model_named("gov-2021").keys;
  auto error_of = [&](const std::string& text) {
    try {
      measures::parse_measures(text, "m.measures", keys);
    } catch (const diagnostic_error& e) {
      return e.diag().file + ":" + std::to_string(e.diag().where.line) + ":" + std::to_string(e.diag().where.column) +
             ": " + e.diag().message;
    }
    return std::string("no error");
  };
  const std::string head = "[[measure]]\nid = \"x\"\nlabel = \"X\"\ndefinition = \"d\"\n";
  BOOST_TEST(error_of(head + "numerator = \"requests.granted.totl\"\ndenominator = \"1\"\n") ==
             "m.measures:5:14: measure x, numerator: unknown key 'requests.granted.totl'; did you mean "
             "`requests.granted.total`?");
  BOOST_TEST(error_of(head + "numerator = \"1\"\ndenominator = \"requests.total.total +\"\n") ==
             "m.measures:6:38: measure x, denominator: expected a value (a key, a number, sum(...) or (...)) after '+'");
  BOOST_TEST(error_of(head + "numerator = \"1\"\n") == "m.measures:1:1: missing required key `denominator`");
  BOOST_TEST(error_of(head + "numerator = \"1\"\ndenominator = \"1\"\n" + head + "numerator = \"1\"\ndenominator = \"1\"\n") ==
             "m.measures:8:6: measure 'x' is defined twice");
}
