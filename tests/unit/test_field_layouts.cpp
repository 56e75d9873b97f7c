#define BOOST_TEST_MODULE field_layouts
// The layouts of tests/corpus/field (grammars `pipecells` and `plain`), the 2019 template
// (model/gov-2019.toml) and how a template is chosen, truncated reports.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "core/diagnostic.hpp"
#include "layout/layout.hpp"
#include "merge/merge.hpp"
#include "pipeline/across_years.hpp"
#include "model/model.hpp"
#include "cells/cell_value.hpp"
#include "test_support.hpp"

using namespace nianbao;
using test::shared_context;

namespace {

// Every row's cells, trimmed, as the grammar cuts `text`: cells joined by "¦", rows by "/".
std::string cut(const std::string& grammar, const std::string& text) {
  const auto* g = layout::find_grammar(grammar);
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

std::string field(const std::string& dir, const std::string& name) {
  std::ifstream in(std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/" + dir + "/" + name, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "corpus file not found: " + name);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const value& value_of(const pipeline::record& r, const std::string& key) {
  return r.values.at(r.model->key_index.at(key));
}

const diagnostic* warning(const pipeline::record& r, const std::string& code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return &w;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(pipecells_keeps_empty_cells_and_drops_bar_residue) {
  // One cell per line: a lone bar is an empty cell, lines of bars are nothing.
  BOOST_TEST(cut("pipecells", "一、本年新收 |\n|\n0 |\n||\n|||||") == "一、本年新收//0");
  // Pipe rows: blank cells inside a row are cells, before the label and after the last value not.
  BOOST_TEST(cut("pipecells", "| | 2.重复申请 | 3 | | | 3 |\n行政许可 | 0 | ||\n| | 6.属于四") ==
             "2.重复申请¦3¦¦¦3/行政许可¦0/6.属于四");
  // Prose is one cell; a blank line none.
  BOOST_TEST(cut("pipecells", "三、收到和处理政府信息公开申请情况\n\n") == "三、收到和处理政府信息公开申请情况//");
}

BOOST_AUTO_TEST_CASE(plain_cuts_only_the_values_that_end_a_line) {
  BOOST_TEST(cut("plain", "四、结转下年度继续办理 0 0 0 0 0 0 0") == "四、结转下年度继续办理¦0¦0¦0¦0¦0¦0¦0");
  // Signed numbers and placeholders are values; a label keeps its spaces.
  BOOST_TEST(cut("plain", "行 政 许 可 716 -417 298\n规章 / — +19") == "行 政 许 可¦716¦-417¦298/规章¦/¦—¦+19");
  // A line that does not end in values is one cell, numbers inside it included.
  BOOST_TEST(cut("plain", "2020 年,我单位未出现行政复议\n结 结 其 尚") == "2020 年,我单位未出现行政复议/结 结 其 尚");
}

BOOST_AUTO_TEST_CASE(the_2019_template_is_data) {
  const auto m = model::load_model_file(std::string(NIANBAO_SOURCE_DIR) + "/model/gov-2019.toml");
  BOOST_TEST(m.id == "gov-2019");
  BOOST_TEST(m.keys.size() == 198u);  // 22 + 23 x 7 + 15
  for (const char* k : {"active.regulations.made", "active.normative_documents.public_total", "active.licensing.change",
                        "active.other_services.decisions", "active.fees.previous_items", "active.procurement.amount",
                        "requests.other.total", "review.litigation_after_reconsideration.total"})
    BOOST_TEST(m.key_index.count(k) == 1u, k);
  BOOST_TEST(m.key_index.count("requests.other.other.total") == 0u);
  BOOST_TEST(m.key_index.count("active.fees.amount") == 0u);
  const auto type = [&](const std::string& k) { return m.key_infos[m.key_index.at(k)].type; };
  BOOST_TEST((type("active.procurement.amount") == model::value_type::decimal));
  BOOST_TEST((type("active.procurement.items") == model::value_type::integer));
  BOOST_TEST(m.report_years == (std::vector<int>{2019, 2020}), boost::test_tools::per_element());
  // Its rules load and name only keys the template has.
  const auto rules = check::load_rules_file(m.rules_file);
  BOOST_TEST(rules.size() == 12u);  // 6 arithmetic rules + 6 narrative ones
}

BOOST_AUTO_TEST_CASE(a_column_type_for_no_column_is_an_error) {
  const std::string text =
      "template = \"x\"\n[[tables]]\nid = \"a\"\nheadings = [\"h\"]\n[[tables.rows]]\nkey = \"a.b\"\n"
      "labels = [\"b\"]\ncolumns = [\"items\", \"amount\"]\ncolumn_types = { amont = \"decimal\" }\n";
  try {
    model::parse_model(text, "m.toml");
    BOOST_FAIL("expected an error");
  } catch (const diagnostic_error& e) {
    BOOST_TEST(e.diag().where.line == 9u);
    BOOST_TEST(e.diag().message.find("amont") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(template_choice_values_then_headers_then_year) {
  model::template_model old_t, new_t;
  old_t.id = "gov-2019";
  old_t.report_years = {2019, 2020};
  new_t.id = "gov-2021";
  merge::merged a, b;
  a.filled = b.filled = 22;
  // Same values, no headers: the year decides; an unknown year goes to the template naming none.
  BOOST_TEST(merge::better_template(a, old_t, b, new_t, 2020));
  BOOST_TEST(!merge::better_template(a, old_t, b, new_t, 2022));
  BOOST_TEST(merge::better_template(b, new_t, a, old_t, 2022));
  BOOST_TEST(!merge::better_template(a, old_t, b, new_t, 0));
  a.year_hint = b.year_hint = 2019;  // the year printed most often in the text, when the title has none
  BOOST_TEST(merge::better_template(a, old_t, b, new_t, 0));
  // Column headers of one template outweigh the year.
  b.column_labels_seen = 3;
  BOOST_TEST(!merge::better_template(a, old_t, b, new_t, 2020));
  // More values outweigh either sign alone (here the year favours gov-2019, the headers gov-2021) ...
  a.filled = 23;
  BOOST_TEST(merge::better_template(a, old_t, b, new_t, 2020));
  // ... but not the two together: a 2022 report printing gov-2021's headers is read as gov-2021
  // though gov-2019 fills one value more (a row only gov-2019 has, printed by habit).
  BOOST_TEST(!merge::better_template(a, old_t, b, new_t, 2022));
  BOOST_TEST(merge::better_template(b, new_t, a, old_t, 2022));
  std::vector<model::template_model> models{old_t, new_t};
  model::current_first(models);
  BOOST_TEST(models.front().id == "gov-2021");
}

BOOST_AUTO_TEST_CASE(each_report_under_its_own_template_in_one_context) {
  const auto& cx = shared_context();
  const auto r19 = cx.process(field("field", "018_wendeng_housing_bureau_2019_oldtemplate.txt"), "018.txt");
  const auto r21 = cx.process(field("field", "013_shenzhen_longgang_dept_2024.txt"), "013.txt");
  BOOST_REQUIRE(r19.model);
  BOOST_REQUIRE(r21.model);
  BOOST_TEST(r19.model->id == "gov-2019");
  BOOST_TEST(r21.model->id == "gov-2021");
  // A negative change is read with its sign and breaks no rule.
  BOOST_TEST(value_of(r19, "active.licensing.change").number == -417.0);
  BOOST_TEST(value_of(r19, "active.licensing.previous_items").number == 716.0);
  BOOST_TEST(r19.checks->failed == 0u);
  BOOST_TEST(r19.checks->rule_errors.empty());  // gov-2019.rules name only gov-2019 keys
  BOOST_TEST(r21.checks->rule_errors.empty());
  BOOST_TEST(value_of(r21, "active.normative_documents.in_force").number == 25.0);
}

BOOST_AUTO_TEST_CASE(a_row_cut_by_the_end_of_the_text_keeps_what_was_printed) {
  const auto r = shared_context().process(field("field", "013_shenzhen_longgang_dept_2024.txt"), "013.txt");
  // Line 32 is `7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |`: six of seven values, then the text ends.
  // The six are read in order; 总计 was never printed: null, not repaired to 0.
  for (const char* c : {"natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"}) {
    const auto& v = value_of(r, std::string("requests.denied.law_enforcement_files.") + c);
    BOOST_TEST((v.kind == cell_kind::number), c);
    BOOST_TEST(v.number == 0.0, c);
    BOOST_TEST(!v.repaired, c);
    BOOST_TEST(v.where.line == 32u, c);
  }
  BOOST_TEST((value_of(r, "requests.denied.law_enforcement_files.total").kind == cell_kind::missing));
  BOOST_TEST((value_of(r, "requests.denied.administrative_query.natural_person").kind == cell_kind::missing));
  BOOST_TEST(value_of(r, "requests.denied.process_information.total").number == 0.0);
  BOOST_TEST(r.repairs.empty());
  const auto* w = warning(r, "truncated");
  BOOST_REQUIRE(w);
  BOOST_TEST(w->where.line == 32u);
  BOOST_TEST(w->where.column == 34u);  // the last 0
  BOOST_TEST(w->message ==
             "the text ends inside table \"requests\" (line 32): row requests.denied.law_enforcement_files is cut off "
             "after 6 of its 7 values, read in order (natural_person … other_org); the other is null; the rest of the "
             "report is missing and its values are null");
}

BOOST_AUTO_TEST_CASE(a_cut_row_whose_empty_cells_were_skipped_is_null) {
  // Pipe rows with empty cells between the values, cut inside a row. The `pipe-cells` profile
  // keeps the empty cells and reads the row in order; a reading that skipped them could not
  // tell the columns, and must not win with shifted values.
  const std::string text =
      "示例局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
      "一、本年新收政府信息公开申请数量 | 4 | | | 2 | | | 6 |\n"
      "二、上年结转政府信息公开申请数量 | 1 | | | 3 |\n";
  const auto r = shared_context().process(text, "cut.txt");
  BOOST_TEST(r.model->id == "gov-2021");
  BOOST_TEST(value_of(r, "requests.new.social_welfare").number == 2.0);
  BOOST_TEST(value_of(r, "requests.carried_over.natural_person").number == 1.0);
  BOOST_TEST((value_of(r, "requests.carried_over.commercial").kind == cell_kind::empty));
  BOOST_TEST((value_of(r, "requests.carried_over.research").kind == cell_kind::empty));
  BOOST_TEST(value_of(r, "requests.carried_over.social_welfare").number == 3.0);
  BOOST_TEST((value_of(r, "requests.carried_over.legal_services").kind == cell_kind::missing));
  BOOST_TEST((value_of(r, "requests.carried_over.total").kind == cell_kind::missing));
  BOOST_TEST(r.table_profiles[1] == "pipe-cells");
}

BOOST_AUTO_TEST_CASE(empty_cells_and_placeholders_are_not_zero) {
  const auto r = shared_context().process(field("field", "001_yangling_district_stats_bureau_2023.txt"), "001.txt");
  BOOST_TEST((value_of(r, "active.regulations.issued").kind == cell_kind::placeholder));
  BOOST_TEST((value_of(r, "requests.new.natural_person").kind == cell_kind::empty));
  BOOST_TEST((value_of(r, "requests.new.total").kind == cell_kind::number));
  BOOST_TEST(value_of(r, "requests.new.total").number == 0.0);
}

BOOST_AUTO_TEST_CASE(signed_changes_keep_their_sign) {
  const std::set<std::string> none;
  for (const auto& [text, number] : std::vector<std::pair<std::string, double>>{
           {"-417", -417.0}, {"+19", 19.0}, {"－3", -3.0}, {"\u22125", -5.0}, {"＋ 2", 2.0}}) {
    const auto v = resolve::classify_cell(text, none);
    BOOST_TEST((v.kind == cell_kind::number), text);
    BOOST_TEST(v.number == number, text);
  }
  BOOST_TEST((resolve::classify_cell("-", none).kind == cell_kind::text));  // no placeholder list given
}

BOOST_AUTO_TEST_CASE(the_tables_outweigh_the_year_in_the_title) {
  const auto& cx = shared_context();
  // Title 2021, but 2019 headers and a single (六)其他处理 row: a report that never switched.
  const auto old_format = cx.process(field("field-variants", "pipe-cells-2019-template-year-2021.txt"), "a.txt");
  // Title 2020, but the 2021 headers and the three （六） rows.
  const auto new_format = cx.process(field("field-variants", "split-rows-2021-template-year-2020.txt"), "b.txt");
  BOOST_TEST(old_format.info.year == 2021);
  BOOST_TEST(old_format.model->id == "gov-2019");
  BOOST_TEST(value_of(old_format, "requests.other.total").number == 2.0);
  BOOST_TEST(value_of(old_format, "active.other_services.decisions").number == 1880.0);
  BOOST_TEST(new_format.info.year == 2020);
  BOOST_TEST(new_format.model->id == "gov-2021");
  BOOST_TEST(value_of(new_format, "active.normative_documents.in_force").number == 3.0);
  BOOST_TEST(value_of(new_format, "requests.not_processed.petition_complaint.total").number == 1.0);
  // Each is checked by its own template's rules: 431 instances for gov-2019, 442 for gov-2021.
  BOOST_TEST(old_format.checks->passed + old_format.checks->failed + old_format.checks->skipped +
                 old_format.checks->not_assessable == 436u);
  BOOST_TEST(new_format.checks->passed + new_format.checks->failed + new_format.checks->skipped +
                 new_format.checks->not_assessable == 447u);
  BOOST_TEST(old_format.checks->failed == 0u);
  BOOST_TEST(new_format.checks->failed == 0u);
}

BOOST_AUTO_TEST_CASE(table_4_cut_by_the_end_of_the_text_keeps_its_printed_values) {
  const auto r = shared_context().process(field("field-variants", "blank-lines-2021-cut-in-table4.txt"), "c.txt");
  BOOST_TEST(r.model->id == "gov-2021");
  BOOST_TEST(value_of(r, "review.litigation_direct.total").number == 2.0);
  BOOST_TEST(value_of(r, "review.litigation_after_reconsideration.corrected").number == 0.0);
  for (const char* k : {"review.litigation_after_reconsideration.other", "review.litigation_after_reconsideration.pending",
                        "review.litigation_after_reconsideration.total"})
    BOOST_TEST((value_of(r, k).kind == cell_kind::missing), k);
  const auto* w = warning(r, "truncated");
  BOOST_REQUIRE(w);
  BOOST_TEST(w->message.find("table review is cut off after 12 of its 15 values") != std::string::npos);
  BOOST_TEST(static_cast<int>(r.status) == static_cast<int>(pipeline::status::partial));
}

BOOST_AUTO_TEST_CASE(a_report_cut_before_any_value_is_partial_under_the_template_of_its_headers) {
  // Field 007: the text ends after table 2's column headers (本年新制作数量 …), before any value.
  const auto r = shared_context().process(field("field", "007_yaozhou_district_audit_bureau_2020.txt"), "007.txt");
  BOOST_TEST(r.model->id == "gov-2019");
  BOOST_TEST(static_cast<int>(r.status) == static_cast<int>(pipeline::status::partial));
  BOOST_TEST(r.errors.empty());
  for (const auto& v : r.values) BOOST_TEST((v.kind == cell_kind::missing));
  const auto* w = warning(r, "truncated");
  BOOST_REQUIRE(w);
  BOOST_TEST(w->where.line == 44u);
}

BOOST_AUTO_TEST_CASE(across_years_under_gov_2019) {
  const auto& cx = shared_context();
  const auto cur_text = field("field-variants", "pipe-lines-2019-template.txt");  // 示例县民政局 2020
  const auto prev_text = test::replace_once(cur_text, "示例县民政局2020年", "示例县民政局2019年");
  std::vector<pipeline::record> records;
  records.push_back(cx.process(cur_text, "minzheng-2020.txt"));
  records.push_back(cx.process(prev_text, "minzheng-2019.txt"));
  BOOST_TEST(records[0].model->id == "gov-2019");
  BOOST_TEST(records[1].model->id == "gov-2019");
  const auto result = pipeline::check_across_years(cx, records);
  BOOST_REQUIRE(result.pairs.size() == 1u);
  std::set<std::string> fails;
  for (const auto& res : result.pairs.front().report.results)
    if (res.status == check::status::failed) fails.insert(res.name());
  // 2020 carried over 2 (natural persons) but 2019 carried forward 1.
  BOOST_TEST(fails == (std::set<std::string>{"carried_over/natural_person", "carried_over/total"}),
             boost::test_tools::per_element());
  BOOST_TEST(result.pairs.front().report.passed == 5u);
}

BOOST_AUTO_TEST_CASE(a_multi_byte_character_cut_by_the_end_is_no_error) {
  // Field 002 ends in `(二)部分公开(区分处理的,只`: drop the line end and the last byte of 只.
  auto bytes = field("field", "002_zhanjiang_local_chronicles_office_2023.txt");
  while (!bytes.empty() && bytes.back() == '\n') bytes.pop_back();
  const auto whole = shared_context().process(bytes, "002.txt");
  bytes.pop_back();
  const auto cut = shared_context().process(bytes, "002-cut.txt");
  BOOST_TEST(cut.errors.empty());
  BOOST_TEST(static_cast<int>(cut.status) == static_cast<int>(pipeline::status::partial));
  BOOST_TEST(warning(cut, "truncated-char"));
  BOOST_TEST(warning(cut, "truncated"));
  std::size_t numbers = 0;
  for (std::size_t i = 0; i < cut.values.size(); ++i) {
    BOOST_TEST((cut.values[i].kind == whole.values[i].kind), cut.model->keys[i]);
    BOOST_TEST(cut.values[i].number == whole.values[i].number, cut.model->keys[i]);
    numbers += cut.values[i].kind == cell_kind::number;
  }
  BOOST_TEST(numbers == 31u);  // table 2's ten values and three rows of seven
}

BOOST_AUTO_TEST_CASE(the_year_hint_is_the_year_printed_most_often) {
  // A page with only the last row of table 3 and table 4: both templates read the same 22 values,
  // no title, no table 2 headers. The text names 2019 first (the revised 《条例》) but the report's
  // year, 2022, more often; the report's identity takes 2022 from the statistics period.
  const std::string page =
      "根据2019年修订的《中华人民共和国政府信息公开条例》编制，统计期限自2022年1月1日起至2022年12月31日止。\n"
      "四、结转下年度继续办理 0 0 0 0 0 0 0\n"
      "四、政府信息公开行政复议、行政诉讼情况\n"
      "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n"
      "五、存在的主要问题及改进情况\n无。\n";
  const auto r = shared_context().process(page, "page.txt");
  BOOST_TEST(r.info.year == 2022);
  BOOST_TEST(r.model->id == "gov-2021");
  BOOST_TEST(value_of(r, "review.reconsideration.total").number == 1.0);
  // The same page of a 2020 report is gov-2019's.
  auto old_page = page;
  for (std::size_t at; (at = old_page.find("2022年")) != std::string::npos;) old_page.replace(at, 4, "2020");
  const auto r20 = shared_context().process(old_page, "page-2020.txt");
  BOOST_TEST(r20.info.year == 2020);
  BOOST_TEST(r20.model->id == "gov-2019");
  BOOST_TEST(value_of(r20, "requests.carried_forward.total").number == 0.0);
}

BOOST_AUTO_TEST_CASE(lines_gives_nothing_for_double_spaced_text) {
  // One cell per line with a blank line for an empty cell ...
  BOOST_TEST(cut("lines", "规章\n0\n\n3\n") == "规章/0//3");
  // ... but a text that puts a blank line between all its lines (fields 021, 027) is another
  // layout: there the blank lines separate cells.
  BOOST_TEST(cut("lines", "规章\n\n0\n\n0\n\n0\n\n规范性文件\n\n0\n\n0\n") == "");
  BOOST_TEST(cut("lines", "规章\t0\n") == "");
}

BOOST_AUTO_TEST_CASE(empty_cells_after_the_last_column_are_padding) {
  // Seed 002's layout: one cell per line, a lone `|` after some rows closes the row. Read by
  // pipe-cells (empty cells are cells), the row still lines up with its seven columns.
  const std::string text =
      "示例局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
      "(一)予以公开 |\n10 |\n|\n0 |\n0 |\n0 |\n0 |\n10 |\n|\n"
      "(二)部分公开(区分处理的,只计这一情形,不计其他情形) |\n1 |\n0 |\n0 |\n0 |\n0 |\n0 |\n1 |\n||\n";
  const auto r = shared_context().process(text, "padding.txt");
  BOOST_TEST(r.table_profiles[1] == "pipe-cells");  // the only reading with the empty cell in place
  BOOST_TEST(value_of(r, "requests.granted.natural_person").number == 10.0);
  BOOST_TEST((value_of(r, "requests.granted.commercial").kind == cell_kind::empty));
  BOOST_TEST(value_of(r, "requests.granted.total").number == 10.0);
  BOOST_TEST(value_of(r, "requests.partially_granted.total").number == 1.0);
  for (const auto& w : r.warnings) BOOST_TEST(w.code != "misaligned-row");
}

namespace {
resolve::candidate reading(const std::string& profile, long long priority, std::size_t filled, std::size_t empty,
                           std::size_t misaligned_rows = 0) {
  resolve::candidate c;
  c.profile = profile;
  c.priority = priority;
  c.tables.resize(1);
  c.tables[0].filled = filled;
  c.tables[0].empty = empty;
  for (std::size_t i = 0; i < misaligned_rows; ++i) c.tables[0].misaligned.push_back(resolve::misaligned_row{0, "r", {}, 7, {}});
  c.values.resize(1);
  return c;
}
}  // namespace

BOOST_AUTO_TEST_CASE(the_merge_prefers_cells_read_in_place_and_repairs_only_what_could_win) {
  model::template_model m;
  m.tables.resize(1);
  m.tables[0].id = "t";
  m.tables[0].layout = model::table_layout::sequence;
  m.tables[0].groups = {"g"};
  m.tables[0].columns = {"c"};
  m.keys = {"t.g.c"};
  m.key_index["t.g.c"] = 0;
  // 20 numbers and 15 empty cells in place beat 30 numbers with rows left misaligned, whatever the
  // priorities.
  std::vector<resolve::candidate> cs{reading("skips-empties", 20, 30, 0, 1), reading("keeps-empties", 15, 20, 15)};
  BOOST_TEST(merge::merge_candidates(m, cs).table_profiles[0] == "keeps-empties");
  // The reading that skipped the empties could reach 30 + 7 = 37 cells if its row were repaired,
  // more than 35: it is worth repairing. With 40 cells read by the other, it is not.
  BOOST_TEST(merge::repair_could_matter(cs, 0));
  cs[1].tables[0].filled = 25;
  BOOST_TEST(!merge::repair_could_matter(cs, 0));
  BOOST_TEST(!merge::repair_could_matter(cs, 1));  // nothing misaligned: nothing to repair
  // Equal cells and rows: more numbers in the whole report, then fewer repairs, then priority.
  std::vector<resolve::candidate> tie{reading("a", 10, 20, 0), reading("b", 20, 20, 0)};
  tie[1].tables[0].repairs.resize(2);
  BOOST_TEST(merge::merge_candidates(m, tie).table_profiles[0] == "a");
}

BOOST_AUTO_TEST_CASE(a_last_number_the_end_of_the_text_may_have_cut_is_null) {
  const auto text = field("field", "013_shenzhen_longgang_dept_2024.txt");
  const std::string last_row = "7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
  // The text ends in `| 1`: the 1 may be the start of 12 or 135. Left null, and said.
  const auto r = shared_context().process(test::replace_once(text, last_row, "7.属于行政执法案卷 | 3 | 0 | 1"), "cut.txt");
  BOOST_TEST(value_of(r, "requests.denied.law_enforcement_files.natural_person").number == 3.0);
  BOOST_TEST(value_of(r, "requests.denied.law_enforcement_files.commercial").number == 0.0);
  BOOST_TEST((value_of(r, "requests.denied.law_enforcement_files.research").kind == cell_kind::missing));
  const auto* w = warning(r, "truncated");
  BOOST_REQUIRE(w);
  BOOST_TEST(w->message.find("the last value, \"1\" (line 32), may itself be cut short by the end of the text: it is "
                             "left null") != std::string::npos);
  // A 0 is no number cut short; a value closed by its bar is whole.
  const auto r0 = shared_context().process(test::replace_once(text, last_row, "7.属于行政执法案卷 | 3 | 0"), "cut0.txt");
  BOOST_TEST(value_of(r0, "requests.denied.law_enforcement_files.commercial").number == 0.0);
  const auto r1 = shared_context().process(test::replace_once(text, last_row, "7.属于行政执法案卷 | 3 | 1 |"), "cut1.txt");
  BOOST_TEST(value_of(r1, "requests.denied.law_enforcement_files.commercial").number == 1.0);
  // A whole row whose last value ends the text: its 总计 may be cut short too.
  const auto rw = shared_context().process(
      test::replace_once(text, last_row, "7.属于行政执法案卷 | 1 | 0 | 0 | 0 | 0 | 0 | 1"), "cutw.txt");
  BOOST_TEST(value_of(rw, "requests.denied.law_enforcement_files.other_org").number == 0.0);
  BOOST_TEST((value_of(rw, "requests.denied.law_enforcement_files.total").kind == cell_kind::missing));
}
