#include "resolve/resolver.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>

#include "core/budget.hpp"
#include "cells/cell_value.hpp"
#include "cells/normalize.hpp"
#include "cells/units.hpp"
#include "model/key_dictionary.hpp"

namespace nianbao::resolve {

namespace {

// The row whose values are being collected. The candidate_builder keeps one, and its buffers,
// from row to row: most rows are a label and a few numbers, and two vectors allocated per row cost as much.
struct open_row {
  bool open = false;
  std::size_t row = 0;  // index into the table's rows
  source_position where;
  // The value cells as read (views into the resolve_input's cells, which outlive the
  // candidate_builder): a value, with its strings, is made only where the row's values are stored.
  std::vector<const cell_meaning*> values;
  std::size_t last_row = 0;  // index of the layout row that gave its label or last value
  // Empty cells skipped (a profile with empty_cells = "skip") since the label or the last value,
  // and before each value how many were: the spacing of the row. Where it is irregular, an empty
  // cell of the table was skipped and the values' columns cannot be told by their order alone
  // (see cut_is_placed, for a row that the end of the text cuts short).
  std::size_t skipped = 0;
  std::vector<std::size_t> spacing;
  std::vector<source_position> blanks;  // where each skipped empty cell is, in order

  void start(std::size_t table_row, source_position label, std::size_t layout_row) {
    open = true;
    row = table_row;
    where = label;
    values.clear();
    last_row = layout_row;
    skipped = 0;
    spacing.clear();
    blanks.clear();
  }
};

// The last row of a table when the text ends in it before all its values.
struct cut_row {
  std::string key;
  std::size_t got = 0, expected = 0;
  bool placed = false;  // its values were read in order into the first columns
};

// Builds one profile's candidate from a layout's cells: walks the rows, matches each label to a
// row of a table of the template and stores the row's values under their canonical keys.
class candidate_builder {
 public:
  explicit candidate_builder(const resolve_input& in) : input_(in) {
    out_.profile = in.profile.name;
    out_.priority = in.profile.priority;
    out_.split_digit_runs = in.profile.split_digit_runs;
    out_.values.resize(in.model.keys.size());
    out_.tables.resize(in.model.tables.size());
    sequences_.resize(in.model.tables.size());
    seq_skipped_.resize(in.model.tables.size());
    seq_spacing_.resize(in.model.tables.size());
    rows_seen_.resize(in.model.tables.size());
    last_label_.resize(in.model.tables.size());
    opened_.resize(in.model.tables.size());
    items_.resize(in.model.tables.size());
    spacing_found_.resize(in.model.tables.size());
    for (std::size_t t = 0; t < in.model.tables.size(); ++t) rows_seen_[t].resize(in.model.tables[t].rows.size());
  }

  candidate run() {
    if (input_.layout.error) {
      const auto where = input_.lines.position(input_.layout.error->byte);
      auto d = file_diagnostic(severity::warning, input_.file, where, "grammar", {});
      d.message = "grammar \"" + input_.profile.grammar + "\" stopped: " + input_.layout.error->message;
      out_.grammar_error = d;
    }
    last_content_row_ = last_content_row();
    if (input_.profile.values_span_rows && !input_.profile.empty_cells_are_values)
      for (std::size_t r = 0; r < input_.layout.rows.size(); ++r) count_gaps(input_.cells[r]);
    for (row_index_ = 0; row_index_ < input_.layout.rows.size(); ++row_index_) visit(input_.layout.rows[row_index_]);
    flush_unlabelled();
    close_row();
    for (std::size_t t = 0; t < input_.model.tables.size(); ++t) resolve_displaced(t);
    note_truncation();
    for (std::size_t t = 0; t < input_.model.tables.size(); ++t)
      if (input_.model.tables[t].layout == model::table_layout::sequence) finish_sequence(t);
    for (std::size_t t = 0; t < input_.model.tables.size(); ++t) note_spacing_found(t);
    out_.column_labels_seen = columns_seen_.size();
    return std::move(out_);
  }

 private:
  struct unlabelled {
    std::size_t table;
    source_position where;
    std::size_t count;  // numbers and placeholders
    std::vector<const cell_meaning*> cells;  // those, and empty cells where they count, in order
    bool whole_line = false;  // a line of values only (values_row)
    const read_cell* text_before = nullptr;  // a text on their row that no label rule matched
  };
  // What each rows table held in order: labels (with values of their own or none) and runs of
  // values under no label (a row of values in the profiles that read a row per line, a line of
  // values only in the others: values_row), to join a label that a converter put on a line of
  // its own with its values on the next, or after them (resolve_displaced).
  struct displaced_item {
    bool run = false;
    std::size_t row = 0;      // a label's row
    bool has_values = false;  // a label's values were on its own line
    std::optional<unlabelled> values;  // a run
    bool group = false;  // a group label ((六)其他处理): it takes no values
    std::size_t first_row = SIZE_MAX;  // a group label's: the first row it heads, if the model says
    // The row the template's order puts at this item, and the one right after it.
    std::size_t starts() const { return group ? first_row : row; }
    std::size_t next() const { return group ? first_row : row + 1; }
  };

