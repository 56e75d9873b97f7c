#pragma once
// The check results as JSON, written by the JSON writer like the rest of a record: the "checks"
// object of nianbao parse's JSON Lines, of nianbao check --format json, of nianbao compare, and
// the keys column of the SQLite checks table.
//
// {"passed":N,"failed":N,"skipped":N,"not_assessable":N,
//  "failures":[{"rule","instance","severity","message","status","check","left","right",
//               "keys":{"requests.new.natural_person":{"value":11,"line":57,"column":12},...}}],
//  "unassessed":[...same shape, status "skipped" or "not_assessable"...],   (with_unassessed)
//  "rule_errors":[{"rule","instance","message","file","line","column"}]}
// A key's entry has "value" (number, or null when not a number), then "kind" and "raw" when it
// is not a number, "page" when known, "line"/"column" when known, and "repaired": true when
// repaired. A key a check reads twice has one entry.
#include "rules/rules.hpp"
#include "write/json_text.hpp"

namespace nianbao::write {

void write_checks(json_text& j, const check::check_report& report, bool with_unassessed);
void write_check_result(json_text& j, const check::instance_result& result);
// The "keys" object of one result.
void write_check_keys(json_text& j, const check::instance_result& result);

}  // namespace nianbao::write
