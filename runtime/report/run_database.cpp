#include "report/run_database.hpp"

#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/diagnostic.hpp"

namespace nianbao::report {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw diagnostic_error(file_error(path, "bad-database", what));
}

// One statement of the database, stepped row by row.
class query {
 public:
  query(sqlite3* db, const std::string& path, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
      fail(path, std::string("is not a database of nianbao parse --db: ") + sqlite3_errmsg(db));
  }
  ~query() { sqlite3_finalize(s_); }
  query(const query&) = delete;
  query& operator=(const query&) = delete;
  bool next() { return sqlite3_step(s_) == SQLITE_ROW; }
  bool null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::int64_t integer(int c) const { return sqlite3_column_int64(s_, c); }
  double real(int c) const { return sqlite3_column_double(s_, c); }
  std::string text(int c) const {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return t ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))) : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// The enumerator whose name is `name` (as to_string writes it), or `fallback`.
template <typename E, std::size_t N>
E named(const std::string& name, const E (&all)[N], E fallback) {
  for (E e : all)
    if (name == to_string(e)) return e;
  return fallback;
}

constexpr cell_kind kKinds[] = {cell_kind::missing, cell_kind::number, cell_kind::placeholder, cell_kind::empty,
                                cell_kind::text};
constexpr pipeline::status kStatuses[] = {pipeline::status::parsed, pipeline::status::partial,
                                          pipeline::status::failed};
constexpr region::agency_kind kAgencyKinds[] = {region::agency_kind::unknown, region::agency_kind::government,
                                                region::agency_kind::government_office, region::agency_kind::department,
                                                region::agency_kind::township, region::agency_kind::street_office};
constexpr severity kSeverities[] = {severity::error, severity::warning, severity::note};

// A failed check as the database keeps it: the texts the instance_result views, and its keys.
struct stored_failure {
  std::string rule, instance, message, expression;
  severity level = severity::error;
  std::optional<double> left, right;
  std::vector<std::pair<std::string, value>> keys;
};

// A check_report of the failed checks only (the others are counted): its results view texts and
// values it holds itself, as a report's do.
check::check_report failed_checks(std::vector<stored_failure> failures, std::size_t passed, std::size_t failed,
                                  std::size_t skipped, std::size_t not_assessable) {
  check::check_report out;
  out.passed = passed;
  out.failed = failed;
  out.skipped = skipped;
  out.not_assessable = not_assessable;
  auto texts = std::make_shared<std::deque<std::string>>();  // a deque: its strings never move
  auto values = std::make_shared<std::vector<value>>();
  auto keys = std::make_shared<std::vector<check::involved_key>>();
  std::size_t key_count = 0;
  for (const auto& f : failures) key_count += f.keys.size();
  values->reserve(key_count);
  keys->reserve(key_count);
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // per failure: first key, count
  for (auto& f : failures) {
    spans.emplace_back(keys->size(), f.keys.size());
    for (auto& [key, v] : f.keys) {
      values->push_back(std::move(v));
      keys->push_back({texts->emplace_back(key), &values->back()});
    }
  }
  for (std::size_t i = 0; i < failures.size(); ++i) {
    auto& f = failures[i];
    check::instance_result r;
    r.rule = texts->emplace_back(std::move(f.rule));
    r.instance = texts->emplace_back(std::move(f.instance));
    r.message = texts->emplace_back(std::move(f.message));
    r.check = texts->emplace_back(std::move(f.expression));
    r.severity = f.level;
    r.status = check::status::failed;
    r.left = f.left;
    r.right = f.right;
    r.keys = nianbao::span<check::involved_key>(keys->data() + spans[i].first, spans[i].second);
    out.results.push_back(std::move(r));
  }
  out.texts = texts;
  out.values = values;
  out.keys = keys;
  return out;
}

// A failure's keys as check_json writes them: {"KEY": {"value": 3, "line": 40, "column": 9}, ...}.
std::vector<std::pair<std::string, value>> keys_of(const std::string& json_text) {
  std::vector<std::pair<std::string, value>> out;
  const auto j = nlohmann::ordered_json::parse(json_text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [key, e] : j.items()) {
    value v;
    if (e.contains("value") && e["value"].is_number()) {
      v.kind = cell_kind::number;
      v.number = e["value"].get<double>();
    } else {
      v.kind = named(e.value("kind", std::string("missing")), kKinds, cell_kind::missing);
    }
    v.raw = e.value("raw", std::string());
    v.where.page = e.value("page", std::size_t{0});
    v.where.line = e.value("line", std::size_t{0});
    v.where.column = e.value("column", std::size_t{0});
    v.repaired = e.value("repaired", false);
    out.emplace_back(key, std::move(v));
  }
  return out;
}

}  // namespace

bool is_sqlite_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  return in.read(header, sizeof header) && std::memcmp(header, "SQLite format 3", 16) == 0;
}

