// Labels and headings as real authors, web sites and converters print them (issue 17): each
// variant resolves to its exact key by a rule of resolve/labels.hpp, and what fits two rows, or
// no row where the template's order expects it, resolves to nothing.
#define BOOST_TEST_MODULE real_labels
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <string>

#include "model/model.hpp"
#include "pipeline/pipeline.hpp"
#include "test_support.hpp"
#include "profile/profile.hpp"
#include "cells/cell_value.hpp"
#include "resolve/labels.hpp"
#include "cells/normalize.hpp"
#include "cells/script_variants.hpp"

using namespace nianbao;

namespace {

struct fixture {
  model::template_model m2021 = model::load_model_file(std::string(NIANBAO_SOURCE_DIR) + "/model/gov-2021.toml");
  model::template_model m2019 = model::load_model_file(std::string(NIANBAO_SOURCE_DIR) + "/model/gov-2019.toml");
  profile::profile p = profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\n", "p.toml");
  resolve::label_index idx{m2021, p};
  resolve::label_index idx2019{m2019, p};

  // The key of the row a printed label resolves to in table t ("" for none), and how.
  std::string key(std::size_t t, const std::string& printed, resolve::match_kind* how = nullptr) const {
    const auto form = resolve::label_form(printed);
    const auto m = idx.match_row(t, form);
    if (m && how) *how = m->how;
    return m ? m2021.tables[t].rows[m->row].key : "";
  }
  std::size_t row_of(std::size_t t, const std::string& key) const {
    for (std::size_t r = 0; r < m2021.tables[t].rows.size(); ++r)
      if (m2021.tables[t].rows[r].key == key) return r;
    BOOST_FAIL("no row " + key);
    return 0;
  }
  std::string typo(std::size_t t, const std::string& printed, const std::string& expected_key) const {
    const auto form = resolve::label_form(printed);
    const auto m = idx.typo_row(t, form, row_of(t, expected_key));
    if (m) BOOST_TEST(static_cast<int>(m->how) == static_cast<int>(resolve::match_kind::typo));
    return m ? m2021.tables[t].rows[m->row].key : "";
  }
  std::optional<std::size_t> heading(const std::string& printed) const {
    const auto form = resolve::label_form(printed);
    if (auto h = idx.section_heading(form)) return h;
    return idx.near_heading(form);
  }
};

constexpr std::size_t active = 0, requests = 1, review = 2;

bool is(resolve::match_kind a, resolve::match_kind b) { return static_cast<int>(a) == static_cast<int>(b); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(labels, fixture)

BOOST_AUTO_TEST_CASE(traditional_characters_are_matched_as_simplified) {
  BOOST_TEST(resolve::to_simplified("規範性檔案") == "规范性档案");
  BOOST_TEST(resolve::normalize_label("行政許可") == "行政许可");
  // Character by character (規範性文件), and with Taiwan phrases (檔案 for 文件, 資訊 for 信息).
  BOOST_TEST(key(active, "行政規範性文件") == "active.normative_documents");
  BOOST_TEST(key(active, "規範性檔案") == "active.normative_documents");
  BOOST_TEST(key(active, "行政許可") == "active.licensing");
  BOOST_TEST(key(requests, "2.其他法律行政法規禁止公開") == "requests.denied.prohibited_by_law");
  BOOST_TEST(key(requests, "一、本年新收政府資訊公開申請數量") == "requests.new");
  BOOST_TEST(key(requests, "1.本機關不掌握相關政府資訊") == "requests.unavailable.not_held");
  BOOST_TEST(*idx.section_heading(resolve::label_form("三、收到和處理政府資訊公開申請情況")) == requests);
  BOOST_TEST(*idx.section_heading(resolve::label_form("四、政府資訊公開行政複議、行政訴訟情況")) == review);
  BOOST_TEST(*idx.column_label(review, resolve::label_form("結果維持")) == 4u);  // upheld: the 5th header (alphabetical map)
  // A placeholder in Traditional characters is a placeholder.
  BOOST_TEST(static_cast<int>(resolve::classify_cell("無", resolve::default_placeholders()).kind) ==
             static_cast<int>(cell_kind::placeholder));
}

BOOST_AUTO_TEST_CASE(simplified_text_is_left_as_it_is) {
  // Every label and heading of both models, and words the Taiwan phrases would change (文件, 建立).
  for (const auto* m : {&m2021, &m2019}) {
    for (const auto& t : m->tables) {
      for (const auto& r : t.rows)
        for (const auto& l : r.labels) BOOST_TEST(resolve::to_simplified(l) == l);
      for (const auto& h : t.headings) BOOST_TEST(resolve::to_simplified(h) == h);
    }
  }
  BOOST_TEST(resolve::to_simplified("逐步建立健全政务信息公开制度,政策文件2条") == "逐步建立健全政务信息公开制度,政策文件2条");
}

BOOST_AUTO_TEST_CASE(a_note_in_parentheses_after_a_label_leaves_its_base) {
  resolve::match_kind how{};
  BOOST_TEST(key(active, "规章（设区的市、自治州人民政府规章）", &how) == "active.regulations");
  BOOST_TEST(is(how, resolve::match_kind::instruction));
  BOOST_TEST(key(active, "规章(设区的市") == "active.regulations");  // the note cut off
  BOOST_TEST(key(active, "行政许可（含备案）") == "active.licensing");
  BOOST_TEST(key(requests, "3.其他（请注明）") == "requests.other.other");
  BOOST_TEST(key(requests, "（二）部分公开（区分处理的）") == "requests.partially_granted");
  // Without numbering a two-character base that is a column header is not a row.
  BOOST_TEST(key(requests, "其他（请注明）") == "");
  BOOST_TEST(key(requests, "总计（件）") == "");
}

BOOST_AUTO_TEST_CASE(punctuation_and_spaces_anywhere) {
  resolve::match_kind how{};
  BOOST_TEST(key(requests, "1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请", &how) ==
             "requests.other.overdue_correction");
  BOOST_TEST(is(how, resolve::match_kind::exact));
  BOOST_TEST(key(requests, "2、申请人逾期未按收费通知要求缴纳费用；行政机关不再处理其政府信息公开申请") ==
             "requests.other.overdue_fee");
  BOOST_TEST(key(requests, "（二）部分公开（区分处理的。只计这一情形：不计其他情形）") == "requests.partially_granted");
  BOOST_TEST(key(requests, "3．危及 “三安全一稳定”") == "requests.denied.security_stability");
  BOOST_TEST(key(active, "规　章") == "active.regulations");
  // Numbering and numbers keep their marks.
  BOOST_TEST(resolve::label_form("三、本年度办理结果") == "三、本年度办理结果");
  BOOST_TEST(resolve::label_form("1.属于国家秘密") == "1.属于国家秘密");
  BOOST_TEST(resolve::label_form("收费 1,234.5 万元, 其中") == "收费1,234.5万元其中");
}

BOOST_AUTO_TEST_CASE(a_misprint_is_read_where_the_template_order_expects_its_row) {
  BOOST_TEST(typo(requests, "2.其他法律行政止公开", "requests.denied.prohibited_by_law") ==
             "requests.denied.prohibited_by_law");
  BOOST_TEST(typo(requests, "4.保护第三方合法权义", "requests.denied.third_party_rights") ==
             "requests.denied.third_party_rights");
  BOOST_TEST(typo(active, "行政强治", "active.coercion") == "active.coercion");
  // Not where the order expects another row.
  BOOST_TEST(typo(requests, "2.其他法律行政止公开", "requests.denied.security_stability") == "");
  // A label within a typo of two rows' labels stays unresolved: 行政许罚 is one character off
  // both 行政许可 and 行政处罚.
  BOOST_TEST(typo(active, "行政许罚", "active.licensing") == "");
  BOOST_TEST(typo(active, "行政许罚", "active.penalty") == "");
  BOOST_TEST((idx.rows_fitting(active, resolve::label_form("行政许罚")) == std::vector<std::size_t>{2, 3}));
  // Group labels and column headers are never misprints of a row.
  BOOST_TEST(typo(requests, "（四）无法提供", "requests.unavailable.not_held") == "");
  BOOST_TEST(typo(requests, "社会公益组织", "requests.new") == "");
  // Under four characters: never.
  BOOST_TEST(typo(active, "规划", "active.regulations") == "");
}

BOOST_AUTO_TEST_CASE(a_label_wrapped_by_the_page_width_after_pieces_of_its_group_labels) {
  resolve::match_kind how{};
  BOOST_TEST(key(requests, "本年 无法提 2.没有现成信息需要另行制", &how) == "requests.unavailable.needs_creation");
  BOOST_TEST(is(how, resolve::match_kind::wrapped));
  BOOST_TEST(key(requests, "度办理结果 不予公 4.保护第三方合") == "requests.denied.third_party_rights");
  // What comes before the numbering must be pieces of the table's labels.
  BOOST_TEST(key(requests, "张三李四 2.没有现成信息需要另行制") == "");
  // The start of two labels: nothing.
  BOOST_TEST(key(requests, "本年 无法提 2.") == "");
}

BOOST_AUTO_TEST_CASE(headings_as_written_across_the_years) {
  BOOST_TEST(*heading("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况") == review);
  BOOST_TEST(*heading("四、政府信息公开行政复议、行政诉讼情况") == review);
  BOOST_TEST(*heading("四、政府信息公开行政法复议、行政诉讼情况") == review);    // a typo
  BOOST_TEST(*heading("（四）政府信息公开行政复议和行政诉讼情况") == review);      // other numbering, 和 for 、
  BOOST_TEST(*heading("4.收到和处理政府信息公开申请的情况") == requests);
  BOOST_TEST(*heading("二、主动公开政府信息情况（单位：件）") == active);          // a note
  BOOST_TEST(*heading("五、存在的主要问题和改进措施") == resolve::label_index::end_of_tables);
  BOOST_TEST(*heading("五、存在的主要问题及改进情况") == resolve::label_index::end_of_tables);
  // Not a heading: a narrative subheading two characters off, a sentence.
  BOOST_TEST(!heading("（二）主动公开政府信息"));
  BOOST_TEST(!heading("主动公开情况"));
  BOOST_TEST(!heading("2023年，我局主动公开政府信息情况良好"));
}

BOOST_AUTO_TEST_CASE(a_column_header_of_one_table_only_names_it) {
  BOOST_TEST(*idx.table_of_column_label(resolve::label_form("自然人")) == requests);
  BOOST_TEST(*idx.table_of_column_label(resolve::label_form("商业 企业")) == requests);
  BOOST_TEST(*idx.table_of_column_label(resolve::label_form("结果维持")) == review);
  BOOST_TEST(*idx.table_of_column_label(resolve::label_form("本年制发件数")) == active);
  BOOST_TEST(!idx.table_of_column_label(resolve::label_form("总计")));  // tables 3 and 4
  BOOST_TEST(!idx.table_of_column_label(resolve::label_form("信息内容")));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {
const value& value_of(const pipeline::record& r, const std::string& key) { return r.values[r.model->key_index.at(key)]; }
std::vector<std::string> codes(const pipeline::record& r) {
  std::vector<std::string> out;
  for (const auto& w : r.warnings) out.push_back(w.code);
  return out;
}
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

// Through the whole pipeline: a label within a misprint of two rows is read as neither, and a
// warning names both; the rows around it are read.
BOOST_AUTO_TEST_CASE(a_label_that_fits_two_rows_stays_unresolved_with_a_warning) {
  const std::string text =
      "二、主动公开政府信息情况\n第二十条第(一)项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
      "规章\t0\t0\t2\n行政规范性文件\t3\t1\t25\n第二十条第(五)项\n信息内容\t本年处理决定数量\n行政许罚\t46\n"
      "第二十条第(六)项\n信息内容\t本年处理决定数量\n行政强制\t0\n五、存在的主要问题及改进情况\n无。\n";
  const auto r = test::shared_context().process(text, "ambiguous-label.txt");
  BOOST_TEST(value_of(r, "active.normative_documents.in_force").number == 25.0);
  BOOST_TEST(value_of(r, "active.coercion.decisions").number == 0.0);
  BOOST_TEST(static_cast<int>(value_of(r, "active.licensing.decisions").kind) == static_cast<int>(cell_kind::missing));
  BOOST_TEST(static_cast<int>(value_of(r, "active.penalty.decisions").kind) == static_cast<int>(cell_kind::missing));
  const auto w = std::find_if(r.warnings.begin(), r.warnings.end(), [](const auto& d) { return d.code == "ambiguous-label"; });
  BOOST_REQUIRE(w != r.warnings.end());
  BOOST_TEST(w->message == "label \"行政许罚\" fits 2 rows (active.licensing, active.penalty); none is chosen");
  BOOST_TEST(w->where.line == 8u);
}

// A row's values under no label between two labels without values: either reading fits the
// template's order, so neither row is filled; with the next label's values on its own line, one
// reading is left and the values are joined to the label above.
BOOST_AUTO_TEST_CASE(a_displaced_label_with_two_readings_fills_nothing) {
  const std::string head = "三、收到和处理政府信息公开申请情况\n| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                           "| 2.其他法律行政法规禁止公开 | | | | | | | |\n| | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n";
  const std::string tail = "| 4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n五、存在的主要问题及改进情况\n";
  const auto two = test::shared_context().process(head + "| 3.危及“三安全一稳定” | | | | | | | |\n" + tail, "two.md");
  for (const char* key : {"requests.denied.prohibited_by_law.natural_person", "requests.denied.security_stability.total"})
    BOOST_TEST(static_cast<int>(value_of(two, key).kind) == static_cast<int>(cell_kind::missing), key);
  BOOST_TEST(value_of(two, "requests.denied.third_party_rights.total").number == 1.0);
  BOOST_TEST(has(codes(two), "displaced-values-ambiguous"));
  const auto one =
      test::shared_context().process(head + "| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" + tail, "one.md");
  BOOST_TEST(value_of(one, "requests.denied.prohibited_by_law.natural_person").number == 1.0);
  BOOST_TEST(value_of(one, "requests.denied.prohibited_by_law.total").number == 1.0);
  BOOST_TEST(value_of(one, "requests.denied.security_stability.total").number == 0.0);
  BOOST_TEST(!has(codes(one), "displaced-values-ambiguous"));
}

namespace {
// Table 3's end as PDF page text prints it, the older single (六)其他处理 row kept under the 2021
// template's group label: 5.'s label wrapped over two lines, its values on a third.
const std::string kTable3End =
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量   2   0   0   0   0   0   2\n"
    "二、上年结转政府信息公开申请数量   0   0   0   0   0   0   0\n"
    "（五）不予处理\n"
    "4.无正当理由大量反复申请   0   0   0   0   0   0   0\n"
    "5.要求行政机关确认或重新出具\n"
    "已获取信息\n"
    "          2   0   0   0   0   0   2\n"
    "（六）其他处理   3   0   0   0   0   0   3\n"
    "（七）总计   5   0   0   0   0   0   5\n"
    "四、结转下年度继续办理   0   0   0   0   0   0   0\n"
    "五、存在的主要问题及改进情况\n无。\n";
std::string table2(const std::string& gap) {
  return "二、主动公开政府信息情况\n        第二十条第（一）项\n   信息内容" + gap + "本年制发件数" + gap + "本年废止件数" + gap +
         "现行有效件数\n规章   0   0   0\n行政规范性文件   0   5   5\n";
}
const diagnostic* find_code(const pipeline::record& r, const std::string& code) {
  const auto w = std::find_if(r.warnings.begin(), r.warnings.end(), [&](const auto& d) { return d.code == code; });
  return w == r.warnings.end() ? nullptr : &*w;
}
}  // namespace

// A header line that PDF page text keeps in one cell names its template by its pieces (split at
// runs of spaces, or at single spaces): the 2021 headers of table 2, with the year (none stated:
// gov-2021 names no years, gov-2019 others), make the report gov-2021, although gov-2019 fills
// more values (its single (六)其他处理 row, and table 2 read under its own columns: 本年新制作数量
// …, which the report does not print).
BOOST_AUTO_TEST_CASE(a_header_line_in_one_cell_names_the_template) {
  for (const std::string gap : {"    ", " ", "\t", "\xE3\x80\x80"}) {
    const auto r = test::shared_context().process(table2(gap) + kTable3End, "page.txt");
    BOOST_TEST(r.model->id == "gov-2021", "gap of " << gap.size() << " bytes");
    BOOST_TEST(value_of(r, "active.normative_documents.repealed").number == 5.0);
    BOOST_TEST(value_of(r, "active.normative_documents.in_force").number == 5.0);
    BOOST_TEST(static_cast<int>(value_of(r, "requests.other.overdue_correction.total").kind) ==
               static_cast<int>(cell_kind::missing));
  }
  // Without the headers, nothing tells the templates apart but the values: gov-2019 reads the
  // (六)其他处理 row as its own.
  const auto r = test::shared_context().process(kTable3End, "page.txt");
  BOOST_TEST(r.model->id == "gov-2019");
  BOOST_TEST(value_of(r, "requests.other.total").number == 3.0);
}

// A group label read is a place in the template's order: 5.'s values, on a line of their own
// under its wrapped label, are joined to it because (六)其他处理 heads the row after 5. The
// values printed after the group label are its own (the older template's single row), never a
// displaced row's: not read, and said. Without the group label, a row may have been lost between
// 5. and (七)总计, and the values stay unread.
BOOST_AUTO_TEST_CASE(a_group_label_is_a_place_in_the_template_order_and_its_values_are_its_own) {
  const auto r = test::shared_context().process(table2("   ") + kTable3End, "page.txt");
  BOOST_TEST(value_of(r, "requests.not_processed.confirmation.natural_person").number == 2.0);
  BOOST_TEST(value_of(r, "requests.not_processed.confirmation.total").number == 2.0);
  BOOST_TEST(value_of(r, "requests.total.total").number == 5.0);
  for (const char* key : {"requests.other.overdue_correction.natural_person", "requests.other.overdue_fee.total",
                          "requests.other.other.total"})
    BOOST_TEST(static_cast<int>(value_of(r, key).kind) == static_cast<int>(cell_kind::missing), key);
  const auto* joined = find_code(r, "displaced-label");
  BOOST_REQUIRE(joined);
  BOOST_TEST(joined->where.line == 13u);
  const auto* own = find_code(r, "group-label-values");
  BOOST_REQUIRE(own);
  BOOST_TEST(own->where.line == 14u);
  BOOST_TEST(own->message ==
             "7 value cells after the group label \"（六）其他处理\", which is no row of table \"requests\" (its rows are "
             "printed under it); not read");

  std::string without = table2("   ") + kTable3End;
  without.erase(without.find("（六）其他处理"), without.find("（七）") - without.find("（六）其他处理"));
  const auto w = test::shared_context().process(without, "page.txt");
  BOOST_TEST(w.model->id == "gov-2021");
  BOOST_TEST(static_cast<int>(value_of(w, "requests.not_processed.confirmation.total").kind) ==
             static_cast<int>(cell_kind::missing));
  BOOST_TEST(value_of(w, "requests.total.total").number == 5.0);
  BOOST_TEST(find_code(w, "unlabelled-values"));
  BOOST_TEST(!find_code(w, "displaced-label"));
}
