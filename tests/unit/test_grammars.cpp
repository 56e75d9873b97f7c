#define BOOST_TEST_MODULE grammars
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "core/utf8.hpp"
#include "layout/grammar_chars.hpp"
#include "layout/layout.hpp"

using namespace nianbao::layout;

namespace {

// The rows a grammar cuts from `text`, as cell texts.
std::vector<std::vector<std::string>> rows_of(const char* grammar, const std::string& text) {
  const auto* g = find_grammar(grammar);
  BOOST_REQUIRE(g);
  const auto cut_text = cut(text, *g);
  BOOST_TEST(!cut_text.error);
  std::vector<std::vector<std::string>> out;
  for (const auto& r : cut_text.rows) {
    std::vector<std::string> cells;
    for (const auto& c : r.cells) cells.push_back(text.substr(c.begin, c.end - c.begin));
    out.push_back(cells);
  }
  return out;
}

using rows = std::vector<std::vector<std::string>>;

}  // namespace

BOOST_AUTO_TEST_CASE(every_grammar_passes_pegtl_analyze) {
  for (const auto& g : grammar_registry()) BOOST_TEST(g.analyze() == 0u, g.name);
}

BOOST_AUTO_TEST_CASE(tab_cuts_lines_at_tabs) {
  BOOST_TEST(rows_of("tab", "规章\t0\t0\t0\n\t(一)予以公开\t5\n") ==
             (rows{{"规章", "0", "0", "0"}, {"", "(一)予以公开", "5"}, {""}}));
}

BOOST_AUTO_TEST_CASE(pipe_cuts_cells_at_bars) {
  BOOST_TEST(rows_of("pipe", "规章 |\n0 |\n|||\n行政许可 | 13 |") ==
             (rows{{"规章 ", ""}, {"0 ", ""}, {"", "", "", ""}, {"行政许可 ", " 13 ", ""}}));
}

BOOST_AUTO_TEST_CASE(markdown_reads_headings_tab_rows_and_pipe_tables) {
  const auto r = rows_of("markdown", "## 二、主动公开政府信息情况\n规章\t0\n| 行政许可 | 3 |\n|---|---|");
  BOOST_TEST(r == (rows{{"二、主动公开政府信息情况"}, {"规章", "0"}, {" 行政许可 ", " 3 "}, {"---", "---"}}));
  const auto* g = find_grammar("markdown");
  BOOST_TEST(cut("# 标题\n", *g).rows.front().heading);
}

// `.` in a grammar (layout/grammar_chars.hpp) takes one well-formed code point as
// utf8_sequence_length (core/utf8.hpp) defines it: every lead byte, with every second and third
// byte and a fourth that continues or not, and with the text ending after each byte.
BOOST_AUTO_TEST_CASE(any_character_takes_what_utf8_sequence_length_takes) {
  std::size_t compared = 0, mismatches = 0;
  char bytes[4];
  for (int b0 = 0x80; b0 < 0x100; ++b0)
    for (int b1 = 0; b1 < 0x100; ++b1)
      for (int b2 = 0; b2 < 0x100; b2 += (b0 >= 0xE0 ? 1 : 0x55))
        for (int b3 : {0x41, 0x80, 0xBF}) {
          bytes[0] = static_cast<char>(b0);
          bytes[1] = static_cast<char>(b1);
          bytes[2] = static_cast<char>(b2);
          bytes[3] = static_cast<char>(b3);
          for (std::size_t size = 1; size <= 4; ++size) {
            ++compared;
            const std::size_t expected = nianbao::utf8_sequence_length(std::string_view(bytes, size), 0);
            if (utf8_any::sequence_length(bytes, size) != expected) ++mismatches;
          }
        }
  BOOST_TEST(compared == 256u * (32 * 256 + 96 * 4) * 3 * 4);  // lead bytes 0xE0-0xFF: every third byte
  BOOST_TEST(mismatches == 0u);
}

