#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <new>

#include <fmt/format.h>

#include "check/check.hpp"
#include "core/budget.hpp"
#include "input/input.hpp"
#include "merge/merge.hpp"
#include "narrative/narrative.hpp"
#include "pipeline/configuration_checks.hpp"
#include "pipeline/document.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/readings.hpp"
#include "pipeline/report_info.hpp"
#include "pipeline/worker_state.hpp"
#include "repair/repair.hpp"

namespace nianbao::pipeline {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> builtin_models(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(dir) / "model", ec))
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// The error of an input that passed a limit: which, where, and the option that sets it.
diagnostic limit_error(const std::string& path, const budget::exceeded& e) {
  if (e.which() == budget::kind::time)
    return file_error(path, "time-limit",
                      fmt::format("processing stopped in the {} stage after {} s (the time limit per input, "
                                  "--time-limit)",
                                  e.stage(), e.limit().seconds));
  return file_error(path, "memory-limit",
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
    throw diagnostic_error(file_error("--only-profiles", "unknown-profile",
                                      "no profile is named \"" + name + "\" (the profiles: " + known + ")"));
  }
  profiles.erase(std::remove_if(profiles.begin(), profiles.end(),
                                [&](const auto& p) {
                                  return std::find(names.begin(), names.end(), p.name) == names.end();
                                }),
                 profiles.end());
}

std::vector<profile::profile> load_profiles(const std::string& dir, const options& opts) {
  auto profiles = profile::load_profile_dir(dir + "/profiles");
  for (const auto& d : opts.profile_dirs) {
    for (auto& p : profile::load_profile_dir(d)) {
      // A user's profile of the same name replaces the built-in one.
      auto same = std::find_if(profiles.begin(), profiles.end(), [&](const auto& q) { return q.name == p.name; });
      if (same != profiles.end()) *same = std::move(p);
      else profiles.push_back(std::move(p));
    }
  }
  if (!opts.only_profiles.empty()) keep_only(profiles, opts.only_profiles);
  return profiles;
}

}  // namespace

context::context(const options& opts) : opts_(opts) {
  check_options(opts);  // configuration_checks.hpp (issue 24)
  const auto dir = data_dir();
  auto model_files = opts.model_files.empty() ? builtin_models(dir) : opts.model_files;
  if (model_files.empty()) throw diagnostic_error(file_error(dir + "/model", "data-file", "no model (*.toml) found"));
  for (const auto& f : model_files) models_.push_back(model::load_model_file(f));
  model::current_first(models_);
  profiles_ = load_profiles(dir, opts);
  check_label_keys(profiles_, models_);
  kinship_ = std::make_shared<const profile_kinship>(profiles_);
  reads_html_ = std::any_of(profiles_.begin(), profiles_.end(), [](const auto& p) { return p.markup_html; });
  reads_spaced_ = std::any_of(profiles_.begin(), profiles_.end(), [](const auto& p) {
    return !p.markup_html && profile::reads_format(p, "spaced");
  });
  marks_headings_ = grammars_marking_headings(profiles_, dir);
  for (const auto& m : models_) {
    auto& per_model = labels_.emplace_back();
    for (std::size_t pi = 0; pi < profiles_.size(); ++pi) {
      std::shared_ptr<const resolve::label_index> index;  // of a profile before with the same [labels]
      for (std::size_t q = 0; q < pi && !index; ++q)
        if (profiles_[q].labels == profiles_[pi].labels) index = per_model[q];
      per_model.push_back(index ? index : std::make_shared<const resolve::label_index>(m, profiles_[pi]));
    }
    check::rule_set rules = m.rules_file.empty() ? check::rule_set() : check::load_rules_file(m.rules_file);
    for (const auto& extra : opts.rules_files) rules = check::load_rules_file(extra, rules);
    compiled_.push_back(check::compile(rules, m.rule_keys));
    across_years_rules_.push_back(m.across_years_rules_file.empty() ? check::rule_set()
                                                                    : check::load_rules_file(m.across_years_rules_file));
    measures_.push_back(measures::load_for(m));
  }
  check_rule_errors(models_, compiled_, opts.rules_files);
  divisions_ = &region::divisions_in(dir + "/data/divisions");
}

