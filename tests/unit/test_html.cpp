// HTML pages (grammars/html.peg, profiles/html.toml, layout/html_text): how the grammar cuts a
// page into rows and cells, the page's text (entities, same byte offsets), the HTML renderings
// of tests/corpus/html read to exactly the values of their seeds (a GBK one included), and
// broken pages give exact warnings, never a crash or a hang.
#define BOOST_TEST_MODULE html
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/corpus.hpp"
#include "decode/decode.hpp"
#include "core/line_index.hpp"
#include "layout/html_text.hpp"
#include "layout/layout.hpp"
#include "profile/profile.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace html = nianbao::layout::html;
using namespace nianbao;
using json = nlohmann::ordered_json;
using test::shared_context;

namespace {

const fs::path kSource = NIANBAO_SOURCE_DIR;
const fs::path kHtmlCorpus = kSource / "tests/corpus/html";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << p);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The seed report (.txt) whose name starts with the first three characters of `name`.
fs::path seed_of(const std::string& name) {
  for (const auto& e : fs::directory_iterator(kSource / "tests/corpus/seeds"))
    if (e.path().extension() == ".txt" && e.path().filename().string().compare(0, 3, name.substr(0, 3)) == 0)
      return e.path();
  BOOST_FAIL("no seed for " << name);
  return {};
}

// White space runs (line ends, U+3000 and U+00A0 included) as one space, trimmed.
std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    bool blank = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000
      len = 3;
      blank = true;
    } else if (s.compare(i, 2, "\xC2\xA0") == 0) {  // U+00A0
      len = 2;
      blank = true;
    }
    if (blank) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

using rows = std::vector<std::vector<std::string>>;

// The rows the html grammar cuts from a page, each cell as the page's text reads it (white space
// collapsed); a heading row's cell starts with "# "; rows whose cells are all blank are left out.
rows html_rows(const std::string& page) {
  const auto* g = layout::find_grammar("html");
  BOOST_REQUIRE(g);
  const auto cut = layout::cut(page, *g);
  BOOST_TEST(!cut.error);
  const auto text = html::read_page(page).text;
  rows out;
  for (const auto& r : cut.rows) {
    std::vector<std::string> cells;
    bool any = false;
    for (const auto& c : r.cells) {
      cells.push_back((r.heading ? "# " : "") + collapse(std::string_view(text).substr(c.begin, c.end - c.begin)));
      any = any || cells.back() != "" ;
    }
    if (any) out.push_back(std::move(cells));
  }
  return out;
}

// The HTML problems of a record (warnings whose code starts with "html-"), one line each:
// "<severity> <code> <line>: <message>".
std::vector<std::string> html_problems(const pipeline::record& r) {
  std::vector<std::string> out;
  for (const auto& w : r.warnings)
    if (w.code.compare(0, 5, "html-") == 0)
      out.push_back(std::string(to_string(w.severity)) + " " + w.code + " " + std::to_string(w.where.line) + ": " +
                    w.message);
  return out;
}

// Line (1-based) of the n-th (0-based) occurrence of `what` in `text`.
std::size_t line_of(const std::string& text, const std::string& what, std::size_t n = 0) {
  std::size_t at = text.find(what);
  for (; n > 0 && at != std::string::npos; --n) at = text.find(what, at + 1);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "not found: " << what);
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
}

// Byte offset of the n-th (0-based) occurrence of `what`.
std::size_t nth(const std::string& text, const std::string& what, std::size_t n) {
  std::size_t at = text.find(what);
  for (; n > 0 && at != std::string::npos; --n) at = text.find(what, at + 1);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "not found: " << what);
  return at;
}

