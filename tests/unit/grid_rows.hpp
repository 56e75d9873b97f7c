#pragma once
// The grid text of a structured reader (read/document.hpp) as the unit tests look at it: rows
// (a line is a row) of cells separated by '|', a covered cell (document::covered) shown as "^".
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "read/document.hpp"

namespace nianbao::test {

using rows = std::vector<std::string>;

inline rows grid_rows(const read::document& doc) {
  BOOST_TEST((doc.text.empty() || doc.text.back() == '\n'));
  rows out;
  std::string cells;
  std::size_t begin = 0;
  auto covered = doc.covered.begin();
  for (std::size_t i = 0; i < doc.text.size(); ++i) {
    if (doc.text[i] != '\t' && doc.text[i] != '\n') continue;
    const bool is_covered = covered != doc.covered.end() && *covered == begin;
    if (is_covered) {
      BOOST_TEST(i == begin);  // a covered cell is empty
      ++covered;
    }
    cells += is_covered ? "^" : doc.text.substr(begin, i - begin);
    if (doc.text[i] == '\n') out.push_back(std::move(cells)), cells.clear();
    else cells += '|';
    begin = i + 1;
  }
  BOOST_TEST((covered == doc.covered.end()), "every covered offset is an empty cell's");
  return out;
}

// The position ("line:column") of the first byte of the n-th (0-based) occurrence of `what` in
// the document's grid text.
inline std::string where_in(const read::document& doc, const std::string& what, std::size_t n = 0) {
  std::size_t at = doc.text.find(what);
  for (; n > 0 && at != std::string::npos; --n) at = doc.text.find(what, at + 1);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "not in the grid text: " << what);
  const auto o = doc.position(at);
  return std::to_string(o.line) + ":" + std::to_string(o.column);
}

}  // namespace nianbao::test
