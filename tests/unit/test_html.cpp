// HTML pages (read/html.hpp, profiles/html.toml): the grid text an HTML5 parser's tree is read
// into (rowspan, colspan, blank cells, spans, line breaks, nested tables, comments and scripts,
// broken markup) with every cell's position on the page, the HTML renderings of tests/corpus/html
// read to exactly the values of their seeds (a GBK one included), blank cells read as empty cells
// and never as 0 nor shifted, and broken pages give exact warnings, never a crash or a hang.
#define BOOST_TEST_MODULE html
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
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
#include "layout/layout.hpp"
#include "read/html.hpp"
#include "profile/profile.hpp"
#include "grid_rows.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
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

using test::rows;

// The grid text of a page as rows (test::grid_rows).
rows grid(const std::string& page) {
  const auto doc = read::read_html(page);
  BOOST_TEST((doc.kind == read::format::html));
  return test::grid_rows(doc);
}

// The position on the page ("line:column") of the first byte of the n-th (0-based) occurrence of
// `what` in the page's grid text.
std::string where_in_grid(const std::string& page, const std::string& what, std::size_t n = 0) {
  return test::where_in(read::read_html(page), what, n);
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
// The grid text of a page

BOOST_AUTO_TEST_CASE(a_table_is_a_grid_with_every_cell_and_text_outside_tables_is_lines) {
  const std::string page =
      "<h2 class=\"t\">二、主动公开<span>政府信息情况</span></h2>\n"
      "<table border=\"1\"><tbody>\n"
      "<tr><td rowspan=\"2\" style=\"width:60px\"><p align=\"center\">三、本年度办理结果</p></td>\n"
      "    <td colspan=\"2\"><p><span style='font-family:宋体'>（一）予以公开</span></p></td>"
      "<td>&nbsp;5&nbsp;</td><td>&nbsp;</td><td>1<span>2</span></td></tr>\n"
      "<tr><td colspan=2>（二）部分公开<br/>（区分处理的）</td><td title=\"a>b\"><p>1,234</p></td><td></td></tr>\n"
      "</tbody></table>\n"
      "<p>五、存在的主要问题及改进情况</p><div>一是<b>加强</b>\n培训<br>二是&ldquo;改进&rdquo;</div>\n";
  // Row 2: the rowspan's cell and the colspan's second cell covered; its last cell missing (the
  // row is shorter than the table): covered too. Blank cells (&nbsp;, <td></td>) are empty.
  BOOST_TEST(grid(page) == (rows{"二、主动公开政府信息情况", "", "三、本年度办理结果|（一）予以公开|^|5||12", "^|（二）部分公开 （区分处理的）|^|1,234||^", "", "五、存在的主要问题及改进情况", "一是加强 培训", "二是“改进”"}),
             boost::test_tools::per_element());
  // Each cell where its first visible character is on the page; an empty cell at its <td>.
  BOOST_TEST(where_in_grid(page, "三、") == "3:58");
  BOOST_TEST(where_in_grid(page, "（一）") == "4:53");
  BOOST_TEST(where_in_grid(page, "5\t") == "4:86");  // after "&nbsp;"
  BOOST_TEST(where_in_grid(page, "\t\t12") == "4:87");  // the tab after "5": counted on from it
  BOOST_TEST(where_in_grid(page, "\t12") == "4:98");  // the empty cell: its <td>
  BOOST_TEST(where_in_grid(page, "12") == "4:117");
  BOOST_TEST(where_in_grid(page, "（区分") == "5:31");   // after <br/>
  BOOST_TEST(where_in_grid(page, "1,234") == "5:62");
  BOOST_TEST(where_in_grid(page, "培训") == "8:1");     // after a line end on the page
  BOOST_TEST(where_in_grid(page, "改进", 1) == "8:16");  // after &ldquo;
  BOOST_TEST(where_in_grid(page, "”") == "8:18");       // &rdquo;
}

BOOST_AUTO_TEST_CASE(rowspan_and_colspan_are_placed_as_browsers_place_them) {
  // rowspan="0" runs to the end of its row group (<thead>), a rowspan beyond the group ends
  // with it; digits split over <span>s are one number; a cell of blanks only (a space, &nbsp;,
  // U+3000) is empty.
  const std::string page =
      "<table><thead><tr><th rowspan=0>a</th><th colspan=2>b</th></tr><tr><th>c</th><th>d</th></tr></thead>\n"
      "<tbody><tr><td rowspan=5>e</td><td>1</td><td></td></tr><tr><td>2<span>3</span></td>"
      "<td> &nbsp;&#12288; </td></tr></tbody></table><p>x</p>";
  BOOST_TEST(grid(page) == (rows{"a|b|^", "^|c|d", "e|1|", "^|23|", "", "x"}),
             boost::test_tools::per_element());
  // Spans given as browsers take them: colspan="2x" is 2, colspan="0" or "x" is 1, at most 1000.
  BOOST_TEST(grid("<table><tr><td colspan=\"2x\">a</td><td colspan=0>b</td><td colspan=x>c</td></tr>"
                  "<tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>") ==
                 (rows{"a|^|b|c", "1|2|3|4", ""}),
             boost::test_tools::per_element());
  const auto wide = read::read_html("<table><tr><td colspan=5000>a</td></tr></table>");
  BOOST_TEST(wide.covered.size() == 999u);
}

BOOST_AUTO_TEST_CASE(upper_case_tags_unquoted_attributes_and_left_out_end_tags) {
  const std::string page =
      "<TABLE class=MsoNormalTable border=1>\n<TBODY>\n<TR><TD width=64 rowSpan=3>规章<TD>0<TD>1\n"
      "<TR><TH colSpan=2>行政许可<Td>3</TBODY>\n</TABLE>\n<P>六、其他需要报告的事项";
  BOOST_TEST(grid(page) == (rows{"规章|0|1|^", "^|行政许可|^|3", "", "六、其他需要报告的事项"}),
             boost::test_tools::per_element());
  // Blanks and inline tags between the cells of a row do not end it.
  BOOST_TEST(grid("<table><tr> &nbsp;<font><td>规章</td>\n&#160;<!-- x --><td>0</td></font></tr></table>") ==
                 (rows{"规章|0", ""}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(comments_scripts_styles_and_declarations_are_not_read) {
  const std::string page =
      "<!DOCTYPE html><?xml version=\"1.0\"?>\n<style>td { color: red } /* <td>6</td> */</style>\n"
      "<script type=\"text/javascript\">var s = \"<tr><td>9</td></tr>\"; if (a < b) {}</script>\n"
      "<table><!-- <tr><td>8</td></tr> --><tr><td>规章<!-- 7 --></td><td>0</td></tr></table>\n"
      "<p><![if !supportLists]>x<![endif]><o:p></o:p></p><noscript>y</noscript><template>z</template><SCRIPT>\n</SCRIPT >";
  BOOST_TEST(grid(page) == (rows{"规章|0", "", "x"}), boost::test_tools::per_element());
  BOOST_TEST(read::read_html(page).problems.empty());
}

BOOST_AUTO_TEST_CASE(a_table_in_a_cell_makes_its_table_a_layout_table) {
  const std::string page =
      "<table><tr><td>菜单</td><td class=main><p>二、主动公开政府信息情况</p>\n"
      "<table><tr><td>规章</td><td>0</td></tr></table><p>三、收到和处理政府信息公开申请情况</p></td>"
      "<td>右栏</td></tr></table>";
  BOOST_TEST(grid(page) == (rows{"菜单", "二、主动公开政府信息情况", "", "规章|0", "", "三、收到和处理政府信息公开申请情况", "右栏"}),
             boost::test_tools::per_element());
  const auto doc = read::read_html(page);
  BOOST_REQUIRE(doc.problems.size() == 1u);
  BOOST_TEST(doc.problems[0].format(false) ==
             "<input>:2:1: note[html-nested-table]: table inside a cell of the table at line 1: its rows are read as "
             "rows, the text of the cell around it as lines");
}

BOOST_AUTO_TEST_CASE(a_less_than_sign_that_starts_no_tag_is_text_and_references_are_decoded) {
  BOOST_TEST(grid("<p>1 < 2 &lt; 3 &amp;&amp; a<b</p><p>c</p>") == (rows{"1 < 2 < 3 && a", "c"}));
  BOOST_TEST(grid("<p>&#x4E00;&#20108;&amp;&lt;&gt;&quot;&apos;&ldquo;x&rdquo;&nbsp;&emsp;&#12288;"
                  "&bogus;&#0;&#128;&nbsp y&AMP;&#X4e09;</p>") ==
             (rows{"一二&<>\"'“x” \u2003\u3000&bogus;\xEF\xBF\xBD€  y&三"}));
  BOOST_TEST(grid("<td>行政&#35768;可<br>本年&#x5904;理") == (rows{"行政许可", "本年处理"}));
  BOOST_TEST(where_in_grid("<p>a&ldquo;b&#x4E00;c&nbsp;&nbsp;d</p>", "c") == "1:21");
  BOOST_TEST(where_in_grid("<p>a&ldquo;b&#x4E00;c&nbsp;&nbsp;d</p>", "d") == "1:34");
  BOOST_TEST(where_in_grid("<p>ab\r\ncd</p>", "cd") == "2:1");
}

BOOST_AUTO_TEST_CASE(content_moved_out_of_an_unclosed_table_is_read_in_the_pages_order) {
  // A browser shows the heading before table 1 (it is moved out of the table that is never
  // closed); read in the page's order it comes after, before table 2.
  const std::string page =
      "<table><tr><td>一、本年新收</td><td>1</td></tr>\n<p>四、政府信息公开行政复议</p>\n"
      "<table><tr><td>11</td></tr></table>";
  BOOST_TEST(grid(page) == (rows{"一、本年新收|1", "", "四、政府信息公开行政复议", "", "11", ""}),
             boost::test_tools::per_element());
  const auto doc = read::read_html(page);
  BOOST_REQUIRE(doc.problems.size() == 1u);
  BOOST_TEST(doc.problems[0].format(false) ==
             "<input>:1:1: warning[html-unclosed-table]: <table> is never closed (no </table>): it ends where the "
             "table at line 3 begins");
}

BOOST_AUTO_TEST_CASE(the_position_of_a_byte_counts_on_from_its_anchor) {
  read::document d;
  d.text = "规章\t12\n";
  d.anchors = {{0, {0, 3, 5}}, {7, {0, 3, 40}}};
  BOOST_TEST(d.position(0).column == 5u);
  BOOST_TEST(d.position(3).column == 6u);  // the byte after "规"
  BOOST_TEST(d.position(6).column == 7u);
  BOOST_TEST(d.position(8).column == 41u);
  BOOST_TEST(d.position(8).line == 3u);
  BOOST_TEST(d.origin_of(8).column == 40u);
  read::document none;
  none.text = "x";
  BOOST_TEST(none.position(0).line == 0u);
}

BOOST_AUTO_TEST_CASE(what_looks_like_an_html_page) {
  BOOST_TEST(read::looks_like_html("<p>x</p>"));
  BOOST_TEST(read::looks_like_html("<!DOCTYPE HTML>\nx"));
  BOOST_TEST(read::looks_like_html("x\n<TD>1"));
  BOOST_TEST(!read::looks_like_html(""));
  BOOST_TEST(!read::looks_like_html("a<b 1 < 2 > 0"));
  BOOST_TEST(!read::looks_like_html(read_file(seed_of("000"))));  // <http://www.shiguai.gov.cn/> is no element
}

BOOST_AUTO_TEST_CASE(the_markup_key_of_a_profile) {
  const auto p = profile::load_profile_file((kSource / "profiles/html.toml").string());
  BOOST_TEST(p.markup_html);
  BOOST_TEST(p.grammar == "tab");
  BOOST_TEST(p.empty_cells_are_values);
  BOOST_TEST(!profile::load_profile_file((kSource / "profiles/tab.toml").string()).markup_html);
  try {
    profile::parse_profile("name = \"x\"\ngrammar = \"tab\"\nmarkup = \"xml\"\n", "x.toml");
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

// ---------------------------------------------------------------------------------------------
// Blank cells (tests/corpus/html-blank): each an empty cell, never 0, never shifting its row

// The keys a page of tests/corpus/html-blank leaves blank (as its generator, .make_html.py, does).
bool blank_in_page(const std::string& page, const std::string& key, const value& seed_value) {
  const auto starts = [&](const char* p) { return key.compare(0, std::strlen(p), p) == 0; };
  if (page.find("zeros") != std::string::npos)
    return (starts("requests.") || starts("review.")) && seed_value.kind == cell_kind::number && seed_value.number == 0;
  if (page.find("columns") != std::string::npos)
    return (starts("requests.") && key.size() > 9 && key.compare(key.size() - 9, 9, ".research") == 0) ||
           starts("review.litigation_direct.") || key == "active.coercion.decisions";
  BOOST_FAIL("no blanks known for page " << page);
  return false;
}

BOOST_AUTO_TEST_CASE(blank_cells_are_empty_cells_never_0_nor_shifted) {
  std::size_t pages = 0, blanks = 0;
  for (const auto& c : corpus::discover((kSource / "tests/corpus/html-blank").string())) {
    ++pages;
    BOOST_TEST_CONTEXT("page " << c.name) {
      const auto seed = seed_of(fs::path(c.input).filename().string());
      const auto page = shared_context().process(read_file(c.input), c.input);
      const auto text = shared_context().process(read_file(seed), seed.string());
      BOOST_REQUIRE(page.model == text.model);
      BOOST_TEST(page.errors.empty());
      BOOST_TEST(page.repairs.empty());
      for (const auto& p : page.table_profiles) BOOST_TEST(p == "html");
      std::size_t here = 0;
      for (std::size_t i = 0; i < text.values.size(); ++i) {
        const auto& key = text.model->keys[i];
        const auto &got = page.values[i], &want = text.values[i];
        if (blank_in_page(c.name, key, want)) {
          ++here;
          BOOST_TEST((got.kind == cell_kind::empty), key << " is " << to_string(got.kind));
          BOOST_TEST(got.where.line > 0u, key);  // at its <td>
        } else {
          BOOST_TEST((got.kind == want.kind), key);
          BOOST_TEST(got.number == want.number, key);
        }
      }
      BOOST_TEST(here > 20u);
      blanks += here;
      // The expected file says so too: its cells are exactly the blank ones, all empty.
      const auto pe = json::parse(read_file(c.expected));
      BOOST_TEST(pe["cells"].size() == here);
      for (const auto& [key, cell] : pe["cells"].items()) BOOST_TEST(cell["kind"] == "empty", key);
    }
  }
  BOOST_TEST(pages == 3u);
  BOOST_TEST(blanks == 164u + 31u + 182u);
}