std::vector<pipeline::record> records_from_database(const pipeline::context& cx, const std::string& path) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string why = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    fail(path, "cannot open the database: " + why);
  }
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);

  std::vector<pipeline::record> records;
  std::map<std::int64_t, std::size_t> index;  // report id -> position in records
  {
    query q(db.get(), path,
            "SELECT id, path, encoding, template, title, agency, year, status, checks_passed, checks_failed, "
            "checks_skipped, checks_not_assessable FROM reports ORDER BY id");
    while (q.next()) {
      pipeline::record r;
      r.path = q.text(1);
      r.encoding = q.text(2);
      if (!q.null(3)) {
        const std::string name = q.text(3);
        const model::template_model* m = nullptr;
        for (const auto& candidate : cx.models())
          if (candidate.id == name) m = &candidate;
        if (!m) fail(path, "names the template '" + name + "', which is not loaded (--model)");
        r.of_model(*m);
        r.measure_defs = &cx.measures_for(*m);
      }
      r.info.title = q.text(4);
      r.info.agency = q.text(5);
      r.info.year = q.null(6) ? 0 : static_cast<int>(q.integer(6));
      r.status = named(q.text(7), kStatuses, pipeline::status::failed);
      if (!q.null(8))
        r.checks = failed_checks({}, static_cast<std::size_t>(q.integer(8)), static_cast<std::size_t>(q.integer(9)),
                                 static_cast<std::size_t>(q.integer(10)), static_cast<std::size_t>(q.integer(11)));
      index[q.integer(0)] = records.size();
      records.push_back(std::move(r));
    }
  }
  {
    query q(db.get(), path,
            "SELECT report_id, key, value, kind, raw, repaired, line, column, profile FROM \"values\"");
    while (q.next()) {
      const auto at = index.find(q.integer(0));
      if (at == index.end()) continue;
      auto& r = records[at->second];
      if (!r.model) continue;
      const auto key = r.model->key_index.find(q.text(1));
      if (key == r.model->key_index.end()) continue;
      value& v = r.values[key->second];
      v.kind = named(q.text(3), kKinds, cell_kind::missing);
      if (v.kind == cell_kind::number) {
        v.number = q.real(2);
        v.integral = v.number == static_cast<double>(static_cast<long long>(v.number));
      }
      v.raw = q.text(4);
      v.repaired = q.integer(5) != 0;
      v.where.line = static_cast<std::size_t>(q.integer(6));
      v.where.column = static_cast<std::size_t>(q.integer(7));
      v.profile = q.text(8);
    }
  }
  {
    std::map<std::int64_t, std::vector<stored_failure>> failures;
    query q(db.get(), path,
            "SELECT report_id, rule, instance, severity, message, expression, left_value, right_value, keys "
            "FROM checks ORDER BY rowid");
    while (q.next()) {
      stored_failure f;
      f.rule = q.text(1);
      f.instance = q.text(2);
      f.level = named(q.text(3), kSeverities, severity::error);
      f.message = q.text(4);
      f.expression = q.text(5);
      if (!q.null(6)) f.left = q.real(6);
      if (!q.null(7)) f.right = q.real(7);
      f.keys = keys_of(q.text(8));
      failures[q.integer(0)].push_back(std::move(f));
    }
    for (auto& [id, list] : failures) {
      const auto at = index.find(id);
      if (at == index.end() || !records[at->second].checks) continue;
      const auto& counts = *records[at->second].checks;
      records[at->second].checks =
          failed_checks(std::move(list), counts.passed, counts.failed, counts.skipped, counts.not_assessable);
    }
  }
  {
    query q(db.get(), path,
            "SELECT report_id, province_code, prefecture_code, county_code, township_code, kind, department, basis, "
            "candidates FROM regions");
    const auto& divisions = cx.divisions();
    while (q.next()) {
      const auto at = index.find(q.integer(0));
      if (at == index.end()) continue;
      region::agency a;
      a.province = q.null(1) ? nullptr : divisions.find_code(q.text(1));
      a.prefecture = q.null(2) ? nullptr : divisions.find_code(q.text(2));
      a.county = q.null(3) ? nullptr : divisions.find_code(q.text(3));
      a.township = q.null(4) ? nullptr : divisions.find_code(q.text(4));
      a.kind = named(q.text(5), kAgencyKinds, region::agency_kind::unknown);
      a.department = q.text(6);
      a.basis = q.text(7);
      const std::string candidates = q.text(8);
      for (std::size_t from = 0; from < candidates.size();) {
        const auto comma = std::min(candidates.find(", ", from), candidates.size());
        a.candidates.push_back(candidates.substr(from, comma - from));
        from = comma + 2;
      }
      records[at->second].region = std::move(a);
    }
  }
  for (auto& r : records)
    if (r.measure_defs && r.model && r.status != pipeline::status::failed)
      r.measures = measures::evaluate(*r.measure_defs, r.values);
  return records;
}

}  // namespace nianbao::report
