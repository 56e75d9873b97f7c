// Evaluating a rule_set over a value_source (through compile.cpp, cached), and the "checks" JSON.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>

#include "rules/rules.hpp"
#include "rules/rules_data.hpp"

namespace nianbao::check {

const char* to_string(status s) noexcept {
  switch (s) {
    case status::passed: return "passed";
    case status::failed: return "failed";
    case status::skipped: return "skipped";
    case status::not_assessable: return "not_assessable";
  }
  return "failed";
}

std::size_t check_report::failed_errors() const noexcept {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status::failed && r.severity == nianbao::severity::error;
  return n;
}

std::size_t check_report::failed_warnings() const noexcept {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status::failed && r.severity == nianbao::severity::warning;
  return n;
}

namespace {

bool is_whole(double d) { return std::isfinite(d) && std::floor(d) == d; }

// The compiled rules of the last few (rule set, keys) pairs evaluate(rule_set, value_source) saw
// on this thread. A rule set's data is immutable, so the same data and the same keys compile to
// the same instances; the weak pointer tells a live rule set from a new one at the same address.
struct cache_entry {
  std::weak_ptr<const detail::rules_data> rules;
  std::vector<std::string> keys;
  compiled_rules compiled;
  std::uint64_t used = 0;
};

constexpr std::size_t cache_size = 4;

compiled_rules compiled_for(const rule_set& rules, const std::vector<std::string>& keys) {
  thread_local std::vector<cache_entry> cache;
  thread_local std::uint64_t clock = 0;
  ++clock;
  for (auto& e : cache) {
    auto locked = e.rules.lock();
    if (locked && locked == rules.shared_data() && e.keys == keys) {
      e.used = clock;
      return e.compiled;
    }
  }
  cache_entry fresh{rules.shared_data(), keys, compile(rules, keys), clock};
  if (cache.size() < cache_size) {
    cache.push_back(std::move(fresh));
    return cache.back().compiled;
  }
  auto oldest = std::min_element(cache.begin(), cache.end(),
                                 [](const cache_entry& a, const cache_entry& b) { return a.used < b.used; });
  *oldest = std::move(fresh);
  return oldest->compiled;
}

}  // namespace

check_report evaluate(const rule_set& rules, const value_source& values) {
  const std::vector<std::string>& keys = values.keys();
  const compiled_rules compiled = compiled_for(rules, keys);
  std::vector<const value*> pointers(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) pointers[i] = values.find(keys[i]);
  return evaluate(compiled, value_view(pointers));
}

}  // namespace nianbao::check
