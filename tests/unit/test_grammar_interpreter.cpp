#define BOOST_TEST_MODULE grammar_interpreter
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "layout/grammar_interpreter.hpp"
#include "layout/layout.hpp"
#include "peg_reader.hpp"
#include "profile/profile.hpp"

using namespace nianbao::layout;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

std::string source(const std::string& relative) { return std::string(NIANBAO_SOURCE_DIR) + "/" + relative; }

// Every built-in grammar, interpreted from its .peg, beside its compiled form.
struct grammar_pair {
  const grammar_entry* compiled;
  std::shared_ptr<const interpreted_grammar> interpreted;
};

std::vector<grammar_pair> every_grammar() {
  std::vector<grammar_pair> out;
  for (const auto& g : grammar_registry())
    out.push_back({&g, interpreted_grammar::load(source("grammars/" + std::string(g.name) + ".peg"))});
  return out;
}

// The same events (kind and byte range, in order) and the same error: the exact comparison.
// Returns how many events were compared.
std::size_t expect_same(const grammar_pair& g, const std::string& text, bool well_formed, const std::string& what) {
  const grammar_result a = g.compiled->parse(text, well_formed);
  const grammar_result b = g.interpreted->parse(text, well_formed);
  BOOST_TEST_CONTEXT(what << " / " << g.compiled->name << (well_formed ? " (well-formed)" : "")) {
    BOOST_TEST_REQUIRE(a.events.size() == b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) {
      const auto &x = a.events[i], &y = b.events[i];
      BOOST_TEST_REQUIRE((x.kind == y.kind && x.begin == y.begin && x.end == y.end),
                         "event " << i << ": compiled " << int(x.kind) << " [" << x.begin << ", " << x.end
                                  << "), interpreted " << int(y.kind) << " [" << y.begin << ", " << y.end << ")");
    }
    BOOST_TEST_REQUIRE(a.error.has_value() == b.error.has_value());
    if (a.error) {
      BOOST_TEST(a.error->byte == b.error->byte);
      BOOST_TEST(a.error->message == b.error->message);
    }
  }
  return a.events.size();
}

}  // namespace

// Every file of every corpus under tests/corpus, decoded as the pipeline decodes it and also as
// raw bytes (not always well-formed UTF-8): each built-in grammar reports exactly the same events
// interpreted as compiled.
BOOST_AUTO_TEST_CASE(interpreted_grammars_report_what_compiled_ones_do_on_every_corpus_file) {
  const auto grammars = every_grammar();
  std::size_t peg_files = 0;  // every grammars/*.peg is in the registry, so every one is compared
  for (const auto& e : fs::directory_iterator(source("grammars"))) peg_files += e.path().extension() == ".peg";
  BOOST_TEST_REQUIRE(grammars.size() == peg_files);
  BOOST_TEST_REQUIRE(peg_files >= 7u);
  std::size_t files = 0, events = 0;
  for (const auto& e : fs::recursive_directory_iterator(source("tests/corpus"))) {
    if (!e.is_regular_file()) continue;
    const std::string bytes = read_bytes(e.path());
    std::string text;
    try {
      text = nianbao::decode::decode(bytes, {}).text;
    } catch (const nianbao::diagnostic_error&) {
      continue;  // not text
    }
    ++files;
    const std::string name = e.path().lexically_relative(source("tests/corpus")).string();
    for (const auto& g : grammars) {
      events += expect_same(g, text, true, name);
      events += expect_same(g, text, false, name);
      if (bytes != text) expect_same(g, bytes, nianbao::is_valid_utf8(bytes), name + " (raw bytes)");
    }
  }
  BOOST_TEST(files >= 100u);
  BOOST_TEST(events > 100000u);
}

