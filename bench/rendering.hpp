#pragma once
// Random renderings of random valid reports, for the benchmark's corpus (nianbao_bench.cpp) and
// the plan's differential test (tests/unit/test_plan.cpp): a report of the repository's corpora,
// decoded, with every number its record read (in the tables and in the prose) multiplied by a
// factor where it is printed. The template's rules are sums and signs, which a common factor
// keeps: another valid report, in the same layout (and with the same damage: a cell the report
// lost is still lost, and the rules still give it back).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "pipeline/pipeline.hpp"
#include "record/record.hpp"

namespace nianbao::bench {

// The built-in models, profiles and rules, every report read by every profile (--exhaustive):
// what the renderings are made from, and what the plan is compared with. Loaded once.
inline const pipeline::context& exhaustive_context() {
  static const pipeline::context cx{[] {
    pipeline::options o;
    o.exhaustive = true;
    return o;
  }()};
  return cx;
}

// A number printed as `raw` was, times k: with as many decimals (an integer stays one).
inline std::string scaled_number(double number, const std::string& raw, long k) {
  const auto dot = raw.find_last_of('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(raw.size() - dot - 1);
  return fmt::format("{:.{}f}", number * static_cast<double>(k), decimals);
}

// `text`: the report's decoded text, whose bytes `r`'s positions are (a text input's record); a
// value whose bytes there are not its raw text is left as printed (the report may then fail a
// rule: still a report to read).
inline std::string scaled_report(std::string text, const pipeline::record& r, long k) {
  std::vector<const value*> numbers;
  for (const auto* vs : {&r.values, &r.narrative})
    for (const auto& v : *vs)
      if (v.kind == cell_kind::number && !v.repaired && !v.raw.empty() && v.where.page == 0 &&
          v.where.byte + v.raw.size() <= text.size() && text.compare(v.where.byte, v.raw.size(), v.raw) == 0)
        numbers.push_back(&v);
  // From the end, each place once: the positions before a replacement stay valid.
  std::sort(numbers.begin(), numbers.end(), [](const value* a, const value* b) { return a->where.byte > b->where.byte; });
  numbers.erase(std::unique(numbers.begin(), numbers.end(),
                            [](const value* a, const value* b) { return a->where.byte == b->where.byte; }),
                numbers.end());
  for (const auto* v : numbers) text.replace(v->where.byte, v->raw.size(), scaled_number(v->number, v->raw, k));
  return text;
}

}  // namespace nianbao::bench
