#pragma once
// Year over year as data: for each pair of an agency's reports in consecutive years (paired as
// `nianbao check --across-years` pairs them: pipeline::check_across_years), every canonical key
// and every measure with last year's value, this year's and the change, and the across-years
// rules' results (上年结转 = last year's 结转下年度, 现行有效件数). Written as JSON Lines, CSV and
// SQLite by `nianbao compare`.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pipeline/across_years.hpp"

namespace nianbao::compare {

struct change {
  std::string name;        // a canonical key, or a measure's id
  bool measure = false;    // a measure (docs/measures.md) rather than a key
  std::optional<double> prev, cur;
  std::optional<double> difference;  // cur - prev, when both are numbers
  std::string prev_kind, cur_kind;   // "number", "placeholder", "empty", "text", "missing"
};

// Every key of the pair's template in model order, then every measure, in order. A value that
// is not a number on either side has no difference (never a change from or to 0).
std::vector<change> changes(const pipeline::record& prev, const pipeline::record& cur);

// One JSON object per pair:
// {"agency","region_code","template","prev":{"path","year"},"cur":{"path","year"},
//  "values":{"<key>":{"prev","cur","change"},...},"measures":{"<id>":{"prev","cur","change"},...},
//  "checks":{...as nianbao check --format json...}}
// Appended to `out` (no newline).
void append_json(std::string& out, const pipeline::year_pair& p, const std::vector<change>& c);

// The CSV of `nianbao compare --csv`: a header, then one row per pair and key or measure:
//   agency, region_code, template, prev_year, cur_year, prev_path, cur_path, kind (key | measure),
//   name, prev, cur, change
void write_csv_header(std::ostream& out);
void write_csv(std::ostream& out, const pipeline::year_pair& p, const std::vector<change>& c);

// The SQLite file of `nianbao compare --db`, written into `file`, new or empty: nothing is
// removed (the command gives a temporary file, write::output_file, put in place at the end):
//   meta(key, value)      `meta` as given (writer, version, command_line, reports), then
//                         completed (UTC time) and pairs (their count), written last
//   pairs(id, agency, region_code, template, prev_path, prev_year, cur_path, cur_year,
//         checks_passed, checks_failed, checks_skipped, checks_not_assessable)
//   pair_changes(pair_id, kind, name, prev, cur, change)
//   pair_checks(pair_id, rule, instance, name, severity, status, message, expression, left_value,
//               right_value)     every instance of the across-years rules, passed ones included
// Throws diagnostic_error (code "io") when it cannot be written.
void write_sqlite(const std::string& file, const std::vector<pipeline::year_pair>& pairs,
                  const std::vector<std::vector<change>>& changes, const std::vector<std::pair<std::string, std::string>>& meta);

}  // namespace nianbao::compare
