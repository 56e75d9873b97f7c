#define BOOST_TEST_MODULE sql_examples
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <regex>

#include "sqlite_text.hpp"
#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

// The one-line queries of README.md's "Tables ready to query", as written there.
std::vector<std::string> readme_queries() {
  const std::string readme = read_file(source_path("README.md"));
  const auto at = readme.find("**Tables ready to query.**");
  BOOST_REQUIRE(at != std::string::npos);
  std::vector<std::string> out;
  const std::regex line("^sqlite3 reports\\.sqlite \"(.*)\"$");
  std::size_t start = at;
  for (std::size_t end; (end = readme.find('\n', start)) != std::string::npos && out.size() < 3; start = end + 1) {
    std::smatch m;
    const std::string l = readme.substr(start, end - start);
    if (std::regex_match(l, m, line)) out.push_back(m[1]);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_readme_queries_answer_from_the_views) {
  const auto queries = readme_queries();
  BOOST_REQUIRE_EQUAL(queries.size(), 3u);
  temp_dir tmp;
  // The five seeds, 兴和县's 2025 report (tests/compare), and 红寺堡区's report as a 2023 one
  // whose 本年新收 says 6 in 自然人 and 总计 where 5 were handled: the balance rule fails there.
  std::string hongsibu = seed("004_123f89bb2f6c6569.txt");
  hongsibu = replace_once(hongsibu, "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5",
                          "一、本年新收政府信息公开申请数量\t\t6\t0\t0\t0\t0\t0\t6");
  for (std::size_t at; (at = hongsibu.find("2024")) != std::string::npos;) hongsibu.replace(at, 4, "2023");
  const auto damaged = tmp.put("hongsibu-2023.txt", hongsibu);
  const auto r = run_nianbao({"parse", source_path("tests/corpus/seeds"), source_path("tests/compare/xinghe-2025.txt"),
                              damaged, "-j", "1", "--db", tmp / "reports.sqlite"});
  BOOST_TEST(r.exit_code == 0, r.err);
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2((tmp / "reports.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);

  // Requests received (本年新收, 总计): 内蒙古 2024 = 石拐区 12 + 兴和县 26; 兴和县 2025 30;
  // 红寺堡区 2023 6 (damaged), 2024 5; 离石区 19; 湛河区 212. Names in UTF-8 byte order.
  BOOST_TEST(query_text(db, queries[0]) ==
             "内蒙古自治区|2024|38\n"
             "内蒙古自治区|2025|30\n"
             "宁夏回族自治区|2023|6\n"
             "宁夏回族自治区|2024|5\n"
             "山西省|2024|19\n"
             "河南省|2024|212\n");
  // Only the damaged report fails the balance rule.
  BOOST_TEST(query_text(db, queries[1]) == "红寺堡区人民政府办公室|2023\n");
  // 予以公开 over 总计, pooled per county: 离石区 6/18; 石拐区 5/11; 兴和县 (10 + 16)/(26 + 32);
  // 湛河区 49/211; 红寺堡区 (4 + 4)/(5 + 5).
  // SQLite's text of a quotient, as it prints the query's (a double).
  auto q = [&](const char* a_over_b) {
    std::string t = query_text(db, std::string("SELECT ") + a_over_b);
    return t.substr(0, t.size() - 1);
  };
  BOOST_TEST(query_text(db, queries[2]) == "141102|离石区|" + q("6.0 / 18") + "\n150205|石拐区|" + q("5.0 / 11") +
                                        "\n150924|兴和县|" + q("26.0 / 58") + "\n410411|湛河区|" + q("49.0 / 211") +
                                        "\n640303|红寺堡区|0.8\n");
  sqlite3_close(db);
}
