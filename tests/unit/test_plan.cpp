// The plan step (issue 20, runtime/pipeline/plan.hpp): a report read by the profile ranked first
// alone where its reading is complete gives the same record as the exhaustive reading of every
// profile. Differential: planned vs --exhaustive over every corpus of the repository and over
// random renderings of random valid reports in every layout of those corpora and every encoding;
// values, cells, repairs, checks, warnings, positions, the profiles of the tables: the JSON of the
// record with --provenance, byte for byte, but for its "plan" (which profiles read it).
#define BOOST_TEST_MODULE plan
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <fmt/format.h>

#include "../../bench/rendering.hpp"
#include "pipeline/plan.hpp"
#include "decode/decode.hpp"
#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;
namespace fs = std::filesystem;

namespace {

const pipeline::context& planned() { return shared_context(); }

const pipeline::context& exhaustive() { return bench::exhaustive_context(); }

// The record's JSON with every value's provenance, without its "plan" (the last member of it).
std::string without_plan(const pipeline::record& r) {
  std::string s;
  write::json_options o;
  o.provenance = true;
  write::append_json(s, r, o);
  const auto at = s.find(",\"plan\":{");
  BOOST_REQUIRE(at != std::string::npos);
  return s.erase(at, s.find('}', at) + 1 - at);
}

struct tally {
  std::size_t reports = 0, planned = 0;
  std::map<std::string, std::size_t> by_profile;  // planned reports, by the profile that read them
};

// Reads `bytes` both ways: the same record but for the plan; the exhaustive one says so.
pipeline::record same_both_ways(const std::string& bytes, const std::string& path, tally& t) {
  auto p = planned().process(bytes, path);
  auto e = exhaustive().process(bytes, path);
  BOOST_TEST(without_plan(p) == without_plan(e), path << ": the planned record differs from the exhaustive one");
  BOOST_TEST((e.plan.exhaustive || e.plan.profiles_tried.empty()), path << ": --exhaustive read it otherwise");
  ++t.reports;
  if (!p.plan.exhaustive && !p.plan.profiles_tried.empty()) {
    ++t.planned;
    BOOST_TEST(p.plan.profiles_tried.size() == 1u);
    ++t.by_profile[p.plan.profiles_tried.front()];
  }
  return e;
}

// Every input of tests/corpus/*/ (the cases of `nianbao test`: not the expected files).
std::vector<fs::path> corpus_inputs() {
  std::vector<fs::path> files;
  for (const auto& dir : fs::directory_iterator(source_path("tests/corpus")))
    if (dir.is_directory())
      for (const auto& e : fs::directory_iterator(dir.path())) {
        const auto ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".txt" || ext == ".html" || ext == ".docx" || ext == ".doc" || ext == ".pdf"))
          files.push_back(e.path());
      }
  std::sort(files.begin(), files.end());
  return files;
}

std::string short_name(const fs::path& p) { return p.parent_path().filename().string() + "/" + p.filename().string(); }

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

// The encodings a report is rendered in: UTF-8, with BOM, GB18030, UTF-16 LE and BE with BOM, CRLF.
const std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>>& encodings() {
  static const std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>> all = {
      {"utf8", [](const std::string& s) { return s; }},
      {"bom", [](const std::string& s) { return "\xEF\xBB\xBF" + s; }},
      {"gb18030", gb18030},
      {"utf16le", utf16le_bom},
      {"utf16be", utf16be_bom},
      {"crlf", crlf}};
  return all;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_corpus_reads_the_same_planned_and_exhaustive) {
  tally t;
  std::map<std::string, std::vector<std::string>> tried;  // by file: the profiles the plan tried
  for (const auto& f : corpus_inputs()) {
    const auto bytes = read_file(f.string());
    same_both_ways(bytes, f.string(), t);
    tried[short_name(f)] = planned().process(bytes, f.string()).plan.profiles_tried;
  }
  BOOST_TEST_MESSAGE(t.planned << " of " << t.reports << " corpus reports read by one profile");
  BOOST_TEST(t.reports >= 90u);
  // Clean reports cost one profile: the first ranked, by the merge's own order of ties.
  using names = std::vector<std::string>;
  BOOST_TEST(tried["real-text/notes-typos-punctuation-2022.txt"] == names{"tab"});       // tab lines
  BOOST_TEST(tried["seeds/004_123f89bb2f6c6569.txt"] == names{"markdown"});             // # headings
  BOOST_TEST(tried["seeds/002_bd575b38e5e6b191.txt"] == names{"pipe-lines"});           // | lines
  BOOST_TEST(tried["html/001-cms.html"] == names{"html"});                              // a page
  BOOST_TEST(tried["docx/000-word.docx"] == names{"grid"});                             // one profile reads it
  // Hard ones are read exhaustively: repaired rows (seed 000), empty cells (pipe-cells),
  // a gov-2019 report (gov-2021 has more keys: another profile could fill more of it).
  BOOST_TEST(tried["seeds/000_7309f594a2168ba9.txt"] == (names{"lines-empty", "markdown", "pipe-lines", "plain", "tab"}));
  BOOST_TEST(tried["field-variants/pipe-rows-empty-cells-2023.txt"].size() == 5u);
  BOOST_TEST(tried["field-variants/pipe-lines-2019-template.txt"].size() == 5u);
}

