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

#include "core/span.hpp"
#include "core/text.hpp"
#include "model/model.hpp"
#include "profile/profile.hpp"
#include "cells/normalize.hpp"

namespace nianbao::resolve {

// How a printed label was matched, in the order they are tried (every rule of matching is in
// this file; the aliases and headings they match are the model's data).
enum class match_kind {
  exact,        // equal after normalisation (with or without the leading numbering)
  suffix,       // the printed label ends with the alias: a parent label printed in the same cell
  prefix,       // the printed label is the start of exactly one alias: a label broken across lines
  instruction,  // a filling instruction in parentheses follows the label ("规章(设区的市…)"): its
                // base, before the parenthesis, is exactly one row's label (without its own note)
  wrapped,      // a label cut by the page width, after fragments of its group's labels on the same
                // line ("本年 无法提 2.没有现成信息需要另行制"): what follows the numbering is the
                // start of exactly one label, and what comes before is made of pieces of the
                // table's group and row labels
  typo,         // one or two characters off (a quarter of the label at most) exactly one row's
                // label, the row the template's order expects next (typo_row)
};

struct label_match {
  std::size_t row;  // index into the table's rows
  match_kind how;
  std::string_view alias;  // the alias matched, as compared (label_form, in the label_index)
  std::string_view shown;  // the same label as normalised (normalize_label), for messages
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

// A label as the fuzzy matching compares it (edit distance): its code points, and its
// characters as bits of a 64-bit set (by a hash; a text within edit distance d of it lacks at
// most d of them). Made once per label of the index: the matching runs per text cell.
struct fuzzy_text {
  std::u32string code_points;
  std::uint64_t characters = 0;
};
fuzzy_text fuzzy_text_of(std::string_view utf8);

struct alias {
  std::size_t row;
  std::string full;      // label_form
  std::string stripped;  // label_form, numbering removed
  std::size_t stripped_code_points = 0;  // code_points(stripped): matching asks for it per cell
  std::string base;      // stripped without a parenthesis after its start ("部分公开(区分处理的…)" -> "部分公开")
  std::string shown;     // the model's label normalised (normalize_label, punctuation kept), for messages
  fuzzy_text fuzzy;      // of stripped
};

// a == b, the last bytes compared first: labels of equal length mostly differ in their last
// character, and this runs for every alias against every text cell (no call to memcmp then).
inline bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a.back() == b.back() && a == b));
}

// Positions of texts by their quick_hash, each text's in the order given: where a text may be
// (hashes, not views: a label_index is moved while the context is built). Buckets by the hash's
// high bits, a power of two of them, in one array: a lookup per text cell, cheaper than
// std::unordered_map's, and no allocation per bucket.
class text_positions {
 public:
  // Texts and their positions, in order.
  explicit text_positions(const std::vector<std::pair<std::string_view, std::uint32_t>>& texts = {});
  // The first position, in the order given, whose text (text_at(position)) equals `text`.
  template <class TextAt>
  std::optional<std::uint32_t> find(std::string_view text, TextAt text_at) const {
    for (const auto i : may_equal(text))
      if (same_text(text, text_at(i))) return i;
    return std::nullopt;
  }

 private:
  // The positions of the texts that may equal `text` (and of some that do not), in the order given.
  span<std::uint32_t> may_equal(std::string_view text) const {
    const std::size_t b = quick_hash(text) >> shift_;
    return {positions_.data() + starts_[b], starts_[b + 1] - starts_[b]};
  }

  unsigned shift_ = 63;  // 64 - log2(buckets): two buckets at least (a shift by 64 is undefined)
  std::vector<std::uint32_t> starts_;  // where each bucket's positions start, and where the last ends
  std::vector<std::uint32_t> positions_;
};

struct table_labels {
  std::vector<alias> aliases;
  // Indexes of the aliases, in their order (the matching takes the first that fits): by `full`;
  // by `stripped` (those long enough to match stripped); by the first and by the last code point
  // of `stripped` (a prefix or a suffix shares it).
  text_positions by_full, by_stripped;
  std::unordered_map<char32_t, std::vector<std::uint32_t>> by_first, by_last;
  // The model's column headers (column_labels), normalised: which column each names.
  std::vector<std::pair<std::string, std::size_t>> column_labels;
  std::vector<fuzzy_text> column_labels_fuzzy;  // parallel to column_labels
  text_positions column_labels_by_text;
  std::size_t columns = 0;  // distinct columns that have labels
  text_positions by_base;   // aliases by `base`
  // The model's group labels of the table (三、本年度办理结果, (三)不予公开), label_form without
  // numbering: never a row, and the pieces a wrapped label's line may start with.
  std::vector<std::string> groups;
  std::vector<fuzzy_text> groups_fuzzy;  // parallel to groups
  std::vector<std::size_t> group_rows;  // for each of groups: the first row the group heads, or SIZE_MAX
};

