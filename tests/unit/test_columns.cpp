#define BOOST_TEST_MODULE columns
#include <boost/test/unit_test.hpp>

// The geometry of laid-out text (read/columns.hpp): positioned fragments -> grid text. Pages are
// built here as a PDF reader sees them (points, y downwards, 10 pt type): each test asserts the
// exact grid text.

#include <string>
#include <vector>

#include "read/columns.hpp"

using namespace nianbao;
using read::columns::fragment;

namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// A word at (x, y) (its top-left corner) in `size` pt type: CJK characters one em wide, ASCII half.
fragment word(const std::string& text, double x, double y, std::size_t page = 1, double size = 10) {
  fragment f;
  f.text = text;
  f.x0 = x;
  f.x1 = x + static_cast<double>(code_points(text)) * size * (is_ascii(text) ? 0.5 : 1.0);
  f.top = y;
  f.bottom = y + size;
  f.em = f.height = size;
  f.page = page;
  return f;
}

// A row at y: a label at x = 50 and values under the columns at x = 200, 250, 300 ("" = blank).
void row(std::vector<fragment>& fs, const std::string& label, const std::vector<std::string>& values, double y,
         std::size_t page = 1) {
  if (!label.empty()) fs.push_back(word(label, 50, y, page));
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!values[i].empty()) fs.push_back(word(values[i], 200 + 50 * static_cast<double>(i), y, page));
}

std::string grid(std::vector<fragment> fs, std::size_t pages = 1) {
  std::vector<read::columns::page_box> boxes(pages, read::columns::page_box{842});
  return read::columns::to_grid(std::move(fs), boxes, read::format::pdf).text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_blank_cell_is_an_empty_cell_in_its_column_not_a_shift) {
  std::vector<fragment> fs;
  fs.push_back(word("信息内容", 50, 80));
  fs.push_back(word("制发", 195, 80));
  fs.push_back(word("废止", 245, 80));
  fs.push_back(word("有效", 295, 80));
  row(fs, "规章", {"0", "", "12"}, 100);
  row(fs, "行政规范性文件", {"", "5", ""}, 120);
  row(fs, "其他", {"3", "4", "5"}, 140);
  BOOST_TEST(grid(fs) ==
             "信息内容\t制发\t废止\t有效\n"
             "\n"
             "规章\t0\t\t12\n"
             "行政规范性文件\t\t5\t\n"
             "其他\t3\t4\t5\n"
             "\n");
}

BOOST_AUTO_TEST_CASE(a_wrapped_label_is_one_label_wherever_its_values_sit) {
  std::vector<fragment> fs;
  fs.push_back(word("标题", 50, 60));
  row(fs, "1.第一行", {"1", "2", "3"}, 80);
  // Values on the first line of a label wrapped over two lines (lines 14 pt apart, rows 20).
  row(fs, "2.部分公开（区分", {"4", "5", "6"}, 100);
  fs.push_back(word("处理的）", 50, 114));
  // Values on the middle line of three.
  fs.push_back(word("3.要求行政机关", 50, 134));
  row(fs, "确认或重新出具", {"7", "8", "9"}, 148);
  fs.push_back(word("已获取信息", 50, 162));
  // Values on the last line of two.
  fs.push_back(word("4.无正当理由", 50, 182));
  row(fs, "大量反复申请", {"10", "", "12"}, 196);
  // Values between the two lines of a label (centred on the cell), none on either line.
  fs.push_back(word("5.其他法律行政", 50, 216));
  row(fs, "", {"13", "14", "15"}, 223);
  fs.push_back(word("法规禁止公开", 50, 230));
  row(fs, "6.最后一行", {"16", "17", "18"}, 250);
  BOOST_TEST(grid(fs) ==
             "标题\n"
             "\n"
             "1.第一行\t1\t2\t3\n"
             "2.部分公开（区分处理的）\t4\t5\t6\n"
             "3.要求行政机关确认或重新出具已获取信息\t7\t8\t9\n"
             "4.无正当理由大量反复申请\t10\t\t12\n"
             "5.其他法律行政法规禁止公开\t13\t14\t15\n"
             "6.最后一行\t16\t17\t18\n"
             "\n");
}

