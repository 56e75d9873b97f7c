#define BOOST_TEST_MODULE report
#include <boost/test/unit_test.hpp>

#include "report/html_report.hpp"
#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

// 兴和县 2024 (seed 002) and 2025 (tests/compare/README.md), 湛河区 2024 (seed 001, another
// province), and 红寺堡区 2024 (seed 004) with its (一)予以公开 total made 5 where the row sums to 4.
const std::string kYear2024 = source_path("tests/corpus/seeds/002_bd575b38e5e6b191.txt");
const std::string kYear2025 = source_path("tests/compare/xinghe-2025.txt");
const std::string kHenan = source_path("tests/corpus/seeds/001_b567e4114b5ffb79.txt");

bool has(const std::string& page, const std::string& part) { return page.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(escapes_text_for_html) {
  BOOST_TEST(report::escape_html("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
}

BOOST_AUTO_TEST_CASE(the_page_of_two_years_and_a_failing_report) {
  temp_dir tmp;
  const auto broken = tmp.put("hongsibu-2024.txt", replace_once(seed("004_123f89bb2f6c6569.txt"),
                                                                "(一) 予以公开\t4\t0\t0\t0\t0\t0\t4",
                                                                "(一) 予以公开\t4\t0\t0\t0\t0\t0\t5"));
  const std::string out = tmp / "report.html";
  const auto r = run_nianbao({"report", out, kYear2024, kYear2025, kHenan, broken, "-j", "1", "--title", "测试 <报告>"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err == "nianbao: 4 reports, 1 pairs of consecutive years: " + out + "\n");
  const std::string page = read_file(out);

  // One page that needs nothing else: no script, nothing fetched.
  BOOST_TEST(page.rfind("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>测试 &lt;报告&gt;</title>", 0) == 0);
  BOOST_TEST(!has(page, "<script"));
  BOOST_TEST(!has(page, "src="));
  BOOST_TEST(!has(page, "http"));
  BOOST_TEST(!has(page, "<link"));

  // The summary.
  BOOST_TEST(has(page, "<div class=\"card\"><b>4</b>报告</div><div class=\"card\"><b>4</b>完整解析 parsed</div>"
                       "<div class=\"card\"><b>0</b>部分 partial</div><div class=\"card\"><b>0</b>失败 failed</div>"
                       "<div class=\"card\"><b>2</b>规则未通过</div><div class=\"card\"><b>4</b>已定位行政区划</div>"
                       "<div class=\"card\"><b>1</b>跨年度配对</div>"));

  // The measures: a distribution each, and where each province stands (numerators and
  // denominators pooled: 予以公开 10 + 16 of 26 + 32 for 兴和县's two years). The report whose
  // arithmetic fails is left out (its 实质公开率 would be 6 / 5).
  BOOST_TEST(has(page, "<h3>予以公开率 <span class=\"muted\">granted_rate · 3 份报告有值，1 份规则未通过未计入</span></h3>"));
  BOOST_TEST(has(page, "<title>兴和县 2025 (150924 内蒙古自治区乌兰察布市兴和县): 50.0%</title>"));
  BOOST_TEST(has(page, "<title>湛河区人民政府 2024 (410411 河南省平顶山市湛河区): 23.2%</title>"));
  BOOST_TEST(!has(page, "红寺堡区人民政府办公室 2024 ("));
  BOOST_TEST(has(page, "<tr><td class=\"n\">1</td><td>15 内蒙古自治区</td><td class=\"n\">2</td>"
                       "<td class=\"n\">26 / 58</td><td class=\"n\">44.8%</td></tr>"
                       "<tr><td class=\"n\">2</td><td>41 河南省</td><td class=\"n\">1</td>"
                       "<td class=\"n\">49 / 211</td><td class=\"n\">23.2%</td></tr></table>"));
  BOOST_TEST(!has(page, "64 宁夏回族自治区"));

  // The failing report and the cells behind its failures.
  BOOST_TEST(has(page, "<tr><td>红寺堡区人民政府办公室</td><td>2024</td><td>640303</td><td class=\"n\">2</td><td><div>"
                       "<span class=\"fail\">row_total/granted</span> 5 ≠ 4 <span class=\"muted\">"
                       "requests.granted.total=5 @52:35, requests.granted.natural_person=4 @52:23,"));
  BOOST_TEST(has(page, "<div><span class=\"fail\">handled_sum/total</span> 5 ≠ 6 <span class=\"muted\">"
                       "requests.total.total=5 @74:21, requests.granted.total=5 @52:35, "
                       "requests.partially_granted.total=1 @53:44,"));

  // 兴和县 beside last year: values with their Chinese labels, measures, the across-years rules.
  BOOST_TEST(has(page, "<tr><td>一、本年新收政府信息公开申请数量 · 总计（件） <span class=\"muted\">requests.new.total</span></td>"
                       "<td class=\"n\">26</td><td class=\"n\">30</td><td class=\"n up\">+4</td></tr>"));
  BOOST_TEST(has(page, "<tr><td>予以公开率</td><td class=\"n\">38.5%</td><td class=\"n\">50.0%</td>"
                       "<td class=\"n up\">+11.5 pt</td></tr>"));
  BOOST_TEST(has(page, "<p>跨年度规则：通过 7，未通过 2。</p><div class=\"fail\">carried_over/natural_person：本年「上年结转」"
                       "应等于上年「结转下年度继续办理」（2 ≠ 0）</div><div class=\"fail\">carried_over/total："
                       "本年「上年结转」应等于上年「结转下年度继续办理」（2 ≠ 0）</div>"));
}

// The same page made from the run's SQLite file (nianbao parse --db), without reading the
// reports again: byte for byte the page made from the reports, but for the command line in its
// foot. The input that is the page's own output, a device, and a database of something else are
// refused.
BOOST_AUTO_TEST_CASE(the_page_of_a_run_database_is_the_page_of_its_reports) {
  temp_dir tmp;
  const auto broken = tmp.put("hongsibu-2024.txt", replace_once(seed("004_123f89bb2f6c6569.txt"),
                                                                "(一) 予以公开\t4\t0\t0\t0\t0\t0\t4",
                                                                "(一) 予以公开\t4\t0\t0\t0\t0\t0\t5"));
  const auto binary = tmp.put("picture.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));  // a failed record
  const std::string db = tmp / "run.sqlite";
  const std::vector<std::string> inputs = {kYear2024, kYear2025, kHenan, broken, binary};
  std::vector<std::string> parse = {"parse", "-q", "-j", "1", "--db", db};
  parse.insert(parse.end(), inputs.begin(), inputs.end());
  BOOST_TEST(run_nianbao(parse).exit_code == 1);  // the binary input failed

  std::vector<std::string> direct = {"report", tmp / "direct.html", "-j", "1"};
  direct.insert(direct.end(), inputs.begin(), inputs.end());
  BOOST_TEST(run_nianbao(direct).exit_code == 0);
  const auto r = run_nianbao({"report", tmp / "from-db.html", db});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err == "nianbao: 5 reports from the database, 1 pairs of consecutive years: " + tmp / "from-db.html" + "\n");
  // The foot names the command line, which differs; everything before it is the same.
  const auto foot = [](const std::string& page) { return page.rfind("<p class=\"muted\">nianbao "); };
  const auto body = [&](const std::string& page) { return page.substr(0, foot(page)); };
  const std::string a = read_file(tmp / "direct.html"), b = read_file(tmp / "from-db.html");
  BOOST_TEST(foot(a) != std::string::npos);
  BOOST_TEST(foot(b) != std::string::npos);
  BOOST_TEST(body(a) == body(b));
  BOOST_TEST(has(b, "红寺堡区"));

  // Refused: writing over the database it reads; a database that is not a run's.
  const auto over = run_nianbao({"report", db, db});
  BOOST_TEST(over.exit_code == 2);
  BOOST_TEST(over.err == db + ": error[output]: the page names an input of this run (" + db +
                             "), which the output would replace (nothing was written)\n",
             over.err);
  const auto other = tmp.put("other.sqlite", read_file(db).substr(0, 16) + std::string(4096, '\0'));
  const auto bad = run_nianbao({"report", tmp / "x.html", other});
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.err.rfind(other + ": error[bad-database]: ", 0) == 0, bad.err);
}
