#include "repair/repair.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>

#include "core/budget.hpp"
#include "repair/digit_split.hpp"
#include "repair/row_notes.hpp"

namespace nianbao::repair {

namespace {

constexpr int kInserted = -1;  // a cell the extraction lost: solved from the rules
constexpr int kJoined = -2;    // two cells that are one number split by extraction

// One way to line a misaligned row's cells up with its columns.
struct alignment {
  // One per column: a cell of the row, a value in `made`, or a missing value (unknown, to be
  // solved). Pointers, so that trying thousands of alignments copies no strings.
  std::vector<const value*> cells;
  std::vector<value> made;   // per column: a value not read as printed (joined, solved)
  std::vector<int> source;   // per column: index of the cell read, kInserted or kJoined
  std::vector<std::size_t> dropped;  // cells left out (an extra cell), by index
};

// What an alignment did, in words; written only for the reading that is chosen, since the
// search may try thousands of alignments.
std::string describe_how(const alignment& a, const resolve::misaligned_row& row, const std::vector<std::string>& columns) {
  std::string names;
  for (std::size_t c = 0; c < a.source.size(); ++c) {
    if (a.source[c] == kInserted) names += (names.empty() ? "" : ", ") + columns[c];
    if (a.source[c] == kJoined) {
      const std::size_t i = c;  // the cells before it are read one per column
      return "cells " + std::to_string(i + 1) + " and " + std::to_string(i + 2) + " (\"" + row.cells[i].raw + "\" \"" +
             row.cells[i + 1].raw + "\") joined: one number split by extraction";
    }
  }
  if (!names.empty()) return "a lost cell at " + names;
  for (auto i : a.dropped)
    names += (names.empty() ? "cell " : ", cell ") + std::to_string(i + 1) + " (\"" + row.cells[i].raw + "\")";
  return "an extra " + names + " dropped";
}

// A distinct set of values that one or more alignments produce once their unknowns are solved.
struct outcome {
  std::vector<value> cells;
  alignment first;             // how the first alignment that gave it was made (source, dropped: the explanation)
  std::size_t alignments = 0;  // how many gave it
  std::vector<std::size_t> failing;  // the error-severity rule instances touching the row that fail, ascending
};

struct item {
  const resolve::misaligned_row* row = nullptr;
  std::size_t misaligned_index = 0;
  std::vector<std::size_t> keys;        // model key index per column
  std::vector<std::size_t> instances;   // the compiled rule instances reading any of them, ascending
  std::vector<std::string> columns;     // column names, for explanations
  std::vector<outcome> outcomes;
  std::set<std::string> deciding_rules; // rules that rejected some reading
  // Readings there were, but each breaks a rule: none is taken, and the row stays null.
  std::vector<outcome> contradicting;
  std::size_t undetermined = 0;         // alignments whose lost cells the rules cannot determine
};


bool same_values(const std::vector<value>& a, const std::vector<const value*>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i]->kind) return false;
    if (a[i].kind == cell_kind::number && a[i].number != b[i]->number) return false;
  }
  return true;
}

// A value as repairs show it: a whole number as an integer (a solved cell has no printed text),
// anything else as printed.
std::string shown(const value& v) {
  const double n = v.number;
  if (v.kind == cell_kind::number && n == std::floor(n) && std::fabs(n) < 1e15)
    return std::to_string(static_cast<long long>(n));
  return v.raw;
}

std::string describe(const std::vector<value>& cells) {
  std::string s = "(";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) s += ", ";
    const std::string text = shown(cells[i]);
    s += text.empty() && cells[i].kind != cell_kind::number ? "?" : text;
  }
  return s + ")";
}

// Calls f(positions) for every k-subset of [0, n), in lexicographic order, until f returns false.
template <typename F>
void for_each_subset(std::size_t n, std::size_t k, F&& f) {
  std::vector<std::size_t> idx(k);
  for (std::size_t i = 0; i < k; ++i) idx[i] = i;
  if (k > n) return;
  while (true) {
    budget::checkpoint();
    if (!f(idx)) return;
    std::size_t i = k;
    while (i > 0 && idx[i - 1] == n - k + i - 1) --i;
    if (i == 0) return;
    ++idx[i - 1];
    for (std::size_t j = i; j < k; ++j) idx[j] = idx[j - 1] + 1;
  }
}

