#include "write/json_text.hpp"

#include <charconv>

#include "core/utf8_scan.hpp"
#include "write/number_text.hpp"

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

namespace {

// Whether any of the 8 bytes in v needs a look of its own: a control character, '"', '\\' (escaped)
// or a non-ASCII byte (checked as UTF-8).
bool needs_care(std::uint64_t v) {
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  return ((v & high) | bytes_below(v, 0x20) | bytes_equal(v, '"') | bytes_equal(v, '\\')) != 0;
}

}  // namespace

json_text& json_text::string(std::string_view s) {
  separate();
  out_ += '"';
  const auto* const begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = begin + s.size();
  const unsigned char* run = begin;  // start of the bytes copied as they are, in one append
  const unsigned char* p = begin;
  while (p < end) {
    while (end - p >= 8 && !needs_care(load8(p))) p += 8;
    if (p >= end) break;
    const unsigned c = *p;
    if (c >= 0x80) {  // well-formed sequences are copied as they are
      do {
        const utf8_prefix u = utf8_scan(p, end);
        if (u.valid != u.need) {  // a maximal subpart of an ill-formed sequence: one U+FFFD
          out_.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
          out_ += "\xEF\xBF\xBD";
          p += u.valid;
          run = p;
          continue;
        }
        p += u.need;
      } while (p < end && *p >= 0x80);
      continue;
    }
    ++p;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - 1 - run));
    run = p;
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
  out_.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(end - run));
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

json_text& json_text::number(double d) {
  separate();
  append_number(out_, d);
  return *this;
}

json_text& json_text::whole_or_number(double d) {
  separate();
  append_whole_or_number(out_, d);
  return *this;
}

json_text& json_text::canonical_value(const value& v, model::value_type type) {
  separate();
  if (v.kind != cell_kind::number) out_ += "null";
  else append_value(out_, v, type);
  return *this;
}

}  // namespace nianbao::write
