#include "corpus/corpus.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <thread>

#include "write/json_writer.hpp"

namespace nianbao::corpus {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kExpectedSuffix = ".expected.json";

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void flatten(const json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  if (j.is_object()) {
    if (j.empty()) out[prefix] = "{}";
    for (const auto& [k, v] : j.items()) flatten(v, prefix.empty() ? k : prefix + "." + k, out);
  } else if (j.is_array()) {
    if (j.empty()) out[prefix] = "[]";
    for (std::size_t i = 0; i < j.size(); ++i) flatten(j[i], prefix + "[" + std::to_string(i) + "]", out);
  } else {
    out[prefix] = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

std::vector<test_case> discover(const std::string& root) {
  std::vector<test_case> cases;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (!e.is_regular_file()) continue;
    const auto file = e.path().filename().string();
    if (file.empty() || file[0] == '.' || ends_with(file, kExpectedSuffix) || file.rfind("README", 0) == 0) continue;
    test_case c;
    c.input = e.path().string();
    auto rel = fs::relative(e.path(), root).replace_extension("");
    c.name = rel.generic_string();
    c.expected = (e.path().parent_path() / (e.path().stem().string() + std::string(kExpectedSuffix))).string();
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return cases;
}

json canonical_output(const pipeline::context& cx, const test_case& c) {
  const auto r = cx.process(read_all(c.input), c.input);
  json j = write::to_json(r);
  j["source"]["path"] = fs::path(c.input).filename().string();  // stable wherever the corpus lives
  return j;
}

std::vector<difference> compare(const json& expected, const json& actual) {
  std::map<std::string, std::string> e, a;
  flatten(expected, "", e);
  flatten(actual, "", a);
  std::vector<difference> diffs;
  for (const auto& [path, value] : e) {
    auto it = a.find(path);
    if (it == a.end()) diffs.push_back({path, value, "(absent)"});
    else if (it->second != value) diffs.push_back({path, value, it->second});
  }
  for (const auto& [path, value] : a)
    if (!e.count(path)) diffs.push_back({path, "(absent)", value});
  // Report in document order of the actual output where possible: sort by path for stability.
  std::sort(diffs.begin(), diffs.end(), [](const auto& x, const auto& y) { return x.path < y.path; });
  return diffs;
}

std::size_t run(const pipeline::context& cx, const std::string& root, const run_options& opts, std::ostream& out) {
  std::vector<test_case> cases;
  for (auto& c : discover(root))
    if (opts.filter.empty() || c.name.find(opts.filter) != std::string::npos) cases.push_back(std::move(c));

  std::vector<case_result> results(cases.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      auto& r = results[i];
      r.c = cases[i];
      r.actual = canonical_output(cx, r.c);
      std::error_code ec;
      if (!fs::exists(r.c.expected, ec)) {
        r.missing_expected = true;
        continue;
      }
      json expected;
      try {
        expected = json::parse(read_all(r.c.expected));
      } catch (const std::exception& ex) {
        r.differences.push_back({"(file)", std::string("unreadable expected file: ") + ex.what(), ""});
        continue;
      }
      r.differences = compare(expected, r.actual);
      r.passed = r.differences.empty();
    }
  };
  const unsigned jobs = std::max(1u, std::min<unsigned>(opts.jobs, static_cast<unsigned>(cases.size())));
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  std::size_t passed = 0, failed = 0, updated = 0;
  for (auto& r : results) {
    if (opts.update && !r.passed) {
      std::ofstream f(r.c.expected, std::ios::binary);
      f << r.actual.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      out << (r.missing_expected ? "created " : "updated ") << r.c.name << " (" << r.differences.size()
          << " differences)\n";
      ++updated;
      ++passed;
      continue;
    }
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    if (r.missing_expected) {
      out << "FAIL " << r.c.name << ": no expected output (" << r.c.expected << "); run with --update to create it\n";
      continue;
    }
    out << "FAIL " << r.c.name << " (" << r.c.input << "): " << r.differences.size() << " differences\n";
    for (const auto& d : r.differences)
      out << "  " << d.path << ": expected " << d.expected << ", got " << d.actual << "\n";
  }
  if (opts.update) out << updated << " expected files written\n";
  out << passed << " passed, " << failed << " failed\n";
  return failed;
}

}  // namespace nianbao::corpus