// Random texts of the pieces the grammars look at (separators, line ends, blanks, markup,
// digits, CJK text) and of bytes that are not UTF-8.
BOOST_AUTO_TEST_CASE(interpreted_grammars_report_what_compiled_ones_do_on_random_texts) {
  const auto grammars = every_grammar();
  const std::vector<std::string> pieces = {
      "\t", "|", "｜", " ", "  ", "　", "\n", "\r\n", "\r", "#", "## ", "---", "规章", "行政许可", "0", "12", "３",
      "(一)", "——", "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<th>", "&nbsp;", "<br>", "<p>", "a",
      "-", ":", "│", "┃", "─", "┌", "\xff", "\xe5\xb9", "\xc3", "\xed\xa0\x80", "\xf0\x9f\x98\x80", std::string(1, '\0')};
  std::uint32_t seed = 20261207;
  const auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 16; };
  std::size_t texts = 0, ill_formed = 0, events = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const std::size_t length = next() % 40;
    for (std::size_t i = 0; i < length; ++i) text += pieces[next() % pieces.size()];
    const bool valid = nianbao::is_valid_utf8(text);
    ill_formed += !valid;
    ++texts;
    for (const auto& g : grammars) {
      events += expect_same(g, text, false, "random text " + std::to_string(n));
      if (valid) events += expect_same(g, text, true, "random text " + std::to_string(n));
    }
  }
  BOOST_TEST(ill_formed > 500u);
  BOOST_TEST(events > 25000u);
}

// The layout stage runs a user grammar as it runs a built-in one.
BOOST_AUTO_TEST_CASE(a_user_grammar_cuts_rows_of_cells) {
  const interpreted_grammar box(
      "# cells between box-drawing bars\n"
      "table <- (line '\\n')* line\n"
      "line  <- row / other\n"
      "row   <- '│' (cell '│')+ ' '*\n"
      "cell  <- (!'│' !'\\n' .)*\n"
      "other <- (!'\\n' .)*\n",
      "box.peg");
  const std::string text = "┌──┐\n│ 规章 │ 0 │ 3 │\n└──┘\n│行政许可│12│";
  const auto cut_text = cut(text, box.entry());
  BOOST_TEST(!cut_text.error);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : cut_text.rows) {
    rows.emplace_back();
    for (const auto& c : r.cells) rows.back().push_back(text.substr(c.begin, c.end - c.begin));
  }
  BOOST_TEST(rows == (std::vector<std::vector<std::string>>{{" 规章 ", " 0 ", " 3 "}, {"行政许可", "12"}}));
  BOOST_TEST(box.entry().name == std::string("box.peg"));
  BOOST_TEST(box.rule_names() == (std::vector<std::string>{"table", "line", "row", "cell", "other"}));
}

// What a trace shows: the named rules of the parse that stood, in the order they started.
BOOST_AUTO_TEST_CASE(a_trace_lists_the_rules_that_matched) {
  const interpreted_grammar g("doc <- (row '\\n')* row\nrow <- cell (',' cell)*\ncell <- [0-9]*\n", "csv.peg");
  parse_trace trace;
  const auto r = g.parse("1,22\n3", true, &trace);
  BOOST_TEST(!r.error);
  BOOST_TEST(trace.top_end == 6u);
  std::string shown;
  for (const auto& m : trace.rules)
    shown += std::string(m.depth, ' ') + std::string(m.rule) + "[" + std::to_string(m.begin) + "," +
             std::to_string(m.end) + ")\n";
  // The third row try (after "3", no '\n' follows) is taken back.
  BOOST_TEST(shown ==
             "doc[0,6)\n row[0,4)\n  cell[0,1)\n  cell[2,4)\n row[5,6)\n  cell[5,6)\n");
}

// A grammar the text nests too deeply for the stack gives an error, not a crash.
BOOST_AUTO_TEST_CASE(a_text_nested_too_deeply_is_an_error) {
  const interpreted_grammar g("doc <- nest\nnest <- '(' nest ')' / ''\n", "nest.peg");
  const auto shallow = g.parse("((()))", true);
  BOOST_TEST(!shallow.error);
  const auto deep = g.parse(std::string(100000, '(') + std::string(100000, ')'), true);
  BOOST_TEST_REQUIRE(deep.error.has_value());
  BOOST_TEST(deep.error->message == "the text nests the grammar's rules deeper than 4000 levels here");
  BOOST_TEST(deep.events.empty());
}

