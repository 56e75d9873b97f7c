#include "repair/digit_split.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/budget.hpp"
#include "repair/row_notes.hpp"

namespace nianbao::repair {

namespace {

// One value cell of a row as read: a run of digits (with at most one decimal point) that may
// hold several cells, or any other cell (a placeholder, a signed or grouped number), one cell.
struct token {
  const value* cell = nullptr;
  bool run = false;
  std::string chars;                // a run's characters as ASCII: digits and '.'
  std::vector<std::size_t> offset;  // per character, and one past the last: its byte offset in cell->raw
};

// The characters [begin, end) of a token as one cell (a token that is not a run: all of it).
struct piece {
  std::uint32_t token = 0, begin = 0, end = 0;
};

// One split of a row: per column, its number and the piece it was read from.
struct split {
  std::vector<double> numbers;  // NaN where the column holds a cell that is not a number
  std::vector<piece> pieces;
};

// An equation of the rules reading one row's cells (and known values outside it), as linear
// form: constant + sum of coefficient x column == 0, within tolerance.
struct row_equation {
  std::size_t instance = 0;
  double constant = 0;
  std::vector<std::pair<std::size_t, double>> columns;  // (column, coefficient), by column
  double tolerance = 0;
};

struct split_row {
  resolve::misaligned_row* row = nullptr;
  std::vector<std::size_t> keys;  // model key per column
  std::vector<bool> decimal;      // per column: may hold a fraction
  std::vector<token> tokens;
  std::vector<std::size_t> local;  // error instances reading only this row (and known values)
  std::vector<split> splits;       // those fitting the local instances
  bool too_many = false;           // more than max_splits, or the search ran out of steps
  double lexical = 0;              // splits into the row's cells before any rule (count_splits)
  std::set<std::string> deciding;  // rules that rejected some split
  std::vector<value> scratch;      // the values placed for the rules (per column)
  // The joint choice:
  std::vector<std::uint32_t> domain;  // indices into splits still possible
  std::vector<char> in_solution;      // per split: part of some joint solution
  std::size_t seen = 0;               // distinct splits in solutions
  bool partly_searched = false;       // the joint search ran out of steps: `seen` is a lower bound
  std::size_t component = SIZE_MAX;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The run a number cell was printed as: ASCII or full-width digits, at most one '.' or '．'
// between digits. False for anything else (a sign, a thousands separator, spaces).
bool read_run(const value& v, token& t) {
  if (v.kind != cell_kind::number) return false;
  const std::string& s = v.raw;
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size();) {
    t.offset.push_back(i);
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (is_digit(static_cast<char>(c))) {
      t.chars += static_cast<char>(c);
      i += 1;
    } else if (c == '.') {
      t.chars += '.';
      ++points;
      i += 1;
    } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
               static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      t.chars += static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90));  // ０-９
      i += 3;
    } else if (s.compare(i, 3, "\xEF\xBC\x8E") == 0) {  // ．
      t.chars += '.';
      ++points;
      i += 3;
    } else {
      return false;
    }
  }
  t.offset.push_back(s.size());
  if (t.chars.empty() || points > 1 || t.chars.front() == '.' || t.chars.back() == '.') return false;
  return true;
}

// The number a piece of digits reads as (exact for the integers of at most 15 digits it gets).
double number_of(std::string_view digits) {
  if (digits.find('.') == std::string_view::npos) {
    double n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return n;
  }
  return std::strtod(std::string(digits).c_str(), nullptr);
}

// A run as messages quote it: a long one by its start and its length.
std::string quoted(const std::string& raw) {
  constexpr std::size_t shown_at_most = 40;
  if (raw.size() <= shown_at_most) return "\"" + raw + "\"";
  std::size_t cut = 20;
  while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return "\"" + raw.substr(0, cut) + "…\" (" + std::to_string(count_code_points(raw, raw.size())) + " characters)";
}

std::string join_quoted(const std::vector<token>& tokens) {
  std::string s;
  for (const auto& t : tokens)
    if (t.run) s += (s.empty() ? "" : " ") + quoted(t.cell->raw);
  return s;
}

class splitter {
 public:
  splitter(resolve::candidate& c, const model::template_model& m, const check::compiled_rules& rules,
           const std::string& file, const split_options& opts)
      : c_(c), m_(m), rules_(rules), file_(file), opts_(opts) {}

