#include "resolve/labels.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "resolve/normalize.hpp"

namespace nianbao::resolve {

namespace {
// Labels shorter than this are matched only as printed (numbering included): "3.其他" must not
// match the column header "其他", nor "(七)总计" the header "总计".
constexpr std::size_t min_stripped_match = 3;
// A broken label must keep at least this much of its alias to be recognised.
constexpr std::size_t min_fragment = 4;
// The separator of a section number ("二、") left over when the number itself was lost.
constexpr std::string_view orphan_separator = "、";

// a == b, the last bytes compared first: labels of equal length mostly differ in their last
// character, and this runs for every alias against every text cell (no call to memcmp then).
bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a.back() == b.back() && a == b));
}


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
}  // namespace

label_index::label_index(const model::template_model& m, const profile::profile& p) {
  for (const auto& t : m.tables) {
    table_labels tl;
    for (const auto& h : t.headings) tl.headings.emplace_back(strip_numbering(normalize_label(h)));
    if (auto it = p.labels.find(t.id); it != p.labels.end())
      for (const auto& h : it->second) tl.headings.emplace_back(strip_numbering(normalize_label(h)));
    for (const auto& [column, labels] : t.column_labels) {
      for (const auto& l : labels) tl.column_labels.emplace_back(normalize_label(l), tl.columns);
      ++tl.columns;
    }
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
    for (std::uint32_t i = 0; i < tl.aliases.size(); ++i) {
      const auto& a = tl.aliases[i];
      tl.by_full[quick_hash(a.full)].push_back(i);
      if (a.stripped_code_points >= min_stripped_match) tl.by_stripped[quick_hash(a.stripped)].push_back(i);
      if (!a.stripped.empty()) {
        tl.by_first[first_code_point(a.stripped)].push_back(i);
        tl.by_last[last_code_point(a.stripped)].push_back(i);
      }
    }
    tables_.push_back(std::move(tl));
  }
  for (const auto& h : m.end_headings) end_headings_.emplace_back(strip_numbering(normalize_label(h)));
}

std::optional<std::size_t> label_index::column_label(std::size_t table, std::string_view normalized) const {
  if (normalized.empty() || table >= tables_.size()) return std::nullopt;
  for (const auto& [label, column] : tables_[table].column_labels)
    if (normalized == label) return column;
  return std::nullopt;
}

std::optional<std::size_t> label_index::heading_table(label_text printed) const {
  auto s = printed.stripped;
  // A heading whose numbering was lost in extraction keeps its separator: "、主动公开…".
  while (s.substr(0, orphan_separator.size()) == orphan_separator) s.remove_prefix(orphan_separator.size());
  for (std::size_t t = 0; t < tables_.size(); ++t)
    for (const auto& h : tables_[t].headings)
      if (s == h) return t;
  return std::nullopt;
}

bool label_index::is_end_heading(label_text printed) const {
  auto s = printed.stripped;
  while (s.substr(0, orphan_separator.size()) == orphan_separator) s.remove_prefix(orphan_separator.size());
  return std::find(end_headings_.begin(), end_headings_.end(), s) != end_headings_.end();
}

std::optional<label_match> label_index::match_row(std::size_t table, label_text printed) const {
  // Not a structured binding: lambdas below use them (C++17 cannot capture a binding).
  const std::string_view normalized = printed.normalized;
  const std::string_view stripped = printed.stripped;
  if (normalized.empty() || table >= tables_.size()) return std::nullopt;
  const auto& tl = tables_[table];
  const auto& aliases = tl.aliases;

  for (const auto i : lookup(tl.by_full, quick_hash(normalized)))
    if (same_text(normalized, aliases[i].full)) return label_match{aliases[i].row, match_kind::exact, aliases[i].full};
  for (const auto i : lookup(tl.by_stripped, quick_hash(stripped)))
    if (same_text(stripped, aliases[i].stripped))
      return label_match{aliases[i].row, match_kind::exact, aliases[i].full};
  if (stripped.empty()) return std::nullopt;  // no alias is a suffix of it, or starts with it

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
  if (code_points(stripped, min_fragment) >= min_fragment) {
    if (auto m = unique(lookup(tl.by_first, first_code_point(stripped)), [&](const alias& a) {
          return a.stripped.size() > stripped.size() && a.stripped.compare(0, stripped.size(), stripped) == 0;
        }, match_kind::prefix))
      return m;
  }
  return std::nullopt;
}

}  // namespace nianbao::resolve
