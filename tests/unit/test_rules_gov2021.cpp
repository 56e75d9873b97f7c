#define BOOST_TEST_MODULE rules_gov2021
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "json_of.hpp"

using nianbao::cell_kind;
using nianbao::value;
namespace check = nianbao::check;
using strings = std::vector<std::string>;

namespace {

const strings applicants = {"natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"};
const strings handled = {"granted",
                         "partially_granted",
                         "denied.state_secret",
                         "denied.prohibited_by_law",
                         "denied.security_stability",
                         "denied.third_party_rights",
                         "denied.internal_affairs",
                         "denied.process_information",
                         "denied.law_enforcement_files",
                         "denied.administrative_query",
                         "unavailable.not_held",
                         "unavailable.needs_creation",
                         "unavailable.unclear_after_correction",
                         "not_processed.petition_complaint",
                         "not_processed.repeated",
                         "not_processed.publication",
                         "not_processed.excessive",
                         "not_processed.confirmation",
                         "other.overdue_correction",
                         "other.overdue_fee",
                         "other.other"};
const strings groups = {"reconsideration", "litigation_direct", "litigation_after_reconsideration"};
const strings outcomes_4 = {"upheld", "corrected", "other", "pending", "total"};

strings rows() {
  strings r = {"new", "carried_over"};
  r.insert(r.end(), handled.begin(), handled.end());
  r.push_back("total");
  r.push_back("carried_forward");
  return r;
}

strings columns() {
  strings c = applicants;
  c.push_back("total");
  return c;
}

// A gov-2021 report's 200 values, in model order, every one a number at a made-up position.
// build() makes it consistent: the handled rows and carried values of the six applicant columns
// are chosen, everything else (（七）总计, 一、新收, the 总计 column, table 4 totals) follows.
class report : public check::value_source {
 public:
  report() {
    for (const char* k : {"active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force",
                          "active.normative_documents.issued", "active.normative_documents.repealed",
                          "active.normative_documents.in_force", "active.licensing.decisions",
                          "active.penalty.decisions", "active.coercion.decisions", "active.fees.amount"})
      add(k);
    for (const auto& r : rows())
      for (const auto& c : columns()) add("requests." + r + "." + c);
    for (const auto& g : groups)
      for (const auto& o : outcomes_4) add("review." + g + "." + o);
  }

  // A consistent report with numbers other than 0 almost everywhere.
  report& build() {
    const double active[] = {3, 1, 12, 20, 4, 130, 5761, 4, 0};
    for (std::size_t i = 0; i < 9; ++i) set(keys_[i], active[i]);
    set("active.fees.amount", 88.78248, false);
    for (std::size_t i = 0; i < applicants.size(); ++i) {
      const std::string& c = applicants[i];
      for (std::size_t j = 0; j < handled.size(); ++j) set("requests." + handled[j] + "." + c, double((i + j) % 3));
      set("requests.carried_over." + c, 2);
      set("requests.carried_forward." + c, double(i % 2));
    }
    return totals();
  }

  // Recompute what follows from the chosen cells (see build()).
  report& totals() {
    for (const auto& c : applicants) {
      double total = 0;
      for (const auto& h : handled) total += num("requests." + h + "." + c);
      set("requests.total." + c, total);
      set("requests.new." + c, total + num("requests.carried_forward." + c) - num("requests.carried_over." + c));
    }
    for (const auto& r : rows()) {
      double total = 0;
      for (const auto& c : applicants) total += num("requests." + r + "." + c);
      set("requests." + r + ".total", total);
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      set("review." + groups[g] + ".upheld", double(g + 1));
      set("review." + groups[g] + ".corrected", double(g));
      set("review." + groups[g] + ".other", 1);
      set("review." + groups[g] + ".pending", 2);
      set("review." + groups[g] + ".total", double(2 * g + 4));
    }
    return *this;
  }

  // All 200 values 0.
  report& zeros() {
    for (const auto& k : keys_) set(k, 0);
    return *this;
  }

  report& set(const std::string& key, double n, bool integral = true) {
    value& v = at(key);
    v.kind = cell_kind::number;
    v.number = n;
    v.integral = integral;
    v.raw = integral ? std::to_string(static_cast<long long>(n)) : std::to_string(n);
    return *this;
  }
  report& add_to(const std::string& key, double d) { return set(key, num(key) + d); }
  report& mark(const std::string& key, cell_kind k, std::string raw) {
    value& v = at(key);
    v.kind = k;
    v.raw = std::move(raw);
    return *this;
  }
  double num(const std::string& key) { return at(key).number; }