const measures::measure_set& context::measures_for(const model::template_model& m) const {
  return measures_[static_cast<std::size_t>(&m - models_.data())];
}

const check::compiled_rules& context::rules_for(const model::template_model& m) const {
  return compiled_[static_cast<std::size_t>(&m - models_.data())];
}

const check::rule_set& context::across_years_rules_for(const model::template_model& m) const {
  return across_years_rules_[static_cast<std::size_t>(&m - models_.data())];
}

record context::failed(const std::string& path, diagnostic error) const {
  record r(path, models_.front());
  if (error.file.empty()) error.file = path;
  r.errors.push_back(std::move(error));
  return r;
}

// What the steps of one input found: the record is made of it, in one place (make_record).
struct context::findings {
  std::optional<diagnostic> error;       // why the input gives no values (unreadable, empty, no tables)
  report_info info;                      // from the title
  std::size_t model = 0;                 // the template read
  std::optional<merge::merged> reading;  // the best reading of the report, under that template
  bool on_page = false;                  // a table of it was read from an HTML page's text
  std::vector<value> narrative;
  std::optional<check::checked> checks;
  std::optional<region::agency> region;          // the agency's division
  std::vector<measures::result> measures;        // the template's measures on the values
  record::reading_plan plan;                     // the profiles that read it
  bool read_exhaustively = false;                // reading holds the exhaustive reading of the tables
};

namespace {

// Repairs the candidates whose repair could change what the merge keeps.
void repair_where_it_matters(std::vector<resolve::candidate>& candidates, const model::template_model& m,
                             const check::compiled_rules& rules, bool enabled, const std::string& path) {
  budget::stage("repair");
  if (!enabled) return;
  for (std::size_t ci = 0; ci < candidates.size(); ++ci)
    if (merge::repair_could_matter(candidates, ci)) repair::repair_candidate(candidates[ci], m, rules, path);
}

// Why the reading of the profile ranked first (`candidates`: one, or none) cannot stand for the
// exhaustive reading of m (empty: it can): the whole template read, and every profile not read
// losing every tie to it (plan.hpp; docs/plan.md).
std::string plan_falls_short(const reading_plan& plan, const std::vector<profile::profile>& profiles,
                             const std::vector<resolve::candidate>& candidates, const model::template_model& m) {
  if (candidates.size() != 1) return "no-reading";
  std::string because = incomplete_because(candidates.front(), m);
  const std::size_t first = plan.order.front();
  for (const auto pi : plan.order)
    if (because.empty() && pi != first &&
        !wins_ties_against(plan, profiles, first, candidates.front().headings_marked, pi))
      because = "may-lose-tie:" + profiles[pi].name;
  return because;
}

// Why a planned reading's checks send the report to the exhaustive reading (empty: they pass).
std::string checks_fall_short(const check::checked& c) {
  if (c.report.failed) return "rule-failed";
  if (!c.report.rule_errors.empty()) return "rule-error";
  if (!c.warnings.empty()) return "check-warning:" + c.warnings.front().code;
  return {};
}

merge::merged merge_template(std::vector<resolve::candidate>& candidates, const model::template_model& m, int year_hint,
                             const std::string& path) {
  budget::stage("merge");
  auto merged = merge::merge_candidates(m, candidates, path);
  merged.year_hint = year_hint;
  return merged;
}

bool read_any_table(const merge::merged& reading) {
  return reading.filled > 0 || !reading.misaligned.empty() ||
         std::any_of(reading.table_profiles.begin(), reading.table_profiles.end(),
                     [](const std::string& p) { return !p.empty(); });
}

// Whether a profile reading a page's grid text (HTML, or a text read by its columns) supplied a
// table: then the title and the narrative are read from the page's text.
bool read_on_page(const document& doc, const merge::merged& reading, const std::vector<profile::profile>& profiles) {
  bool on_page = false;
  for (const auto& name : reading.table_profiles)
    for (const auto& p : profiles) on_page = on_page || (p.name == name && doc.on_page(p));
  return on_page;
}

diagnostic no_tables(const document& doc, std::size_t profiles_tried, std::size_t profiles) {
  return file_error(doc.path(), "no-tables",
                    "no table of a known report template was found (tried " +
                        (profiles_tried == profiles ? std::to_string(profiles)
                                                    : std::to_string(profiles_tried) + " of " + std::to_string(profiles)) +
                        (profiles == 1 ? " profile)" : " profiles)"));
}

// The report's prose: its text before the tables (the page's text when a table came from it).
std::string_view prose_of(const document& doc, const merge::merged& reading, bool on_page) {
  const auto text = doc.text(on_page);
  return text.substr(0, std::min(reading.tables_begin, text.size()));
}

// The numbers stated in the prose before the tables, placed in the input.
std::vector<value> read_narrative(const document& doc, const merge::merged& reading, const model::template_model& m,
                                  bool on_page) {
  const auto prose = prose_of(doc, reading, on_page);
  budget::stage("narrative");
  auto narrative = narrative::extract(prose, doc.lines(on_page), m);
  if (on_page)
    for (auto& v : narrative) doc.place_on_page(v.where);
  return narrative;
}

}  // namespace

