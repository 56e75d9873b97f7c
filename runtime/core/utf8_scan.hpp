#pragma once
// Inline UTF-8 scanning for the hot loops (decode, JSON writer): no call per character.
#include <cstdint>
#include <cstring>

namespace nianbao {

// The sequence starting with the non-ASCII byte at p, per Unicode Table 3-7: `need` is the
// length its lead byte announces (0 = not a lead byte), `valid` how many of its bytes are
// well-formed (at least 1). valid == need: a character; else a maximal subpart of an ill-formed
// sequence (valid bytes, one U+FFFD), or a valid prefix cut off by `end`.
struct utf8_prefix {
  unsigned valid;
  unsigned need;
};

inline utf8_prefix utf8_scan(const unsigned char* p, const unsigned char* end) noexcept {
  const unsigned c = *p;
  unsigned need = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xE0 && c <= 0xEF) {   // first: CJK text is mostly three-byte characters
    need = 3;
    if (c == 0xE0) lo = 0xA0;       // no overlongs
    else if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;       // no overlongs
    else if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {1, 0};
  }
  unsigned got = 1;
  for (; got < need && p + got < end; ++got) {
    const unsigned b = p[got];
    if (got == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) break;
  }
  return {got, need};
}

// Bit 7 of each byte of the result is set where the byte of v is below n (n <= 0x80), exactly:
// no carries cross bytes, so the bits can be counted or located.
constexpr std::uint64_t bytes_below(std::uint64_t v, unsigned n) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80, low7 = ones * 0x7F;
  return ~(((v & low7) + ones * (0x80 - n)) | v) & high;
}

// Bit 7 set where the byte of v equals c.
constexpr std::uint64_t bytes_equal(std::uint64_t v, unsigned char c) noexcept {
  return bytes_below(v ^ (0x0101010101010101ULL * c), 1);
}

inline std::uint64_t load8(const unsigned char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

}  // namespace nianbao