BOOST_AUTO_TEST_CASE(random_renderings_read_the_same_planned_and_exhaustive) {
  std::mt19937 rng(20261207);
  tally t;
  std::size_t renderings = 0;
  for (const auto& f : corpus_inputs()) {
    if (f.extension() != ".txt") continue;  // a page's or a structured file's positions are not its bytes
    const auto bytes = read_file(f.string());
    const auto text = decode::decode(bytes).text;
    const auto r = exhaustive().process(text, f.string());
    if (!r.errors.empty()) continue;
    for (const auto& [name, encode] : encodings()) {
      const long k = 2 + static_cast<long>(rng() % 997);
      same_both_ways(encode(bench::scaled_report(text, r, k)), fmt::format("{}~x{}~{}", short_name(f), k, name), t);
      ++renderings;
    }
  }
  BOOST_TEST_MESSAGE(t.planned << " of " << renderings << " renderings read by one profile");
  for (const auto& [p, n] : t.by_profile) BOOST_TEST_MESSAGE("  " << p << ": " << n);
  BOOST_TEST(renderings >= 300u);
  // Every layout whose profile can read a clean report alone did so in some rendering.
  for (const char* p : {"tab", "markdown", "pipe-lines"}) BOOST_TEST(t.by_profile[p] > 0u, p);
}

// The plan is in the JSON with --provenance only: after "provenance", which profiles read the
// report and whether every profile did. Without --provenance the JSON is what it was.
BOOST_AUTO_TEST_CASE(the_plan_is_written_with_provenance_only) {
  const auto file = source_path("tests/corpus/real-text/notes-typos-punctuation-2022.txt");
  const auto planned_run = run_nianbao({"parse", "-q", "--provenance", file});
  BOOST_TEST(planned_run.exit_code == 0);
  BOOST_TEST(planned_run.out.find(",\"plan\":{\"profiles_tried\":[\"tab\"],\"exhaustive\":false}}\n") !=
             std::string::npos);
  const auto exhaustive_run = run_nianbao({"parse", "-q", "--provenance", "--exhaustive", file});
  BOOST_TEST(exhaustive_run.out.find(",\"plan\":{\"profiles_tried\":[\"lines-empty\",\"markdown\",\"pipe-lines\","
                                     "\"plain\",\"tab\"],\"exhaustive\":true}}\n") != std::string::npos);
  const auto plain = run_nianbao({"parse", "-q", file});
  const auto plain_exhaustive = run_nianbao({"parse", "-q", "--exhaustive", file});
  BOOST_TEST(plain.out.find("\"plan\"") == std::string::npos);
  BOOST_TEST(plain.out == plain_exhaustive.out);
  // An input not read has no plan.
  const auto failed = planned().process(binary_bytes(), "binary.txt");
  BOOST_TEST(failed.plan.profiles_tried.empty());
  BOOST_TEST(!failed.plan.exhaustive);
}

// The parts of "complete" on their own (docs/plan.md).
BOOST_AUTO_TEST_CASE(a_template_is_settled_only_with_the_most_keys_and_the_best_fit) {
  const auto& models = planned().models();
  const auto index = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find_if(models.begin(), models.end(), [&](const auto& m) { return m.id == name; }) -
                                    models.begin());
  };
  const auto gov2021 = index("gov-2021"), gov2019 = index("gov-2019");
  BOOST_REQUIRE(gov2021 < models.size());
  BOOST_REQUIRE(gov2019 < models.size());
  BOOST_TEST(pipeline::template_settled(models, gov2021, 2023));   // 200 keys > 198, fits as well
  BOOST_TEST(pipeline::template_settled(models, gov2021, 0));      // the year unknown
  BOOST_TEST(!pipeline::template_settled(models, gov2021, 2020));  // gov-2019 names 2020
  BOOST_TEST(!pipeline::template_settled(models, gov2019, 2020));  // gov-2021 has more keys
  BOOST_TEST(!pipeline::template_settled(models, gov2019, 2023));
}

BOOST_AUTO_TEST_CASE(a_reading_wins_the_ties_against_a_profile_that_marks_fewer_headings_or_is_lower) {
  const auto& profiles = planned().profiles();
  const auto index = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find_if(profiles.begin(), profiles.end(), [&](const auto& p) { return p.name == name; }) -
                                    profiles.begin());
  };
  const auto tab = index("tab"), markdown = index("markdown"), pipe_lines = index("pipe-lines");
  pipeline::reading_plan plan;
  plan.headings.assign(profiles.size(), 0);
  // No headings anywhere: priority decides (tab 30 > pipe-lines 20 > markdown 10).
  BOOST_TEST(pipeline::wins_ties_against(plan, profiles, tab, 0, markdown));
  BOOST_TEST(pipeline::wins_ties_against(plan, profiles, tab, 0, pipe_lines));
  BOOST_TEST(!pipeline::wins_ties_against(plan, profiles, pipe_lines, 0, tab));
  // markdown's grammar marks 3 heading rows of the document: tab's reading can lose to it...
  plan.headings[markdown] = 3;
  BOOST_TEST(!pipeline::wins_ties_against(plan, profiles, tab, 0, markdown));
  // ...and markdown's reading counting its 3 headings wins against tab, which marks none.
  BOOST_TEST(pipeline::wins_ties_against(plan, profiles, markdown, 3, tab));
  // Counting 2 of them, another profile that could count 3 may win.
  plan.headings[tab] = 3;
  BOOST_TEST(!pipeline::wins_ties_against(plan, profiles, markdown, 2, tab));
  // As many as it could: then priority (tab higher).
  BOOST_TEST(!pipeline::wins_ties_against(plan, profiles, markdown, 3, tab));
  BOOST_TEST(pipeline::wins_ties_against(plan, profiles, tab, 3, markdown));
}

BOOST_AUTO_TEST_CASE(only_grammars_with_a_heading_rule_mark_headings) {
  const auto& profiles = planned().profiles();
  const auto marks = pipeline::grammars_marking_headings(profiles, pipeline::data_dir());
  for (std::size_t pi = 0; pi < profiles.size(); ++pi)
    BOOST_TEST(static_cast<bool>(marks[pi]) == (profiles[pi].grammar == "markdown"), profiles[pi].name);
}
