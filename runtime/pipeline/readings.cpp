#include "pipeline/readings.hpp"

#include <algorithm>

#include "pipeline/report_info.hpp"

namespace nianbao::pipeline {

namespace {

// Every position of a candidate read from a page's grid text, placed on the page.
void place_on_page(resolve::candidate& c, const document& doc) {
  for (auto& v : c.values) doc.place_on_page(v.where);
  if (c.grammar_error) doc.place_on_page(c.grammar_error->where);
  for (auto& t : c.tables) {
    for (auto& n : t.notes) doc.place_on_page(n.where);
    for (auto& m : t.misaligned) {
      doc.place_on_page(m.where);
      for (auto& v : m.cells) doc.place_on_page(v.where);
    }
  }
}

}  // namespace

std::string readings::cut_key(const profile::profile& p) const {
  return doc_.on_page(p) ? p.grammar + "\n(page)" : p.grammar;
}

profile_kinship::profile_kinship(const std::vector<profile::profile>& profiles) {
  const std::size_t n = profiles.size();
  read_alike.assign(n, std::vector<char>(n, 0));
  resolve_alike.assign(n, std::vector<char>(n, 0));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) {
      const auto &p = profiles[a], &q = profiles[b];
      // Alike only on the same text: a page's (HTML; "spaced": a text read by its columns) or not.
      read_alike[a][b] = p.markup_html == q.markup_html &&
                         profile::reads_format(p, "spaced") == profile::reads_format(q, "spaced") &&
                         p.placeholders == q.placeholders;
      resolve_alike[a][b] = read_alike[a][b] && p.values_span_rows == q.values_span_rows &&
                            p.empty_cells_are_values == q.empty_cells_are_values &&
                            p.split_digit_runs == q.split_digit_runs && p.labels == q.labels;
    }
}

const layout::layout_result& readings::cut_of(const profile::profile& p) {
  const auto key = cut_key(p);
  if (const auto found = cuts_.find(key); found != cuts_.end()) return found->second;
  // The text is decode's output: well-formed UTF-8 (ill-formed bytes were replaced by U+FFFD).
  auto cut = layout::cut(doc_.text_for(p), profile::grammar_of(p), layout::utf8_text::well_formed);
  // The grid cells a spanning cell covers are no cells of the page (a label's colspan is no
  // blank value cell), nor are the empty lines around tables.
  // (Not a text read by its columns: as a PDF's, its cells are only where the text falls.)
  if (doc_.on_page(p) && doc_.page()->kind == read::format::html)
    cut = layout::grid_cells(std::move(cut), doc_.text_for(p), doc_.page()->covered);
  else if (const auto* covered = doc_.covered()) cut = layout::grid_cells(std::move(cut), doc_.text_for(p), *covered);
  return cuts_.emplace(key, std::move(cut)).first->second;
}

std::size_t readings::heading_rows(std::size_t pi) {
  budget::stage("layout");
  const auto& cut = cut_of(profiles_[pi]);
  return static_cast<std::size_t>(
      std::count_if(cut.rows.begin(), cut.rows.end(), [](const layout::row& r) { return r.heading; }));
}

readings::readings(const document& doc, const std::vector<profile::profile>& profiles, const profile_kinship& kin)
    : doc_(doc), profiles_(profiles), kin_(kin) {
  for (std::size_t pi = 0; pi < profiles_.size(); ++pi)
    if (doc_.readable_by(profiles_[pi]) && profile::applies_to(profiles_[pi], doc_.text_for(profiles_[pi])))
      readable_.push_back(pi);
}

void readings::read(const std::vector<std::size_t>* tried) {
  release();
  const auto& kin = kin_;
  active_.clear();
  for (const auto pi : readable_)
    if (!tried || std::find(tried->begin(), tried->end(), pi) != tried->end()) active_.push_back(pi);
  // Each grammar runs once, whatever the number of profiles naming it.
  budget::stage("layout");
  for (const auto pi : active_) cut_of(profiles_[pi]);

  // reader_[a]: the first active profile reading the cells as active_[a] does.
  const auto same_cells = [&](const std::string& g, const std::string& h) {
    return g == h || layout::same_cut(cuts_.at(g), cuts_.at(h));
  };
  reader_.resize(active_.size());
  for (std::size_t a = 0; a < active_.size(); ++a) {
    const auto& p = profiles_[active_[a]];
    reader_[a] = a;
    for (std::size_t b = 0; b < a; ++b) {
      const auto& q = profiles_[active_[b]];
      if (kin.read_alike[active_[a]][active_[b]] && same_cells(cut_key(q), cut_key(p))) {
        reader_[a] = reader_[b];
        break;
      }
    }
  }
  // Profiles that read the cells alike and also resolve them alike (the same [cells] and
  // [labels]; a cut without a grammar error, whose note names the grammar) give the same
  // candidate but for its profile name and priority, and the merge always prefers the one of
  // higher priority (of equal ones, the first) in every table. Only that one is resolved.
  resolved_alike_.assign(active_.size(), false);
  for (std::size_t a = 0; a < active_.size(); ++a) {
    const auto& p = profiles_[active_[a]];
    for (std::size_t b = 0; b < a; ++b) {
      const auto& q = profiles_[active_[b]];
      if (resolved_alike_[b] || reader_[b] != reader_[a] || !kin.resolve_alike[active_[a]][active_[b]] ||
          (cuts_.at(cut_key(p)).error && q.grammar != p.grammar))
        continue;
      (p.priority > q.priority ? resolved_alike_[b] : resolved_alike_[a]) = true;
      break;
    }
  }
  kept_.resize(active_.size());  // empty: release() cleared it
}

