#define BOOST_TEST_MODULE xlsx
#include <boost/test/unit_test.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <regex>

#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

// Every member of a zip file (an .xlsx is one), by name.
std::map<std::string, std::string> unzip(const std::string& file) {
  std::map<std::string, std::string> out;
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  BOOST_REQUIRE(archive_read_open_filename(a, file.c_str(), 65536) == ARCHIVE_OK);
  archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string data;
    char buf[65536];
    for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;) data.append(buf, static_cast<std::size_t>(n));
    out[archive_entry_pathname(e)] = std::move(data);
  }
  archive_read_free(a);
  return out;
}

// The texts of the shared strings, in order (cell "t=s" values index them).
std::vector<std::string> shared_strings(const std::string& xml) {
  std::vector<std::string> out;
  const std::regex si("<t[^>]*>([^<]*)</t>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), si); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

// A cell's value as written: a number's text, or the shared string's text.
std::string cell(const std::string& sheet, const std::vector<std::string>& strings, const std::string& ref) {
  const std::regex c("<c r=\"" + ref + "\"([^>]*)><v>([^<]*)</v></c>");
  std::smatch m;
  if (!std::regex_search(sheet, m, c)) return "(none)";
  if (m[1].str().find("t=\"s\"") != std::string::npos) return strings.at(std::stoul(m[2]));
  return m[2];
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_workbook_with_a_sheet_per_table_and_chinese_headers) {
  temp_dir tmp;
  const auto r = run_nianbao({"parse", source_path("tests/corpus/seeds/000_7309f594a2168ba9.txt"),
                              source_path("tests/corpus/seeds/002_bd575b38e5e6b191.txt"), "-j", "1", "--xlsx",
                              tmp / "out.xlsx"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.empty());  // --xlsx alone: no JSON Lines
  const auto zip = unzip(tmp / "out.xlsx");
  const std::string& workbook = zip.at("xl/workbook.xml");
  std::vector<std::string> sheets;
  const std::regex name("<sheet name=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), name); it != std::sregex_iterator(); ++it)
    sheets.push_back((*it)[1]);
  BOOST_TEST(sheets == (std::vector<std::string>{"报告", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                                                 "政府信息公开行政复议、行政诉讼情况", "指标"}),
             boost::test_tools::per_element());
  const auto strings = shared_strings(zip.at("xl/sharedStrings.xml"));

  // 报告: headers, then one row per report with its division.
  const std::string& reports = zip.at("xl/worksheets/sheet1.xml");
  BOOST_TEST(cell(reports, strings, "D1") == "机关");
  BOOST_TEST(cell(reports, strings, "F2") == "region_code");
  BOOST_TEST(cell(reports, strings, "D3") == "包头市石拐区");
  BOOST_TEST(cell(reports, strings, "E3") == "2024");
  BOOST_TEST(cell(reports, strings, "F3") == "150205");
  BOOST_TEST(cell(reports, strings, "I4") == "兴和县");

  // Table 3: four leading columns, then the keys in model order: requests.new.total is the 7th
  // key (column K). 石拐区 received 12, 兴和县 26.
  const std::string& requests = zip.at("xl/worksheets/sheet3.xml");
  BOOST_TEST(cell(requests, strings, "K1") == "一、本年新收政府信息公开申请数量 · 总计（件）");
  BOOST_TEST(cell(requests, strings, "K2") == "requests.new.total");
  BOOST_TEST(cell(requests, strings, "K3") == "12");
  BOOST_TEST(cell(requests, strings, "K4") == "26");
  // Table 2's fees are 万元; table 4's groups have their Chinese names.
  BOOST_TEST(std::count(strings.begin(), strings.end(), "行政事业性收费 · 本年收费金额(单位:万元)（万元）") == 1);
  BOOST_TEST(cell(zip.at("xl/worksheets/sheet4.xml"), strings, "E1") == "行政复议 · 结果维持（件）");

  // 指标: 予以公开率 of 石拐区 5/11; its reconsideration correction rate (0 of 0) is empty.
  // libxlsxwriter writes a number to 16 significant digits (Excel keeps 15).
  const std::string& measures = zip.at("xl/worksheets/sheet5.xml");
  BOOST_TEST(cell(measures, strings, "E1") == "予以公开率");
  BOOST_TEST(cell(measures, strings, "E3") == "0.4545454545454545");  // 5/11
  BOOST_TEST(cell(measures, strings, "K2") == "reconsideration_correction_rate");
  BOOST_TEST(cell(measures, strings, "K3") == "(none)");
  BOOST_TEST(cell(measures, strings, "K4") == "0.2857142857142857");  // 兴和县: 2 corrected of 7
}
