#include "resolve/labels.hpp"

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "cells/normalize.hpp"
#include "cells/script_variants.hpp"

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

// A label without a parenthesis that follows its start: "规章(设区的市…)" -> "规章", also when the
// parenthesis is cut off ("规章(设区的"). The label itself when it has none.
std::string_view without_note(std::string_view stripped) {
  const auto open = stripped.find('(');
  return open == std::string_view::npos || open == 0 ? stripped : stripped.substr(0, open);
}

// The code points of a UTF-8 text (an ill-formed byte is one code point of its own).
std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size() / 3 + 1);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n == 1 || i + n > s.size()) {
      out += c;
      ++i;
      continue;
    }
    out += code_point_at(s, i);
    i += n;
  }
  return out;
}

// The edit distance (insertions, deletions, substitutions of code points) of a and b, or
// limit + 1 when it is greater than limit: a band of the table, stopped when no cell of a row
// is within the limit.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  const std::size_t big = limit + 1;
  std::vector<std::size_t> prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = std::min(j, big);
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t from = i > limit ? i - limit : 1, to = std::min(m, i + limit);
    std::fill(cur.begin(), cur.end(), big);
    cur[0] = std::min(i, big);
    std::size_t best = cur[0];
    for (std::size_t j = from; j <= to; ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({sub, prev[j] + 1, cur[j - 1] + 1, big});
      best = std::min(best, cur[j]);
    }
    if (best > limit) return big;
    std::swap(prev, cur);
  }
  return std::min(prev[m], big);
}

// Characters of a text as bits of a 64-bit set (by a hash): a text within edit distance d of
// another lacks at most d of its characters, so more bits of `want` missing from `have` than d
// rules it out without the table.
std::uint64_t character_bits(const std::u32string& s) {
  std::uint64_t bits = 0;
  for (const char32_t c : s) bits |= std::uint64_t{1} << ((c * 0x9E3779B1u) >> 26);
  return bits;
}
std::size_t missing_characters(std::uint64_t want, std::uint64_t have) {
  return static_cast<std::size_t>(__builtin_popcountll(want & ~have));
}

}  // namespace

fuzzy_text fuzzy_text_of(std::string_view utf8) {
  fuzzy_text f;
  f.code_points = decode(utf8);
  f.characters = character_bits(f.code_points);
  return f;
}