  void visit(const layout::row& row) {
    const auto cells = input_.cells[row_index_];
    budget::checkpoint();
    if (switch_section(cells)) {
      if (row.heading) ++out_.headings_marked;
      return;
    }
    if (!table_ && !(tables_opened_ == 0 && open_without_heading(cells))) return;
    for (const auto& c : cells)
      if (c.meaning.kind == cell_kind::text) note_column_labels(c);
    const auto& spec = input_.model.tables[*table_];
    if (spec.layout == model::table_layout::sequence) {
      auto& seq = sequences_[*table_];
      // Where every cell left is a cell of the file (layout::grid_cells: an HTML page's or a
      // Word document's grid), a row without text is a row of values, its blank cells included,
      // the first ones too. A PDF's grid text is no such grid (its cells are where the page's
      // text falls): its leading empty cells stay layout.
      const bool value_row = input_.layout.file_cells &&
                             std::none_of(cells.begin(), cells.end(), [](const read_cell& c) { return c.meaning.kind == cell_kind::text; });
      for (const auto& c : cells) {
        // Empty cells before the table's first value are layout (merged header cells, the bar
        // that opens a row), also where empty cells count: the sequence has no label to start it.
        if (is_value(c.meaning) && !(c.meaning.kind == cell_kind::empty && seq.empty() && !value_row)) {
          if (!seq.empty()) seq_spacing_[*table_].push_back(seq_skipped_[*table_]);
          seq_skipped_[*table_] = 0;
          seq.push_back(stored(c.meaning));
        } else if (c.meaning.kind == cell_kind::empty) {
          ++seq_skipped_[*table_];
        }
      }
      return;
    }
    if (!input_.profile.values_span_rows) {
      close_row();
      flush_unlabelled();  // a row of values under no label is a run of its own (displaced labels)
    } else if (values_row(cells)) {
      return;
    }
    // The last cell of a line that has other, non-blank cells is the cell after the line's
    // closing bar or tab: layout, not a skipped cell of the table.
    const bool trailing_is_layout =
        cells.size() > 1 && std::any_of(cells.begin(), cells.end() - 1,
                                        [](const read_cell& c) { return c.meaning.kind != cell_kind::empty; });
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const auto& c = cells[i];
      if (c.meaning.kind == cell_kind::empty && !is_value(c.meaning)) {
        if (open_.open && !(trailing_is_layout && i + 1 == cells.size())) {
          ++open_.skipped;
          open_.blanks.push_back(c.meaning.where);
        }
        continue;
      }
      if (c.meaning.kind == cell_kind::text) {
        flush_unlabelled();
        auto m = input_.labels.match_row(*table_, c.label());
        if (!m)
          if (const auto first_row = input_.labels.group_label(*table_, c.label())) {
            read_group_label(c, *first_row);
            continue;
          }
        // A misprinted label only where the template's order expects its row: the row after the
        // last row whose label was read in this table.
        if (!m) m = input_.labels.typo_row(*table_, c.label(), last_label_[*table_] ? *last_label_[*table_] + 1 : 0);
        if (!m) note_ambiguous(c);
        if (m) {
          close_row();
          note_fuzzy(*m, c.meaning);
          open_.start(m->row, c.meaning.where, row_index_);
          last_label_[*table_] = m->row;
        } else {
          unmatched_ = &c;  // for the note on values that follow it (note_unlabelled)
          unmatched_row_ = row_index_;
          if (open_.open && !open_.values.empty()) close_row();  // text after values: the row is over
        }
      } else if (open_.open && is_value(c.meaning)) {
        open_.spacing.push_back(open_.skipped);
        open_.skipped = 0;
        open_.values.push_back(&c.meaning);
        open_.last_row = row_index_;
      } else if (!open_.open && group_values_ && is_value(c.meaning)) {
        group_values_->count += c.meaning.kind != cell_kind::empty;  // the group's own values
      } else if (!open_.open && (c.meaning.kind == cell_kind::number || c.meaning.kind == cell_kind::placeholder)) {
        if (!unlabelled_)
          unlabelled_ = unlabelled{*table_, c.meaning.where, 0, {}, false, unmatched_row_ == row_index_ ? unmatched_ : nullptr};
        ++unlabelled_->count;
        unlabelled_->cells.push_back(&c.meaning);
      } else if (!open_.open && unlabelled_ && is_value(c.meaning)) {
        unlabelled_->cells.push_back(&c.meaning);  // an empty cell among them, where empty cells count
      }
    }
  }

  // The model's column headers a text cell prints: the cell, or, where a layout keeps a header
  // line in one cell (PDF page text: 「信息内容   本年制发件数    本年废止件数」), its pieces: those
  // between runs of two or more spaces (a tab, an ideographic space), whose single spaces may be
  // inside a letter-spaced header (「结 果 维 持   结 果 纠 正」), and those between single spaces.
  void note_column_labels(const read_cell& c) {
    if (auto col = input_.labels.column_label(*table_, c.normalized)) {
      columns_seen_.emplace(*table_, *col);
      return;
    }
    const std::string_view raw = c.meaning.raw;
    // The white space at byte i and its length in bytes (0 when none), and how many spaces it is.
    const auto space_at = [&](std::size_t i, std::size_t& spaces) -> std::size_t {
      std::size_t j = i;
      spaces = 0;
      for (;;) {
        if (j < raw.size() && raw[j] == ' ') j += 1, spaces += 1;
        else if (j < raw.size() && raw[j] == '\t') j += 1, spaces += 2;  // a tab: a gap
        else if (raw.substr(j, 3) == "\xE3\x80\x80") j += 3, spaces += 2;  // an ideographic space
        else break;
      }
      return j - i;
    };
    for (const std::size_t least : {2, 1}) {
      std::size_t start = 0;
      bool split = false;
      for (std::size_t i = 0; i <= raw.size();) {
        std::size_t spaces = 0;
        const std::size_t n = i < raw.size() ? space_at(i, spaces) : 0;
        if (i < raw.size() && (n == 0 || spaces < least)) {
          i += n ? n : 1;
          continue;
        }
        split = split || i < raw.size();
        if (split && i > start)
          if (auto col = input_.labels.column_label(*table_, label_form(raw.substr(start, i - start))))
            columns_seen_.emplace(*table_, *col);
        if (i == raw.size()) break;
        start = i += n;
      }
    }
  }

