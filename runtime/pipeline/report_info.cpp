#include "pipeline/report_info.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/text.hpp"
#include "cells/cell_value.hpp"
#include "cells/normalize.hpp"

namespace nianbao::pipeline {

namespace {

constexpr std::string_view kYear = "年";

// Where the name of the report starts and ends in a line: "政府信息公开工作年度报告", and the
// shorter spellings some agencies print ("信息公开工作年度报告", "政府信息公开年度报告").
// {npos, npos} when the line names none.
std::pair<std::size_t, std::size_t> report_name(std::string_view line) {
  constexpr std::string_view annual = "年度报告", work = "工作", disclosure = "信息公开", government = "政府";
  for (auto pos = line.find(annual); pos != std::string_view::npos; pos = line.find(annual, pos + 1)) {
    std::size_t begin = pos;
    if (ends_with(line.substr(0, begin), work)) begin -= work.size();
    if (!ends_with(line.substr(0, begin), disclosure)) continue;
    begin -= disclosure.size();
    if (ends_with(line.substr(0, begin), government)) begin -= government.size();
    return {begin, pos + annual.size()};
  }
  return {std::string_view::npos, std::string_view::npos};
}

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
  // The first of the opening lines that names the report: a short title line, or else a
  // sentence that contains "<year>年<agency>政府信息公开工作年度报告".
  std::string previous;  // the last short non-empty line: the agency when the title omits it
  std::size_t start = 0;
  for (int n = 0; n < 60 && start < text.size(); ++n) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = resolve::normalize_label(resolve::trim(text.substr(start, end - start)));
    start = end + 1;
    const auto [at, name_end] = report_name(line);
    if (at == std::string::npos) {
      if (!line.empty() && resolve::code_points(line, 31) <= 30) previous = line;
      continue;
    }
    std::size_t year_begin = at;
    const int year = year_before(line, at, year_begin);
    const std::size_t after_year = year_begin + 4 + kYear.size();
    if (resolve::code_points(line, 61) <= 60) {
      info.title = line.substr(0, name_end);
      info.year = year;
      info.agency = line.substr(0, year ? year_begin : at);
      if (info.agency.empty() && year && after_year < at) info.agency = line.substr(after_year, at - after_year);
      if (info.agency.empty()) info.agency = previous;
      break;
    }
    if (year && after_year <= at && resolve::code_points(line.substr(year_begin, at - year_begin), 41) <= 40) {
      info.title = line.substr(year_begin, name_end - year_begin);
      info.year = year;
      info.agency = line.substr(after_year, at - after_year);
      break;
    }
  }
  return info;
}

int year_hint(std::string_view text) {
  constexpr std::string_view nian = "年";
  std::map<int, std::pair<std::size_t, std::size_t>> seen;  // year -> (count, first position)
  for (auto pos = text.find(nian); pos != std::string_view::npos; pos = text.find(nian, pos + nian.size())) {
    std::size_t e = pos;
    while (e > 0 && text[e - 1] == ' ') --e;
    if (e < 4) continue;
    const auto digits = text.substr(e - 4, 4);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (e > 4 && text[e - 5] >= '0' && text[e - 5] <= '9') continue;
    const int year = std::stoi(std::string(digits));
    if (year < 1990 || year > 2099) continue;
    auto& [count, first] = seen.try_emplace(year, 0, pos).first->second;
    ++count;
  }
  int best = 0;
  std::pair<std::size_t, std::size_t> best_seen{0, 0};
  for (const auto& [year, c] : seen)
    if (!best || c.first > best_seen.first || (c.first == best_seen.first && c.second < best_seen.second)) {
      best = year;
      best_seen = c;
    }
  return best;
}

}  // namespace nianbao::pipeline
