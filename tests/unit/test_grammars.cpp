#define BOOST_TEST_MODULE grammars
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

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
