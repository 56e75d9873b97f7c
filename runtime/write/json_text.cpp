#include "write/json_text.hpp"

#include <charconv>

#include "core/utf8.hpp"

namespace nianbao::write {

void json_text::separate() {
  if (!first_) out_ += ',';
  first_ = false;
}

json_text& json_text::open(char c) {
  separate();
  out_ += c;
  first_ = true;
  return *this;
}

json_text& json_text::close(char c) {
  out_ += c;
  first_ = false;
  return *this;
}

json_text& json_text::key(std::string_view k) {
  string(k);
  out_ += ':';
  first_ = true;  // the value follows without a comma
  return *this;
}

json_text& json_text::string(std::string_view s) {
  separate();
  const std::size_t start = out_.size();
  out_ += '"';
  std::size_t run = 0;  // start of the bytes copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {  // a well-formed sequence is copied as it is
      const std::size_t n = utf8_sequence_length(s, i);
      if (n == 0) {  // nlohmann's replacement of ill-formed bytes, exactly
        out_.resize(start);
        out_ += nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return *this;
      }
      i += n - 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_ += hex[c >> 4];
        out_ += hex[c & 0xF];
      }
    }
  }
  out_.append(s, run, s.size() - run);
  out_ += '"';
  return *this;
}

json_text& json_text::null() {
  separate();
  out_ += "null";
  return *this;
}

json_text& json_text::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

json_text& json_text::integer(std::int64_t n) {
  separate();
  char buf[24];
  out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
  return *this;
}

json_text& json_text::unsigned_integer(std::uint64_t n) {
  separate();
  char buf[24];
  out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
  return *this;
}

json_text& json_text::number(double d) { return document(nlohmann::ordered_json(d)); }

json_text& json_text::document(const nlohmann::ordered_json& j) {
  separate();
  out_ += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return *this;
}

}  // namespace nianbao::write
