#define BOOST_TEST_MODULE normalize
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "resolve/cell_value.hpp"
#include "resolve/normalize.hpp"

using namespace nianbao;
using nianbao::resolve::classify_cell;
using nianbao::resolve::normalize_label;
using nianbao::resolve::strip_numbering;

BOOST_AUTO_TEST_CASE(spaces_inside_labels_are_removed) {
  BOOST_TEST(normalize_label("自 然 人") == "自然人");
  BOOST_TEST(normalize_label("结 果 维 持") == "结果维持");
  BOOST_TEST(normalize_label("三、 本 年 度 办 理 结 果") == "三、本年度办理结果");
  BOOST_TEST(normalize_label("　规　章　") == "规章");  // U+3000
}

BOOST_AUTO_TEST_CASE(full_and_half_width_punctuation_fold) {
  BOOST_TEST(normalize_label("（一）予以公开") == "(一)予以公开");
  BOOST_TEST(normalize_label("(一) 予以公开") == "(一)予以公开");
  BOOST_TEST(normalize_label("本年收费金额（单位：万元）") == "本年收费金额(单位:万元)");
  BOOST_TEST(normalize_label("部分公开（区分处理的，只计这一情形，不计其他情形）") ==
             "部分公开(区分处理的,只计这一情形,不计其他情形)");
  BOOST_TEST(normalize_label("１２３") == "123");
}

BOOST_AUTO_TEST_CASE(quotes_and_markup_are_dropped) {
  BOOST_TEST(normalize_label("3.危及“三安全一稳定”") == "3.危及三安全一稳定");
  BOOST_TEST(normalize_label("3.危及\"三安全一稳定\"") == "3.危及三安全一稳定");
  BOOST_TEST(normalize_label("**六、其他需要报告的事项**") == "六、其他需要报告的事项");
  BOOST_TEST(normalize_label("N/A") == "n/a");
}

BOOST_AUTO_TEST_CASE(numbering_is_stripped_repeatedly) {
  BOOST_TEST(strip_numbering("三、本年度办理结果") == "本年度办理结果");
  BOOST_TEST(strip_numbering("(一)予以公开") == "予以公开");
  BOOST_TEST(strip_numbering("1.属于国家秘密") == "属于国家秘密");
  BOOST_TEST(strip_numbering("四、(七)总计") == "总计");
  BOOST_TEST(strip_numbering("12.5") == "12.5");  // a decimal is not numbering
  BOOST_TEST(strip_numbering("规章") == "规章");
}

BOOST_AUTO_TEST_CASE(cells_are_numbers_placeholders_empty_or_text) {
  const auto& ph = resolve::default_placeholders();
  auto n = classify_cell(" 1,234 ", ph);
  BOOST_TEST(static_cast<int>(n.kind) == static_cast<int>(cell_kind::number));
  BOOST_TEST(n.number == 1234.0);
  BOOST_TEST(n.integral);
  BOOST_TEST(n.raw == "1,234");
  BOOST_TEST(classify_cell("1，234", ph).number == 1234.0);
  BOOST_TEST(classify_cell("1 234", ph).number == 1234.0);
  BOOST_TEST(classify_cell("０", ph).number == 0.0);
  auto d = classify_cell("88.78248", ph);
  BOOST_TEST(d.number == 88.78248);
  BOOST_TEST(!d.integral);
  BOOST_TEST(classify_cell("-417", ph).number == -417.0);
  BOOST_TEST(classify_cell("+19", ph).number == 19.0);
  for (const char* p : {"/", "／", "-", "--", "—", "——", "无", "不适用", "N/A", "空"})
    BOOST_TEST(static_cast<int>(classify_cell(p, ph).kind) == static_cast<int>(cell_kind::placeholder), p);
  BOOST_TEST(static_cast<int>(classify_cell("  ", ph).kind) == static_cast<int>(cell_kind::empty));
  BOOST_TEST(static_cast<int>(classify_cell("---", ph).kind) == static_cast<int>(cell_kind::text));
  BOOST_TEST(static_cast<int>(classify_cell("12,34", ph).kind) == static_cast<int>(cell_kind::text));
  BOOST_TEST(static_cast<int>(classify_cell("规章", ph).kind) == static_cast<int>(cell_kind::text));
}

// An integer cell of up to 15 digits is read without strtod (cell_value.cpp): the same number
// strtod reads, for every length, grouped or not, signed or not; longer ones and decimals go to
// strtod.
BOOST_AUTO_TEST_CASE(integers_read_without_strtod_are_what_strtod_reads) {
  std::uint64_t seed = 7;
  std::size_t differ = 0, tried = 0;
  for (int n = 0; n < 5000; ++n) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    const std::size_t length = 1 + (seed >> 33) % 18;
    std::string digits;
    for (std::size_t i = 0; i < length; ++i) digits += static_cast<char>('0' + (seed >> (i % 60)) % 10);
    if (digits.size() > 1 && digits[0] == '0') digits[0] = '1';
    for (const std::string& cell : {digits, "-" + digits, digits + ".5"}) {
      const auto v = resolve::classify_cell(cell, resolve::default_placeholders());
      ++tried;
      differ += !(v.kind == cell_kind::number && v.number == std::strtod(cell.c_str(), nullptr));
    }
  }
  BOOST_TEST(tried == 15000u);
  BOOST_TEST(differ == 0u);
  const auto grouped = resolve::classify_cell("999,999,999,999,999", resolve::default_placeholders());
  BOOST_TEST(grouped.number == 999999999999999.0);
  const auto sixteen = resolve::classify_cell("9007199254740993", resolve::default_placeholders());
  BOOST_TEST(sixteen.number == std::strtod("9007199254740993", nullptr));  // past 2^53: strtod rounds
}
