#define BOOST_TEST_MODULE decode
#include <boost/test/unit_test.hpp>

#include <unicode/ucnv.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "decode/decode.hpp"
#include "test_support.hpp"

namespace dec = nianbao::decode;
using namespace std::string_literals;
using nianbao::test::from_utf8;
using nianbao::test::read_file;

namespace {

// "政府信息公开工作年度报告 2024 年" in GBK (= GB18030 for these characters), by hand.
const std::string kGbkTitle =
    "\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA\xB9\xA4\xD7\xF7\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6"
    " 2024 \xC4\xEA";
const std::string kTitle = "政府信息公开工作年度报告 2024 年";

// UTF-16 code units -> bytes, by hand.
std::string utf16_bytes(std::u16string_view s, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    if (little_endian) {
      out += lo;
      out += hi;
    } else {
      out += hi;
      out += lo;
    }
  };
  if (bom) put(0xFEFF);
  for (char16_t u : s) put(u);
  return out;
}

std::string crlf_to_lf(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The copy in the repository: a fresh clone has no ../shared.
std::string seed_path() { return std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/seeds/000_7309f594a2168ba9.txt"; }

const nianbao::diagnostic* find_warning(const dec::decoded& d, const std::string& code) {
  for (const auto& w : d.warnings)
    if (w.code == code) return &w;
  return nullptr;
}

template <class F>
nianbao::diagnostic expect_error(F&& f) {
  try {
    f();
  } catch (const nianbao::diagnostic_error& e) {
    return e.diag();
  }
  BOOST_FAIL("expected nianbao::diagnostic_error");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_input) {
  const auto d = dec::decode("");
  BOOST_TEST(d.text == "");
  BOOST_TEST(d.encoding == "UTF-8");
  BOOST_TEST(d.warnings.empty());
}

BOOST_AUTO_TEST_CASE(ascii_is_utf8) {
  const auto d = dec::decode("Annual report 2024\nline two, long enough for the word loop\n");
  BOOST_TEST(d.text == "Annual report 2024\nline two, long enough for the word loop\n");
  BOOST_TEST(d.encoding == "UTF-8");
  BOOST_TEST(d.warnings.empty());
}

BOOST_AUTO_TEST_CASE(utf8_without_and_with_bom) {
  const std::string body = kTitle + "\n一、总体情况\n";
  const auto a = dec::decode(body);
  BOOST_TEST(a.text == body);
  BOOST_TEST(a.encoding == "UTF-8");
  BOOST_TEST(a.warnings.empty());

  const auto b = dec::decode("\xEF\xBB\xBF" + body);
  BOOST_TEST(b.text == body);
  BOOST_TEST(b.encoding == "UTF-8 (BOM)");
  BOOST_TEST(b.warnings.empty());

  // Supplementary-plane characters and the largest code point pass through.
  const std::string astral = "𠀀 \xF4\x8F\xBF\xBF";
  BOOST_TEST(dec::decode(astral).text == astral);
}

BOOST_AUTO_TEST_CASE(line_ends_normalised) {
  BOOST_TEST(dec::decode("a\r\nb\rc\r\r\nd\n\r").text == "a\nb\nc\n\nd\n\n");
  BOOST_TEST(dec::decode("\r").text == "\n");
  BOOST_TEST(dec::decode("\r\n").text == "\n");
  BOOST_TEST(dec::decode("年\r\n度\r报告").text == "年\n度\n报告");
  // CRs at every alignment against the 8-byte ASCII loop.
  std::string in, expected;
  for (int i = 0; i < 40; ++i) {
    in += std::string(static_cast<std::size_t>(i % 11), 'x') + "\r\n" + std::string(static_cast<std::size_t>(i % 5), 'y') + "\r";
    expected += std::string(static_cast<std::size_t>(i % 11), 'x') + "\n" + std::string(static_cast<std::size_t>(i % 5), 'y') + "\n";
  }
  const auto d = dec::decode(in);
  BOOST_TEST(d.text == expected);
  BOOST_TEST(d.encoding == "UTF-8");
}

BOOST_AUTO_TEST_CASE(utf16le_with_bom) {
  const std::string bytes = utf16_bytes(u"政府信息公开工作年度报告\r\n（一）主动公开 2024 年", true, true);
  BOOST_TEST(bytes.substr(0, 4) == "\xFF\xFE\x3F\x65"s);  // BOM, then U+653F 政, by hand
  const auto d = dec::decode(bytes);
  BOOST_TEST(d.text == "政府信息公开工作年度报告\n（一）主动公开 2024 年");
  BOOST_TEST(d.encoding == "UTF-16LE (BOM)");
  BOOST_TEST(d.warnings.empty());
}

BOOST_AUTO_TEST_CASE(utf16be_with_bom) {
  const std::string bytes = utf16_bytes(u"政府信息公开工作年度报告\r（二）依申请公开 𠀀", false, true);
  BOOST_TEST(bytes.substr(0, 4) == "\xFE\xFF\x65\x3F"s);
  const auto d = dec::decode(bytes);
  BOOST_TEST(d.text == "政府信息公开工作年度报告\n（二）依申请公开 𠀀");
  BOOST_TEST(d.encoding == "UTF-16BE (BOM)");
  BOOST_TEST(d.warnings.empty());
}

BOOST_AUTO_TEST_CASE(utf32_with_bom) {
  const std::string le = "\xFF\xFE\x00\x00\x3F\x65\x00\x00\x9C\x5E\x00\x00\x0A\x00\x00\x00"s;  // 政府\n
  const auto d = dec::decode(le);
  BOOST_TEST(d.text == "政府\n");
  BOOST_TEST(d.encoding == "UTF-32LE (BOM)");
  const auto b = dec::decode("\x00\x00\xFE\xFF\x00\x00\x65\x3F"s);
  BOOST_TEST(b.text == "政");
  BOOST_TEST(b.encoding == "UTF-32BE (BOM)");
}

BOOST_AUTO_TEST_CASE(utf16_without_bom_is_guessed) {
  const std::string bytes = utf16_bytes(u"政府信息公开工作年度报告 2024 年\r\n收到申请 12 件\r\n", true, false);
  const auto d = dec::decode(bytes);
  BOOST_TEST(d.text == "政府信息公开工作年度报告 2024 年\n收到申请 12 件\n");
  BOOST_TEST(d.encoding == "UTF-16LE (no BOM)");
  BOOST_REQUIRE(find_warning(d, "encoding-guess") != nullptr);

  const auto be = dec::decode(utf16_bytes(u"收到申请 12 件\n办结 11 件\n", false, false));
  BOOST_TEST(be.text == "收到申请 12 件\n办结 11 件\n");
  BOOST_TEST(be.encoding == "UTF-16BE (no BOM)");
}

BOOST_AUTO_TEST_CASE(gbk_bytes_detect_as_gb18030) {
  BOOST_TEST(from_utf8("GBK", kTitle) == kGbkTitle);  // the hand-written bytes are right
  const auto d = dec::decode(kGbkTitle);
  BOOST_TEST(d.text == kTitle);
  BOOST_TEST(d.encoding == "GB18030");
  BOOST_TEST(d.warnings.empty());

  // With CRLF and a character outside GBK (4-byte GB18030 sequence).
  const std::string text = kTitle + "\r\n单位：件 € 𠀀\r\n";
  const auto g = dec::decode(from_utf8("GB18030", text));
  BOOST_TEST(g.text == crlf_to_lf(text));
  BOOST_TEST(g.encoding == "GB18030");
  BOOST_TEST(g.warnings.empty());
}

BOOST_AUTO_TEST_CASE(seed_file_in_three_encodings) {
  const std::string original = read_file(seed_path());
  const std::string expected = crlf_to_lf(original);
  BOOST_REQUIRE(expected.size() > 1000);

  const auto u8 = dec::decode(original);
  BOOST_TEST(u8.encoding == "UTF-8");
  BOOST_TEST(u8.warnings.empty());
  BOOST_TEST(u8.text == expected);

  const auto gb = dec::decode(from_utf8("GB18030", original));
  BOOST_TEST(gb.encoding == "GB18030");
  BOOST_TEST(gb.warnings.empty());
  BOOST_TEST(gb.text == expected);

  const auto u16 = dec::decode("\xFF\xFE" + from_utf8("UTF-16LE", original));
  BOOST_TEST(u16.encoding == "UTF-16LE (BOM)");
  BOOST_TEST(u16.warnings.empty());
  BOOST_TEST(u16.text == expected);

  // CRLF versions give the same text.
  std::string crlf;
  for (char c : original) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  BOOST_TEST(dec::decode(crlf).text == expected);
  BOOST_TEST(dec::decode(from_utf8("GB18030", crlf)).text == expected);
  BOOST_TEST(dec::decode(utf16_bytes(u"", true, true) + from_utf8("UTF-16LE", crlf)).text == expected);
}

BOOST_AUTO_TEST_CASE(truncated_character_at_end) {
  const std::string full = "政府信息\n公开";  // 开 = E5 BC 80
  for (std::size_t cut = 1; cut <= 2; ++cut) {
    const std::string bytes = full.substr(0, full.size() - cut);
    const auto d = dec::decode(bytes);
    BOOST_TEST(d.text == "政府信息\n公");
    BOOST_TEST(d.encoding == "UTF-8");
    BOOST_REQUIRE(d.warnings.size() == 1u);
    const auto& w = d.warnings[0];
    BOOST_TEST(w.code == "truncated-char");
    BOOST_TEST((w.severity == nianbao::severity::warning));
    BOOST_TEST(w.message ==
               "input ends inside a multi-byte UTF-8 character: " + std::to_string(3 - cut) +
                   (3 - cut == 1 ? " trailing byte" : " trailing bytes") + " dropped (file cut off by a size limit?)");
    BOOST_TEST(w.where.line == 2u);
    BOOST_TEST(w.where.column == 2u);
  }
  // A 4-byte character cut after 3 bytes, in pure ASCII otherwise.
  const auto a = dec::decode("abc \xF0\xA0\x80");
  BOOST_TEST(a.text == "abc ");
  BOOST_TEST(a.encoding == "UTF-8");
  BOOST_REQUIRE(find_warning(a, "truncated-char") != nullptr);
  // UTF-16 with an odd last byte.
  const auto u = dec::decode(utf16_bytes(u"政府", true, true) + "\x3F");
  BOOST_TEST(u.text == "政府");
  BOOST_REQUIRE(find_warning(u, "truncated-char") != nullptr);
  // GB18030 cut in the middle of a character.
  const auto g = dec::decode(kGbkTitle + "\xD5\xFE\xB8");
  BOOST_TEST(g.encoding == "GB18030");
  BOOST_TEST(g.text == kTitle + "政");
  BOOST_REQUIRE(find_warning(g, "truncated-char") != nullptr);
}

BOOST_AUTO_TEST_CASE(invalid_byte_in_the_middle) {
  const std::string bytes = "第一行，政府信息公开\r\n第二\xFF行\n";
  const auto d = dec::decode(bytes);
  BOOST_TEST(d.encoding == "UTF-8");
  BOOST_TEST(d.text == "第一行，政府信息公开\n第二\xEF\xBF\xBD行\n");
  BOOST_REQUIRE(d.warnings.size() == 1u);
  const auto& w = d.warnings[0];
  BOOST_TEST(w.code == "invalid-bytes");
  BOOST_TEST(w.message == "1 invalid byte sequence in UTF-8 input replaced by U+FFFD (first at input byte 38)");
  BOOST_TEST(w.where.line == 2u);
  BOOST_TEST(w.where.column == 3u);
  BOOST_TEST(w.source_line == "第二\xEF\xBF\xBD行");
  BOOST_TEST(static_cast<unsigned char>(bytes[38]) == 0xFFu);
}

BOOST_AUTO_TEST_CASE(ill_formed_utf8_maximal_subparts) {
  // Enough good text that the input stays UTF-8; one U+FFFD per maximal subpart.
  const std::string good = "政府信息公开工作年度报告";
  const std::string fffd = "\xEF\xBF\xBD";
  struct item {
    std::string bad;
    std::string expected;
  };
  const item items[] = {
      {"\xC0\xAF", fffd + fffd},                 // overlong lead bytes
      {"\xED\xA0\x80", fffd + fffd + fffd},      // surrogate
      {"\xE5\xBC", fffd},                        // cut short by an ASCII byte
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
      {"\xF0\xA0\x80", fffd},                    // 3 of 4 bytes, then ASCII
  };
  for (const auto& it : items) {
    const auto d = dec::decode(good + it.bad + "x" + good);
    BOOST_TEST(d.encoding == "UTF-8");
    BOOST_TEST(d.text == good + it.expected + "x" + good);
    BOOST_REQUIRE(find_warning(d, "invalid-bytes") != nullptr);
    BOOST_TEST(find_warning(d, "invalid-bytes")->where.column == 13u);
  }
}

BOOST_AUTO_TEST_CASE(undetectable_bytes_fall_back_to_utf8_with_replacement) {
  // Not UTF-8, not GB18030, nothing the detector offers converts cleanly: UTF-8 with U+FFFD.
  const auto d = dec::decode("\xFF\xFD\xFF");
  BOOST_TEST(d.encoding == "UTF-8");
  BOOST_TEST(d.text == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  BOOST_REQUIRE(d.warnings.size() == 1u);
  BOOST_TEST(d.warnings[0].code == "invalid-bytes");
  BOOST_TEST(d.warnings[0].message ==
             "3 invalid byte sequences in UTF-8 input replaced by U+FFFD (first at input byte 0)");
  BOOST_TEST(d.warnings[0].where.line == 1u);
  BOOST_TEST(d.warnings[0].where.column == 1u);
  // UTF-8 text with one bad byte at the end stays UTF-8.
  const auto e = dec::decode(kTitle + "\xFF");
  BOOST_TEST(e.encoding == "UTF-8");
  BOOST_TEST(e.text == kTitle + "\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(gb18030_with_a_bad_byte_stays_gb18030) {
  const std::string text = kTitle + "\n" + kTitle + "\n" + kTitle + "\n";
  std::string bytes = from_utf8("GB18030", text);
  const std::size_t line2 = kGbkTitle.size() + 1;
  bytes.insert(line2 + 4, "\xFF");  // after 政府 on line 2
  const auto d = dec::decode(bytes);
  BOOST_TEST(d.encoding == "GB18030");
  BOOST_TEST(d.text == kTitle + "\n政府\xEF\xBF\xBD" + kTitle.substr(6) + "\n" + kTitle + "\n");
  BOOST_REQUIRE(d.warnings.size() == 1u);
  BOOST_TEST(d.warnings[0].code == "invalid-bytes");
  BOOST_TEST(d.warnings[0].message == "1 invalid byte sequence in GB18030 input replaced by U+FFFD (first at input byte " +
                                          std::to_string(line2 + 4) + ")");
  BOOST_TEST(d.warnings[0].where.line == 2u);
  BOOST_TEST(d.warnings[0].where.column == 3u);
}

BOOST_AUTO_TEST_CASE(big5_through_the_icu_detector) {
  // Traditional Chinese in Big5 does not read as GB18030 Chinese; ICU 72's detector names it.
  const std::string text = "政府資訊公開工作年度報告。本機關收到申請十二件，全部辦結。行政復議和行政訴訟情況。\n";
  const auto d = dec::decode(from_utf8("Big5", text));
  BOOST_TEST(d.encoding == "Big5");
  BOOST_TEST(d.text == text);
}

BOOST_AUTO_TEST_CASE(utf16_unpaired_surrogate_and_gb18030_bom) {
  // 政\r\n府 <lone high surrogate> 信 in UTF-16LE with BOM.
  const auto d = dec::decode(utf16_bytes(u"政\r\n府", true, true) + "\x00\xD8"s + utf16_bytes(u"信", true, false));
  BOOST_TEST(d.encoding == "UTF-16LE (BOM)");
  BOOST_TEST(d.text == "政\n府\xEF\xBF\xBD信");
  BOOST_REQUIRE(d.warnings.size() == 1u);
  BOOST_TEST(d.warnings[0].code == "invalid-bytes");
  BOOST_TEST(d.warnings[0].message == "1 invalid byte sequence in UTF-16LE input replaced by U+FFFD (first at input byte 10)");
  BOOST_TEST(d.warnings[0].where.line == 2u);
  BOOST_TEST(d.warnings[0].where.column == 2u);

  const auto g = dec::decode("\x84\x31\x95\x33" + kGbkTitle);
  BOOST_TEST(g.encoding == "GB18030 (BOM)");
  BOOST_TEST(g.text == kTitle);
}

BOOST_AUTO_TEST_CASE(forced_encoding) {
  dec::options gbk;
  gbk.encoding = "GBK";
  const auto a = dec::decode(kGbkTitle + "\r\n", gbk);
  BOOST_TEST(a.text == kTitle + "\n");
  BOOST_TEST(a.encoding == "GBK");
  BOOST_TEST(a.warnings.empty());

  dec::options gb18030;
  gb18030.encoding = "gb18030";
  BOOST_TEST(dec::decode(kGbkTitle, gb18030).encoding == "GB18030");

  // Forcing "UTF-16" on input with a UTF-16LE BOM.
  dec::options utf16;
  utf16.encoding = "UTF-16";
  const auto f = dec::decode(utf16_bytes(u"政府", true, true), utf16);
  BOOST_TEST(f.text == "政府");
  BOOST_TEST(f.encoding == "UTF-16LE (BOM)");
  BOOST_TEST(dec::decode("", gbk).encoding == "GBK");

  // Forcing UTF-16LE on BOM-less bytes; the name of a detected encoding is accepted too.
  dec::options u16;
  u16.encoding = "UTF-16LE (BOM)";
  const auto b = dec::decode(utf16_bytes(u"政府\r\n", true, false), u16);
  BOOST_TEST(b.text == "政府\n");
  BOOST_TEST(b.encoding == "UTF-16LE");

  // Forcing UTF-8 on GBK bytes: replacement characters and a warning, no throw.
  dec::options u8;
  u8.encoding = "utf8";
  const auto c = dec::decode(kGbkTitle, u8);
  BOOST_TEST(c.encoding == "UTF-8");
  BOOST_TEST(c.text.find("\xEF\xBF\xBD") != std::string::npos);
  BOOST_REQUIRE(find_warning(c, "invalid-bytes") != nullptr);
  BOOST_TEST(find_warning(c, "invalid-bytes")->where.line == 1u);
  BOOST_TEST(find_warning(c, "invalid-bytes")->where.column == 1u);

  // Forcing a single-byte encoding on bytes that would detect as GB18030.
  dec::options latin1;
  latin1.encoding = "ISO-8859-1";
  const auto l = dec::decode("caf\xE9", latin1);
  BOOST_TEST(l.text == "café");
  BOOST_TEST(l.encoding == "ISO-8859-1");

  // A BOM that contradicts the forced encoding is reported.
  const auto m = dec::decode("\xEF\xBB\xBF" + kGbkTitle, gbk);
  BOOST_REQUIRE(find_warning(m, "bom-mismatch") != nullptr);
}

BOOST_AUTO_TEST_CASE(forced_gb18030_error_position_after_chunk_boundary) {
  // More than one ICU chunk (64 Ki UTF-16 units), with one bad byte far in.
  const std::string line = kTitle + "：本机关收到申请 12 件。\r\n";
  std::string utf8, expected;
  for (int i = 0; i < 4000; ++i) {
    utf8 += line;
    expected += crlf_to_lf(line);
  }
  std::string bytes = from_utf8("GB18030", utf8);
  const std::string gb_line = from_utf8("GB18030", line);
  const std::size_t at = gb_line.size() * 3500 + 4;  // inside line 3501, before 信
  bytes.insert(at, "\xFF");
  const std::size_t expected_at = crlf_to_lf(line).size() * 3500 + std::string("政府").size();
  expected.insert(expected_at, "\xEF\xBF\xBD");

  dec::options o;
  o.encoding = "GB18030";
  const auto d = dec::decode(bytes, o);
  BOOST_TEST(d.text.size() == expected.size());
  BOOST_TEST((d.text == expected));
  BOOST_REQUIRE(d.warnings.size() == 1u);
  BOOST_TEST(d.warnings[0].code == "invalid-bytes");
  BOOST_TEST(d.warnings[0].where.line == 3501u);
  BOOST_TEST(d.warnings[0].where.column == 3u);
  BOOST_TEST(d.warnings[0].message ==
             "1 invalid byte sequence in GB18030 input replaced by U+FFFD (first at input byte " +
                 std::to_string(at) + ")");
}

BOOST_AUTO_TEST_CASE(unknown_encoding) {
  dec::options o;
  o.encoding = "XYZ";
  const auto diag = expect_error([&] { dec::decode("abc", o); });
  BOOST_TEST(diag.code == "encoding");
  BOOST_TEST(diag.message == "unknown encoding 'XYZ'");
  BOOST_TEST((diag.severity == nianbao::severity::error));
  // Even for empty input.
  BOOST_TEST(expect_error([&] { dec::decode("", o); }).message == "unknown encoding 'XYZ'");
}

BOOST_AUTO_TEST_CASE(binary_input) {
  const std::string png = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"s;
  const auto diag = expect_error([&] { dec::decode(png); });
  BOOST_TEST(diag.code == "binary");
  BOOST_TEST(diag.message == "not a text file (binary content at byte 8)");

  // Control characters without NULs.
  std::string ctl;
  for (int i = 0; i < 64; ++i) ctl += static_cast<char>(i % 3 == 0 ? 0x01 : 'a');
  BOOST_TEST(expect_error([&] { dec::decode(ctl); }).message == "not a text file (binary content at byte 0)");

  // A forced byte encoding does not bypass the check; forced UTF-16 does.
  dec::options gbk;
  gbk.encoding = "GBK";
  BOOST_TEST(expect_error([&] { dec::decode(png, gbk); }).code == "binary");
  dec::options u16;
  u16.encoding = "UTF-16BE";
  BOOST_CHECK_NO_THROW(dec::decode("\x00" "a\x00" "b"s, u16));
  BOOST_TEST(dec::decode("\x00" "a\x00" "b"s, u16).text == "ab");

  // Tabs, form feeds and one stray control character in a long text are fine.
  std::string text = "\t" + kTitle + "\f\n";
  for (int i = 0; i < 20; ++i) text += kTitle + "\n";
  text += "\x07";
  BOOST_CHECK_NO_THROW(dec::decode(text));
}

namespace {

constexpr std::size_t kNone = std::string::npos;

// The UTF-8 decoding byte by byte, written apart from decode.cpp (which copies runs): the
// oracle of the differential test below.
struct utf8_oracle {
  std::string text;
  std::size_t invalid = 0, first_in = kNone, first_out = 0, truncated = 0;
};

utf8_oracle reference_utf8(const std::string& in) {
  utf8_oracle r;
  const std::size_t n = in.size();
  for (std::size_t i = 0; i < n;) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '\r') {
      r.text += '\n';
      i += (i + 1 < n && in[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c < 0x80) {
      r.text += in[i++];
      continue;
    }
    // Unicode Table 3-7: length by lead byte, the second byte's range, later bytes 80..BF.
    const std::size_t len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    const unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    std::size_t k = 1;
    while (len != 0 && k < len && i + k < n) {
      const auto b = static_cast<unsigned char>(in[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) break;
      ++k;
    }
    if (len != 0 && k == len) {
      r.text.append(in, i, len);
      i += len;
    } else if (len != 0 && i + k == n) {
      r.truncated = k;
      break;
    } else {
      if (r.invalid++ == 0) r.first_in = i, r.first_out = r.text.size();
      r.text += "\xEF\xBF\xBD";
      i += k;
    }
  }
  return r;
}

// The binary check byte by byte: the offset reported, or kNone.
std::size_t reference_binary_at(const std::string& b) {
  const std::size_t n = std::min<std::size_t>(b.size(), 8192);
  std::size_t nul = 0, ctrl = 0, first_nul = kNone, first_ctrl = kNone;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(b[i]);
    const bool allowed = (c >= 0x09 && c <= 0x0F) || c == 0x1A || c == 0x1B;
    if (c == 0) {
      if (nul++ == 0) first_nul = i;
    } else if ((c < 0x20 || c == 0x7F) && !allowed) {
      if (ctrl++ == 0) first_ctrl = i;
    }
  }
  if (nul > 0 && (nul >= 8 || nul * 100 >= n)) return first_nul;
  if (ctrl >= 2 && ctrl * 10 >= n) return first_ctrl;
  return kNone;
}

std::string random_text(std::mt19937& rng, const std::vector<std::string>& pieces, std::size_t max_pieces) {
  std::string s;
  for (std::size_t k = rng() % max_pieces; k > 0; --k) s += pieces[rng() % pieces.size()];
  return s;
}

}  // namespace

// decode.cpp copies runs of bytes and checks ASCII 8 bytes at a time: texts, warnings and their
// positions are those of byte-by-byte decoding, on random texts with bad bytes everywhere.
BOOST_AUTO_TEST_CASE(utf8_runs_match_byte_by_byte_decoding) {
  const std::vector<std::string> pieces = {
      "a", "ascii run of some length ", "\r", "\n", "\r\n", "\t", "年", "度报告", "\xC3\xA9", "\xF0\x9F\x98\x80",
      "\xFF", "\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE5\xB9", "\xF0\x9F",
      "\xC2", std::string(1, '\0'), "\x01"};
  std::mt19937 rng(7301);
  std::size_t with_invalid = 0, with_truncated = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s = random_text(rng, pieces, 30);
    if (rng() % 4 == 0) s += pieces[10 + rng() % 9].substr(0, 1 + rng() % 2);  // cut at the very end
    const utf8_oracle o = reference_utf8(s);
    const auto d = dec::decode("\xEF\xBB\xBF" + s);  // BOM: no detection, no binary check
    BOOST_TEST_INFO("input " << n << " of " << s.size() << " bytes");
    BOOST_TEST(d.encoding == "UTF-8 (BOM)");
    BOOST_TEST(d.text == o.text);
    std::size_t w = 0;
    if (o.invalid > 0) {
      ++with_invalid;
      BOOST_REQUIRE(d.warnings.size() > w);
      BOOST_TEST(d.warnings[w].code == "invalid-bytes");
      BOOST_TEST(d.warnings[w].message ==
                 std::to_string(o.invalid) + (o.invalid == 1 ? " invalid byte sequence" : " invalid byte sequences") +
                     " in UTF-8 input replaced by U+FFFD (first at input byte " + std::to_string(o.first_in + 3) + ")");
      BOOST_TEST(d.warnings[w].where.byte == o.first_out);
      ++w;
    }
    if (o.truncated > 0) {
      ++with_truncated;
      BOOST_REQUIRE(d.warnings.size() > w);
      BOOST_TEST(d.warnings[w].code == "truncated-char");
      BOOST_TEST(d.warnings[w].message.find(": " + std::to_string(o.truncated) + " trailing byte") != kNone);
      BOOST_TEST(d.warnings[w].where.byte == o.text.size());
      ++w;
    }
    BOOST_TEST(d.warnings.size() == w);
  }
  BOOST_TEST(with_invalid > 5000);
  BOOST_TEST(with_truncated > 1000);
}

// The binary check looks only at the bytes below 0x20 and DEL, 8 at a time: the same verdict
// and offset as a byte-by-byte count, near the thresholds and the 8 KiB window's end.
BOOST_AUTO_TEST_CASE(binary_check_matches_byte_by_byte_count) {
  const std::vector<std::string> pieces = {"a", "text ", "年度", "longer plain text\n", "政府信息公开 ", "\n", "\t",
                                           "\x1B", std::string(1, '\0'),
                                           "\x01", "\x7F", "\x1F", "\x0E", "\x1A", "\xFF"};
  dec::options gbk;  // a forced byte encoding: the check, then no detection
  gbk.encoding = "GBK";
  std::mt19937 rng(99);
  std::size_t binary = 0;
  for (int n = 0; n < 4000; ++n) {
    std::string s = "x" + random_text(rng, pieces, n % 10 == 0 ? 3000 : 60);
    const std::size_t at = reference_binary_at(s);
    BOOST_TEST_INFO("input " << n << " of " << s.size() << " bytes");
    if (at == kNone) {
      BOOST_CHECK_NO_THROW(dec::decode(s, gbk));
    } else {
      ++binary;
      const auto e = expect_error([&] { dec::decode(s, gbk); });
      BOOST_TEST(e.message == "not a text file (binary content at byte " + std::to_string(at) + ")");
    }
  }
  BOOST_TEST(binary > 500);
  BOOST_TEST(binary < 3500);
}

// count_code_points counts eight bytes at a time (core/diagnostic.cpp): the same count as a
// byte-by-byte one for every prefix of random bytes (continuation bytes, lead bytes, ASCII,
// ill-formed runs), from every start within a word.
BOOST_AUTO_TEST_CASE(code_points_counted_by_words_match_a_byte_count) {
  std::mt19937 rng(7);
  std::size_t wrong = 0, checked = 0;
  for (int n = 0; n < 300; ++n) {
    std::string s(n % 70, '\0');
    for (auto& c : s) {
      const auto r = rng() % 6;  // continuation bytes often: the case counted apart
      c = static_cast<char>(r < 2 ? 0x80 + rng() % 0x40 : r == 2 ? 0xC0 + rng() % 0x40 : rng() % 0x100);
    }
    for (std::size_t start = 0; start < std::min<std::size_t>(s.size(), 9); ++start) {
      const std::string_view view = std::string_view(s).substr(start);
      std::size_t want = 0;
      for (std::size_t k = 0; k <= view.size() + 2; ++k) {
        ++checked;
        wrong += nianbao::count_code_points(view, k) != want;
        if (k < view.size()) want += (static_cast<unsigned char>(view[k]) & 0xC0) != 0x80;
      }
    }
  }
  BOOST_TEST(wrong == 0u);
  BOOST_TEST(checked > 50000u);
  BOOST_TEST(nianbao::count_code_points("年度a\x80\x80", 99) == 3u);  // 年 度 a; stray continuations count none
}
