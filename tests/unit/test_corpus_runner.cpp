// The corpus runner (`nianbao test`): what it prints for a wrong number, a lost repair or
// warning, a rule result; --update; --filter; -j. Also: every variant of
// tests/corpus/variants reads to the same values as the seed it was made from, and the
// `spaces` grammar (used by examples/new-province) cuts cells as documented.
#define BOOST_TEST_MODULE corpus_runner
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/diagnostic.hpp"
#include "corpus/corpus.hpp"
#include "corpus/setup.hpp"
#include "layout/events.hpp"
#include "layout/layout.hpp"
#include "pipeline/pipeline.hpp"

namespace fs = std::filesystem;
namespace corpus = nianbao::corpus;
namespace pipeline = nianbao::pipeline;
using json = nlohmann::ordered_json;

namespace {

const fs::path kSource = NIANBAO_SOURCE_DIR;

const pipeline::context& builtin() {
  static const pipeline::context cx{pipeline::options{}};
  return cx;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << p);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  BOOST_REQUIRE(out);
}

// j[key], or null when j has no such key (operator[] on a const json must not be used for that).
json member(const json& j, const std::string& key) { return j.is_object() && j.contains(key) ? j[key] : json(); }

json read_json(const fs::path& p) { return json::parse(read_file(p)); }
void write_json(const fs::path& p, const json& j) { write_file(p, j.dump(2) + "\n"); }

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The seed report whose name starts with `prefix` ("000" ...).
fs::path seed(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(kSource / "tests/corpus/seeds"))
    if (e.path().extension() == ".txt" && e.path().filename().string().rfind(prefix + "_", 0) == 0) return e.path();
  BOOST_FAIL("no seed " << prefix);
  return {};
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("nianbao-corpus-runner-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  // Copies a seed into the corpus as `name` (a relative path with .txt).
  fs::path add(const std::string& seed_prefix, const std::string& name) const {
    const auto to = path / name;
    fs::create_directories(to.parent_path());
    fs::copy_file(seed(seed_prefix), to);
    return to;
  }
};

struct run_result {
  std::size_t failed;
  std::string out;
};

run_result run(const fs::path& root, corpus::run_options opts = {}) {
  std::ostringstream out;
  const auto failed = corpus::run(builtin(), root.string(), opts, out);
  return {failed, out.str()};
}

run_result bless(const fs::path& root) {
  corpus::run_options o;
  o.update = true;
  return run(root, o);
}

}  // namespace

BOOST_AUTO_TEST_CASE(wrong_number_is_reported_with_case_key_and_values_and_update_restores_it) {
  temp_dir t;
  const auto input = t.add("001", "x/report.txt");
  const auto expected = t.path / "x/report.expected.json";

  auto r = bless(t.path);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(lines(r.out) == (std::vector<std::string>{"created x/report (" + expected.string() + ")",
                                                       "1 expected files written", "1 passed, 0 failed"}),
             boost::test_tools::per_element());
  const auto blessed = read_file(expected);
  r = run(t.path);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.out == "1 passed, 0 failed\n");

  // One expected number changed by hand: one failure, naming the case, the key and both values.
  auto doc = json::parse(blessed);
  const auto key = "requests.new.natural_person";
  const long long read = doc["values"][key].get<long long>();
  doc["values"][key] = read + 1;
  write_json(expected, doc);
  const auto want = "  values.requests.new.natural_person: expected " + std::to_string(read + 1) + ", got " +
                    std::to_string(read);
  r = run(t.path);
  BOOST_TEST(r.failed == 1u);
  BOOST_TEST(lines(r.out) == (std::vector<std::string>{"FAIL x/report (" + input.string() + "): 1 difference", want,
                                                       "0 passed, 1 failed"}),
             boost::test_tools::per_element());

  // --update restores the blessed file byte for byte and says which case it changed and how.
  r = bless(t.path);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(lines(r.out) == (std::vector<std::string>{"updated x/report: 1 difference", want,
                                                       "1 expected files written", "1 passed, 0 failed"}),
             boost::test_tools::per_element());
  BOOST_TEST(read_file(expected) == blessed);
  r = run(t.path);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.out == "1 passed, 0 failed\n");
}

