#pragma once
// What one profile read from one report under one template: a candidate for every table.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/value.hpp"

namespace nianbao::resolve {

// A row whose cell count does not match its columns: kept for the repair stage and reported.
struct misaligned_row {
  std::size_t table = 0;
  std::string row_key;          // canonical row key; empty for a sequence table
  std::vector<value> cells;     // the value cells as read, in order
  std::size_t expected = 0;     // how many the model expects
  source_position where;        // the label (or first value) of the row
  bool split_tried = false;     // its runs of digits were split (repair/digit_split.hpp): not to align
  std::string printed;          // the row's lines as printed (shortened): shown in its notes
};

// "; the row reads \"...\"": what a note on a misaligned row shows of it, so that a profile's
// author sees the cells that could not be placed without opening the file.
inline std::string printed_hint(const misaligned_row& row) {
  return row.printed.empty() ? std::string() : "; the row reads \"" + row.printed + "\"";
}

// A value not read as printed: which cell, what was read, what was chosen, why.
struct repair {
  std::string key;
  std::string read;    // what was printed ("" for a cell the extraction lost)
  std::string chosen;  // what the output holds
  std::string why;
  std::vector<std::string> rules;  // rules that decided it
};

struct table_candidate {
  std::size_t filled = 0;           // keys set to a number or placeholder
  std::size_t empty = 0;            // keys set to an empty cell (a profile that counts empty cells)
  bool seen = false;                // the table's heading was found
  std::vector<diagnostic> notes;    // warnings about this table
  std::vector<misaligned_row> misaligned;  // rows still unresolved
  std::vector<repair> repairs;
  bool truncated = false;           // the text ends inside this table (see the "truncated" note)
};

struct candidate {
  std::string profile;
  long long priority = 0;
  bool split_digit_runs = false;  // the profile's: runs of digits may hold several cells
  std::vector<value> values;             // parallel to the model's keys
  std::vector<table_candidate> tables;   // parallel to the model's tables
  std::optional<diagnostic> grammar_error;
  std::size_t headings_marked = 0;  // section headings the grammar itself marked as headings
  std::size_t tables_begin = SIZE_MAX;  // byte offset of the first table heading found
  // Evidence for the template, to choose between templates that fill a report equally:
  std::size_t column_labels_seen = 0;  // distinct column headers of the model printed in its tables
};

}  // namespace nianbao::resolve
