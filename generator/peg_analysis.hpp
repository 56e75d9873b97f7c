#pragma once
// What can be known of a grammar without running it, shared by the PEGTL writer (which picks
// faster rules from it), the reader (the loop check) and the runtime's interpreter
// (runtime/layout/grammar_interpreter.cpp), so that the compiled and the interpreted form of a
// grammar take the same decisions.
#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "peg_ast.hpp"

namespace nianbao::generator {

// The rule a reference names, or null.
const rule_definition* rule_named(const grammar& g, const std::string& name);

// The texts an expression matches when it is a set of fixed texts: a literal, a class of single
// characters, a choice of such, or a rule that is one (followed a few levels deep); else none.
std::optional<std::vector<std::u32string>> fixed_texts(const expression& e, const grammar& g, int depth = 0);

// What an expression can start with: whether it can succeed without consuming (predicates,
// options, ''), and the bytes its first consumed byte can be (a superset: a class contributes
// every lead byte between its ends' lead bytes).
struct start_set {
  bool nullable = false;
  std::bitset<256> bytes;
};
start_set starts_of(const expression& e, const grammar& g, int depth = 0);

// The loops `(!p1 !p2 ... .)*` and `+`: the predicates p when `e` is such a loop, else none.
// `.*` and `.+` are such loops with no predicate.
std::optional<std::vector<const expression*>> predicate_loop(const expression& e);

// A grammar that can run forever without consuming input: a `*` or `+` over an expression that
// can succeed without consuming any (`(a?)*`), or a rule that can use itself before consuming
// anything (left recursion, `list <- list ',' item / item`, also through other rules or a
// predicate). PEGTL's analyze<>() finds the same for the compiled grammars; this says where, for
// the author. The first problem in the text (byte offset of the loop or of the reference that
// closes the cycle), or none.
struct loop_problem {
  std::size_t byte = 0;
  std::string message;
};
std::optional<loop_problem> find_loop(const grammar& g);

}  // namespace nianbao::generator
