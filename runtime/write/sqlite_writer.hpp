#pragma once
// SQLite output of records. The database file, new or empty (nothing is removed: nianbao parse
// gives a temporary file, write::output_file), is written with the tables
//
//   meta(key, value)                      schema_version (1), created (UTC time), writer; when
//                                         the run completed (finish()): completed (UTC time),
//                                         reports, parsed, partial, failed (counts)
//   reports(id, path, encoding, template, title, agency, year, status, values_found,
//           repairs, warnings, errors, checks_passed, checks_failed, checks_skipped,
//           checks_not_assessable)        id = position in the output, 1-based (input order)
//   "values"(report_id, key, value, kind, raw, repaired, line, column, profile)
//                                         one row per key the report gives (as the CSV long
//                                         form); value is an INTEGER or REAL, NULL when kind is
//                                         placeholder | empty | text. VALUES is an SQL keyword:
//                                         write the table name in double quotes.
//   repairs(report_id, key, read, chosen, why, rules)      rules: rule ids joined by ", "
//   checks(report_id, rule, instance, name, severity, message, expression, left_value,
//          right_value, keys)
//                                         one row per failed rule instance; keys is the JSON
//                                         object of the keys involved (value, line, column)
//   warnings(report_id, severity, code, line, column, message)
//   errors(report_id, code, message)      why a report gave no (or not all) values
//   regions(report_id, code, level, province_code, province, prefecture_code, prefecture,
//           county_code, county, township_code, township, kind, department, basis, candidates)
//                                         the agency's division (runtime/region): one row per
//                                         report read; code NULL when unresolved (candidates:
//                                         the codes it could be, joined by ", ")
//   measures(report_id, measure, value, numerator, denominator, why)
//                                         the derived measures (docs/measures.md); value NULL
//                                         with why = missing | not-a-number | zero-denominator
//   keys, measure_definitions, and the views active, requests, review, report_measures:
//                                         see sqlite_views.hpp
//   meta also holds version, command_line and divisions (the division table's source)
//
// and indexes on every report_id, "values"(key), checks(rule), warnings(code),
// reports(path), reports(agency, year), reports(status).
//
// Records are written in transactions of `batch` reports: a run that is interrupted leaves a
// consistent file holding every batch committed before (the journal rolls back the rest the
// next time the file is opened). The indexes, the dictionary and the views are made by finish(),
// after the records (building an index once is a sort; keeping it up to date row by row was most
// of the time SQLite took): the file of an interrupted run has the records without them. The
// file is not synced to disk at each commit (PRAGMA synchronous=OFF): it is a temporary file,
// put in place only when the run completes, as the JSON Lines and CSV files are.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "record/record.hpp"
#include "write/record_sink.hpp"
#include "write/sqlite_views.hpp"

namespace nianbao::write {

struct sqlite_options {
  std::size_t batch = 200;  // reports per transaction
  std::string version;       // meta "version" (e.g. "nianbao 0.1.0"), when given
  std::string command_line;  // meta "command_line", when given
  std::string divisions;     // meta "divisions": the division table's source, when given
  // The templates records may follow, for the dictionary and views (made by finish()). When
  // empty, the templates of the records written.
  std::vector<template_tables> templates;
};

class sqlite_writer final : public record_sink {
 public:
  // Throws nianbao::diagnostic_error (code "io") when the file cannot be created.
  explicit sqlite_writer(const std::string& file, sqlite_options opts = {});
  ~sqlite_writer() override;  // commits what is pending (finish() reports errors; the destructor cannot)
  sqlite_writer(const sqlite_writer&) = delete;
  sqlite_writer& operator=(const sqlite_writer&) = delete;

  // Throws diagnostic_error (code "io") on a database error (disk full, ...).
  void write(const pipeline::record& r) override;
  // Commits the last batch and closes the file. Throws diagnostic_error on error.
  void finish() override;

  std::size_t written() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> p_;
};

}  // namespace nianbao::write
