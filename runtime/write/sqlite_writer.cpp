#include "write/sqlite_writer.hpp"

#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <ctime>

#include "check/rules.hpp"
#include "write/csv_writer.hpp"

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

[[noreturn]] void fail(const std::string& file, const std::string& what, sqlite3* db) {
  diagnostic d;
  d.file = file;
  d.code = "io";
  d.message = what + (db ? std::string(": ") + sqlite3_errmsg(db) : std::string());
  throw diagnostic_error(d);
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
  std::size_t written = 0;
  std::size_t in_batch = 0;
  bool in_transaction = false;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      diagnostic d;
      d.file = file;
      d.code = "io";
      d.message = "SQLite: " + msg;
      throw diagnostic_error(d);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      fail(file, "SQLite cannot prepare a statement", db);
    return s;
  }
  void text(sqlite3_stmt* s, int i, const std::string& v) {
    const std::string t = utf8_or_replacement(v);
    sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
  }
  void text_or_null(sqlite3_stmt* s, int i, const std::string& v) {
    if (v.empty()) sqlite3_bind_null(s, i);
    else text(s, i, v);
  }
  void int_or_null(sqlite3_stmt* s, int i, std::size_t v) {
    if (v == 0) sqlite3_bind_null(s, i);
    else sqlite3_bind_int64(s, i, static_cast<sqlite3_int64>(v));
  }
  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail(file, "SQLite cannot write", db);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }

  void open() {
    // Replace what is there, and any journal left by an interrupted run.
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((file + suffix).c_str());
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      db = nullptr;
      diagnostic d;
      d.file = file;
      d.code = "io";
      d.message = "cannot create the SQLite database: " + msg;
      throw diagnostic_error(d);
    }
    exec("PRAGMA synchronous=NORMAL");
    exec("BEGIN");
    exec(kSchema);
    {
      char created[32];
      const std::time_t now = std::time(nullptr);
      std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
      sqlite3_stmt* s = prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
      for (const auto& [k, v] : {std::pair<std::string, std::string>{"schema_version", "1"},
                                 std::pair<std::string, std::string>{"created", created},
                                 std::pair<std::string, std::string>{"writer", "nianbao"}}) {
        text(s, 1, k);
        text(s, 2, v);
        step(s);
      }
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
  }

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
    const auto* m = r.model;
    std::size_t numbers = 0;
    if (m)
      for (const auto& v : r.values) numbers += v.kind == cell_kind::number;

    auto* s = ins_report;
    sqlite3_bind_int64(s, 1, id);
    text(s, 2, r.path);
    text_or_null(s, 3, r.encoding);
    text_or_null(s, 4, m ? m->id : std::string());
    text_or_null(s, 5, r.info.title);
    text_or_null(s, 6, r.info.agency);
    int_or_null(s, 7, static_cast<std::size_t>(r.info.year > 0 ? r.info.year : 0));
    text(s, 8, pipeline::to_string(r.status));
    sqlite3_bind_int64(s, 9, static_cast<sqlite3_int64>(numbers));
    sqlite3_bind_int64(s, 10, static_cast<sqlite3_int64>(r.repairs.size()));
    sqlite3_bind_int64(s, 11, static_cast<sqlite3_int64>(r.warnings.size()));
    sqlite3_bind_int64(s, 12, static_cast<sqlite3_int64>(r.errors.size()));
    if (r.checks) {
      sqlite3_bind_int64(s, 13, static_cast<sqlite3_int64>(r.checks->passed));
      sqlite3_bind_int64(s, 14, static_cast<sqlite3_int64>(r.checks->failed));
      sqlite3_bind_int64(s, 15, static_cast<sqlite3_int64>(r.checks->skipped));
      sqlite3_bind_int64(s, 16, static_cast<sqlite3_int64>(r.checks->not_assessable));
    }
    step(s);

    if (m) {
      s = ins_value;
      for (std::size_t i = 0; i < m->keys.size() && i < r.values.size(); ++i) {
        const auto& v = r.values[i];
        if (v.kind == cell_kind::missing) continue;
        sqlite3_bind_int64(s, 1, id);
        text(s, 2, m->keys[i]);
        if (v.kind == cell_kind::number) {
          if (m->key_infos[i].type == model::value_type::integer && v.integral && std::fabs(v.number) < 9.0e15)
            sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(v.number));
          else
            sqlite3_bind_double(s, 3, v.number);
        }
        text(s, 4, to_string(v.kind));
        text(s, 5, v.raw);
        sqlite3_bind_int(s, 6, v.repaired ? 1 : 0);
        int_or_null(s, 7, v.where.line);
        int_or_null(s, 8, v.where.column);
        text_or_null(s, 9, v.profile);
        step(s);
      }
    }
    s = ins_repair;
    for (const auto& rp : r.repairs) {
      std::string rules;
      for (const auto& x : rp.rules) rules += (rules.empty() ? "" : ", ") + x;
      sqlite3_bind_int64(s, 1, id);
      text(s, 2, rp.key);
      text(s, 3, rp.read);
      text(s, 4, rp.chosen);
      text(s, 5, rp.why);
      text(s, 6, rules);
      step(s);
    }
    if (r.checks) {
      s = ins_check;
      for (const auto& res : r.checks->results) {
        if (res.status != check::status::failed) continue;
        sqlite3_bind_int64(s, 1, id);
        text(s, 2, res.rule);
        text_or_null(s, 3, res.instance);
        text(s, 4, res.name());
        text(s, 5, nianbao::to_string(res.severity));
        text(s, 6, res.message);
        text(s, 7, res.check);
        if (res.left) sqlite3_bind_double(s, 8, *res.left);
        if (res.right) sqlite3_bind_double(s, 9, *res.right);
        const auto j = check::to_json(res);
        text(s, 10, j.contains("keys") ? j["keys"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                        : std::string("{}"));
        step(s);
      }
    }
    s = ins_warning;
    for (const auto& w : r.warnings) {
      sqlite3_bind_int64(s, 1, id);
      text(s, 2, nianbao::to_string(w.severity));
      text_or_null(s, 3, w.code);
      int_or_null(s, 4, w.where.line);
      int_or_null(s, 5, w.where.column);
      text(s, 6, w.message);
      step(s);
    }
    s = ins_error;
    for (const auto& e : r.errors) {
      sqlite3_bind_int64(s, 1, id);
      text_or_null(s, 2, e.code);
      text(s, 3, e.message);
      step(s);
    }
    if (++in_batch >= opts.batch) commit();
  }

  void close() {
    if (!db) return;
    commit();
    for (auto* st : {ins_report, ins_value, ins_repair, ins_check, ins_warning, ins_error}) sqlite3_finalize(st);
    ins_report = ins_value = ins_repair = ins_check = ins_warning = ins_error = nullptr;
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
void sqlite_writer::close() { p_->close(); }
std::size_t sqlite_writer::written() const noexcept { return p_->written; }

}  // namespace nianbao::write
