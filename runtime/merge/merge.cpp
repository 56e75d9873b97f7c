#include "merge/merge.hpp"

#include <algorithm>
#include <cmath>

namespace nianbao::merge {

namespace {
std::size_t total_filled(const resolve::candidate& c) {
  std::size_t n = 0;
  for (const auto& t : c.tables) n += t.filled;
  return n;
}

// The table's cells read in place: numbers, placeholders and empty cells.
std::size_t cells_read(const resolve::table_candidate& t) { return t.filled + t.empty; }

// A cell read as printed and found empty: only a reading that sees blank cells gives one (a
// profile with `empty_cells = "value"`: cells by columns, `<td>`s, blank lines).
bool printed_empty(const value& v) { return v.kind == cell_kind::empty && !v.repaired; }

// A value the reading did not read as printed in its cell: the repair stage derived it (a lost
// cell solved, a row shifted into its columns, digits split).
bool derived(const value& v) { return v.repaired && v.kind != cell_kind::missing && v.kind != cell_kind::empty; }

// What the repair fills at once: a row of a table of rows; a table read as one sequence of
// values (no row labels: table 4) as a whole. [first key, key count) with the unit's name.
struct unit {
  std::size_t first = 0, count = 0;
  std::string name;
};

std::vector<unit> units_of(const model::table_spec& spec) {
  std::vector<unit> out;
  if (spec.layout == model::table_layout::sequence) {
    out.push_back({spec.first_key, spec.key_count, "table " + spec.id});
    return out;
  }
  for (const auto& r : spec.rows) out.push_back({r.first_key, r.columns.size(), "row " + r.key});
  return out;
}


// Printed evidence against derived values in one unit: how many of its cells `printed` (a
// reading) read empty, as printed, where `derived_by` holds a value the repair derived, provided
// `printed` read the whole unit in place (numbers, placeholders, empty cells; none derived) and
// agrees with `derived_by` on every other cell (the same numbers and placeholders in the same
// columns: the two differ only where one saw a blank and the other derived a value). 0 otherwise:
// a reading that places the printed numbers elsewhere (a separator read as an empty cell, a row
// shifted) is no evidence of a blank.
std::size_t blanks_against(const unit& u, const std::vector<value>& derived_by, const std::vector<value>& printed) {
  std::size_t blanks = 0;
  for (std::size_t i = u.first; i < u.first + u.count; ++i) {
    const auto& p = printed[i];
    const auto& d = derived_by[i];
    if (p.repaired || (p.kind != cell_kind::number && p.kind != cell_kind::placeholder && p.kind != cell_kind::empty))
      return 0;
    if (p.kind == cell_kind::empty && derived(d)) ++blanks;
    else if (p.kind != d.kind || (p.kind == cell_kind::number && p.number != d.number)) return 0;
  }
  return blanks;
}

// The cells of table t that reading `a` derived where reading `b` read them printed blank
// (blanks_against, unit by unit).
std::size_t derived_over_blank(const model::table_spec& spec, const resolve::candidate& a,
                               const resolve::candidate& b) {
  std::size_t n = 0;
  for (const auto& u : units_of(spec)) n += blanks_against(u, a.values, b.values);
  return n;
}

// Better: more of the table's cells read in place; then fewer misaligned rows; then fewer values
// derived where the other reading saw the cell printed blank (printed evidence over arithmetic);
// then the profile that read more numbers in the whole report; then fewer values repaired; then
// whose grammar marked the section headings itself (it fits the layout); then higher profile
// priority.
bool better(const model::table_spec& spec, const resolve::candidate& a, const resolve::candidate& b, std::size_t t) {
  const auto& ta = a.tables[t];
  const auto& tb = b.tables[t];
  if (cells_read(ta) != cells_read(tb)) return cells_read(ta) > cells_read(tb);
  if (ta.misaligned.size() != tb.misaligned.size()) return ta.misaligned.size() < tb.misaligned.size();
  const auto da = derived_over_blank(spec, a, b), db = derived_over_blank(spec, b, a);
  if (da != db) return da < db;
  const auto fa = total_filled(a), fb = total_filled(b);
  if (fa != fb) return fa > fb;
  if (ta.repairs.size() != tb.repairs.size()) return ta.repairs.size() < tb.repairs.size();
  if (a.headings_marked != b.headings_marked) return a.headings_marked > b.headings_marked;
  return a.priority > b.priority;
}
}  // namespace


namespace {

std::string column_name(const std::string& key) { return key.substr(key.rfind('.') + 1); }

// A value as a note shows it: a whole number as an integer (a solved cell has no printed text).
std::string shown(const value& v) {
  if (v.kind == cell_kind::number && v.number == std::floor(v.number) && std::fabs(v.number) < 1e15)
    return std::to_string(static_cast<long long>(v.number));
  return v.raw.empty() ? std::string(to_string(v.kind)) : v.raw;
}

bool filled(const value& v) { return v.kind == cell_kind::number || v.kind == cell_kind::placeholder; }

std::string where_text(const source_position& p) {
  std::string s;
  if (p.page) s += "page " + std::to_string(p.page) + " ";
  return s + "line " + std::to_string(p.line);
}

// The note on a unit whose printed blanks were kept over values another reading derived there.
// `printed`: the profile that read the blanks, `where` the unit's first cell there.
diagnostic printed_blank_note(const unit& u, const std::string& blanks, const std::string& derivation,
                              const std::string& printed, const source_position& where, const std::string& derived_by,
                              const std::string& file) {
  return file_diagnostic(severity::note, file, where, "printed-blank",
                         u.name + ": " + blanks + " printed blank (read in place by profile \"" + printed + "\", " +
                             where_text(where) + ") and kept so, not as the repair of profile \"" +
                             derived_by + "\" derived it (" + derivation + ")");
}

std::string listed(const std::string& list, const std::string& item) { return list + (list.empty() ? "" : ", ") + item; }

// Printed blank over derived value (README, "Merge"): where the chosen reading of a table holds
// values of a unit (a row; table 4 as a whole) that the repair derived, and another reading read
// that whole unit as printed, in place, with a cell of them blank and every other cell as the
// chosen reading has it (blanks_against), the unit is taken from that reading: the blank is what
// the report prints, the derived value only what the arithmetic would allow. Where the chosen
// reading itself read the blank and another derived a value there, the blank stays; either way a
// note says what the repair had derived. Returns the keys taken from another reading (their
// repairs are dropped); `filled_change`: numbers and placeholders gained by them (negative: lost).
std::vector<bool> take_printed_blanks(const model::template_model& m, std::size_t t,
                                      const std::vector<resolve::candidate>& candidates,
                                      const resolve::candidate& best, std::vector<value>& values,
                                      std::vector<diagnostic>& notes, const std::string& file,
                                      long long& filled_change) {
  const auto& spec = m.tables[t];
  std::vector<bool> taken(m.keys.size(), false);
  const auto blanks_and_derivation = [&](const unit& u, const std::vector<value>& derived_by,
                                         const std::vector<value>& printed) {
    std::pair<std::string, std::string> out;
    for (std::size_t i = u.first; i < u.first + u.count; ++i)
      if (printed_empty(printed[i]) && derived(derived_by[i])) {
        out.first = listed(out.first, column_name(m.keys[i]));
        out.second = listed(out.second, column_name(m.keys[i]) + " " + shown(derived_by[i]));
      }
    return out;
  };
  for (const auto& u : units_of(spec)) {
    const resolve::candidate* from = nullptr;     // a reading that saw blanks where the chosen one derived values
    const resolve::candidate* against = nullptr;  // a reading that derived values where the chosen one saw blanks
    for (const auto& c : candidates) {
      if (&c == &best) continue;
      if (blanks_against(u, values, c.values) && (!from || better(spec, c, *from, t))) from = &c;
      if (!against && blanks_against(u, c.values, values)) against = &c;
    }
    if (from) {
      const auto [blanks, derivation] = blanks_and_derivation(u, values, from->values);
      notes.push_back(printed_blank_note(u, blanks, derivation, from->profile, from->values[u.first].where,
                                         best.profile, file));
      for (std::size_t i = u.first; i < u.first + u.count; ++i) {
        filled_change += static_cast<long long>(filled(from->values[i])) - static_cast<long long>(filled(values[i]));
        values[i] = from->values[i];
        taken[i] = true;
      }
    } else if (against) {
      const auto [blanks, derivation] = blanks_and_derivation(u, against->values, values);
      notes.push_back(printed_blank_note(u, blanks, derivation, best.profile, values[u.first].where,
                                         against->profile, file));
    }
  }
  return taken;
}

}  // namespace

merged merge_candidates(const model::template_model& m, std::vector<resolve::candidate>& candidates,
                        const std::string& file) {
  merged out;
  out.values.resize(m.keys.size());
  out.table_profiles.resize(m.tables.size());
  out.table_filled.resize(m.tables.size());
  for (const auto& c : candidates) {
    out.tables_begin = std::min(out.tables_begin, c.tables_begin);
    out.column_labels_seen = std::max(out.column_labels_seen, c.column_labels_seen);
  }
  for (std::size_t t = 0; t < m.tables.size(); ++t) {
    const auto& spec = m.tables[t];
    resolve::candidate* best = nullptr;
    for (auto& c : candidates) {
      const auto& tc = c.tables[t];
      if (cells_read(tc) == 0 && tc.misaligned.empty()) continue;
      if (!best || better(spec, c, *best, t)) best = &c;
    }
    // A table whose heading the text ends after, before any value: its "truncated" note says so.
    if (!best)
      for (auto& c : candidates)
        if (c.tables[t].truncated && (!best || better(spec, c, *best, t))) best = &c;
    if (!best) continue;
    auto& tc = best->tables[t];
    out.table_profiles[t] = best->profile;
    for (std::size_t i = spec.first_key; i < spec.first_key + spec.key_count; ++i)
      out.values[i] = std::move(best->values[i]);
    for (auto& n : tc.notes) out.notes.push_back(std::move(n));
    long long change = 0;
    const auto taken = take_printed_blanks(m, t, candidates, *best, out.values, out.notes, file, change);
    out.table_filled[t] = static_cast<std::size_t>(static_cast<long long>(tc.filled) + change);
    out.filled += out.table_filled[t];
    for (auto& r : tc.misaligned) out.misaligned.push_back(std::move(r));
    for (auto& r : tc.repairs) {
      const auto k = m.key_index.find(r.key);
      if (k == m.key_index.end() || !taken[k->second]) out.repairs.push_back(std::move(r));
    }
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
