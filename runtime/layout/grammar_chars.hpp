#pragma once
// Rules the generated grammars use (generator/pegtl_writer.cpp), faster than what they stand for
// on the texts grammars read, which are well-formed UTF-8 (decode's output): `.` takes an ASCII
// byte without decoding a code point, and two loops the grammars are full of scan the bytes.
// Each matches as the PEGTL rules it stands for (tests/unit/test_grammars.cpp).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "core/budget.hpp"
#include "core/utf8_scan.hpp"
#include "layout/events.hpp"

namespace nianbao::layout {

// `.`: one code point of well-formed UTF-8, as pegtl::utf8::any (which fails where the bytes
// are not one; so does this).
struct utf8_any {
  // Length (2-4) of the well-formed UTF-8 sequence of a non-ASCII lead byte at p (`size` bytes
  // there), or 0: core/utf8_scan.hpp's inline check, as utf8_sequence_length, per character.
  static std::size_t sequence_length(const char* p, std::size_t size) noexcept {
    const auto* b = reinterpret_cast<const unsigned char*>(p);
    const utf8_prefix u = utf8_scan(b, b + size);
    return u.valid == u.need ? u.need : 0;
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

// Sixteen bytes at a time (GCC's vector extension: SSE2 on x86-64): the scans pass over the
// bytes where nothing can stop them a block at a time (a cell is mostly CJK text with no
// separator in it) and look closer only at a byte the block marks.
typedef unsigned char byte_block __attribute__((vector_size(16)));
typedef signed char byte_marks __attribute__((vector_size(16)));  // -1: the byte is marked, else 0
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the low half of a block is its first eight bytes");

inline byte_block load_block(const char* p) noexcept {
  byte_block b;
  std::memcpy(&b, p, sizeof b);
  return b;
}
// The index of the first marked byte, or 16 when none is.
inline std::size_t first_marked(const byte_marks& m) noexcept {
  std::uint64_t low, high;
  std::memcpy(&low, &m, 8);
  std::memcpy(&high, reinterpret_cast<const char*>(&m) + 8, 8);
  if (low) return static_cast<std::size_t>(__builtin_ctzll(low)) / 8;
  return high ? 8 + static_cast<std::size_t>(__builtin_ctzll(high)) / 8 : 16;
}

// The first byte in [p, end) a scan must look at: one that Guard::marks (given the blocks at p
// and p + 1) or, within the last sixteen bytes, that Guard::may_start; end if there is none.
// marks may leave out a byte may_start takes (a stop whose second byte is not there), never the
// reverse. The time limit is looked at every 4096 bytes: a line may be 100 MB.
template <typename Guard>
[[gnu::always_inline]] inline const char* next_guard_byte(const char* p, const char* const end) {
  for (;;) {
    const char* const chunk_end = p + std::min<std::size_t>(static_cast<std::size_t>(end - p), 4096);
    for (; p < chunk_end && end - p > 16; p += 16)  // both blocks within the text
      if (const std::size_t i = first_marked(Guard::marks(load_block(p), load_block(p + 1))); i < 16) return p + i;
    for (; p < chunk_end; ++p)
      if (Guard::may_start(static_cast<unsigned char>(*p))) return p;
    if (p >= end) return end;
    budget::checkpoint();
  }
}

// A fixed text, as its UTF-8 bytes: a stop of scan_until.
template <char First, char... Rest>
struct bytes {
  // A stop starts where a character starts: scan_until's byte search relies on it.
  static_assert(static_cast<unsigned char>(First) < 0x80 || static_cast<unsigned char>(First) >= 0xC0,
                "a fixed text starts with an ASCII or a lead byte");
  static constexpr unsigned char first = static_cast<unsigned char>(First);
  static constexpr char rest[] = {Rest..., '\0'};
  static bool at(const char* p, std::size_t size) noexcept {
    return size > sizeof...(Rest) && p[0] == First && std::memcmp(p + 1, rest, sizeof...(Rest)) == 0;
  }
  // The bytes of b0 (bytes p..p+15) where the text may start: its first two bytes there (b1: p+1..p+16).
  static byte_marks may_start(const byte_block& b0, const byte_block& b1) noexcept {
    if constexpr (sizeof...(Rest) == 0) return b0 == first;
    else return (b0 == first) & (b1 == static_cast<unsigned char>(rest[0]));
  }
};

// A literal of two bytes or more ('——', '不适用', 'N/A'): its first byte tested inline before
// the rest are compared, where pegtl::string compares them all with memcmp, at every place a
// choice of literals is tried.
template <char First, char... Rest>
struct literal {
  using rule_t = literal;
  using subs_t = TAO_PEGTL_NAMESPACE::empty_list;

  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    if (!bytes<First, Rest...>::at(in.current(), in.size(1 + sizeof...(Rest)))) return false;
    if constexpr (First == '\n' || ((Rest == '\n') || ...)) in.bump(1 + sizeof...(Rest));
    else in.bump_in_this_line(1 + sizeof...(Rest));
    return true;
  }
};

// Whether the text being parsed is known to be well-formed UTF-8: the pipeline's texts are
// decode's output (run_grammar sets event_log::well_formed). Then a scan needs no decoding: it
// steps over bytes, and a stop (which starts with an ASCII or a lead byte) can only match where
// a character starts. Rules run without an event_log (tests of single rules) check every byte.
inline bool well_formed_state(const event_log& log) noexcept { return log.well_formed; }
template <typename State>
constexpr bool well_formed_state(const State&) noexcept { return false; }
template <typename... States>
bool text_is_well_formed(const States&... st) noexcept { return (well_formed_state(st) || ... || false); }

// The length of the character a lead byte starts, in well-formed UTF-8.
inline std::size_t well_formed_length(unsigned char lead) noexcept {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Moves the input ahead to p, line by line (found with memchr), not byte by byte as bump()
// counts lines.
template <typename ParseInput>
void move_to(ParseInput& in, const char* const p) {
  const char* q = in.current();
  while (const void* newline = std::memchr(q, '\n', static_cast<std::size_t>(p - q))) {
    const char* at = static_cast<const char*>(newline);
    if (at > q) in.bump_in_this_line(static_cast<std::size_t>(at - q));
    in.bump_to_next_line(1);
    q = at + 1;
  }
  if (p > q) in.bump_in_this_line(static_cast<std::size_t>(p - q));
}

// (!stop1 !stop2 ... .)* (or + when AtLeastOne), every stop a fixed text: the code points up to
// the first stop, the end, or bytes that are not well-formed UTF-8 (where `.` fails). One loop
// over the bytes instead of a predicate per stop tried at every character
// (generator/pegtl_writer.cpp).
template <bool AtLeastOne, typename... Stops>
struct scan_until {
  using rule_t = scan_until;
  using subs_t = TAO_PEGTL_NAMESPACE::empty_list;

  template <TAO_PEGTL_NAMESPACE::apply_mode A, TAO_PEGTL_NAMESPACE::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control, typename ParseInput,
            typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    const char* const begin = in.current();
    const char* const end = in.end();
    const char* const p = text_is_well_formed(st...) ? scan_bytes(begin, end) : scan_characters(begin, end);
    if (p == begin) return !AtLeastOne;
    move_to(in, p);
    return true;
  }

 private:
  static bool stop_at(const char* p, const char* end) noexcept {
    return (Stops::at(p, static_cast<std::size_t>(end - p)) || ...);
  }

  // Any text: character by character, up to a stop or bytes that are not well-formed UTF-8.
  static const char* scan_characters(const char* const begin, const char* const end) {
    const char* p = begin;
    while (p < end) {
      if (stop_at(p, end)) break;
      const std::size_t n = static_cast<unsigned char>(*p) < 0x80 ? 1 : utf8_any::sequence_length(p, end - p);
      if (n == 0) break;
      p += n;
      // A cell may be a whole 100 MB line: the time limit is looked at as the scan goes.
      if (((p - begin) & 0xFFF) < n) budget::checkpoint();
    }
    return p;
  }

  // Where a stop may start: its first bytes.
  struct stop_guard {
    static constexpr std::array<bool, 256> first = [] {
      std::array<bool, 256> t{};
      ((t[Stops::first] = true), ...);
      return t;
    }();
    static byte_marks marks(const byte_block& b0, const byte_block& b1) noexcept {
      return (byte_marks{} | ... | Stops::may_start(b0, b1));
    }
    static bool may_start(unsigned char c) noexcept { return first[c]; }
  };

  // Well-formed UTF-8: over the bytes, the stops tried only where their first bytes are.
  static const char* scan_bytes(const char* p, const char* const end) {
    if constexpr (sizeof...(Stops) == 0) return end;  // .*: the rest of the text
    for (;; ++p) {
      p = next_guard_byte<stop_guard>(p, end);
      if (p == end || stop_at(p, end)) return p;
    }
  }
};

// A set of bytes: where scan_guarded tries its predicates.
template <char... Cs>
struct byte_set {
  // A predicate is tried where a character starts: the scan over the bytes stops only there.
  static_assert(((static_cast<unsigned char>(Cs) < 0x80 || static_cast<unsigned char>(Cs) >= 0xC0) && ...),
                "a guard byte is an ASCII or a lead byte");
  static constexpr bool contains(unsigned char c) noexcept {
    return ((c == static_cast<unsigned char>(Cs)) || ...);
  }
  // As a guard of next_guard_byte: the bytes of the set.
  static byte_marks marks(const byte_block& b0, const byte_block&) noexcept {
    return (byte_marks{} | ... | (b0 == static_cast<unsigned char>(Cs)));
  }
  static bool may_start(unsigned char c) noexcept { return contains(c); }
};

// (!p1 !p2 ... .)* (or + when AtLeastOne) where every p consumes something when it succeeds and
// starts with one of the bytes of First: the predicates are tried only at those bytes (with the
// grammar's actions and control, as not_at tries them); at any other byte each would fail, and
// the loop takes the character (generator/pegtl_writer.cpp).
template <bool AtLeastOne, typename First, typename... Predicates>
struct scan_guarded {
  using rule_t = scan_guarded;
  using subs_t = TAO_PEGTL_NAMESPACE::type_list<Predicates...>;