namespace {

// The edit distance a misprint of a label of `code_points` may have: one in `per`, at least one.
std::size_t typo_limit(std::size_t code_points, std::size_t per) { return std::max<std::size_t>(1, code_points / per); }
// A label shorter than this is never read as a misprint of another.
constexpr std::size_t min_typo_label = 4;

// Whether `head` (a text before a label's numbering on the same line) is made of pieces of
// labels, each at least two code points: any part of a group label (a wrapped group label's
// middle line is a part of it: 三、本年 / 度办理 / 结果), a start or an end of a row label.
bool made_of_pieces(std::string_view head, const std::vector<std::string_view>& groups,
                    const std::vector<std::string_view>& rows) {
  while (!head.empty()) {
    std::size_t longest = 0;
    for (const auto* list : {&groups, &rows}) for (const auto p : *list) {
      // The longest start of `head` that is a piece of p.
      for (std::size_t n = std::min(head.size(), p.size()); n > longest; --n) {
        const auto h = head.substr(0, n);
        if (n < head.size() && (static_cast<unsigned char>(head[n]) & 0xC0) == 0x80) continue;  // inside a character
        if (list == &groups ? p.find(h) != std::string_view::npos : starts_with(p, h) || ends_with(p, h)) {
          longest = n;
          break;
        }
      }
    }
    if (longest == 0 || code_points(head.substr(0, longest), 2) < 2) return false;
    head.remove_prefix(longest);
  }
  return true;
}

// Where the numbering of a label printed after other text starts ("本年无法提2.没有…" -> at "2."),
// the last such place; npos when none.
std::size_t inner_numbering(std::string_view label) {
  std::size_t found = std::string_view::npos;
  for (std::size_t i = 1; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
    const auto rest = label.substr(i);
    if (strip_numbering(rest).size() == rest.size()) continue;
    // A digit run continues one before it: "12." numbers at "12", not at "2".
    if (label[i] >= '0' && label[i] <= '9' && label[i - 1] >= '0' && label[i - 1] <= '9') continue;
    found = i;
  }
  return found;
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

namespace {
// A label of the model as the index holds it (label_form), and its spelling by a converter to
// Traditional characters with Taiwan phrases, brought back to Simplified characters (规范性文件 ->
// 規範性檔案 -> 规范性档案; script_variants.hpp) when that differs.
std::vector<std::string> label_forms(const std::string& label) {
  std::vector<std::string> out{label_form(label)};
  auto variant = label_form(to_taiwan_phrases(label));
  if (variant != out.front()) out.push_back(std::move(variant));
  return out;
}
}  // namespace

label_index::label_index(const model::template_model& m, const profile::profile& p) {
  auto add_heading = [&](const std::string& heading, std::size_t table) {
    for (const auto& f : label_forms(heading)) {
      headings_.emplace_back(heading_text(strip_numbering(f)), table);
      headings_fuzzy_.push_back(fuzzy_text_of(headings_.back().first));
      longest_heading_ = std::max(longest_heading_, code_points(headings_.back().first));
    }
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
      for (const auto& l : labels)
        for (auto& f : label_forms(l)) {
          tl.column_labels_fuzzy.push_back(fuzzy_text_of(f));
          tl.column_labels.emplace_back(std::move(f), tl.columns);
        }
      ++tl.columns;
    }
    tl.column_labels_by_text =
        text_positions(positions_of(tl.column_labels, [](const auto& c) { return std::string_view(c.first); }));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      auto add = [&](std::string form, const std::string& label) {
        alias a;
        a.row = r;
        a.full = std::move(form);
        a.shown = normalize_label(label);
        a.stripped = std::string(strip_numbering(a.full));
        a.stripped_code_points = code_points(a.stripped);
        a.fuzzy = fuzzy_text_of(a.stripped);
        a.base = std::string(without_note(a.stripped));
        tl.aliases.push_back(std::move(a));
      };
      // The labels as printed first (the matching takes the first alias that fits), then their
      // Taiwan-phrase spellings.
      std::vector<std::pair<std::string, const std::string*>> variants;
      auto add_label = [&](const std::string& l) {
        auto forms = label_forms(l);
        add(std::move(forms.front()), l);
        for (std::size_t i = 1; i < forms.size(); ++i) variants.emplace_back(std::move(forms[i]), &l);
      };
      for (const auto& l : t.rows[r].labels) add_label(l);
      if (auto it = p.labels.find(t.rows[r].key); it != p.labels.end())
        for (const auto& l : it->second) add_label(l);
      for (auto& [v, l] : variants) add(std::move(v), *l);
    }
    for (std::size_t g = 0; g < t.group_labels.size(); ++g)
      for (const auto& f : label_forms(t.group_labels[g])) {
        tl.groups.emplace_back(strip_numbering(f));
        tl.groups_fuzzy.push_back(fuzzy_text_of(tl.groups.back()));
        tl.group_rows.push_back(g < t.group_first_rows.size() ? t.group_first_rows[g] : SIZE_MAX);
      }
    tl.by_base = text_positions(positions_of(tl.aliases, [](const alias& a) { return std::string_view(a.base); }));
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

std::optional<std::size_t> label_index::group_label(std::size_t table, label_text printed) const {
  if (table >= tables_.size() || printed.stripped.empty()) return std::nullopt;
  const auto& tl = tables_[table];
  for (std::size_t g = 0; g < tl.groups.size(); ++g)
    if (same_text(printed.stripped, tl.groups[g])) return tl.group_rows[g];
  return std::nullopt;
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
  return label_match{tl.aliases[*i].row, match_kind::exact, tl.aliases[*i].full, tl.aliases[*i].shown};
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
      if (!found) found = label_match{a.row, how, a.full, a.shown};
    }
    return found;
  };
  if (auto m = unique(lookup(tl.by_last, last_code_point(stripped)), [&](const alias& a) {
        return a.stripped_code_points >= min_fragment && ends_with(stripped, a.stripped);
      }, match_kind::suffix))
    return m;
  // The aliases first: most labels share their first code point with none, and counting the
  // label's code points costs more than the lookup.
  auto starting_with = [&](std::string_view start, match_kind how) -> std::optional<label_match> {
    const auto& starting_alike = lookup(tl.by_first, first_code_point(start));
    if (starting_alike.empty() || code_points(start, min_fragment) < min_fragment) return std::nullopt;
    return unique(starting_alike, [&](const alias& a) {
      return a.stripped.size() > start.size() && a.stripped.compare(0, start.size(), start) == 0;
    }, how);
  };
  if (auto m = starting_with(stripped, match_kind::prefix)) return m;
  if (auto m = with_note(tl, printed)) return m;
  return wrapped(tl, stripped);
}

