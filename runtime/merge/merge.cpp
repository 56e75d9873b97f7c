#include "merge/merge.hpp"

#include <algorithm>

namespace nianbao::merge {

namespace {
std::size_t total_filled(const resolve::candidate& c) {
  std::size_t n = 0;
  for (const auto& t : c.tables) n += t.filled;
  return n;
}

// The table's cells read in place: numbers, placeholders and empty cells.
std::size_t cells_read(const resolve::table_candidate& t) { return t.filled + t.empty; }

// Better: more of the table's cells read in place; then fewer misaligned rows; then the profile
// that read more numbers in the whole report (a reading the rules completed beats one that left
// the cells empty); then fewer values repaired; then whose grammar marked the section headings
// itself (it fits the layout); then higher profile priority.
bool better(const resolve::candidate& a, const resolve::candidate& b, std::size_t t) {
  const auto& ta = a.tables[t];
  const auto& tb = b.tables[t];
  if (cells_read(ta) != cells_read(tb)) return cells_read(ta) > cells_read(tb);
  if (ta.misaligned.size() != tb.misaligned.size()) return ta.misaligned.size() < tb.misaligned.size();
  const auto fa = total_filled(a), fb = total_filled(b);
  if (fa != fb) return fa > fb;
  if (ta.repairs.size() != tb.repairs.size()) return ta.repairs.size() < tb.repairs.size();
  if (a.headings_marked != b.headings_marked) return a.headings_marked > b.headings_marked;
  return a.priority > b.priority;
}
}  // namespace

merged merge_candidates(const model::template_model& m, std::vector<resolve::candidate>& candidates) {
  merged out;
  out.values.resize(m.keys.size());
  out.table_profiles.resize(m.tables.size());
  out.table_filled.resize(m.tables.size());
  for (const auto& c : candidates) {
    out.tables_begin = std::min(out.tables_begin, c.tables_begin);
    out.column_labels_seen = std::max(out.column_labels_seen, c.column_labels_seen);
  }
  for (std::size_t t = 0; t < m.tables.size(); ++t) {
    resolve::candidate* best = nullptr;
    for (auto& c : candidates) {
      const auto& tc = c.tables[t];
      if (cells_read(tc) == 0 && tc.misaligned.empty()) continue;
      if (!best || better(c, *best, t)) best = &c;
    }
    // A table whose heading the text ends after, before any value: its "truncated" note says so.
    if (!best)
      for (auto& c : candidates)
        if (c.tables[t].truncated && (!best || better(c, *best, t))) best = &c;
    if (!best) continue;
    auto& tc = best->tables[t];
    out.table_profiles[t] = best->profile;
    out.table_filled[t] = tc.filled;
    out.filled += tc.filled;
    for (std::size_t i = m.tables[t].first_key; i < m.tables[t].first_key + m.tables[t].key_count; ++i)
      out.values[i] = std::move(best->values[i]);
    for (auto& n : tc.notes) out.notes.push_back(std::move(n));
    for (auto& r : tc.misaligned) out.misaligned.push_back(std::move(r));
    for (auto& r : tc.repairs) out.repairs.push_back(std::move(r));
  }
  return out;
}

bool repair_could_matter(const std::vector<resolve::candidate>& candidates, std::size_t i) {
  const auto& c = candidates[i];
  for (std::size_t t = 0; t < c.tables.size(); ++t) {
    const auto& tc = c.tables[t];
    if (tc.misaligned.empty()) continue;
    std::size_t bound = cells_read(tc);
    for (const auto& row : tc.misaligned) bound += row.expected;
    // Another reading that, as it stands, already reads more of the table is out of reach (a
    // repair only adds to it).
    bool reachable = true;
    for (std::size_t j = 0; j < candidates.size() && reachable; ++j)
      if (j != i && cells_read(candidates[j].tables[t]) > bound) reachable = false;
    if (reachable) return true;
  }
  return false;
}

int year_fit(const model::template_model& m, int year) {
  if (m.report_years.empty()) return 1;
  return year && std::find(m.report_years.begin(), m.report_years.end(), year) != m.report_years.end() ? 2 : 0;
}

bool better_template(const merged& a, const model::template_model& ma, const merged& b,
                     const model::template_model& mb, int year) {
  if (!year) year = a.year_hint ? a.year_hint : b.year_hint;
  // The report's own word over a count: the template prescribed for its year of which it prints
  // more column headers wins, whatever the values filled (a 2023 report printing gov-2021's table
  // 2 and the older single row （六）其他处理, which only gov-2019 reads: gov-2019 fills more).
  // Where the two signs disagree (a later report that never switched), the count decides.
  const int fa = year_fit(ma, year), fb = year_fit(mb, year);
  if (fa != fb && a.column_labels_seen != b.column_labels_seen &&
      (fa > fb) == (a.column_labels_seen > b.column_labels_seen))
    return fa > fb;
  if (a.filled != b.filled) return a.filled > b.filled;
  if (a.column_labels_seen != b.column_labels_seen) return a.column_labels_seen > b.column_labels_seen;
  return fa > fb;
}

}  // namespace nianbao::merge
