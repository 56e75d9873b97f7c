#pragma once
// The plan step (issue 20): which profile reads a report first, and when its reading is the
// result without the other profiles'. The exhaustive design reads every report with every
// profile that can read it and merges the readings table by table (merge/merge.hpp); most
// reports are read completely by one profile, and the merge would keep that one's reading. The
// plan gives that reading alone where it can prove the merge would, and the exhaustive merge
// everywhere else (docs/plan.md: the definition of "complete" and why it gives the same record).
//
// The ranking is the merge's own order of preference where readings tie: the profiles that can
// read the document (its format, its page, the separators and strings their `needs` name), those
// whose grammar marks more rows of it as headings first, then by priority, then by order of
// loading. Only the first can win every tie against the profiles not read, so it is the one read.
#include <cstddef>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "profile/profile.hpp"
#include "resolve/candidate.hpp"

namespace nianbao::pipeline {

class readings;

// Whether each profile's grammar can mark a row as a heading (it has a rule named `heading`):
// only those readings count headings_marked, which breaks the merge's ties before priority. A
// built-in grammar is read from `data_dir`/grammars; one that cannot be read is taken to mark
// headings (that only makes the plan check more). Computed once per context.
std::vector<char> grammars_marking_headings(const std::vector<profile::profile>& profiles, const std::string& data_dir);

struct reading_plan {
  std::vector<std::size_t> order;  // the profiles that can read the document, best first
  // [profile]: the most section headings the profile's reading can count (its grammar's heading
  // rows in the document; 0 for a grammar that marks none).
  std::vector<std::size_t> headings;
};

// Ranks the profiles that can read the document (`reads.readable()`); cuts it with each grammar
// that marks headings, to count them (the cuts stay in `reads` for its readings).
reading_plan make_plan(readings& reads, const std::vector<profile::profile>& profiles,
                       const std::vector<char>& marks_headings);

// Whether profile `pi`'s reading, tied in every table with the reading of `other` (which was not
// read), would be kept by the merge: `other` can mark fewer headings, or as many and it is lower
// in the merge's order (priority, then order of loading).
bool wins_ties_against(const reading_plan& plan, const std::vector<profile::profile>& profiles, std::size_t pi,
                       std::size_t headings_marked, std::size_t other);

// Whether one profile's reading `c` of template `m` reads the whole template and nothing else:
// every key of every table a number or placeholder read in place (no empty cell, nothing missing),
// no misaligned row, no repaired value, no warning, no grammar error. No other reading can then
// read more of any table, nor tie it with fewer misaligned rows, repairs or more values.
bool reads_whole_template(const resolve::candidate& c, const model::template_model& m);

// Why `c` does not read the whole template (the first condition of reads_whole_template it
// fails, as a short code: "grammar-error", "cells-missing", "cells-empty", "rows-misaligned",
// "values-repaired", "table-truncated", "warning:<code of the reading's warning>",
// "text-cells"); "" when it does. What the plan records as the reason it fell back.
std::string incomplete_because(const resolve::candidate& c, const model::template_model& m);

// Whether template `mi`, read completely (every key filled), is the template the exhaustive
// reading would choose whatever the other profiles read: every other template has fewer keys (so
// no reading of it fills as many), and none fits the report year better (better_template's first
// rule could not prefer it). `year`: the report's year as better_template is given it. Known
// before any reading: the plan reads only such a template, and no plan is made without one.
bool template_settled(const std::vector<model::template_model>& models, std::size_t mi, int year);

}  // namespace nianbao::pipeline
