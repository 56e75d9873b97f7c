#pragma once
// Corpus regression tests: every report file in a directory tree with its expected canonical
// output beside it (NAME.txt + NAME.expected.json), compared key by key.
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "pipeline/worker_state.hpp"

namespace nianbao::corpus {

struct test_case {
  std::string name;      // path relative to the corpus root, without extension
  std::string input;     // report file
  std::string expected;  // NAME.expected.json (may not exist yet)
};

struct difference {
  // A leaf: "values.requests.new.total", "checks.passed". An item of a record list (repairs,
  // warnings, errors, checks.failures, checks.unassessed, checks.rule_errors): the list's name,
  // with the item as one readable line in `expected` or `actual` (the other side "(absent)"),
  // or "checks.failures[balance/total].left" for a field of an item that is otherwise the same.
  std::string path;
  std::string expected;  // JSON text or a record's line, or "(absent)"
  std::string actual;
};

struct case_result {
  test_case c;
  bool passed = false;
  bool missing_expected = false;
  std::vector<difference> differences;
  nlohmann::ordered_json actual;
};

struct run_options {
  std::string filter;    // only cases whose name contains this
  bool update = false;   // re-bless expected files from the actual output
  unsigned jobs = 1;
  bool quiet = false;    // no 'N passed, N failed' line
  bool verbose = false;  // 'ok NAME' for every case that passed
};

// Every case under `root`, sorted by name. An input is a file `nianbao parse` reads in a
// directory walk (input::is_report_name: .txt, .md, .html, archives, ...; not README*, hidden
// files, *.expected.json, scripts, out.jsonl).
std::vector<test_case> discover(const std::string& root);

// The canonical output of one case as stored in expected files (path made relative), read with
// the caches of `worker` (pipeline/worker_state.hpp).
nlohmann::ordered_json canonical_output(const pipeline::context& cx, const test_case& c, pipeline::worker_state& worker);

// Every leaf that differs, and every record (repair, warning, rule result) that is in one
// document and not in the other; in document order.
std::vector<difference> compare(const nlohmann::ordered_json& expected, const nlohmann::ordered_json& actual);

// Runs (and with `update`, re-blesses) the cases; prints a report and the closing line
// "N passed, N failed" to `out`. Returns the number of failed cases. The report is the same
// whatever `jobs` is. For each failed case:
//   FAIL <name> (<input>): <n> differences
//     values.requests.new.total: expected 12, got 13
//     repairs: - <a repair that was expected and is no longer made>
//     checks.failures: + <a rule result that is new>
// With `update`, each expected file written is named ("created <name> (<file>)" or
// "updated <name>: <n> differences" and the first 20 of them), then "N expected files written".
std::size_t run(const pipeline::context& cx, const std::string& root, const run_options& opts, std::ostream& out);

}  // namespace nianbao::corpus