// The pipeline reads the cells of grammars that cut a text alike once (pipeline.cpp).
BOOST_AUTO_TEST_CASE(same_cut_tells_grammars_that_cut_a_text_alike) {
  const std::string plain_lines = "一、总体情况\n规章\n0\n";
  const std::string with_tabs = "规章\t0\t1\n";
  const auto cut_by = [](const char* grammar, const std::string& text) { return cut(text, *find_grammar(grammar)); };
  BOOST_TEST(same_cut(cut_by("markdown", plain_lines), cut_by("tab", plain_lines)));
  BOOST_TEST(same_cut(cut_by("pipe", "规章\n0"), cut_by("lines", "规章\n0")));
  BOOST_TEST(!same_cut(cut_by("pipe", plain_lines), cut_by("lines", plain_lines)));  // pipe: an empty last row
  BOOST_TEST(same_cut(cut_by("markdown", with_tabs), cut_by("tab", with_tabs)));
  BOOST_TEST(!same_cut(cut_by("pipe", with_tabs), cut_by("tab", with_tabs)));  // one cell against three
  BOOST_TEST(!same_cut(cut_by("markdown", "# 标题\n规章\n"), cut_by("tab", "# 标题\n规章\n")));  // a heading
}

namespace {
namespace pegtl = TAO_PEGTL_NAMESPACE;

// What `Rule` does at the start of `text`: matched or not, and where the input is then (byte,
// line, column).
template <typename Rule>
std::tuple<bool, std::size_t, std::size_t, std::size_t> run_rule(const std::string& text) {
  pegtl::memory_input<> in(text.data(), text.size(), "");
  const bool ok = pegtl::parse<Rule>(in);
  const auto pos = in.position();
  return {ok, pos.byte, pos.line, pos.column};
}
}  // namespace

// The generator writes (!s1 !s2 ... .)* / + over fixed texts as one scan (scan_until,
// layout/grammar_chars.hpp), and literals of several bytes as layout::literal: on random texts,
// well-formed UTF-8 or not, each matches as the PEGTL rule it stands for and leaves the input at
// the same byte, line and column.
BOOST_AUTO_TEST_CASE(scan_until_matches_as_the_loop_of_predicates_it_stands_for) {
  using bar = pegtl::sor<pegtl::one<'|'>, pegtl::string<'\xef', '\xbd', '\x9c'>>;  // | ｜
  using loop_star = pegtl::star<pegtl::seq<pegtl::not_at<bar>, pegtl::not_at<pegtl::string<'-', '-', '>'>>,
                                           pegtl::not_at<pegtl::one<'\n'>>, pegtl::utf8::any>>;
  using loop_plus = pegtl::plus<pegtl::seq<pegtl::not_at<bar>, pegtl::not_at<pegtl::string<'-', '-', '>'>>,
                                           pegtl::not_at<pegtl::one<'\n'>>, pegtl::utf8::any>>;
  using scan_star = scan_until<false, bytes<'|'>, bytes<'\xef', '\xbd', '\x9c'>, bytes<'-', '-', '>'>, bytes<'\n'>>;
  using scan_plus = scan_until<true, bytes<'|'>, bytes<'\xef', '\xbd', '\x9c'>, bytes<'-', '-', '>'>, bytes<'\n'>>;
  using across_lines = pegtl::star<pegtl::seq<pegtl::not_at<pegtl::string<'-', '-', '>'>>, pegtl::utf8::any>>;
  using scan_across_lines = scan_until<false, bytes<'-', '-', '>'>>;
  // Pieces: ASCII, separators, CJK, a cut-off and a bad sequence, a surrogate, newlines.
  const std::vector<std::string> pieces = {"a", " ", "|", "｜", "-", "->", "-->", "年", "\n", "\xe5\xb9",
                                           "\xff", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\xc3", "\xbd", "x\ny"};
  std::uint32_t seed = 12345;
  const auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  std::size_t differ = 0, tried = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const std::size_t length = next() % 12;
    for (std::size_t i = 0; i < length; ++i) text += pieces[next() % pieces.size()];
    ++tried;
    differ += run_rule<loop_star>(text) != run_rule<scan_star>(text);
    differ += run_rule<loop_plus>(text) != run_rule<scan_plus>(text);
    differ += run_rule<across_lines>(text) != run_rule<scan_across_lines>(text);
    // Literals of several bytes (layout::literal), a newline inside one included.
    differ += run_rule<pegtl::string<'-', '-', '>'>>(text) != run_rule<literal<'-', '-', '>'>>(text);
    differ += run_rule<pegtl::string<'\xef', '\xbd', '\x9c'>>(text) != run_rule<literal<'\xef', '\xbd', '\x9c'>>(text);
    differ += run_rule<pegtl::string<'x', '\n', 'y'>>(text) != run_rule<literal<'x', '\n', 'y'>>(text);
    differ += run_rule<pegtl::plus<pegtl::sor<pegtl::string<'a', ' '>, pegtl::string<'-', '-'>>>>(text) !=
              run_rule<pegtl::plus<pegtl::sor<literal<'a', ' '>, literal<'-', '-'>>>>(text);
    differ += run_rule<pegtl::star<pegtl::utf8::any>>(text) != run_rule<scan_until<false>>(text);  // .*
    differ += run_rule<pegtl::plus<pegtl::utf8::any>>(text) != run_rule<scan_until<true>>(text);   // .+
  }
  BOOST_TEST(tried == 20000u);  // each text through every pair above
  BOOST_TEST(differ == 0u);
}

