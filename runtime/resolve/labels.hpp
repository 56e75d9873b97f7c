#pragma once
// Row labels and section headings of a model (plus a profile's extra aliases), normalised once,
// and the matching of a printed label against them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/model.hpp"
#include "profile/profile.hpp"
#include "resolve/normalize.hpp"

namespace nianbao::resolve {

enum class match_kind {
  exact,     // equal after normalisation (with or without the leading numbering)
  suffix,    // the printed label ends with the alias: a parent label printed in the same cell
  prefix,    // the printed label is the start of exactly one alias: a label broken across lines
};

struct label_match {
  std::size_t row;  // index into the table's rows
  match_kind how;
  std::string_view alias;  // the alias matched, as normalised (in the label_index)
};

// A printed label as the matching compares it: normalised (normalize_label), and without its
// leading numbering (strip_numbering). The resolver builds it once per cell.
struct label_text {
  std::string_view normalized;
  std::string_view stripped;

  label_text(std::string_view n, std::string_view s) : normalized(n), stripped(s) {}
  label_text(std::string_view n) : label_text(n, strip_numbering(n)) {}  // NOLINT: implicit on purpose
  label_text(const std::string& n) : label_text(std::string_view(n)) {}  // NOLINT
};

struct alias {
  std::size_t row;
  std::string full;      // normalised
  std::string stripped;  // normalised, numbering removed
  std::size_t stripped_code_points = 0;  // code_points(stripped): matching asks for it per cell
};

struct table_labels {
  std::vector<alias> aliases;
  // Indexes of the aliases, in their order (the matching takes the first that fits): by the
  // hash of `full`; by the hash of `stripped` (those long enough to match stripped); by the
  // first and by the last code point of `stripped` (a prefix or a suffix shares it). Hashes and
  // code points, not views: a label_index is moved while the context is built.
  std::unordered_map<std::size_t, std::vector<std::uint32_t>> by_full, by_stripped;
  std::unordered_map<char32_t, std::vector<std::uint32_t>> by_first, by_last;
  std::vector<std::string> headings;  // normalised, numbering removed
  // The model's column headers (column_labels), normalised: which column each names.
  std::vector<std::pair<std::string, std::size_t>> column_labels;
  std::size_t columns = 0;  // distinct columns that have labels
};

class label_index {
 public:
  label_index(const model::template_model& m, const profile::profile& p);

  // Which table a heading opens, if any.
  std::optional<std::size_t> heading_table(label_text printed) const;
  // Whether it is one of the narrative section headings that end the tables.
  bool is_end_heading(label_text printed) const;
  // Which row of table `table` a printed label names.
  std::optional<label_match> match_row(std::size_t table, label_text printed) const;
  // Which of the model's column headers of table `table` a cell is (exactly, after
  // normalisation), as the index of the column. Evidence for the template.
  std::optional<std::size_t> column_label(std::size_t table, std::string_view normalized) const;

 private:
  std::vector<table_labels> tables_;
  std::vector<std::string> end_headings_;
};

}  // namespace nianbao::resolve