  // The blank cells between the non-blank cells of the document (document_spacing). The last cell
  // of a line with other cells is the cell after its closing bar: layout, not counted.
  void count_gaps(span<read_cell> cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].meaning.kind == cell_kind::empty) {
        if (!(cells.size() > 1 && i + 1 == cells.size())) ++gap_run_;
        continue;
      }
      if (gap_started_) ++gaps_[gap_run_];
      gap_started_ = true;
      gap_run_ = 0;
    }
  }

  // Where a label's values may continue on the following lines (values_span_rows): a line of two
  // or more values and no text is a table row printed without its label, unless it completes the
  // open row (a row's values broken over two lines). Such a line after a label that has no
  // values yet, or after a row already complete, is a run for resolve_displaced, as in the
  // profiles that read a row per line: read in order, it would give a label printed after its
  // values the values of the row before.
  bool values_row(span<read_cell> cells) {
    std::size_t values = 0;
    for (const auto& c : cells) {
      if (c.meaning.kind == cell_kind::text) return false;
      values += c.meaning.kind == cell_kind::number || c.meaning.kind == cell_kind::placeholder;
    }
    if (values < 2) return false;
    if (open_.open && !open_.values.empty() &&
        open_.values.size() + values == input_.model.tables[*table_].rows[open_.row].columns.size())
      return false;
    close_row();
    flush_unlabelled();
    for (const auto& c : cells)
      if (c.meaning.kind == cell_kind::number || c.meaning.kind == cell_kind::placeholder || (is_value(c.meaning) && unlabelled_)) {
        if (!unlabelled_) unlabelled_ = unlabelled{*table_, c.meaning.where, 0, {}, true, nullptr};
        unlabelled_->count += c.meaning.kind != cell_kind::empty;
        unlabelled_->cells.push_back(&c.meaning);
      }
    flush_unlabelled();
    return true;
  }

  // A cell's value as a candidate holds it: naming the profile that read it.
  value stored(const cell_meaning& v) const {
    value out = to_value(v);
    out.profile = input_.profile.name;
    return out;
  }
  std::vector<value> stored(const std::vector<const cell_meaning*>& cells) const {  // of a row's cells
    std::vector<value> out;
    out.reserve(cells.size());
    for (const auto* c : cells) out.push_back(stored(*c));
    return out;
  }

  bool is_value(const cell_meaning& v) const {
    return v.kind == cell_kind::number || v.kind == cell_kind::placeholder ||
           (v.kind == cell_kind::empty && input_.profile.empty_cells_are_values);
  }

  // A heading opens a table or ends the tables. Returns true when the row was a heading.
  bool switch_section(span<read_cell> cells) {
    bool first_text = true;
    for (const auto& c : cells) {
      if (c.meaning.kind != cell_kind::text) continue;
      auto heading = input_.labels.section_heading(c.label());
      // A misprinted heading, or one with a note: only as the first text of its row, and only a
      // table not opened yet and after those opened (or an end heading).
      if (!heading && first_text) {
        heading = input_.labels.near_heading(c.label());
        if (heading && *heading != label_index::end_of_tables && !may_open(*heading)) heading.reset();
        if (heading) note_heading(c, *heading, "misprinted-heading", "is read as the heading of ");
      }
      first_text = false;
      if (!heading) {
        if (open_by_column_header(c)) return true;
        continue;
      }
      flush_unlabelled();
      close_row();
      if (*heading == label_index::end_of_tables) {
        table_.reset();
        return true;
      }
      open_table(*heading, c.meaning.where, true);
      return true;
    }
    return false;
  }

  void open_table(std::size_t t, source_position where, bool by_heading = false) {
    out_.tables_begin = std::min(out_.tables_begin, where.byte);
    table_ = t;
    highest_table_ = std::max(highest_table_.value_or(t), t);
    ++tables_opened_;
    opened_[t] = true;
    if (by_heading) out_.tables[t].seen = true;
  }

  // Whether table t may be opened by a heading found only near its text, or by its header
  // rows: it was not opened yet, and comes after every table opened.
  bool may_open(std::size_t t) const { return !opened_[t] && (!highest_table_ || t > *highest_table_); }

  void note_heading(const read_cell& c, std::size_t section, const std::string& code, const std::string& how) {
    auto d = file_diagnostic(severity::note, input_.file, c.meaning.where, code, {});
    d.message = "\"" + std::string(c.meaning.raw) + "\" " + how +
                (section == label_index::end_of_tables ? std::string("the narrative sections (the tables end here)")
                                                       : "table \"" + input_.model.tables[section].id + "\"");
    out_.tables[section == label_index::end_of_tables ? (table_ ? *table_ : 0) : section].notes.push_back(std::move(d));
  }

  // A table whose heading is missing or unrecognised, found from its own header rows: a cell that
  // is a column header of that table only ("自然人", "结果维持"), while another table or none is
  // open, opens it (see may_open).
  bool open_by_column_header(const read_cell& c) {
    const auto t = input_.labels.table_of_column_label(c.normalized);
    if (!t || (table_ && *table_ == *t) || !may_open(*t)) return false;
    flush_unlabelled();
    close_row();
    note_heading(c, *t, "no-heading", "is a column header of table \"" + input_.model.tables[*t].id +
                                          "\", whose heading was not found: it opens ");
    open_table(*t, c.meaning.where);
    return true;
  }

  // A label that fits two rows or more (a cut label, a misprint): no row is chosen, and its
  // values are not read (they are under no label).
  void note_ambiguous(const read_cell& c) {
    const auto rows = input_.labels.rows_fitting(*table_, c.label());
    if (rows.size() < 2) return;
    std::string keys;
    for (const auto r : rows) keys += (keys.empty() ? "" : ", ") + input_.model.tables[*table_].rows[r].key;
    auto d = file_diagnostic(severity::warning, input_.file, c.meaning.where, "ambiguous-label", {});
    d.message = "label \"" + std::string(c.meaning.raw) + "\" fits " + std::to_string(rows.size()) + " rows (" + keys +
                "); none is chosen";
    out_.tables[*table_].notes.push_back(std::move(d));
  }

  void note_fuzzy(const label_match& m, const cell_meaning& cell) {
    if (m.how == match_kind::exact) return;
    const auto& row = input_.model.tables[*table_].rows[m.row];
    auto d = file_diagnostic(severity::note, input_.file, cell.where, {}, {});
    const std::string alias(m.shown);
    switch (m.how) {
      case match_kind::prefix:
        d.code = "broken-label";
        d.message = " (the label is cut short; it is the start of \"" + alias + "\")";
        break;
      case match_kind::suffix:
        d.code = "label-with-parent";
        d.message = " (the label ends with \"" + alias + "\")";
        break;
      case match_kind::instruction:
        d.code = "label-with-note";
        d.message = " (the label is \"" + alias + "\" with a note in parentheses)";
        break;
      case match_kind::wrapped:
        d.code = "wrapped-label";
        d.message = " (pieces of group labels, then the start of \"" + alias + "\": a label wrapped by the page width)";
        break;
      case match_kind::typo:
        d.code = "misprinted-label";
        d.message = " (a misprint of \"" + alias + "\", the row the template's order puts here)";
        break;
      case match_kind::exact:
        break;
    }
    d.message = "label \"" + std::string(cell.raw) + "\" read as " + row.key + d.message;
    out_.tables[*table_].notes.push_back(std::move(d));
  }

  void close_row() {
    if (!open_.open) return;
    open_.open = false;
    const open_row& row = open_;
    auto& values = open_.values;
    {
      displaced_item label;
      label.row = row.row;
      label.has_values = !values.empty();
      items_[*table_].push_back(std::move(label));
    }
    if (values.empty()) return;  // a label without values: a header cell or a parent label
    const auto t = *table_;
    const auto& spec = input_.model.tables[t].rows[row.row];
    rows_seen_[t][row.row] = true;
    const auto first_key = spec.first_key;
    if (values.size() < spec.columns.size() && row.last_row >= last_content_row_) {
      // The text ends inside this row: its other values were never printed (note_truncation).
      // Those printed are read in order into the first columns, as every row is read, unless
      // empty cells were skipped between them (then their columns are unknown: all null).
      cut_ = cut_row{spec.key, values.size(), spec.columns.size(), regular(row.spacing, true)};
      if (cut_->placed && out_.values[first_key].kind == cell_kind::missing)
        for (std::size_t i = 0; i < values.size(); ++i) assign(t, first_key + i, stored(*values[i]));
      return;
    }
    // Where empty cells are cells of the table, those after the row's last column are padding
    // (a `|` or blank line closing the row), not values: the row ends at its columns.
    while (input_.profile.empty_cells_are_values && values.size() > spec.columns.size() &&
           values.back()->kind == cell_kind::empty)
      values.pop_back();
    if (values.size() < spec.columns.size()) {
      if (const auto placed = place_by_spacing(row.spacing, open_.skipped, values.size(), spec.columns.size())) {
        rows_seen_[t][row.row] = true;
        if (out_.values[first_key].kind != cell_kind::missing) return;
        // The k-th empty cell of a gap is its blank line after s + k (s + 1) others.
        const std::size_t s = *document_spacing();
        std::size_t gap_start = 0, v = 0, in_gap = 0;
        for (std::size_t c = 0; c < placed->size(); ++c) {
          value cell;
          if ((*placed)[c]) {
            gap_start += row.spacing[v];
            cell = stored(*values[v++]);
            in_gap = 0;
          } else {
            const std::size_t blank = gap_start + s + in_gap++ * (s + 1);
            cell.kind = cell_kind::empty;
            cell.where = blank < row.blanks.size() ? row.blanks[blank] : row.where;
            cell.profile = input_.profile.name;
          }
          assign(t, first_key + c, std::move(cell));
        }
        note_spacing(t, spec.key, row.where, placed->size() - values.size());
        return;
      }
    }
    if (values.size() != spec.columns.size()) {
      misaligned(t, spec.key, stored(values), spec.columns.size(), row.where);
      return;
    }
    const auto first = first_key;
    if (out_.values[first].kind != cell_kind::missing) {
      auto d = file_diagnostic(severity::warning, input_.file, row.where, "duplicate-row", {});
      d.message = "row " + spec.key + " appears again (first at line " +
                  std::to_string(out_.values[first].where.line) + "); the first is kept";
      out_.tables[t].notes.push_back(std::move(d));
      return;
    }
    if (regular(row.spacing, false)) row_spacing_ = row.spacing.front();
    for (std::size_t i = 0; i < values.size(); ++i) assign(t, first + i, stored(*values[i]));
  }

  // One cell per line with blank lines between cells (a web page copied as text): the blank
  // lines between two cells, `s`, are the document's spacing, learned from the cells of its
  // tables (the most common count, at least half of them); an empty cell of the table is a blank
  // line of its own with its spacing, so g blank lines between two values hold (g - s) / (s + 1)
  // empty cells. For a row short of values (profiles that skip empty cells), where every gap
  // before its values and after the last one reads so and the row then has its columns exactly:
  // which columns hold values (true) and which are empty (false). nullopt otherwise.
  std::optional<std::vector<bool>> place_by_spacing(const std::vector<std::size_t>& gaps, std::size_t trailing,
                                                    std::size_t values, std::size_t columns) const {
    if (!input_.profile.values_span_rows || input_.profile.empty_cells_are_values || gaps.size() != values) return std::nullopt;
    const auto s = document_spacing();
    if (!s) return std::nullopt;
    auto empties = [&](std::size_t g) -> std::optional<std::size_t> {
      if (g < *s || (g - *s) % (*s + 1) != 0) return std::nullopt;
      return (g - *s) / (*s + 1);
    };
    std::vector<bool> placed;
    for (std::size_t i = 0; i <= gaps.size(); ++i) {
      const auto k = empties(i < gaps.size() ? gaps[i] : trailing);
      if (!k) return std::nullopt;
      placed.insert(placed.end(), *k, false);
      if (i < gaps.size()) placed.push_back(true);
    }
    if (placed.size() != columns || values == columns) return std::nullopt;
    return placed;
  }

  std::optional<std::size_t> document_spacing() const {
    std::size_t all = 0, best = 0, count = 0;
    for (const auto& [gap, n] : gaps_) {
      all += n;
      if (n > count) best = gap, count = n;
    }
    // No blank line between cells: a blank line is an empty cell, read by the profiles that count
    // empty cells (lines-empty), not guessed here.
    if (all < 8 || 2 * count < all || best == 0) return std::nullopt;
    return best;
  }

  // Counted per table, said once (note_spacing_found).
  void note_spacing(std::size_t t, const std::string& what, source_position where, std::size_t empty) {
    auto& f = spacing_found_[t];
    if (f.rows.empty()) f.where = where;
    f.rows.push_back(what);
    f.empty += empty;
  }
  void note_spacing_found(std::size_t t) {
    const auto& f = spacing_found_[t];
    if (f.rows.empty()) return;
    const auto s = *document_spacing();
    auto d = file_diagnostic(severity::note, input_.file, f.where, "empty-by-spacing", {});
    d.message = std::to_string(f.empty) + " empty cell" + (f.empty == 1 ? "" : "s") + " in " +
                (f.rows.size() == 1 ? f.rows.front() : std::to_string(f.rows.size()) + " rows (" + f.rows.front() +
                                                           " … " + f.rows.back() + ")") +
                " found by the blank lines between the values (the document puts " + std::to_string(s) +
                " blank line" + (s == 1 ? "" : "s") + " between cells, and an empty cell is a blank line of its own)";
    out_.tables[t].notes.push_back(std::move(d));
  }

  // Whether the values of a row were printed at a regular spacing: the same number of skipped
  // empty cells before each (none, or the one blank line of a layout that puts one between all
  // cells). A single value is regular when nothing was skipped before it, or as many as in the
  // last row read whole (`known`: compare with that row; without one, only 0 is regular).
  bool regular(const std::vector<std::size_t>& spacing, bool known) const {
    if (spacing.empty()) return true;
    if (!std::all_of(spacing.begin(), spacing.end(), [&](std::size_t n) { return n == spacing.front(); })) return false;
    if (spacing.size() > 1 || spacing.front() == 0) return true;
    return known && row_spacing_ && *row_spacing_ == spacing.front();
  }

  void assign(std::size_t table, std::size_t key, value&& v) {
    if (v.kind == cell_kind::number) keep_to_unit(table, key, v);
    if (v.kind == cell_kind::number || v.kind == cell_kind::placeholder) ++out_.tables[table].filled;
    if (v.kind == cell_kind::empty) ++out_.tables[table].empty;
    out_.values[key] = std::move(v);
  }

  // A number printed with a unit (`5件`, `1.5万元`; cells/units.hpp) is a number of its column
  // only in the unit the template counts that column in (model::unit_of: 万元 for the decimal
  // amounts, 件 for every count, as the model's types say); in another unit (`5个`, `677元`,
  // `3万元` in a column of counts) it is text, null, with a warning: no conversion is guessed.
  void keep_to_unit(std::size_t table, std::size_t key, value& v) {
    const auto printed = unit_printed(v.raw);
    if (printed.empty()) return;
    const std::string expected = model::unit_of(input_.model.key_infos[key].type);
    if (printed == expected) return;
    not_in_unit(table, input_.model.keys[key], "the template counts in " + expected, v);
  }
  // The same for the cells of a row that does not line up (misaligned): the repair stage may put
  // any of them in any of the row's columns, so a number in a unit is kept only where every one
  // of them counts in that unit.
  void keep_to_units(std::size_t t, const std::string& row_key, std::vector<value>& values) {
    const auto& spec = input_.model.tables[t];
    std::size_t first = spec.first_key, count = spec.key_count;
    for (const auto& r : spec.rows)
      if (r.key == row_key) first = r.first_key, count = r.columns.size();
    for (auto& v : values) {
      if (v.kind != cell_kind::number) continue;
      const auto printed = unit_printed(v.raw);
      if (printed.empty()) continue;
      bool fits = count > 0;
      for (std::size_t k = first; k < first + count && fits; ++k)
        fits = printed == model::unit_of(input_.model.key_infos[k].type);
      if (!fits) not_in_unit(t, row_key.empty() ? spec.id : row_key, "not every column of it counts in " + printed, v);
    }
  }
  void not_in_unit(std::size_t table, const std::string& where, const std::string& why, value& v) {
    v.kind = cell_kind::text;
    out_.tables[table].notes.push_back(file_diagnostic(
        severity::warning, input_.file, v.where, "unit",
        where + " reads \"" + v.raw + "\": a number in " + unit_printed(v.raw) + " where " + why + "; left as text (null)"));
  }

  void misaligned(std::size_t t, const std::string& key, std::vector<value> values, std::size_t expected,
                  source_position where) {
    keep_to_units(t, key, values);
    auto d = file_diagnostic(severity::warning, input_.file, where, "misaligned-row", {});
    // The lines from the row's label (or first value) to its last value, one " / " between lines.
    std::size_t last = where.line;
    for (const auto& v : values) last = std::max(last, v.where.line);
    std::string lines;
    for (std::size_t n = where.line; n <= last && n - where.line < 8; ++n)
      lines += (lines.empty() ? "" : " / ") + std::string(trim(input_.lines.line(n)));
    misaligned_row row{t, key, std::move(values), expected, where, false, shortened(lines, 100)};
    d.message = (key.empty() ? "table " + input_.model.tables[t].id : "row " + key) + " has " +
                std::to_string(row.cells.size()) + " value cells for " + std::to_string(expected) +
                " columns; its values are left null" + printed_hint(row);
    out_.tables[t].notes.push_back(std::move(d));
    out_.tables[t].misaligned.push_back(std::move(row));
  }

  void finish_sequence(std::size_t t) {
    auto& values = sequences_[t];
    if (values.empty()) return;
    const auto& spec = input_.model.tables[t];
    const std::size_t count = spec.key_count, first = spec.first_key;  // the table's keys
    // As for rows: empty cells after the last column are padding.
    while (input_.profile.empty_cells_are_values && values.size() > count && values.back().kind == cell_kind::empty)
      values.pop_back();
    if (out_.tables[t].truncated && values.size() < count) {  // cut off: see note_truncation
      if (seq_cut_placed_)
        for (std::size_t i = 0; i < values.size(); ++i) assign(t, first + i, std::move(values[i]));
      return;
    }
    if (values.size() < count) {
      // The gap before the first value is layout (headers), like the spacing of any other gap.
      std::vector<std::size_t> gaps{document_spacing().value_or(0)};
      gaps.insert(gaps.end(), seq_spacing_[t].begin(), seq_spacing_[t].end());
      if (const auto placed = place_by_spacing(gaps, seq_skipped_[t], values.size(), count)) {
        const auto where = values.front().where;
        for (std::size_t c = 0, v = 0; c < placed->size(); ++c) {
          value cell;
          if ((*placed)[c]) cell = std::move(values[v++]);
          else cell.kind = cell_kind::empty, cell.where = where, cell.profile = input_.profile.name;
          assign(t, first + c, std::move(cell));
        }
        note_spacing(t, spec.id, where, count - values.size());
        return;
      }
    }
    if (values.size() != count) {
      const auto where = values.front().where;
      misaligned(t, "", std::move(values), count, where);
      return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) assign(t, first + i, std::move(values[i]));
  }

  // Values in a table that follow no row label (a label cell lost or garbled in extraction):
  // not read, but said.
  void flush_unlabelled() {
    close_group_values();
    if (!unlabelled_) return;
    if ((!input_.profile.values_span_rows || unlabelled_->whole_line) && unlabelled_->count > 0 &&
        input_.model.tables[unlabelled_->table].layout == model::table_layout::rows) {
      displaced_item run;
      run.run = true;
      run.values = std::move(unlabelled_);
      unlabelled_.reset();
      items_[run.values->table].push_back(std::move(run));
      return;
    }
    note_unlabelled(*unlabelled_);
    unlabelled_.reset();
  }

  // A group label ((六)其他处理) read where no row is open: an item of the template's order (it
  // stands right before the first row it heads), and the values after it on its line are its own
  // (the older template's single (六) row), never a displaced row's.
  void read_group_label(const read_cell& c, std::size_t first_row) {
    close_row();
    flush_unlabelled();
    displaced_item group;
    group.group = true;
    group.first_row = first_row;
    items_[*table_].push_back(std::move(group));
    group_values_ = unlabelled{*table_, c.meaning.where, 0, {}, false};
    group_values_->cells.clear();
    group_label_ = std::string(c.meaning.raw);
  }

  void close_group_values() {
    if (!group_values_) return;
    const auto u = std::move(*group_values_);
    group_values_.reset();
    if (u.count == 0) return;
    auto d = file_diagnostic(severity::note, input_.file, u.where, "group-label-values", {});
    d.message = std::to_string(u.count) + " value cell" + (u.count == 1 ? "" : "s") + " after the group label \"" +
                group_label_ + "\", which is no row of table \"" + input_.model.tables[u.table].id +
                "\" (its rows are printed under it); not read";
    out_.tables[u.table].notes.push_back(std::move(d));
  }

  void note_unlabelled(const unlabelled& u) {
    auto d = file_diagnostic(severity::note, input_.file, u.where, "unlabelled-values", {});
    d.message = std::to_string(u.count) + " value cell" + (u.count == 1 ? "" : "s") + " in table \"" +
                input_.model.tables[u.table].id + "\" follow no row label (lost or unreadable); not read" +
                placing_hint(u);
    out_.tables[u.table].notes.push_back(std::move(d));
  }

  // What the author of a profile needs to place values no label claimed: the line they are on,
  // the text before them that matched no label, and, when one row's label is near that text,
  // the [labels] line that would make it that row's label.
  std::string placing_hint(const unlabelled& u) const {
    // (The line's number is the note's own position, which a PDF's reading places on its page.)
    std::string out = "; the line reads \"" + shortened(trim(input_.lines.line(u.where.line)), 80) + "\"";
    if (!u.text_before) return out;
    const auto raw = std::string(u.text_before->meaning.raw);
    out += "; the text before them, \"" + shortened(raw, 40) + "\", matches no row label of the table";
    const auto near = input_.labels.nearest_row(u.table, u.text_before->label());
    if (!near) return out;
    const auto& row = input_.model.tables[u.table].rows[near->row];
    return out + "; if it is row " + row.key + " (\"" + std::string(near->shown) +
           "\"), add to the profile's [labels]: \"" + row.key + "\" = [\"" + raw + "\"]";
  }

  // At most `limit` code points of `s`, with "..." when cut.
  static std::string shortened(std::string_view s, std::size_t limit) {
    std::size_t i = 0, n = 0;
    while (i < s.size() && n < limit) {
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      ++n;
    }
    return i < s.size() ? std::string(s.substr(0, i)) + "..." : std::string(s);
  }

  // A converter that puts a label on a line of its own and its values on the next line with no
  // label (or the values first): each run of values under no label belongs to the label next to
  // it with no values of its own, the one above or the one below, when the run has that row's
  // number of cells and the template's order leaves no row between whose label could have been
  // lost (above: the next label read is the row after; below: the label read before is the row
  // before). A run is joined only where every best reading (the most runs joined, each label
  // given one run) gives it the same label; where two readings do, it stays unread with a
  // warning. Nothing else is ever put into a row.
  void resolve_displaced(std::size_t t) {
    auto& items = items_[t];
    const auto& spec = input_.model.tables[t];
    // A group label printed right before the label of its first row (「(三)不予公开 | 1.属于国家秘密」)
    // says no more than that label: only the row is an item.
    {
      std::vector<displaced_item> kept;
      kept.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const bool heads_next = items[i].group && i + 1 < items.size() && !items[i + 1].run && !items[i + 1].group &&
                                items[i + 1].row == items[i].first_row;
        if (!heads_next) kept.push_back(std::move(items[i]));
      }
      items = std::move(kept);
    }
    std::vector<std::size_t> runs;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].run) runs.push_back(i);
    if (runs.empty()) return;
    const auto label_at = [&](std::size_t i) -> const displaced_item* {
      return i < items.size() && !items[i].run ? &items[i] : nullptr;
    };
    const auto fits = [&](const displaced_item* l, const unlabelled& u) {
      return l && !l->group && !l->has_values && spec.rows[l->row].columns.size() == u.cells.size() &&
             out_.values[spec.rows[l->row].first_key].kind == cell_kind::missing;
    };
    // The nearest label after (before) item i, if any.
    const auto next_label = [&](std::size_t i) -> const displaced_item* {
      for (std::size_t j = i + 1; j < items.size(); ++j)
        if (!items[j].run) return &items[j];
      return nullptr;
    };
    const auto previous_label = [&](std::size_t i) -> const displaced_item* {
      for (std::size_t j = i; j-- > 0;)
        if (!items[j].run) return &items[j];
      return nullptr;
    };
    const std::size_t n = runs.size();
    std::vector<bool> up(n), down(n);  // may join the label above / below
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = runs[k];
      const auto& u = *items[i].values;
      const auto* above = i > 0 ? label_at(i - 1) : nullptr;
      const auto* below = label_at(i + 1);
      if (fits(above, u)) {
        const auto* after = next_label(i);
        // With no label after it: the table's last row, or (where values continue on the
        // following lines) the last label read, as those profiles always read it.
        up[k] = after ? after->starts() == above->row + 1
                      : above->row + 1 == spec.rows.size() || input_.profile.values_span_rows;
      }
      // Not after a group label: values right under one may be its own (the older template's
      // single (六)其他处理 row).
      if (fits(below, u) && !(i > 0 && items[i - 1].group)) {
        const auto* before = previous_label(i);
        down[k] = before ? before->next() == below->row : below->row == 0;
      }
    }
    // Runs k and k+1 compete for one label when it stands between them alone.
    std::vector<bool> shared(n, false);
    for (std::size_t k = 0; k + 1 < n; ++k) shared[k] = runs[k + 1] == runs[k] + 2;
    // Best counts of joined runs: forward over runs 0..k-1 (by whether run k-1 took the label
    // below it), backward over runs k+1.. (by whether run k took the label below it).
    constexpr long none = -1000000;
    std::vector<std::array<long, 2>> fwd(n + 1, {0, none}), bwd(n + 1, {0, 0});
    for (std::size_t k = 0; k < n; ++k) {
      const long any = std::max(fwd[k][0], fwd[k][1]);
      const long free_above = k > 0 && shared[k - 1] ? fwd[k][0] : any;
      fwd[k + 1][0] = std::max(any, up[k] ? free_above + 1 : none);
      fwd[k + 1][1] = down[k] ? any + 1 : none;
    }
    for (std::size_t k = n; k-- > 0;) {
      for (int took = 0; took < 2; ++took) {  // run k-1 took the label below it
        const bool above_free = !(took && k > 0 && shared[k - 1]);
        long best = bwd[k + 1][0];
        if (up[k] && above_free) best = std::max(best, bwd[k + 1][0] + 1);
        if (down[k]) best = std::max(best, bwd[k + 1][1] + 1);
        if (k > 0) bwd[k][took] = best; else if (!took) bwd[0][0] = bwd[0][1] = best;
      }
    }
    const long best = std::max(fwd[n][0], fwd[n][1]);
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = runs[k];
      const auto& u = *items[i].values;
      const long any = std::max(fwd[k][0], fwd[k][1]);
      const long free_above = k > 0 && shared[k - 1] ? fwd[k][0] : any;
      const long with_none = any + bwd[k + 1][0];
      const long with_up = up[k] ? free_above + 1 + bwd[k + 1][0] : none;
      const long with_down = down[k] ? any + 1 + bwd[k + 1][1] : none;
      const int readings = (with_up == best) + (with_down == best) + (with_none == best);
      if (readings == 1 && with_none != best) {
        const auto& label = items[with_up == best ? i - 1 : i + 1];
        join_displaced(t, label.row, u, with_up == best);
      } else if ((with_up == best || with_down == best) && readings > 1) {
        std::string rows;
        for (const auto* l : {with_up == best ? label_at(i - 1) : nullptr, with_down == best ? label_at(i + 1) : nullptr})
          if (l) rows += (rows.empty() ? "" : " or ") + spec.rows[l->row].key;
        auto d = file_diagnostic(severity::warning, input_.file, u.where, "displaced-values-ambiguous", {});
        d.message = std::to_string(u.cells.size()) + " value cells under no label in table \"" + spec.id +
                    "\" may belong to " + rows + " (a label on a line of its own); they are not read";
        out_.tables[t].notes.push_back(std::move(d));
      } else {
        note_unlabelled(u);
      }
    }
  }

  void join_displaced(std::size_t t, std::size_t row, const unlabelled& u, bool above) {
    const auto& spec = input_.model.tables[t].rows[row];
    for (std::size_t c = 0; c < u.cells.size(); ++c) assign(t, spec.first_key + c, stored(*u.cells[c]));
    rows_seen_[t][row] = true;
    auto d = file_diagnostic(severity::note, input_.file, u.where, "displaced-label", {});
    d.message = "the " + std::to_string(u.cells.size()) + " value cells of row " + spec.key +
                (above ? " follow its label on a line of their own" : " come on the line before its label") +
                ": the template's order leaves them no other row";
    out_.tables[t].notes.push_back(std::move(d));
  }

  // Index of the last layout row with a non-blank cell: where the text ends.
  std::size_t last_content_row() const {
    for (std::size_t i = input_.layout.rows.size(); i-- > 0;)
      for (const auto& c : input_.layout.rows[i].cells)
        if (!trim(input_.text.substr(c.begin, c.end - c.begin)).empty()) return i;
    return 0;
  }

  // A page or excerpt that starts inside a table has no heading before its first rows. Before
  // any table heading, a row is read when its label is exactly a row label of one table and the
  // same line carries exactly that row's number of values; the table is open from there on.
  bool open_without_heading(span<read_cell> cells) {
    auto label = std::find_if(cells.begin(), cells.end(), [](const read_cell& c) { return c.meaning.kind == cell_kind::text; });
    if (label == cells.end()) return false;
    std::optional<std::pair<std::size_t, std::size_t>> found;  // table, row
    for (std::size_t t = 0; t < input_.model.tables.size(); ++t) {
      if (input_.model.tables[t].layout != model::table_layout::rows) continue;
      const auto m = input_.labels.exact_row(t, label->label());
      if (!m) continue;
      if (found) return false;  // a label of two tables: not enough to tell
      found.emplace(t, m->row);
    }
    if (!found) return false;
    std::size_t values = 0;
    for (auto c = label + 1; c != cells.end() && c->meaning.kind != cell_kind::text; ++c)
      if (is_value(c->meaning)) ++values;
    const auto& row = input_.model.tables[found->first].rows[found->second];
    if (values != row.columns.size()) return false;
    open_table(found->first, label->meaning.where);
    auto d = file_diagnostic(severity::note, input_.file, label->meaning.where, "no-heading", {});
    d.message = "the text starts inside table \"" + input_.model.tables[*table_].id + "\": row " + row.key +
                " is read without the table's heading";
    out_.tables[*table_].notes.push_back(std::move(d));
    return true;
  }

  // Whether a cell ending at byte `end` was closed: something follows it on its line (a bar, a
  // tab, another cell), or the grammar reported a further cell (an empty one on a later line).
  bool closed(std::size_t end) const {
    const auto line_end = std::min(input_.text.find('\n', end), input_.text.size());
    if (!trim(input_.text.substr(end, line_end - end)).empty()) return true;
    for (auto r = input_.layout.rows.rbegin(); r != input_.layout.rows.rend(); ++r)
      for (const auto& c : r->cells)
        if (c.begin >= line_end && c.begin < input_.text.size()) return true;
    return false;
  }

  // The text ends inside table t. Its last number may itself be cut short ("12" printed as
  // "1"): unless something closes it, or it is a 0 where integers belong (no cut turns a number
  // into 0), it is left null. Returns what to add to the truncation warning.
  std::string drop_unclosed_last_value(std::size_t t) {
    value* last = nullptr;
    std::size_t key = SIZE_MAX;
    for (const auto& k : input_.model.tables[t].keys()) {
      auto& v = out_.values[input_.model.key_index.at(k)];
      if (v.kind == cell_kind::number && (!last || v.where.byte > last->where.byte)) last = &v, key = input_.model.key_index.at(k);
    }
    auto& seq = sequences_[t];
    if (!seq.empty() && seq.back().kind == cell_kind::number && (!last || seq.back().where.byte > last->where.byte)) {
      last = &seq.back();
      key = input_.model.key_index.at(input_.model.tables[t].keys()[std::min(seq.size(), input_.model.tables[t].keys().size()) - 1]);
    }
    if (!last || closed(last->where.byte + last->raw.size())) return "";
    if (last->number == 0 && input_.model.key_infos[key].type == model::value_type::integer) return "";
    std::string note = "; the last value, \"" + last->raw + "\" (line " + std::to_string(last->where.line) +
                       "), may itself be cut short by the end of the text: it is left null";
    if (!seq.empty() && last == &seq.back()) {
      seq.pop_back();
      if (!seq_spacing_[t].empty()) seq_spacing_[t].pop_back();
    } else {
      *last = value{};
      --out_.tables[t].filled;
    }
    return note;
  }

  // The columns a cut row's values were read into: "natural_person … commercial".
  static std::string column_span(const std::vector<std::string>& columns, std::size_t n) {
    if (n == 0) return "";
    return n == 1 ? columns.front() : columns.front() + " … " + columns[n - 1];
  }

  // The text ends inside a table (no narrative heading after it) before the table is complete:
  // the report was cut off. Says where. A row (or table 4's sequence) that the end cuts short
  // keeps the values printed, read in order into its first columns, unless empty cells were
  // skipped between them; the rest is null. Nothing is repaired: the rest was never printed.
  void note_truncation() {
    if (!table_) return;
    const auto t = *table_;
    const auto& spec = input_.model.tables[t];
    const auto keys = spec.keys();
    std::string cut;
    bool complete = !cut_;
    auto describe = [&](const std::string& what, std::size_t got, std::size_t expected,
                        const std::vector<std::string>& columns, bool placed) {
      cut = ": " + what + " is cut off after " + std::to_string(got) + " of its " + std::to_string(expected) +
            " values";
      if (placed)
        cut += ", read in order (" + column_span(columns, got) + "); " +
               (expected - got == 1 ? std::string("the other is null") : "the other " + std::to_string(expected - got) + " are null");
      else
        cut += ", which are left null: empty cells were skipped between them, so their columns are unknown";
    };
    if (spec.layout == model::table_layout::sequence) {
      const auto got = sequences_[t].size();
      complete = got >= keys.size();
      seq_cut_placed_ = regular(seq_spacing_[t], false);
      if (got > 0 && got < keys.size()) describe("table " + spec.id, got, keys.size(), keys, seq_cut_placed_);
    } else {
      complete = complete && std::all_of(rows_seen_[t].begin(), rows_seen_[t].end(), [](bool b) { return b; });
      if (cut_) {
        const auto& row = *std::find_if(spec.rows.begin(), spec.rows.end(), [&](const auto& r) { return r.key == cut_->key; });
        std::vector<std::string> columns;
        for (const auto& c : row.columns) columns.push_back(c);
        describe("row " + cut_->key, cut_->got, cut_->expected, columns, cut_->placed);
      }
    }
    if (complete) return;
    cut += drop_unclosed_last_value(t);
    source_position where;
    if (last_content_row_ < input_.layout.rows.size()) {
      const auto& cells = input_.layout.rows[last_content_row_].cells;
      for (auto c = cells.rbegin(); c != cells.rend(); ++c) {
        const auto text = input_.text.substr(c->begin, c->end - c->begin);
        const auto t2 = trim(text);
        if (t2.empty()) continue;
        where = input_.lines.position(c->begin + static_cast<std::size_t>(t2.data() - text.data()));
        break;
      }
    }
    auto d = file_diagnostic(severity::warning, input_.file, where, "truncated", {});
    d.message = "the text ends inside table \"" + spec.id + "\" (line " + std::to_string(where.line) + ")" + cut +
                "; the rest of the report is missing and its values are null";
    out_.tables[t].notes.push_back(std::move(d));
    out_.tables[t].truncated = true;
  }

  const resolve_input& input_;
  candidate out_;
  std::optional<std::size_t> table_;
  open_row open_;
  std::vector<std::vector<value>> sequences_;
  std::vector<std::size_t> seq_skipped_;  // per sequence table: empty cells skipped since its last value
  std::vector<std::vector<std::size_t>> seq_spacing_;  // per sequence table: empty cells skipped between values
  std::optional<std::size_t> row_spacing_;  // the regular spacing of the last row read whole
  bool seq_cut_placed_ = false;             // a sequence cut by the end of the text is read in order
  std::vector<std::vector<bool>> rows_seen_;      // per table, per row: its label had values
  std::vector<std::optional<std::size_t>> last_label_;  // per table: the row of the last label read
  std::optional<std::size_t> highest_table_;  // the last table in the model's order opened so far
  std::vector<bool> opened_;                  // per table: opened (by a heading, or not)
  std::set<std::pair<std::size_t, std::size_t>> columns_seen_;  // (table, column) headers printed
  std::optional<cut_row> cut_;
  std::vector<std::vector<displaced_item>> items_;
  std::map<std::size_t, std::size_t> gaps_;  // blank cells between two non-blank cells -> how often
  struct spacing_found {
    std::vector<std::string> rows;
    std::size_t empty = 0;
    source_position where;
  };
  std::vector<spacing_found> spacing_found_;  // per table: rows whose empty cells the spacing found
  std::size_t gap_run_ = 0;
  bool gap_started_ = false;
  std::optional<unlabelled> unlabelled_;
  const read_cell* unmatched_ = nullptr;  // the last text cell no label rule matched, and its row
  std::size_t unmatched_row_ = SIZE_MAX;
  std::optional<unlabelled> group_values_;  // the values after a group label read, counted for a note
  std::string group_label_;                 // that label, as printed
  std::size_t row_index_ = 0;
  std::size_t last_content_row_ = 0;
  std::size_t tables_opened_ = 0;
};

}  // namespace

