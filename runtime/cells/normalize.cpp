#include "cells/normalize.hpp"

#include "core/budget.hpp"

#include "core/diagnostic.hpp"
#include "core/text.hpp"
#include "core/worker_slot.hpp"
#include "cells/script_variants.hpp"

#include <cstring>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace nianbao::resolve {

namespace {

const icu::Normalizer2& nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return *instance;
}

// The ASCII quotes and markup characters a label drops.
bool is_dropped_mark(unsigned c) { return c == '"' || c == '\'' || c == '*' || c == '|' || c == '#' || c == '`'; }

bool is_dropped(UChar32 c) {
  if (c < 0x80) return c <= ' ' || c == 0x7F || is_dropped_mark(c);  // white space and controls: the same as ICU says
  switch (c) {
    case 0x201C: case 0x201D: case 0x2018: case 0x2019:  // “ ” ‘ ’
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:  // 「 」 『 』
    case 0xFEFF: case 0x200B:                            // BOM, zero-width space
      return true;
    default:
      return u_isUWhiteSpace(c) || u_iscntrl(c);
  }
}

bool all_ascii_nonspace(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c <= ' ' || is_dropped_mark(c) || (c >= 'A' && c <= 'Z')) return false;
  return true;
}

}  // namespace

namespace {

// NFKC on UTF-8 directly (no UTF-16 copy and back), then the dropped characters left out and
// ASCII lower-cased, the runs in between copied whole. ICU passes ill-formed bytes through
// NFKC as they are (inert, as U+FFFD is); each maximal ill-formed subpart becomes U+FFFD here,
// as ICU's UTF-16 conversion makes it.
std::string normalize_label_uncached(std::string_view text) {
  // NFKC's copy, the folded copy and OpenCC's (which makes a few): held while they live, so
  // that a cell of megabytes meets the memory limit before it is copied, not after.
  const budget::hold copies(4 * static_cast<std::uint64_t>(text.size()));
  std::string folded;
  icu::StringByteSink<std::string> sink(&folded);
  UErrorCode status = U_ZERO_ERROR;
  nfkc().normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, status);
  if (U_FAILURE(status)) folded.assign(text.data(), text.size());
  std::string out;
  out.reserve(folded.size());
  const char* bytes = folded.data();
  int32_t kept_from = 0;  // the run of bytes kept as they are starts here
  for (int32_t i = 0, n = static_cast<int32_t>(folded.size()); i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    const bool upper = c >= 'A' && c <= 'Z';
    if (c >= 0 && !upper && !is_dropped(c)) continue;
    out.append(bytes + kept_from, static_cast<std::size_t>(start - kept_from));
    if (upper) out += static_cast<char>(c + ('a' - 'A'));
    else if (c < 0) out += "\xEF\xBF\xBD";  // U+FFFD
    kept_from = i;
  }
  out.append(bytes + kept_from, folded.size() - static_cast<std::size_t>(kept_from));
  if (has_han(out)) out = to_simplified(out);
  return out;
}

}  // namespace

void normalize_label_into(std::string_view text, std::string& out) {
  if (all_ascii_nonspace(text)) {  // fast path: numbers, "/", "-"
    out.assign(text.data(), text.size());
    return;
  }
  constexpr std::size_t max_bytes = 4 << 20;
  label_memo* memo = worker_slot<label_memo>::current();
  // A label is short; a text of kilobytes (a line of prose, a one-line file) is not kept.
  if (!memo || text.size() > max_bytes / 64) {
    out = normalize_label_uncached(text);
    return;
  }
  if (auto it = memo->normalized.find(text); it != memo->normalized.end()) {
    out.assign(it->second);
    return;
  }
  if (memo->bytes >= max_bytes) memo->normalized.clear(), memo->texts.clear(), memo->bytes = 0;
  memo->bytes += 2 * text.size() + 96;
  out.assign(memo->normalized.emplace(memo->texts.emplace_back(text), normalize_label_uncached(text)).first->second);
}

