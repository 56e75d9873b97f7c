#include "corpus/corpus.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <thread>
#include <unordered_map>

#include "core/text.hpp"
#include "input/input.hpp"
#include "write/json_writer.hpp"

namespace nianbao::corpus {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kExpectedSuffix = ".expected.json";
constexpr std::string_view kAbsent = "(absent)";
constexpr std::size_t kUpdateListed = 20;  // differences listed per re-blessed case

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// The arrays of records in the output. They are compared item by item (an inserted warning
// is one difference, not one per shifted index) and shown as one readable line per item.
const std::vector<std::string>& record_lists() {
  static const std::vector<std::string> lists = {"repairs", "warnings", "errors", "checks.failures",
                                                 "checks.unassessed", "checks.rule_errors"};
  return lists;
}

bool is_record_list(const std::string& path) {
  const auto& l = record_lists();
  return std::find(l.begin(), l.end(), path) != l.end();
}

// Leaves in document order: (path, JSON text).
using leaves = std::vector<std::pair<std::string, std::string>>;

void flatten(const json& j, const std::string& prefix, leaves& out) {
  if (j.is_object()) {
    if (j.empty()) out.emplace_back(prefix, "{}");
    for (const auto& [k, v] : j.items()) {
      const auto path = prefix.empty() ? k : prefix + "." + k;
      if (v.is_array() && is_record_list(path)) {  // compared as records; here only that it is there
        out.emplace_back(path, "[...]");
        continue;
      }
      flatten(v, path, out);
    }
  } else if (j.is_array()) {
    if (j.empty()) out.emplace_back(prefix, "[]");
    for (std::size_t i = 0; i < j.size(); ++i) flatten(j[i], prefix + "[" + std::to_string(i) + "]", out);
  } else {
    out.emplace_back(prefix, dump(j));
  }
}

std::string str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const auto& v = j[key];
  return v.is_string() ? v.get<std::string>() : dump(v);
}

// A cell's text as read: empty shown as "".
std::string shown(const std::string& s) { return s.empty() ? "\"\"" : s; }

// One readable line for an item of a record list.
std::string summary(const std::string& list, const json& item) {
  if (!item.is_object()) return dump(item);
  if (list == "repairs") {
    std::string s = str(item, "key") + ": read " + shown(str(item, "read")) + ", chosen " + shown(str(item, "chosen"));
    if (item.contains("rules") && item["rules"].is_array() && !item["rules"].empty()) {
      s += " by";
      for (const auto& r : item["rules"]) s += " " + (r.is_string() ? r.get<std::string>() : dump(r));
    }
    return s + " (" + str(item, "why") + ")";
  }
  if (list == "warnings" || list == "errors") {
    std::string s = str(item, "severity") + " " + str(item, "code");
    if (item.contains("line")) s += " at " + str(item, "line") + ":" + str(item, "column");
    return s + ": " + str(item, "message");
  }
  if (list == "checks.rule_errors") {
    return str(item, "rule") + (str(item, "instance").empty() ? "" : "/" + str(item, "instance")) + ": " +
           str(item, "message");
  }
  // checks.failures, checks.unassessed
  std::string s = str(item, "rule");
  if (!str(item, "instance").empty()) s += "/" + str(item, "instance");
  s += " " + str(item, "status") + " (" + str(item, "severity") + ")";
  if (item.contains("left") || item.contains("right")) s += ": " + str(item, "left") + " vs " + str(item, "right");
  if (!str(item, "check").empty()) s += " in " + str(item, "check");
  return s;
}

// A short name for an item, used in the path of differences inside it.
std::string item_name(const std::string& list, const json& item) {
  if (list == "repairs") return str(item, "key");
  if (list == "warnings" || list == "errors") return str(item, "code");
  std::string s = str(item, "rule");
  if (!str(item, "instance").empty()) s += "/" + str(item, "instance");
  return s;
}

const json& at_path(const json& doc, const std::string& dotted) {
  static const json null_json;
  const json* j = &doc;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    const auto dot = dotted.find('.', start);
    const auto key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!j->is_object() || !j->contains(key)) return null_json;
    j = &(*j)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return *j;
}