bool joinable(const value& a, const value& b) {
  auto digits = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return a.kind == cell_kind::number && b.kind == cell_kind::number && digits(a.raw) && digits(b.raw) &&
         a.raw[0] != '0';
}

// C(n, k), or more than `cap` when it exceeds cap.
std::size_t binomial(std::size_t n, std::size_t k, std::size_t cap) {
  if (k > n) return 0;
  k = std::min(k, n - k);
  std::size_t r = 1;
  for (std::size_t i = 1; i <= k; ++i) {
    r = r * (n - k + i) / i;  // exact: r * (n - k + i) is C(n - k + i, i) * i
    if (r > cap) return cap + 1;
  }
  return r;
}

// Calls f(alignment&) for every way to line the row's cells up with its k columns: lost cells
// (fewer cells than columns) or extra ones (more), and, one cell too many, two neighbours joined.
// The alignment passed is reused from call to call (f may change its cells). Returns false,
// without calling f, when there are more than `limit` ways to lose or drop cells.
template <typename F>
bool for_each_alignment(const resolve::misaligned_row& row, std::size_t k, std::size_t limit, F&& f) {
  const std::size_t n = row.cells.size();
  if ((n < k ? binomial(k, k - n, limit) : binomial(n, n - k, limit)) > limit) return false;
  static const value unknown;
  alignment a;
  a.cells.resize(k);
  a.made.resize(k);
  a.source.resize(k);
  if (n < k) {
    for_each_subset(k, k - n, [&](const std::vector<std::size_t>& lost) {
      std::size_t next = 0, li = 0;
      for (std::size_t c = 0; c < k; ++c) {
        if (li < lost.size() && lost[li] == c) {
          ++li;
          a.source[c] = kInserted;
          a.cells[c] = &unknown;
          continue;
        }
        a.source[c] = static_cast<int>(next);
        a.cells[c] = &row.cells[next++];
      }
      f(a);
      return true;
    });
  } else if (n > k) {
    for_each_subset(n, n - k, [&](const std::vector<std::size_t>& dropped) {
      std::size_t di = 0, c = 0;
      a.dropped = dropped;
      for (std::size_t i = 0; i < n; ++i) {
        if (di < dropped.size() && dropped[di] == i) {
          ++di;
          continue;
        }
        a.source[c] = static_cast<int>(i);
        a.cells[c++] = &row.cells[i];
      }
      f(a);
      return true;
    });
    a.dropped.clear();
    if (n == k + 1) {
      for (std::size_t i = 0; i + 1 < n; ++i) {
        if (!joinable(row.cells[i], row.cells[i + 1])) continue;
        // Not std::stod: 309+ digits overflow it (it throws). Such a join is no reading at all.
        const std::string joined = row.cells[i].raw + row.cells[i + 1].raw;
        const double joined_number = std::strtod(joined.c_str(), nullptr);
        if (!std::isfinite(joined_number)) continue;
        std::size_t c = 0;
        for (std::size_t j = 0; j < n; ++j) {
          if (j == i + 1) continue;
          a.source[c] = static_cast<int>(j);
          a.cells[c] = &row.cells[j];
          if (j == i) {
            a.made[c] = row.cells[j];
            a.made[c].raw = joined;
            a.made[c].number = joined_number;
            a.cells[c] = &a.made[c];
            a.source[c] = kJoined;
          }
          ++c;
        }
        f(a);
      }
    }
  }
  return true;
}

class repairer {
 public:
  repairer(resolve::candidate& c, const model::template_model& m, const check::compiled_rules& rules,
           const std::string& file, const options& opts)
      : c_(c), m_(m), rules_(rules), file_(file), opts_(opts) {}

  void run() {
    std::vector<item> items;
    for (std::size_t t = 0; t < c_.tables.size(); ++t)
      for (std::size_t i = 0; i < c_.tables[t].misaligned.size(); ++i)
        if (!c_.tables[t].misaligned[i].split_tried) items.push_back(make_item(t, i));
    if (items.empty()) return;
    for (const auto& v : c_.values) view_.push_back(&v);
    for (auto& it : items) read_row(it);
    choose_jointly(items);
  }