std::string normalize_text(std::string_view text) {
  if (all_ascii_nonspace(text)) return std::string(text);
  return normalize_label_uncached(text);
}

std::string normalize_label(std::string_view text) {
  std::string out;
  normalize_label_into(text, out);
  return out;
}

namespace {

bool is_chinese_numeral_at(std::string_view s, std::size_t i);

}  // namespace

void fold_punctuation(std::string& s) {
  auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;  // bytes of a punctuation mark at i
    bool numbering_mark = false;  // '.' or '、': kept after a digit or a numeral
    if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?') len = 1;
    else if (c == '.') len = 1, numbering_mark = true;
    else if (s.compare(i, 3, "、") == 0) len = 3, numbering_mark = true;
    else if (s.compare(i, 3, "。") == 0 || s.compare(i, 3, "・") == 0) len = 3;
    else if (s.compare(i, 2, "·") == 0) len = 2;
    bool keep = len == 0;
    if (!keep && out > 0) {
      const bool after_digit = s[out - 1] >= '0' && s[out - 1] <= '9';
      if ((c == ',' || c == '.') && after_digit && digit(i + 1)) keep = true;  // 1,234 12.5
      if (numbering_mark && (after_digit || (out >= 3 && is_chinese_numeral_at(s, out - 3)))) keep = true;
    }
    if (len == 0) len = 1;
    if (keep) {
      if (out != i) std::memmove(&s[out], &s[i], len);
      out += len;
    }
    i += len;
  }
  s.resize(out);
}

std::string label_form(std::string_view text) {
  std::string out = normalize_label(text);
  fold_punctuation(out);
  return out;
}

namespace {

// Length in bytes of a run of Chinese numerals at the start of s.
std::size_t chinese_numeral_run(std::string_view s) {
  static constexpr std::string_view numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  std::size_t n = 0;
  for (bool more = true; more;) {
    more = false;
    // Every numeral is three bytes starting E4 or E5: most text is told apart by one byte.
    if (n >= s.size() || (static_cast<unsigned char>(s[n]) != 0xE4 && static_cast<unsigned char>(s[n]) != 0xE5)) break;
    for (auto d : numerals) {
      if (s.size() - n >= 3 && s[n + 1] == d[1] && s[n + 2] == d[2] && s[n] == d[0]) {  // 3 bytes each
        n += d.size();
        more = true;
        break;
      }
    }
  }
  return n;
}

bool is_chinese_numeral_at(std::string_view s, std::size_t i) { return i < s.size() && chinese_numeral_run(s.substr(i, 3)) == 3; }

std::size_t digit_run(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  return n;
}

// Bytes of one leading numbering token, or 0.
std::size_t numbering_prefix(std::string_view s) {
  if (starts_with(s, "(")) {
    std::size_t n = chinese_numeral_run(s.substr(1));
    if (n == 0) n = digit_run(s.substr(1));
    if (n > 0 && starts_with(s.substr(1 + n), ")")) return n + 2;
    return 0;
  }
  std::size_t n = chinese_numeral_run(s);
  if (n == 0) n = digit_run(s);
  if (n == 0) return 0;
  std::string_view rest = s.substr(n);
  if (starts_with(rest, "、")) return n + std::string_view("、").size();
  if (starts_with(rest, ".") && !(rest.size() > 1 && rest[1] >= '0' && rest[1] <= '9')) return n + 1;
  return 0;
}

}  // namespace

std::string_view strip_numbering(std::string_view s) {
  for (std::size_t n = numbering_prefix(s); n > 0 && n < s.size(); n = numbering_prefix(s)) s.remove_prefix(n);
  return s;
}

std::size_t code_points(std::string_view s) { return count_code_points(s, s.size()); }

std::size_t code_points(std::string_view s, std::size_t cap) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size() && n < cap; ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace nianbao::resolve