std::optional<label_match> label_index::with_note(const table_labels& tl, label_text printed) const {
  const auto base = without_note(printed.stripped);
  if (base.size() == printed.stripped.size()) return std::nullopt;
  // With its numbering ("3.其他(请注明)" is row 3.其他), else without it: at least two characters,
  // and not a column header ("其他(请注明)" is the column).
  const auto numbered = printed.normalized.substr(0, printed.normalized.size() - printed.stripped.size() + base.size());
  if (numbered.size() > base.size())
    if (auto i = tl.by_full.find(numbered, [&](std::uint32_t a) -> std::string_view { return tl.aliases[a].full; }))
      return label_match{tl.aliases[*i].row, match_kind::instruction, tl.aliases[*i].full, tl.aliases[*i].shown};
  if (code_points(base, 2) < 2) return std::nullopt;
  for (const auto& [label, column] : tl.column_labels)
    if (label == base) return std::nullopt;
  std::optional<label_match> found;
  for (const auto& a : tl.aliases) {
    if (a.base != base) continue;
    if (found && found->row != a.row) return std::nullopt;
    if (!found) found = label_match{a.row, match_kind::instruction, a.full, a.shown};
  }
  return found;
}

std::optional<label_match> label_index::wrapped(const table_labels& tl, std::string_view stripped) const {
  const auto at = inner_numbering(stripped);
  if (at == std::string_view::npos) return std::nullopt;
  const auto tail = stripped.substr(at);
  const auto rest = strip_numbering(tail);
  if (code_points(rest, min_fragment) < min_fragment) return std::nullopt;
  std::vector<std::string_view> groups, rows;
  for (const auto& g : tl.groups) groups.emplace_back(g);
  for (const auto& a : tl.aliases) rows.emplace_back(a.stripped);
  if (!made_of_pieces(stripped.substr(0, at), groups, rows)) return std::nullopt;
  // The tail is the start of exactly one label, numbering and all, or without it.
  std::optional<label_match> found;
  for (const auto& a : tl.aliases) {
    const bool starts = (a.full.size() >= tail.size() && a.full.compare(0, tail.size(), tail) == 0) ||
                        (a.stripped.size() >= rest.size() && a.stripped.compare(0, rest.size(), rest) == 0);
    if (!starts) continue;
    if (found && found->row != a.row) return std::nullopt;
    if (!found) found = label_match{a.row, match_kind::wrapped, a.full, a.shown};
  }
  return found;
}

std::optional<std::size_t> label_index::table_of_column_label(std::string_view normalized) const {
  std::optional<std::size_t> found;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    if (!column_label(t, normalized)) continue;
    if (found) return std::nullopt;
    found = t;
  }
  return found;
}

std::optional<std::size_t> label_index::near_heading(label_text printed) const {
  const auto text = heading_text(printed.stripped);
  if (text.empty()) return std::nullopt;
  // A note in parentheses after the heading.
  const auto base = without_note(text);
  if (base.size() < text.size()) {
    const auto i = headings_by_text_.find(base, [&](std::uint32_t h) -> std::string_view { return headings_[h].first; });
    if (i) return headings_[*i].second;
  }
  const std::size_t length = code_points(text, longest_heading_ + 8);
  if (length > longest_heading_ + 4 || length < min_typo_label) return std::nullopt;
  const auto printed_cps = decode(text);
  const auto have = character_bits(printed_cps);
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < headings_.size(); ++i) {
    const auto& h = headings_fuzzy_[i];
    const auto section = headings_[i].second;
    if (h.code_points.size() < min_typo_label) continue;
    const std::size_t limit = typo_limit(h.code_points.size(), 8);
    if (missing_characters(h.characters, have) > limit) continue;
    if (edit_distance(printed_cps, h.code_points, limit) > limit) continue;
    if (found && *found != section) return std::nullopt;
    found = section;
  }
  return found;
}