class label_index {
 public:
  label_index(const model::template_model& m, const profile::profile& p);

  // What a section heading does: opens table `table`, or ends the tables (end_of_tables).
  static constexpr std::size_t end_of_tables = SIZE_MAX;
  // Which table a heading opens, or end_of_tables for one of the narrative section headings that
  // end the tables; nullopt for any other text. A text that is both opens the table.
  std::optional<std::size_t> section_heading(label_text printed) const;
  // A heading printed with a typo or a parenthesised note ("四、政府信息公开行政法复议、行政诉讼情况",
  // "二、主动公开政府信息情况(单位:件)"): the heading of one table, or one end heading, within the
  // edit distance a typo may have (one character in eight, at least one), or with the note
  // removed exactly one. nullopt when none fits, or headings of two sections fit.
  std::optional<std::size_t> near_heading(label_text printed) const;
  // Which table a column header names when only that table has it ("自然人", "结果维持"; not
  // "总计", which two tables print): a table found from its header rows when its heading is
  // missing.
  std::optional<std::size_t> table_of_column_label(std::string_view normalized) const;
  // Which row of table `table` a printed label names (exact, suffix, prefix, instruction, wrapped).
  std::optional<label_match> match_row(std::size_t table, label_text printed) const;
  // A label that match_row found no row for, read as a misprint of row `expected` (the row the
  // template's order puts next): when it is within the edit distance a typo may have (one
  // character in four of the label, at least one) of one of that row's labels, and of no label
  // of another row, group label or column header of the table. Labels under four characters
  // are never read so.
  std::optional<label_match> typo_row(std::size_t table, label_text printed, std::size_t expected) const;
  // The rows (in order) whose labels a label match_row found no row for fits by one of the
  // fuzzy rules, each at least four characters: a label fitting two or more is ambiguous, and the
  // resolver says so.
  std::vector<std::size_t> rows_fitting(std::size_t table, label_text printed) const;
  // For a diagnostic's suggestion only, never for reading: the row whose label is nearest to a
  // label no rule matched (edit distance at most half the longer of the two), when one row's is
  // nearer than every other row's.
  std::optional<label_match> nearest_row(std::size_t table, label_text printed) const;
  // The same, of the exact matches only (no fuzzy match is tried).
  std::optional<label_match> exact_row(std::size_t table, label_text printed) const;
  // Whether a printed label is one of the group labels of table `table` ((六)其他处理; exactly, after
  // normalisation, without numbering): the first row the group heads (group_starts), or SIZE_MAX
  // where the model does not say. nullopt for any other label.
  std::optional<std::size_t> group_label(std::size_t table, label_text printed) const;
  // Which of the model's column headers of table `table` a cell is (exactly, after
  // normalisation), as the index of the column. Evidence for the template.
  std::optional<std::size_t> column_label(std::size_t table, std::string_view normalized) const;

 private:
  std::vector<table_labels> tables_;
  // The section headings, normalised and without numbering, with the table each opens
  // (end_of_tables for those ending the tables): the tables' in their order, then the end's.
  std::vector<std::pair<std::string, std::size_t>> headings_;
  std::vector<fuzzy_text> headings_fuzzy_;  // parallel to headings_
  text_positions headings_by_text_;
  std::size_t longest_heading_ = 0;  // code points of the longest heading

  std::optional<label_match> with_note(const table_labels& tl, label_text printed) const;
  std::optional<label_match> wrapped(const table_labels& tl, std::string_view stripped) const;
};

// A profile's [labels] alias that is already a label of another row of the same table (after
// normalisation), or that the profile gives two rows: it would read that row's cells as this
// row's, or one of the two would never be read. `nianbao profiles check` rejects them.
struct alias_collision {
  std::string table;      // the table's id
  std::string key;        // the [labels] key the alias is given to
  std::string alias;      // as written in the profile
  std::string other_key;  // the row whose label it already is, or that the profile also gives it to
  bool by_profile = false;  // other_key is the profile's own (the alias given twice), not the model's
};
std::vector<alias_collision> alias_collisions(const model::template_model& m, const profile::profile& p);

}  // namespace nianbao::resolve
