#include "compare/compare.hpp"

#include <sqlite3.h>

#include <cmath>
#include <cstdio>

#include "core/diagnostic.hpp"
#include "write/check_json.hpp"
#include "write/csv_writer.hpp"
#include "write/json_text.hpp"
#include "write/number_text.hpp"

namespace nianbao::compare {

namespace {

std::optional<double> number_of(const value& v) {
  if (v.kind == cell_kind::number) return v.number;
  return std::nullopt;
}

void number_or_null(write::json_text& j, const std::optional<double>& x) {
  if (x) j.number(*x);
  else j.null();
}

// A number as the CSV has it: a whole number without a decimal point (a count, a change of
// counts), any other as the JSON writes it.
std::string text(const std::optional<double>& x) {
  std::string out;
  if (x) write::append_whole_or_number(out, *x);
  return out;
}

const region::division* place(const pipeline::record& r) { return r.region ? r.region->most_specific() : nullptr; }

std::string region_code(const pipeline::year_pair& p) {
  const auto* d = place(*p.cur);
  return d ? d->code : std::string();
}

}  // namespace

std::vector<change> changes(const pipeline::record& prev, const pipeline::record& cur) {
  std::vector<change> out;
  const auto& m = *cur.model;
  for (std::size_t i = 0; i < m.keys.size(); ++i) {
    change c;
    c.name = m.keys[i];
    const value& a = i < prev.values.size() ? prev.values[i] : value{};
    const value& b = i < cur.values.size() ? cur.values[i] : value{};
    c.prev = number_of(a);
    c.cur = number_of(b);
    c.prev_kind = to_string(a.kind);
    c.cur_kind = to_string(b.kind);
    if (c.prev && c.cur) c.difference = *c.cur - *c.prev;
    out.push_back(std::move(c));
  }
  if (cur.measure_defs && prev.measure_defs == cur.measure_defs) {
    for (std::size_t i = 0; i < cur.measure_defs->size(); ++i) {
      change c;
      c.name = cur.measure_defs->measures()[i].id;
      c.measure = true;
      if (i < prev.measures.size()) c.prev = prev.measures[i].value;
      if (i < cur.measures.size()) c.cur = cur.measures[i].value;
      c.prev_kind = c.prev ? "number" : "null";
      c.cur_kind = c.cur ? "number" : "null";
      if (c.prev && c.cur) c.difference = *c.cur - *c.prev;
      out.push_back(std::move(c));
    }
  }
  return out;
}

void append_json(std::string& out, const pipeline::year_pair& p, const std::vector<change>& cs) {
  write::json_text j(out);
  j.begin_object().key("agency").string(p.cur->info.agency);
  const std::string code = region_code(p);
  j.key("region_code");
  if (code.empty()) j.null();
  else j.string(code);
  j.key("template").string(p.cur->model->id);
  j.key("prev").begin_object().key("path").string(p.prev->path).key("year").integer(p.prev->info.year).end_object();
  j.key("cur").begin_object().key("path").string(p.cur->path).key("year").integer(p.cur->info.year).end_object();
  for (const bool measures : {false, true}) {
    j.key(measures ? "measures" : "values").begin_object();
    for (const auto& c : cs) {
      if (c.measure != measures) continue;
      j.key(c.name).begin_object();
      number_or_null(j.key("prev"), c.prev);
      number_or_null(j.key("cur"), c.cur);
      number_or_null(j.key("change"), c.difference);
      j.end_object();
    }
    j.end_object();
  }
  write::write_checks(j.key("checks"), p.report, true);
  j.end_object();
}

void write_csv_header(std::ostream& out) {
  out << "agency,region_code,template,prev_year,cur_year,prev_path,cur_path,kind,name,prev,cur,change\r\n";
}

void write_csv(std::ostream& out, const pipeline::year_pair& p, const std::vector<change>& cs) {
  const std::string lead = write::csv_field(p.cur->info.agency) + "," + region_code(p) + "," + p.cur->model->id + "," +
                           std::to_string(p.prev->info.year) + "," + std::to_string(p.cur->info.year) + "," +
                           write::csv_field(p.prev->path) + "," + write::csv_field(p.cur->path) + ",";
  for (const auto& c : cs)
    out << lead << (c.measure ? "measure," : "key,") << c.name << "," << text(c.prev) << "," << text(c.cur) << ","
        << text(c.difference) << "\r\n";
}

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE pairs(
  id INTEGER PRIMARY KEY, agency TEXT, region_code TEXT, template TEXT NOT NULL,
  prev_path TEXT NOT NULL, prev_year INTEGER NOT NULL, cur_path TEXT NOT NULL, cur_year INTEGER NOT NULL,
  checks_passed INTEGER, checks_failed INTEGER, checks_skipped INTEGER, checks_not_assessable INTEGER);
CREATE TABLE pair_changes(
  pair_id INTEGER NOT NULL REFERENCES pairs(id), kind TEXT NOT NULL, name TEXT NOT NULL,
  prev, cur, change, PRIMARY KEY(pair_id, kind, name)) WITHOUT ROWID;
CREATE TABLE pair_checks(
  pair_id INTEGER NOT NULL REFERENCES pairs(id), rule TEXT NOT NULL, instance TEXT, name TEXT NOT NULL,
  severity TEXT NOT NULL, status TEXT NOT NULL, message TEXT, expression TEXT, left_value REAL, right_value REAL);
CREATE INDEX pairs_agency ON pairs(agency, cur_year);
CREATE INDEX pair_checks_rule ON pair_checks(rule, status);
)sql";

