#pragma once
// JSON text written straight into a string, byte for byte as nlohmann::ordered_json's
// dump(-1, ' ', false, error_handler_t::replace) writes the same document (ill-formed UTF-8: one
// U+FFFD for each maximal subpart): the writers build no document tree (building and dumping
// one was a sixth of a run). Every JSON the commands write goes through it; nlohmann is used
// only where a JSON document is read (the corpus tests' expected files).
//
//   std::string s;
//   json_text j(s);
//   j.begin_object().key("path").string(p).key("year").integer(2024).end_object();
#include <cstdint>
#include <string>
#include <string_view>

#include "core/value.hpp"
#include "model/model.hpp"

namespace nianbao::write {

class json_text {
 public:
  explicit json_text(std::string& out) : out_(out) {}

  json_text& begin_object() { return open('{'); }
  json_text& end_object() { return close('}'); }
  json_text& begin_array() { return open('['); }
  json_text& end_array() { return close(']'); }
  json_text& key(std::string_view k);  // then the member's value
  json_text& string(std::string_view s);
  json_text& null();
  json_text& boolean(bool b);
  json_text& integer(std::int64_t n);
  json_text& unsigned_integer(std::uint64_t n);
  // Numbers, as write/number_text.hpp formats them:
  json_text& number(double d);           // a double: 0.375, 12.0
  json_text& whole_or_number(double d);  // a whole number as an integer: 12, 0.375
  json_text& canonical_value(const value& v, model::value_type type);  // a value, or null

 private:
  json_text& open(char c);
  json_text& close(char c);
  void separate();  // a comma before the next value or key, unless it is the first

  std::string& out_;
  bool first_ = true;
};

}  // namespace nianbao::write