  void run() {
    std::set<std::size_t> first_keys;  // a row printed twice is split once (the first)
    for (std::size_t t = 0; t < c_.tables.size(); ++t)
      for (auto& row : c_.tables[t].misaligned)
        if (auto r = make_row(row); r && first_keys.insert(r->keys.front()).second) {
          row.split_tried = true;
          rows_.push_back(std::move(*r));
        }
    if (rows_.empty()) return;
    current_.assign(rows_.size(), 0);
    for (const auto& v : c_.values) view_.push_back(&v);
    owner_.assign(view_.size(), SIZE_MAX);
    for (std::size_t r = 0; r < rows_.size(); ++r)
      for (std::size_t j = 0; j < rows_[r].keys.size(); ++j) owner_[rows_[r].keys[j]] = r;
    for (auto& r : rows_) {
      budget::checkpoint();
      find_local_instances(r);
      enumerate(r);
    }
    choose_jointly();
    finish();
  }

 private:
  // ---- the rows ---------------------------------------------------------------------------

  std::optional<split_row> make_row(resolve::misaligned_row& row) {
    if (row.split_tried || row.cells.size() >= row.expected) return std::nullopt;
    split_row r;
    r.row = &row;
    const auto& spec = m_.tables[row.table];
    std::size_t first = 0, count = 0;
    if (row.row_key.empty()) {
      first = spec.first_key;
      count = spec.key_count;
    } else {
      const auto it = std::find_if(spec.rows.begin(), spec.rows.end(), [&](const auto& s) { return s.key == row.row_key; });
      if (it == spec.rows.end()) return std::nullopt;
      first = it->first_key;
      count = it->columns.size();
    }
    if (count != row.expected) return std::nullopt;
    bool runs = false;
    for (const auto& v : row.cells) {
      token t;
      t.cell = &v;
      t.run = read_run(v, t);
      if (!t.run) t.chars.clear(), t.offset.clear();
      runs = runs || (t.run && t.chars.size() > 1);
      r.tokens.push_back(std::move(t));
    }
    if (!runs) return std::nullopt;  // nothing to split: the alignment search's row
    for (std::size_t k = first; k < first + count; ++k) {
      r.keys.push_back(k);
      r.decimal.push_back(m_.key_infos[k].type == model::value_type::decimal);
    }
    r.scratch.resize(count);
    return r;
  }

  // Whether key k has a value the rules can read that no split changes.
  bool known(std::size_t k) const { return owner_[k] == SIZE_MAX && view_[k]->kind != cell_kind::missing; }

  // The error-severity instances reading this row whose other keys are all known: the row's
  // own rules (its total), decided by its split alone.
  void find_local_instances(split_row& r) {
    std::vector<std::size_t> reading;
    for (auto k : r.keys) {
      const auto& in = rules_.instances_reading(k);
      reading.insert(reading.end(), in.begin(), in.end());
    }
    std::sort(reading.begin(), reading.end());
    reading.erase(std::unique(reading.begin(), reading.end()), reading.end());
    const std::size_t self = static_cast<std::size_t>(&r - rows_.data());
    for (auto i : reading) {
      const auto& in = rules_[i];
      if (in.severity != severity::error) continue;
      const bool local = std::all_of(in.keys.begin(), in.keys.end(), [&](std::size_t k) {
        return k < owner_.size() && (owner_[k] == self || known(k));
      });
      if (local) r.local.push_back(i);
    }
  }

  std::vector<row_equation> equations_of(const split_row& r) const {
    std::vector<row_equation> out;
    for (auto i : r.local) {
      const auto& in = rules_[i];
      if (!in.is_equation()) continue;
      row_equation e;
      e.instance = i;
      e.constant = in.difference.constant;
      e.tolerance = in.tolerance;
      bool numbers = true;
      for (const auto& t : in.difference.terms) {
        if (owner_[t.key] == SIZE_MAX) {
          if (view_[t.key]->kind != cell_kind::number) numbers = false;
          e.constant += t.coefficient * view_[t.key]->number;
          continue;
        }
        const std::size_t column = static_cast<std::size_t>(
            std::find(r.keys.begin(), r.keys.end(), t.key) - r.keys.begin());
        e.columns.emplace_back(column, t.coefficient);
      }
      if (!numbers) continue;
      std::sort(e.columns.begin(), e.columns.end());
      out.push_back(std::move(e));
    }
    return out;
  }

