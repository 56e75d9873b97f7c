#include "pipeline/plan.hpp"

#include <algorithm>
#include <filesystem>

#include "layout/grammar_interpreter.hpp"
#include "merge/merge.hpp"
#include "pipeline/readings.hpp"

namespace nianbao::pipeline {

namespace {

bool has_heading_rule(const layout::interpreted_grammar& g) {
  const auto names = g.rule_names();
  return std::find(names.begin(), names.end(), "heading") != names.end();
}

}  // namespace

std::vector<char> grammars_marking_headings(const std::vector<profile::profile>& profiles, const std::string& data_dir) {
  std::vector<char> marks(profiles.size(), 1);
  for (std::size_t pi = 0; pi < profiles.size(); ++pi) {
    const auto& p = profiles[pi];
    if (p.user_grammar) {
      marks[pi] = has_heading_rule(*p.user_grammar);
      continue;
    }
    const auto file = std::filesystem::path(data_dir) / "grammars" / (p.grammar + ".peg");
    try {
      marks[pi] = has_heading_rule(*layout::interpreted_grammar::load(file.string()));
    } catch (const std::exception&) {
      // Not found or not readable as a grammar here: it may mark headings (the plan cuts the
      // document with it to count them).
    }
  }
  return marks;
}

reading_plan make_plan(readings& reads, const std::vector<profile::profile>& profiles,
                       const std::vector<char>& marks_headings) {
  reading_plan plan;
  plan.order = reads.readable();
  plan.headings.assign(profiles.size(), 0);
  for (const auto pi : plan.order)
    if (marks_headings[pi]) plan.headings[pi] = reads.heading_rows(pi);
  // The merge's order among readings that tie on what they read (merge.cpp, better): more
  // headings marked, then higher priority, then the first loaded.
  std::stable_sort(plan.order.begin(), plan.order.end(), [&](std::size_t a, std::size_t b) {
    if (plan.headings[a] != plan.headings[b]) return plan.headings[a] > plan.headings[b];
    return profiles[a].priority > profiles[b].priority;
  });
  return plan;
}

bool wins_ties_against(const reading_plan& plan, const std::vector<profile::profile>& profiles, std::size_t pi,
                       std::size_t headings_marked, std::size_t other) {
  const std::size_t most = plan.headings[other];  // the most `other` can mark
  if (most != headings_marked) return most < headings_marked;
  // It may mark as many: the merge then keeps the higher priority, of equal ones the first.
  if (profiles[other].priority != profiles[pi].priority) return profiles[other].priority < profiles[pi].priority;
  return pi < other;
}

bool reads_whole_template(const resolve::candidate& c, const model::template_model& m) {
  return incomplete_because(c, m).empty();
}

std::string incomplete_because(const resolve::candidate& c, const model::template_model& m) {
  if (c.grammar_error) return "grammar-error";
  for (std::size_t t = 0; t < m.tables.size(); ++t) {
    const auto& tc = c.tables[t];
    if (tc.empty != 0) return "cells-empty";
    if (tc.filled != m.tables[t].key_count) return "cells-missing";
    if (!tc.misaligned.empty()) return "rows-misaligned";
    if (!tc.repairs.empty()) return "values-repaired";
    if (tc.truncated) return "table-truncated";
    for (const auto& d : tc.notes)
      if (d.severity != severity::note) return "warning:" + d.code;
  }
  if (!std::all_of(c.values.begin(), c.values.end(), [](const value& v) {
        return v.kind == cell_kind::number || v.kind == cell_kind::placeholder;
      }))
    return "text-cells";
  return {};
}

bool template_settled(const std::vector<model::template_model>& models, std::size_t mi, int year) {
  const auto& m = models[mi];
  const int fit = merge::year_fit(m, year);
  for (std::size_t other = 0; other < models.size(); ++other)
    if (other != mi && (models[other].keys.size() >= m.keys.size() || merge::year_fit(models[other], year) > fit))
      return false;
  return true;
}

}  // namespace nianbao::pipeline