  template <TAO_PEGTL_NAMESPACE::apply_mode A, TAO_PEGTL_NAMESPACE::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control, typename ParseInput,
            typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    const char* const begin = in.current();
    if (text_is_well_formed(st...)) {
      // Well-formed UTF-8: over the bytes up to the next guard byte, a character start.
      for (;;) {
        const char* const guard = next_guard_byte<First>(in.current(), in.end());
        if constexpr (First::contains('\n')) in.bump_in_this_line(static_cast<std::size_t>(guard - in.current()));
        else move_to(in, guard);
        if (in.empty() || !predicates_fail<A, M, Action, Control>(in, st...)) break;
        const auto lead = static_cast<unsigned char>(in.peek_char());
        if (lead < 0x80) in.bump(1);  // may be a newline: bump keeps the line count
        else in.bump_in_this_line(std::min(well_formed_length(lead), in.size(4)));
      }
    } else {
      while (!in.empty()) {
        budget::checkpoint();  // a line of 100 MB without a guard byte: the time limit is looked at
        if (First::contains(static_cast<unsigned char>(in.peek_char())) && !predicates_fail<A, M, Action, Control>(in, st...))
          break;
        if (!utf8_any::match(in)) break;
      }
    }
    return in.current() != begin || !AtLeastOne;
  }

