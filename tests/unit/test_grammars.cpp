#define BOOST_TEST_MODULE grammars
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
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
// `well_formed`: run as the grammars run on decode's output (event_log::well_formed), which
// only a well-formed UTF-8 text may be.
template <typename Rule>
std::tuple<bool, std::size_t, std::size_t, std::size_t> run_rule(const std::string& text, bool well_formed = false) {
  pegtl::memory_input<> in(text.data(), text.size(), "");
  event_log log;
  log.well_formed = well_formed;
  const bool ok = pegtl::parse<Rule>(in, log);
  const auto pos = in.position();
  return {ok, pos.byte, pos.line, pos.column};
}

// A rule run on a text as it is (every byte checked) and as on a well-formed text (bytes
// stepped over): the same when the text is well-formed UTF-8. Counts the texts it could try.
template <typename Reference, typename Rule>
std::size_t differs(const std::string& text, std::size_t& well_formed_texts) {
  std::size_t n = run_rule<Reference>(text) != run_rule<Rule>(text);
  if (nianbao::is_valid_utf8(text)) {
    ++well_formed_texts;
    n += run_rule<Reference>(text) != run_rule<Rule>(text, true);
  }
  return n;
}
// Up to `most` - 1 random pieces. Half the texts the scan tests try are short and of any bytes,
// half longer and well-formed: the scans pass over those eight bytes at a time, so stops must
// fall at every place in a word and across words.
template <typename Next>
std::string random_text(const std::vector<std::string>& pieces, std::size_t most, Next& next) {
  std::string text;
  const std::size_t length = next() % most;
  for (std::size_t i = 0; i < length; ++i) text += pieces[next() % pieces.size()];
  return text;
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
  // Pieces: ASCII, separators, CJK, a cut-off and a bad sequence, a surrogate, newlines;
  // characters that start as '｜' does ('，' its first byte, '｛' its first two).
  const std::vector<std::string> well_formed_pieces = {"a", " ", "|", "｜", "-", "->", "-->", "年", "\n",
                                                       "\xf0\x9f\x98\x80", "x\ny", "，", "｛"};
  std::vector<std::string> pieces = well_formed_pieces;
  pieces.insert(pieces.end(), {"\xe5\xb9", "\xff", "\xed\xa0\x80", "\xc3", "\xbd"});
  std::uint32_t seed = 12345;
  // The high bits: an LCG's low bits cycle with a short period (with 16 pieces, every text
  // would hold the same few).
  const auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 16; };
  std::size_t differ = 0, tried = 0, well_formed = 0;
  for (int n = 0; n < 20000; ++n) {
    const std::string text = n % 2 ? random_text(pieces, 12, next) : random_text(well_formed_pieces, 40, next);
    ++tried;
    differ += differs<loop_star, scan_star>(text, well_formed);
    differ += differs<loop_plus, scan_plus>(text, well_formed);
    differ += differs<across_lines, scan_across_lines>(text, well_formed);
    // Literals of several bytes (layout::literal), a newline inside one included.
    differ += run_rule<pegtl::string<'-', '-', '>'>>(text) != run_rule<literal<'-', '-', '>'>>(text);
    differ += run_rule<pegtl::string<'\xef', '\xbd', '\x9c'>>(text) != run_rule<literal<'\xef', '\xbd', '\x9c'>>(text);
    differ += run_rule<pegtl::string<'x', '\n', 'y'>>(text) != run_rule<literal<'x', '\n', 'y'>>(text);
    differ += run_rule<pegtl::plus<pegtl::sor<pegtl::string<'a', ' '>, pegtl::string<'-', '-'>>>>(text) !=
              run_rule<pegtl::plus<pegtl::sor<literal<'a', ' '>, literal<'-', '-'>>>>(text);
    differ += differs<pegtl::star<pegtl::utf8::any>, scan_until<false>>(text, well_formed);  // .*
    differ += differs<pegtl::plus<pegtl::utf8::any>, scan_until<true>>(text, well_formed);   // .+
  }
  BOOST_TEST(tried == 20000u);  // each text through every pair above
  BOOST_TEST(well_formed > 5000u * 5);  // and the well-formed ones also as the grammars run them
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
  // Without the line end among the guards, the scan passes over line ends and counts them.
  using loop_across_lines = pegtl::star<pegtl::seq<pegtl::not_at<predicate>, pegtl::utf8::any>>;
  using guarded_across_lines = scan_guarded<false, byte_set<' ', '\xe3'>, predicate>;
  const std::vector<std::string> well_formed_pieces = {"a", " ", "  ", "　", "、", "1", "23", "年", "\n", "-", "x\ny"};
  std::vector<std::string> pieces = well_formed_pieces;
  pieces.insert(pieces.end(), {"\xe5\xb9", "\xff", "\xe3\x80", "\xed\xa0\x80"});
  std::uint32_t seed = 54321;
  // The high bits: an LCG's low bits cycle with a short period (with 16 pieces, every text
  // would hold the same few).
  const auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 16; };
  std::size_t differ = 0, well_formed = 0;
  for (int n = 0; n < 20000; ++n) {
    const std::string text = n % 2 ? random_text(pieces, 12, next) : random_text(well_formed_pieces, 40, next);
    differ += differs<loop_plus, guarded_plus>(text, well_formed);
    differ += differs<loop_star, guarded_star>(text, well_formed);
    differ += differs<loop_across_lines, guarded_across_lines>(text, well_formed);
  }
  BOOST_TEST(well_formed > 5000u * 3);
  BOOST_TEST(differ == 0u);
  // A guard that leaves out a byte a predicate starts with would be wrong: the test sees it.
  using too_narrow = scan_guarded<true, byte_set<'\n'>, predicate, newline>;
  BOOST_TEST((run_rule<loop_plus>("abc 12") != run_rule<too_narrow>("abc 12")));
}

