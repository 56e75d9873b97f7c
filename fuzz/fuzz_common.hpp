#pragma once
// Shared by the fuzz targets: a failed invariant is a finding, so it aborts with a message
// (libFuzzer then saves the input as crash-<sha1>).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"

namespace nianbao::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "\n*** nianbao fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void require(bool ok, const char* what) {
  if (!ok) finding(what);
}

inline bool valid_utf8(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned c = b[i];
    std::size_t n = 0;
    unsigned cp = 0;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((b[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

// Lines of a text as diagnostics count them (position_of): "\n", "\r\n" and a lone "\r" end one.
inline std::size_t count_lines(std::string_view text) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
  return lines;
}

// What every diagnostic thrown for a bad file must satisfy: it names the file, says something,
// and a known position lies inside the text (line 1 .. lines + 1, column >= 1). format() must
// not fail on it.
inline void check_diagnostic(const diagnostic& d, std::string_view text, const std::string& file) {
  if (d.file != file) finding("diagnostic names file \"" + d.file + "\", expected \"" + file + "\"");
  if (d.message.empty()) finding("diagnostic without a message");
  if (d.where.line != 0) {
    const std::size_t lines = count_lines(text);
    if (d.where.line > lines + 1)
      finding("diagnostic line " + std::to_string(d.where.line) + " beyond the text's " + std::to_string(lines) +
              " lines: " + d.message);
    if (d.where.column == 0) finding("diagnostic with a line but column 0: " + d.message);
    if (d.where.byte > text.size()) finding("diagnostic byte offset beyond the text: " + d.message);
  }
  (void)d.format(true);
}

}  // namespace nianbao::fuzz
