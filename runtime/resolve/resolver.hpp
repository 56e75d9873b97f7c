#pragma once
// The resolve stage: rows of cells -> canonical keys, through the model's labels.
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/line_index.hpp"
#include "core/span.hpp"
#include "core/text_store.hpp"
#include "layout/layout.hpp"
#include "model/model.hpp"
#include "profile/profile.hpp"
#include "resolve/candidate.hpp"
#include "cells/cell_value.hpp"
#include "resolve/labels.hpp"

namespace nianbao::resolve {

// A cell as the resolver sees it: what it means (kind, number, text as printed, position) and,
// for text, its normalised label. Views: into the text read and into the labels of the
// read_rows that read it.
struct read_cell {
  cell_meaning meaning;
  std::string_view normalized;
  std::size_t numbering = 0;  // bytes of leading numbering in `normalized` (strip_numbering)

  label_text label() const { return {normalized, normalized.substr(numbering)}; }
};

// Every cell of a layout, read: parallel to its rows and cells. Move-only (the rows point into
// `cells`, the cells' labels into `labels`).
struct read_rows {
  std::vector<read_cell> cells;
  std::vector<span<read_cell>> rows;
  text_store labels;  // the normalised labels of the text cells read here

  span<read_cell> operator[](std::size_t row) const { return rows[row]; }
  std::size_t size() const noexcept { return rows.size(); }

  read_rows() = default;
  read_rows(read_rows&&) = default;
  read_rows& operator=(read_rows&&) = default;
  read_rows(const read_rows&) = delete;
  read_rows& operator=(const read_rows&) = delete;
};

// Cells already read from one text, by byte range and placeholder set: grammars that cut a text
// alike in places (a tab-separated line's label cell is also a cell to `plain`) read those
// cells once. It points into the read_rows that read them: it must not outlive them.
class cell_cache {
 public:
  // The cells read with one placeholder set: an open-addressing table of byte ranges (a node
  // per cell, as std::unordered_map has, would cost an allocation per cell).
  class known_cells {
   public:
    const read_cell* find(std::size_t begin, std::size_t end) const noexcept;
    void add(std::size_t begin, std::size_t end, const read_cell* cell);
    // Room for `more` cells beyond those held, so that adding them rehashes nothing.
    void reserve_more(std::size_t more);
    std::size_t size() const noexcept { return used_; }

   private:
    struct slot {
      std::size_t begin = 0, end = 0;
      const read_cell* cell = nullptr;  // null: free
    };
    static std::size_t hash(std::size_t begin, std::size_t end) noexcept;
    void rehash(std::size_t slots);
    std::vector<slot> slots_;  // a power of two, at most half full
    std::size_t used_ = 0;
  };
  // The cells read with this placeholder set (compared by value).
  known_cells& with(const std::set<std::string>& placeholders);
  std::size_t size() const noexcept;
  // Bytes per cell, as the memory limit counts it: a slot of 24 bytes, the table at most half full
  // and its size a power of two, so up to four slots a cell.
  static constexpr std::size_t entry_cost = 4 * 24;

 private:
  std::vector<std::pair<const std::set<std::string>*, known_cells>> by_placeholders_;
};

// Reads every cell of a layout once. The same for every profile and model that reads this
// grammar's cells from this text with these placeholders: the pipeline shares it among them.
// With a cache, a cell another reading has read (the same byte range) is taken from it, and the
// cells read here are added to it.
read_rows read_cells(std::string_view text, const line_index& lines, const layout::layout_result& layout,
                     const std::set<std::string>& placeholders, cell_cache* cache = nullptr);
// What read_cells of this layout costs, in bytes, as the memory limit counts it (core/budget.hpp).
std::size_t read_cost(const layout::layout_result& layout);

struct resolve_input {
  std::string_view text;
  const line_index& lines;
  const std::string& file;  // for diagnostics
  const layout::layout_result& layout;
  const model::template_model& model;
  const profile::profile& profile;
  const label_index& labels;
  const read_rows& cells;  // read_cells(text, lines, layout, profile.placeholders)
};

candidate resolve(const resolve_input& in);

}  // namespace nianbao::resolve
