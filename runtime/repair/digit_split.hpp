#pragma once
// The split of digit runs: where a layout printed a row's cells without separators
// (`一、本年新收政府信息公开申请数量801000081`), the row's value cells are runs of digits that
// each hold one or more of its cells. A sibling of the alignment search (repair.hpp): every way
// to split a row's runs into its cells is enumerated (a cell is 1 to max_cell_digits digits,
// and only a 0 starts with 0: `0012` is 0, 0, 12), pruned by the rules that read the row alone
// (its total), and the rows' remaining splits are chosen together by the rules that tie rows
// (column sums, the balance) with a search that checks each rule as soon as its rows are chosen
// and bounds the sums of those not yet chosen. A row is filled only where exactly one split fits
// every rule, each value marked repaired with the rules that decided it; where several fit, it
// stays null with an `ambiguous-row` warning listing them; where none does, a `misaligned-row`
// warning says so. The rules are the template's (data): nothing here knows a row total.
#include <cstddef>
#include <string>

#include "rules/rules.hpp"
#include "model/model.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::repair {

struct split_options {
  // The most digits of a cell's whole part: no count of these tables reaches a thousand million.
  // Also what bounds the search on a pathological run (5,000 digits give no split at all).
  std::size_t max_cell_digits = 9;
  std::size_t max_fraction_digits = 6;  // of a decimal cell (万元 to the cent and beyond)
  std::size_t max_splits = 20000;       // per row, fitting its own rules: beyond, it stays null
  std::size_t max_steps = 2000000;      // of the search of a row's splits (a step: a cell tried)
  std::size_t max_joint_steps = 200000; // of each joint choice (a step: a row's split tried, its rules checked)
  std::size_t max_listed = 8;           // splits listed in an ambiguous-row warning
};

// Splits the runs of digits of c's misaligned rows that have fewer cells than columns: fills the
// rows decided (values marked repaired, a repair entry per value, a `split-row` note) and takes
// them out of `misaligned`; marks the others split_tried (the alignment search leaves them
// alone) and replaces their notes with the verdict. `rules` as for repair_candidate.
void split_digit_runs(resolve::candidate& c, const model::template_model& m, const check::compiled_rules& rules,
                      const std::string& file, const split_options& opts = {});

}  // namespace nianbao::repair
