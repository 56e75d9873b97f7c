#include "write/number_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace nianbao::write {

namespace {

void append_integer(std::string& out, std::int64_t n) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
}

}  // namespace

void append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  out.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, d));
}

void append_whole_or_number(std::string& out, double d) {
  if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9007199254740992.0)
    append_integer(out, static_cast<std::int64_t>(d));
  else append_number(out, d);
}

bool written_as_integer(const value& v, model::value_type type) {
  return v.kind == cell_kind::number && type == model::value_type::integer && v.integral && std::fabs(v.number) < 9.0e15;
}

void append_value(std::string& out, const value& v, model::value_type type) {
  if (written_as_integer(v, type)) append_integer(out, static_cast<std::int64_t>(v.number));
  else append_number(out, v.number);
}

}  // namespace nianbao::write
