#define BOOST_TEST_MODULE normalize
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "cells/cell_value.hpp"
#include "cells/normalize.hpp"
#include "cells/script_variants.hpp"

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

namespace {

// normalize_label the straightforward way (normalize.cpp normalises UTF-8 directly): UTF-8 ->
// UTF-16 (ill-formed bytes -> U+FFFD), NFKC, then characters dropped and ASCII lower-cased one
// by one. Except for an ASCII text with nothing to drop or lower-case, which is its own label
// (normalize.cpp's fast path: it keeps a DEL, which NFKC's way drops).
std::string reference_label(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return c > ' ' && c < 0x80 && !std::strchr("\"'*|#`", c) && !(c >= 'A' && c <= 'Z');
      }))
    return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString folded =
      nfkc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))), status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    const bool dropped = c == '"' || c == '\'' || c == '*' || c == '|' || c == '#' || c == '`' || c == 0x201C ||
                         c == 0x201D || c == 0x2018 || c == 0x2019 || (c >= 0x300C && c <= 0x300F) || c == 0xFEFF ||
                         c == 0x200B || u_isUWhiteSpace(c) || u_iscntrl(c);
    if (dropped) continue;
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  return nianbao::resolve::to_simplified(out);  // Traditional characters made Simplified (OpenCC t2s)
}

// Random texts of pieces a cell or label is made of: digits, separators, signs, spaces of every
// kind, full-width forms, placeholders, CJK, characters NFKC composes or decomposes, quotes and
// markup, controls, and ill-formed UTF-8.
std::vector<std::string> random_texts(std::size_t count, std::uint64_t seed) {
  static const std::vector<std::string> pieces = {
      "0", "1", "7", "9", "12", "345", ",", "，", ".", "．", "+", "-", "\u2212", "－", " ", "\t", "\u3000",
      "\u00A0", "０", "１", "９", "/", "／", "—", "无", "不适用", "N/A", "n/a", "空", "\\", "A", "Z", "a", "z",
      "Ａ", "ｚ", "（", "）", "(", ")", "一", "、", "三", "本年度", "规章", "“", "”", "「", "」", "\"", "'", "*",
      "|", "#", "`", "\uFEFF", "\u200B", "\u0085", "\u2028", "\x7F", "\x01", "\x1F", "e", "\u0301", "\u1100",
      "\u1161", "\u11A8", "\uFB01", "\u2460", "\u3220", "\u2F00", "\uF900", "\u00BD", "\u2126", "\U0002F800",
      "\x80", "\xC3", "\xE4\xB8", "\xFF", "\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80"};
  std::vector<std::string> texts;
  for (std::size_t n = 0; n < count; ++n) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    std::string text;
    for (std::size_t k = 0, length = (seed >> 61) + 1; k < length; ++k) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      // Mostly digits and separators, so that many texts are numbers.
      const std::size_t i = (seed >> 40) % 4 ? (seed >> 20) % 10 : (seed >> 20) % pieces.size();
      text += pieces[i];
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(labels_normalised_in_utf8_are_those_normalised_in_utf16) {
  std::size_t differ = 0;
  for (const auto& text : random_texts(20000, 11)) {
    const bool same = normalize_label(text) == reference_label(text);
    differ += !same;
    BOOST_TEST(same, text);
    if (differ > 5) break;
  }
  BOOST_TEST(differ == 0u);
}

// read_meaning against what DESIGN.md says a cell is, read the straightforward way: the label of
// the trimmed text (a leading U+2212 read as '-'), a placeholder if the set has it, a number if
// it is [+-]digits[.digits] with digits grouped by threes or not at all (strtod's value, finite),
// else text.
BOOST_AUTO_TEST_CASE(cells_are_read_as_the_straightforward_reading_reads_them) {
  const auto& placeholders = resolve::default_placeholders();
  const std::regex number(R"([+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)");
  std::size_t numbers = 0, differ = 0;
  for (const auto& text : random_texts(20000, 5)) {
    std::string label;
    const auto m = resolve::read_meaning(text, placeholders, &label);
    const auto raw = resolve::trim(text);
    std::string n = reference_label(raw);
    const bool minus = n.rfind("\u2212", 0) == 0 && n.size() > 3;
    if (minus) n.replace(0, 3, "-");
    cell_kind kind = cell_kind::text;
    double value = 0;
    if (n.empty()) {
      kind = cell_kind::empty;
    } else if (placeholders.count(n)) {
      kind = cell_kind::placeholder;
    } else if (std::regex_match(n, number)) {
      std::string digits = n;
      digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
      value = std::strtod(digits.c_str(), nullptr);
      if (std::isfinite(value)) kind = cell_kind::number;
    }
    if (minus && kind == cell_kind::text) n.replace(0, 1, "\u2212");
    bool same = m.kind == kind && m.raw.data() == raw.data() && m.raw.size() == raw.size();
    if (kind == cell_kind::number) {
      ++numbers;
      same = same && m.number == value && m.integral == (n.find('.') == std::string::npos);
    }
    if (kind == cell_kind::text) same = same && label == n;
    differ += !same;
    BOOST_TEST(same, text);
    if (differ > 5) break;
  }
  BOOST_TEST(differ == 0u);
  BOOST_TEST(numbers > 3000u);  // the numbers' path is tried, not only text
}
