#include "write/sqlite_writer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

#include "core/utf8.hpp"
#include "write/check_json.hpp"
#include "write/number_text.hpp"

namespace nianbao::write {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE reports(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  encoding TEXT,
  template TEXT,
  title TEXT,
  agency TEXT,
  year INTEGER,
  status TEXT NOT NULL,
  values_found INTEGER NOT NULL,
  repairs INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  checks_passed INTEGER,
  checks_failed INTEGER,
  checks_skipped INTEGER,
  checks_not_assessable INTEGER);
CREATE TABLE "values"(
  report_id INTEGER NOT NULL REFERENCES reports(id),
  key TEXT NOT NULL,
  value,
  kind TEXT NOT NULL,
  raw TEXT,
  repaired INTEGER NOT NULL,
  line INTEGER,
  column INTEGER,
  profile TEXT,
  PRIMARY KEY(report_id, key)) WITHOUT ROWID;
CREATE TABLE repairs(
  report_id INTEGER NOT NULL REFERENCES reports(id),
  key TEXT, read TEXT, chosen TEXT, why TEXT, rules TEXT);
CREATE TABLE checks(
  report_id INTEGER NOT NULL REFERENCES reports(id),
  rule TEXT NOT NULL, instance TEXT, name TEXT NOT NULL, severity TEXT NOT NULL, message TEXT,
  expression TEXT, left_value REAL, right_value REAL, keys TEXT);
CREATE TABLE warnings(
  report_id INTEGER NOT NULL REFERENCES reports(id),
  severity TEXT NOT NULL, code TEXT, line INTEGER, column INTEGER, message TEXT);
CREATE TABLE errors(
  report_id INTEGER NOT NULL REFERENCES reports(id),
  code TEXT, message TEXT);
CREATE TABLE regions(
  report_id INTEGER PRIMARY KEY REFERENCES reports(id),
  code TEXT, level TEXT, province_code TEXT, province TEXT, prefecture_code TEXT, prefecture TEXT,
  county_code TEXT, county TEXT, township_code TEXT, township TEXT, kind TEXT NOT NULL, department TEXT,
  basis TEXT, candidates TEXT);
CREATE TABLE measures(
  report_id INTEGER NOT NULL REFERENCES reports(id),
  measure TEXT NOT NULL, value REAL, numerator REAL, denominator REAL, why TEXT,
  PRIMARY KEY(report_id, measure)) WITHOUT ROWID;
CREATE TABLE keys(
  key TEXT NOT NULL, template TEXT NOT NULL, "table" TEXT NOT NULL, "row" TEXT NOT NULL, "column" TEXT NOT NULL,
  row_label TEXT, column_label TEXT, unit TEXT NOT NULL, column_name TEXT NOT NULL,
  PRIMARY KEY(template, key));
CREATE TABLE measure_definitions(
  template TEXT NOT NULL, measure TEXT NOT NULL, label TEXT, definition TEXT, numerator TEXT, denominator TEXT,
  PRIMARY KEY(template, measure));
)sql";

// Made when the records are written (finish): an index built once over its table's rows costs a
// sort, an index kept up to date row by row a B-tree insert at a random place each (with the
// "values" index on key, most of the time SQLite spent).
constexpr const char* kIndexes = R"sql(
CREATE INDEX regions_code ON regions(code);
CREATE INDEX measures_measure ON measures(measure);
CREATE INDEX values_key ON "values"(key);
CREATE INDEX repairs_report ON repairs(report_id);
CREATE INDEX checks_report ON checks(report_id);
CREATE INDEX checks_rule ON checks(rule);
CREATE INDEX warnings_report ON warnings(report_id);
CREATE INDEX warnings_code ON warnings(code);
CREATE INDEX errors_report ON errors(report_id);
CREATE INDEX reports_path ON reports(path);
CREATE INDEX reports_agency_year ON reports(agency, year);
CREATE INDEX reports_status ON reports(status);
)sql";

