#pragma once
// The JSON the writers write for a part of a record (write/check_json.hpp, write/json_writer.hpp),
// parsed back into a document for the tests' assertions: the tests read what the outputs write.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "write/check_json.hpp"
#include "write/json_writer.hpp"

namespace nianbao::test {

// A record's line of JSON Lines (write::append_json), as a document.
inline nlohmann::ordered_json json_of(const pipeline::record& r, const write::json_options& opts = {}) {
  std::string s;
  write::append_json(s, r, opts);
  return nlohmann::ordered_json::parse(s);
}

template <class Write>
nlohmann::ordered_json written_json(Write&& write) {
  std::string s;
  write::json_text j(s);
  write(j);
  return nlohmann::ordered_json::parse(s);
}

inline nlohmann::ordered_json json_of(const check::check_report& r, bool with_unassessed = true) {
  return written_json([&](write::json_text& j) { write::write_checks(j, r, with_unassessed); });
}
inline nlohmann::ordered_json json_of(const check::instance_result& r) {
  return written_json([&](write::json_text& j) { write::write_check_result(j, r); });
}
inline nlohmann::ordered_json json_of(const region::agency& a) {
  return written_json([&](write::json_text& j) { write::write_region(j, a); });
}
inline nlohmann::ordered_json json_of(const measures::measure_set& set, const std::vector<measures::result>& results) {
  return written_json([&](write::json_text& j) { write::write_measures(j, set, results); });
}

}  // namespace nianbao::test