// Every value of `got` equals the one of `want`, key by key: kind, number, printed as integer.
void same_values(const pipeline::record& got, const pipeline::record& want) {
  BOOST_REQUIRE(got.model && want.model);
  BOOST_TEST(got.model->id == want.model->id);
  BOOST_REQUIRE(got.values.size() == want.values.size());
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    const auto& key = want.model->keys[i];
    BOOST_TEST((got.values[i].kind == want.values[i].kind), key << ": " << to_string(got.values[i].kind) << " vs "
                                                                 << to_string(want.values[i].kind));
    BOOST_TEST(got.values[i].number == want.values[i].number, key);
    BOOST_TEST(got.values[i].integral == want.values[i].integral, key);
  }
}

const std::string kCms = "001-cms.html";

// In 001-cms.html: where table k (0: table 2, 1: table 3, 2: table 4) begins and its </table>.
// (The page's <script> holds a "<table>" too.)
std::size_t table_begin(const std::string& page, std::size_t k) { return nth(page, "<table border=", k); }
std::size_t table_end(const std::string& page, std::size_t k) { return page.find("</table>", table_begin(page, k)); }
std::size_t line_at(const std::string& text, std::size_t byte) {
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n')) + 1;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The grammar

BOOST_AUTO_TEST_CASE(cells_of_a_table_and_lines_of_text) {
  const std::string page =
      "<h2 class=\"t\">二、主动公开<span>政府信息情况</span></h2>\n"
      "<table border=\"1\"><tbody>\n"
      "<tr><td rowspan=\"22\" style=\"width:60px\"><p align=\"center\">三、本年度办理结果</p></td>\n"
      "    <td colspan=\"2\"><p><span style='font-family:宋体'>（一）予以公开</span></p></td>"
      "<td>&nbsp;5&nbsp;</td><td>0</td></tr>\n"
      "<tr><td colspan=2>（二）部分公开<br/>（区分处理的）</td><td title=\"a>b\"><p>1,234</p></td></tr>\n"
      "</tbody></table>\n"
      "<p>五、存在的主要问题及改进情况</p><div>一是<b>加强</b>培训<br>二是&ldquo;改进&rdquo;</div>\n";
  BOOST_TEST(html_rows(page) == (rows{{"# 二、主动公开政府信息情况"},
                                      {"三、本年度办理结果", "（一）予以公开", "5", "0"},
                                      {"（二）部分公开 （区分处理的）", "1,234"},
                                      {"五、存在的主要问题及改进情况"},
                                      {"一是加强培训"},
                                      {"二是“改进”"}}));
}

BOOST_AUTO_TEST_CASE(upper_case_tags_unquoted_attributes_and_left_out_end_tags) {
  const std::string page =
      "<TABLE class=MsoNormalTable border=1>\n<TBODY>\n<TR><TD width=64 rowSpan=3>规章<TD>0<TD>1\n"
      "<TR><TH colSpan=2>行政许可<Td>3</TBODY>\n</TABLE>\n<P>六、其他需要报告的事项";
  BOOST_TEST(html_rows(page) == (rows{{"规章", "0", "1"}, {"行政许可", "3"}, {"六、其他需要报告的事项"}}));
  // Blanks and inline tags between the cells of a row do not end it.
  BOOST_TEST(html_rows("<tr> &nbsp;<font><td>规章</td>\n&#160;<!-- x --><td>0</td></font></tr>") ==
             (rows{{"规章", "0"}}));
}

BOOST_AUTO_TEST_CASE(comments_scripts_styles_and_declarations_are_skipped) {
  const std::string page =
      "<!DOCTYPE html><?xml version=\"1.0\"?>\n<style>td { color: red } /* <td>6</td> */</style>\n"
      "<script type=\"text/javascript\">var s = \"<tr><td>9</td></tr>\"; if (a < b) {}</script>\n"
      "<table><!-- <tr><td>8</td></tr> --><tr><td>规章<!-- 7 --></td><td>0</td></tr></table>\n"
      "<p><![if !supportLists]>x<![endif]><o:p></o:p></p><SCRIPT>\n</SCRIPT >";
  BOOST_TEST(html_rows(page) == (rows{{"规章", "0"}, {"x"}}));
}

BOOST_AUTO_TEST_CASE(a_table_in_a_cell_is_read_as_rows_and_its_cells_text_as_lines) {
  const std::string page =
      "<table><tr><td>菜单</td><td class=main><p>二、主动公开政府信息情况</p>\n"
      "<table><tr><td>规章</td><td>0</td></tr></table><p>三、收到和处理政府信息公开申请情况</p></td>"
      "<td>右栏</td></tr></table>";
  BOOST_TEST(html_rows(page) == (rows{{"菜单"},
                                      {"二、主动公开政府信息情况"},
                                      {"规章", "0"},
                                      {"三、收到和处理政府信息公开申请情况"},
                                      {"右栏"}}));
}

BOOST_AUTO_TEST_CASE(a_less_than_sign_that_starts_no_tag_is_text) {
  BOOST_TEST(html_rows("<p>1 < 2 &lt; 3 &amp;&amp; a<b</p><p>c</p>") == (rows{{"1 < 2 < 3 && a<b"}, {"c"}}));
  BOOST_TEST(html_rows("a <b c=\"<\">d</b>") == (rows{{"a <b c=\"<\">d"}}));
}

// ---------------------------------------------------------------------------------------------
// The page's text

BOOST_AUTO_TEST_CASE(the_pages_text_starts_every_cell_and_run_of_text_where_the_page_does) {
  const std::string page = read_file(kHtmlCorpus / kCms);
  const auto p = html::read_page(page);
  BOOST_REQUIRE(p.text.size() == page.size());
  // Every cell the grammar cuts that starts with text (a run of text) starts with the same
  // character in the page's text; every cell's text is found in it.
  const auto cut = layout::cut(page, *layout::find_grammar("html"));
  std::size_t runs = 0;
  for (const auto& r : cut.rows)
    for (const auto& c : r.cells)
      if (page[c.begin] != '<' && page[c.begin] != '&') {
        ++runs;
        BOOST_TEST(p.text[c.begin] == page[c.begin], c.begin);
      }
  BOOST_TEST(runs > 20u);
  BOOST_TEST(p.tables == 3u);
  BOOST_TEST(p.problems.empty());
  // Tags and scripts are blanks; a block tag starts a line; text stays where it was.
  BOOST_TEST(p.text.find("<") == std::string::npos);
  const auto at = page.find("一、总体情况");
  BOOST_TEST(p.text.compare(at, std::string("一、总体情况").size(), "一、总体情况") == 0);
  BOOST_TEST(p.text.find("var tpl") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(character_references_are_decoded) {
  BOOST_TEST(html::fragment_text("&#x4E00;&#20108;&amp;&lt;&gt;&quot;&apos;&ldquo;x&rdquo;&nbsp;&emsp;&#12288;"
                                 "&bogus;&#0;&#xD800;&#128;&nbsp y&AMP;&#X4e09;") ==
             "一二&<>\"'“x” &bogus;\xEF\xBF\xBD\xEF\xBF\xBD€ y&AMP;三");
  BOOST_TEST(html::fragment_text("<td>&nbsp;5&nbsp;</td>") == "5");
  BOOST_TEST(html::fragment_text("a&ampb&nbspc&ltd&amp") == "a&b c<d&");
  BOOST_TEST(html::fragment_text("行政&#35768;可<br>本年&#x5904;理") == "行政许可 本年处理");
  // The text is as long as the page: a reference is its character, then spaces.
  BOOST_TEST(html::read_page("a&ldquo;b&#x4E00;c").text == "a“b一c         ");
  // A cell's text from its first visible character on, a block tag in it a space.
  const std::string cell = "<td>&nbsp;<p>5</p><span>,</span>0</td>";
  const auto text = html::read_page(cell).text;
  BOOST_TEST(text.size() == cell.size());
  BOOST_TEST(text.find('5') == cell.find('5'));
  BOOST_TEST(collapse(text) == "5 ,0");
}

BOOST_AUTO_TEST_CASE(what_looks_like_an_html_page) {
  BOOST_TEST(html::looks_like_html("<p>x</p>"));
  BOOST_TEST(html::looks_like_html("<!DOCTYPE HTML>\nx"));
  BOOST_TEST(html::looks_like_html("x\n<TD>1"));
  BOOST_TEST(!html::looks_like_html(""));
  BOOST_TEST(!html::looks_like_html("a<b 1 < 2 > 0"));
  BOOST_TEST(!html::looks_like_html(read_file(seed_of("000"))));  // <http://www.shiguai.gov.cn/> is no element
}

BOOST_AUTO_TEST_CASE(the_markup_key_of_a_profile) {
  const auto p = profile::load_profile_file((kSource / "profiles/html.toml").string());
  BOOST_TEST(p.markup_html);
  BOOST_TEST(p.grammar == "html");
  BOOST_TEST(!profile::load_profile_file((kSource / "profiles/tab.toml").string()).markup_html);
  try {
    profile::parse_profile("name = \"x\"\ngrammar = \"html\"\nmarkup = \"xml\"\n", "x.toml");
    BOOST_FAIL("expected a diagnostic_error");
  } catch (const diagnostic_error& e) {
    BOOST_TEST(e.diag().where.line == 3u);
    BOOST_TEST(e.diag().message == "markup must be \"none\" or \"html\", not \"xml\"");
  }
}

// ---------------------------------------------------------------------------------------------
// The corpus: HTML renderings of seeds give the seeds' values

BOOST_AUTO_TEST_CASE(html_renderings_read_to_the_values_of_their_seeds) {
  std::size_t n = 0;
  for (const auto& c : corpus::discover(kHtmlCorpus.string())) {
    ++n;
    BOOST_TEST_CONTEXT("page " << c.name) {
      const auto seed = seed_of(fs::path(c.input).filename().string());
      const auto page = shared_context().process(read_file(c.input), c.input);
      const auto text = shared_context().process(read_file(seed), seed.string());
      same_values(page, text);
      BOOST_TEST(to_string(page.status) == std::string("parsed"));
      BOOST_TEST(to_string(page.status) == to_string(text.status));
      for (const auto& p : page.table_profiles) BOOST_TEST(p == "html");
      BOOST_TEST(page.repairs.empty());  // a page's table has every cell: nothing to repair
      BOOST_TEST(page.errors.empty());
      BOOST_TEST(page.info.title == text.info.title);
      BOOST_TEST(page.info.agency == text.info.agency);
      BOOST_TEST(page.info.year == text.info.year);
      // The narrative (一、总体情况) is found in the page's paragraphs too.
      BOOST_REQUIRE(page.narrative.size() == text.narrative.size());
      for (std::size_t i = 0; i < text.narrative.size(); ++i) {
        BOOST_TEST((page.narrative[i].kind == text.narrative[i].kind), page.model->narrative[i].id);
        BOOST_TEST(page.narrative[i].number == text.narrative[i].number, page.model->narrative[i].id);
      }
      BOOST_TEST(page.checks->failed == 0u);
      // The same page minified: on one line.
      auto one_line = read_file(c.input);
      std::replace(one_line.begin(), one_line.end(), '\n', ' ');
      same_values(shared_context().process(one_line, c.input), text);
      // The expected files agree as well, key by key.
      const auto seed_expected = seed.parent_path() / (seed.stem().string() + ".expected.json");
      BOOST_REQUIRE_MESSAGE(fs::exists(c.expected), "no expected file " << c.expected);
      const auto pe = json::parse(read_file(c.expected)), se = json::parse(read_file(seed_expected));
      BOOST_TEST(pe["values"].size() == se["values"].size());
      for (const auto& [key, value] : se["values"].items())
        BOOST_TEST((pe["values"].contains(key) && pe["values"][key] == value), key);
      BOOST_TEST(pe["cells"] == se["cells"]);
      BOOST_TEST(pe["status"] == se["status"]);
    }
  }
  BOOST_TEST(n >= 3u);
}

BOOST_AUTO_TEST_CASE(a_gbk_page_is_read_as_gb18030) {
  const auto bytes = read_file(kHtmlCorpus / "000-word-gbk.html");
  BOOST_TEST(bytes.find("charset=gbk") != std::string::npos);
  BOOST_TEST(bytes.find("包头市") == std::string::npos);  // not UTF-8
  const auto d = decode::decode(bytes);
  BOOST_TEST(d.encoding == "GB18030");
  BOOST_TEST(d.warnings.empty());
  BOOST_TEST(d.text.find("包头市石拐区") != std::string::npos);
  decode::options forced;
  forced.encoding = "GBK";
  BOOST_TEST(decode::decode(bytes, forced).text == d.text);
  const auto r = shared_context().process(bytes, "000-word-gbk.html");
  BOOST_TEST(r.encoding == "GB18030");
  same_values(r, shared_context().process(read_file(seed_of("000")), "000.txt"));
}

// ---------------------------------------------------------------------------------------------
// Broken pages

BOOST_AUTO_TEST_CASE(a_table_never_closed_is_a_warning) {
  const auto page = read_file(kHtmlCorpus / kCms);
  const auto seed = shared_context().process(read_file(seed_of("001")), "001.txt");
  // Table 3 without </table>: it ends where table 4 begins.
  {
    auto broken = page;
    broken.erase(table_end(broken, 1), 8);
    const auto r = shared_context().process(broken, "unclosed.html");
    same_values(r, seed);
    const std::vector<std::string> want{"warning html-unclosed-table " + std::to_string(line_at(page, table_begin(page, 1))) +
                                        ": <table> is never closed (no </table>): it ends where the table at line " +
                                        std::to_string(line_at(page, table_begin(page, 2))) + " begins"};
    BOOST_TEST(html_problems(r) == want, boost::test_tools::per_element());
  }
  // Table 4 without </table>: it runs to the end of the page.
  {
    auto broken = page;
    broken.erase(table_end(broken, 2), 8);
    const auto r = shared_context().process(broken, "unclosed-last.html");
    same_values(r, seed);
    const std::vector<std::string> want{"warning html-unclosed-table " + std::to_string(line_at(page, table_begin(page, 2))) +
                                        ": <table> is never closed (no </table>): it runs to the end of the page"};
    BOOST_TEST(html_problems(r) == want, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(a_table_inside_a_cell_is_a_note_and_read_as_rows) {
  const auto page = read_file(kHtmlCorpus / kCms);
  auto broken = page;
  // Table 3 put inside the second cell of a table of its own.
  broken.insert(table_end(broken, 1) + 8, "</td></tr></table>");
  broken.insert(table_begin(broken, 1), "<table class=\"wrap\"><tr><td>表3</td><td>\n");
  const auto r = shared_context().process(broken, "nested.html");
  same_values(r, shared_context().process(read_file(seed_of("001")), "001.txt"));
  const auto outer = line_at(page, table_begin(page, 1));
  const std::vector<std::string> want{"note html-nested-table " + std::to_string(outer + 1) +
                                      ": table inside a cell of the table at line " + std::to_string(outer) +
                                      ": its rows are read as rows, the text of the cell around it as lines"};
  BOOST_TEST(html_problems(r) == want, boost::test_tools::per_element());
  // A layout table around the whole report: one note per table (tests/corpus/html/002-layout-table).
  const auto layout = shared_context().process(read_file(kHtmlCorpus / "002-layout-table.html"), "002.html");
  BOOST_TEST(html_problems(layout).size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_comment_or_script_never_closed_hides_the_rest_of_the_page) {
  // The page up to its footer, which has a comment and a script of its own.
  auto page = read_file(kHtmlCorpus / kCms);
  page.resize(page.find("<!-- 正文结束"));
  const auto seed = shared_context().process(read_file(seed_of("001")), "001.txt");
  for (const std::string opener : {"<!-- 表四", "<script type=\"text/javascript\">"}) {
    BOOST_TEST_CONTEXT(opener) {
      auto broken = page;
      const auto at = broken.rfind("<p", broken.find("四、政府信息公开行政复议、行政诉讼情况"));
      broken.insert(at, opener);
      const auto r = shared_context().process(broken, "hidden.html");
      const std::string what = opener[1] == '!' ? "html-unclosed-comment " : "html-unclosed-element ";
      const std::string message = opener[1] == '!'
                                      ? "comment \"<!--\" is never closed (no \"-->\"): the rest of the page is not read"
                                      : "<script> is never closed (no </script>): the rest of the page is not read";
      const std::vector<std::string> want{"warning " + what + std::to_string(line_at(broken, at)) + ": " + message};
      BOOST_TEST(html_problems(r) == want, boost::test_tools::per_element());
      BOOST_TEST(to_string(r.status) == std::string("partial"));
      BOOST_TEST(r.table_profiles[2] == "");  // table 4 (review) is not read
      bool not_found = false;
      for (const auto& w : r.warnings) not_found = not_found || (w.code == "table-not-found" && w.message.find("review") != std::string::npos);
      BOOST_TEST(not_found);
      // Tables 2 and 3 are as in the seed.
      for (std::size_t i = 0; i < seed.values.size(); ++i)
        if (seed.model->keys[i].compare(0, 7, "review.") != 0)
          BOOST_TEST(r.values[i].number == seed.values[i].number, seed.model->keys[i]);
    }
  }
}

BOOST_AUTO_TEST_CASE(broken_pages_never_crash_or_hang) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  const auto page = read_file(kHtmlCorpus / kCms);
  std::size_t n = 0;
  // The page cut anywhere (in a tag, an entity, a UTF-8 character is made whole by decode).
  for (std::size_t cut = 0; cut < page.size(); cut += page.size() / 41 + 1) {
    const auto r = shared_context().process(page.substr(0, cut), "cut.html");
    if (cut < table_begin(page, 2)) BOOST_TEST((r.status != pipeline::status::parsed), cut);
    ++n;
  }
  BOOST_TEST_MESSAGE(n << " cut pages in " << std::chrono::duration<double>(clock::now() - start).count() << " s");
  // Degenerate pages.
  const auto repeat = [](const std::string& s, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += s;
    return out;
  };
  const std::vector<std::string> pathological = {
      std::string(200000, '<'), repeat("<td>", 50000), repeat("<table>", 20000), repeat("<tr><td><table>", 10000),
      repeat("<a href=\"", 20000), repeat("<!-", 50000), repeat("&#", 50000), repeat("<p>", 50000),
      repeat("<span>", 50000) + "<p>", repeat(" ", 200000) + "<p>", repeat("</td></tr></table>", 20000),
      "<table>" + repeat("<tr><td>1</td><td>2", 20000), repeat("<h1>", 20000), repeat("<th", 20000),
      repeat("<![", 20000), repeat("<script>", 20000), "<!--" + repeat("x", 100000)};
  for (const auto& p : pathological) {
    const auto t0 = clock::now();
    const auto r = shared_context().process(p, "pathological.html");
    const auto seconds = std::chrono::duration<double>(clock::now() - t0).count();
    BOOST_TEST(seconds < 10.0, p.substr(0, 20) << "... took " << seconds << " s");
    BOOST_TEST(r.errors.size() >= 1u);  // no tables
    ++n;
  }
  BOOST_TEST_MESSAGE(n << " pages in " << std::chrono::duration<double>(clock::now() - start).count() << " s");
  // Tag soup: random pieces of markup.
  const std::vector<std::string> pieces = {"<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=2>",
                                           "<p>", "</p>", "<br>", "<!--", "-->", "<script>", "</script>", "&nbsp;",
                                           "&#x4E00;", "&", "<", ">", "\"", "'", "规章", "0", "12", "\n",
                                           "二、主动公开政府信息情况", "行政许可", "<h2>", "</h2>", "<![if x]>"};
  std::mt19937 rng(20250101);
  for (int doc = 0; doc < 300; ++doc) {
    std::string s;
    const auto len = 1 + rng() % 400;
    for (std::size_t i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    shared_context().process(s, "soup.html");
    ++n;
  }
  const auto seconds = std::chrono::duration<double>(clock::now() - start).count();
  BOOST_TEST_MESSAGE(n << " broken pages in " << seconds << " s");
  BOOST_TEST(seconds < 120.0);
}

// Positions in a long line (an HTML page on one line) are found from checkpoints inside the line
// (core/line_index.hpp); they must be the positions counted from the line start.
BOOST_AUTO_TEST_CASE(positions_in_long_lines_are_exact) {
  std::string text;
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a", "规", "\n", "<td>", "\xF0\x9F\x98\x80", "\xE3\x80\x80", "  "};
  while (text.size() < 50000) text += pieces[rng() % 6 == 0 ? 2 : rng() % pieces.size()];
  text += std::string(20000, 'x') + "章" + std::string(9000, ' ');
  const line_index lines(text);
  for (std::size_t byte = 0; byte <= text.size(); byte += 1 + rng() % 97) {
    const auto want = position_of(text, byte), got = lines.position(byte);
    BOOST_TEST_REQUIRE(got.line == want.line, byte);
    BOOST_TEST_REQUIRE(got.column == want.column, byte);
  }
}

// The page's text and the grammar cut the page alike: every cell's text in the page's text is
// the text of the cell's HTML read on its own (the same tags dropped, the same blanks, the same
// start), on the corpus pages and on tag soup.
BOOST_AUTO_TEST_CASE(the_pages_text_and_the_grammar_agree_on_every_cell) {
  std::vector<std::string> pages;
  for (const auto& c : corpus::discover(kHtmlCorpus.string())) {
    const auto d = decode::decode(read_file(c.input));
    pages.push_back(d.text);
  }
  const std::vector<std::string> pieces = {"<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=2>",
                                           "<p>", "</p>", "<br>", "<span>", "</span>", "<!--", "-->", "<script>",
                                           "</script>", "&nbsp;", "&nbsp", "&#160;", "&#x4E00;", "&amp;", "&", "<", ">",
                                           "\"", "'", "规章", "0", " ", "\n", "　", "<h2>", "</h2>", "<![if x]>",
                                           "<a href=\"x>y\">", "<b", "<TD", "<o:p>", "<thead>", "<tbody>",
                                           "<style>", "</style>", "<?x?>", "<TABLE>", "<Td>", "</TD>", "<caption>",
                                           "&#12288;", "&emsp;", "&ensp", "&#xa0", "&NBSP;", "<br/>", "<td\n>",
                                           "<p\nclass=x>", "</p >", "<div>", "<li>", "<h1>", "</h1>", "\t"};
  std::mt19937 rng(12345);
  for (int doc = 0; doc < 3000; ++doc) {
    std::string s;
    const auto len = 1 + rng() % 60;
    for (std::size_t i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    pages.push_back(s);
  }
  const auto* g = layout::find_grammar("html");
  for (const auto& page : pages) {
    const auto text = html::read_page(page).text;
    BOOST_REQUIRE(text.size() == page.size());
    for (const auto& r : layout::cut(page, *g).rows)
      for (const auto& c : r.cells) {
        const auto in_page = collapse(std::string_view(text).substr(c.begin, c.end - c.begin));
        const auto alone = collapse(html::fragment_text(page.substr(c.begin, c.end - c.begin)));
        BOOST_TEST(in_page == alone, "cell " << page.substr(c.begin, c.end - c.begin) << " of page " << page);
      }
  }
}
