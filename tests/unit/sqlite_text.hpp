#pragma once
// A query's rows as text, for asserting a database's contents exactly: "a|b|c\n" a row, NULL as
// "NULL" (the test fails if the statement cannot be prepared).
#include <sqlite3.h>

#include <string>

#include <boost/test/unit_test.hpp>

namespace nianbao::test {

inline std::string query_text(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  std::string out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const unsigned char* t = sqlite3_column_text(s, i);
      out += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    out += "\n";
  }
  sqlite3_finalize(s);
  return out;
}

}  // namespace nianbao::test