// Every grammar cuts a well-formed text alike whether it checks every byte or steps over bytes
// (event_log::well_formed, as the pipeline runs it on decode's output): the events and the error
// of each grammar on every report of the test corpus.
BOOST_AUTO_TEST_CASE(grammars_cut_a_well_formed_text_alike_checked_or_not) {
  std::size_t texts = 0;
  for (const char* dir : {"tests/corpus/seeds", "tests/corpus/variants", "tests/corpus/field", "tests/corpus/field-variants"}) {
    for (const auto& e : std::filesystem::directory_iterator(std::string(NIANBAO_SOURCE_DIR) + "/" + dir)) {
      if (e.path().extension() != ".txt" && e.path().extension() != ".html") continue;
      std::ifstream f(e.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      const std::string text = nianbao::decode::decode(bytes, {}).text;
      BOOST_TEST_REQUIRE(nianbao::is_valid_utf8(text));
      ++texts;
      for (const auto& g : grammar_registry()) {
        BOOST_TEST_CONTEXT(e.path().filename().string() << " / " << g.name) {
          const auto checked = g.parse(text, false), stepped = g.parse(text, true);
          BOOST_TEST_REQUIRE(checked.events.size() == stepped.events.size());
          for (std::size_t i = 0; i < checked.events.size(); ++i) {
            const auto &a = checked.events[i], &b = stepped.events[i];
            BOOST_TEST((a.kind == b.kind && a.begin == b.begin && a.end == b.end), "event " << i);
          }
          BOOST_TEST(checked.error.has_value() == stepped.error.has_value());
          if (checked.error && stepped.error) BOOST_TEST(checked.error->byte == stepped.error->byte);
        }
      }
    }
  }
  BOOST_TEST(texts > 40u);
}

// What the pipeline claims of the texts it cuts: decode's output is well-formed UTF-8 whatever
// the bytes and the encoding (ill-formed input is replaced by U+FFFD or is an error).
BOOST_AUTO_TEST_CASE(decoded_texts_are_well_formed_utf8) {
  const std::vector<std::string> pieces = {"a", "\n", "\r", "年", "\xe5\xb9", "\xff", "\xed\xa0\x80", "\xf0\x9f\x98\x80",
                                           "\xc3", "\xbd", std::string(1, '\0'), "\xd8\x00", "\x00\xdc", "\xef\xbb\xbf",
                                           "\xff\xfe", "\xfe\xff", "\x81\x30\x81\x30", "\xb0\xa1"};
  std::uint32_t seed = 777;
  // The high bits: an LCG's low bits cycle with a short period (with 16 pieces, every text
  // would hold the same few).
  const auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 16; };
  std::size_t decoded = 0;
  for (int n = 0; n < 4000; ++n) {
    std::string bytes;
    const std::size_t length = next() % 16;
    for (std::size_t i = 0; i < length; ++i) bytes += pieces[next() % pieces.size()];
    for (const char* encoding : {"", "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE"}) {
      nianbao::decode::options o;
      o.encoding = encoding;
      try {
        const auto d = nianbao::decode::decode(bytes, o);
        ++decoded;
        BOOST_TEST(nianbao::is_valid_utf8(d.text), "encoding \"" << encoding << "\"");
      } catch (const nianbao::diagnostic_error&) {
        // binary input, or an encoding that cannot read it: no text to cut
      }
    }
  }
  BOOST_TEST(decoded > 4000u);
}