record context::process(std::string_view bytes, const std::string& path) const {
  worker_state fresh;
  return process(bytes, path, fresh);
}

record context::process(std::string_view bytes, const std::string& path, worker_state& worker) const {
  const worker_state::scope state(worker);
  budget::scope limit({opts_.time_limit, opts_.memory_limit}, "decode");
  document doc(path);
  try {
    return run(bytes, doc);
  } catch (const budget::exceeded& e) {
    record r = failed(path, limit_error(path, e));
    r.encoding = doc.encoding();
    return r;
  } catch (const std::bad_alloc&) {
    // The machine's memory ran out before the estimate reached --memory-limit: this input
    // fails, the run goes on (issue 24: bad_alloc never escapes).
    record r = failed(path, file_error(path, "out-of-memory",
                                       fmt::format("processing stopped in the {} stage: out of memory (the machine's, "
                                                   "before the memory limit per input, --memory-limit)",
                                                   limit.stage())));
    r.encoding = doc.encoding();
    return r;
  }
}

// One input through the stages, in the order of the diagram (README.md, "How it works"); each
// stage is named to the budget as it starts.
record context::run(std::string_view bytes, document& doc) const {
  findings f;
  if ((f.error = doc.read(bytes))) return make_record(doc, std::move(f));  // read
  if (!doc.structured() && (f.error = doc.decode(bytes, opts_.encoding))) return make_record(doc, std::move(f));  // decode
  f.info = read_report_info(doc.text(), doc.path());
  doc.read_page(reads_html_, reads_spaced_);
  readings reads(doc, profiles_, *kinship_);
  const int hint = reads.year_hint();
  const report_info info = f.info;  // from the decoded text (the page's may replace it)
  if (opts_.exhaustive || !read_planned(doc, reads, hint, f)) {  // plan
    if (!f.read_exhaustively) {
      const auto because = std::move(f.plan.fell_back_because);
      f = findings();
      f.info = info;
      f.plan.fell_back_because = because;
      reads.read();  // layout: every profile that can read it
      read_tables(doc, reads, hint, f);
    }
    f.plan.profiles_tried.clear();
    for (const auto pi : reads.readable()) f.plan.profiles_tried.push_back(profiles_[pi].name);
    f.plan.exhaustive = true;
    if (!read_any_table(*f.reading)) {
      f.error = no_tables(doc, reads.size(), profiles_.size());
      return make_record(doc, std::move(f));
    }
    narrative_and_checks(doc, f);  // narrative, check
  }
  // The agency's division: the prose before the tables may name its province or prefecture.
  budget::stage("region");
  f.region = region::resolve_agency(*divisions_, f.info.agency, prose_of(doc, *f.reading, f.on_page), doc.path());
  budget::stage("measures");
  f.measures = measures::evaluate(measures_[f.model], f.reading->values);  // region, measures
  return make_record(doc, std::move(f));
}

void context::read_tables(const document& doc, readings& reads, int year_hint, findings& f) const {
  for (std::size_t mi = 0; mi < models_.size(); ++mi) read_template(doc, reads, year_hint, mi, f);
  reads.release();
}