 private:
  item make_item(std::size_t t, std::size_t i) {
    item it;
    it.row = &c_.tables[t].misaligned[i];
    it.misaligned_index = i;
    const auto& spec = m_.tables[t];
    std::size_t first_key = 0, key_count = 0;  // the row's keys are the model's [first_key, first_key + key_count)
    if (it.row->row_key.empty()) {
      first_key = spec.first_key;
      key_count = spec.key_count;
      for (const auto& g : spec.groups)
        for (const auto& col : spec.columns) it.columns.push_back(g + "." + col);
    } else {
      for (const auto& r : spec.rows)
        if (r.key == it.row->row_key) {
          first_key = r.first_key;
          key_count = r.columns.size();
          it.columns = r.columns;
        }
    }
    for (std::size_t k = first_key; k < first_key + key_count; ++k) {
      it.keys.push_back(k);
      const auto& reading = rules_.instances_reading(k);  // model keys come first
      it.instances.insert(it.instances.end(), reading.begin(), reading.end());
    }
    std::sort(it.instances.begin(), it.instances.end());
    it.instances.erase(std::unique(it.instances.begin(), it.instances.end()), it.instances.end());
    return it;
  }

  // Whether instance i fails with an error severity on the scratch values.
  bool fails(std::size_t i) const {
    return rules_[i].severity == severity::error &&
           check::evaluate_instance(rules_, i, check::value_view(view_)).status == check::status::failed;
  }

  // The values rules see: the candidate's, with the row being tried placed over them. Pointers,
  // so that trying a reading copies no strings; `cells` must outlive their use.
  void place(const item& it, const std::vector<value>& cells) {
    for (std::size_t j = 0; j < it.keys.size(); ++j) view_[it.keys[j]] = &cells[j];
  }
  void place(const item& it, const std::vector<const value*>& cells) {
    for (std::size_t j = 0; j < it.keys.size(); ++j) view_[it.keys[j]] = cells[j];
  }
  void clear(const item& it) {
    for (auto k : it.keys) view_[k] = &missing_;
  }

  static value number_value(double x, const value& like) {
    value v = like;
    v.kind = cell_kind::number;
    v.number = x;
    v.integral = true;
    v.raw.clear();
    return v;
  }

  // Failed error-severity instances among `instances` (those reading the rows placed), ascending.
  std::vector<std::size_t> failing(const std::vector<std::size_t>& instances) const {
    std::vector<std::size_t> out;
    for (auto i : instances)
      if (fails(i)) out.push_back(i);
    return out;
  }

  enum class solved_state { solved, contradiction, undetermined };

  // An equation among the rules reading a row, as solve uses it. While the row's alignments are
  // tried only the row's own values change, so which equations can solve a cell (every value read
  // outside the row a number) is known once per row, not found again for each alignment.
  struct row_equation {
    std::size_t instance = 0;
    std::vector<std::size_t> columns;  // the row's columns it reads, in the order of its keys
  };

  std::vector<row_equation> equations_solving(const item& it) {
    auto& column = column_of_key_;  // per model key: 1 + the row's column it is, or 0
    column.resize(view_.size());
    for (std::size_t j = 0; j < it.keys.size(); ++j) column[it.keys[j]] = j + 1;
    std::vector<row_equation> equations;
    for (auto i : it.instances) {
      const auto& in = rules_[i];
      if (!in.is_equation()) continue;
      row_equation e;
      e.instance = i;
      bool numbers = true;
      for (auto k : in.keys) {
        if (k < column.size() && column[k]) e.columns.push_back(column[k] - 1);
        else if (k >= view_.size() || view_[k]->kind != cell_kind::number) numbers = false;
      }
      if (numbers) equations.push_back(std::move(e));
    }
    for (auto k : it.keys) column[k] = 0;
    return equations;
  }

