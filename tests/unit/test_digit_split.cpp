#define BOOST_TEST_MODULE digit_split
// The split of digit runs (repair/digit_split.hpp) on candidates made by hand, and the grammar
// `runtogether` that cuts labels from the digits that follow them.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "core/budget.hpp"
#include "layout/layout.hpp"
#include "profile/profile.hpp"
#include "repair/digit_split.hpp"
#include "cells/cell_value.hpp"
#include "test_support.hpp"

using namespace nianbao;

namespace {

const model::template_model& model_of(const std::string& id) {
  for (const auto& m : test::shared_context().models())
    if (m.id == id) return m;
  BOOST_FAIL("no model " + id);
  throw;
}

const check::compiled_rules& rules_of(const model::template_model& m) {
  static std::map<const model::template_model*, check::compiled_rules> compiled;
  auto it = compiled.find(&m);
  if (it == compiled.end())
    it = compiled.emplace(&m, check::compile(check::load_rules_file(m.rules_file), m.rule_keys)).first;
  return it->second;
}

std::size_t table_of(const model::template_model& m, const std::string& id) {
  for (std::size_t t = 0; t < m.tables.size(); ++t)
    if (m.tables[t].id == id) return t;
  BOOST_FAIL("no table " + id);
  return 0;
}

// A candidate of template `id` with nothing read yet.
resolve::candidate empty_candidate(const model::template_model& m) {
  resolve::candidate c;
  c.profile = "run-together";
  c.split_digit_runs = true;
  c.values.resize(m.keys.size());
  c.tables.resize(m.tables.size());
  return c;
}

// A number cell as the grammar reads a run: raw as printed, on `line`, at `column`.
value run_cell(const std::string& raw, std::size_t line, std::size_t column = 10) {
  value v = resolve::classify_cell(raw, resolve::default_placeholders());
  if (v.kind != cell_kind::number) {  // a run too long to be a double (309+ digits): as a number all the same
    v.kind = cell_kind::number;
    v.number = 1e308;
  }
  v.where = source_position{line, column, line * 100 + column};
  return v;
}

// Row `row_key` (of table `table_id`) read as these runs, misaligned as the resolver leaves it,
// with its misaligned-row note.
void add_row(resolve::candidate& c, const model::template_model& m, const std::string& table_id, const std::string& row_key,
             const std::vector<std::string>& runs, std::size_t line) {
  const std::size_t t = table_of(m, table_id);
  resolve::misaligned_row row;
  row.table = t;
  row.row_key = row_key;
  std::size_t column = 10;
  for (const auto& r : runs) {
    row.cells.push_back(run_cell(r, line, column));
    column += r.size() + 2;
  }
  if (row_key.empty()) {
    row.expected = m.tables[t].key_count;
  } else {
    for (const auto& spec : m.tables[t].rows)
      if (spec.key == row_key) row.expected = spec.columns.size();
  }
  row.where = source_position{line, 1, line * 100};
  diagnostic d;
  d.severity = severity::warning;
  d.code = "misaligned-row";
  d.where = row.where;
  d.message = "(the resolver's note)";
  c.tables[t].notes.push_back(d);
  c.tables[t].misaligned.push_back(std::move(row));
}

const value& value_of(const resolve::candidate& c, const model::template_model& m, const std::string& key) {
  return c.values.at(m.key_index.at(key));
}

// The values of keys "<prefix>.<column>" for the row's columns, as numbers (-1: not a number).
std::vector<double> row_values(const resolve::candidate& c, const model::template_model& m, const std::string& prefix,
                               const std::vector<std::string>& columns) {
  std::vector<double> out;
  for (const auto& col : columns) {
    const auto& v = value_of(c, m, prefix + "." + col);
    out.push_back(v.kind == cell_kind::number ? v.number : -1);
  }
  return out;
}

const std::vector<std::string> applicants = {"natural_person", "commercial",     "research", "social_welfare",
                                             "legal_services", "other_org", "total"};

const diagnostic* note_at(const resolve::candidate& c, std::size_t table, std::size_t line) {
  for (const auto& n : c.tables[table].notes)
    if (n.where.line == line) return &n;
  return nullptr;
}

const resolve::repair* repair_of(const resolve::candidate& c, std::size_t table, const std::string& key) {
  for (const auto& r : c.tables[table].repairs)
    if (r.key == key) return &r;
  return nullptr;
}

// The 25 rows of table 3 of a report, as (row key, digit run), arithmetic consistent: seed 000's
// values (requests.new 11 0 0 0 1 0 12 prints as 110001012, which also splits as 1 10 0 0 1 0 12).
const std::vector<std::pair<std::string, std::string>> seed_000_requests = {
    {"requests.new", "110001012"},
    {"requests.carried_over", "0000000"},
    {"requests.granted", "5000005"},
    {"requests.partially_granted", "0000000"},
    {"requests.denied.state_secret", "1000001"},
    {"requests.denied.prohibited_by_law", "0000000"},
    {"requests.denied.security_stability", "1000001"},
    {"requests.denied.third_party_rights", "0000000"},
    {"requests.denied.internal_affairs", "0000000"},
    {"requests.denied.process_information", "0000000"},
    {"requests.denied.law_enforcement_files", "0000000"},
    {"requests.denied.administrative_query", "0000000"},
    {"requests.unavailable.not_held", "2000002"},
    {"requests.unavailable.needs_creation", "1000001"},
    {"requests.unavailable.unclear_after_correction", "0000000"},
    {"requests.not_processed.petition_complaint", "0000000"},
    {"requests.not_processed.repeated", "0000000"},
    {"requests.not_processed.publication", "0000000"},
    {"requests.not_processed.excessive", "0000000"},
    {"requests.not_processed.confirmation", "0000000"},
    {"requests.other.overdue_correction", "0000101"},
    {"requests.other.overdue_fee", "0000000"},
    {"requests.other.other", "0000000"},
    {"requests.total", "100001011"},
    {"requests.carried_forward", "1000001"},
};

// Every row's cells, trimmed, as the grammar cuts `text`: cells joined by "¦", rows by "/".
std::string cut(const std::string& text) {
  const auto* g = layout::find_grammar("runtogether");
  BOOST_REQUIRE(g);
  const auto result = layout::cut(text, *g);
  BOOST_TEST(!result.error);
  std::string out;
  for (std::size_t r = 0; r < result.rows.size(); ++r) {
    if (r) out += "/";
    for (std::size_t i = 0; i < result.rows[r].cells.size(); ++i) {
      const auto& c = result.rows[r].cells[i];
      if (i) out += "¦";
      out += resolve::trim(std::string_view(text).substr(c.begin, c.end - c.begin));
    }
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_split_fits_the_row_total) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  add_row(c, m, "requests", "requests.new", {"801000081"}, 5);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "requests");
  BOOST_TEST(row_values(c, m, "requests.new", applicants) == (std::vector<double>{80, 1, 0, 0, 0, 0, 81}),
             boost::test_tools::per_element());
  const auto& v = value_of(c, m, "requests.new.total");
  BOOST_TEST(v.repaired);
  BOOST_TEST(v.raw == "81");
  BOOST_TEST(v.profile == "run-together");
  BOOST_TEST(v.where.line == 5u);
  BOOST_TEST(v.where.column == 17u);  // the run starts at column 10; "81" is its 8th character
  BOOST_TEST(v.where.byte == 517u);  // line * 100 + column, as add_row places it
  BOOST_TEST(c.tables[t].misaligned.empty());
  BOOST_TEST(c.tables[t].filled == 7u);
  const auto* r = repair_of(c, t, "requests.new.natural_person");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->read == "801000081");
  BOOST_TEST(r->chosen == "80");
  BOOST_TEST(r->rules == (std::vector<std::string>{"row_total"}), boost::test_tools::per_element());
  const auto* n = note_at(c, t, 5);
  BOOST_REQUIRE(n);
  BOOST_TEST(n->code == "split-row");
  BOOST_TEST(static_cast<int>(n->severity) == static_cast<int>(severity::note));
  BOOST_TEST(n->message ==
             "row requests.new: the digit run \"801000081\" split into 7 cells; the only split the rules accept "
             "(80, 1, 0, 0, 0, 0, 81)");
  BOOST_TEST(c.tables[t].notes.size() == 1u);  // the resolver's note replaced
}