  // ---- a row's splits -----------------------------------------------------------------------

  struct enumeration {
    split_row& r;
    std::vector<row_equation> equations;
    split current;
    std::vector<std::size_t> chars_after;  // per token: run characters from it on (a cell not a run: 1)
    std::vector<double> fixed_after;       // per token: the largest number among the cells not runs from it on
    bool bounded = true;                   // no cell that is not a number: equations can be bounded
    std::vector<std::size_t> base;         // per token (and one past the last): its first position
    std::size_t positions = 0;
    std::vector<double> ways;              // count_splits: per (position, cell)
    std::size_t steps = 0;
    bool stopped = false;
  };

  void enumerate(split_row& r) {
    enumeration e{r, equations_of(r), {}, {}, {}, true, {}, 0, {}, 0, false};
    const std::size_t k = r.keys.size();
    e.current.numbers.assign(k, 0);
    e.current.pieces.assign(k, piece{});
    e.chars_after.assign(r.tokens.size() + 1, 0);
    e.fixed_after.assign(r.tokens.size() + 1, 0);
    for (std::size_t t = r.tokens.size(); t-- > 0;) {
      const token& tk = r.tokens[t];
      e.chars_after[t] = e.chars_after[t + 1] + (tk.run ? tk.chars.size() : 1);
      e.fixed_after[t] = e.fixed_after[t + 1];
      if (!tk.run && tk.cell->kind == cell_kind::number) e.fixed_after[t] = std::max(e.fixed_after[t], std::fabs(tk.cell->number));
      if (!tk.run && tk.cell->kind != cell_kind::number) e.bounded = false;
    }
    count_splits(e);
    r.lexical = e.ways[0];
    if (r.lexical > 0) descend(e, 0, 0, 0);
    if (r.lexical == 1) r.deciding.clear();  // the only split there is: no rule decided it
    if (e.stopped) {
      r.too_many = true;
      r.splits.clear();
    }
  }

  // Whether characters [pos, pos + len) of run token t can be cell j: `next` (go on with a
  // longer cell), `stop` (no longer cell can be one either), or `fits`.
  enum class cell_check { fits, next, stop };
  cell_check check_cell(const split_row& r, std::size_t t, std::size_t pos, std::size_t len, std::size_t j) const {
    const std::string& s = r.tokens[t].chars;
    const std::string_view cell(s.data() + pos, len);
    const auto point = cell.find('.');
    const std::size_t whole = point == std::string_view::npos ? len : point;
    if (whole > opts_.max_cell_digits) return cell_check::stop;
    if (point != std::string_view::npos && (!r.decimal[j] || len - point - 1 > opts_.max_fraction_digits))
      return cell_check::stop;
    if (whole > 1 && cell[0] == '0') return cell_check::stop;  // only a 0 starts with 0: no longer cell either
    if (cell.back() == '.') return cell_check::next;          // a point ends no cell
    if (pos + len < s.size() && s[pos + len] == '.') return cell_check::next;  // nor starts one
    return cell_check::fits;
  }

  // How many splits (up to about 1e300) the characters from position g on have into cells j and
  // after, for every g and j: positions number the run characters token after token (a token
  // that is not a run: one position). The search descends only where there is one, so that a
  // rule is named as deciding only where it rejected a split that exists.
  void count_splits(enumeration& e) const {
    const split_row& r = e.r;
    const std::size_t k = r.keys.size();
    for (std::size_t t = 0; t < r.tokens.size(); ++t) {
      e.base.push_back(e.positions);
      e.positions += r.tokens[t].run ? r.tokens[t].chars.size() : 1;
    }
    e.base.push_back(e.positions);
    const std::size_t width = k + 1;
    e.ways.assign((e.positions + 1) * width, 0);
    e.ways[e.positions * width + k] = 1;
    for (std::size_t t = r.tokens.size(); t-- > 0;) {
      const token& tk = r.tokens[t];
      const std::size_t n = tk.run ? tk.chars.size() : 1;
      for (std::size_t pos = n; pos-- > 0;) {
        budget::checkpoint();
        const std::size_t g = e.base[t] + pos;
        for (std::size_t j = 0; j < k; ++j) {
          double ways = 0;
          if (!tk.run) {
            ways = e.ways[(g + 1) * width + j + 1];
          } else {
            for (std::size_t len = 1; pos + len <= n; ++len) {
              const auto verdict = check_cell(r, t, pos, len, j);
              if (verdict == cell_check::stop) break;
              if (verdict == cell_check::fits) ways += e.ways[(g + len) * width + j + 1];
            }
          }
          e.ways[g * width + j] = std::min(ways, 1e300);
        }
      }
    }
  }