int readings::year_hint() const {
  std::optional<int> page_hint, text_hint;
  int hint = 0;
  for (const auto pi : readable_) {
    const bool on_page = doc_.on_page(profiles_[pi]);
    auto& h = on_page ? page_hint : text_hint;
    if (!h) h = pipeline::year_hint(doc_.text(on_page));
    if ((hint = *h)) break;
  }
  return hint;
}

std::vector<resolve::candidate> readings::resolve(const model::template_model& m,
                                                  const std::vector<std::shared_ptr<const resolve::label_index>>& labels, bool more_follow,
                                                  const std::vector<std::size_t>* only) {
  budget::stage("resolve");
  // Left out now: not among `only`, or left for another that resolves alike.
  const auto left_out = [&](std::size_t b) {
    return resolved_alike_[b] || (only && std::find(only->begin(), only->end(), active_[b]) == only->end());
  };
  const std::uint64_t limit = budget::memory_limit();
  const std::uint64_t keep_bound = std::min<std::uint64_t>(16u << 20, limit ? limit / 16 : UINT64_MAX);
  std::vector<resolve::candidate> candidates(active_.size());
  // The profile resolved before under m (reuse): taken, not resolved again.
  const auto reused = [&](std::size_t b) { return reused_ && reused_->model == &m && reused_->profile == active_[b]; };
  for (std::size_t b = 0; b < active_.size(); ++b)
    if (reused(b) && !left_out(b)) candidates[b] = std::move(reused_->c);
  for (std::size_t a = 0; a < active_.size(); ++a) {
    if (reader_[a] != a) continue;
    bool to_resolve = false;  // some profile reading these cells is resolved now
    for (std::size_t b = a; b < active_.size(); ++b) to_resolve = to_resolve || (reader_[b] == a && !left_out(b) && !reused(b));
    if (!to_resolve) continue;
    const auto& p = profiles_[active_[a]];
    const std::string_view cells_text = doc_.text_for(p);
    const line_index& cells_lines = doc_.lines(doc_.on_page(p));
    const auto& cut = cuts_.at(cut_key(p));
    const std::size_t cost = resolve::read_cost(cut);
    std::optional<budget::hold> held;
    std::optional<resolve::read_rows> read;
    if (!kept_[a]) {
      const bool keep = cost <= keep_bound && more_follow;
      auto& cache = doc_.on_page(p) ? page_cells_ : text_cells_;
      if (keep) kept_held_.emplace_back(cost + cut.cells.size() * resolve::cell_cache::entry_cost);
      else held.emplace(cost);
      (keep ? kept_[a] : read) = resolve::read_cells(cells_text, cells_lines, cut, p.placeholders, keep ? &cache : nullptr);
    }
    const resolve::read_rows& rows = kept_[a] ? *kept_[a] : *read;
    for (std::size_t b = a; b < active_.size(); ++b) {
      if (reader_[b] != a || left_out(b) || reused(b)) continue;
      const auto pi = active_[b];
      const resolve::resolve_input in{cells_text, cells_lines, doc_.path(), cut, m, profiles_[pi], *labels[pi], rows};
      candidates[b] = resolve::resolve(in);
      if (doc_.on_page(profiles_[pi])) place_on_page(candidates[b], doc_);
    }
  }
  if (reused_ && reused_->model == &m) reused_.reset();
  std::vector<resolve::candidate> resolved;  // in the profiles' order
  for (std::size_t b = 0; b < active_.size(); ++b)
    if (!left_out(b)) resolved.push_back(std::move(candidates[b]));
  return resolved;
}

void readings::reuse(std::size_t pi, const model::template_model& m, resolve::candidate c) {
  reused_ = resolved_before{pi, &m, std::move(c)};
}

void readings::release() {
  text_cells_ = {};
  page_cells_ = {};
  kept_.clear();
  kept_held_.clear();
}

}  // namespace nianbao::pipeline
