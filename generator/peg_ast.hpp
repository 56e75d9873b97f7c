#pragma once
// The grammar read from a .peg file, as plain data: the reader builds it, the emitter prints it.
// Every node keeps the byte offset of its source so later checks can point at it.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace nianbao::generator {

enum class expression_kind {
  choice,        // e1 / e2 / ...   (two or more alternatives)
  sequence,      // e1 e2 ...       (two or more items)
  and_predicate, // &e
  not_predicate, // !e
  optional,      // e?
  zero_or_more,  // e*
  one_or_more,   // e+
  reference,     // Name
  literal,       // 'text' or "text"
  char_class,    // [a-z_]
  any_char,      // .
};

struct expression {
  expression_kind kind = expression_kind::any_char;
  std::size_t byte = 0;                // where the expression starts in the .peg text
  std::vector<expression> children;    // choice, sequence: the parts; predicates, suffixes: one
  std::string name;                    // reference: the rule name as written
  std::u32string text;                 // literal: its code points (escapes resolved)
  std::vector<std::pair<char32_t, char32_t>> ranges;  // char_class: inclusive [lo, hi], lo == hi for a single
};

struct rule_definition {
  std::string name;   // as written in the .peg file
  std::size_t byte = 0;  // where the name starts
  expression body;
};

// Rules in definition order: the first one is the grammar's top rule.
struct grammar {
  std::vector<rule_definition> rules;
};

}  // namespace nianbao::generator
