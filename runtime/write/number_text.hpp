#pragma once
// Every number the outputs write as text (JSON Lines, CSV, the checks' keys in SQLite, nianbao
// check --format json, nianbao compare), formatted here and nowhere else.
//
//   append_number        a double: the shortest text that reads back as the same double, in the
//                        layout the JSON output has always had ("0.375", "12.0", "1e+16"); not
//                        finite: null
//   append_whole_or_number   a whole number below 2^53 as an integer ("12"), any other as above
//                        (a rule's sides, a check's key values, a change between two years)
//   append_value         a canonical value: an integer-typed value printed without a fraction
//                        as an integer ("12"), any other number as append_number ("88.78" for
//                        a decimal amount, "12.0" for a decimal amount printed "12"); the
//                        caller writes null for a value that is not a number
//
// The digits come from nlohmann's float writer (Grisu2, always reading back exactly): the
// outputs were written by it since the first version, and std::to_chars, which finds the
// shortest digits, differs from it in the last digit of about 3 in 10,000 ratios (measured
// over 13 million ratios and decimals). Changing that would change outputs; not done here.
#include <string>

#include "core/value.hpp"
#include "model/model.hpp"

namespace nianbao::write {

void append_number(std::string& out, double d);
void append_whole_or_number(std::string& out, double d);
void append_value(std::string& out, const value& v, model::value_type type);

// Whether append_value writes the value as an integer (SQLite binds it as an INTEGER then).
bool written_as_integer(const value& v, model::value_type type);

}  // namespace nianbao::write
