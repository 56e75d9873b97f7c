#define BOOST_TEST_MODULE compare
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <map>

#include "write/csv_writer.hpp"
#include "sqlite_text.hpp"
#include "csv_reader.hpp"
#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

// Seed 002 (兴和县 2024) and the county's 2025 report written from it (tests/compare/README.md).
const std::string kYear2024 = source_path("tests/corpus/seeds/002_bd575b38e5e6b191.txt");
const std::string kYear2025 = source_path("tests/compare/xinghe-2025.txt");

// What tests/compare/README.md says changed, with the change; every other key changed by 0.
const std::map<std::string, std::array<double, 3>> kChanged = {
    {"active.normative_documents.issued", {5, 3, -2}},
    {"active.normative_documents.repealed", {4, 1, -3}},
    {"active.normative_documents.in_force", {4, 6, 2}},
    {"requests.new.natural_person", {26, 30, 4}},
    {"requests.new.total", {26, 30, 4}},
    {"requests.carried_over.natural_person", {0, 2, 2}},
    {"requests.carried_over.total", {0, 2, 2}},
    {"requests.granted.natural_person", {10, 16, 6}},
    {"requests.granted.total", {10, 16, 6}},
    {"requests.total.natural_person", {26, 32, 6}},
    {"requests.total.total", {26, 32, 6}},
};

}  // namespace

BOOST_AUTO_TEST_CASE(two_years_of_one_county) {
  temp_dir tmp;
  const auto r = run_nianbao({"compare", kYear2025, kYear2024, "-j", "1", "-o", tmp / "pairs.jsonl", "--csv",
                              tmp / "pairs.csv", "--db", tmp / "pairs.sqlite"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err == "nianbao: 2 reports, 1 pairs of consecutive years\n");
  const auto pairs = json_lines(read_file(tmp / "pairs.jsonl"));
  BOOST_REQUIRE_EQUAL(pairs.size(), 1u);
  const auto& p = pairs[0];
  BOOST_TEST(p["agency"] == "兴和县");
  BOOST_TEST(p["region_code"] == "150924");
  BOOST_TEST(p["template"] == "gov-2021");
  BOOST_TEST(p["prev"]["year"] == 2024);
  BOOST_TEST(p["prev"]["path"] == kYear2024);
  BOOST_TEST(p["cur"]["year"] == 2025);

  // Every key, with the change; the changed ones exactly.
  BOOST_TEST(p["values"].size() == 200u);
  std::size_t changed = 0;
  for (const auto& [key, c] : p["values"].items()) {
    auto it = kChanged.find(key);
    if (it == kChanged.end()) {
      BOOST_TEST(c["change"] == 0, key);
      BOOST_TEST(c["prev"] == c["cur"], key);
      continue;
    }
    ++changed;
    BOOST_TEST(c["prev"] == it->second[0], key);
    BOOST_TEST(c["cur"] == it->second[1], key);
    BOOST_TEST(c["change"] == it->second[2], key);
  }
  BOOST_TEST(changed == kChanged.size());
  // Measures: 予以公开 10 of 26, then 16 of 32.
  BOOST_TEST(p["measures"]["granted_rate"]["prev"] == 10.0 / 26);
  BOOST_TEST(p["measures"]["granted_rate"]["cur"] == 0.5);
  BOOST_TEST(p["measures"]["granted_rate"]["change"] == 0.5 - 10.0 / 26);
  BOOST_TEST(p["measures"]["carry_forward_rate"]["change"] == 0.0);
  // No litigation in either year: 0 of 0 is null, and so is its change.
  BOOST_TEST(p["measures"]["litigation_correction_rate"]["prev"].is_null());
  BOOST_TEST(p["measures"]["litigation_correction_rate"]["change"].is_null());

  // The carried-over check: 2025's 上年结转 2 against 2024's 结转下年度 0, in the two columns
  // that changed; the in_force rule holds (4 + 3 - 1 = 6).
  const auto& checks = p["checks"];
  BOOST_TEST(checks["passed"] == 7);
  BOOST_TEST(checks["failed"] == 2);
  BOOST_REQUIRE_EQUAL(checks["failures"].size(), 2u);
  BOOST_TEST(checks["failures"][0]["rule"] == "carried_over");
  BOOST_TEST(checks["failures"][0]["instance"] == "natural_person");
  BOOST_TEST(checks["failures"][0]["left"] == 2);
  BOOST_TEST(checks["failures"][0]["right"] == 0);
  BOOST_TEST(checks["failures"][1]["instance"] == "total");

  // CSV: one row per key and measure of the pair.
  const auto rows = test::parse_csv(read_file(tmp / "pairs.csv"));
  BOOST_REQUIRE_EQUAL(rows.size(), 1u + 200u + 8u);
  BOOST_TEST(rows[0] == (std::vector<std::string>{"agency", "region_code", "template", "prev_year", "cur_year", "prev_path",
                                                  "cur_path", "kind", "name", "prev", "cur", "change"}),
             boost::test_tools::per_element());
  std::map<std::string, std::vector<std::string>> by_name;
  for (std::size_t i = 1; i < rows.size(); ++i) by_name[rows[i][8]] = rows[i];
  BOOST_TEST(by_name["requests.carried_over.total"] ==
                 (std::vector<std::string>{"兴和县", "150924", "gov-2021", "2024", "2025", kYear2024, kYear2025, "key",
                                           "requests.carried_over.total", "0", "2", "2"}),
             boost::test_tools::per_element());
  BOOST_TEST(by_name["granted_rate"][7] == "measure");
  BOOST_TEST(by_name["granted_rate"][10] == "0.5");
  BOOST_TEST(by_name["litigation_correction_rate"][11] == "");

  // SQLite: the pair, its changes and every instance of the across-years rules.
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2((tmp / "pairs.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto one = [&](const std::string& sql) { return query_text(db, sql); };
  BOOST_TEST(one("SELECT agency, region_code, prev_year, cur_year, checks_passed, checks_failed FROM pairs") ==
             "兴和县|150924|2024|2025|7|2\n");
  BOOST_TEST(one("SELECT count(*), sum(change <> 0) FROM pair_changes WHERE kind = 'key'") == "200|11\n");
  BOOST_TEST(one("SELECT prev, cur, change FROM pair_changes WHERE name = 'active.normative_documents.repealed'") ==
             "4|1|-3\n");
  BOOST_TEST(one("SELECT name, status, left_value, right_value FROM pair_checks WHERE status <> 'passed'") ==
             "carried_over/natural_person|failed|2.0|0.0\ncarried_over/total|failed|2.0|0.0\n");
  BOOST_TEST(one("SELECT count(*) FROM pair_checks") == "9\n");
  BOOST_TEST(one("SELECT value FROM meta WHERE key = 'writer'") == "nianbao compare\n");
  // The run completed (issue 24: a database says so, with the counts).
  BOOST_TEST(one("SELECT key, value FROM meta WHERE key IN ('reports', 'pairs') ORDER BY key") == "pairs|1\nreports|2\n");
  BOOST_TEST(one("SELECT count(*) FROM meta WHERE key = 'completed' AND value LIKE '20__-__-__T__:__:__Z'") == "1\n");
  sqlite3_close(db);
}

BOOST_AUTO_TEST_CASE(reports_that_do_not_pair) {
  // One year alone: no pair, no output line; the report is read.
  const auto r = run_nianbao({"compare", kYear2024, "-j", "1"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err == "nianbao: 1 reports, 0 pairs of consecutive years\n");
}