  // Solves the unknown cells of an alignment from the rules' equations: an equation that reads
  // exactly one unknown cell, every other value it reads a number, is linear in that cell
  // (compiled rules carry the linear form), so the cell is -(the rest) / its coefficient.
  // The alignment must be placed; the cells solved are placed too.
  solved_state solve(const item& it, const std::vector<row_equation>& equations, alignment& a) {
    auto& unknown = unknown_;  // reused: this runs for every alignment tried
    unknown.clear();
    for (std::size_t j = 0; j < a.cells.size(); ++j)
      if (a.cells[j]->kind == cell_kind::missing) unknown.push_back(j);
    if (unknown.empty()) return solved_state::solved;
    auto& solved = solved_;  // per column: the value solved, if any
    solved.assign(a.cells.size(), std::nullopt);
    std::size_t solved_count = 0;
    for (const auto& e : equations) {
      std::optional<std::size_t> only;
      std::size_t count = 0;
      bool numbers = true;
      for (auto j : e.columns) {
        if (a.cells[j]->kind == cell_kind::missing) {
          only = j;
          ++count;
        } else if (a.cells[j]->kind != cell_kind::number) {
          numbers = false;
        }
      }
      if (count != 1 || !numbers) continue;
      const auto& in = rules_[e.instance];
      double coefficient = 0, rest = in.difference.constant;
      for (const auto& t : in.difference.terms) {
        if (t.key == it.keys[*only]) coefficient += t.coefficient;
        else rest += t.coefficient * view_[t.key]->number;
      }
      if (coefficient == 0) continue;
      const double x = -rest / coefficient;
      if (x < 0 || std::fabs(x - std::round(x)) > 1e-9) return solved_state::contradiction;
      auto& at = solved[*only];
      if (at && *at != std::round(x)) return solved_state::contradiction;
      if (!at) ++solved_count;
      at = std::round(x);
    }
    if (solved_count != unknown.size()) return solved_state::undetermined;
    const value& like = it.row->cells.empty() ? missing_ : it.row->cells.front();
    for (auto j : unknown) {
      a.made[j] = number_value(*solved[j], like);
      a.made[j].where = it.row->where;
      a.cells[j] = &a.made[j];
      view_[it.keys[j]] = a.cells[j];
    }
    return solved_state::solved;
  }

  void read_row(item& it) {
    const auto equations = equations_solving(it);
    const bool enumerated = for_each_alignment(*it.row, it.keys.size(), opts_.max_alignments, [&](alignment& a) {
      budget::checkpoint();
      place(it, a.cells);
      const auto state = solve(it, equations, a);
      if (state == solved_state::undetermined) ++it.undetermined;
      if (state != solved_state::solved) return;
      auto same = std::find_if(it.outcomes.begin(), it.outcomes.end(),
                               [&](const outcome& o) { return same_values(o.cells, a.cells); });
      if (same != it.outcomes.end()) {
        ++same->alignments;
        return;
      }
      // A reading not seen before: the rules it breaks.
      outcome o;
      o.failing = failing(it.instances);
      for (const value* v : a.cells) o.cells.push_back(*v);
      o.first.source = a.source;
      o.first.dropped = a.dropped;
      o.alignments = 1;
      it.outcomes.push_back(std::move(o));
    });
    if (!enumerated) {
      it.outcomes.clear();
      overflow_.insert(&it);
      return;
    }
    clear(it);
    // Keep the readings that break no rule about this row. Not the readings that break fewest:
    // where the report's arithmetic is broken, a lost cell solved from a broken equation rules out
    // the true reading, and the one breaking fewest rules is then a wrong one (the property test
    // random_damage_in_a_report_with_broken_arithmetic... in tests/unit/test_repair.cpp).
    if (it.outcomes.empty()) return;
    for (const auto& o : it.outcomes)
      for (auto i : o.failing) it.deciding_rules.insert(rules_[i].rule);
    const auto breaks_a_rule = [&](const outcome& o) { return !o.failing.empty(); };
    if (std::all_of(it.outcomes.begin(), it.outcomes.end(), breaks_a_rule)) {
      it.contradicting = std::move(it.outcomes);
      it.outcomes.clear();
      return;
    }
    it.outcomes.erase(std::remove_if(it.outcomes.begin(), it.outcomes.end(), breaks_a_rule), it.outcomes.end());
  }

