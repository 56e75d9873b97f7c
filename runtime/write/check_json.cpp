#include "write/check_json.hpp"

namespace nianbao::write {

namespace {

void optional_number(json_text& j, const std::optional<double>& d) {
  if (d) j.whole_or_number(*d);
  else j.null();
}

}  // namespace

void write_check_keys(json_text& j, const check::instance_result& result) {
  j.begin_object();
  const auto& keys = result.keys;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    // A key named twice has one entry, where it was first named, holding the last value.
    bool seen = false;
    for (std::size_t e = 0; e < i && !seen; ++e) seen = keys[e].key == keys[i].key;
    if (seen) continue;
    std::size_t last = i;
    for (std::size_t l = i + 1; l < keys.size(); ++l)
      if (keys[l].key == keys[i].key) last = l;
    const value& x = *keys[last].value;
    j.key(keys[i].key).begin_object().key("value");
    if (x.kind == cell_kind::number) j.whole_or_number(x.number);
    else {
      j.null().key("kind").string(nianbao::to_string(x.kind));
      if (!x.raw.empty()) j.key("raw").string(x.raw);
    }
    if (x.where.page > 0) j.key("page").unsigned_integer(x.where.page);
    if (x.where.line > 0) {
      j.key("line").unsigned_integer(x.where.line);
      if (x.where.column > 0) j.key("column").unsigned_integer(x.where.column);
    }
    if (x.repaired) j.key("repaired").boolean(true);
    j.end_object();
  }
  j.end_object();
}

void write_check_result(json_text& j, const check::instance_result& r) {
  j.begin_object().key("rule").string(r.rule).key("instance").string(r.instance);
  j.key("severity").string(nianbao::to_string(r.severity)).key("message").string(r.message);
  j.key("status").string(check::to_string(r.status)).key("check").string(r.check);
  optional_number(j.key("left"), r.left);
  optional_number(j.key("right"), r.right);
  write_check_keys(j.key("keys"), r);
  j.end_object();
}

void write_checks(json_text& j, const check::check_report& report, bool with_unassessed) {
  j.begin_object().key("passed").unsigned_integer(report.passed).key("failed").unsigned_integer(report.failed);
  j.key("skipped").unsigned_integer(report.skipped).key("not_assessable").unsigned_integer(report.not_assessable);
  j.key("failures").begin_array();
  for (const auto& r : report.results)
    if (r.status == check::status::failed) write_check_result(j, r);
  j.end_array();
  if (with_unassessed) {
    j.key("unassessed").begin_array();
    for (const auto& r : report.results)
      if (r.status != check::status::failed && r.status != check::status::passed) write_check_result(j, r);
    j.end_array();
  }
  j.key("rule_errors").begin_array();
  for (const auto& e : report.rule_errors) {
    j.begin_object().key("rule").string(e.rule).key("instance").string(e.instance);
    j.key("message").string(e.diag.message).key("file").string(e.diag.file);
    j.key("line").unsigned_integer(e.diag.where.line).key("column").unsigned_integer(e.diag.where.column);
    j.end_object();
  }
  j.end_array().end_object();
}

}  // namespace nianbao::write
