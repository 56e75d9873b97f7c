#pragma once
// The seam between layout and model: a grammar only reports what it sees, as a flat list of
// events with byte ranges into the decoded text. It knows nothing of canonical keys.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/budget.hpp"
#include "layout/event_kind.hpp"

namespace nianbao::layout {

struct event {
  event_kind kind;
  std::size_t begin;  // byte offsets into the text given to the grammar
  std::size_t end;
};

// Events are transactional: what a rule reported is taken back when an enclosing rule fails,
// so grammars may use ordered choice freely (run_grammar.hpp: a rule that may report notes the
// number of events when it starts, and cuts them back to it when it fails).
// The grammars call count() when one of their own (named) rules starts: that is where the
// per-input time limit is looked at (every budget::kCheckEvery rules), and where the events'
// memory is charged (run_grammar.hpp).
struct event_log {
  std::vector<event> events;
  unsigned countdown = budget::kCheckEvery;
  bool well_formed = false;  // the text is well-formed UTF-8: the scans step over bytes (grammar_chars.hpp)
  std::size_t charged = 0;  // bytes of events charged to the budget so far

  void count() {
    if (__builtin_expect(--countdown == 0, 0)) tick();
  }
  // Out of line and cold: count() stays small, for the grammars' inlining.
  [[gnu::noinline, gnu::cold]] void tick() {
    countdown = budget::kCheckEvery;
    const std::size_t bytes = events.capacity() * sizeof(event);
    if (bytes > charged) {
      budget::charge(bytes - charged);
      charged = bytes;
    }
    budget::check_clock();
  }
};

struct grammar_error {
  std::size_t byte = 0;  // where the grammar failed (a must<> or no match)
  std::string message;
};

struct grammar_result {
  std::vector<event> events;
  std::optional<grammar_error> error;  // set when the grammar did not accept the text
};

// `well_formed`: the text is known to be well-formed UTF-8 (decode's output); the result is the
// same either way, only faster.
using parse_function = grammar_result (*)(std::string_view text, bool well_formed);
using analyze_function = std::size_t (*)();

class interpreted_grammar;  // layout/grammar_interpreter.hpp

struct grammar_entry {
  const char* name;           // file name without .peg, e.g. "tab"; a user grammar: its path
  parse_function parse;       // a built-in grammar, compiled; null for a user grammar
  analyze_function analyze;   // PEGTL's analyze<>: number of grammar problems found (built-in)
  const interpreted_grammar* interpreted = nullptr;  // a user grammar, run by the interpreter

  // Runs the grammar, compiled or interpreted (layout.cpp).
  grammar_result run(std::string_view text, bool well_formed) const;
};

// Every grammar built from grammars/*.peg (generated at build time).
const std::vector<grammar_entry>& grammar_registry();
const grammar_entry* find_grammar(std::string_view name);

}  // namespace nianbao::layout