  // Rows are checked together, since the column rules tie them: every combination of their
  // readings is evaluated, and the combinations that break no rule are kept.
  void choose_jointly(std::vector<item>& items) {
    std::vector<item*> open;
    std::size_t combos = 1;
    for (auto& it : items) {
      if (it.outcomes.empty()) continue;
      open.push_back(&it);
      combos = std::min(combos * it.outcomes.size(), opts_.max_combinations + 1);
    }
    std::vector<std::set<std::size_t>> kept(open.size());
    // Instances reading two open rows or more: only they tell combinations apart. One reading a
    // single open row fails or not with that row's reading alone, as read_row saw it, and
    // read_row kept only the readings that break none of them.
    std::vector<std::size_t> read;  // the instances of every open row: one entry per row reading it
    for (auto* it : open) read.insert(read.end(), it->instances.begin(), it->instances.end());
    std::sort(read.begin(), read.end());
    std::vector<std::size_t> touching;  // ascending; a row lists an instance once, so a repeat is a second row
    for (std::size_t r = 1; r < read.size(); ++r)
      if (read[r] == read[r - 1] && (touching.empty() || touching.back() != read[r])) touching.push_back(read[r]);
    bool contradicted = false;  // every combination breaks a rule
    if (combos <= opts_.max_combinations && !open.empty()) {
      std::vector<std::size_t> pick(open.size(), 0);
      // A touching instance that fails in some combination decided the rows it reads: named
      // once the combinations are done, not at every failure.
      std::vector<char> ever_failed(touching.size(), 0);
      bool any_kept = false;
      while (true) {
        budget::checkpoint();
        for (std::size_t i = 0; i < open.size(); ++i) place(*open[i], open[i]->outcomes[pick[i]].cells);
        bool fits = true;
        for (std::size_t k = 0; k < touching.size(); ++k) {
          if (!fails(touching[k])) continue;
          fits = false;
          ever_failed[k] = 1;
        }
        if (fits) {
          any_kept = true;
          for (std::size_t i = 0; i < open.size(); ++i) kept[i].insert(pick[i]);
        }
        std::size_t i = 0;
        while (i < open.size() && ++pick[i] == open[i]->outcomes.size()) pick[i++] = 0;
        if (i == open.size()) break;
      }
      for (std::size_t k = 0; k < touching.size(); ++k)
        if (ever_failed[k])
          for (auto* it : open)
            if (std::binary_search(it->instances.begin(), it->instances.end(), touching[k]))
              it->deciding_rules.insert(rules_[touching[k]].rule);
      contradicted = !any_kept;
    } else {
      for (std::size_t i = 0; i < open.size(); ++i)
        for (std::size_t o = 0; o < open[i]->outcomes.size(); ++o) kept[i].insert(o);
    }
    for (auto& it : items) clear(it);

    std::vector<std::size_t> resolved;  // (table, misaligned index) to remove, by item
    for (std::size_t i = 0; i < open.size(); ++i) {
      item& it = *open[i];
      if (contradicted) {
        it.contradicting = std::move(it.outcomes);
        it.outcomes.clear();
      } else if (kept[i].size() == 1) {
        fill(it, it.outcomes[*kept[i].begin()]);
      } else {
        ambiguous(it, kept[i]);
      }
    }
    for (auto& it : items)
      if (it.outcomes.empty()) unresolved(it);
    // Drop the rows that were filled from the candidate's misaligned lists.
    for (auto& t : c_.tables)
      t.misaligned.erase(std::remove_if(t.misaligned.begin(), t.misaligned.end(),
                                        [&](const resolve::misaligned_row& r) { return filled_.count(&r); }),
                         t.misaligned.end());
  }

  std::string row_name(const item& it) const {
    return it.row->row_key.empty() ? "table " + m_.tables[it.row->table].id : "row " + it.row->row_key;
  }

  void fill(item& it, const outcome& o) {
    auto& table = c_.tables[it.row->table];
    const std::vector<std::string> rules(it.deciding_rules.begin(), it.deciding_rules.end());
    std::string why = row_name(it) + " has " + std::to_string(it.row->cells.size()) + " value cells for " +
                      std::to_string(it.keys.size()) + " columns; the only reading the rules accept: " + describe_how(o.first, *it.row, it.columns);

    if (o.alignments > 1)
      why += " (" + std::to_string(o.alignments) + " alignments give these same values)";
    for (std::size_t j = 0; j < it.keys.size(); ++j) {
      value v = o.cells[j];
      v.repaired = true;
      v.profile = c_.profile;
      resolve::repair r;
      r.key = m_.keys[it.keys[j]];
      const int src = o.first.source[j];
      if (src >= 0) r.read = it.row->cells[static_cast<std::size_t>(src)].raw;
      else if (src == kJoined) r.read = v.raw;
      r.chosen = shown(v);
      r.why = why;
      r.rules = rules;
      if (v.kind == cell_kind::number || v.kind == cell_kind::placeholder) ++table.filled;
      c_.values[it.keys[j]] = std::move(v);
      table.repairs.push_back(std::move(r));
    }
    diagnostic d;
    d.severity = severity::note;
    d.file = file_;
    d.where = it.row->where;
    d.code = "repaired-row";
    d.message = why + " " + describe(o.cells);
    replace_note(it, std::move(d));
    filled_.insert(it.row);
  }