BOOST_AUTO_TEST_CASE(repairs_warnings_and_rule_results_are_shown_one_line_each) {
  temp_dir t;
  const auto input = t.add("000", "r.txt");
  const auto expected = t.path / "r.expected.json";
  BOOST_REQUIRE(bless(t.path).failed == 0u);
  auto doc = read_json(expected);

  // Seed 000 has rows that lost a cell, repaired through the rules: 7 repairs per row (one per
  // column, one reason). Taken out of the expected file, a row's repairs come back as ONE line.
  auto& repairs = doc["repairs"];
  BOOST_REQUIRE(!repairs.empty());
  const auto first_key = repairs[0]["key"].get<std::string>();
  const auto row = first_key.substr(0, first_key.rfind('.'));  // e.g. "requests.granted"
  json kept = json::array();
  for (const auto& rp : repairs)
    if (rp["key"].get<std::string>().rfind(row + ".", 0) != 0) kept.push_back(rp);
  BOOST_REQUIRE_EQUAL(repairs.size() - kept.size(), 7u);
  repairs = kept;
  // The first warning taken out: one line with its severity, code, position and message.
  const auto warning = doc["warnings"][0];
  doc["warnings"].erase(0);
  // A rule result that the output does not have, and a counter that differs.
  doc["checks"]["failures"].push_back({{"rule", "balance"}, {"instance", "total"}, {"severity", "error"},
                                       {"message", "m"}, {"status", "failed"}, {"check", "a == b"},
                                       {"left", 1}, {"right", 2}, {"keys", json::object()}});
  const auto passed = doc["checks"]["passed"].get<long long>();
  doc["checks"]["passed"] = passed + 1;
  write_json(expected, doc);

  // In the order of the output: repairs, checks, warnings.
  const auto r = run(t.path);
  BOOST_TEST(r.failed == 1u);
  const auto l = lines(r.out);
  BOOST_REQUIRE_EQUAL(l.size(), 6u);
  BOOST_TEST(l[0] == "FAIL r (" + input.string() + "): 4 differences");
  BOOST_TEST(l[1].rfind("  repairs: + " + row + ": read (", 0) == 0, l[1]);
  BOOST_TEST(l[1].find("), chosen (") != std::string::npos, l[1]);
  BOOST_TEST(l[2] == "  checks.passed: expected " + std::to_string(passed + 1) + ", got " + std::to_string(passed));
  BOOST_TEST(l[3] == "  checks.failures: - balance/total failed (error): 1 vs 2 in a == b");
  BOOST_TEST(l[4] == "  warnings: + " + warning["severity"].get<std::string>() + " " +
                         warning["code"].get<std::string>() + " at " + std::to_string(warning["line"].get<int>()) +
                         ":" + std::to_string(warning["column"].get<int>()) + ": " +
                         warning["message"].get<std::string>());
  BOOST_TEST(l[5] == "0 passed, 1 failed");
}

