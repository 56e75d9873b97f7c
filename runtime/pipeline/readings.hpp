#pragma once
// The readings of one document: every profile that can read it, its grammar's cut of the text
// (layout), and its cells read and resolved under each template (resolve). What is alike is done
// once and shared, and all of that sharing is here:
//   - each grammar cuts the text once, whatever the number of profiles naming it;
//   - the cells of a cut are read once (classified, placed, labels normalised) for the profiles
//     that read them alike (grammars that cut the text alike, the same markup and placeholders)
//     and for every template; cuts that share cells (the same byte ranges) read them once;
//   - of profiles that would resolve those cells alike, only the one the merge would prefer is
//     resolved.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/budget.hpp"
#include "layout/layout.hpp"
#include "model/model.hpp"
#include "pipeline/document.hpp"
#include "profile/profile.hpp"
#include "resolve/candidate.hpp"
#include "resolve/labels.hpp"
#include "resolve/resolver.hpp"

namespace nianbao::pipeline {

// Which profiles read a layout's cells alike (markup, placeholders), and which also resolve them
// alike ([cells], [labels]): properties of the profiles, computed once (the context holds them);
// what depends on the text (the grammars' cuts) is added by each document's readings.
struct profile_kinship {
  explicit profile_kinship(const std::vector<profile::profile>& profiles);
  std::vector<std::vector<char>> read_alike, resolve_alike;  // [profile][profile]
};

class readings {
 public:
  // The profiles that can read the document (in their order): readable().
  readings(const document& doc, const std::vector<profile::profile>& profiles, const profile_kinship& kin);
  // layout: reads the document with the profiles `tried` (indices into the profiles) that can
  // read it, or with every one (null: the exhaustive reading): each grammar's cut, made once and
  // kept for a later call. What a previous call kept for resolve is given back first.
  void read(const std::vector<std::size_t>* tried = nullptr);
  readings(const readings&) = delete;
  readings& operator=(const readings&) = delete;

  std::size_t size() const noexcept { return active_.size(); }  // profiles read (the last read)
  // Every profile that can read the document (indices into the profiles, in their order), read
  // or not.
  const std::vector<std::size_t>& readable() const noexcept { return readable_; }
  // How many rows profile `pi`'s grammar marked as headings in its cut of the document (cut now
  // if it is not one of the profiles read): the most section headings its reading can count
  // (resolve::candidate::headings_marked).
  std::size_t heading_rows(std::size_t pi);
  // The year the text prints most often (year_hint), for a report whose title gives none: of the
  // first readable profile's text that prints one (a page's text or the decoded text); 0 if none.
  int year_hint() const;

  // resolve: one candidate per profile read under template `m` (labels: [profile] of its label
  // indexes), in the profiles' order, without those another one resolves alike. `more_follow`:
  // templates are still to come, so cells small enough are kept for them (a sixteenth of the
  // memory limit, at most 16 MiB each; larger ones are read again: one at a time in memory).
  // `only`: of the profiles read, resolve only these (the cells kept for the others stay).
  std::vector<resolve::candidate> resolve(const model::template_model& m,
                                          const std::vector<std::shared_ptr<const resolve::label_index>>& labels, bool more_follow,
                                          const std::vector<std::size_t>* only = nullptr);
  // The cells kept for further templates, and the memory they hold, given back.
  void release();
  // Profile `pi`'s candidate under template `m`, resolved already (by the plan, before the repair
  // stage): the next resolve of `m` takes it instead of resolving it again.
  void reuse(std::size_t pi, const model::template_model& m, resolve::candidate c);

 private:
  const document& doc_;
  const std::vector<profile::profile>& profiles_;
  const profile_kinship& kin_;
  std::vector<std::size_t> readable_;                   // the profiles that can read it, by index
  std::vector<std::size_t> active_;                     // the profiles reading, by index
  // The key of a profile's cut: its grammar, and whether it cuts the page's grid text.
  std::string cut_key(const profile::profile& p) const;
  // The cut of profile p's grammar (made once per cut_key).
  const layout::layout_result& cut_of(const profile::profile& p);
  std::map<std::string, layout::layout_result> cuts_;   // by cut_key
  std::vector<std::size_t> reader_;                     // [a]: the first active profile reading the cells as active_[a] does
  std::vector<bool> resolved_alike_;                    // [a]: left out for another that resolves alike
  std::vector<std::optional<resolve::read_rows>> kept_; // by reader: cells kept for the next template
  std::deque<budget::hold> kept_held_;                  // a deque: holds are not moved
  struct resolved_before {
    std::size_t profile;
    const model::template_model* model;
    resolve::candidate c;
  };
  std::optional<resolved_before> reused_;               // reuse()
  // Kept readings share the cells they have in common (by byte range); the caches point into
  // them and go with them. A reading read again is read without them.
  resolve::cell_cache text_cells_, page_cells_;
};

}  // namespace nianbao::pipeline