  const std::vector<std::string>& keys() const override { return keys_; }
  const value* find(std::string_view key) const override {
    auto it = values_.find(std::string(key));
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  void add(const std::string& key) {
    value v;
    v.where.line = keys_.size() + 1;  // line = model index + 1, column 12
    v.where.column = 12;
    keys_.push_back(key);
    values_[key] = v;
  }
  value& at(const std::string& key) {
    auto it = values_.find(key);
    BOOST_REQUIRE_MESSAGE(it != values_.end(), "no key " << key);
    return it->second;
  }

  std::vector<std::string> keys_;
  std::map<std::string, value> values_;
};

const check::rule_set& rules() {
  static const check::rule_set r = check::load_rules_file(NIANBAO_SOURCE_DIR "/model/gov-2021.rules");
  return r;
}

strings with_status(const check::check_report& r, check::status s) {
  strings out;
  for (const auto& i : r.results)
    if (i.status == s) out.push_back(i.name());
  return out;
}

strings failed(const check::check_report& r) { return with_status(r, check::status::failed); }

std::map<std::string, std::size_t> instances_per_rule(const check::check_report& r) {
  std::map<std::string, std::size_t> n;
  for (const auto& i : r.results) ++n[std::string(i.rule)];
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_model_has_200_keys) {
  report m;
  BOOST_TEST(m.keys().size() == 200u);
  BOOST_TEST(rows().size() == 25u);
  BOOST_TEST(handled.size() == 21u);
}

BOOST_AUTO_TEST_CASE(a_consistent_report_passes_every_rule) {
  report m;
  m.build();
  BOOST_TEST(m.num("requests.new.natural_person") == 19.0);  // 21 handled + 0 forward - 2 over
  BOOST_TEST(m.num("requests.total.total") == 126.0);
  auto r = check::evaluate(rules(), m);
  // the report has the 200 table keys only, not the narrative facts (narrative.<id>) that the
  // narrative rules compare with the tables: those 6 rules are rule errors, nothing else is
  BOOST_TEST(r.rule_errors.size() == 6u);
  for (const auto& e : r.rule_errors) BOOST_TEST(e.diag.message.find("unknown key 'narrative.") == 0u, e.diag.message);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.skipped == 0u);
  BOOST_TEST(r.not_assessable == 0u);
  BOOST_TEST(r.passed == 441u);
  auto n = instances_per_rule(r);
  BOOST_TEST(n["balance"] == 7u);
  BOOST_TEST(n["row_total"] == 25u);
  BOOST_TEST(n["handled_sum"] == 7u);
  BOOST_TEST(n["review_total"] == 3u);
  BOOST_TEST(n["non_negative"] == 200u);
  BOOST_TEST(n["integer"] == 199u);  // not the fees
  BOOST_TEST(r.results.front().name() == "balance/natural_person");
  BOOST_TEST(r.results[6].name() == "balance/total");
  BOOST_TEST(r.results[7].name() == "row_total/new");
  BOOST_TEST(r.results[7 + 24].name() == "row_total/carried_forward");
  BOOST_TEST(r.results[7 + 25 + 7].name() == "review_total/reconsideration");
  BOOST_TEST(r.results[7 + 25 + 7 + 3].name() == "non_negative/active.regulations.issued");
}

BOOST_AUTO_TEST_CASE(all_zero_passes) {
  report m;
  m.zeros();
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(r.passed == 441u);
  BOOST_TEST(r.failed == 0u);
}

BOOST_AUTO_TEST_CASE(balance_one_new_request_too_many) {
  report m;
  m.build().add_to("requests.new.natural_person", 1);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == (strings{"balance/natural_person", "row_total/new"}), boost::test_tools::per_element());
  const auto& b = r.results[0];
  BOOST_TEST(b.message == "第一项加第二项之和，等于第三项加第四项之和");
  BOOST_TEST(*b.left == 22.0);   // 20 + 2
  BOOST_TEST(*b.right == 21.0);  // 21 + 0
  BOOST_TEST(b.check ==
             "requests.new.natural_person + requests.carried_over.natural_person == "
             "requests.total.natural_person + requests.carried_forward.natural_person");
  BOOST_REQUIRE_EQUAL(b.keys.size(), 4u);
  BOOST_TEST(b.keys[0].key == "requests.new.natural_person");
  BOOST_TEST(b.keys[0].value->where.line == 11u);  // after the 10 table-2 keys
  BOOST_TEST(b.keys[0].value->where.column == 12u);