  void ambiguous(item& it, const std::set<std::size_t>& kept) {
    std::string alternatives;
    for (auto o : kept) alternatives += (alternatives.empty() ? "" : " or ") + describe(it.outcomes[o].cells);
    diagnostic d;
    d.severity = severity::warning;
    d.file = file_;
    d.where = it.row->where;
    d.code = "ambiguous-row";
    d.message = row_name(it) + " has " + std::to_string(it.row->cells.size()) + " value cells for " +
                std::to_string(it.keys.size()) + " columns and " + std::to_string(kept.size()) +
                " readings fit the rules equally: " + alternatives + "; its values are left null";
    replace_note(it, std::move(d));
  }

  void unresolved(item& it) {
    diagnostic d;
    if (!it.contradicting.empty()) {
      // Readings there were, but each breaks a rule: choosing the one that breaks fewest would be
      // a guess.
      std::string readings;
      std::size_t listed = 0;
      for (const auto& o : it.contradicting) {
        if (listed == 4) {
          readings += " or " + std::to_string(it.contradicting.size() - listed) + " more";
          break;
        }
        readings += (listed++ ? " or " : "") + describe(o.cells);
      }
      d.severity = severity::warning;
      d.file = file_;
      d.where = it.row->where;
      d.code = "misaligned-row";
      const std::size_t n = it.contradicting.size();
      d.message = row_name(it) + " has " + std::to_string(it.row->cells.size()) + " value cells for " +
                  std::to_string(it.keys.size()) + " columns and " +
                  (n == 1 ? "its only reading, " + readings + ", breaks " + rule_list(it.deciding_rules)
                          : "each of its " + std::to_string(n) + " readings breaks a rule (" +
                                rule_list(it.deciding_rules) + "): " + readings) +
                  "; its values are left null" + resolve::printed_hint(*it.row);
      replace_note(it, std::move(d));
      return;
    }
    if (it.undetermined > 0 && !overflow_.count(&it)) {
      // Honest gap: several readings are possible and the rules cannot tell them apart.
      d.severity = severity::warning;
      d.file = file_;
      d.where = it.row->where;
      d.code = "ambiguous-row";
      d.message = row_name(it) + " has " + std::to_string(it.row->cells.size()) + " value cells for " +
                  std::to_string(it.keys.size()) + " columns; " + std::to_string(it.undetermined) +
                  " alignments are possible and the rules cannot determine the lost cells; its values are left null";
      replace_note(it, std::move(d));
      return;
    }
    d.severity = severity::warning;
    d.file = file_;
    d.where = it.row->where;
    d.code = "misaligned-row";
    d.message = row_name(it) + " has " + std::to_string(it.row->cells.size()) + " value cells for " +
                std::to_string(it.keys.size()) + " columns" +
                (overflow_.count(&it) ? " (too many possible alignments to check)" : " and no alignment of them fits the rules") +
                "; its values are left null" + resolve::printed_hint(*it.row);
    replace_note(it, std::move(d));
  }

  static std::string rule_list(const std::set<std::string>& rules) {
    std::string out;
    for (const auto& r : rules) out += (out.empty() ? "" : ", ") + r;
    return out;
  }

  // The resolver's "misaligned-row" note for this row is replaced by the repair's verdict.
  void replace_note(const item& it, diagnostic d) {
    replace_row_note(c_.tables[it.row->table], it.row->where, std::move(d));
  }

  resolve::candidate& c_;
  const model::template_model& m_;
  const check::compiled_rules& rules_;
  const std::string& file_;
  const options& opts_;
  std::vector<const value*> view_;  // per model key
  std::vector<std::size_t> unknown_;              // solve's scratch: the columns to solve
  std::vector<std::optional<double>> solved_;     // solve's scratch: per column, its value
  std::vector<std::size_t> column_of_key_;        // equations_solving's scratch: per model key
  inline static const value missing_{};
  std::set<const item*> overflow_;
  std::set<const resolve::misaligned_row*> filled_;
};

}  // namespace

void repair_candidate(resolve::candidate& c, const model::template_model& m, const check::compiled_rules& rules,
                      const std::string& file, const options& opts) {
  if (c.split_digit_runs) split_digit_runs(c, m, rules, file);
  repairer(c, m, rules, file, opts).run();
}

}  // namespace nianbao::repair
