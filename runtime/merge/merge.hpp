#pragma once
// The merge stage: per table, the candidate that fills more of it wins (ties: profile priority).
#include <string>
#include <vector>

#include "model/model.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::merge {

struct merged {
  std::vector<value> values;                 // parallel to the model's keys
  std::vector<std::string> table_profiles;   // per table: the profile that supplied it ("" = none)
  std::vector<std::size_t> table_filled;     // per table: keys set
  std::vector<diagnostic> notes;             // the chosen candidates' notes, in table order
  std::vector<resolve::misaligned_row> misaligned;  // of the chosen candidates
  std::vector<resolve::repair> repairs;             // of the chosen candidates
  std::size_t filled = 0;
  std::size_t tables_begin = SIZE_MAX;  // where the first table heading is (the narrative ends)
  std::size_t column_labels_seen = 0;   // most of the template's column headers any profile saw
  int year_hint = 0;                    // pipeline::year_hint of the text, set by the caller; 0 if none
};

// Per table, the best candidate's reading; then, per row, a cell another reading saw printed blank
// over a value the chosen one only derived (README, "Merge"). `file` names the notes it adds.
merged merge_candidates(const model::template_model& m, std::vector<resolve::candidate>& candidates,
                        const std::string& file = {});

// Whether repairing candidate `i` could change what the merge keeps: some table of it with
// misaligned rows could win, were every one of those rows filled, against the other candidates'
// readings of that table as they stand. The repair only adds values, so a candidate that cannot
// win any table that way needs none (repairs of several profiles under several templates are
// most of the work on a damaged report).
bool repair_could_matter(const std::vector<resolve::candidate>& candidates, std::size_t i);

// Whether reading `a` (under template `ma`) is a better account of the report than reading `b`
// (under `mb`): first, the template that both fits the report year better and had more of its
// own column headers printed (two signs from the report itself agreeing); else more values
// filled; then more of the template's own column headers printed in
// the tables (本年新制作数量 is gov-2019's, 本年制发件数 gov-2021's); then the report year
// (`year`, from the title, else the year printed most often in the text): a template whose report_years name
// it wins, one whose report_years name other years loses to one that names none.
// How well template m fits the report year (0 = unknown): 2 its report_years name the year, 1 it
// names no years, 0 it names other years or the year is unknown.
int year_fit(const model::template_model& m, int year);

bool better_template(const merged& a, const model::template_model& ma, const merged& b,
                     const model::template_model& mb, int year = 0);

}  // namespace nianbao::merge
