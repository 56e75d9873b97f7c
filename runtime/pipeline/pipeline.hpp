#pragma once
// The whole pipeline for one input: read -> decode -> layout (every profile) -> resolve (every
// template) -> repair -> merge -> narrative -> check, into its record (context::run names the steps).
// A `context` holds what is loaded once: models, profiles, their label indexes, compiled rules.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rules.hpp"
#include "model/model.hpp"
#include "record/record.hpp"
#include "profile/profile.hpp"
#include "resolve/labels.hpp"

namespace nianbao::pipeline {

class document;
class readings;
class worker_state;
struct profile_kinship;

struct options {
  std::vector<std::string> profile_dirs;  // empty: the built-in profiles
  // Only these profiles (by name) are tried; empty: every profile. For an archive whose layouts
  // are known: each profile left out saves its grammar pass and reading of every report, and a
  // report in a layout left out gives no-tables. A name no profile has is an error.
  std::vector<std::string> only_profiles;
  // Every profile that can read a report reads it, and the readings are merged table by table
  // (the design before issue 20). false: the plan step (pipeline/plan.hpp) reads a report with
  // the profile ranked first alone where that reading is complete, and exhaustively otherwise:
  // the same record but for record::plan.
  bool exhaustive = false;
  std::vector<std::string> model_files;   // empty: the built-in models
  std::vector<std::string> rules_files;   // extra rules files, on top of each model's own
  std::string encoding;                   // forced input encoding; empty = detect
  bool repair = true;                     // resolve misaligned rows through the rules
  // Per-input limits (see core/budget.hpp): an input that passes one gives a failed record with
  // error "time-limit" or "memory-limit", and the next input is processed as usual. 0 = no limit.
  // A real report takes milliseconds and a few MB; the defaults only stop pathological inputs.
  double time_limit = 30;                       // seconds of wall-clock time per input
  std::uint64_t memory_limit = 512ull << 20;   // bytes per input (an estimate: budget::charge)
  // Keep each record's text (record::text), for a command that shows its source lines (check).
  bool keep_text = false;
};

// Where the built-in data (profiles/, model/) is: $NIANBAO_DATA_DIR, the source tree this
// binary was built from, or the install prefix.
std::string data_dir();

class context {
 public:
  // Throws nianbao::diagnostic_error when a profile or model file is bad.
  explicit context(const options& opts);

  const std::vector<model::template_model>& models() const { return models_; }
  const std::vector<profile::profile>& profiles() const { return profiles_; }
  const options& opts() const { return opts_; }
  // A template's rules bound to its rule_keys: what a record's checks were evaluated with (its
  // results parallel to the instances).
  const check::compiled_rules& rules_for(const model::template_model& m) const;
  const check::rule_set& across_years_rules_for(const model::template_model& m) const;
  // The derived measures of a template (model/<template>.measures; empty when it has none).
  const measures::measure_set& measures_for(const model::template_model& m) const;
  // The division table agencies are resolved to (data/divisions).
  const region::division_table& divisions() const { return *divisions_; }

  // Never throws for bad input: problems are in the record's errors. Runs within the time and
  // memory limits of the options (a budget::scope on the calling thread).
  // The caches and buffers the stages keep between inputs are those of `worker`
  // (worker_state.hpp): a caller processing many inputs keeps one per thread (the batch
  // processor does); without it they are made afresh for this input.
  record process(std::string_view bytes, const std::string& path, worker_state& worker) const;
  record process(std::string_view bytes, const std::string& path) const;
  // The record of an input that could not be read at all: every key null, the error given.
  record failed(const std::string& path, diagnostic error) const;

 private:
  struct findings;  // what the steps of one input found (pipeline.cpp)
  record run(std::string_view bytes, document& doc) const;
  // layout -> resolve -> repair -> merge, every template, with the profiles `reads` was last
  // asked to read: the best reading in f.reading, f.model.
  void read_tables(const document& doc, readings& reads, int year_hint, findings& f) const;
  // One template of read_tables: resolve, repair, merge, and kept in f when it is the best so far.
  void read_template(const document& doc, readings& reads, int year_hint, std::size_t mi, findings& f) const;
  // The plan step: the profile ranked first reads the document alone; true when its reading is
  // complete (plan.hpp) and passes every rule (f then holds it, narrative and checks made).
  bool read_planned(document& doc, readings& reads, int year_hint, findings& f) const;
  // The plan where no template is settled before reading (a gov-2019 report): every template but
  // the last read by every profile, the last by the profile ranked first alone (docs/plan.md).
  // True as read_planned; false with f.read_exhaustively when it read the report exhaustively
  // after all (then f holds the exhaustive reading of the tables).
  bool read_planned_last_template(document& doc, readings& reads, int year_hint, findings& f) const;
  // narrative -> check, on the reading in f.
  void narrative_and_checks(document& doc, findings& f) const;
  record make_record(document& doc, findings f) const;

  options opts_;
  std::vector<model::template_model> models_;
  std::vector<profile::profile> profiles_;
  // [model][profile]: the label index each profile reads a template with. Built once per model
  // and distinct [labels] (the built-in profiles have none: one index per model), shared
  // read-only by every profile, report and thread: building one converts every label of the
  // template to its Taiwan-phrase spelling (OpenCC): ~20 M instructions.
  std::vector<std::vector<std::shared_ptr<const resolve::label_index>>> labels_;
  // Which profiles read and resolve a layout's cells alike (pipeline/readings.hpp).
  std::shared_ptr<const profile_kinship> kinship_;
  bool reads_html_ = false;                                // some profile reads HTML pages
  bool reads_spaced_ = false;                              // some profile reads space-aligned texts
  std::vector<char> marks_headings_;                       // [profile]: its grammar can (plan.hpp)
  std::vector<check::compiled_rules> compiled_;            // [model]: its rules bound to its rule_keys
  std::vector<check::rule_set> across_years_rules_;        // [model]
  std::vector<measures::measure_set> measures_;            // [model]
  const region::division_table* divisions_ = nullptr;     // loaded once per process
};

}  // namespace nianbao::pipeline
