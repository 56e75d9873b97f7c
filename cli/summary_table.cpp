#include "summary_table.hpp"

#include <algorithm>
#include <array>
#include <ostream>

#include "text_width.hpp"

namespace nianbao::cli {

void summary_table::add(const pipeline::record& r) {
  row w;
  w.agency = r.info.agency.empty() ? "-" : r.info.agency;
  w.year = r.info.year ? std::to_string(r.info.year) : "-";
  w.status = pipeline::to_string(r.status);
  // A failed record says why in a word: its first error's code (binary, no-tables, time-limit ...).
  if (r.status == pipeline::status::failed && !r.errors.empty() && !r.errors.front().code.empty())
    w.status += " (" + r.errors.front().code + ")";
  if (r.status != pipeline::status::failed && r.model && !r.values.empty()) {
    std::size_t numbers = 0;
    for (const auto& v : r.values) numbers += v.kind == cell_kind::number;
    w.values = std::to_string(numbers) + "/" + std::to_string(r.values.size());
  } else {
    w.values = "-";
  }
  w.repairs = std::to_string(r.repairs.size());
  w.rule_failures = r.checks ? std::to_string(r.checks->failed) : "-";
  w.report = r.path;
  rows_.push_back(std::move(w));
}

void summary_table::print(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& written) const {
  // Left-aligned text, right-aligned counts; the path last, unpadded, as it may be long.
  const std::array<std::string, 7> header = {"agency", "year", "status", "values", "repairs", "rule failures",
                                             "report"};
  const std::array<bool, 7> right = {false, false, false, true, true, true, false};
  auto cells = [](const row& w) {
    return std::array<const std::string*, 7>{&w.agency,  &w.year,          &w.status, &w.values,
                                             &w.repairs, &w.rule_failures, &w.report};
  };
  std::array<std::size_t, 7> width{};
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
  for (const auto& w : rows_) {
    const auto cs = cells(w);
    for (std::size_t c = 0; c < cs.size(); ++c) width[c] = std::max(width[c], display_width(*cs[c]));
  }
  auto line = [&](const std::array<const std::string*, 7>& cs) {
    std::string text;
    for (std::size_t c = 0; c < cs.size(); ++c) {
      if (c) text += "  ";
      if (c + 1 == cs.size()) text += *cs[c];
      else text += right[c] ? pad_left(*cs[c], width[c]) : pad_right(*cs[c], width[c]);
    }
    out << text << "\n";
  };
  std::array<const std::string*, 7> hs{};
  for (std::size_t c = 0; c < header.size(); ++c) hs[c] = &header[c];
  line(hs);
  for (const auto& w : rows_) line(cells(w));
  if (!written.empty()) {
    out << "\nFull records written to:\n";
    std::size_t kind_width = 0;
    for (const auto& [kind, path] : written) kind_width = std::max(kind_width, display_width(kind));
    for (const auto& [kind, path] : written) out << "  " << pad_right(kind + ":", kind_width + 1) << "  " << path << "\n";
  }
}

}  // namespace nianbao::cli