// The generator writes (!p1 !p2 ... .)* / + whose predicates consume and start with few bytes
// (plain's cell: a gap before a run of numbers, or a line end) as a scan that tries them only at
// those bytes (scan_guarded): it matches as the loop of predicates on random texts.
BOOST_AUTO_TEST_CASE(scan_guarded_matches_as_the_loop_of_predicates_it_stands_for) {
  using space = pegtl::sor<pegtl::one<' '>, pegtl::string<'\xe3', '\x80', '\x80'>>;  // ' ' or U+3000
  using gap = pegtl::plus<space>;
  using run = pegtl::seq<pegtl::plus<pegtl::ranges<'0', '9'>>, pegtl::at<pegtl::sor<pegtl::one<'\n'>, pegtl::eof>>>;
  using predicate = pegtl::seq<gap, run>;
  using newline = pegtl::one<'\n'>;
  using first = byte_set<'\n', ' ', '\xe3'>;
  using loop_plus = pegtl::plus<pegtl::seq<pegtl::not_at<predicate>, pegtl::not_at<newline>, pegtl::utf8::any>>;
  using loop_star = pegtl::star<pegtl::seq<pegtl::not_at<predicate>, pegtl::not_at<newline>, pegtl::utf8::any>>;
  using guarded_plus = scan_guarded<true, first, predicate, newline>;
  using guarded_star = scan_guarded<false, first, predicate, newline>;
  const std::vector<std::string> pieces = {"a", " ", "  ", "　", "、", "1", "23", "年", "\n", "\xe5\xb9", "\xff",
                                           "\xe3\x80", "\xed\xa0\x80", "-", "x\ny"};
  std::uint32_t seed = 54321;
  const auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  std::size_t differ = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const std::size_t length = next() % 12;
    for (std::size_t i = 0; i < length; ++i) text += pieces[next() % pieces.size()];
    differ += run_rule<loop_plus>(text) != run_rule<guarded_plus>(text);
    differ += run_rule<loop_star>(text) != run_rule<guarded_star>(text);
  }
  BOOST_TEST(differ == 0u);
  // A guard that leaves out a byte a predicate starts with would be wrong: the test sees it.
  using too_narrow = scan_guarded<true, byte_set<'\n'>, predicate, newline>;
  BOOST_TEST((run_rule<loop_plus>("abc 12") != run_rule<too_narrow>("abc 12")));
}