std::vector<std::size_t> label_index::rows_fitting(std::size_t table, label_text printed) const {
  std::vector<std::size_t> rows;
  if (table >= tables_.size()) return rows;
  const auto& tl = tables_[table];
  const auto text = printed.stripped;
  const std::size_t length = code_points(text, 64);
  if (length < min_typo_label || length >= 64) return rows;
  const auto printed_cps = decode(text);
  const auto have = character_bits(printed_cps);
  for (const auto& a : tl.aliases) {
    if (std::find(rows.begin(), rows.end(), a.row) != rows.end() || a.stripped_code_points < min_typo_label) continue;
    const auto& l = a.fuzzy.code_points;
    const std::size_t limit = typo_limit(l.size(), 4);
    const bool fits = ends_with(text, a.stripped) ||
                      (a.stripped.size() > text.size() && a.stripped.compare(0, text.size(), text) == 0) ||
                      (missing_characters(a.fuzzy.characters, have) <= limit && edit_distance(printed_cps, l, limit) <= limit);
    if (fits) rows.push_back(a.row);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::optional<label_match> label_index::typo_row(std::size_t table, label_text printed, std::size_t expected) const {
  if (table >= tables_.size()) return std::nullopt;
  const auto& tl = tables_[table];
  const auto text = printed.stripped;
  const std::size_t length = code_points(text, 64);
  if (length < min_typo_label || length >= 64) return std::nullopt;
  const auto printed_cps = decode(text);
  const auto have = character_bits(printed_cps);
  auto fits = [&](const fuzzy_text& label) {
    const auto& l = label.code_points;
    if (l.size() < min_typo_label) return false;
    const std::size_t limit = typo_limit(l.size(), 4);
    return missing_characters(label.characters, have) <= limit && edit_distance(printed_cps, l, limit) <= limit;
  };
  std::optional<label_match> found;
  for (const auto& a : tl.aliases) {
    if (!fits(a.fuzzy)) continue;
    if (a.row != expected) return std::nullopt;  // another row's label fits too
    if (!found) found = label_match{a.row, match_kind::typo, a.full, a.shown};
  }
  if (!found) return std::nullopt;
  for (const auto& g : tl.groups_fuzzy)
    if (fits(g)) return std::nullopt;
  for (const auto& c : tl.column_labels_fuzzy)
    if (fits(c)) return std::nullopt;
  return found;
}

std::optional<label_match> label_index::nearest_row(std::size_t table, label_text printed) const {
  if (table >= tables_.size()) return std::nullopt;
  const auto printed_cps = decode(printed.stripped);
  if (printed_cps.size() < 2 || printed_cps.size() >= 64) return std::nullopt;
  const auto& tl = tables_[table];
  // A group label (三、本年度办理结果, (六)其他处理) heads rows and is none itself: nothing to suggest.
  for (const auto& g : tl.groups)
    if (g == printed.stripped) return std::nullopt;
  std::optional<label_match> best;
  std::size_t best_distance = 0;
  bool tie = false;
  for (const auto& a : tl.aliases) {
    const auto& l = a.fuzzy.code_points;
    const std::size_t limit = std::max<std::size_t>(1, std::max(l.size(), printed_cps.size()) / 2);
    const std::size_t d = edit_distance(printed_cps, l, limit);
    if (d > limit) continue;
    if (!best || d < best_distance) {
      best = label_match{a.row, match_kind::typo, a.full, a.shown};
      best_distance = d;
      tie = false;
    } else if (d == best_distance && a.row != best->row) {
      tie = true;
    }
  }
  if (!best || tie) return std::nullopt;
  return best;
}

std::vector<alias_collision> alias_collisions(const model::template_model& m, const profile::profile& p) {
  profile::profile bare = p;  // the model's labels only, to find what an alias already is
  bare.labels.clear();
  const label_index model_labels(m, bare);
  std::vector<alias_collision> out;
  for (std::size_t t = 0; t < m.tables.size(); ++t) {
    const auto& table = m.tables[t];
    std::map<std::string, std::string> given;  // normalised alias -> the first key given it
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto it = p.labels.find(table.rows[r].key);
      if (it == p.labels.end()) continue;
      for (const auto& alias : it->second) {
        const std::string normalized = normalize_label(alias);
        const auto hit = model_labels.exact_row(t, label_text(normalized));
        if (hit && hit->how == match_kind::exact && hit->row != r)
          out.push_back({table.id, table.rows[r].key, alias, table.rows[hit->row].key, false});
        const auto [first, fresh] = given.emplace(normalized, table.rows[r].key);
        if (!fresh && first->second != table.rows[r].key)
          out.push_back({table.id, table.rows[r].key, alias, first->second, true});
      }
    }
  }
  return out;
}

}  // namespace nianbao::resolve
