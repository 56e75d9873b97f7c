#pragma once
// What the SQLite output holds beside the records, for people who query it: a dictionary of
// the canonical keys, the measures' definitions, and a wide view per table. Written by
// sqlite_writer (see its header for the tables).
//
//   keys(key, template, "table", "row", "column", row_label, column_label, unit, column_name)
//       every key of every template: its table, row and column, their Chinese labels as the
//       model prints them, its unit (件, or 万元 for a decimal amount), and its column in the
//       wide view of its table
//   measure_definitions(template, measure, label, definition, numerator, denominator)
//   views active, requests, review: one row per report, the columns
//       report_id, path, template, status, agency, year, region_code, province, prefecture,
//       county, township, then one column per key of the table in every template (the key
//       without the table's name, dots made '_': requests.denied.state_secret.total ->
//       denied_state_secret_total), NULL where the report gives no number
//   view report_measures: one row per report, the same leading columns, one column per measure
#include <string>
#include <vector>

#include "measures/measures.hpp"
#include "model/model.hpp"

struct sqlite3;

namespace nianbao::write {

struct template_tables {
  const model::template_model* model = nullptr;
  const measures::measure_set* measures = nullptr;  // may be null
};

// A key's column in the wide view of its table: "requests.denied.state_secret.total" ->
// "denied_state_secret_total".
std::string view_column(const std::string& key);

// The SQL that creates the dictionary, the measure definitions and the views for these
// templates (statements separated by ';'), and the rows of the dictionary as INSERTs.
std::string dictionary_sql(const std::vector<template_tables>& templates);

}  // namespace nianbao::write
