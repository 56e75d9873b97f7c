#pragma once
// A grammar read at run time: a user's .peg file (a profile's `grammar = "box.peg"`), read with
// the generator's own reader (generator/peg_reader.hpp: the same notation, the same checks, the
// loop check) and run by an interpreter over the same grammar tree. Its rules bind to the runtime
// by the same names (`cell`, `row`, `heading`: layout/event_kind.hpp) and it reports the same
// events as the grammar compiled with PEGTL would (tests/unit/test_grammar_interpreter.cpp runs
// every built-in grammar both ways). Built-in grammars stay compiled: this is for grammars a
// user adds without rebuilding nianbao.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "layout/events.hpp"

namespace nianbao::layout {

class grammar_program;  // the grammar tree made ready to run (grammar_interpreter.cpp)

// One named rule that matched, for `nianbao grammar trace`: the rules of the parse that stood
// (what a failing alternative matched is taken back, as its events are), in the order they
// started, with how many named rules enclose it.
struct rule_match {
  std::string_view rule;  // the rule's name (owned by the grammar)
  std::size_t begin = 0, end = 0;
  std::size_t depth = 0;
};

// What `nianbao grammar trace` shows of a parse.
struct parse_trace {
  std::vector<rule_match> rules;
  // When the whole text was not matched: where the top rule stopped (npos: it failed; then
  // `rules` is empty) and the farthest byte any character test reached, where the author's
  // grammar most likely met what it did not expect.
  std::size_t top_end = 0;
  std::size_t farthest = 0;
};

class interpreted_grammar {
 public:
  // Reads and checks a grammar (throws nianbao::diagnostic_error naming file:line:column).
  interpreted_grammar(std::string_view peg_text, const std::string& file);
  ~interpreted_grammar();
  interpreted_grammar(const interpreted_grammar&) = delete;
  interpreted_grammar& operator=(const interpreted_grammar&) = delete;

  // Reads the file (throws diagnostic_error when it cannot be read or is not a good grammar).
  static std::shared_ptr<const interpreted_grammar> load(const std::string& path);

  const std::string& file() const noexcept { return file_; }
  // The entry the layout stage runs (layout::cut): its name is the file as given.
  const grammar_entry& entry() const noexcept { return entry_; }

  // Runs the grammar over `text`, as a compiled grammar's parse function does. `trace`: when
  // not null, receives the named rules that matched (those of the top rule's match even when
  // the text goes on after it).
  grammar_result parse(std::string_view text, bool well_formed, parse_trace* trace = nullptr) const;

  // What the author should know of a grammar that is not an error: rules the top rule never
  // uses, no rule named `cell` (nothing to read) or `row` (every cell in one row).
  const std::vector<diagnostic>& warnings() const noexcept { return warnings_; }

  // The rule names, in definition order (the first is the top rule).
  std::vector<std::string> rule_names() const;

 private:
  std::string file_;
  std::unique_ptr<grammar_program> program_;
  grammar_entry entry_{};
  std::vector<diagnostic> warnings_;
};

}  // namespace nianbao::layout