  auto j = nianbao::test::json_of(r);
  BOOST_TEST(j["failed"] == 2);
  BOOST_TEST(j["passed"] == 439);
  BOOST_TEST(j["failures"][0].dump() ==
             R"({"rule":"balance","instance":"natural_person","severity":"error",)"
             R"("message":"第一项加第二项之和，等于第三项加第四项之和","status":"failed",)"
             R"("check":"requests.new.natural_person + requests.carried_over.natural_person == )"
             R"(requests.total.natural_person + requests.carried_forward.natural_person",)"
             R"("left":22,"right":21,"keys":{)"
             R"("requests.new.natural_person":{"value":20,"line":11,"column":12},)"
             R"("requests.carried_over.natural_person":{"value":2,"line":18,"column":12},)"
             R"("requests.total.natural_person":{"value":21,"line":172,"column":12},)"
             R"("requests.carried_forward.natural_person":{"value":0,"line":179,"column":12}}})");
  BOOST_TEST(j["failures"][1]["rule"] == "row_total");
  BOOST_TEST(j["failures"][1]["instance"] == "new");
  BOOST_TEST(j["failures"][1]["keys"].size() == 7u);
}

BOOST_AUTO_TEST_CASE(handled_one_granted_too_many) {
  report m;
  m.build().add_to("requests.granted.commercial", 1);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == (strings{"row_total/granted", "handled_sum/commercial"}), boost::test_tools::per_element());
  for (const auto& i : r.results) {
    if (i.name() != "handled_sum/commercial") continue;
    BOOST_TEST(i.check == "requests.total.commercial == sum(requests.$h.commercial for h in handled)");
    BOOST_TEST(*i.left == 21.0);
    BOOST_TEST(*i.right == 22.0);
    BOOST_TEST(i.keys.size() == 22u);  // the total and the 21 rows
    BOOST_TEST(i.keys.back().key == "requests.other.other.commercial");
  }
}