BOOST_AUTO_TEST_CASE(a_group_label_printed_vertically_or_between_rows_is_a_line_of_its_own) {
  std::vector<fragment> fs;
  row(fs, "一、本年新收", {"1", "2", "3"}, 80);
  // Rotated text: "三、本年度办理结果" printed top to bottom at x = 20, in pieces, beside the rows.
  for (const auto& [text, y] : std::vector<std::pair<std::string, double>>{
           {"三", 100}, {"、本", 110}, {"年", 130}, {"度办", 140}, {"理", 160}, {"结果", 170}}) {
    fragment f = word(text, 20, y);
    f.x1 = 30;
    f.bottom = y + 10 * static_cast<double>(code_points(text));
    f.vertical = true;
    fs.push_back(f);
  }
  // Sub-rows at x = 100, their group's label at x = 50 centred between them.
  for (std::size_t i = 0; i < 4; ++i) {
    const double y = 100 + 20 * static_cast<double>(i);
    fs.push_back(word(std::to_string(i + 1) + ".子项", 100, y));
    for (std::size_t c = 0; c < 3; ++c) fs.push_back(word(std::to_string(c), 200 + 50 * static_cast<double>(c), y));
  }
  fs.push_back(word("（三）不予公开", 50, 130));
  BOOST_TEST(grid(fs) ==
             "\n"
             "一、本年新收\t1\t2\t3\n"
             "三、本年度办理结果\n"
             "1.子项\t0\t1\t2\n"
             "2.子项\t0\t1\t2\n"
             "（三）不予公开\n"
             "3.子项\t0\t1\t2\n"
             "4.子项\t0\t1\t2\n"
             "\n");

  // Letter-spaced, one character per line, not rotated: the same group label.
  std::vector<fragment> spaced;
  const std::vector<std::string> chars = {"三", "、", "本", "年", "度"};
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const double y = 100 + 20 * static_cast<double>(i);
    spaced.push_back(word(chars[i], 20, y));
    spaced.push_back(word("（" + std::to_string(i + 1) + "）项", 100, y));
    for (std::size_t c = 0; c < 3; ++c) spaced.push_back(word(std::to_string(i), 200 + 50 * static_cast<double>(c), y));
  }
  BOOST_TEST(grid(spaced) ==
             "\n"
             "三、本年度\n"
             "（1）项\t0\t0\t0\n"
             "（2）项\t1\t1\t1\n"
             "（3）项\t2\t2\t2\n"
             "（4）项\t3\t3\t3\n"
             "（5）项\t4\t4\t4\n"
             "\n");
}

// A row's label wrapped over two lines with its values between them, beside a group label's cell
// that goes on over the same lines (（六）其他 / 处理, 分散对齐 or a narrow column): the values
// are the row's, with the group label before it, never the group label's alone. Lines 7 pt apart.
BOOST_AUTO_TEST_CASE(values_between_the_lines_of_a_wrapped_label_are_its_row_beside_a_group_label) {
  const auto around = [](bool group_label_on_the_values_line) {
    std::vector<fragment> fs;
    row(fs, "", {"1", "2", "3"}, 70);
    fs.push_back(word("1.甲项", 100, 70));
    if (group_label_on_the_values_line) {
      // The group label's first piece above the row's label, its second on the values' line.
      fs.push_back(word("（六）其他", 40, 93));
      fs.push_back(word("2.申请人逾期", 100, 100));
      fs.push_back(word("处理", 40, 107));
      row(fs, "", {"4", "5", "6"}, 107);
      fs.push_back(word("未缴费用", 100, 114));
    } else {
      // Both labels start on one line, the values' line between their two lines has no text.
      fs.push_back(word("（六）其他", 40, 100));
      fs.push_back(word("2.申请人逾期", 100, 100));
      row(fs, "", {"4", "5", "6"}, 107);
      fs.push_back(word("处理", 40, 114));
      fs.push_back(word("未缴费用", 100, 114));
    }
    row(fs, "", {"7", "8", "9"}, 135);
    fs.push_back(word("3.其他", 100, 135));
    return grid(fs);
  };
  const std::string expected =
      "\n"
      "1.甲项\t1\t2\t3\n"
      "（六）其他处理\t2.申请人逾期未缴费用\t4\t5\t6\n"
      "3.其他\t7\t8\t9\n"
      "\n";
  BOOST_TEST(around(true) == expected);
  BOOST_TEST(around(false) == expected);
}

BOOST_AUTO_TEST_CASE(page_numbers_and_running_headers_are_dropped_and_a_table_goes_on_across_pages) {
  std::vector<fragment> fs;
  for (std::size_t page = 1; page <= 3; ++page) {
    fs.push_back(word("某某区人民政府文件", 200, 30, page));  // a running header
    const std::vector<std::string> numbers = {"-1-", "— 2 —", "第 3 页"};
    fs.push_back(word(numbers[page - 1], 280, 800, page));
  }
  fs.push_back(word("正文第一行", 50, 60, 1));
  row(fs, "1.甲", {"1", "2", "3"}, 700, 1);
  row(fs, "2.乙", {"4", "5", "6"}, 720, 1);
  // Page 2 goes on with the table; its middle column is blank all down the page.
  row(fs, "3.丙", {"7", "", "9"}, 60, 2);
  row(fs, "4.丁", {"10", "", "12"}, 80, 2);
  fs.push_back(word("四、结束语", 50, 150, 2));
  fs.push_back(word("第三页正文", 50, 60, 3));
  BOOST_TEST(grid(fs, 3) ==
             "正文第一行\n"
             "\n"
             "1.甲\t1\t2\t3\n"
             "2.乙\t4\t5\t6\n"
             "3.丙\t7\t\t9\n"
             "4.丁\t10\t\t12\n"
             "\n"
             "四、结束语\n"
             "第三页正文\n");
}