BOOST_AUTO_TEST_CASE(leading_zeros_are_cells_of_their_own) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  // 0012 is 0, 0, 12, never 12 printed as 0012; seven digits for seven cells: one split.
  add_row(c, m, "requests", "requests.granted", {"0012"}, 3);
  add_row(c, m, "requests", "requests.carried_over", {"0000000"}, 4);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  // 0012 cannot be seven cells: null, and said.
  BOOST_TEST((value_of(c, m, "requests.granted.total").kind == cell_kind::missing));
  const std::size_t t = table_of(m, "requests");
  BOOST_TEST(note_at(c, t, 3)->message ==
             "row requests.granted: the digit run \"0012\" for 7 columns: it cannot be split into 7 cells (a cell is 1 "
             "to 9 digits, not starting with 0 unless it is 0, with a decimal point only where the column takes "
             "decimals); its values are left null");
  BOOST_TEST(note_at(c, t, 3)->code == "misaligned-row");
  BOOST_TEST(c.tables[t].misaligned.size() == 1u);
  BOOST_TEST(c.tables[t].misaligned.front().split_tried);
  BOOST_TEST(row_values(c, m, "requests.carried_over", applicants) == (std::vector<double>{0, 0, 0, 0, 0, 0, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(note_at(c, t, 4)->message ==
             "row requests.carried_over: the digit run \"0000000\" split into 7 cells; the only split there is "
             "(0, 0, 0, 0, 0, 0, 0)");
  BOOST_TEST(repair_of(c, t, "requests.carried_over.total")->rules.empty());

  auto d = empty_candidate(m);
  add_row(d, m, "active", "active.regulations", {"0012"}, 3);  // three cells: 0, 0, 12 only
  repair::split_digit_runs(d, m, rules_of(m), "r.txt");
  BOOST_TEST(row_values(d, m, "active.regulations", {"issued", "repealed", "in_force"}) ==
                 (std::vector<double>{0, 0, 12}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(several_splits_are_decided_by_the_column_sums_and_the_balance) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  std::size_t line = 20;
  for (const auto& [key, run] : seed_000_requests) add_row(c, m, "requests", key, {run}, line++);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "requests");
  BOOST_TEST(c.tables[t].misaligned.empty());
  BOOST_TEST(row_values(c, m, "requests.new", applicants) == (std::vector<double>{11, 0, 0, 0, 1, 0, 12}),
             boost::test_tools::per_element());
  BOOST_TEST(row_values(c, m, "requests.total", applicants) == (std::vector<double>{10, 0, 0, 0, 1, 0, 11}),
             boost::test_tools::per_element());
  BOOST_TEST(row_values(c, m, "requests.other.overdue_correction", applicants) ==
                 (std::vector<double>{0, 0, 0, 0, 1, 0, 1}),
             boost::test_tools::per_element());
  const auto* r = repair_of(c, t, "requests.new.commercial");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->rules == (std::vector<std::string>{"balance", "row_total"}), boost::test_tools::per_element());
  BOOST_TEST(note_at(c, t, 20)->message ==
             "row requests.new: the digit run \"110001012\" split into 7 cells; the only split the rules accept, with "
             "the other rows' splits (11, 0, 0, 0, 1, 0, 12)");
  BOOST_TEST(c.tables[t].repairs.size() == 25u * 7u);

  // Without the rows that tie it, requests.new stays ambiguous and says which splits fit.
  auto alone = empty_candidate(m);
  add_row(alone, m, "requests", "requests.new", {"110001012"}, 7);
  repair::split_digit_runs(alone, m, rules_of(m), "r.txt");
  BOOST_TEST((value_of(alone, m, "requests.new.total").kind == cell_kind::missing));
  const auto* n = note_at(alone, t, 7);
  BOOST_TEST(n->code == "ambiguous-row");
  BOOST_TEST(n->message ==
             "row requests.new: the digit run \"110001012\" splits into 7 cells in 3 ways that fit the rules equally: "
             "(1, 1, 0, 0, 0, 10, 12) or (1, 10, 0, 0, 1, 0, 12) or (11, 0, 0, 0, 1, 0, 12); its values are left null");
}

BOOST_AUTO_TEST_CASE(where_the_arithmetic_fails_whatever_the_split_no_split_is_taken) {
  // Seed 000's table 3 with 四、结转下年度继续办理 printed 2 0 0 0 0 0 2 (its own total holds):
  // the balance of natural_person and of total fails for every choice of the other rows. The
  // split breaking the fewest rules would be a guess: the rows the balance ties stay null.
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  std::size_t line = 20;
  for (const auto& [key, run] : seed_000_requests)
    add_row(c, m, "requests", key, {key == "requests.carried_forward" ? "2000002" : run}, line++);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "requests");
  BOOST_TEST((value_of(c, m, "requests.new.natural_person").kind == cell_kind::missing));
  BOOST_TEST((value_of(c, m, "requests.total.total").kind == cell_kind::missing));
  BOOST_TEST(note_at(c, t, 20)->message ==
             "row requests.new: the digit run \"110001012\" for 7 columns: 3 splits fit its own rules, but none fits "
             "the rules together with the other rows' splits; its values are left null");
}

BOOST_AUTO_TEST_CASE(a_run_no_split_fits_is_left_null) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  add_row(c, m, "requests", "requests.granted", {"1000002"}, 3);   // one split, 1 != 2
  add_row(c, m, "requests", "requests.new", {"1000000010"}, 4);    // 1000 0 0 0 0 1 0, 100 0 0 0 0 0 10: neither sums
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "requests");
  BOOST_TEST((value_of(c, m, "requests.granted.total").kind == cell_kind::missing));
  BOOST_TEST(note_at(c, t, 3)->message ==
             "row requests.granted: the digit run \"1000002\" for 7 columns: its only split into 7 cells does not fit "
             "the rules; its values are left null");
  BOOST_TEST(note_at(c, t, 4)->message ==
             "row requests.new: the digit run \"1000000010\" for 7 columns: none of its 2 splits into 7 cells fits the "
             "rules; its values are left null");
  BOOST_TEST(c.tables[t].misaligned.size() == 2u);
  BOOST_TEST(c.tables[t].repairs.empty());
}