std::size_t cell_cache::known_cells::hash(std::size_t begin, std::size_t end) noexcept {
  const std::uint64_t h = begin * 0x9E3779B97F4A7C15ull ^ end * 0xC2B2AE3D27D4EB4Full;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

const read_cell* cell_cache::known_cells::find(std::size_t begin, std::size_t end) const noexcept {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(begin, end) & mask;; i = (i + 1) & mask) {
    const slot& s = slots_[i];
    if (!s.cell) return nullptr;
    if (s.begin == begin && s.end == end) return s.cell;
  }
}

void cell_cache::known_cells::add(std::size_t begin, std::size_t end, const read_cell* cell) {
  if (2 * (used_ + 1) > slots_.size()) rehash(std::max<std::size_t>(64, 2 * slots_.size()));
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash(begin, end) & mask;
  while (slots_[i].cell && !(slots_[i].begin == begin && slots_[i].end == end)) i = (i + 1) & mask;
  if (!slots_[i].cell) ++used_;
  slots_[i] = slot{begin, end, cell};
}

void cell_cache::known_cells::reserve_more(std::size_t more) {
  std::size_t slots = std::max<std::size_t>(64, slots_.size());
  while (slots < 2 * (used_ + more)) slots *= 2;
  if (slots > slots_.size()) rehash(slots);
}