 private:
  template <TAO_PEGTL_NAMESPACE::apply_mode A, TAO_PEGTL_NAMESPACE::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control, typename ParseInput,
            typename... States>
  static bool predicates_fail(ParseInput& in, States&&... st) {
    return (TAO_PEGTL_NAMESPACE::not_at<Predicates>::template match<A, M, Action, Control>(in, st...) && ...);
  }
};

}  // namespace nianbao::layout

namespace TAO_PEGTL_NAMESPACE {
namespace internal {
// Characters: no control hooks, as PEGTL's own character rules.
template <>
inline constexpr bool enable_control<::nianbao::layout::utf8_any> = false;
template <char First, char... Rest>
inline constexpr bool enable_control<::nianbao::layout::literal<First, Rest...>> = false;
template <bool AtLeastOne, typename... Stops>
inline constexpr bool enable_control<::nianbao::layout::scan_until<AtLeastOne, Stops...>> = false;
template <bool AtLeastOne, typename First, typename... Predicates>
inline constexpr bool enable_control<::nianbao::layout::scan_guarded<AtLeastOne, First, Predicates...>> = false;
}  // namespace internal
// For the grammar analysis (pegtl::analyze): utf8_any consumes input when it succeeds, as
// utf8::any; the scans as the plus or star they stand for.
template <typename Name>
struct analyze_traits<Name, ::nianbao::layout::utf8_any> : analyze_any_traits<> {};
template <typename Name, char First, char... Rest>
struct analyze_traits<Name, ::nianbao::layout::literal<First, Rest...>> : analyze_any_traits<> {};
template <typename Name, typename... Stops>
struct analyze_traits<Name, ::nianbao::layout::scan_until<true, Stops...>> : analyze_any_traits<> {};
template <typename Name, typename... Stops>
struct analyze_traits<Name, ::nianbao::layout::scan_until<false, Stops...>> : analyze_opt_traits<> {};
template <typename Name, typename First, typename... Predicates>
struct analyze_traits<Name, ::nianbao::layout::scan_guarded<true, First, Predicates...>>
    : analyze_traits<Name, internal::plus<internal::seq<internal::not_at<Predicates>..., ::nianbao::layout::utf8_any>>> {};
template <typename Name, typename First, typename... Predicates>
struct analyze_traits<Name, ::nianbao::layout::scan_guarded<false, First, Predicates...>>
    : analyze_traits<Name, internal::star<internal::seq<internal::not_at<Predicates>..., ::nianbao::layout::utf8_any>>> {};
}  // namespace TAO_PEGTL_NAMESPACE
