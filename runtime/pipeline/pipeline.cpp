#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "core/budget.hpp"
#include "core/line_index.hpp"
#include "decode/decode.hpp"
#include "input/input.hpp"
#include "layout/html_text.hpp"
#include "layout/layout.hpp"
#include "merge/merge.hpp"
#include "narrative/narrative.hpp"
#include "repair/repair.hpp"
#include "pipeline/report_info.hpp"
#include "resolve/resolver.hpp"

namespace nianbao::pipeline {

namespace fs = std::filesystem;

std::string data_dir() {
  if (const char* env = std::getenv("NIANBAO_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  if (fs::is_directory(fs::path(NIANBAO_SOURCE_DATA_DIR) / "profiles", ec)) return NIANBAO_SOURCE_DATA_DIR;
  return NIANBAO_INSTALL_DATA_DIR;
}

namespace {

std::vector<std::string> builtin_models(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(dir) / "model", ec))
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

diagnostic error_for(const std::string& path, std::string code, std::string message) {
  diagnostic d;
  d.file = path;
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

// A number as a message shows it: an integer as such, anything else (a fraction, or a stated
// number too large for long long, e.g. 30 digits) in the shortest form that reads back.
std::string number_text(double n) {
  if (n == std::floor(n) && std::fabs(n) < 9007199254740992.0) return std::to_string(static_cast<long long>(n));
  return fmt::format("{}", n);
}

// A number stated in 一、总体情况 whose table value is missing (a table not found, or a row
// left null as ambiguous) is neither confirmed nor contradicted: say so, rather than stay silent.
void note_unconfirmed_narrative(record& r) {
  constexpr std::string_view prefix = "narrative.";
  for (const auto& res : r.checks->results) {
    if (res.status != check::status::skipped) continue;
    const check::involved_key* fact = nullptr;
    std::vector<std::string> missing;
    for (const auto& k : res.keys) {
      if (k.key.compare(0, prefix.size(), prefix) == 0) {
        if (k.value->kind == cell_kind::number) fact = &k;
      } else if (k.value->kind == cell_kind::missing) {
        missing.emplace_back(k.key);
      }
    }
    if (!fact || missing.empty()) continue;
    diagnostic d;
    d.severity = severity::warning;
    d.file = r.path;
    d.where = fact->value->where;
    d.code = "narrative-unconfirmed";
    std::string keys;
    for (const auto& k : missing) keys += (keys.empty() ? "" : ", ") + k;
    d.message = "「" + fact->value->raw + "」 states " +
                number_text(fact->value->number) + " but the table gives no value for " +
                keys + "; " + res.name() + " could not be checked";
    r.warnings.push_back(std::move(d));
  }
}

// The error of an input that passed a limit: which, where, and the option that sets it.
diagnostic limit_error(const std::string& path, const budget::exceeded& e) {
  if (e.which() == budget::kind::time)
    return error_for(path, "time-limit",
                     fmt::format("processing stopped in the {} stage after {} s (the time limit per input, "
                                 "--time-limit)",
                                 e.stage(), e.limit().seconds));
  return error_for(path, "memory-limit",
                   fmt::format("processing stopped in the {} stage at {} (the memory limit per input, "
                               "--memory-limit)",
                               e.stage(), input::format_size(e.limit().bytes)));
}

// Keeps the profiles `names` names, in their order of loading (which the merge's ties follow).
void keep_only(std::vector<profile::profile>& profiles, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (std::any_of(profiles.begin(), profiles.end(), [&](const auto& p) { return p.name == name; })) continue;
    std::string known;
    for (const auto& p : profiles) known += (known.empty() ? "" : ", ") + p.name;
    throw diagnostic_error(error_for("--only-profiles", "unknown-profile",
                                     "no profile is named \"" + name + "\" (the profiles: " + known + ")"));
  }
  profiles.erase(std::remove_if(profiles.begin(), profiles.end(),
                                [&](const auto& p) {
                                  return std::find(names.begin(), names.end(), p.name) == names.end();
                                }),
                 profiles.end());
}

}  // namespace

context::context(const options& opts) : opts_(opts) {
  const auto dir = data_dir();
  auto model_files = opts.model_files.empty() ? builtin_models(dir) : opts.model_files;
  if (model_files.empty())
    throw diagnostic_error(error_for(dir + "/model", "data-file", "no model (*.toml) found"));
  for (const auto& f : model_files) models_.push_back(model::load_model_file(f));
  model::current_first(models_);

  profiles_ = profile::load_profile_dir(dir + "/profiles");
  for (const auto& d : opts.profile_dirs) {
    for (auto& p : profile::load_profile_dir(d)) {
      // A user's profile of the same name replaces the built-in one.
      auto same = std::find_if(profiles_.begin(), profiles_.end(), [&](const auto& q) { return q.name == p.name; });
      if (same != profiles_.end()) *same = std::move(p);
      else profiles_.push_back(std::move(p));
    }
  }
  if (!opts.only_profiles.empty()) keep_only(profiles_, opts.only_profiles);
  const std::size_t n = profiles_.size();
  read_alike_.assign(n, std::vector<char>(n, 0));
  resolve_alike_.assign(n, std::vector<char>(n, 0));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) {
      const auto &p = profiles_[a], &q = profiles_[b];
      read_alike_[a][b] = p.markup_html == q.markup_html && p.placeholders == q.placeholders;
      resolve_alike_[a][b] = read_alike_[a][b] && p.values_span_rows == q.values_span_rows &&
                             p.empty_cells_are_values == q.empty_cells_are_values && p.labels == q.labels;
    }
  for (const auto& m : models_) {
    auto& per_model = labels_.emplace_back();
    for (const auto& p : profiles_) per_model.emplace_back(m, p);
    check::rule_set rules = m.rules_file.empty() ? check::rule_set() : check::load_rules_file(m.rules_file);
    for (const auto& extra : opts.rules_files) rules = check::load_rules_file(extra, rules);
    compiled_.push_back(check::compile(rules, m.rule_keys));
    rules_.push_back(std::move(rules));
    across_years_rules_.push_back(m.across_years_rules_file.empty() ? check::rule_set()
                                                                    : check::load_rules_file(m.across_years_rules_file));
    measures_.push_back(measures::load_for(m));
  }
  divisions_ = &region::divisions_in(dir + "/data/divisions");
}

const measures::measure_set& context::measures_for(const model::template_model& m) const {
  return measures_[static_cast<std::size_t>(&m - models_.data())];
}

const check::rule_set& context::across_years_rules_for(const model::template_model& m) const {
  return across_years_rules_[static_cast<std::size_t>(&m - models_.data())];
}

const check::rule_set& context::rules_for(const model::template_model& m) const {
  return rules_[static_cast<std::size_t>(&m - models_.data())];
}

record context::failed(const std::string& path, diagnostic error) const {
  record r;
  r.path = path;
  r.model = &models_.front();
  r.values.resize(r.model->keys.size());
  r.table_profiles.resize(r.model->tables.size());
  if (error.file.empty()) error.file = path;
  r.errors.push_back(std::move(error));
  return r;
}

record context::process(std::string_view bytes, const std::string& path) const {
  record r = failed(path, diagnostic{});
  r.errors.clear();
  budget::scope limit({opts_.time_limit, opts_.memory_limit}, "decode");
  try {
    run(bytes, path, r);
  } catch (const budget::exceeded& e) {
    const auto encoding = std::move(r.encoding);
    r = failed(path, limit_error(path, e));
    r.encoding = encoding;
  }
  return r;
}

// The stages, each named to the budget as it starts (the first clock reading is after decoding).
void context::run(std::string_view bytes, const std::string& path, record& r) const {
  // The input's bytes, and its decoded text before it is made (about as large: a huge input is
  // stopped before it is copied); corrected to the text's real size below.
  budget::charge(2 * bytes.size());
  decode::decoded text;
  try {
    decode::options dopts;
    dopts.encoding = opts_.encoding;
    text = decode::decode(bytes, dopts);
  } catch (const diagnostic_error& e) {
    auto d = e.diag();
    d.file = path;
    r.errors.push_back(std::move(d));
    return;
  }
  if (text.text.size() > bytes.size()) budget::charge(text.text.size() - bytes.size());
  else budget::release(bytes.size() - text.text.size());
  r.encoding = text.encoding;
  for (auto& w : text.warnings) {
    w.file = path;
    r.warnings.push_back(std::move(w));
  }
  if (text.text.find_first_not_of(" \t\n\r") == std::string::npos) {
    r.errors.push_back(error_for(path, "empty", "the input is empty"));
    return;
  }

  const line_index lines(text.text);
  r.info = read_report_info(text.text);
  // An HTML page, when a profile reads HTML: its text (each cell where it is on the page) and
  // its problems of structure.
  std::optional<layout::html::page> page;
  if (std::any_of(profiles_.begin(), profiles_.end(), [](const auto& p) { return p.markup_html; }) &&
      layout::html::looks_like_html(text.text)) {
    budget::stage("html");
    page = layout::html::read_page(text.text);
  }

  // The profiles that read this input: one reading HTML (markup = "html") only a page.
  std::vector<std::size_t> active;
  for (std::size_t pi = 0; pi < profiles_.size(); ++pi)
    if ((!profiles_[pi].markup_html || page) && profile::applies_to(profiles_[pi], text.text)) active.push_back(pi);
  // Each grammar runs once, whatever the number of profiles naming it. The text is decode's output:
  // well-formed UTF-8 (ill-formed bytes were replaced by U+FFFD).
  budget::stage("layout");
  std::map<std::string, layout::layout_result> layouts;
  for (const auto pi : active) {
    const auto& p = profiles_[pi];
    if (!layouts.count(p.grammar))
      layouts.emplace(p.grammar, layout::cut(text.text, *layout::find_grammar(p.grammar), layout::utf8_text::well_formed));
  }

  // Each layout's cells are read once (classified, placed, labels normalised) and shared by the
  // profiles that read them alike (grammars that cut the text alike, the same markup and
  // placeholders) and by every template. reader[a]: the first active profile reading them as
  // active[a] does.
  const auto same_cells = [&](const std::string& g, const std::string& h) {
    return g == h || layout::same_cut(layouts.at(g), layouts.at(h));
  };
  std::vector<std::size_t> reader(active.size());
  for (std::size_t a = 0; a < active.size(); ++a) {
    const auto& p = profiles_[active[a]];
    reader[a] = a;
    for (std::size_t b = 0; b < a; ++b) {
      const auto& q = profiles_[active[b]];
      if (read_alike_[active[a]][active[b]] && same_cells(q.grammar, p.grammar)) {
        reader[a] = reader[b];
        break;
      }
    }
  }
  // Profiles that read the cells alike and also resolve them alike (the same [cells] and
  // [labels]; a cut without a grammar error, whose note names the grammar) give the same
  // candidate but for its profile name and priority, and the merge always prefers the one of
  // higher priority (of equal ones, the first) in every table. Only that one is resolved.
  std::vector<bool> resolved_alike(active.size(), false);  // a profile left out for another
  for (std::size_t a = 0; a < active.size(); ++a) {
    const auto& p = profiles_[active[a]];
    for (std::size_t b = 0; b < a; ++b) {
      const auto& q = profiles_[active[b]];
      if (resolved_alike[b] || reader[b] != reader[a] || !resolve_alike_[active[a]][active[b]] ||
          (layouts.at(p.grammar).error && q.grammar != p.grammar))
        continue;
      (p.priority > q.priority ? resolved_alike[b] : resolved_alike[a]) = true;
      break;
    }
  }
  // The year the text prints most often, for a report whose title gives none: of the first
  // active profile's text that prints one (a page's text or the decoded text), computed once.
  std::optional<int> page_hint, text_hint;
  int hint = 0;
  for (const auto pi : active) {
    const bool on_page = page && profiles_[pi].markup_html;
    auto& h = on_page ? page_hint : text_hint;
    if (!h) h = year_hint(on_page ? std::string_view(page->text) : std::string_view(text.text));
    if ((hint = *h)) break;
  }

  // Each template in turn: every active profile's reading resolved, repaired, merged. A template
  // with fewer keys than the best reading so far has filled cannot beat it (better_template
  // compares filled values first), so it is not resolved at all: a complete 2021 report is not
  // read as a 2019 one. A reader's cells are kept for the next template when they are small (a
  // sixteenth of the memory limit, at most 16 MiB), else read again: one large layout's cells
  // are in memory at a time.
  const std::uint64_t limit = budget::memory_limit();
  const std::uint64_t keep_bound = std::min<std::uint64_t>(16u << 20, limit ? limit / 16 : UINT64_MAX);
  std::vector<std::optional<resolve::read_rows>> kept(active.size());  // by reader
  std::deque<budget::hold> kept_held;  // a deque: holds are not moved
  // Kept readings share the cells they have in common (by byte range); the cache points into
  // them and goes with them. A reading read again is read without it.
  resolve::cell_cache text_cells, page_cells;
  std::optional<merge::merged> best;
  std::size_t best_model = 0;
  for (std::size_t mi = 0; mi < models_.size(); ++mi) {
    if (best && models_[mi].keys.size() < best->filled) continue;
    budget::stage("resolve");
    std::vector<resolve::candidate> candidates(active.size());
    for (std::size_t a = 0; a < active.size(); ++a) {
      if (reader[a] != a) continue;
      const auto& p = profiles_[active[a]];
      const std::string_view cells_text = page && p.markup_html ? page->text : text.text;
      const auto& layout = layouts.at(p.grammar);
      const std::size_t cost = resolve::read_cost(layout);
      std::optional<budget::hold> held;
      std::optional<resolve::read_rows> read;
      if (!kept[a]) {
        const bool keep = cost <= keep_bound && mi + 1 < models_.size();
        auto& cache = page && p.markup_html ? page_cells : text_cells;
        if (keep) kept_held.emplace_back(cost + layout.cells.size() * resolve::cell_cache::entry_cost);
        else held.emplace(cost);
        (keep ? kept[a] : read) = resolve::read_cells(cells_text, lines, layout, p.placeholders, keep ? &cache : nullptr);
      }
      const resolve::read_rows& rows = kept[a] ? *kept[a] : *read;
      for (std::size_t b = a; b < active.size(); ++b) {
        if (reader[b] != a || resolved_alike[b]) continue;
        const auto pi = active[b];
        const resolve::resolve_input in{cells_text, lines, path, layout, models_[mi], profiles_[pi], labels_[mi][pi], rows};
        candidates[b] = resolve::resolve(in);
      }
    }
    std::vector<resolve::candidate> resolved;  // in the profiles' order
    for (std::size_t b = 0; b < active.size(); ++b)
      if (!resolved_alike[b]) resolved.push_back(std::move(candidates[b]));
    candidates = std::move(resolved);
    budget::stage("repair");
    if (opts_.repair)
      for (std::size_t ci = 0; ci < candidates.size(); ++ci)
        if (merge::repair_could_matter(candidates, ci))
          repair::repair_candidate(candidates[ci], models_[mi], compiled_[mi], path);
    budget::stage("merge");
    auto merged = merge::merge_candidates(models_[mi], candidates);
    merged.year_hint = hint;
    if (!best || merge::better_template(merged, models_[mi], *best, models_[best_model], r.info.year)) {
      best = std::move(merged);
      best_model = mi;
    }
  }
  text_cells = {};
  page_cells = {};
  kept.clear();
  kept_held.clear();

  const auto& m = models_[best_model];
  r.model = &m;
  bool read_as_html = false;  // a profile reading HTML supplied a table: title and narrative from the page's text
  for (const auto& name : best->table_profiles)
    for (const auto& p : profiles_) read_as_html = read_as_html || (p.markup_html && p.name == name && page);
  if (page && (read_as_html || page->tables > 0)) {
    for (auto d : page->problems) {
      d.file = path;
      r.warnings.push_back(std::move(d));
    }
  }
  if (read_as_html) r.info = read_report_info(page->text);
  const bool table_found = std::any_of(best->table_profiles.begin(), best->table_profiles.end(),
                                       [](const std::string& p) { return !p.empty(); });
  if (best->filled == 0 && best->misaligned.empty() && !table_found) {
    r.errors.push_back(error_for(path, "no-tables",
                                 "no table of a known report template was found (tried " +
                                     (active.size() == profiles_.size()
                                          ? std::to_string(profiles_.size())
                                          : std::to_string(active.size()) + " of " + std::to_string(profiles_.size())) +
                                     (profiles_.size() == 1 ? " profile)" : " profiles)")));
    return;
  }
  r.values = std::move(best->values);
  r.table_profiles = std::move(best->table_profiles);
  r.repairs = std::move(best->repairs);
  for (auto& n : best->notes) r.warnings.push_back(std::move(n));
  for (std::size_t t = 0; t < m.tables.size(); ++t) {
    if (r.table_profiles[t].empty()) {
      diagnostic d = error_for(path, "table-not-found", "table \"" + m.tables[t].id + "\" was not found");
      d.severity = severity::warning;
      r.warnings.push_back(std::move(d));
    }
  }
  bool complete = true;
  for (const auto& v : r.values) complete = complete && v.kind != cell_kind::missing;
  r.status = complete ? status::parsed : status::partial;
  const auto prose = std::string_view(read_as_html ? page->text : text.text)
                         .substr(0, std::min(best->tables_begin, text.text.size()));
  budget::stage("narrative");
  r.narrative = narrative::extract(prose, lines, m);
  if (read_as_html)
    for (auto& v : r.narrative) v.where = lines.position(page->page_offset(v.where.byte));
  budget::stage("check");
  r.checks = check::evaluate(compiled_[best_model], check::value_view(r.values, r.narrative));
  note_unconfirmed_narrative(r);
  // The agency's division: the prose before the tables may name its province or prefecture.
  budget::stage("region");
  r.region = region::resolve_agency(*divisions_, r.info.agency, prose, path);
  for (const auto& w : r.region->warnings) r.warnings.push_back(w);
  r.measure_defs = &measures_[best_model];
  r.measures = measures::evaluate(measures_[best_model], r.values);
}

}  // namespace nianbao::pipeline