  bool viable(const enumeration& e, std::size_t j, std::size_t t, std::size_t pos) const {
    return e.ways[(e.base[t] + pos) * (e.r.keys.size() + 1) + j] > 0;
  }

  // Cell j of the row from character `pos` of token `t` on.
  void descend(enumeration& e, std::size_t j, std::size_t t, std::size_t pos) {
    if (e.stopped) return;
    budget::checkpoint();
    if (++e.steps > opts_.max_steps) {
      e.stopped = true;
      return;
    }
    split_row& r = e.r;
    const std::size_t k = r.keys.size();
    if (j == k) {
      if (t == r.tokens.size()) leaf(e);
      return;
    }
    if (t == r.tokens.size() || !viable(e, j, t, pos)) return;
    const token& tk = r.tokens[t];
    if (!tk.run) {
      const value& v = *tk.cell;
      e.current.numbers[j] = v.kind == cell_kind::number ? v.number : std::nan("");
      e.current.pieces[j] = piece{static_cast<std::uint32_t>(t), 0, 0};
      if (viable(e, j + 1, t + 1, 0) && fits_so_far(e, j, t + 1, 0)) descend(e, j + 1, t + 1, 0);
      return;
    }
    const std::size_t n = tk.chars.size();
    for (std::size_t len = 1; pos + len <= n; ++len) {
      const auto verdict = check_cell(r, t, pos, len, j);
      if (verdict == cell_check::stop) break;
      if (verdict == cell_check::next) continue;
      const bool last = pos + len == n;
      const std::size_t next_t = last ? t + 1 : t, next_pos = last ? 0 : pos + len;
      if (!viable(e, j + 1, next_t, next_pos)) continue;
      e.current.numbers[j] = number_of(std::string_view(tk.chars).substr(pos, len));
      e.current.pieces[j] = piece{static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(pos),
                                  static_cast<std::uint32_t>(pos + len)};
      if (fits_so_far(e, j, next_t, next_pos)) descend(e, j + 1, next_t, next_pos);
      if (e.stopped) return;
    }
  }

  // Whether the row's equations can still hold with columns 0..j chosen: the others lie between
  // 0 and the largest number the characters left can print.
  bool fits_so_far(enumeration& e, std::size_t j, std::size_t t, std::size_t pos) {
    split_row& r = e.r;
    std::size_t chars = 0;
    double fixed = 0;
    if (t < r.tokens.size()) chars = e.chars_after[t] - pos, fixed = e.fixed_after[t];
    const std::size_t digits = std::min(opts_.max_cell_digits, chars);
    const double largest = std::max(std::pow(10.0, static_cast<double>(digits)), fixed);
    for (const auto& eq : e.equations) {
      if (eq.columns.empty() || eq.columns.front().first > j) continue;  // reads nothing chosen yet
      if (!e.bounded && eq.columns.back().first > j) continue;  // a column left may hold a placeholder
      double sum = eq.constant, low = 0, high = 0;
      bool numbers = true;
      for (const auto& [column, coefficient] : eq.columns) {
        if (column <= j) {
          const double x = e.current.numbers[column];
          if (std::isnan(x)) numbers = false;
          sum += coefficient * x;
        } else if (coefficient > 0) {
          high += coefficient * largest;
        } else {
          low += coefficient * largest;
        }
      }
      if (!numbers) continue;  // a placeholder: the equation cannot be assessed
      const double slack = eq.tolerance + 1e-9;
      if (sum + low > slack || sum + high < -slack) {
        r.deciding.insert(rules_[eq.instance].rule);
        return false;
      }
    }
    return true;
  }

  void leaf(enumeration& e) {
    split_row& r = e.r;
    place(r, e.current);
    for (auto i : r.local) {
      const auto out = check::evaluate_instance(rules_, i, check::value_view(view_));
      if (out.status == check::status::failed) {
        r.deciding.insert(rules_[i].rule);
        unplace(r);
        return;
      }
    }
    unplace(r);
    if (r.splits.size() >= opts_.max_splits) {
      e.stopped = true;
      return;
    }
    r.splits.push_back(e.current);
  }