BOOST_AUTO_TEST_CASE(anchors_give_page_line_and_grid_column) {
  std::vector<fragment> fs;
  fs.push_back(word("标题", 50, 60, 2));
  // One row: the header tells where its blank cell is.
  fs.push_back(word("制发", 195, 80, 2));
  fs.push_back(word("废止", 245, 80, 2));
  fs.push_back(word("有效", 295, 80, 2));
  row(fs, "规章", {"0", "", "12"}, 100, 2);
  std::vector<read::columns::page_box> boxes(2, read::columns::page_box{842});
  const auto doc = read::columns::to_grid(fs, boxes, read::format::pdf);
  BOOST_TEST(doc.text == "标题\n制发\t废止\t有效\n\n规章\t0\t\t12\n\n");
  const auto at = [&](std::string_view cell) { return doc.origin_of(doc.text.find(cell)); };
  BOOST_TEST(at("标题").page == 2u);
  BOOST_TEST(at("标题").line == 1u);
  BOOST_TEST(at("规章").line == 3u);
  BOOST_TEST(at("规章").column == 1u);
  BOOST_TEST(at("12").column == 4u);
  const auto blank = doc.origin_of(doc.text.find("\t\t") + 1);  // the empty cell
  BOOST_TEST(blank.line == 3u);
  BOOST_TEST(blank.column == 3u);
  BOOST_TEST(doc.pages == 2u);
}

BOOST_AUTO_TEST_CASE(values_and_numbering_are_told_apart) {
  using read::columns::is_value_text;
  using read::columns::starts_with_numbering;
  for (const char* v : {"0", "12", "1,234", "1 234", "7730.28", "-417", "+19", "／", "—", "无", "１２"})
    BOOST_TEST(is_value_text(v), v);
  for (const char* t : {"1.", "规章", "2023年", "1.属于", "12a", ""}) BOOST_TEST(!is_value_text(t), t);
  for (const char* n : {"1.属于国家秘密", "（三）不予公开", "(2)其他", "三、本年度", "10、其他"})
    BOOST_TEST(starts_with_numbering(n), n);
  for (const char* t : {"计其他情形）", "已获取信息", "1.5倍", "规章"}) BOOST_TEST(!starts_with_numbering(t), t);
}

// Headers printed one character per line in narrow columns: each header line is a row of single
// characters with equal gaps (as text spread over a cell would be), and the middle column is blank
// all down. The stacks are read top to bottom and each gives its column.
BOOST_AUTO_TEST_CASE(a_header_printed_one_character_per_line_gives_its_column_even_when_blank) {
  std::vector<fragment> fs;
  fs.push_back(word("行政复议", 200, 40));
  const std::vector<std::string> heads{"结果维持", "结果纠正", "其他结果"};
  for (std::size_t line = 0; line < 4; ++line)
    for (std::size_t c = 0; c < heads.size(); ++c)
      fs.push_back(word(heads[c].substr(3 * line, 3), 200 + 50 * static_cast<double>(c), 52 + 12 * static_cast<double>(line)));
  row(fs, "", {"5", "", "7"}, 110);
  row(fs, "", {"1", "", "3"}, 130);
  BOOST_TEST(grid(fs) ==
             "行政复议\n"
             "结果维持\n"
             "结果纠正\n"
             "其他结果\n"
             "\n"
             "5\t\t7\n"
             "1\t\t3\n"
             "\n");
}

// Numbered labels spread over cells of one width, in rows with blank values one under another:
// their characters line up, but each run is a label, not stacked headers.
BOOST_AUTO_TEST_CASE(numbered_labels_spread_over_their_cells_stay_labels_when_they_line_up) {
  std::vector<fragment> fs;
  const auto spread = [&](const std::string& number, const std::string& han, double y) {
    fs.push_back(word(number, 50, y));
    for (std::size_t i = 0; i < han.size() / 3; ++i) fs.push_back(word(han.substr(3 * i, 3), 70 + 20 * static_cast<double>(i), y));
  };
  row(fs, "一、本年新收", {"1", "2", "3"}, 60);
  spread("5.", "属于三类内部", 80);
  spread("6.", "属于四类过程", 100);
  spread("7.", "属于行政执法", 120);
  row(fs, "二、总计", {"4", "5", "6"}, 140);
  const std::string text = grid(fs);
  BOOST_TEST(text.find("5.属于三类内部\n6.属于四类过程\n7.属于行政执法\n") != std::string::npos, text);
}