// The repairs of one row share their reason: leftover repairs with the same "why" and "rules"
// that follow each other are shown as one line for the row.
std::string repairs_summary(const json& items, const std::vector<std::size_t>& group) {
  if (group.size() == 1) return summary("repairs", items[group.front()]);
  const auto& first = items[group.front()];
  std::string key = str(first, "key");
  for (auto i : group) {  // the keys' common prefix, up to a '.'
    const auto k = str(items[i], "key");
    std::size_t n = 0;
    while (n < key.size() && n < k.size() && key[n] == k[n]) ++n;
    key.resize(n);
  }
  if (const auto dot = key.rfind('.'); dot != std::string::npos && dot + 1 != key.size()) key.resize(dot);
  if (!key.empty() && key.back() == '.') key.pop_back();
  std::string read, chosen;
  for (auto i : group) {
    read += (read.empty() ? "" : ", ") + shown(str(items[i], "read"));
    chosen += (chosen.empty() ? "" : ", ") + shown(str(items[i], "chosen"));
  }
  std::string s = key + ": read (" + read + "), chosen (" + chosen + ")";
  if (first.contains("rules") && first["rules"].is_array() && !first["rules"].empty()) {
    s += " by";
    for (const auto& r : first["rules"]) s += " " + (r.is_string() ? r.get<std::string>() : dump(r));
  }
  return s + " (" + str(first, "why") + ")";
}

std::vector<std::vector<std::size_t>> groups_of(const std::string& list, const json& items,
                                                const std::vector<std::size_t>& left) {
  std::vector<std::vector<std::size_t>> groups;
  for (auto i : left) {
    if (list == "repairs" && !groups.empty()) {
      const auto& prev = items[groups.back().back()];
      if (groups.back().back() + 1 == i && str(prev, "why") == str(items[i], "why") &&
          str(prev, "rules") == str(items[i], "rules")) {
        groups.back().push_back(i);
        continue;
      }
    }
    groups.push_back({i});
  }
  return groups;
}

std::string group_summary(const std::string& list, const json& items, const std::vector<std::size_t>& g) {
  return list == "repairs" ? repairs_summary(items, g) : summary(list, items[g.front()]);
}

void compare_records(const std::string& list, const json& expected, const json& actual, std::vector<difference>& out) {
  const json e = expected.is_array() ? expected : json::array();
  const json a = actual.is_array() ? actual : json::array();
  // Items equal on both sides cancel out (as a multiset); the rest are paired in order.
  std::vector<bool> used(a.size(), false);
  std::vector<std::size_t> e_left;
  for (std::size_t i = 0; i < e.size(); ++i) {
    bool found = false;
    for (std::size_t k = 0; k < a.size() && !found; ++k)
      if (!used[k] && a[k] == e[i]) used[k] = found = true;
    if (!found) e_left.push_back(i);
  }
  std::vector<std::size_t> a_left;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (!used[k]) a_left.push_back(k);
  const auto eg = groups_of(list, e, e_left);
  const auto ag = groups_of(list, a, a_left);
  const std::size_t paired = std::min(eg.size(), ag.size());
  for (std::size_t p = 0; p < paired; ++p) {
    const auto es = group_summary(list, e, eg[p]), as = group_summary(list, a, ag[p]);
    if (es != as || eg[p].size() != 1 || ag[p].size() != 1) {
      out.push_back({list, es, as});
      continue;
    }
    // Same line, different details (e.g. the line of a key of a rule result): name the fields.
    const auto& ei = e[eg[p].front()];
    const auto& ai = a[ag[p].front()];
    leaves el, al;
    flatten(ei, "", el);
    flatten(ai, "", al);
    std::map<std::string, std::string> am(al.begin(), al.end()), em(el.begin(), el.end());
    const auto prefix = list + "[" + item_name(list, ei) + "].";
    for (const auto& [path, value] : el) {
      auto it = am.find(path);
      if (it == am.end()) out.push_back({prefix + path, value, std::string(kAbsent)});
      else if (it->second != value) out.push_back({prefix + path, value, it->second});
    }
    for (const auto& [path, value] : al)
      if (!em.count(path)) out.push_back({prefix + path, std::string(kAbsent), value});
  }
  for (std::size_t p = paired; p < eg.size(); ++p) out.push_back({list, group_summary(list, e, eg[p]), std::string(kAbsent)});
  for (std::size_t p = paired; p < ag.size(); ++p) out.push_back({list, std::string(kAbsent), group_summary(list, a, ag[p])});
}

