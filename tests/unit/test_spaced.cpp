#define BOOST_TEST_MODULE spaced
#include <boost/test/unit_test.hpp>

// Space-aligned text read by its columns (read/spaced.hpp): each test asserts the exact grid
// text (a row's cells by column, a blank cell an empty string between two tabs) and, where it
// matters, the origin (line, code point column) of cells.

#include <string>

#include "cells/cell_value.hpp"
#include "read/spaced.hpp"
#include "test_support.hpp"

using namespace nianbao;

namespace {

std::string grid(const std::string& text) { return read::read_spaced(text).text; }

// The origin of the n-th occurrence (0-based) of `piece` in the grid text.
read::origin origin_of(const read::document& d, const std::string& piece, std::size_t n = 0) {
  std::size_t at = d.text.find(piece);
  for (; n > 0 && at != std::string::npos; --n) at = d.text.find(piece, at + 1);
  BOOST_REQUIRE(at != std::string::npos);
  return d.position(at);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_blank_cell_is_an_empty_cell_in_its_column_not_a_shift) {
  // Typed in a monospaced font: CJK characters two columns wide line the values up.
  const std::string text =
      "信息内容      本年制发件数  本年废止件数  现行有效件数\n"
      "规章               0                          12\n"
      "行政规范性文件                   5\n"
      "其他               3             4             5\n"
      "一、本年新收       1             2             3\n"
      "二、上年结转       7             8             9\n";
  const auto d = read::read_spaced(text);
  BOOST_TEST(std::string(read::to_string(d.kind)) == "spaced");
  BOOST_TEST(d.text ==
             "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
             "\n"
             "规章\t0\t\t12\n"
             "行政规范性文件\t\t5\t\n"
             "其他\t3\t4\t5\n"
             "一、本年新收\t1\t2\t3\n"
             "二、上年结转\t7\t8\t9\n"
             "\n");
  // Provenance: line and code point column of the text (a CJK character is one column here).
  const auto twelve = origin_of(d, "12");
  BOOST_TEST(twelve.line == 2u);
  BOOST_TEST(twelve.column == 45u);
  const auto five = origin_of(d, "5\t\n");
  BOOST_TEST(five.line == 3u);
  BOOST_TEST(five.column == 27u);
  // The blank cells of line 3: where their columns start on it.
  const auto blank = origin_of(d, "\t\t5");
  BOOST_TEST(blank.line == 3u);
  BOOST_TEST(d.position(d.text.find("\t\t5") + 1).column == 13u);
  BOOST_TEST(d.position(d.text.find("5\t\n") + 2).column == 41u);
  BOOST_TEST(d.position(d.text.find("0\t\t12") + 2).column == 32u);
}

BOOST_AUTO_TEST_CASE(pdftotext_columns_count_characters_and_are_read_so) {
  // pdftotext -layout places each character where the PDF had it: the values line up by
  // character count, not by display width (the labels' widths differ).
  const std::string text =
      "一、本年新收政府信息公开申请数量                        21   0     0     0     0     0    21\n"
      "二、上年结转政府信息公开申请数量                        0    0     0     0     0     0     0\n"
      "（一）予以公开                                 3                0     0     0     3\n"
      "1.属于国家秘密                                1    0     0     0     0     0     1\n"
      "2.重复申请                                  0    0     0     0     0     0     0\n"
      "（七）总计                                   21   0     0     0     0     0    21\n";
  BOOST_TEST(read::looks_space_aligned(text));
  BOOST_TEST(grid(text) ==
             "\n"
             "一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21\n"
             "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
             "（一）予以公开\t3\t\t\t0\t0\t0\t3\n"
             "1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n"
             "2.重复申请\t0\t0\t0\t0\t0\t0\t0\n"
             "（七）总计\t21\t0\t0\t0\t0\t0\t21\n"
             "\n");
}

BOOST_AUTO_TEST_CASE(a_value_across_two_columns_or_in_a_gap_is_never_given_the_nearest_column) {
  // Row 4's two values stand between columns: the row keeps its values in order (two cells for
  // four columns: the resolver leaves it null with a warning), and makes no columns of its own.
  const std::string text =
      "1.甲甲甲               1     2     3     4\n"
      "2.乙乙乙               5     6     7     8\n"
      "3.丙丙丙               1                 2\n"
      "4.丁丁丁                  9              9\n"
      "5.戊戊戊               0     0     0     0\n"
      "6.己己己               1     1     1     1\n";
  BOOST_TEST(grid(text) ==
             "\n"
             "1.甲甲甲\t1\t2\t3\t4\n"
             "2.乙乙乙\t5\t6\t7\t8\n"
             "3.丙丙丙\t1\t\t\t2\n"
             "4.丁丁丁\t9\t9\n"
             "5.戊戊戊\t0\t0\t0\t0\n"
             "6.己己己\t1\t1\t1\t1\n"
             "\n");
}

BOOST_AUTO_TEST_CASE(a_form_feed_and_a_page_footer_inside_a_table_are_no_rows) {
  // pdftotext: the footer `- 1 -`, a form feed, a header line, then the next page's rows three
  // columns further left (their own columns: the page is laid out again).
  const std::string text =
      "1.甲甲甲               1     2     3     4\n"
      "2.乙乙乙               5     6     7     8\n"
      "3.丙丙丙               1     0     0     1\n"
      "\n"
      "              - 1 -\n"
      "\f某县2023年报告\n"
      "4.丁丁丁            2           0     2\n"
      "5.戊戊戊            0     0     0     0\n"
      "\n"
      "              - 2 -\n";
  const auto d = read::read_spaced(text);
  BOOST_TEST(d.text ==
             "\n"
             "1.甲甲甲\t1\t2\t3\t4\n"
             "2.乙乙乙\t5\t6\t7\t8\n"
             "3.丙丙丙\t1\t0\t0\t1\n"
             "某县2023年报告\n"
             "4.丁丁丁\t2\t\t0\t2\n"
             "5.戊戊戊\t0\t0\t0\t0\n"
             "\n");
  BOOST_TEST(d.pages == 0u);  // a text has no pages to name: origins are its lines
  const auto header = origin_of(d, "某县");
  BOOST_TEST(header.line == 6u);
  BOOST_TEST(header.column == 2u);  // after the form feed
  BOOST_TEST(origin_of(d, "2\t\t0").line == 7u);
}

BOOST_AUTO_TEST_CASE(a_footer_line_without_form_feed_ends_the_page_and_shifted_columns_are_placed) {
  // Copied from a viewer: the footer is the only sign of the page break. The next page's rows
  // stand four columns further right, and their second column is blank all down that page: the
  // columns of the page before, shifted (the one shift that puts each value under a column).
  const std::string text =
      "1.甲甲甲               1     2     3     4\n"
      "2.乙乙乙               5     6     7     8\n"
      "3.丙丙丙               1     0     0     1\n"
      "\n"
      "             — 1 —\n"
      "\n"
      "4.丁丁丁                   2           0     2\n"
      "5.戊戊戊                   3           1     4\n"
      "6.己己己                   0           0     0\n";
  BOOST_TEST(grid(text) ==
             "\n"
             "1.甲甲甲\t1\t2\t3\t4\n"
             "2.乙乙乙\t5\t6\t7\t8\n"
             "3.丙丙丙\t1\t0\t0\t1\n"
             "4.丁丁丁\t2\t\t0\t2\n"
             "5.戊戊戊\t3\t\t1\t4\n"
             "6.己己己\t0\t\t0\t0\n"
             "\n");
}

BOOST_AUTO_TEST_CASE(a_page_shifted_so_that_two_shifts_fit_keeps_its_own_columns) {
  // The next page's three values could stand under columns 1-3 or 2-4 of the page before: its
  // rows are not given columns they may not have (three cells for four columns: null).
  const std::string text =
      "1.甲甲甲               1     2     3     4\n"
      "2.乙乙乙               5     6     7     8\n"
      "3.丙丙丙               1     0     0     1\n"
      "\n"
      "             — 1 —\n"
      "\n"
      "4.丁丁丁                   2     0     2\n"
      "5.戊戊戊                   3     1     4\n";
  BOOST_TEST(grid(text) ==
             "\n"
             "1.甲甲甲\t1\t2\t3\t4\n"
             "2.乙乙乙\t5\t6\t7\t8\n"
             "3.丙丙丙\t1\t0\t0\t1\n"
             "4.丁丁丁\t2\t0\t2\n"
             "5.戊戊戊\t3\t1\t4\n"
             "\n");
}

BOOST_AUTO_TEST_CASE(full_width_spaces_separate_cells_and_a_letter_spaced_label_is_one) {
  // U+3000 counts two columns; 「规　章」 is one label spread over its cell.
  const std::string text =
      "信息内容\u3000\u3000制发\u3000\u3000废止\u3000\u3000有效\n"
      "规\u3000章\u3000\u3000\u30000\u3000\u3000\u3000 1\u3000\u3000\u3000 2\n"
      "规范性文件\u30003\u3000\u3000\u3000 \u3000\u3000\u3000 4\n"
      "其他文件\u3000 5\u3000\u3000\u3000 6\u3000\u3000\u3000 7\n"
      "行政许可\u3000 8\u3000\u3000\u3000 9\u3000\u3000\u300010\n"
      "行政处罚\u3000 1\u3000\u3000\u3000 1\u3000\u3000\u3000 1\n";
  BOOST_TEST(read::looks_space_aligned(text));
  const auto d = read::read_spaced(text);
  BOOST_TEST(d.text ==
             "信息内容\t制发\t废止\t有效\n"
             "\n"
             "规章\t0\t1\t2\n"
             "规范性文件\t3\t\t4\n"
             "其他文件\t5\t6\t7\n"
             "行政许可\t8\t9\t10\n"
             "行政处罚\t1\t1\t1\n"
             "\n");
  const auto ten = origin_of(d, "10");
  BOOST_TEST(ten.line == 5u);
  BOOST_TEST(ten.column == 16u);
}

BOOST_AUTO_TEST_CASE(tabs_move_to_the_next_stop_of_eight_mixed_with_spaces) {
  const std::string text =
      "信息内容\t制发\t废止\t有效\n"
      "规章\t\t0\t1\t2\n"
      "规范性文件      3               4\n"
      "其他文件\t5\t6\t7\n"
      "合计            8       9       10\n"
      "总数\t\t1\t1\t1\n"
      "行政许可        2       2       2\n";
  BOOST_TEST(grid(text) ==
             "信息内容\t制发\t废止\t有效\n"
             "\n"
             "规章\t0\t1\t2\n"
             "规范性文件\t3\t\t4\n"
             "其他文件\t5\t6\t7\n"
             "合计\t8\t9\t10\n"
             "总数\t1\t1\t1\n"
             "行政许可\t2\t2\t2\n"
             "\n");
  // As many rows set apart by tabs alone as by spaces: a tab-separated text, not read so.
  BOOST_TEST(!read::looks_space_aligned(text));
}

BOOST_AUTO_TEST_CASE(wrapped_labels_and_vertical_and_letter_spaced_group_labels) {
  // Values on a label's last line, on its middle line, a group label one character per line
  // beside its rows, a letter-spaced group label on a line of its own.
  const std::string text =
      "一、新收申请数量            1     2     3\n"
      "（二）部分公开（区分处理的，\n"
      "只计这一情形）              4     5     6\n"
      "不  1.属于国家秘密          0     0     0\n"
      "予  2.申请人无正当理由逾期\n"
      "公  不补正、行政机关不再    7     8     9\n"
      "开  处理其政府信息公开申请\n"
      "    3.其他                  1     1     1\n"
      "    4.要求行政机关确认或重\n"
      "    新出具已获取信息        2     2     2\n"
      "三 、本 年 度 办 理 结 果\n"
      "（七）总计                  3     3     3\n";
  BOOST_TEST(grid(text) ==
             "\n"
             "一、新收申请数量\t1\t2\t3\n"
             "（二）部分公开（区分处理的，只计这一情形）\t4\t5\t6\n"
             "不予公开\n"
             "1.属于国家秘密\t0\t0\t0\n"
             "2.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t7\t8\t9\n"
             "3.其他\t1\t1\t1\n"
             "4.要求行政机关确认或重新出具已获取信息\t2\t2\t2\n"
             "三 、本 年度办理结果\n"
             "（七）总计\t3\t3\t3\n"
             "\n");
}

namespace {

// `label` padded with `blank` to display column `at` (a CJK character two columns, ASCII one),
// then `values`: a row whose values stand at `at` whatever its label.
std::string padded(const std::string& label, std::size_t at, const std::string& values, const std::string& blank = " ") {
  std::size_t width = 0;
  for (unsigned char ch : label) width += (ch < 0x80) ? 1 : (ch >= 0xE0 ? 2 : 0);
  std::string out = label;
  const std::size_t step = blank == "\u3000" ? 2 : 1;
  for (; width + step <= at; width += step) out += blank;
  return out + values + "\n";
}

const char* const kLabels[] = {"规章", "行政许可", "行政规范性文件", "行政处罚决定数量", "其他", "行政强制"};

}  // namespace

BOOST_AUTO_TEST_CASE(what_looks_laid_out_with_spaces) {
  // Five rows (or more) whose values stand under or over those of a row near it (the last values
  // and another pair), while their labels end at other columns: values in columns of their own.
  std::string six, four;
  for (int i = 0; i < 6; ++i) six += padded(kLabels[i], 20, "1      2");
  for (int i = 0; i < 4; ++i) four += padded(kLabels[i], 20, "1      2");
  BOOST_TEST(read::looks_space_aligned(six));
  BOOST_TEST(!read::looks_space_aligned(four));  // four rows in columns: too few
  // Right-aligned numbers of other widths stand under each other too (their columns overlap).
  std::string right;
  const char* const numbers[] = {"1      2", "12     25", "3    120", "0      0", "7     10", "11     9"};
  for (int i = 0; i < 6; ++i) right += padded(kLabels[i], 20, numbers[i]);
  BOOST_TEST(read::looks_space_aligned(right));
  // U+3000 as the blank (two columns each): the same columns.
  std::string ideographic;
  for (int i = 0; i < 6; ++i) ideographic += padded(kLabels[i], 20, "1\u3000\u30002", "\u3000");
  BOOST_TEST(read::looks_space_aligned(ideographic));
  // Values set apart by wide gaps but following their labels by a fixed gap, wherever the label
  // ends (seed 001 with two U+00A0 between cells, tests/corpus/variants/001-nbsp-separators): no
  // columns, not laid out with spaces.
  std::string follow, nbsp, same;
  for (int i = 0; i < 6; ++i) {
    follow += std::string(kLabels[i]) + "    1    2\n";
    nbsp += std::string(kLabels[i]) + "\u00a0\u00a01\u00a0\u00a02\n";
    same += "规章      1      2\n";  // one label, even gaps: nothing shows columns of their own
  }
  BOOST_TEST(!read::looks_space_aligned(follow));
  BOOST_TEST(!read::looks_space_aligned(nbsp));
  BOOST_TEST(!read::looks_space_aligned(same));
  // Labels spread to one edge (分散对齐, as pdftotext prints them) all end at one column: values of
  // other widths lined up there, the gaps uneven, show the columns.
  const std::string spread =
      "规          章    12     3\n"
      "行  政  许  可     2     3\n"
      "行政规范性文件     0    14\n"
      "其  他  处  理    10     0\n"
      "行  政  强  制     7     1\n";
  BOOST_TEST(read::looks_space_aligned(spread));
  BOOST_TEST(!read::looks_space_aligned(test::read_file(test::source_path("tests/corpus/variants/001-nbsp-separators.txt"))));
  // A row whose last value stands in another column is not one of the five.
  std::string shifted = six;
  shifted += padded("行政事业性收费", 20, "1   2");
  BOOST_TEST(read::looks_space_aligned(shifted));
  std::string four_and_shifted = four + padded("行政强制", 20, "1   2");
  BOOST_TEST(!read::looks_space_aligned(four_and_shifted));  // four rows in columns
  // One blank between values (the text of a PDF page), tabs, bars: not laid out with spaces.
  std::string single, tabs, bars;
  for (int i = 0; i < 8; ++i) single += "规章 1 2\n", tabs += "规章\t1\t2\n", bars += "| 规章  | 1  | 2  |\n";
  BOOST_TEST(!read::looks_space_aligned(single));
  BOOST_TEST(!read::looks_space_aligned(tabs));
  BOOST_TEST(!read::looks_space_aligned(bars));
  // More rows set apart by spaces than by tabs alone.
  BOOST_TEST(read::looks_space_aligned(six + "规章\t1\t2\n"));
  BOOST_TEST(!read::looks_space_aligned(six + tabs));
  // The real spaced texts of the corpus look so.
  BOOST_TEST(read::looks_space_aligned(test::read_file(test::source_path("tests/corpus/spaced/blank-cells-2024.txt"))));
  BOOST_TEST(read::looks_space_aligned(test::read_file(test::source_path("tests/corpus/spaced/wrapped-labels-2023.txt"))));
}

BOOST_AUTO_TEST_CASE(no_table_and_odd_text_give_lines_and_never_fail) {
  BOOST_TEST(grid("") == "");
  BOOST_TEST(grid("\f\f\n\n") == "");
  BOOST_TEST(grid("一行文字\r\n  两  个\r\n") == "一行文字\n两个\n");  // two Han characters spread: one word
  // Ill-formed UTF-8 is read as U+FFFD (decode makes text well-formed; the reader holds anyway).
  BOOST_TEST(grid("a\xff  1  2\n") == "\na\xEF\xBF\xBD\t1\t2\n\n");
}

BOOST_AUTO_TEST_CASE(a_thousands_group_after_one_blank_is_one_number_where_the_columns_leave_one_reading) {
  // `2 841`: a value of another row (`1762`) stands over both groups, across the blank, and every
  // value of the rows around that stands over the pair stands over the others: one column, one number.
  const std::string one_column = padded("规章", 20, "1762       3      15") +
                                 padded("行政许可", 20, "2 841      0    2841") +
                                 padded("行政规范性文件", 20, "   5      10      15");
  BOOST_TEST(grid(one_column) == "\n规章\t1762\t3\t15\n行政许可\t2 841\t0\t2841\n行政规范性文件\t5\t10\t15\n\n");
  BOOST_TEST(resolve::classify_cell("2 841", resolve::default_placeholders()).number == 2841.0);  // the cell's value
  // U+00A0 as the one blank: the same (the cell printed with a space).
  const std::string nbsp = padded("规章", 20, "1762       3      15") +
                           padded("行政许可", 20, "2\u00A0841      0    2841") +
                           padded("行政规范性文件", 20, "   5      10      15");
  BOOST_TEST(grid(nbsp) == "\n规章\t1762\t3\t15\n行政许可\t2 841\t0\t2841\n行政规范性文件\t5\t10\t15\n\n");
  // Only small values over the second group (`12`, `5`): the column may be as narrow as they are,
  // `2` then a cell of a column of its own left blank in the other rows. Two readings: two cells
  // (the row has one cell too many, left to the repair stage's arithmetic).
  const std::string narrow = padded("规章", 20, "   12       3      15") +
                             padded("行政许可", 20, "2 841       0    2841") +
                             padded("行政规范性文件", 20, "    5      10      15");
  BOOST_TEST(grid(narrow).find("\t2\t841\t") != std::string::npos, grid(narrow));
  // `12 100` where values of other rows stand under `12` and under `100` apart: two columns, two cells.
  const std::string two_columns = padded("规章", 20, "12 100   7") + padded("行政许可", 20, " 5   7   3") +
                                  padded("行政规范性文件", 20, " 1   0   1");
  BOOST_TEST(grid(two_columns) == "\n规章\t12\t100\t7\n行政许可\t5\t7\t3\n行政规范性文件\t1\t0\t1\n\n");
  // A wide value over both, but another one over the last digit only that does not stand under
  // it (`1762` ends a column before `5`): the evidence is not one column, two cells.
  const std::string mixed = padded("规章", 20, "1762    3") + padded("行政许可", 20, "2 841   0") +
                            padded("行政规范性文件", 20, "    5   10");
  BOOST_TEST(grid(mixed).find("2 841") == std::string::npos, grid(mixed));
  // No other row's value over them: the geometry says nothing, two numbers one blank apart stay two.
  BOOST_TEST(grid(padded("规章", 20, "2 841")) == "\n规章\t2\t841\n\n");
  // Not a thousands group (two digits after the blank, a first group starting with 0, four digits
  // after it), two blanks or a tab between, or a chain of groups (`1 234 567`: 1234|567 or 1|234567):
  // never joined, even under values as wide as they are.
  for (const auto& [pair, cells] : {std::pair<const char*, const char*>{"2 84", "2\t84"},
                                     {"0 841", "0\t841"},
                                     {"2 8410", "2\t8410"},
                                     {"2  841", "2\t841"},
                                     {"2\t841", "2\t841"},
                                     {"1 234 567", "1\t234\t567"}}) {
    const std::string text = padded("规章", 20, "1762000      15") + padded("行政许可", 20, std::string(pair) + "      15") +
                             padded("行政规范性文件", 20, "1234567      15");
    const auto g = grid(text);
    BOOST_TEST(g.find("行政许可\t" + std::string(cells) + "\t15") != std::string::npos, pair << " joined in " << g);
  }
}