void context::read_template(const document& doc, readings& reads, int year_hint, std::size_t mi, findings& f) const {
  // A template with fewer keys than the best reading so far has filled cannot beat it
  // (better_template compares filled values first): it is not resolved at all.
  const auto& m = models_[mi];
  if (f.reading && m.keys.size() < f.reading->filled) return;
  auto candidates = reads.resolve(m, labels_[mi], mi + 1 < models_.size());                     // resolve
  repair_where_it_matters(candidates, m, compiled_[mi], opts_.repair, doc.path());  // repair
  auto merged = merge_template(candidates, m, year_hint, doc.path());                                      // merge
  if (!f.reading || merge::better_template(merged, m, *f.reading, models_[f.model], f.info.year)) {
    f.reading = std::move(merged);
    f.model = mi;
  }
}

bool context::read_planned(document& doc, readings& reads, int year_hint, findings& f) const {
  auto& because = f.plan.fell_back_because;
  // Only a template no other can beat whatever the other profiles read may be accepted
  // (plan.hpp): without one the plan has nothing to gain; with one it is the only one read.
  const int year = f.info.year ? f.info.year : year_hint;
  std::size_t mi = 0;
  while (mi < models_.size() && !template_settled(models_, mi, year)) ++mi;
  if (mi == models_.size()) return read_planned_last_template(doc, reads, year_hint, f);
  const auto plan = make_plan(reads, profiles_, marks_headings_);
  if (plan.order.empty()) {
    because = "no-profile";
    return false;
  }
  const std::size_t first = plan.order.front();
  const std::vector<std::size_t> tried{first};
  reads.read(&tried);  // layout
  const auto& m = models_[mi];
  auto candidates = reads.resolve(m, labels_[mi], false);  // resolve
  // Complete: the whole template read, and every profile not read loses every tie to it
  // (plan.hpp; docs/plan.md).
  because = plan_falls_short(plan, profiles_, candidates, m);
  if (!because.empty()) {
    // The exhaustive reading would resolve it again alike: it takes this one (the repair, which
    // depends on the other readings, is left to it).
    if (candidates.size() == 1) reads.reuse(first, m, std::move(candidates.front()));
    return false;
  }
  f.reading = merge_template(candidates, m, year_hint, doc.path());  // merge (no repair: nothing is misaligned)
  f.model = mi;
  narrative_and_checks(doc, f);
  if (!(because = checks_fall_short(*f.checks)).empty()) return false;  // and it passes every rule
  f.plan.profiles_tried = {profiles_[first].name};
  f.plan.accepted = profiles_[first].name;
  return true;
}

bool context::read_planned_last_template(document& doc, readings& reads, int year_hint, findings& f) const {
  auto& because = f.plan.fell_back_because;
  because = "template-not-settled";
  const auto plan = make_plan(reads, profiles_, marks_headings_);
  const std::size_t last = models_.size() - 1;
  if (plan.order.empty() || last == 0) return false;
  const std::size_t first = plan.order.front();
  // The templates before the last, as the exhaustive reading reads them: every profile.
  reads.read();  // layout
  for (std::size_t mi = 0; mi < last; ++mi) read_template(doc, reads, year_hint, mi, f);
  const auto& m = models_[last];
  const auto exhaustive_after_all = [&] {
    read_template(doc, reads, year_hint, last, f);
    reads.release();
    f.read_exhaustively = true;
    return false;
  };
  // The exhaustive reading leaves out a template with fewer keys than the best so far filled.
  if (f.reading && m.keys.size() < f.reading->filled) return exhaustive_after_all();
  // The last by the profile ranked first, alone: complete, winning every tie (as read_planned).
  const std::vector<std::size_t> alone{first};
  auto candidates = reads.resolve(m, labels_[last], false, &alone);  // resolve
  because = plan_falls_short(plan, profiles_, candidates, m);
  if (!because.empty()) {
    if (candidates.size() == 1) reads.reuse(first, m, std::move(candidates.front()));
    return exhaustive_after_all();
  }
  // Then the exhaustive reading of the last template is this one, but for the column headers
  // seen (the most any profile's reading saw: at least this one's, at most all the template
  // has), which better_template weighs: the record must be the same whatever they are.
  auto merged = merge_template(candidates, m, year_hint, doc.path());
  std::size_t columns = 0;
  for (const auto& t : m.tables) columns += t.column_labels.size();
  const std::size_t seen_here = merged.column_labels_seen;
  bool wins = true;
  for (std::size_t seen = seen_here; seen <= std::max(columns, seen_here); ++seen) {
    merged.column_labels_seen = seen;
    wins = wins && (!f.reading || merge::better_template(merged, m, *f.reading, models_[f.model], f.info.year));
  }
  merged.column_labels_seen = seen_here;
  if (!wins) {
    because = "template-may-lose";
    return exhaustive_after_all();  // (the merge took the candidate's values: resolved again)
  }
  reads.release();
  f.reading = std::move(merged);
  f.model = last;
  narrative_and_checks(doc, f);
  // And it passes every rule (else read exhaustively from the start: a rare report).
  if (!(because = checks_fall_short(*f.checks)).empty()) return false;
  for (const auto pi : reads.readable()) f.plan.profiles_tried.push_back(profiles_[pi].name);
  f.plan.accepted = profiles_[first].name;
  return true;
}

