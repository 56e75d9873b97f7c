#pragma once
// Character rules for the generated grammars (generator/pegtl_writer.cpp), faster than PEGTL's
// utf8:: rules on the texts grammars read, which are well-formed UTF-8 (decode's output): an
// ASCII byte is taken as it is, without decoding a code point.
#include <cstddef>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace nianbao::layout {

// `.`: one code point of well-formed UTF-8, as pegtl::utf8::any (which fails where the bytes
// are not one; so does this).
struct utf8_any {
  // Length (2-4) of the well-formed UTF-8 sequence of a non-ASCII lead byte at p (`size` bytes
  // there), or 0: as utf8_sequence_length (core/utf8.hpp), inline, since it runs per character.
  static std::size_t sequence_length(const char* p, std::size_t size) noexcept {
    const auto b = [p](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const auto cont = [&](std::size_t i) { return (b(i) & 0xC0) == 0x80; };
    const unsigned char lead = b(0);
    if (lead >= 0xC2 && lead <= 0xDF) return size >= 2 && cont(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (size < 3 || !cont(1) || !cont(2)) return 0;
      if ((lead == 0xE0 && b(1) < 0xA0) || (lead == 0xED && b(1) >= 0xA0)) return 0;  // overlong, surrogate
      return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (size < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
      if ((lead == 0xF0 && b(1) < 0x90) || (lead == 0xF4 && b(1) >= 0x90)) return 0;  // overlong, > U+10FFFF
      return 4;
    }
    return 0;
  }

  using rule_t = utf8_any;
  using subs_t = TAO_PEGTL_NAMESPACE::empty_list;

  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    if (in.empty()) return false;
    if (static_cast<unsigned char>(in.peek_char()) < 0x80) {
      in.bump(1);  // may be a newline: bump keeps the line count
      return true;
    }
    const std::size_t n = sequence_length(in.current(), in.size(4));
    if (n == 0) return false;
    in.bump_in_this_line(n);
    return true;
  }
};

}  // namespace nianbao::layout

namespace TAO_PEGTL_NAMESPACE {
namespace internal {
// A character: no control hooks, as PEGTL's own character rules.
template <>
inline constexpr bool enable_control<::nianbao::layout::utf8_any> = false;
}  // namespace internal
// For the grammar analysis (pegtl::analyze): consumes input when it succeeds, as utf8::any.
template <typename Name>
struct analyze_traits<Name, ::nianbao::layout::utf8_any> : analyze_any_traits<> {};
}  // namespace TAO_PEGTL_NAMESPACE
