#include "write/sqlite_views.hpp"

#include <map>
#include <set>

#include "model/key_dictionary.hpp"

namespace nianbao::write {

namespace {

// An SQL string literal.
std::string lit(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string lit_or_null(const std::string& s) { return s.empty() ? "NULL" : lit(s); }

const char* kLeading =
    "r.id AS report_id, r.path, r.template, r.status, r.agency, r.year, g.code AS region_code, g.province, "
    "g.prefecture, g.county, g.township";
const char* kFrom = " FROM reports r LEFT JOIN regions g ON g.report_id = r.id";

}  // namespace

std::string view_column(const std::string& key) {
  std::string out = key.substr(key.find('.') + 1);
  for (auto& c : out)
    if (c == '.') c = '_';
  return out;
}

std::string dictionary_sql(const std::vector<template_tables>& templates) {
  std::string sql;
  // Tables in the order of the first template; each table's keys in template order, a key of
  // several templates once.
  std::vector<std::string> tables;
  std::map<std::string, std::vector<std::string>> table_keys;
  std::set<std::string> seen;
  std::vector<std::string> measure_ids;
  std::set<std::string> seen_measures;
  for (const auto& t : templates) {
    for (const auto& k : model::key_entries(*t.model)) {
      sql += "INSERT INTO keys VALUES(" + lit(k.key) + "," + lit(t.model->id) + "," + lit(k.table) + "," +
             lit(k.row) + "," + lit(k.column) + "," + lit_or_null(k.row_label) + "," + lit_or_null(k.column_label) +
             "," + lit(model::unit_of(k.type)) + "," + lit(view_column(k.key)) + ");\n";
      if (!table_keys.count(k.table)) tables.push_back(k.table);
      if (seen.insert(k.key).second) table_keys[k.table].push_back(k.key);
    }
    if (t.measures)
      for (const auto& m : t.measures->measures()) {
        sql += "INSERT INTO measure_definitions VALUES(" + lit(t.model->id) + "," + lit(m.id) + "," + lit(m.label) +
               "," + lit(m.definition) + "," + lit(m.numerator) + "," + lit(m.denominator) + ");\n";
        if (seen_measures.insert(m.id).second) measure_ids.push_back(m.id);
      }
  }
  for (const auto& table : tables) {
    sql += "CREATE VIEW \"" + table + "\" AS SELECT " + kLeading;
    for (const auto& key : table_keys[table])
      sql += ",\n  (SELECT value FROM \"values\" v WHERE v.report_id = r.id AND v.key = " + lit(key) + ") AS \"" +
             view_column(key) + "\"";
    sql += std::string(kFrom) + ";\n";
  }
  sql += std::string("CREATE VIEW report_measures AS SELECT ") + kLeading;
  for (const auto& id : measure_ids)
    sql += ",\n  (SELECT value FROM measures m WHERE m.report_id = r.id AND m.measure = " + lit(id) + ") AS \"" + id +
           "\"";
  sql += std::string(kFrom) + ";\n";
  return sql;
}

}  // namespace nianbao::write