namespace {

// The diagnostic a grammar text gets, formatted as nianbao prints it.
std::string grammar_error_of(const std::string& peg) {
  try {
    interpreted_grammar g(peg, "user.peg");
  } catch (const nianbao::diagnostic_error& e) {
    return e.diag().format();
  }
  return "(accepted)";
}

}  // namespace

// The loop check, with the place: the generator (nianbao-peg2pegtl) rejects the same grammars, as
// it shares the reader.
BOOST_AUTO_TEST_CASE(a_grammar_that_can_loop_without_consuming_is_rejected_up_front) {
  BOOST_TEST(grammar_error_of("doc <- cell*\ncell <- [0-9]*\n") ==
             "user.peg:1:8: error: this '*' repeats an expression that can match without consuming input: it "
             "would loop forever (make the repeated part consume at least one character)\n"
             "  doc <- cell*\n"
             "         ^");
  BOOST_TEST(grammar_error_of("doc <- x\nx <- ('a'? !'b')+\n") ==
             "user.peg:2:6: error: this '+' repeats an expression that can match without consuming input: it "
             "would loop forever (make the repeated part consume at least one character)\n"
             "  x <- ('a'? !'b')+\n"
             "       ^");
  BOOST_TEST(grammar_error_of("list <- item / list ',' item\nitem <- [a-z]+\n") ==
             "user.peg:1:16: error: rule 'list' can use itself before consuming any input (left recursion: "
             "list -> list): it would never stop; make it consume something first, or use a loop such as "
             "item (',' item)*\n"
             "  list <- item / list ',' item\n"
             "                 ^");
  BOOST_TEST(grammar_error_of("a <- ' '* b\nb <- &c 'x'\nc <- a 'y'\n") ==
             "user.peg:1:11: error: rule 'a' can use itself before consuming any input (left recursion: "
             "a -> b -> c -> a): it would never stop; make it consume something first, or use a loop such "
             "as item (',' item)*\n"
             "  a <- ' '* b\n"
             "            ^");
  // Recursion after something consumed is fine, and so is a loop over something that consumes.
  BOOST_TEST(grammar_error_of("nest <- '(' nest ')' / ''\n") == "(accepted)");
  BOOST_TEST(grammar_error_of("doc <- (cell ',')*\ncell <- [0-9]*\n") == "(accepted)");
  // The shared reader's other errors keep their places.
  BOOST_TEST(grammar_error_of("doc <- cell\n") ==
             "user.peg:1:8: error: undefined rule 'cell'\n"
             "  doc <- cell\n"
             "         ^");
}

// Every built-in grammar passes the loop check too (and PEGTL's analyze, tests/unit/test_grammars.cpp).
BOOST_AUTO_TEST_CASE(every_built_in_grammar_passes_the_loop_check) {
  for (const auto& g : grammar_registry()) {
    const std::string file = source("grammars/" + std::string(g.name) + ".peg");
    BOOST_CHECK_NO_THROW(nianbao::generator::read_peg(read_bytes(file), file));
  }
}

// A grammar file that cannot be read is an error naming it.
BOOST_AUTO_TEST_CASE(a_missing_grammar_file_is_an_error_naming_it) {
  try {
    (void)interpreted_grammar::load("/nonexistent/box.peg");
    BOOST_FAIL("loaded");
  } catch (const nianbao::diagnostic_error& e) {
    BOOST_TEST(e.diag().format() == "/nonexistent/box.peg: error[grammar]: cannot open the grammar file");
  }
}

