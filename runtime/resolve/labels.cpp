#include "resolve/labels.hpp"

#include "core/text.hpp"
#include "cells/normalize.hpp"

namespace nianbao::resolve {

namespace {
// Labels shorter than this are matched only as printed (numbering included): "3.其他" must not
// match the column header "其他", nor "(七)总计" the header "总计".
constexpr std::size_t min_stripped_match = 3;
// A broken label must keep at least this much of its alias to be recognised.
constexpr std::size_t min_fragment = 4;
// The separator of a section number ("二、") left over when the number itself was lost.
constexpr std::string_view orphan_separator = "、";


// The first and the last code point of a non-empty UTF-8 text (the bytes of an ill-formed one
// are compared as they are: the same bytes give the same key).
char32_t code_point_at(std::string_view s, std::size_t i) {
  char32_t c = static_cast<unsigned char>(s[i]);
  for (std::size_t j = i + 1; j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80 && j < i + 4; ++j)
    c = (c << 8) | static_cast<unsigned char>(s[j]);
  return c;
}
char32_t first_code_point(std::string_view s) { return code_point_at(s, 0); }
char32_t last_code_point(std::string_view s) {
  std::size_t i = s.size() - 1;
  while (i > 0 && i + 4 > s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return code_point_at(s, i);
}

const std::vector<std::uint32_t> none;

template <class Map, class Key>
const std::vector<std::uint32_t>& lookup(const Map& m, const Key& k) {
  auto it = m.find(k);
  return it == m.end() ? none : it->second;
}

// The texts of `items` that `text_of` gives (a std::optional: nullopt leaves an item out),
// with their positions in `items`.
template <class Items, class TextOf>
std::vector<std::pair<std::string_view, std::uint32_t>> positions_of(const Items& items, TextOf text_of) {
  std::vector<std::pair<std::string_view, std::uint32_t>> out;
  for (std::uint32_t i = 0; i < items.size(); ++i)
    if (const std::optional<std::string_view> text = text_of(items[i])) out.emplace_back(*text, i);
  return out;
}

// A heading without its numbering and without the separator left over where the number was lost
// in extraction: "、主动公开…".
std::string_view heading_text(std::string_view stripped) {
  while (stripped.substr(0, orphan_separator.size()) == orphan_separator) stripped.remove_prefix(orphan_separator.size());
  return stripped;
}
}  // namespace

text_positions::text_positions(const std::vector<std::pair<std::string_view, std::uint32_t>>& texts) {
  // At most a quarter full: most texts looked up are in no bucket of a text given.
  while ((std::size_t{1} << (64 - shift_)) < 4 * texts.size()) --shift_;
  std::vector<std::size_t> buckets;
  buckets.reserve(texts.size());
  starts_.assign((std::size_t{1} << (64 - shift_)) + 1, 0);
  for (const auto& [text, position] : texts) {
    buckets.push_back(quick_hash(text) >> shift_);
    ++starts_[buckets.back() + 1];
  }
  for (std::size_t b = 1; b < starts_.size(); ++b) starts_[b] += starts_[b - 1];
  positions_.resize(texts.size());
  std::vector<std::uint32_t> filled(starts_.begin(), starts_.end() - 1);
  for (std::size_t i = 0; i < texts.size(); ++i) positions_[filled[buckets[i]]++] = texts[i].second;
}

label_index::label_index(const model::template_model& m, const profile::profile& p) {
  auto add_heading = [&](const std::string& heading, std::size_t table) {
    headings_.emplace_back(strip_numbering(normalize_label(heading)), table);
  };
  for (std::size_t t = 0; t < m.tables.size(); ++t) {
    for (const auto& h : m.tables[t].headings) add_heading(h, t);
    if (auto it = p.labels.find(m.tables[t].id); it != p.labels.end())
      for (const auto& h : it->second) add_heading(h, t);
  }
  for (const auto& h : m.end_headings) add_heading(h, end_of_tables);
  headings_by_text_ = text_positions(positions_of(headings_, [](const auto& h) { return std::string_view(h.first); }));
  for (const auto& t : m.tables) {
    table_labels tl;
    for (const auto& [column, labels] : t.column_labels) {
      for (const auto& l : labels) tl.column_labels.emplace_back(normalize_label(l), tl.columns);
      ++tl.columns;
    }
    tl.column_labels_by_text =
        text_positions(positions_of(tl.column_labels, [](const auto& c) { return std::string_view(c.first); }));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      auto add = [&](const std::string& label) {
        alias a;
        a.row = r;
        a.full = normalize_label(label);
        a.stripped = std::string(strip_numbering(a.full));
        a.stripped_code_points = code_points(a.stripped);
        tl.aliases.push_back(std::move(a));
      };
      for (const auto& l : t.rows[r].labels) add(l);
      if (auto it = p.labels.find(t.rows[r].key); it != p.labels.end())
        for (const auto& l : it->second) add(l);
    }
    tl.by_full = text_positions(positions_of(tl.aliases, [](const alias& a) { return std::string_view(a.full); }));
    tl.by_stripped = text_positions(positions_of(tl.aliases, [](const alias& a) {
      return a.stripped_code_points >= min_stripped_match ? std::optional<std::string_view>(a.stripped) : std::nullopt;
    }));
    for (std::uint32_t i = 0; i < tl.aliases.size(); ++i) {
      const auto& a = tl.aliases[i];
      if (!a.stripped.empty()) {
        tl.by_first[first_code_point(a.stripped)].push_back(i);
        tl.by_last[last_code_point(a.stripped)].push_back(i);
      }
    }
    tables_.push_back(std::move(tl));
  }
}

std::optional<std::size_t> label_index::column_label(std::size_t table, std::string_view normalized) const {
  if (normalized.empty() || table >= tables_.size()) return std::nullopt;
  const auto& tl = tables_[table];
  const auto i = tl.column_labels_by_text.find(
      normalized, [&](std::uint32_t c) -> std::string_view { return tl.column_labels[c].first; });
  return i ? std::optional<std::size_t>(tl.column_labels[*i].second) : std::nullopt;
}

std::optional<std::size_t> label_index::section_heading(label_text printed) const {
  const auto i = headings_by_text_.find(heading_text(printed.stripped),
                                        [&](std::uint32_t h) -> std::string_view { return headings_[h].first; });
  return i ? std::optional<std::size_t>(headings_[*i].second) : std::nullopt;
}

std::optional<label_match> label_index::exact_row(std::size_t table, label_text printed) const {
  if (printed.normalized.empty() || table >= tables_.size()) return std::nullopt;
  const auto& tl = tables_[table];
  auto i = tl.by_full.find(printed.normalized, [&](std::uint32_t a) -> std::string_view { return tl.aliases[a].full; });
  if (!i)
    i = tl.by_stripped.find(printed.stripped, [&](std::uint32_t a) -> std::string_view { return tl.aliases[a].stripped; });
  if (!i) return std::nullopt;
  return label_match{tl.aliases[*i].row, match_kind::exact, tl.aliases[*i].full};
}

std::optional<label_match> label_index::match_row(std::size_t table, label_text printed) const {
  if (auto m = exact_row(table, printed)) return m;
  // Not a structured binding: lambdas below use it (C++17 cannot capture a binding).
  const std::string_view stripped = printed.stripped;
  // An empty label: no alias is a suffix of it, or starts with it.
  if (printed.normalized.empty() || stripped.empty() || table >= tables_.size()) return std::nullopt;
  const auto& tl = tables_[table];
  const auto& aliases = tl.aliases;

  // The fuzzy matches must name one row only. Only the aliases that end (start) with the
  // label's last (first) code point can be a suffix (start with it).
  auto unique = [&](const std::vector<std::uint32_t>& candidates, auto&& pred,
                    match_kind how) -> std::optional<label_match> {
    std::optional<label_match> found;
    for (const auto i : candidates) {
      const auto& a = aliases[i];
      if (!pred(a)) continue;
      if (found && found->row != a.row) return std::nullopt;
      if (!found) found = label_match{a.row, how, a.full};
    }
    return found;
  };
  if (auto m = unique(lookup(tl.by_last, last_code_point(stripped)), [&](const alias& a) {
        return a.stripped_code_points >= min_fragment && ends_with(stripped, a.stripped);
      }, match_kind::suffix))
    return m;
  // The aliases first: most labels share their first code point with none, and counting the
  // label's code points costs more than the lookup.
  const auto& starting_alike = lookup(tl.by_first, first_code_point(stripped));
  if (starting_alike.empty() || code_points(stripped, min_fragment) < min_fragment) return std::nullopt;
  return unique(starting_alike, [&](const alias& a) {
    return a.stripped.size() > stripped.size() && a.stripped.compare(0, stripped.size(), stripped) == 0;
  }, match_kind::prefix);
}

}  // namespace nianbao::resolve