void cell_cache::known_cells::rehash(std::size_t slots) {
  static_assert(4 * sizeof(slot) <= entry_cost, "the memory limit counts up to four slots a cell");
  std::vector<slot> old = std::move(slots_);
  slots_.assign(slots, slot{});
  used_ = 0;
  for (const auto& s : old)
    if (s.cell) add(s.begin, s.end, s.cell);
}

cell_cache::known_cells& cell_cache::with(const std::set<std::string>& placeholders) {
  for (auto& [set, cells] : by_placeholders_)
    if (set == &placeholders || *set == placeholders) return cells;
  return by_placeholders_.emplace_back(&placeholders, known_cells()).second;
}

std::size_t cell_cache::size() const noexcept {
  std::size_t n = 0;
  for (const auto& [set, cells] : by_placeholders_) n += cells.size();
  return n;
}

read_rows read_cells(std::string_view text, const line_index& lines, const layout::layout_result& layout,
                     const std::set<std::string>& placeholders, cell_cache* cache) {
  read_rows out;
  out.cells.reserve(layout.cells.size());  // never reallocated: the rows and the cache point into it
  out.rows.reserve(layout.rows.size());
  auto* known = cache ? &cache->with(placeholders) : nullptr;
  if (known) known->reserve_more(layout.cells.size());
  std::string normalized;
  for (const auto& row : layout.rows) {
    const std::size_t first = out.cells.size();
    source_position previous;  // of the row's cell before, to count its columns on from
    for (const auto& c : row.cells) {
      budget::checkpoint();
      if (known) {
        if (const read_cell* hit = known->find(c.begin, c.end)) {
          out.cells.push_back(*hit);
          previous = hit->meaning.where;
          continue;
        }
      }
      const auto raw = text.substr(c.begin, c.end - c.begin);
      read_cell rc;
      rc.meaning = read_meaning(raw, placeholders, &normalized);
      // Position of the first non-blank character of the cell (raw is a view of the trimmed text).
      const std::size_t lead = rc.meaning.raw.empty() ? 0 : static_cast<std::size_t>(rc.meaning.raw.data() - raw.data());
      rc.meaning.where = previous = lines.position(c.begin + lead, previous);
      if (rc.meaning.kind == cell_kind::text) {
        fold_punctuation(normalized);
        rc.normalized = out.labels.add(normalized);  // label_form(rc.meaning.raw)
        rc.numbering = rc.normalized.size() - strip_numbering(rc.normalized).size();
      }
      out.cells.push_back(rc);
      if (known) known->add(c.begin, c.end, &out.cells.back());
    }
    out.rows.emplace_back(out.cells.data() + first, out.cells.size() - first);
  }
  return out;
}

std::size_t read_cost(const layout::layout_result& layout) {
  std::size_t bytes = layout.rows.size() * sizeof(span<read_cell>) + layout.cells.size() * sizeof(read_cell);
  for (const auto& c : layout.cells) bytes += c.end - c.begin;  // a normalised label
  return bytes;
}

candidate resolve(const resolve_input& in) { return candidate_builder(in).run(); }

}  // namespace nianbao::resolve