// The time now, UTC, as 2026-12-07T06:45:00Z.
std::string utc_now() {
  char text[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

[[noreturn]] void fail(const std::string& file, const std::string& what, sqlite3* db) {
  throw diagnostic_error(file_error(file, "io", what + (db ? std::string(": ") + sqlite3_errmsg(db) : std::string())));
}

// What a statement parameter can be: NULL, an integer, a real, a text (made valid UTF-8).
struct sql_null {};
// A text that is NULL when empty, an integer that is NULL when 0 (an unknown line, year, ...).
struct text_or_null {
  std::string_view text;
};
struct int_or_null {
  std::size_t value;
};

void bind_param(sqlite3_stmt* s, int i, sql_null) { sqlite3_bind_null(s, i); }
void bind_param(sqlite3_stmt* s, int i, sqlite3_int64 v) { sqlite3_bind_int64(s, i, v); }
void bind_param(sqlite3_stmt* s, int i, std::size_t v) { sqlite3_bind_int64(s, i, static_cast<sqlite3_int64>(v)); }
void bind_param(sqlite3_stmt* s, int i, double v) { sqlite3_bind_double(s, i, v); }
// The text is bound where it lies (SQLITE_STATIC: it outlives the statement's step); text that
// is not valid UTF-8 is bound as a copy with U+FFFD in its place.
void bind_param(sqlite3_stmt* s, int i, std::string_view v) {
  if (is_valid_utf8(v)) {
    sqlite3_bind_text(s, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
    return;
  }
  const std::string t = utf8_or_replacement(v);
  sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
}
void bind_param(sqlite3_stmt* s, int i, const std::string& v) { bind_param(s, i, std::string_view(v)); }
void bind_param(sqlite3_stmt* s, int i, const char* v) { bind_param(s, i, std::string_view(v)); }
void bind_param(sqlite3_stmt* s, int i, text_or_null v) {
  if (v.text.empty()) bind_param(s, i, sql_null{});
  else bind_param(s, i, v.text);
}
void bind_param(sqlite3_stmt* s, int i, int_or_null v) {
  if (v.value == 0) bind_param(s, i, sql_null{});
  else bind_param(s, i, v.value);
}
void bind_param(sqlite3_stmt* s, int i, const std::optional<double>& v) {
  if (v) bind_param(s, i, *v);
  else bind_param(s, i, sql_null{});
}
void bind_param(sqlite3_stmt* s, int i, const std::optional<std::size_t>& v) {
  if (v) bind_param(s, i, *v);
  else bind_param(s, i, sql_null{});
}

// A value as the JSON output has it: an integer, a real, or NULL when it is not a number.
struct value_param {
  const value& cell;
  model::value_type type;
};
void bind_param(sqlite3_stmt* s, int i, value_param p) {
  if (p.cell.kind != cell_kind::number) bind_param(s, i, sql_null{});
  else if (written_as_integer(p.cell, p.type)) bind_param(s, i, static_cast<sqlite3_int64>(p.cell.number));
  else bind_param(s, i, p.cell.number);
}

}  // namespace

struct sqlite_writer::impl {
  std::string file;
  sqlite_options opts;
  sqlite3* db = nullptr;
  sqlite3_stmt* ins_report = nullptr;
  sqlite3_stmt* ins_value = nullptr;
  sqlite3_stmt* ins_repair = nullptr;
  sqlite3_stmt* ins_check = nullptr;
  sqlite3_stmt* ins_warning = nullptr;
  sqlite3_stmt* ins_error = nullptr;
  sqlite3_stmt* ins_region = nullptr;
  sqlite3_stmt* ins_measure = nullptr;
  std::vector<template_tables> seen;  // templates of the records, when none were given
  std::size_t written = 0;
  std::size_t by_status[3] = {0, 0, 0};  // parsed, partial, failed
  std::size_t in_batch = 0;
  bool in_transaction = false;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      throw diagnostic_error(file_error(file, "io", "SQLite: " + msg));
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      fail(file, "SQLite cannot prepare a statement", db);
    return s;
  }
  // Binds each argument to the next parameter (bind_param: not "bind", which ADL finds in std), then runs the statement.
  template <class... Args>
  void insert(sqlite3_stmt* s, const Args&... args) {
    int i = 0;
    (bind_param(s, ++i, args), ...);
    step(s);
  }

  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail(file, "SQLite cannot write", db);
    sqlite3_reset(s);  // every parameter is bound again before the next step
  }

  void open() {
    // Nothing is removed (issue 24: --db /dev/full replaced the device): the file is new or
    // empty (nianbao parse writes a temporary file, renamed into place at the end).
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      db = nullptr;
      throw diagnostic_error(file_error(file, "io", "cannot create the SQLite database: " + msg));
    }
    // The file is a temporary one, put in place only when the run completes (write::output_file):
    // like the JSON Lines and CSV files, it is not synced to disk at every commit. The rollback
    // journal stays on disk, so a killed run still leaves the batches committed before it.
    exec("PRAGMA synchronous=OFF");
    exec("PRAGMA cache_size=-32768");  // 32 MiB: the indexes made at the end sort in memory
    exec("BEGIN");
    exec(kSchema);
    {
      sqlite3_stmt* s = prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
      insert(s, "schema_version", "1");
      insert(s, "created", utc_now());
      insert(s, "writer", "nianbao");
      if (!opts.version.empty()) insert(s, "version", opts.version);
      if (!opts.command_line.empty()) insert(s, "command_line", opts.command_line);
      if (!opts.divisions.empty()) insert(s, "divisions", opts.divisions);
      sqlite3_finalize(s);
    }
    exec("COMMIT");
    ins_report = prepare(
        "INSERT INTO reports(id, path, encoding, template, title, agency, year, status, values_found, repairs, "
        "warnings, errors, checks_passed, checks_failed, checks_skipped, checks_not_assessable) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins_value = prepare(
        "INSERT INTO \"values\"(report_id, key, value, kind, raw, repaired, line, column, profile) "
        "VALUES(?,?,?,?,?,?,?,?,?)");
    ins_repair = prepare("INSERT INTO repairs(report_id, key, read, chosen, why, rules) VALUES(?,?,?,?,?,?)");
    ins_check = prepare(
        "INSERT INTO checks(report_id, rule, instance, name, severity, message, expression, left_value, right_value, keys) "
        "VALUES(?,?,?,?,?,?,?,?,?,?)");
    ins_warning =
        prepare("INSERT INTO warnings(report_id, severity, code, line, column, message) VALUES(?,?,?,?,?,?)");
    ins_error = prepare("INSERT INTO errors(report_id, code, message) VALUES(?,?,?)");
    ins_region = prepare(
        "INSERT INTO regions(report_id, code, level, province_code, province, prefecture_code, prefecture, "
        "county_code, county, township_code, township, kind, department, basis, candidates) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins_measure = prepare(
        "INSERT INTO measures(report_id, measure, value, numerator, denominator, why) VALUES(?,?,?,?,?,?)");
  }

  void make_dictionary(const std::vector<template_tables>& templates) { exec(dictionary_sql(templates).c_str()); }

  void commit() {
    if (!in_transaction) return;
    exec("COMMIT");
    in_transaction = false;
    in_batch = 0;
  }

  void write(const pipeline::record& r) {
    if (!db) fail(file, "the SQLite database is closed", nullptr);
    if (!in_transaction) {
      exec("BEGIN");
      in_transaction = true;
    }
    const auto id = static_cast<sqlite3_int64>(++written);
    ++by_status[static_cast<std::size_t>(r.status)];
    const auto* m = r.model;
    std::size_t numbers = 0;
    if (m)
      for (const auto& v : r.values) numbers += v.kind == cell_kind::number;
    std::optional<std::size_t> passed, failed, skipped, not_assessable;
    if (r.checks) {
      passed = r.checks->passed;
      failed = r.checks->failed;
      skipped = r.checks->skipped;
      not_assessable = r.checks->not_assessable;
    }
    const std::string template_id = m ? m->id : std::string();
    insert(ins_report, id, r.path, text_or_null{r.encoding}, text_or_null{template_id}, text_or_null{r.info.title},
           text_or_null{r.info.agency}, int_or_null{static_cast<std::size_t>(std::max(r.info.year, 0))},
           pipeline::to_string(r.status), numbers, r.repairs.size(), r.warnings.size(), r.errors.size(), passed, failed,
           skipped, not_assessable);

    for (std::size_t i = 0; m && i < m->keys.size() && i < r.values.size(); ++i) {
      const auto& v = r.values[i];
      if (v.kind == cell_kind::missing) continue;
      insert(ins_value, id, m->keys[i], value_param{v, m->key_infos[i].type}, to_string(v.kind), v.raw,
             static_cast<sqlite3_int64>(v.repaired ? 1 : 0), int_or_null{v.where.line}, int_or_null{v.where.column},
             text_or_null{v.profile});
    }
    for (const auto& rp : r.repairs) {
      std::string rules;
      for (const auto& x : rp.rules) rules += (rules.empty() ? "" : ", ") + x;
      insert(ins_repair, id, rp.key, rp.read, rp.chosen, rp.why, rules);
    }
    std::string keys;  // the JSON of a failure's keys
    for (std::size_t k = 0; r.checks && k < r.checks->results.size(); ++k) {
      const auto& res = r.checks->results[k];
      if (res.status != check::status::failed) continue;
      keys.clear();
      json_text j(keys);
      write_check_keys(j, res);
      insert(ins_check, id, res.rule, text_or_null{res.instance}, res.name(), nianbao::to_string(res.severity),
             res.message, res.check, res.left, res.right, keys);
    }
    for (const auto& w : r.warnings)
      insert(ins_warning, id, nianbao::to_string(w.severity), text_or_null{w.code}, int_or_null{w.where.line},
             int_or_null{w.where.column}, w.message);
    for (const auto& e : r.errors) insert(ins_error, id, text_or_null{e.code}, e.message);
    if (r.region) {
      const auto& a = *r.region;
      const auto* d = a.most_specific();
      auto code = [](const region::division* x) { return text_or_null{x ? std::string_view(x->code) : std::string_view()}; };
      auto name = [](const region::division* x) { return text_or_null{x ? std::string_view(x->name) : std::string_view()}; };
      std::string candidates;
      for (const auto& c : a.candidates) candidates += (candidates.empty() ? "" : ", ") + c;
      insert(ins_region, id, code(d), text_or_null{d ? region::to_string(d->level) : ""}, code(a.province),
             name(a.province), code(a.prefecture), name(a.prefecture), code(a.county), name(a.county),
             code(a.township), name(a.township), region::to_string(a.kind), text_or_null{a.department},
             text_or_null{a.basis}, text_or_null{candidates});
    }
    if (r.measure_defs)
      for (std::size_t i = 0; i < r.measure_defs->size() && i < r.measures.size(); ++i) {
        const auto& res = r.measures[i];
        insert(ins_measure, id, r.measure_defs->measures()[i].id, res.value, res.numerator, res.denominator,
               text_or_null{measures::to_string(res.why)});
      }
    if (opts.templates.empty() && m &&
        std::none_of(seen.begin(), seen.end(), [&](const template_tables& t) { return t.model == m; }))
      seen.push_back({m, r.measure_defs});
    if (++in_batch >= opts.batch) commit();
  }

  void close() {
    if (!db) return;
    // The run completed: when, and how many reports of each status (a database without
    // "completed" is the part committed by an interrupted run).
    if (!in_transaction) {
      exec("BEGIN");
      in_transaction = true;
    }
    {
      sqlite3_stmt* s = prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
      insert(s, "completed", utc_now());
      insert(s, "reports", std::to_string(written));
      for (std::size_t i = 0; i < 3; ++i)
        insert(s, pipeline::to_string(static_cast<pipeline::status>(i)), std::to_string(by_status[i]));
      sqlite3_finalize(s);
    }
    commit();
    exec("BEGIN");
    exec(kIndexes);
    make_dictionary(opts.templates.empty() ? seen : opts.templates);
    exec("COMMIT");
    for (auto* st : {ins_report, ins_value, ins_repair, ins_check, ins_warning, ins_error, ins_region, ins_measure})
      sqlite3_finalize(st);
    ins_report = ins_value = ins_repair = ins_check = ins_warning = ins_error = ins_region = ins_measure = nullptr;
    const int rc = sqlite3_close(db);
    sqlite3* old = db;
    db = nullptr;
    if (rc != SQLITE_OK) fail(file, "SQLite cannot close the database", old);
  }
};

sqlite_writer::sqlite_writer(const std::string& file, sqlite_options opts) : p_(std::make_unique<impl>()) {
  p_->file = file;
  p_->opts = opts;
  if (p_->opts.batch == 0) p_->opts.batch = 1;
  try {
    p_->open();
  } catch (...) {
    if (p_->db) sqlite3_close_v2(p_->db);
    p_->db = nullptr;
    throw;
  }
}

sqlite_writer::~sqlite_writer() {
  try {
    p_->close();
  } catch (...) {
  }
}

void sqlite_writer::write(const pipeline::record& r) { p_->write(r); }
void sqlite_writer::finish() { p_->close(); }
std::size_t sqlite_writer::written() const noexcept { return p_->written; }

}  // namespace nianbao::write
