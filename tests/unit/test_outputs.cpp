#define BOOST_TEST_MODULE outputs
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "input/input.hpp"
#include "input/process.hpp"
#include "pipeline/pipeline.hpp"
#include "write/csv_writer.hpp"
#include "write/json_writer.hpp"
#include "write/sqlite_writer.hpp"

using namespace nianbao;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

const std::string kSeeds = std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/seeds/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string t = (fs::temp_directory_path() / "nianbao-outputs-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(t.data()));
    path = t;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const pipeline::context& cx() {
  static const pipeline::context c{pipeline::options{}};
  return c;
}

// Three seeds (tab, pipe-per-line, markdown layouts), one failed input (binary), and a report
// whose path needs CSV quoting.
const std::vector<pipeline::record>& records() {
  static const auto rs = [] {
    std::vector<pipeline::record> out;
    for (const auto* s : {"001_b567e4114b5ffb79", "002_bd575b38e5e6b191", "004_123f89bb2f6c6569"})
      out.push_back(cx().process(slurp(kSeeds + s + ".txt"), kSeeds + s + ".txt"));
    std::string binary;
    for (int i = 0; i < 2048; ++i) binary += static_cast<char>((i * 31) & 0xFF);
    out.push_back(cx().process(binary, "x.zip:binary \"one\", 二.dat"));
    out.push_back(cx().process(slurp(kSeeds + "004_123f89bb2f6c6569.txt"), "reports, \"quoted\".txt"));
    return out;
  }();
  return rs;
}

json values_of(const pipeline::record& r) { return write::to_json(r)["values"]; }

std::string column(sqlite3_stmt* s, int i) {
  const auto* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

struct db {
  sqlite3* h = nullptr;
  explicit db(const std::string& file) {
    BOOST_REQUIRE(sqlite3_open_v2(file.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~db() { sqlite3_close(h); }
  std::vector<std::vector<std::string>> query(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(h));
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) row.push_back(column(s, i));
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return rows;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_test_records_are_what_the_comparisons_need) {
  const auto& rs = records();
  BOOST_REQUIRE_EQUAL(rs.size(), 5u);
  BOOST_TEST(pipeline::to_string(rs[0].status) == std::string("parsed"));
  BOOST_TEST(pipeline::to_string(rs[3].status) == std::string("failed"));
  BOOST_TEST(values_of(rs[1])["requests.new.natural_person"] == 26);

}

BOOST_AUTO_TEST_CASE(csv_fields_are_quoted_as_rfc_4180_says) {
  BOOST_TEST(write::csv_field("plain") == "plain");
  BOOST_TEST(write::csv_field("") == "");
  BOOST_TEST(write::csv_field("a,b") == "\"a,b\"");
  BOOST_TEST(write::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(write::csv_field("two\nlines") == "\"two\nlines\"");
  BOOST_TEST(write::csv_field("cr\r") == "\"cr\r\"");
  BOOST_TEST(write::csv_field(" padded") == "\" padded\"");
  BOOST_TEST(write::csv_field("（一）予以公开") == "（一）予以公开");
  BOOST_TEST(write::utf8_or_replacement("ok\xFF年") == "ok\xEF\xBF\xBD年");
  const auto rows = write::parse_csv("\xEF\xBB\xBF" "a,\"b,\"\"c\"\"\",\r\n\"x\ny\",,z\n");
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  BOOST_TEST(rows[0] == (std::vector<std::string>{"a", "b,\"c\"", ""}), boost::test_tools::per_element());
  BOOST_TEST(rows[1] == (std::vector<std::string>{"x\ny", "", "z"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(csv_wide_form_matches_the_json_values_key_by_key) {
  std::ostringstream out;
  {
    write::csv_writer w(out, cx().models(), {write::csv_form::wide, false});
    for (const auto& r : records()) w.write(r);
  }
  const std::string text = out.str();
  // The key columns follow: the first template's keys first (models load in file-name order).
  const std::string start = "path,template,status,encoding,title,agency,year,values,repairs,warnings,rule_failures,"
                            "errors," + cx().models().front().keys[0] + ",";
  BOOST_TEST(text.substr(0, start.size()) == start);
  const auto rows = write::parse_csv(text);
  BOOST_REQUIRE_EQUAL(rows.size(), records().size() + 1);
  const auto& header = rows[0];
  // Every key of every template is a column, once.
  std::size_t keys = 0;
  for (const auto& m : cx().models())
    for (const auto& k : m.keys) {
      BOOST_TEST(std::count(header.begin(), header.end(), k) == 1, k);
      ++keys;
    }
  BOOST_TEST(header.size() >= 12 + cx().models().front().keys.size());
  for (std::size_t i = 0; i < records().size(); ++i) {
    const auto& r = records()[i];
    const auto& row = rows[i + 1];
    BOOST_REQUIRE_EQUAL(row.size(), header.size());
    std::map<std::string, std::string> cell;
    for (std::size_t c = 0; c < header.size(); ++c) cell[header[c]] = row[c];
    const auto j = write::to_json(r);
    BOOST_TEST(cell["path"] == r.path);
    BOOST_TEST(cell["status"] == j["status"].get<std::string>());
    BOOST_TEST(cell["template"] == j["template"].get<std::string>());
    BOOST_TEST(cell["encoding"] == r.encoding);
    BOOST_TEST(cell["warnings"] == std::to_string(r.warnings.size()));
    BOOST_TEST(cell["repairs"] == std::to_string(r.repairs.size()));
    BOOST_TEST(cell["rule_failures"] == (r.checks ? std::to_string(r.checks->failed) : std::string()));
    int numbers = 0;
    for (const auto& [key, v] : j["values"].items()) {
      BOOST_TEST(cell.at(key) == (v.is_null() ? std::string() : v.dump()), r.path << " " << key);
      numbers += v.is_number();
    }
    BOOST_TEST(cell["values"] == std::to_string(numbers));
    if (r.status == pipeline::status::failed)
      BOOST_TEST(cell["errors"] == "not a text file (binary content at byte 0)");
  }
  BOOST_TEST(rows[4][0] == "x.zip:binary \"one\", 二.dat");
  BOOST_TEST(rows[5][0] == "reports, \"quoted\".txt");
  BOOST_TEST(text.find("\r\n\"reports, \"\"quoted\"\".txt\",gov-") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_long_form_matches_the_json_values_key_by_key) {
  std::ostringstream out;
  {
    write::csv_writer w(out, cx().models(), {write::csv_form::long_form, true});
    for (const auto& r : records()) w.write(r);
  }
  const std::string text = out.str();
  BOOST_TEST(text.substr(0, 3) == "\xEF\xBB\xBF");
  const auto rows = write::parse_csv(text);
  BOOST_REQUIRE(!rows.empty());
  BOOST_TEST(rows[0] == (std::vector<std::string>{"report", "template", "key", "value", "kind", "raw", "repaired",
                                                  "line", "column", "profile"}),
             boost::test_tools::per_element());
  std::map<std::string, std::map<std::string, std::vector<std::string>>> by;  // report -> key -> row
  for (std::size_t i = 1; i < rows.size(); ++i) {
    BOOST_REQUIRE_EQUAL(rows[i].size(), 10u);
    BOOST_TEST(by[rows[i][0]].count(rows[i][2]) == 0u);
    by[rows[i][0]][rows[i][2]] = rows[i];
  }
  BOOST_TEST(by.count("x.zip:binary \"one\", 二.dat") == 0u);  // a failed record has no rows
  std::size_t expected_rows = 0;
  for (const auto& r : records()) {
    const auto& m = *r.model;
    for (std::size_t k = 0; k < m.keys.size(); ++k) {
      const auto& v = r.values[k];
      if (v.kind == cell_kind::missing) {
        BOOST_TEST(by[r.path].count(m.keys[k]) == 0u);
        continue;
      }
      ++expected_rows;
      const auto& row = by[r.path][m.keys[k]];
      BOOST_REQUIRE_EQUAL(row.size(), 10u);
      const auto jv = write::value_json(v, m.key_infos[k].type);
      BOOST_TEST(row[1] == m.id);
      BOOST_TEST(row[3] == (jv.is_null() ? std::string() : jv.dump()), r.path << " " << m.keys[k]);
      BOOST_TEST(row[4] == to_string(v.kind));
      BOOST_TEST(row[5] == v.raw);
      BOOST_TEST(row[6] == (v.repaired ? "1" : "0"));
      BOOST_TEST(row[7] == std::to_string(v.where.line));
      BOOST_TEST(row[8] == std::to_string(v.where.column));
      BOOST_TEST(row[9] == v.profile);
    }
  }
  BOOST_TEST(rows.size() == expected_rows + 1);
  // The first seed's first value, as printed in its table 2 (line and column of the cell).
  const auto& first = by[kSeeds + "001_b567e4114b5ffb79.txt"]["requests.new.natural_person"];
  BOOST_TEST(first[3] == values_of(records()[0])["requests.new.natural_person"].dump());
}

BOOST_AUTO_TEST_CASE(sqlite_matches_the_json_values_key_by_key) {
  temp_dir tmp;
  const std::string file = (tmp.path / "out.db").string();
  {
    std::ofstream(file) << "not a database: replaced";
    write::sqlite_writer w(file, {2});
    for (const auto& r : records()) w.write(r);
    w.close();
    BOOST_TEST(w.written() == records().size());
  }
  db d(file);
  const auto tables = d.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t[0]);
  BOOST_TEST(names == (std::vector<std::string>{"checks", "errors", "meta", "repairs", "reports", "values", "warnings"}),
             boost::test_tools::per_element());
  BOOST_TEST(d.query("SELECT count(*) FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'")[0][0] == "10");

  const auto reports = d.query("SELECT id, path, status, template, encoding, values_found, warnings, errors, "
                               "checks_failed FROM reports ORDER BY id");
  BOOST_REQUIRE_EQUAL(reports.size(), records().size());
  for (std::size_t i = 0; i < records().size(); ++i) {
    const auto& r = records()[i];
    const auto j = write::to_json(r);
    const auto& row = reports[i];
    BOOST_TEST(row[0] == std::to_string(i + 1));
    BOOST_TEST(row[1] == r.path);
    BOOST_TEST(row[2] == j["status"].get<std::string>());
    BOOST_TEST(row[3] == j["template"].get<std::string>());
    BOOST_TEST(row[4] == r.encoding);
    BOOST_TEST(row[6] == std::to_string(r.warnings.size()));
    BOOST_TEST(row[7] == std::to_string(r.errors.size()));
    BOOST_TEST(row[8] == (r.checks ? std::to_string(r.checks->failed) : std::string()));

    // "values": one row per key the report gives; numbers typed as the JSON has them.
    sqlite3_stmt* s = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(d.h, "SELECT key, value, kind, raw, repaired, line, column FROM \"values\" "
                                          "WHERE report_id = ?",
                                     -1, &s, nullptr) == SQLITE_OK);
    sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(i + 1));
    std::map<std::string, json> got;
    std::map<std::string, std::string> kinds;
    while (sqlite3_step(s) == SQLITE_ROW) {
      const std::string key = column(s, 0);
      switch (sqlite3_column_type(s, 1)) {
        case SQLITE_INTEGER: got[key] = static_cast<long long>(sqlite3_column_int64(s, 1)); break;
        case SQLITE_FLOAT: got[key] = sqlite3_column_double(s, 1); break;
        case SQLITE_NULL: got[key] = nullptr; break;
        default: BOOST_FAIL("value of " << key << " is neither a number nor NULL");
      }
      kinds[key] = column(s, 2);
    }
    sqlite3_finalize(s);
    int numbers = 0;
    std::size_t given = 0;
    for (std::size_t k = 0; k < r.model->keys.size(); ++k) {
      const auto& key = r.model->keys[k];
      const auto& v = r.values[k];
      if (v.kind == cell_kind::missing) {
        BOOST_TEST(got.count(key) == 0u, key);
        continue;
      }
      ++given;
      BOOST_REQUIRE_MESSAGE(got.count(key), key);
      BOOST_TEST(got[key] == j["values"][key], r.path << " " << key);
      BOOST_TEST(got[key].is_number_integer() == j["values"][key].is_number_integer(), key);
      BOOST_TEST(kinds[key] == to_string(v.kind));
      numbers += v.kind == cell_kind::number;
    }
    BOOST_TEST(got.size() == given);
    BOOST_TEST(row[5] == std::to_string(numbers));

    const auto checks = d.query("SELECT name FROM checks WHERE report_id = " + std::to_string(i + 1) + " ORDER BY rowid");
    std::vector<std::string> failed;
    if (r.checks)
      for (const auto& res : r.checks->results)
        if (res.status == check::status::failed) failed.push_back(res.name());
    std::vector<std::string> stored;
    for (const auto& c : checks) stored.push_back(c[0]);
    BOOST_TEST(stored == failed, boost::test_tools::per_element());

    const auto warnings = d.query("SELECT code, message FROM warnings WHERE report_id = " + std::to_string(i + 1) + " ORDER BY rowid");
    BOOST_REQUIRE_EQUAL(warnings.size(), r.warnings.size());
    for (std::size_t w = 0; w < warnings.size(); ++w) {
      BOOST_TEST(warnings[w][0] == r.warnings[w].code);
      BOOST_TEST(warnings[w][1] == r.warnings[w].message);
    }
    const auto repairs = d.query("SELECT key, chosen FROM repairs WHERE report_id = " + std::to_string(i + 1) + " ORDER BY rowid");
    BOOST_REQUIRE_EQUAL(repairs.size(), r.repairs.size());
    for (std::size_t p = 0; p < repairs.size(); ++p) {
      BOOST_TEST(repairs[p][0] == r.repairs[p].key);
      BOOST_TEST(repairs[p][1] == r.repairs[p].chosen);
    }
  }
  const auto errors = d.query("SELECT report_id, code, message FROM errors");
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0] == (std::vector<std::string>{"4", "binary", "not a text file (binary content at byte 0)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_interrupted_sqlite_run_leaves_the_committed_batches) {
  temp_dir tmp;
  const std::string file = (tmp.path / "cut.db").string();
  // A child process writes 5 reports in batches of 2 and dies without closing the database:
  // the first two batches (4 reports) are committed, the fifth report is rolled back.
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      auto* w = new write::sqlite_writer(file, {2});
      for (const auto& r : records()) w->write(r);
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);  // no destructor, no commit: as if killed
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_REQUIRE(WIFEXITED(status));
  BOOST_REQUIRE_EQUAL(WEXITSTATUS(status), 0);
  BOOST_TEST(fs::exists(file + "-journal"));  // the open transaction's journal

  sqlite3* h = nullptr;  // read-write: opening rolls the hot journal back
  BOOST_REQUIRE(sqlite3_open(file.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  BOOST_REQUIRE(sqlite3_prepare_v2(h, "SELECT count(*), max(id) FROM reports", -1, &s, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  BOOST_TEST(sqlite3_column_int(s, 0) == 4);
  BOOST_TEST(sqlite3_column_int(s, 1) == 4);
  sqlite3_finalize(s);
  BOOST_REQUIRE(sqlite3_prepare_v2(h, "SELECT count(*) FROM \"values\" WHERE report_id > 4", -1, &s, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  BOOST_TEST(sqlite3_column_int(s, 0) == 0);
  sqlite3_finalize(s);
  BOOST_REQUIRE(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  BOOST_TEST(column(s, 0) == "ok");
  sqlite3_finalize(s);
  sqlite3_close(h);
}

BOOST_AUTO_TEST_CASE(outputs_through_the_input_layer_keep_input_order_with_threads) {
  // The same records in the same order whether 1 or 3 threads parse them.
  const std::vector<std::string> inputs = {kSeeds + "004_123f89bb2f6c6569.txt", kSeeds + "001_b567e4114b5ffb79.txt",
                                           kSeeds + "004_123f89bb2f6c6569.txt", kSeeds + "001_b567e4114b5ffb79.txt"};
  std::string csv1, csv3;
  for (unsigned threads : {1u, 3u}) {
    input::source src(inputs);
    input::processor proc(cx(), src, threads);
    std::ostringstream out;
    write::csv_writer w(out, cx().models(), {write::csv_form::long_form, false});
    for (pipeline::record r; proc.next(r);) w.write(r);
    (threads == 1 ? csv1 : csv3) = out.str();
  }
  BOOST_TEST(csv1 == csv3);
  const auto rows = write::parse_csv(csv1);
  BOOST_TEST(rows[1][0] == inputs[0]);
  BOOST_TEST(rows.back()[0] == inputs[3]);
}