// The top-level part of a path: "values" for "values.requests.new.total".
std::string top_of(const std::string& path) {
  const auto end = path.find_first_of(".[");
  return path.substr(0, end);
}

void print_difference(std::ostream& out, const difference& d) {
  if (is_record_list(d.path) && d.expected != "[...]" && d.actual != "[...]") {
    // One item: "- " as expected and no longer produced, "+ " produced and not expected.
    if (d.expected != kAbsent) out << "  " << d.path << ": - " << d.expected << "\n";
    if (d.actual != kAbsent) out << "  " << d.path << ": + " << d.actual << "\n";
    return;
  }
  out << "  " << d.path << ": expected " << d.expected << ", got " << d.actual << "\n";
}

std::string count(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

std::vector<test_case> discover(const std::string& root) {
  std::vector<test_case> cases;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (!e.is_regular_file()) continue;
    // The files `nianbao parse DIR` reads (input::is_report_name): a script or a previous run's
    // out.jsonl beside the cases is not a case.
    const auto file = e.path().filename().string();
    // (NAME.values.json, values read by hand from a published file and checked by a unit test,
    // tests/unit/test_pdf.cpp, is not one either.)
    if (!input::is_report_name(file) || ends_with(file, kExpectedSuffix)) continue;
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

json canonical_output(const pipeline::context& cx, const test_case& c, pipeline::worker_state& worker) {
  const auto r = cx.process(read_all(c.input), c.input, worker);
  std::string line;
  write::append_json(line, r);
  json j = json::parse(line);
  j["source"]["path"] = fs::path(c.input).filename().string();  // stable wherever the corpus lives
  return j;
}

std::vector<difference> compare(const json& expected, const json& actual) {
  leaves e, a;
  flatten(expected, "", e);
  flatten(actual, "", a);
  std::unordered_map<std::string, std::size_t> e_index, a_index;
  for (std::size_t i = 0; i < e.size(); ++i) e_index.emplace(e[i].first, i);
  for (std::size_t i = 0; i < a.size(); ++i) a_index.emplace(a[i].first, i);

  std::vector<difference> diffs;
  for (const auto& [path, value] : e) {
    auto it = a_index.find(path);
    if (it == a_index.end()) diffs.push_back({path, value, std::string(kAbsent)});
    else if (a[it->second].second != value) diffs.push_back({path, value, a[it->second].second});
  }
  for (const auto& [path, value] : a)
    if (!e_index.count(path)) diffs.push_back({path, std::string(kAbsent), value});
  // An empty object or array on one side ("cells": {}) is already told by its members missing
  // there, when the other side has members.
  auto has_members = [](const leaves& l, const std::string& path) {
    return std::any_of(l.begin(), l.end(), [&](const auto& p) {
      return p.first.size() > path.size() && p.first.compare(0, path.size(), path) == 0 &&
             (p.first[path.size()] == '.' || p.first[path.size()] == '[');
    });
  };
  diffs.erase(std::remove_if(diffs.begin(), diffs.end(),
                             [&](const difference& d) {
                               const bool empty_e = d.expected == "{}" || d.expected == "[]";
                               const bool empty_a = d.actual == "{}" || d.actual == "[]";
                               return (d.expected == kAbsent && empty_a && has_members(e, d.path)) ||
                                      (d.actual == kAbsent && empty_e && has_members(a, d.path));
                             }),
              diffs.end());
  for (const auto& list : record_lists()) compare_records(list, at_path(expected, list), at_path(actual, list), diffs);

  // Document order: by the top-level field (in the order the output has them), then by where
  // the leaf is in the document; items of a record list after the leaves of their section.
  std::unordered_map<std::string, std::size_t> top_rank;
  for (const auto* doc : {&actual, &expected})
    if (doc->is_object())
      for (const auto& [k, v] : doc->items()) top_rank.emplace(k, top_rank.size());
  auto rank = [&](const difference& d) {
    const auto t = top_rank.find(top_of(d.path));
    const std::size_t top = t == top_rank.end() ? top_rank.size() : t->second;
    std::size_t pos = e.size() + a.size();
    if (auto i = e_index.find(d.path); i != e_index.end()) pos = i->second;
    else if (auto k = a_index.find(d.path); k != a_index.end()) pos = e.size() + k->second;
    return std::make_pair(top, pos);
  };
  std::stable_sort(diffs.begin(), diffs.end(), [&](const auto& x, const auto& y) { return rank(x) < rank(y); });
  return diffs;
}

namespace {

// What --update blesses becomes what later runs must give: a record that is not whole, or whose
// report breaks the template's rules, is said so, for the author to look at before committing.
void warn_if_doubtful(std::ostream& out, const json& actual) {
  const auto status = actual.find("status");
  if (status != actual.end() && status->is_string() && *status != "parsed")
    out << "  warning: blessed a record with status \"" << status->get<std::string>()
        << "\": check that the report itself is incomplete before committing it\n";
  const auto checks = actual.find("checks");
  if (checks == actual.end() || !checks->is_object()) return;
  const auto failed = checks->find("failed");
  if (failed != checks->end() && failed->is_number_integer() && failed->get<long long>() > 0)
    out << "  warning: blessed a record that fails " << count(static_cast<std::size_t>(failed->get<long long>()), "rule check")
        << ": check that each failure is in the report itself (not a misread cell) before committing it\n";
}

}  // namespace

std::size_t run(const pipeline::context& cx, const std::string& root, const run_options& opts, std::ostream& out) {
  std::vector<test_case> cases;
  for (auto& c : discover(root))
    if (opts.filter.empty() || c.name.find(opts.filter) != std::string::npos) cases.push_back(std::move(c));
  if (cases.empty())
    out << "no cases under " << root << (opts.filter.empty() ? "" : " matching \"" + opts.filter + "\"") << "\n";

  std::vector<case_result> results(cases.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    pipeline::worker_state state;
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      auto& r = results[i];
      r.c = cases[i];
      r.actual = canonical_output(cx, r.c, state);
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
      f.close();
      if (!f) {
        out << "FAIL " << r.c.name << ": cannot write " << r.c.expected << "\n";
        ++failed;
        continue;
      }
      if (r.missing_expected) {
        out << "created " << r.c.name << " (" << r.c.expected << ")\n";
      } else {
        out << "updated " << r.c.name << ": " << count(r.differences.size(), "difference") << "\n";
        for (std::size_t i = 0; i < r.differences.size() && i < kUpdateListed; ++i) print_difference(out, r.differences[i]);
        if (r.differences.size() > kUpdateListed)
          out << "  ... and " << r.differences.size() - kUpdateListed << " more (git diff shows them all)\n";
      }
      warn_if_doubtful(out, r.actual);
      ++updated;
      ++passed;
      continue;
    }
    if (r.passed) {
      ++passed;
      if (opts.verbose) out << "ok " << r.c.name << "\n";
      continue;
    }
    ++failed;
    if (r.missing_expected) {
      out << "FAIL " << r.c.name << ": no expected output (" << r.c.expected << "); run with --update to create it\n";
      continue;
    }
    if (!r.differences.empty() && r.differences.front().path == "(file)") {
      out << "FAIL " << r.c.name << " (" << r.c.expected << "): " << r.differences.front().expected << "\n";
      continue;
    }
    out << "FAIL " << r.c.name << " (" << r.c.input << "): " << count(r.differences.size(), "difference") << "\n";
    for (const auto& d : r.differences) print_difference(out, d);
  }
  if (opts.update) out << updated << " expected files written\n";
  if (!opts.quiet) out << passed << " passed, " << failed << " failed\n";
  return failed;
}

}  // namespace nianbao::corpus