  // The values of a split where the rules read them (scratch values: only kind and number matter).
  void place(split_row& r, const split& s) {
    for (std::size_t j = 0; j < r.keys.size(); ++j) {
      const piece& p = s.pieces[j];
      const token& tk = r.tokens[p.token];
      if (!tk.run) {
        view_[r.keys[j]] = tk.cell;
        continue;
      }
      value& v = r.scratch[j];
      v.kind = cell_kind::number;
      v.number = s.numbers[j];
      v.integral = std::floor(v.number) == v.number;
      view_[r.keys[j]] = &v;
    }
  }
  void unplace(split_row& r) {
    for (auto k : r.keys) view_[k] = &missing_;
  }

  // ---- the joint choice ---------------------------------------------------------------------

  struct joint_instance {
    std::size_t instance = 0;
    std::vector<std::size_t> rows;  // the undecided rows it reads (indices into rows_)
  };

  void choose_jointly() {
    // Rows with one split are decided by their own rules: placed for the rules of the others.
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      auto& r = rows_[i];
      if (r.splits.size() == 1) place(r, r.splits.front());
      if (r.splits.size() < 2) continue;
      r.domain.resize(r.splits.size());
      std::iota(r.domain.begin(), r.domain.end(), 0u);
      r.in_solution.assign(r.splits.size(), 0);
      open.push_back(i);
    }
    if (open.empty()) return;
    // The instances reading undecided rows whose every other key is known or a decided row's.
    std::vector<std::size_t> reading;
    for (auto i : open)
      for (auto k : rows_[i].keys) {
        const auto& in = rules_.instances_reading(k);
        reading.insert(reading.end(), in.begin(), in.end());
      }
    std::sort(reading.begin(), reading.end());
    reading.erase(std::unique(reading.begin(), reading.end()), reading.end());
    std::vector<joint_instance> joint;
    for (auto i : reading) {
      const auto& in = rules_[i];
      if (in.severity != severity::error) continue;
      joint_instance ji;
      ji.instance = i;
      bool usable = true;
      for (auto k : in.keys) {
        if (k >= owner_.size()) {
          usable = false;
          break;
        }
        const std::size_t o = owner_[k];
        if (o == SIZE_MAX) {
          usable = usable && view_[k]->kind != cell_kind::missing;
        } else if (rows_[o].splits.size() >= 2) {
          if (std::find(ji.rows.begin(), ji.rows.end(), o) == ji.rows.end()) ji.rows.push_back(o);
        } else if (rows_[o].splits.empty()) {
          usable = false;  // a row left null: the instance is skipped whatever the split
        }
      }
      if (!usable || ji.rows.empty()) continue;
      // An instance of one row's own (its total) was applied when its splits were found.
      const auto& own = rows_[ji.rows.front()].local;
      if (ji.rows.size() == 1 && std::binary_search(own.begin(), own.end(), i)) continue;
      joint.push_back(std::move(ji));
    }
    // A rule reading one undecided row narrows its splits at once.
    for (const auto& ji : joint) {
      if (ji.rows.size() != 1) continue;
      auto& r = rows_[ji.rows.front()];
      std::vector<std::uint32_t> kept;
      for (auto s : r.domain) {
        place(r, r.splits[s]);
        if (check::evaluate_instance(rules_, ji.instance, check::value_view(view_)).status != check::status::failed)
          kept.push_back(s);
      }
      unplace(r);
      if (kept.size() != r.domain.size()) r.deciding.insert(rules_[ji.instance].rule);
      r.domain = std::move(kept);
    }
    // Rows tied by the rules are chosen together: one search per connected group.
    std::vector<std::size_t> parent(rows_.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const auto& ji : joint)
      for (std::size_t a = 1; a < ji.rows.size(); ++a) parent[find(ji.rows[a])] = find(ji.rows[0]);
    std::vector<std::size_t> roots;
    for (auto i : open) {
      rows_[i].component = find(i);
      if (std::find(roots.begin(), roots.end(), rows_[i].component) == roots.end()) roots.push_back(rows_[i].component);
    }
    for (auto root : roots) {
      std::vector<std::size_t> members;
      for (auto i : open)
        if (rows_[i].component == root) members.push_back(i);
      std::vector<const joint_instance*> constraints;
      for (const auto& ji : joint)
        if (rows_[ji.rows.front()].component == root && ji.rows.size() > 1) constraints.push_back(&ji);
      search(members, constraints);
    }
  }

  struct search_state {
    std::vector<std::size_t> order;                                // rows, fewest splits first
    std::vector<std::vector<const joint_instance*>> constraints_of;  // per position in order
    std::vector<char> assigned;                                    // per row of rows_
    std::vector<std::vector<std::pair<double, double>>> bounds;    // per row: per column, min and max over its domain
    std::set<std::size_t> failed;                                  // instances that rejected a choice
    std::size_t steps = 0;
    std::size_t solutions = 0;
    bool stopped = false;   // no need to go on (every split of every row is in a solution), or overflow
    bool overflow = false;  // more steps than max_steps: not searched to the end
  };

  void search(const std::vector<std::size_t>& members, const std::vector<const joint_instance*>& constraints) {
    search_state st;
    prepare(st, members, constraints);
    if (std::none_of(members.begin(), members.end(), [&](std::size_t i) { return rows_[i].domain.empty(); }))
      choose(st, 0);
    // No choice fitting every rule leaves the rows null: where the report's arithmetic fails
    // whatever the splits, the split breaking the fewest rules would be a guess (as for the
    // alignments of misaligned rows, repair.cpp).
    finish_search(members, st);
  }

  void prepare(search_state& st, const std::vector<std::size_t>& members,
               const std::vector<const joint_instance*>& constraints) {
    st.order = members;
    std::stable_sort(st.order.begin(), st.order.end(),
                     [&](std::size_t a, std::size_t b) { return rows_[a].domain.size() < rows_[b].domain.size(); });
    st.assigned.assign(rows_.size(), 0);
    st.bounds.resize(rows_.size());
    for (auto i : members) {
      auto& r = rows_[i];
      auto& b = st.bounds[i];
      b.assign(r.keys.size(), {HUGE_VAL, -HUGE_VAL});
      for (auto s : r.domain)
        for (std::size_t j = 0; j < r.keys.size(); ++j) {
          const double x = r.splits[s].numbers[j];
          b[j].first = std::min(b[j].first, x);  // NaN (a placeholder) leaves them: see bounded()
          b[j].second = std::max(b[j].second, x);
          if (std::isnan(x)) b[j] = {std::nan(""), std::nan("")};
        }
    }
    // Each constraint is checked at the row of its that is chosen first (then bounded) and,
    // completely, when its last row is chosen.
    st.constraints_of.resize(st.order.size());
    for (const auto* ji : constraints)
      for (std::size_t p = 0; p < st.order.size(); ++p)
        if (std::find(ji->rows.begin(), ji->rows.end(), st.order[p]) != ji->rows.end())
          st.constraints_of[p].push_back(ji);
  }

  void record_solution(search_state& st) {
    ++st.solutions;
    for (auto i : st.order) {
      auto& r = rows_[i];
      const auto s = current_[i];
      if (!r.in_solution[s]) {
        r.in_solution[s] = 1;
        ++r.seen;
      }
    }
  }

  void choose(search_state& st, std::size_t p) {
    if (st.stopped) return;
    if (p == st.order.size()) {
      record_solution(st);
      // Once every split of every row is in a solution, there is nothing more to learn.
      if (std::all_of(st.order.begin(), st.order.end(),
                                     [&](std::size_t i) { return rows_[i].seen == rows_[i].domain.size(); }))
        st.stopped = true;
      return;
    }
    const std::size_t i = st.order[p];
    auto& r = rows_[i];
    st.assigned[i] = 1;
    for (auto s : r.domain) {
      budget::checkpoint();
      if (++st.steps > opts_.max_joint_steps) {
        st.stopped = st.overflow = true;
        break;
      }
      current_[i] = s;
      place(r, r.splits[s]);
      bool fits = true;
      for (const auto* ji : st.constraints_of[p]) {
        if (!holds(st, *ji)) {
          st.failed.insert(ji->instance);
          fits = false;
          break;
        }
      }
      if (fits) choose(st, p + 1);
      if (st.stopped) break;
    }
    unplace(r);
    st.assigned[i] = 0;
  }

  // Whether a constraint can still hold: evaluated when all its rows are chosen; an equation
  // with rows left is bounded by their columns' least and greatest values.
  bool holds(const search_state& st, const joint_instance& ji) {
    const bool complete =
        std::all_of(ji.rows.begin(), ji.rows.end(), [&](std::size_t o) { return st.assigned[o] != 0; });
    const auto& in = rules_[ji.instance];
    if (complete) return check::evaluate_instance(rules_, ji.instance, check::value_view(view_)).status != check::status::failed;
    if (!in.is_equation()) return true;
    double sum = in.difference.constant, low = 0, high = 0;
    for (const auto& t : in.difference.terms) {
      const std::size_t o = owner_[t.key];
      if (o == SIZE_MAX || st.assigned[o] || rows_[o].splits.size() < 2) {
        const value& v = *view_[t.key];
        if (v.kind != cell_kind::number) return true;  // not assessable now
        sum += t.coefficient * v.number;
        continue;
      }
      const auto& r = rows_[o];
      const std::size_t j = static_cast<std::size_t>(std::find(r.keys.begin(), r.keys.end(), t.key) - r.keys.begin());
      const auto [lo, hi] = st.bounds[o][j];
      if (std::isnan(lo)) return true;  // some split holds a placeholder there
      low += t.coefficient * (t.coefficient > 0 ? lo : hi);
      high += t.coefficient * (t.coefficient > 0 ? hi : lo);
    }
    const double slack = in.tolerance + 1e-9;
    return sum + low <= slack && sum + high >= -slack;
  }

  void finish_search(const std::vector<std::size_t>& members, const search_state& st) {
    for (auto i : members) {
      auto& r = rows_[i];
      for (auto inst : st.failed) {
        const auto& keys = rules_[inst].keys;
        if (std::any_of(keys.begin(), keys.end(), [&](std::size_t k) { return owner_[k] == i; }))
          r.deciding.insert(rules_[inst].rule);
      }
      if (st.overflow && r.seen < 2) r.too_many = true;  // not searched to the end: not decided
      r.partly_searched = st.overflow;
    }
  }

  // ---- the verdicts -------------------------------------------------------------------------

  std::string row_name(const split_row& r) const {
    return r.row->row_key.empty() ? "table " + m_.tables[r.row->table].id : "row " + r.row->row_key;
  }

  std::string runs_text(const split_row& r) const {
    std::size_t runs = 0;
    for (const auto& t : r.tokens) runs += t.run;
    return std::string(runs == 1 ? "the digit run " : "the digit runs ") + join_quoted(r.tokens);
  }

  std::string printed(const split_row& r, const split& s, std::size_t j) const {
    const piece& p = s.pieces[j];
    const token& tk = r.tokens[p.token];
    if (!tk.run) return tk.cell->raw;
    return tk.cell->raw.substr(tk.offset[p.begin], tk.offset[p.end] - tk.offset[p.begin]);
  }

  std::string describe(const split_row& r, const split& s) const {
    std::string out = "(";
    for (std::size_t j = 0; j < r.keys.size(); ++j) out += (j ? ", " : "") + printed(r, s, j);
    return out + ")";
  }

  diagnostic row_diagnostic(const split_row& r, severity sev, std::string code, std::string message) const {
    diagnostic d;
    d.severity = sev;
    d.file = file_;
    d.where = r.row->where;
    d.code = std::move(code);
    d.message = std::move(message);
    return d;
  }

  static std::string count_text(double n) {
    return n < 1e15 ? std::to_string(static_cast<long long>(n)) : "more than 10^15";
  }

  std::string cells_text(const split_row& r) const { return std::to_string(r.keys.size()) + " cells"; }

  void finish() {
    for (auto& r : rows_) {
      auto& table = c_.tables[r.row->table];
      if (r.splits.size() == 1) {
        fill(r, r.splits.front(), false);
      } else if (r.splits.empty() || r.too_many) {
        std::string why;
        if (r.too_many) why = "too many splits of it fit the rules to choose among";
        else if (r.lexical == 0)
          why = "it cannot be split into " + cells_text(r) + " (a cell is 1 to " + std::to_string(opts_.max_cell_digits) +
                " digits, not starting with 0 unless it is 0, with a decimal point only where the column takes decimals)";
        else
          why = (r.lexical == 1 ? "its only split into " + cells_text(r) + " does not fit the rules"
                                : "none of its " + count_text(r.lexical) + " splits into " + cells_text(r) + " fits the rules");
        replace_row_note(table, r.row->where,
                         row_diagnostic(r, severity::warning, "misaligned-row",
                                        row_name(r) + ": " + runs_text(r) + " for " + std::to_string(r.keys.size()) +
                                            " columns: " + why + "; its values are left null" +
                                            resolve::printed_hint(*r.row)));
      } else if (r.seen == 1) {
        const auto s = static_cast<std::size_t>(std::find(r.in_solution.begin(), r.in_solution.end(), 1) - r.in_solution.begin());
        fill(r, r.splits[s], true);
      } else if (r.seen == 0) {
        replace_row_note(table, r.row->where,
                         row_diagnostic(r, severity::warning, "misaligned-row",
                                        row_name(r) + ": " + runs_text(r) + " for " + std::to_string(r.keys.size()) +
                                            " columns: " + std::to_string(r.splits.size()) +
                                            " splits fit its own rules, but none fits the rules together with the "
                                            "other rows' splits; its values are left null" +
                                            resolve::printed_hint(*r.row)));
      } else {
        std::string alternatives;
        std::size_t listed = 0;
        for (std::size_t s = 0; s < r.splits.size(); ++s) {
          if (!r.in_solution[s]) continue;
          if (listed == opts_.max_listed) {
            alternatives += " or " + std::to_string(r.seen - listed) + " more";
            break;
          }
          alternatives += (listed++ ? " or " : "") + describe(r, r.splits[s]);
        }
        replace_row_note(table, r.row->where,
                         row_diagnostic(r, severity::warning, "ambiguous-row",
                                        row_name(r) + ": " + runs_text(r) + " splits into " + cells_text(r) + " in " +
                                            (r.partly_searched ? "at least " : "") + std::to_string(r.seen) +
                                            " ways that fit the rules equally: " +
                                            alternatives + "; its values are left null"));
      }
    }
    for (auto& t : c_.tables)
      t.misaligned.erase(std::remove_if(t.misaligned.begin(), t.misaligned.end(),
                                        [&](const resolve::misaligned_row& row) { return filled_.count(&row) > 0; }),
                         t.misaligned.end());
  }

  void fill(split_row& r, const split& s, bool jointly) {
    auto& table = c_.tables[r.row->table];
    const std::vector<std::string> rules(r.deciding.begin(), r.deciding.end());
    std::string why = row_name(r) + ": " + runs_text(r) + " split into " + cells_text(r) + "; ";
    if (rules.empty()) why += "the only split there is";
    else if (jointly) why += "the only split the rules accept, with the other rows' splits";
    else why += "the only split the rules accept";
    for (std::size_t j = 0; j < r.keys.size(); ++j) {
      const piece& p = s.pieces[j];
      const token& tk = r.tokens[p.token];
      value v = *tk.cell;
      if (tk.run) {
        v.raw = printed(r, s, j);
        v.number = s.numbers[j];
        v.integral = tk.chars.find('.', p.begin) >= p.end;
        const std::size_t from = tk.offset[p.begin];
        v.where.byte += from;
        v.where.column += count_code_points(tk.cell->raw, from);
      }
      v.repaired = true;
      v.profile = c_.profile;
      resolve::repair entry;
      entry.key = m_.keys[r.keys[j]];
      entry.read = tk.cell->raw;
      entry.chosen = v.raw;
      entry.why = why;
      entry.rules = rules;
      if (v.kind == cell_kind::number || v.kind == cell_kind::placeholder) ++table.filled;
      c_.values[r.keys[j]] = std::move(v);
      table.repairs.push_back(std::move(entry));
    }
    replace_row_note(table, r.row->where,
                     row_diagnostic(r, severity::note, "split-row", why + " " + describe(r, s)));
    filled_.insert(r.row);
  }

  resolve::candidate& c_;
  const model::template_model& m_;
  const check::compiled_rules& rules_;
  const std::string& file_;
  const split_options& opts_;
  std::vector<split_row> rows_;
  std::vector<const value*> view_;  // per model key: what the rules read
  std::vector<std::size_t> owner_;  // per model key: the split row it is a column of, or SIZE_MAX
  std::vector<std::uint32_t> current_;  // the joint search: per row, the split chosen
  std::set<const resolve::misaligned_row*> filled_;
  inline static const value missing_{};
};

}  // namespace

void split_digit_runs(resolve::candidate& c, const model::template_model& m, const check::compiled_rules& rules,
                      const std::string& file, const split_options& opts) {
  splitter(c, m, rules, file, opts).run();
}

}  // namespace nianbao::repair
