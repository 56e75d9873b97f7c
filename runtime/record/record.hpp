#pragma once
// The canonical record of one input: what every output format is written from.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/value.hpp"
#include "measures/measures.hpp"
#include "rules/rules.hpp"
#include "model/model.hpp"
#include "region/resolve.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::pipeline {

enum class status {
  parsed,   // every table of the template found and every key given a value
  partial,  // some values found
  failed,   // nothing usable: see errors
};

const char* to_string(status s) noexcept;

struct report_info {
  std::string title;   // the report's title line, as printed
  std::string agency;  // normalised agency name read from the title
  int year = 0;        // report year from the title (0 = unknown)
};

// A record's values belong to its model: `values` and `narrative` are parallel to the model's
// keys and narrative facts, `table_profiles` to its tables. A record is made of a model
// (record(path, m)) and moved to another one only by of_model, which makes the three parallel
// again (every value missing): the writers index them by the model's keys (issue 24: a record
// of one model with the values of another made the JSON writer read past their end).
struct record {
  record() = default;
  record(std::string path, const model::template_model& m) : path(std::move(path)) { of_model(m); }
  // The record now belongs to m: its values, narrative and table profiles are m's, all missing.
  void of_model(const model::template_model& m);
  // Whether values, narrative and table_profiles are parallel to the model (always true of a
  // record made as above; a record without a model has none of them).
  bool parallel_to_model() const;

  std::string path;       // file, "archive.zip:member", or "-" for stdin
  std::string encoding;   // as detected or forced
  const model::template_model* model = nullptr;  // null when nothing could be read
  report_info info;
  std::vector<value> values;                // parallel to model->keys
  std::vector<std::string> table_profiles;  // parallel to model->tables
  std::vector<resolve::repair> repairs;
  std::vector<diagnostic> warnings;  // warnings and notes about the report
  std::vector<diagnostic> errors;    // why values are missing: unreadable input, no tables, ...
  std::vector<value> narrative;      // parallel to model->narrative: numbers stated in 一、总体情况
  std::optional<check::check_report> checks;  // the template's rules on the values
  // The agency resolved to its division and kind (runtime/region): set when the report was read
  // (tables found); null for an input that failed.
  std::optional<region::agency> region;
  // The template's derived measures (runtime/measures), parallel to measure_defs->measures();
  // empty when the input failed or the template has none.
  const measures::measure_set* measure_defs = nullptr;
  std::vector<measures::result> measures;
  nianbao::pipeline::status status = status::failed;
  // Which profiles read the report (pipeline/plan.hpp): the one the plan ranked first, alone,
  // when its reading was complete; else every profile that could read it (`exhaustive`). Empty
  // for an input that was not read. Written only with --provenance: the record is otherwise the
  // same either way.
  struct reading_plan {
    std::vector<std::string> profiles_tried;
    bool exhaustive = false;
    // Why the plan's first reading was not the record (docs/plan.md, "Why a report is read
    // exhaustively"): "template-not-settled", "cells-empty", "may-lose-tie:<profile>", ...;
    // empty when it was, with --exhaustive, or for an input not read.
    std::string fell_back_because;
    // The profile whose reading alone is the record, when the plan accepted one: the only one
    // tried where the template was settled; else the others read the templates before the
    // record's (a gov-2019 report), and it alone the record's. Empty when exhaustive.
    std::string accepted;
  } plan;
  // The text its positions refer to (decoded; of a structured file, its grid text: a position
  // with a page is found by its byte), kept only when asked (pipeline::options::keep_text).
  std::shared_ptr<const std::string> text;
};

}  // namespace nianbao::pipeline