void context::narrative_and_checks(document& doc, findings& f) const {
  // An HTML page's title is in its grid text; a text read by its columns keeps its own (the grid
  // text leaves out running headers, which may repeat the title).
  if ((f.on_page = read_on_page(doc, *f.reading, profiles_)) && doc.page()->kind == read::format::html)
    f.info = read_report_info(doc.text(true), doc.path());
  f.narrative = read_narrative(doc, *f.reading, models_[f.model], f.on_page);  // narrative
  // A structured input's positions, from its grid text to its file, before the checks copy them.
  for (auto& v : f.reading->values) doc.place(v.where);
  for (auto& v : f.narrative) doc.place(v.where);
  budget::stage("check");
  f.checks = check::check_values(compiled_[f.model], f.reading->values, f.narrative, doc.path());  // check
}

// The record of one input, made here only: from what the steps found, every part in its place.
record context::make_record(document& doc, findings f) const {
  const auto& m = models_[f.model];
  // Made of its model: every key of m missing, the values parallel to m's keys (issue 24: a
  // record of one template with the first template's values made the writers read past them).
  record r(doc.path(), m);
  if (f.error) {
    if (f.error->file.empty()) f.error->file = doc.path();
    r.errors.push_back(std::move(*f.error));
  } else {
    r.values = std::move(f.reading->values);
    r.table_profiles = std::move(f.reading->table_profiles);
    r.repairs = std::move(f.reading->repairs);
    bool complete = true;
    for (const auto& v : r.values) complete = complete && v.kind != cell_kind::missing;
    r.status = complete ? status::parsed : status::partial;
    r.narrative = std::move(f.narrative);
  }
  r.plan = std::move(f.plan);
  r.encoding = doc.encoding();
  if (opts_.keep_text) r.text = std::make_shared<const std::string>(doc.text());
  r.info = std::move(f.info);
  // Warnings in the order the stages found them: decode's, the page's (when a table came from it,
  // or when they may be why none did: a warning), the readings', the tables not found, the checks'.
  r.warnings = std::move(doc.warnings());
  const auto& problems = doc.page_problems();
  if (doc.page() && (f.on_page || std::any_of(problems.begin(), problems.end(), [](const diagnostic& d) {
                       return d.severity == severity::warning;
                     })))
    for (auto& d : doc.page_problems()) r.warnings.push_back(std::move(d));
  if (!f.error) {
    for (auto& n : f.reading->notes) r.warnings.push_back(std::move(n));
    for (std::size_t t = 0; t < m.tables.size(); ++t) {
      if (!r.table_profiles[t].empty()) continue;
      diagnostic d = file_error(doc.path(), "table-not-found", "table \"" + m.tables[t].id + "\" was not found");
      d.severity = severity::warning;
      r.warnings.push_back(std::move(d));
    }
    for (auto& w : f.checks->warnings) r.warnings.push_back(std::move(w));
    r.checks = std::move(f.checks->report);
    for (const auto& w : f.region->warnings) r.warnings.push_back(w);
    r.region = std::move(f.region);
    r.measure_defs = &measures_[f.model];
    r.measures = std::move(f.measures);
  }
  for (auto& d : r.warnings) doc.place(d.where);
  for (auto& d : r.errors) doc.place(d.where);
  return r;
}

}  // namespace nianbao::pipeline