struct database {
  std::string file;
  sqlite3* db = nullptr;
  ~database() {
    if (db) sqlite3_close(db);
  }
  [[noreturn]] void fail(const std::string& what) {
    throw diagnostic_error(file_error(file, "io", what + (db ? std::string(": ") + sqlite3_errmsg(db) : "")));
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("SQLite");
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) fail("SQLite cannot prepare a statement");
    return s;
  }
  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail("SQLite cannot write");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

void bind_text(sqlite3_stmt* s, int i, const std::string& t) {
  if (t.empty()) sqlite3_bind_null(s, i);
  else sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
}
void bind_number(sqlite3_stmt* s, int i, const std::optional<double>& x) {
  if (!x) sqlite3_bind_null(s, i);
  else if (*x == static_cast<double>(static_cast<sqlite3_int64>(*x)) && std::abs(*x) < 9e15)
    sqlite3_bind_int64(s, i, static_cast<sqlite3_int64>(*x));
  else sqlite3_bind_double(s, i, *x);
}

}  // namespace

void write_sqlite(const std::string& file, const std::vector<pipeline::year_pair>& pairs,
                  const std::vector<std::vector<change>>& all_changes,
                  const std::vector<std::pair<std::string, std::string>>& meta) {
  database d{file};
  if (sqlite3_open_v2(file.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    d.fail("cannot create the SQLite database");
  d.exec("BEGIN");
  d.exec(kSchema);
  sqlite3_stmt* m = d.prepare("INSERT INTO meta VALUES(?,?)");
  sqlite3_stmt* p = d.prepare("INSERT INTO pairs VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  sqlite3_stmt* c = d.prepare("INSERT INTO pair_changes VALUES(?,?,?,?,?,?)");
  sqlite3_stmt* k = d.prepare("INSERT INTO pair_checks VALUES(?,?,?,?,?,?,?,?,?,?)");
  try {
    for (const auto& [key, val] : meta) {
      bind_text(m, 1, key);
      bind_text(m, 2, val);
      d.step(m);
    }
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto& pr = pairs[i];
      const auto id = static_cast<sqlite3_int64>(i + 1);
      sqlite3_bind_int64(p, 1, id);
      bind_text(p, 2, pr.cur->info.agency);
      bind_text(p, 3, region_code(pr));
      bind_text(p, 4, pr.cur->model->id);
      bind_text(p, 5, pr.prev->path);
      sqlite3_bind_int64(p, 6, pr.prev->info.year);
      bind_text(p, 7, pr.cur->path);
      sqlite3_bind_int64(p, 8, pr.cur->info.year);
      sqlite3_bind_int64(p, 9, static_cast<sqlite3_int64>(pr.report.passed));
      sqlite3_bind_int64(p, 10, static_cast<sqlite3_int64>(pr.report.failed));
      sqlite3_bind_int64(p, 11, static_cast<sqlite3_int64>(pr.report.skipped));
      sqlite3_bind_int64(p, 12, static_cast<sqlite3_int64>(pr.report.not_assessable));
      d.step(p);
      for (const auto& ch : all_changes.at(i)) {
        sqlite3_bind_int64(c, 1, id);
        bind_text(c, 2, ch.measure ? "measure" : "key");
        bind_text(c, 3, ch.name);
        bind_number(c, 4, ch.prev);
        bind_number(c, 5, ch.cur);
        bind_number(c, 6, ch.difference);
        d.step(c);
      }
      for (const auto& r : pr.report.results) {
        sqlite3_bind_int64(k, 1, id);
        bind_text(k, 2, std::string(r.rule));
        bind_text(k, 3, std::string(r.instance));
        bind_text(k, 4, r.name());
        bind_text(k, 5, to_string(r.severity));
        bind_text(k, 6, check::to_string(r.status));
        bind_text(k, 7, std::string(r.message));
        bind_text(k, 8, std::string(r.check));
        bind_number(k, 9, r.left);
        bind_number(k, 10, r.right);
        d.step(k);
      }
    }
  } catch (...) {
    for (auto* s : {m, p, c, k}) sqlite3_finalize(s);
    throw;
  }
  for (auto* s : {m, p, c, k}) sqlite3_finalize(s);
  // Written whole: when, and how many pairs (as parse's meta says its run completed, issue 24).
  const std::string completed = "INSERT INTO meta VALUES('completed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), "
                                "('pairs', '" + std::to_string(pairs.size()) + "')";
  d.exec(completed.c_str());
  d.exec("COMMIT");
}

}  // namespace nianbao::compare
