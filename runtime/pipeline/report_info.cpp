#include "pipeline/report_info.hpp"

#include "resolve/cell_value.hpp"
#include "resolve/normalize.hpp"

namespace nianbao::pipeline {

namespace {

constexpr std::string_view kReport = "政府信息公开工作年度报告";
constexpr std::string_view kYear = "年";

// The year printed right before "年" (as "2024 年" or "2024年"), searching backwards from `end`.
int year_before(std::string_view s, std::size_t end, std::size_t& year_begin) {
  auto pos = s.rfind(kYear, end);
  while (pos != std::string_view::npos) {
    std::size_t e = pos;
    while (e > 0 && s[e - 1] == ' ') --e;
    std::size_t b = e;
    while (b > 0 && s[b - 1] >= '0' && s[b - 1] <= '9') --b;
    if (e - b == 4) {
      year_begin = b;
      return std::stoi(std::string(s.substr(b, 4)));
    }
    if (pos == 0) break;
    pos = s.rfind(kYear, pos - 1);
  }
  return 0;
}

}  // namespace

report_info read_report_info(std::string_view text) {
  report_info info;
  // The first line that names the report and is short enough to be a title.
  std::size_t start = 0;
  for (int n = 0; n < 60 && start < text.size(); ++n) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = resolve::normalize_label(resolve::trim(text.substr(start, end - start)));
    start = end + 1;
    const auto at = line.find(kReport);
    if (at == std::string::npos || resolve::code_points(line) > 60) continue;
    info.title = line;
    std::size_t year_begin = at;
    info.year = year_before(line, at, year_begin);
    std::string agency = line.substr(0, info.year ? year_begin : at);
    if (agency.empty() && info.year) agency = line.substr(year_begin + 4 + kYear.size(), at - year_begin - 4 - kYear.size());
    info.agency = agency;
    break;
  }
  return info;
}

}  // namespace nianbao::pipeline
