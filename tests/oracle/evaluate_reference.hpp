#pragma once
// The tree-walking interpreter that check::evaluate was before rule sets were compiled
// (compile.cpp): it substitutes the variables and looks every key up by name on every call, so
// it is slow (about 1 ms for the 2021 rules), but it is simple. Kept as the reference that the
// compiled evaluation is tested against (tests/unit/test_rules_compiled.cpp): test code, built
// only into that test, not into the library.
#include "rules/rules.hpp"

namespace nianbao::check::detail {

check_report evaluate_reference(const rule_set& rules, const value_source& values);

}  // namespace nianbao::check::detail
