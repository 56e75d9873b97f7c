#define BOOST_TEST_MODULE pipeline
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <set>

#include "narrative/narrative.hpp"
#include "pipeline/across_years.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/report_info.hpp"
#include "profile/profile.hpp"
#include "resolve/labels.hpp"
#include "test_support.hpp"
#include "write/json_writer.hpp"

using namespace nianbao;
using test::replace_once;
using test::seed;
using test::shared_context;

namespace {

std::set<std::string> failed(const pipeline::record& r) {
  std::set<std::string> out;
  for (const auto& res : r.checks->results)
    if (res.status == check::status::failed) out.insert(res.name());
  return out;
}

double value_of(const pipeline::record& r, const std::string& key) {
  return r.values[r.model->key_index.at(key)].number;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_seed_passes_every_rule) {
  const auto r = shared_context().process(seed("002_bd575b38e5e6b191.txt"), "002.txt");
  BOOST_TEST(r.checks->failed == 0u);
  BOOST_TEST(r.checks->passed == 445u);  // 441 arithmetic instances + 4 narrative statements
  BOOST_TEST(r.checks->skipped == 2u);   // the report states no carried-over and carried-forward numbers
}

BOOST_AUTO_TEST_CASE(a_wrong_number_fails_exactly_the_rules_it_breaks) {
  // 一、本年新收 natural_person printed as 27 instead of 26: the row total and that column's
  // balance break; nothing else does.
  const auto text = replace_once(seed("002_bd575b38e5e6b191.txt"), "一、本年新收政府信息公开申请数量 |\n26 |",
                                 "一、本年新收政府信息公开申请数量 |\n27 |");
  const auto r = shared_context().process(text, "002-wrong.txt");
  BOOST_TEST(value_of(r, "requests.new.natural_person") == 27.0);
  const std::set<std::string> expected{"balance/natural_person", "row_total/new"};
  BOOST_TEST(failed(r) == expected);
  for (const auto& res : r.checks->results) {
    if (res.name() != "balance/natural_person") continue;
    BOOST_TEST(*res.left == 27.0);
    BOOST_TEST(*res.right == 26.0);
    BOOST_TEST(res.keys.front().key == "requests.new.natural_person");
    BOOST_TEST(res.keys.front().value->where.line == 70u);
    BOOST_TEST(res.keys.front().value->where.column == 1u);
  }
}

BOOST_AUTO_TEST_CASE(a_narrative_that_disagrees_is_a_warning) {
  const auto text = replace_once(seed("001_b567e4114b5ffb79.txt"), "办结 211 件", "办结 210 件");
  const auto r = shared_context().process(text, "001-narrative.txt");
  BOOST_TEST(failed(r) == std::set<std::string>{"narrative_handled"});
  BOOST_TEST(r.checks->failed_errors() == 0u);
  BOOST_TEST(r.checks->failed_warnings() == 1u);
}

BOOST_AUTO_TEST_CASE(an_extra_rules_file_is_checked_too) {
  const std::string path = "/tmp/nianbao-test-extra.rules";
  {
    std::ofstream out(path);
    out << "rule few_denials warning \"不予公开不超过 5 件\":\n"
           "  sum(requests.denied.*.total) <= 5\n";
  }
  pipeline::options opts;
  opts.rules_files = {path};
  const pipeline::context cx(opts);
  const auto r = cx.process(seed("001_b567e4114b5ffb79.txt"), "001.txt");  // 7 + 2 denials
  BOOST_TEST(failed(r) == std::set<std::string>{"few_denials"});
  const auto ok = cx.process(seed("002_bd575b38e5e6b191.txt"), "002.txt");  // none
  BOOST_TEST(failed(ok).empty());
}

BOOST_AUTO_TEST_CASE(narrative_patterns) {
  using narrative::match_pattern;
  BOOST_TEST(*match_pattern("受理{*}申请{n}件", "2024 年，我区共受理政府信息公开申请 212 件，办结 211 件") == 212.0);
  BOOST_TEST(*match_pattern("办结{n}件", "共受理申请 212 件，办结 211 件") == 211.0);
  BOOST_TEST(*match_pattern("未发生{*}行政诉讼{=0}", "因政府信息公开产生行政复议7件,未发生行政诉讼案件") == 0.0);
  BOOST_TEST(*match_pattern("行政复议{n}件", "行政复议２件") == 2.0);  // full-width digit
  // A gap never crosses a sentence end.
  BOOST_TEST(!match_pattern("受理{*}申请{n}件", "受理群众咨询。申请 5 件"));
  BOOST_TEST(!match_pattern("办结{n}件", "受理办结群众咨询、诉求30件"));
}

// extract finds each fact at the first match of its first pattern that matches (the prose is
// decoded and indexed once for all patterns), with the matched phrase and its position.
BOOST_AUTO_TEST_CASE(narrative_extract_finds_every_fact_in_one_reading) {
  model::template_model m;
  m.narrative = {{"received", "", {"收到{*}申请{n}件", "受理{*}申请{n}件"}},
                 {"handled", "", {"办结{n}件"}},
                 {"litigation", "", {"行政诉讼{n}件", "未发生{*}行政诉讼{=0}"}},
                 {"cases", "", {"{n}起"}},  // not led by words: tried everywhere
                 {"rejected", "", {"驳回{n}件"}}};
  // Line 1: a 4-byte character and an ill-formed byte before the facts; line 2: a 受理 whose
  // gap ends at the sentence before the one that matches.
  const std::string prose = "一、总体情况😀\xFF\n受理群众咨询。受理政府信息公开申请 212 件，办结２１１件；\n"
                            "未发生行政诉讼。共 3起";
  const line_index lines(prose);
  const auto check = [&](const std::vector<value>& v) {
    BOOST_REQUIRE_EQUAL(v.size(), 5u);
    BOOST_TEST(v[0].number == 212.0);
    BOOST_TEST(v[0].raw == "受理政府信息公开申请 212 件");
    BOOST_TEST(v[0].where.line == 2u);
    BOOST_TEST(v[0].where.column == 8u);
    BOOST_TEST(v[0].profile == "narrative");
    BOOST_TEST(v[1].number == 211.0);  // full-width digits
    BOOST_TEST(v[1].raw == "办结２１１件");
    BOOST_TEST(v[1].where.column == 25u);
    BOOST_TEST(v[2].number == 0.0);
    BOOST_TEST(v[2].raw == "未发生行政诉讼");
    BOOST_TEST(v[2].where.line == 3u);
    BOOST_TEST(v[2].where.column == 1u);
    BOOST_TEST(v[3].number == 3.0);
    BOOST_TEST(v[3].raw == "3起");
    BOOST_TEST(v[3].where.column == 11u);
    BOOST_TEST((v[4].kind == cell_kind::missing));
    for (std::size_t i = 0; i < 4; ++i) BOOST_TEST((v[i].kind == cell_kind::number), i);
  };
  check(narrative::extract(prose, lines, m));
  // Another model in between (its own patterns), then the first again: the same facts.
  model::template_model other;
  other.narrative = {{"handled", "", {"办结{n}件", "办理{n}件"}}};
  const auto o = narrative::extract(prose, lines, other);
  BOOST_REQUIRE_EQUAL(o.size(), 1u);
  BOOST_TEST(o[0].number == 211.0);
  check(narrative::extract(prose, lines, m));
}

BOOST_AUTO_TEST_CASE(across_years_pairs_consecutive_reports_of_one_agency) {
  const auto& cx = shared_context();
  const auto cur_text = seed("001_b567e4114b5ffb79.txt");
  const auto prev_text = replace_once(cur_text, "湛河区人民政府 2024 年", "湛河区人民政府 2023 年");
  std::vector<pipeline::record> records;
  records.push_back(cx.process(cur_text, "zhanhe-2024.txt"));
  records.push_back(cx.process(prev_text, "zhanhe-2023.txt"));
  records.push_back(cx.process(seed("002_bd575b38e5e6b191.txt"), "xinghe-2024.txt"));
  const auto result = pipeline::check_across_years(cx, records);
  BOOST_REQUIRE(result.pairs.size() == 1u);
  const auto& p = result.pairs.front();
  BOOST_TEST(p.prev->path == "zhanhe-2023.txt");
  BOOST_TEST(p.cur->path == "zhanhe-2024.txt");
  std::set<std::string> fails;
  for (const auto& res : p.report.results)
    if (res.status == check::status::failed) fails.insert(res.name());
  // 2024 carried over 0 but 2023 carried forward 1 (natural persons); 28 in force != 28 + 1 - 4.
  const std::set<std::string> expected{"carried_over/natural_person", "carried_over/total",
                                       "in_force/normative_documents"};
  BOOST_TEST(fails == expected);
  BOOST_TEST(p.report.passed == 6u);  // of 9 instances
}

BOOST_AUTO_TEST_CASE(report_titles_in_their_spellings_give_title_agency_and_year) {
  struct want {
    const char* text;
    const char* title;
    const char* agency;
    int year;
  };
  const want cases[] = {
      {"包头市石拐区 2024 年政府信息公开工作年度报告\n一、总体情况\n", "包头市石拐区2024年政府信息公开工作年度报告",
       "包头市石拐区", 2024},
      {"下湿壕镇政府2022年信息公开工作年度报告\n", "下湿壕镇政府2022年信息公开工作年度报告", "下湿壕镇政府", 2022},
      {"某县民政局2020年政府信息公开年度报告\n", "某县民政局2020年政府信息公开年度报告", "某县民政局", 2020},
      // A sentence, not a title (over 60 characters): the agency after the sentence's verb.
      {"根据《中华人民共和国政府信息公开条例》规定，现公布区统计局2023年政府信息公开工作年度报告，本报告由总体情况等六部分组成。\n",
       "区统计局2023年政府信息公开工作年度报告", "区统计局", 2023},
      // A sentence that first names another document (the format's notice), then the report.
      {"根据《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》等相关规定,"
       "编制万源市玉带乡2024年政府信息公开工作年度报告,所列数据统计期限为2024年1月1日至2024年12月31日。\n",
       "万源市玉带乡2024年政府信息公开工作年度报告", "万源市玉带乡", 2024},
      // 「<agency><year>年度政府信息公开工作报告」.
      {"本年度报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。现将信访局2021年度政府信息公开工作报告如下:\n",
       "信访局2021年度政府信息公开工作报告", "信访局", 2021},
      // An agency whose name ends in parentheses.
      {"某市人民政府办公室（市政务公开办）2023年政府信息公开工作年度报告\n",
       "某市人民政府办公室(市政务公开办)2023年政府信息公开工作年度报告", "某市人民政府办公室(市政务公开办)", 2023},
      // The speaker is no agency.
      {"现将我局2022年政府信息公开工作年度报告公布如下。本报告由总体情况、主动公开政府信息情况等部分组成,请查阅。\n",
       "2022年政府信息公开工作年度报告", "", 2022},
      // Traditional characters with Taiwan phrases (資訊 for 信息).
      {"某市統計局2023年政府資訊公開工作年度報告\n", "某市统计局2023年政府资讯公开工作年度报告", "某市统计局", 2023},
      // Only the statistics period states the year.
      {"本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n", "", "", 2023},
      // Only 一、总体情况's first sentence.
      {"一、总体情况\n2019年,文登区住建局共主动公开政府信息227条。\n", "", "文登区住建局", 2019},
      // Not its first sentence's year when that is another year's: 「根据2019年修订的…」 is no report year.
      {"一、总体情况\n根据2019年修订的《条例》,我局认真开展工作。\n", "", "", 0},
      // A page header's short title.
      {"Page 9 - 2020年报_审计局\nP. 9\n", "", "审计局", 2020},
      // A publishing date in the next year's first months.
      {"发布时间:2021-01-25 17:46 阅读:\n一、总体情况\n", "", "", 2020},
      {"发布日期：2021年08月25日\n", "", "", 0},
      {"政府信息公开工作的年度安排\n", "", "", 0},
  };
  for (const auto& c : cases) {
    const auto info = pipeline::read_report_info(c.text);
    BOOST_TEST_CONTEXT(c.text) {
      BOOST_TEST(info.title == c.title);
      BOOST_TEST(info.agency == c.agency);
      BOOST_TEST(info.year == c.year);
    }
  }
}

// The file or archive member name, where the text states no identity: a title in it, else a
// year of its own; after what the text states.
BOOST_AUTO_TEST_CASE(the_name_of_the_file_gives_what_the_text_does_not_state) {
  const std::string body = "一、总体情况\n本局工作运行正常。\n";
  auto info = pipeline::read_report_info(body, "2023.zip:reports/某县民政局2022年政府信息公开工作年度报告.txt");
  BOOST_TEST(info.agency == "某县民政局");
  BOOST_TEST(info.year == 2022);
  info = pipeline::read_report_info(body, "archive/report_2021.html");
  BOOST_TEST(info.agency == "");
  BOOST_TEST(info.year == 2021);
  BOOST_TEST(pipeline::read_report_info(body, "t20230118_11520599.html").year == 0);  // no year of its own
  BOOST_TEST(pipeline::read_report_info(body, "2020_2021.txt").year == 0);            // two years
  // The text first.
  info = pipeline::read_report_info("某县民政局2024年政府信息公开工作年度报告\n", "x_2022.txt");
  BOOST_TEST(info.year == 2024);
}

// The agency as the subject of the overview's opening sentence, where no title names it: the
// subject ends where a common predicate begins and must end as an agency's name does.
BOOST_AUTO_TEST_CASE(the_overview_sentence_names_the_agency_as_its_subject) {
  const auto agency = [](const std::string& text) { return pipeline::read_report_info(text).agency; };
  BOOST_TEST(agency("一、总体情况\n文登区住建局高度重视政府信息公开工作,坚持把政府信息公开工作列入重要议事日程。\n") ==
             "文登区住建局");
  BOOST_TEST(agency("一、总体情况\n  2020年，广州市荔湾区南源街道认真贯彻落实《条例》及上级相关要求。\n") ==
             "广州市荔湾区南源街道");
  BOOST_TEST(agency("一、总体情况\n2024年以来,共青团某某县委员会紧紧围绕中心工作,积极推进政务公开。") ==
             "共青团某某县委员会");
  // The speaker, the whole area, or no agency's name: none.
  BOOST_TEST(agency("一、总体情况\n我局高度重视政府信息公开工作,完善工作机制。") == "");
  BOOST_TEST(agency("一、总体情况\n2024年,本机关认真贯彻落实《中华人民共和国政府信息公开条例》。") == "");
  BOOST_TEST(agency("一、总体情况\n全区坚持以人民为中心,深入推进政务公开。") == "");
  BOOST_TEST(agency("一、总体情况\n政府信息公开工作坚持正确方向。") == "");  // 工作 is no agency's ending
  // A predicate inside the name is not where it ends: 共青团 starts with 共.
  BOOST_TEST(agency("一、总体情况\n某某市统计局持续深化政务公开。") == "某某市统计局");
  // A title comes first.
  BOOST_TEST(agency("某县民政局2024年政府信息公开工作年度报告\n一、总体情况\n某县财政局高度重视。") == "某县民政局");
}

// Profiles that read a text alike and resolve it alike are resolved once (pipeline.cpp): the
// tables are credited as the merge credited them when each was resolved, to the one of higher
// priority, of equal ones to the first loaded (the built-in `tab`, priority 30, before a user's).
BOOST_AUTO_TEST_CASE(profiles_that_resolve_alike_are_credited_as_the_merge_would) {
  const std::string text = seed("001_b567e4114b5ffb79.txt");  // tab-separated
  const auto profile = [](const std::string& name, int priority) {
    return "name = \"" + name + "\"\ngrammar = \"tab\"\npriority = " + std::to_string(priority) +
           "\n[cells]\nvalues_span_rows = false\nempty_cells = \"skip\"\n";
  };
  const auto credited = [&](int first, int second) {
    test::temp_dir dir;
    dir.put("a.toml", profile("first", first));
    dir.put("b.toml", profile("second", second));
    pipeline::options o;
    o.profile_dirs = {dir.path.string()};
    const auto r = pipeline::context(o).process(text, "r.txt");
    BOOST_TEST((r.status == pipeline::status::parsed));
    return std::set<std::string>(r.table_profiles.begin(), r.table_profiles.end());
  };
  BOOST_TEST((credited(40, 40) == std::set<std::string>{"first"}));
  BOOST_TEST((credited(40, 50) == std::set<std::string>{"second"}));
  BOOST_TEST((credited(30, 30) == std::set<std::string>{"tab"}));
  BOOST_TEST((credited(20, 30) == std::set<std::string>{"tab"}));
}

// --only-profiles (pipeline::options::only_profiles): only the profiles named are tried, in their
// order of loading. The winning profile alone gives the same record as every profile (seed 000
// with its 49 repairs: the same JSON line byte for byte); a layout left out gives no-tables
// naming the profile tried; a name no profile has is an error naming the option.
BOOST_AUTO_TEST_CASE(only_the_profiles_named_are_tried) {
  const std::string tab_text = seed("000_7309f594a2168ba9.txt");
  const auto line = [](const pipeline::record& r) {
    std::string s;
    write::append_json(s, r);
    return s;
  };
  pipeline::options only_tab;
  only_tab.only_profiles = {"tab"};
  const pipeline::context tab(only_tab);
  BOOST_REQUIRE_EQUAL(tab.profiles().size(), 1u);
  const auto alone = tab.process(tab_text, "000.txt");
  const auto every = shared_context().process(tab_text, "000.txt");
  BOOST_TEST(alone.repairs.size() == 49u);
  BOOST_TEST(line(alone) == line(every));

  pipeline::options two;
  two.only_profiles = {"tab", "pipe-lines"};  // kept in their order of loading, not this one
  const pipeline::context both(two);
  BOOST_REQUIRE_EQUAL(both.profiles().size(), 2u);
  BOOST_TEST(both.profiles()[0].name == "pipe-lines");
  BOOST_TEST(both.profiles()[1].name == "tab");

  pipeline::options lines_only;
  lines_only.only_profiles = {"lines-empty"};
  const auto none = pipeline::context(lines_only).process(tab_text, "000.txt");
  BOOST_TEST((none.status == pipeline::status::failed));
  BOOST_REQUIRE_EQUAL(none.errors.size(), 1u);
  BOOST_TEST(none.errors[0].code == "no-tables");
  BOOST_TEST(none.errors[0].message == "no table of a known report template was found (tried 1 profile)");

  pipeline::options unknown;
  unknown.only_profiles = {"tab", "tabs"};
  try {
    pipeline::context cx(unknown);
    BOOST_FAIL("expected an error for the profile name tabs");
  } catch (const diagnostic_error& e) {
    BOOST_TEST(e.diag().file == "--only-profiles");
    BOOST_TEST(e.diag().code == "unknown-profile");
    BOOST_TEST(e.diag().message ==
               "no profile is named \"tabs\" (the profiles: grid, html, lines-empty, markdown, pipe-cells, pipe-lines, "
               "plain, run-together, spaced, tab)");
  }
}

// A row whose cells no alignment fits is left null, and the note shows the row as printed, so
// that a profile's author sees what could not be placed without opening the file.
BOOST_AUTO_TEST_CASE(a_misaligned_row_shows_the_row_as_printed) {
  const auto text = replace_once(seed("004_123f89bb2f6c6569.txt"), "(一) 予以公开\t4\t0\t0\t0\t0\t0\t4",
                                 "(一) 予以公开\t4\t4\t4\t4\t4\t4");
  const auto r = shared_context().process(text, "004-six-cells.txt");
  std::vector<std::string> notes;
  for (const auto& w : r.warnings)
    if (w.code == "misaligned-row") notes.push_back(w.format(false));
  BOOST_TEST(notes == (std::vector<std::string>{
                          "004-six-cells.txt:52:14: warning[misaligned-row]: row requests.granted has 6 value cells for "
                          "7 columns and no alignment of them fits the rules; its values are left null; the row reads "
                          "\"三、本 年度办 理结 果\\t(一) 予以公开\\t4\\t4\\t4\\t4\\t4\\t4\""}),
             boost::test_tools::per_element());
  BOOST_TEST((r.values[r.model->key_index.at("requests.granted.total")].kind == cell_kind::missing));
}

// Values no label claims are not read, and the note says where they are, what text stood before
// them, and which [labels] line would place them when a row's label is near that text.
BOOST_AUTO_TEST_CASE(unlabelled_values_show_their_line_and_the_labels_line_that_would_place_them) {
  const auto text = replace_once(seed("000_7309f594a2168ba9.txt"), "\n行政许可\t1762\t", "\n行证许诺\t1762\t");
  const auto r = shared_context().process(text, "000-garbled.txt");
  std::vector<std::string> notes;
  for (const auto& w : r.warnings)
    if (w.code == "unlabelled-values") notes.push_back(w.format(false));
  BOOST_TEST(notes == (std::vector<std::string>{
                          "000-garbled.txt:41:6: note[unlabelled-values]: 1 value cell in table \"active\" follow no "
                          "row label (lost or unreadable); not read; the line reads \"行证许诺\\t1762\"; the text before "
                          "them, \"行证许诺\", matches no row label of the table; if it is row active.licensing (\"行政许可\"), "
                          "add to the profile's [labels]: \"active.licensing\" = [\"行证许诺\"]"}), boost::test_tools::per_element());
  BOOST_TEST((r.values[r.model->key_index.at("active.licensing.decisions")].kind == cell_kind::missing));
}

// A [labels] alias that is already another row's label, or that a profile gives two rows, would
// misread the table: `nianbao profiles check` rejects it (these are what it reports).
BOOST_AUTO_TEST_CASE(aliases_that_collide_with_another_rows_label_are_found) {
  const auto p = profile::parse_profile(
      "name = \"x\"\ngrammar = \"tab\"\n[labels]\n\"active.penalty\" = [\"行政许可\", \"行政罚没\"]\n"
      "\"active.coercion\" = [\"行政罚没\"]\n\"active.fees\" = [\"收费\"]\n",
      "x.toml");
  std::vector<std::string> found;
  for (const auto& m : shared_context().models()) {
    if (m.id != "gov-2021") continue;
    for (const auto& c : resolve::alias_collisions(m, p))
      found.push_back(c.table + " " + c.key + " \"" + c.alias + "\" " + c.other_key + (c.by_profile ? " (profile)" : ""));
  }
  BOOST_TEST(found == (std::vector<std::string>{"active active.penalty \"行政许可\" active.licensing",
                                                "active active.coercion \"行政罚没\" active.penalty (profile)"}));
}