namespace {

// A profile directory of its own, under the build's temporary files.
struct profile_dir {
  fs::path dir;
  explicit profile_dir(const std::string& name) : dir(fs::temp_directory_path() / ("nianbao-grammar-test-" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~profile_dir() { fs::remove_all(dir); }
  std::string write(const std::string& file, const std::string& text) const {
    std::ofstream(dir / file, std::ios::binary) << text;
    return (dir / file).string();
  }
};

std::string profile_error_of(const std::string& path) {
  try {
    (void)nianbao::profile::load_profile_file(path);
  } catch (const nianbao::diagnostic_error& e) {
    return e.diag().format();
  }
  return "(accepted)";
}

}  // namespace

// `grammar = "x.peg"`: a grammar file beside the profile, read when the profile is loaded.
BOOST_AUTO_TEST_CASE(a_profile_names_a_grammar_file_beside_it) {
  const profile_dir d("beside");
  d.write("csv.peg", "doc <- (row '\\n')* row\nrow <- cell (',' cell)*\ncell <- [0-9]*\n");
  const auto path = d.write("csv.toml", "name = \"csv\"\ngrammar = \"csv.peg\"\n");
  const auto p = nianbao::profile::load_profile_file(path);
  BOOST_TEST_REQUIRE(p.user_grammar != nullptr);
  BOOST_TEST(p.grammar == (d.dir / "csv.peg").string());
  const auto& g = nianbao::profile::grammar_of(p);
  BOOST_TEST(g.interpreted == p.user_grammar.get());
  BOOST_TEST(cut("1,2\n3", g).rows.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_profile_naming_a_missing_or_bad_grammar_file_is_an_error) {
  const profile_dir d("missing");
  const auto missing = d.write("a.toml", "name = \"a\"\ngrammar = \"box.peg\"\n");
  BOOST_TEST(profile_error_of(missing) ==
             missing + ":2:11: error[data-file]: grammar file \"box.peg\" not found (looked for " + (d.dir / "box.peg").string() +
                 ")\n  grammar = \"box.peg\"\n            ^");
  d.write("bad.peg", "doc <- row*\nrow <- cell?\ncell <- 'x'\n");
  const auto bad = d.write("b.toml", "name = \"b\"\ngrammar = \"bad.peg\"\n");
  BOOST_TEST(profile_error_of(bad) ==
             (d.dir / "bad.peg").string() +
                 ":1:8: error: this '*' repeats an expression that can match without consuming input: it would loop "
                 "forever (make the repeated part consume at least one character)\n  doc <- row*\n         ^");
  const auto unknown = d.write("c.toml", "name = \"c\"\ngrammar = \"box\"\n");
  BOOST_TEST(profile_error_of(unknown).find("unknown grammar \"box\" (built-in grammars: ") != std::string::npos);
  BOOST_TEST(profile_error_of(unknown).find("; or a grammar file of your own beside the profile, such as \"box.peg\")") !=
             std::string::npos);
}

// What `nianbao grammar check` warns of.
BOOST_AUTO_TEST_CASE(a_grammar_that_binds_nothing_or_has_unused_rules_gets_warnings) {
  const interpreted_grammar g("doc <- line*\nline <- [a-z]+ '\\n'\nspare <- 'x'\n", "w.peg");
  std::vector<std::string> shown;
  for (const auto& w : g.warnings()) shown.push_back(w.format(false));
  BOOST_TEST(shown == (std::vector<std::string>{
                          "w.peg:3:1: warning[grammar]: rule 'spare' is never used: only the first rule ('doc') and "
                          "the rules it uses run",
                          "w.peg:1:1: warning[grammar]: no rule named 'cell' is used: the grammar reports no cells, so a "
                          "profile naming it reads nothing (name the rule that matches one table cell 'cell')",
                          "w.peg:1:1: warning[grammar]: no rule named 'row' is used: every cell will be in one single row "
                          "(name the rule that matches one table row 'row'; its match ends the row)"}));
  const interpreted_grammar box(read_bytes(source("examples/new-province/profiles/box.peg")), "box.peg");
  BOOST_TEST(box.warnings().empty());
}