BOOST_AUTO_TEST_CASE(a_row_the_rules_cannot_decide_lists_its_splits) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  add_row(c, m, "active", "active.normative_documents", {"5225"}, 8);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "active");
  BOOST_TEST((value_of(c, m, "active.normative_documents.issued").kind == cell_kind::missing));
  const auto* n = note_at(c, t, 8);
  BOOST_TEST(n->code == "ambiguous-row");
  BOOST_TEST(static_cast<int>(n->severity) == static_cast<int>(severity::warning));
  BOOST_TEST(n->message ==
             "row active.normative_documents: the digit run \"5225\" splits into 3 cells in 3 ways that fit the rules "
             "equally: (5, 2, 25) or (5, 22, 5) or (52, 2, 5); its values are left null");
}

BOOST_AUTO_TEST_CASE(table_4_is_one_run_of_fifteen_values) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  add_row(c, m, "review", "", {"10201130000000000"}, 44);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "review");
  std::vector<double> got;
  for (const auto& key : m.tables[t].keys()) got.push_back(value_of(c, m, key).number);
  BOOST_TEST(got == (std::vector<double>{10, 2, 0, 1, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), boost::test_tools::per_element());
  BOOST_TEST(note_at(c, t, 44)->message ==
             "table review: the digit run \"10201130000000000\" split into 15 cells; the only split the rules accept "
             "(10, 2, 0, 1, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)");
  BOOST_TEST(repair_of(c, t, "review.reconsideration.total")->rules == (std::vector<std::string>{"review_total"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(decimals_go_only_where_a_column_takes_them) {
  const auto& m = model_of("gov-2019");
  auto c = empty_candidate(m);
  add_row(c, m, "active", "active.procurement", {"10.5"}, 3);  // 1 item, 0.5: "10" and ".5" is no split
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const std::size_t t = table_of(m, "active");
  BOOST_TEST(value_of(c, m, "active.procurement.items").number == 1.0);
  const auto& amount = value_of(c, m, "active.procurement.amount");
  BOOST_TEST(amount.number == 0.5);
  BOOST_TEST(amount.raw == "0.5");
  BOOST_TEST(!amount.integral);
  BOOST_TEST(value_of(c, m, "active.procurement.items").integral);

  auto d = empty_candidate(m);
  add_row(d, m, "active", "active.procurement", {"12345.67"}, 4);
  repair::split_digit_runs(d, m, rules_of(m), "r.txt");
  BOOST_TEST(note_at(d, t, 4)->message ==
             "row active.procurement: the digit run \"12345.67\" splits into 2 cells in 4 ways that fit the rules "
             "equally: (1, 2345.67) or (12, 345.67) or (123, 45.67) or (1234, 5.67); its values are left null");

  // No point in a column of integers: 2021's regulations.
  const auto& m21 = model_of("gov-2021");
  auto e = empty_candidate(m21);
  add_row(e, m21, "active", "active.regulations", {"1.52"}, 5);
  repair::split_digit_runs(e, m21, rules_of(m21), "r.txt");
  BOOST_TEST((value_of(e, m21, "active.regulations.issued").kind == cell_kind::missing));
  BOOST_TEST(note_at(e, table_of(m21, "active"), 5)->code == "misaligned-row");
}

BOOST_AUTO_TEST_CASE(several_runs_and_placeholders_in_one_row) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  // "80" and "1000081" printed apart (a line break between them): each a run of its own.
  add_row(c, m, "requests", "requests.new", {"80", "1000081"}, 6);
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  BOOST_TEST(row_values(c, m, "requests.new", applicants) == (std::vector<double>{80, 1, 0, 0, 0, 0, 81}),
             boost::test_tools::per_element());
  BOOST_TEST(note_at(c, table_of(m, "requests"), 6)->message ==
             "row requests.new: the digit runs \"80\" \"1000081\" split into 7 cells; the only split the rules accept "
             "(80, 1, 0, 0, 0, 0, 81)");
  // A placeholder is one cell; the row total cannot be assessed where it stands, and bounds no split.
  auto d = empty_candidate(m);
  const std::size_t t = table_of(m, "active");
  add_row(d, m, "active", "active.regulations", {"12"}, 9);
  d.tables[t].misaligned.back().cells.push_back(resolve::classify_cell("/", resolve::default_placeholders()));
  repair::split_digit_runs(d, m, rules_of(m), "r.txt");
  BOOST_TEST(value_of(d, m, "active.regulations.issued").number == 1.0);
  BOOST_TEST(value_of(d, m, "active.regulations.repealed").number == 2.0);
  BOOST_TEST((value_of(d, m, "active.regulations.in_force").kind == cell_kind::placeholder));
  BOOST_TEST(value_of(d, m, "active.regulations.in_force").repaired);
}

BOOST_AUTO_TEST_CASE(a_pathological_run_ends_quickly_with_null_rows) {
  const auto& m = model_of("gov-2021");
  auto c = empty_candidate(m);
  const std::string huge(5000, '1');
  add_row(c, m, "requests", "requests.new", {huge}, 3);
  add_row(c, m, "review", "", {huge}, 4);
  // 63 digits, seven cells of at most 9: lengths fit, sums almost never; and a long run of 15 cells.
  add_row(c, m, "requests", "requests.granted", {std::string(63, '7')}, 5);
  add_row(c, m, "requests", "requests.total", {std::string(40, '1') + std::string(20, '0')}, 6);
  const auto start = std::chrono::steady_clock::now();
  repair::split_digit_runs(c, m, rules_of(m), "r.txt");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds < 2.0);
  const std::size_t t = table_of(m, "requests");
  BOOST_TEST(note_at(c, t, 3)->message ==
             "row requests.new: the digit run \"" + huge.substr(0, 20) +
                 "…\" (5000 characters) for 7 columns: it cannot be split into 7 cells (a cell is 1 to 9 digits, not starting with 0 "
                 "unless it is 0, with a decimal point only where the column takes decimals); its values are left null");
  BOOST_TEST(note_at(c, table_of(m, "review"), 4)->code == "misaligned-row");
  BOOST_TEST(note_at(c, t, 5)->message ==
             "row requests.granted: the digit run \"" + std::string(20, '7') +
                 "…\" (63 characters) for 7 columns: its only split into 7 cells does not fit the rules; its values are left null");
  BOOST_TEST((value_of(c, m, "requests.total.total").kind == cell_kind::missing));
  BOOST_TEST(note_at(c, t, 6)->code == "misaligned-row");

  // Within a time limit the search stops at it (budget::exceeded), never hangs.
  auto d = empty_candidate(m);
  add_row(d, m, "requests", "requests.new", {std::string(60, '1')}, 3);
  repair::split_options opts;
  opts.max_steps = SIZE_MAX;
  opts.max_splits = SIZE_MAX;
  budget::scope limit({0.2, 0});
  const auto begin = std::chrono::steady_clock::now();
  try {
    repair::split_digit_runs(d, m, rules_of(m), "r.txt", opts);
  } catch (const budget::exceeded&) {
  }
  BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() < 2.0);
}

BOOST_AUTO_TEST_CASE(the_grammar_cuts_labels_from_digits) {
  // The next label's number is not part of the run.
  BOOST_TEST(cut("1.属于国家秘密00000002.其他法律行政法规禁止公开0000000") ==
             "1.属于国家秘密¦0000000¦2.其他法律行政法规禁止公开¦0000000");
  BOOST_TEST(cut("一、本年新收政府信息公开申请数量801000081") == "一、本年新收政府信息公开申请数量¦801000081");
  // A parent label and its first child are cut apart at the child's number; （七） after a run.
  BOOST_TEST(cut("（三）不予公开1.属于国家秘密0000000") == "（三）不予公开¦1.属于国家秘密¦0000000");
  BOOST_TEST(cut("3.其他0000000（七）总计791000080") == "3.其他¦0000000¦（七）总计¦791000080");
  BOOST_TEST(cut("三、本年度办理结果（一）予以公开501000051") == "三、本年度办理结果¦（一）予以公开¦501000051");
  // Decimals, thousands separators; 第二十条第（一）项 is one piece of text.
  BOOST_TEST(cut("行政事业性收费739.0766") == "行政事业性收费¦739.0766");
  BOOST_TEST(cut("行政许可1,234") == "行政许可¦1,234");
  BOOST_TEST(cut("第二十条第（一）项信息内容") == "第二十条第（一）项信息内容");
  // Digits after a blank are not run together: the line is text (a layout other profiles read).
  BOOST_TEST(cut("四、结转下年度继续办理 0 0 0 0 0 0 0") == "四、结转下年度继续办理 0 0 0 0 0 0 0");
  BOOST_TEST(cut("（一）予以公开\t5\t0") == "（一）予以公开\t5\t0");
  // A line that starts with digits starts with a value (table 4's values on a line of their own).
  BOOST_TEST(cut("000000000000000\n2023年") == "000000000000000/2023¦年");
  // A slash is a placeholder cell of its own.
  BOOST_TEST(cut("规章///\n行政事业性收费／") == "规章¦/¦/¦//行政事业性收费¦／");
  // Section titles are cells and rows of their own (a page taken as one line); 第二十条 and 规章
  // begin text cells.
  BOOST_TEST(cut("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000") ==
             "/二、主动公开政府信息情况/第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数¦规章¦000");
  BOOST_TEST(cut("3.其他0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼") ==
             "3.其他¦0000000/四、政府信息公开行政复议、行政诉讼情况/行政复议行政诉讼");
}

BOOST_AUTO_TEST_CASE(the_profile_is_tried_only_where_a_label_runs_into_a_digit) {
  const profile::profile* p = nullptr;
  for (const auto& q : test::shared_context().profiles())
    if (q.name == "run-together") p = &q;
  BOOST_REQUIRE(p);
  BOOST_TEST(p->split_digit_runs);
  // Its needs (数量0 … 数量9) share a start, looked for once: every place it is found is tried.
  BOOST_TEST(profile::applies_to(*p, "一、本年新收政府信息公开申请数量801000081"));
  BOOST_TEST(profile::applies_to(*p, "申请数量 12\n申请数量\t3\n二、上年结转政府信息公开申请数量0000000"));
  BOOST_TEST(!profile::applies_to(*p, "一、本年新收政府信息公开申请数量\t8\t0\t1"));
  BOOST_TEST(!profile::applies_to(*p, "申请数量"));   // the start at the very end
  BOOST_TEST(!profile::applies_to(*p, "数量数"));
  BOOST_TEST(!profile::applies_to(*p, ""));
  // Strings with no common start are each looked for.
  profile::profile q;
  q.needs = {"\t", "|"};
  BOOST_TEST(profile::applies_to(q, "a|b"));
  BOOST_TEST(!profile::applies_to(q, "a b"));
  q.needs = {"ab1", "x"};
  BOOST_TEST(profile::applies_to(q, "zzx"));
  // A common start ("ab"): found once, the rest compared where it is.
  q.needs = {"ab1", "ab2"};
  BOOST_TEST(profile::applies_to(q, "ab ab2"));
  BOOST_TEST(profile::applies_to(q, "aab1"));
  BOOST_TEST(!profile::applies_to(q, "ab ab3 ab"));
}

BOOST_AUTO_TEST_CASE(beyond_its_bounds_a_row_is_left_null_and_the_listing_is_cut) {
  // The 2019 template's procurement row (items, amount in 万元) has no rule: "12345.67" splits
  // four ways (see decimals_go_only_where_a_column_takes_them).
  const auto& m = model_of("gov-2019");
  const std::size_t t = table_of(m, "active");
  // More splits fit the row's own rules than max_splits: never a guess among the first found.
  auto c = empty_candidate(m);
  add_row(c, m, "active", "active.procurement", {"12345.67"}, 4);
  repair::split_options few;
  few.max_splits = 2;
  repair::split_digit_runs(c, m, rules_of(m), "r.txt", few);
  BOOST_TEST(note_at(c, t, 4)->code == "misaligned-row");
  BOOST_TEST(note_at(c, t, 4)->message ==
             "row active.procurement: the digit run \"12345.67\" for 2 columns: too many splits of it fit the rules "
             "to choose among; its values are left null");
  BOOST_TEST((value_of(c, m, "active.procurement.items").kind == cell_kind::missing));
  BOOST_TEST((value_of(c, m, "active.procurement.amount").kind == cell_kind::missing));
  BOOST_TEST(c.tables[t].repairs.empty());
  // An ambiguous row lists at most max_listed splits, and says how many more there are.
  auto d = empty_candidate(m);
  add_row(d, m, "active", "active.procurement", {"12345.67"}, 4);
  repair::split_options listed;
  listed.max_listed = 2;
  repair::split_digit_runs(d, m, rules_of(m), "r.txt", listed);
  BOOST_TEST(note_at(d, t, 4)->code == "ambiguous-row");
  BOOST_TEST(note_at(d, t, 4)->message ==
             "row active.procurement: the digit run \"12345.67\" splits into 2 cells in 4 ways that fit the rules "
             "equally: (1, 2345.67) or (12, 345.67) or 2 more; its values are left null");
  BOOST_TEST((value_of(d, m, "active.procurement.items").kind == cell_kind::missing));
}