BOOST_AUTO_TEST_CASE(grand_total_off) {
  report m;
  m.build().add_to("requests.total.total", 1);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == (strings{"balance/total", "row_total/total", "handled_sum/total"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(carried_forward_off) {
  report m;
  m.build().add_to("requests.carried_forward.research", 1);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == (strings{"balance/research", "row_total/carried_forward"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_total_column_cell_off) {
  report m;
  m.build().add_to("requests.denied.internal_affairs.total", -1);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == (strings{"row_total/denied.internal_affairs", "handled_sum/total"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(review_totals) {
  report m;
  m.build().add_to("review.litigation_direct.pending", 1);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == strings{"review_total/litigation_direct"}, boost::test_tools::per_element());
  const auto& f = *std::find_if(r.results.begin(), r.results.end(),
                                [](const auto& i) { return i.status == check::status::failed; });
  BOOST_TEST(*f.left == 6.0);
  BOOST_TEST(*f.right == 7.0);
  BOOST_TEST(f.message == "总计等于结果维持、结果纠正、其他结果、尚未审结之和");

  report n;
  n.build().add_to("review.reconsideration.total", 1).add_to("review.litigation_after_reconsideration.upheld", -1);
  BOOST_TEST(failed(check::evaluate(rules(), n)) ==
                 (strings{"review_total/reconsideration", "review_total/litigation_after_reconsideration"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_negative_value_that_adds_up) {
  // -1 in a cell, compensated in the same column and row so that every sum still holds
  report m;
  m.build();
  double old = m.num("requests.denied.state_secret.research");
  m.set("requests.denied.state_secret.research", -1).add_to("requests.granted.research", old + 1).totals();
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == strings{"non_negative/requests.denied.state_secret.research"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(negative_fees) {
  report m;
  m.build().set("active.fees.amount", -0.5, false);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == strings{"non_negative/active.fees.amount"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fractions) {
  // printed "3.0" in table 3: the sums still hold, only integer fails
  report m;
  m.build();
  m.set("requests.granted.research", m.num("requests.granted.research"), false);
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(failed(r) == strings{"integer/requests.granted.research"}, boost::test_tools::per_element());

  // a fraction in table 2
  report n;
  n.build().set("active.regulations.issued", 2.5, false);
  BOOST_TEST(failed(check::evaluate(rules(), n)) == strings{"integer/active.regulations.issued"},
             boost::test_tools::per_element());

  // the fees are a decimal: no integer check for them
  for (const auto& i : check::evaluate(rules(), n).results) BOOST_TEST(i.name() != "integer/active.fees.amount");
}

BOOST_AUTO_TEST_CASE(a_placeholder_is_not_zero) {
  report m;
  m.build().set("requests.denied.state_secret.commercial", 0).totals();
  m.mark("requests.denied.state_secret.commercial", cell_kind::placeholder, "/");
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(with_status(r, check::status::not_assessable) ==
                 (strings{"row_total/denied.state_secret", "handled_sum/commercial",
                          "non_negative/requests.denied.state_secret.commercial",
                          "integer/requests.denied.state_secret.commercial"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.passed == 437u);
  auto j = nianbao::test::json_of(r);
  BOOST_TEST(j["not_assessable"] == 4);
  BOOST_TEST(j["unassessed"].size() == 4u);
  BOOST_TEST(j["unassessed"][0]["keys"]["requests.denied.state_secret.commercial"].dump() ==
             R"({"value":null,"kind":"placeholder","raw":"/","line":40,"column":12})");
}

BOOST_AUTO_TEST_CASE(empty_and_text_cells) {
  report m;
  m.build();
  m.mark("review.litigation_direct.other", cell_kind::empty, "");
  m.mark("active.penalty.decisions", cell_kind::text, "详见附件");
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(with_status(r, check::status::not_assessable) ==
                 (strings{"review_total/litigation_direct", "non_negative/active.penalty.decisions",
                          "non_negative/review.litigation_direct.other", "integer/active.penalty.decisions",
                          "integer/review.litigation_direct.other"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(missing_table_4_is_skipped_not_failed) {
  report m;
  m.build();
  for (const auto& g : groups)
    for (const auto& o : outcomes_4) m.mark("review." + g + "." + o, cell_kind::missing, "");
  auto r = check::evaluate(rules(), m);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.not_assessable == 0u);
  BOOST_TEST(r.skipped == 33u);  // 3 review_total + 15 non_negative + 15 integer
  BOOST_TEST(r.passed == 441u - 33u);
  strings skipped = with_status(r, check::status::skipped);
  BOOST_TEST(skipped.front() == "review_total/reconsideration");
  BOOST_TEST(skipped.back() == "integer/review.litigation_after_reconsideration.total");
}

BOOST_AUTO_TEST_CASE(a_users_rules_on_top) {
  // a user's file can use the template's sets and adds its own rules
  auto both = check::parse_rules(R"(
rule narrative_new warning "新收申请不应少于予以公开": for c in columns: requests.new.$c >= requests.granted.$c
rule fees_small warning "收费超过100万元": active.fees.amount <= 100 within 0.0001
)",
                                 "mine.rules", rules());
  report m;
  m.build().set("active.fees.amount", 100.00001, false);
  auto r = check::evaluate(both, m);
  BOOST_TEST(r.passed == 441u + 8u);
  BOOST_TEST(r.failed == 0u);
  m.set("active.fees.amount", 100.1, false);
  auto s = check::evaluate(both, m);
  BOOST_TEST(failed(s) == strings{"fees_small"}, boost::test_tools::per_element());
  BOOST_TEST(s.failed_warnings() == 1u);
  BOOST_TEST(s.failed_errors() == 0u);
}

BOOST_AUTO_TEST_CASE(another_template_without_some_keys) {
  // The rules name keys a template may not have: reported as rule errors, not crashes.
  struct small : check::value_source {
    std::vector<std::string> k = {"requests.new.total"};
    value v;
    const std::vector<std::string>& keys() const override { return k; }
    const value* find(std::string_view key) const override { return key == k[0] ? &v : nullptr; }
  } s;
  auto r = check::evaluate(rules(), s);
  BOOST_TEST(r.results.size() == 2u);  // non_negative and integer for the one key (missing: skipped)
  BOOST_TEST(r.skipped == 2u);
  strings messages;
  for (const auto& e : r.rule_errors) messages.push_back(e.diag.message);
  // one per rule and place in the rules file
  BOOST_TEST(messages == (strings{"unknown key 'requests.new.natural_person' (rule balance/natural_person)",
                                  "unknown key 'requests.carried_over.total' (rule balance/total)",
                                  "unknown key 'requests.new.natural_person' (rule row_total/new)",
                                  "unknown key 'requests.carried_over.total' (rule row_total/carried_over)",
                                  "unknown key 'requests.total.natural_person' (rule handled_sum/natural_person)",
                                  "unknown key 'review.reconsideration.total' (rule review_total/reconsideration)",
                                  "no key of the template matches 'active.**' (rule non_negative)",
                                  "no key of the template matches 'active.**' (rule integer)",
                                  "unknown key 'narrative.received' (rule narrative_received)",
                                  "unknown key 'narrative.carried_over' (rule narrative_carried_over)",
                                  "unknown key 'narrative.handled' (rule narrative_handled)",
                                  "unknown key 'narrative.carried_forward' (rule narrative_carried_forward)",
                                  "unknown key 'narrative.reconsideration' (rule narrative_reconsideration)",
                                  "unknown key 'narrative.litigation' (rule narrative_litigation)"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.rule_errors[0].diag.where.line == 29u);
  BOOST_TEST(r.rule_errors[0].diag.where.column == 5u);
}
