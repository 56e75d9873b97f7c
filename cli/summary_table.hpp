#pragma once
// The human summary of a parse: one short row per record (agency, year, status, values found,
// repairs, rule failures, path), for a person at a terminal; the full record goes to the
// JSON Lines, CSV and SQLite outputs.
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "nianbao/record.hpp"

namespace nianbao::cli {

class summary_table {
 public:
  // Keeps what the row shows of `r` (a few short strings), not the record.
  void add(const pipeline::record& r);

  // The table, columns aligned in terminal columns (CJK characters are two wide), then one line
  // per output file written: {"JSON Lines", "out/reports.jsonl"}, ...
  void print(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& written = {}) const;

 private:
  struct row {
    std::string agency, year, status, values, repairs, rule_failures, report;
  };
  std::vector<row> rows_;
};

}  // namespace nianbao::cli
