#include "pipeline/across_years.hpp"

#include <map>

namespace nianbao::pipeline {

namespace {

// The keys of two reports of one template, as prev.<key> and cur.<key>.
class pair_values final : public check::value_source {
 public:
  pair_values(const record& prev, const record& cur) : prev_(prev), cur_(cur) {
    for (const auto& k : cur.model->keys) keys_.push_back("prev." + k);
    for (const auto& k : cur.model->keys) keys_.push_back("cur." + k);
  }
  const std::vector<std::string>& keys() const override { return keys_; }
  const value* find(std::string_view key) const override {
    const record* r = nullptr;
    if (key.substr(0, 5) == "prev.") r = &prev_, key.remove_prefix(5);
    else if (key.substr(0, 4) == "cur.") r = &cur_, key.remove_prefix(4);
    if (!r) return nullptr;
    auto it = r->model->key_index.find(std::string(key));
    return it == r->model->key_index.end() ? nullptr : &r->values[it->second];
  }

 private:
  const record& prev_;
  const record& cur_;
  std::vector<std::string> keys_;
};

diagnostic note(const record& r, std::string code, std::string message) {
  return file_diagnostic(severity::note, r.path, {}, std::move(code), std::move(message));
}

}  // namespace

across_years_result check_across_years(const context& cx, const std::vector<record>& records) {
  across_years_result out;
  // agency -> year -> report (the first of duplicates is used)
  std::map<std::string, std::map<int, const record*>> by_agency;
  for (const auto& r : records) {
    if (!r.model || r.status == status::failed) continue;
    if (r.info.agency.empty() || r.info.year == 0) {
      out.notes.push_back(note(r, "no-agency-year", "the title gives no agency and year; not paired with other years"));
      continue;
    }
    auto& years = by_agency[r.info.agency];
    auto [it, fresh] = years.emplace(r.info.year, &r);
    if (!fresh)
      out.notes.push_back(note(r, "duplicate-year", r.info.agency + " " + std::to_string(r.info.year) +
                                                         " is also reported by " + it->second->path + "; that one is used"));
  }
  // Per template, its across-years rules compiled against its pairs' keys (compiled once: every
  // pair of a template has the same keys).
  std::map<const model::template_model*, check::compiled_rules> compiled;
  for (const auto& [agency, years] : by_agency) {
    for (auto it = years.begin(); it != years.end(); ++it) {
      auto next = std::next(it);
      if (next == years.end() || next->first != it->first + 1) continue;
      const record& prev = *it->second;
      const record& cur = *next->second;
      if (prev.model != cur.model) {
        out.notes.push_back(note(cur, "template-changed", "follows " + cur.model->id + " but " + prev.path +
                                                               " follows " + prev.model->id + "; not compared"));
        continue;
      }
      const auto& rules = cx.across_years_rules_for(*cur.model);
      if (rules.empty()) continue;
      year_pair p;
      p.prev = &prev;
      p.cur = &cur;
      const pair_values values(prev, cur);
      auto known = compiled.find(cur.model);
      if (known == compiled.end()) known = compiled.emplace(cur.model, check::compile(rules, values.keys())).first;
      p.report = check::evaluate(known->second, values);
      out.pairs.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace nianbao::pipeline