BOOST_AUTO_TEST_CASE(missing_expected_file_fails_and_names_the_file) {
  temp_dir t;
  t.add("004", "a.txt");
  const auto r = run(t.path);
  BOOST_TEST(r.failed == 1u);
  BOOST_TEST(lines(r.out) ==
                 (std::vector<std::string>{"FAIL a: no expected output (" + (t.path / "a.expected.json").string() +
                                               "); run with --update to create it",
                                           "0 passed, 1 failed"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(filter_runs_only_matching_cases) {
  temp_dir t;
  t.add("001", "a/one.txt");
  t.add("004", "b/two.txt");
  BOOST_REQUIRE(bless(t.path).failed == 0u);
  // Break "one": a filter that leaves it out passes.
  const auto e = t.path / "a/one.expected.json";
  auto doc = read_json(e);
  doc["status"] = "failed";
  write_json(e, doc);

  corpus::run_options o;
  o.filter = "two";
  auto r = run(t.path, o);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(r.out == "1 passed, 0 failed\n");
  o.filter = "a/";
  r = run(t.path, o);
  BOOST_TEST(r.failed == 1u);
  BOOST_TEST(lines(r.out).front().rfind("FAIL a/one (", 0) == 0);
  BOOST_TEST(lines(r.out).back() == "0 passed, 1 failed");
  o.filter = "nothing";
  r = run(t.path, o);
  BOOST_TEST(r.failed == 0u);
  BOOST_TEST(lines(r.out) == (std::vector<std::string>{"no cases under " + t.path.string() + " matching \"nothing\"",
                                                       "0 passed, 0 failed"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(parallel_run_gives_the_same_report) {
  temp_dir t;
  for (const char* p : {"000", "001", "002", "004"}) t.add(p, std::string(p) + ".txt");  // 003 is slow
  BOOST_REQUIRE(bless(t.path).failed == 0u);
  for (const char* p : {"001", "004"}) {
    const auto e = t.path / (std::string(p) + ".expected.json");
    auto doc = read_json(e);
    doc["values"]["requests.total.total"] = 99999;
    doc["warnings"].push_back({{"severity", "note"}, {"code", "x"}, {"message", "y"}});
    write_json(e, doc);
  }
  corpus::run_options o;
  o.jobs = 1;
  const auto one = run(t.path, o);
  BOOST_TEST(one.failed == 2u);
  for (unsigned j : {2u, 4u, 16u}) {
    o.jobs = j;
    const auto many = run(t.path, o);
    BOOST_TEST(many.failed == 2u);
    BOOST_TEST(many.out == one.out, "-j" << j);
  }
  BOOST_TEST(lines(one.out).back() == "2 passed, 2 failed");
}

// Each variant changes only how a seed is written, so it must read to the seed's values: the
// blessed expected files agree key by key. (That the readings equal the expected files is what
// the CTest tests corpus.variants and corpus.seeds check.)
BOOST_AUTO_TEST_CASE(variant_values_equal_seed_values) {
  const auto dir = kSource / "tests/corpus/variants";
  std::size_t n = 0;
  for (const auto& c : corpus::discover(dir.string())) {
    ++n;
    BOOST_TEST_CONTEXT("variant " << c.name) {
      const auto name = fs::path(c.input).filename().string();
      const auto s = seed(name.substr(0, 3));
      const auto seed_expected = s.parent_path() / (s.stem().string() + ".expected.json");
      BOOST_REQUIRE_MESSAGE(fs::exists(c.expected), "no expected file " << c.expected);
      const auto ve = read_json(c.expected);
      const auto se = read_json(seed_expected);
      const auto vv = member(ve, "values"), sv = member(se, "values");
      const auto vc = member(ve, "cells"), sc = member(se, "cells");
      BOOST_TEST(vv.size() == sv.size());
      // A value cell the variant prints blank on purpose is empty there, never the seed's number
      // refilled (README, "Merge"): the only difference allowed.
      std::size_t blanked = 0;
      for (const auto& [key, value] : sv.items()) {
        if (member(vv, key).is_null() && member(member(vc, key), "kind") == "empty" && !value.is_null()) {
          ++blanked;
          continue;
        }
        BOOST_TEST(member(vv, key) == value,
                   "expected files differ at " << key << ": " << member(vv, key) << " vs seed " << value);
      }
      // Cells that hold no number: the same kind and text (their lines may differ).
      BOOST_TEST(vc.size() == sc.size() + blanked);
      for (const auto& [key, cell] : sc.items()) {
        BOOST_TEST(member(member(vc, key), "kind") == member(cell, "kind"), "cell " << key);
        BOOST_TEST(member(member(vc, key), "raw") == member(cell, "raw"), "cell " << key);
      }
      BOOST_TEST(member(ve, "status") == member(se, "status"));

    }
  }
  BOOST_TEST(n >= 5u);
}

BOOST_AUTO_TEST_CASE(every_grammar_passes_pegtl_analyze) {
  for (const auto& g : nianbao::layout::grammar_registry()) BOOST_TEST(g.analyze() == 0u, g.name);
}

namespace {
std::vector<std::vector<std::string>> cut_spaces(const std::string& text) {
  const auto* g = nianbao::layout::find_grammar("spaces");
  BOOST_REQUIRE(g);
  const auto r = nianbao::layout::cut(text, *g);
  BOOST_TEST(!r.error.has_value());
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : r.rows) {
    std::vector<std::string> cells;
    for (const auto& c : row.cells) cells.push_back(text.substr(c.begin, c.end - c.begin));
    if (!cells.empty()) rows.push_back(cells);
  }
  return rows;
}
}  // namespace

BOOST_AUTO_TEST_CASE(spaces_grammar_cuts_at_runs_of_blanks) {
  using rows = std::vector<std::vector<std::string>>;
  BOOST_TEST((cut_spaces("   行政规范性文件          6         2        31    \n") ==
              rows{{"行政规范性文件", "6", "2", "31"}}));
  // A single space stays in the cell (labels, numbers split by extraction); a tab cuts.
  BOOST_TEST((cut_spaces("结果 维持  1 234\t5\n(一) 予以公开 \t 7") ==
              rows{{"结果 维持", "1 234", "5"}, {"(一) 予以公开", "7"}}));
  // Blank lines and blank-only lines have no cells; prose is one cell.
  BOOST_TEST((cut_spaces("\n   \n2024年，共受理申请 61 件。\n") == rows{{"2024年，共受理申请 61 件。"}}));
  BOOST_TEST(cut_spaces("").empty());
}

BOOST_AUTO_TEST_CASE(no_builtin_profile_uses_the_spaces_grammar) {
  // grammars/spaces.peg is built in for profiles of users (examples/new-province); as long as
  // no built-in profile names it, it cannot change the output of any report.
  for (const auto& p : builtin().profiles()) BOOST_TEST(p.grammar != "spaces", p.name);
}

// `nianbao test` reads the files `nianbao parse DIR` reads: a script, a previous run's output,
// a README or a hidden file beside the cases is not a case.
BOOST_AUTO_TEST_CASE(cases_are_the_files_parse_reads) {
  temp_dir t;
  for (const char* f : {"a.txt", "b.html", "c.md", "make-cases.py", "out.jsonl", "out.csv", "README.md", ".hidden.txt",
                        "a.expected.json", "d"})
    std::ofstream(t.path / f) << "x";
  fs::create_directories(t.path / "sub");
  std::ofstream(t.path / "sub" / "e.TXT") << "x";
  std::vector<std::string> names;
  for (const auto& c : corpus::discover(t.path.string())) names.push_back(c.name);
  BOOST_TEST(names == (std::vector<std::string>{"a", "b", "c", "d", "sub/e"}));
}

// --update says when what it blesses is doubtful: a record whose rules fail (here a total made
// wrong: 11 + 1 is not 13) is blessed with a warning; a clean one without.
BOOST_AUTO_TEST_CASE(update_warns_when_it_blesses_a_record_that_fails_rules) {
  temp_dir t;
  t.add("000", "clean.txt");
  std::string text = read_file(seed("000"));
  const std::string row = "\t11\t0\t0\t0\t1\t0\t12\t";
  BOOST_REQUIRE(text.find(row) != std::string::npos);
  text.replace(text.find(row), row.size(), "\t11\t0\t0\t0\t1\t0\t13\t");
  std::ofstream(t.path / "wrong.txt", std::ios::binary) << text;
  const auto r = bless(t.path);
  const auto out = lines(r.out);
  const auto created_wrong = std::find(out.begin(), out.end(), "created wrong (" + (t.path / "wrong.expected.json").string() + ")");
  BOOST_TEST_REQUIRE((created_wrong != out.end()));
  BOOST_TEST_REQUIRE((created_wrong + 1 != out.end()));
  BOOST_TEST(created_wrong[1].rfind("  warning: blessed a record that fails ", 0) == 0u, created_wrong[1]);
  BOOST_TEST(created_wrong[1].find(" rule check") != std::string::npos);
  BOOST_TEST(out[0] == "created clean (" + (t.path / "clean.expected.json").string() + ")");
  BOOST_TEST(out[1] == "created wrong (" + (t.path / "wrong.expected.json").string() + ")");
}

// A corpus's setup file: paths relative to it, unknown keys rejected with their place.
BOOST_AUTO_TEST_CASE(a_corpus_remembers_its_setup) {
  temp_dir t;
  fs::create_directories(t.path / "profiles");
  std::ofstream(t.path / "nianbao-test.toml") << "profiles = [\"profiles\"]\nonly_profiles = [\"tab\"]\n"
                                                 "rules = [\"/abs/x.rules\"]\nencoding = \"GB18030\"\n";
  const auto s = nianbao::corpus::read_setup(t.path.string());
  BOOST_TEST_REQUIRE(s.has_value());
  BOOST_TEST(s->profile_dirs == (std::vector<std::string>{(t.path / "profiles").string()}));
  BOOST_TEST(s->only_profiles == (std::vector<std::string>{"tab"}));
  BOOST_TEST(s->rules == (std::vector<std::string>{"/abs/x.rules"}));
  BOOST_TEST(s->encoding == "GB18030");
  std::ofstream(t.path / "nianbao-test.toml") << "profile = [\"profiles\"]\n";
  try {
    (void)nianbao::corpus::read_setup(t.path.string());
    BOOST_FAIL("accepted");
  } catch (const nianbao::diagnostic_error& e) {
    BOOST_TEST(e.diag().where.line == 1u);
    BOOST_TEST(e.diag().message.find("unknown key `profile` in a corpus setup") == 0u, e.diag().message);
  }
  temp_dir none;
  BOOST_TEST(!nianbao::corpus::read_setup(none.path.string()).has_value());
}
