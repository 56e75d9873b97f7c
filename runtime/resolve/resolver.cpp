#include "resolve/resolver.hpp"

#include <algorithm>
#include <optional>

#include "resolve/cell_value.hpp"
#include "resolve/normalize.hpp"

namespace nianbao::resolve {

namespace {

struct read_cell {
  value v;
  std::string normalized;  // for text cells
};

// The row whose values are being collected.
struct open_row {
  std::size_t row;  // index into the table's rows
  source_position where;
  std::vector<value> values;
};

class walker {
 public:
  explicit walker(const resolve_input& in) : in_(in) {
    out_.profile = in.profile.name;
    out_.priority = in.profile.priority;
    out_.values.resize(in.model.keys.size());
    out_.tables.resize(in.model.tables.size());
    sequences_.resize(in.model.tables.size());
  }

  candidate run() {
    if (in_.layout.error) {
      diagnostic d;
      d.severity = severity::warning;
      d.file = in_.file;
      d.code = "grammar";
      d.where = in_.lines.position(in_.layout.error->byte);
      d.message = "grammar \"" + in_.profile.grammar + "\" stopped: " + in_.layout.error->message;
      out_.grammar_error = d;
    }
    for (const auto& row : in_.layout.rows) visit(row);
    close_row();
    for (std::size_t t = 0; t < in_.model.tables.size(); ++t)
      if (in_.model.tables[t].layout == model::table_layout::sequence) finish_sequence(t);
    return std::move(out_);
  }

 private:
  void visit(const layout::row& row) {
    std::vector<read_cell> cells;
    cells.reserve(row.cells.size());
    for (const auto& c : row.cells) {
      read_cell rc;
      rc.v = classify_cell(in_.text.substr(c.begin, c.end - c.begin), in_.profile.placeholders);
      // Position of the first non-blank character of the cell.
      const auto raw = in_.text.substr(c.begin, c.end - c.begin);
      const auto lead = rc.v.raw.empty() ? 0 : static_cast<std::size_t>(raw.find(rc.v.raw));
      rc.v.where = in_.lines.position(c.begin + (lead == std::string_view::npos ? 0 : lead));
      rc.v.profile = in_.profile.name;
      if (rc.v.kind == cell_kind::text) rc.normalized = normalize_label(rc.v.raw);
      cells.push_back(std::move(rc));
    }
    if (switch_section(cells)) {
      if (row.heading) ++out_.headings_marked;
      return;
    }
    if (!table_) return;
    const auto& spec = in_.model.tables[*table_];
    if (spec.layout == model::table_layout::sequence) {
      for (auto& c : cells)
        if (is_value(c.v)) sequences_[*table_].push_back(std::move(c.v));
      return;
    }
    if (!in_.profile.values_span_rows) close_row();
    for (auto& c : cells) {
      if (c.v.kind == cell_kind::text) {
        if (auto m = in_.labels.match_row(*table_, c.normalized)) {
          close_row();
          note_fuzzy(*m, c.v);
          open_ = open_row{m->row, c.v.where, {}};
        } else if (open_ && !open_->values.empty()) {
          close_row();  // text after values: the row is over
        }
      } else if (open_ && is_value(c.v)) {
        open_->values.push_back(std::move(c.v));
      }
    }
  }

  bool is_value(const value& v) const {
    return v.kind == cell_kind::number || v.kind == cell_kind::placeholder ||
           (v.kind == cell_kind::empty && in_.profile.empty_cells_are_values);
  }

  // A heading opens a table or ends the tables. Returns true when the row was a heading.
  bool switch_section(const std::vector<read_cell>& cells) {
    for (const auto& c : cells) {
      if (c.v.kind != cell_kind::text) continue;
      if (auto t = in_.labels.heading_table(c.normalized)) {
        close_row();
        out_.tables_begin = std::min(out_.tables_begin, c.v.where.byte);
        table_ = t;
        out_.tables[*t].seen = true;
        return true;
      }
      if (in_.labels.is_end_heading(c.normalized)) {
        close_row();
        table_.reset();
        return true;
      }
    }
    return false;
  }

  void note_fuzzy(const label_match& m, const value& cell) {
    if (m.how == match_kind::exact) return;
    const auto& row = in_.model.tables[*table_].rows[m.row];
    diagnostic d;
    d.severity = severity::note;
    d.file = in_.file;
    d.where = cell.where;
    d.code = m.how == match_kind::prefix ? "broken-label" : "label-with-parent";
    d.message = "label \"" + cell.raw + "\" read as " + row.key +
                (m.how == match_kind::prefix ? " (the label is cut short; it is the start of \"" + m.alias + "\")"
                                             : " (the label ends with \"" + m.alias + "\")");
    out_.tables[*table_].notes.push_back(std::move(d));
  }

  void close_row() {
    if (!open_) return;
    open_row row = std::move(*open_);
    open_.reset();
    if (row.values.empty()) return;  // a label without values: a header cell or a parent label
    const auto t = *table_;
    const auto& spec = in_.model.tables[t].rows[row.row];
    if (row.values.size() != spec.columns.size()) {
      misaligned(t, spec.key, std::move(row.values), spec.columns.size(), row.where);
      return;
    }
    const auto first = in_.model.key_index.at(spec.key + "." + spec.columns.front());
    if (out_.values[first].kind != cell_kind::missing) {
      diagnostic d;
      d.severity = severity::warning;
      d.file = in_.file;
      d.where = row.where;
      d.code = "duplicate-row";
      d.message = "row " + spec.key + " appears again (first at line " +
                  std::to_string(out_.values[first].where.line) + "); the first is kept";
      out_.tables[t].notes.push_back(std::move(d));
      return;
    }
    for (std::size_t i = 0; i < row.values.size(); ++i) assign(t, first + i, std::move(row.values[i]));
  }

  void assign(std::size_t table, std::size_t key, value v) {
    if (v.kind == cell_kind::number || v.kind == cell_kind::placeholder) ++out_.tables[table].filled;
    out_.values[key] = std::move(v);
  }

  void misaligned(std::size_t t, const std::string& key, std::vector<value> values, std::size_t expected,
                  source_position where) {
    diagnostic d;
    d.severity = severity::warning;
    d.file = in_.file;
    d.where = where;
    d.code = "misaligned-row";
    d.message = (key.empty() ? "table " + in_.model.tables[t].id : "row " + key) + " has " +
                std::to_string(values.size()) + " value cells for " + std::to_string(expected) +
                " columns; its values are left null";
    out_.tables[t].notes.push_back(std::move(d));
    out_.tables[t].misaligned.push_back(misaligned_row{t, key, std::move(values), expected, where});
  }

  void finish_sequence(std::size_t t) {
    auto& values = sequences_[t];
    if (values.empty()) return;
    const auto keys = in_.model.tables[t].keys();
    if (values.size() != keys.size()) {
      const auto where = values.front().where;
      misaligned(t, "", std::move(values), keys.size(), where);
      return;
    }
    const auto first = in_.model.key_index.at(keys.front());
    for (std::size_t i = 0; i < values.size(); ++i) assign(t, first + i, std::move(values[i]));
  }

  const resolve_input& in_;
  candidate out_;
  std::optional<std::size_t> table_;
  std::optional<open_row> open_;
  std::vector<std::vector<value>> sequences_;
};

}  // namespace

candidate resolve(const resolve_input& in) { return walker(in).run(); }

}  // namespace nianbao::resolve
