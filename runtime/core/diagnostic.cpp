#include "core/diagnostic.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/utf8.hpp"

namespace nianbao {

const char* to_string(severity s) noexcept {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}

diagnostic file_diagnostic(nianbao::severity severity, std::string file, source_position where, std::string code,
                           std::string message) {
  diagnostic d;
  d.severity = severity;
  d.file = std::move(file);
  d.where = where;
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

diagnostic file_error(std::string file, std::string code, std::string message) {
  return file_diagnostic(severity::error, std::move(file), {}, std::move(code), std::move(message));
}

namespace {
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

// Every byte but a continuation byte (10xxxxxx) starts a code point. Eight bytes at a time: this
// counts every byte of every report (line_index), and a byte loop costs ~10 instructions a byte.
std::size_t count_code_points(std::string_view text, std::size_t byte_count) noexcept {
  byte_count = std::min(byte_count, text.size());
  constexpr std::uint64_t high = 0x8080808080808080ull;
  std::size_t continuations = 0, i = 0;
  for (; i + 8 <= byte_count; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    // Bit 7 set and bit 6 clear: the shift puts each byte's bit 6 on its bit 7 (what crosses
    // into the next byte lands on its bit 0, masked off). Then a 0 or 1 per byte, summed into
    // the top byte by one multiplication (no popcount instruction on the baseline x86-64).
    const std::uint64_t ones = (w & ~(w << 1) & high) >> 7;
    continuations += static_cast<std::size_t>((ones * 0x0101010101010101ull) >> 56);
  }
  for (; i < byte_count; ++i) continuations += is_continuation(static_cast<unsigned char>(text[i]));
  return byte_count - continuations;
}

source_position position_of(std::string_view text, std::size_t byte_offset) noexcept {
  byte_offset = std::min(byte_offset, text.size());
  source_position p;
  p.byte = byte_offset;
  p.line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < byte_offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    } else if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
      ++p.line;  // a lone CR ends a line too
      line_start = i + 1;
    }
  }
  p.column = count_code_points(text.substr(line_start), byte_offset - line_start) + 1;
  return p;
}

std::string_view line_at(std::string_view text, std::size_t byte_offset) noexcept {
  byte_offset = std::min(byte_offset, text.size());
  std::size_t begin = byte_offset;
  while (begin > 0 && text[begin - 1] != '\n' && text[begin - 1] != '\r') --begin;
  std::size_t end = byte_offset;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  return text.substr(begin, end - begin);
}

std::string diagnostic::location() const {
  // For a person: a name cannot put control characters on the terminal (printable).
  std::string out = file.empty() ? std::string("<input>") : printable(file);
  if (where.page > 0) out += ":page " + std::to_string(where.page);
  if (where.line > 0) {
    out += ':' + std::to_string(where.line);
    if (where.column > 0) out += ':' + std::to_string(where.column);
  }
  return out;
}

std::string diagnostic::format(bool with_caret) const {
  // A message cannot put control characters on the terminal either (printable).
  std::string out = location() + ": " + to_string(severity);
  if (!code.empty()) out += "[" + code + "]";
  out += ": ";
  out += printable(message);
  const std::string shown = with_caret ? caret() : std::string();
  if (!shown.empty()) out += "\n" + shown;
  return out;
}

std::string diagnostic::caret() const {
  std::string out;
  if (source_line.empty() || where.column == 0) return out;
  // A long line (minified HTML, a line of a million cells) is shown as a window of at most
  // kContext code points either side of the column, "..." where it is cut.
  constexpr std::size_t kContext = 60;
  auto length = [](unsigned char c) -> std::size_t { return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4; };
  const std::size_t first = where.column > kContext + 1 ? where.column - 1 - kContext : 0;  // code points left out
  std::size_t begin = 0, cp = 0;
  while (begin < source_line.size() && cp < first) begin += length(static_cast<unsigned char>(source_line[begin])), ++cp;
  std::size_t end = begin;
  for (std::size_t shown = 0; end < source_line.size() && shown < where.column - first + kContext; ++shown)
    end += length(static_cast<unsigned char>(source_line[end]));
  begin = std::min(begin, source_line.size());
  end = std::min(end, source_line.size());
  // Control characters of the line shown as '?': one column each, as the padding below counts.
  std::string shown_text(std::string_view(source_line).substr(begin, end - begin));
  for (auto& ch : shown_text)
    if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\t') || ch == 0x7F) ch = '?';
  const std::string lead = begin > 0 ? "..." : "";
  out += "  " + lead + std::string(shown_text) + (end < source_line.size() ? "..." : "") + "\n  " +
         std::string(lead.size(), ' ');
  // Pad with the same characters (tabs kept) so the caret lines up; wide CJK glyphs are
  // padded with an ideographic space so terminals align them too.
  std::size_t col = first + 1;
  for (std::size_t i = 0; i < shown_text.size() && col < where.column;) {
    unsigned char c = static_cast<unsigned char>(shown_text[i]);
    const std::size_t len = length(c);
    if (c == '\t') out += '\t';
    else if (len >= 3) out += "\xE3\x80\x80";  // U+3000
    else out += ' ';
    i += len;
    ++col;
  }
  out += '^';
  return out;
}

diagnostic_error::diagnostic_error(diagnostic d) : std::runtime_error(d.format()), diag_(std::move(d)) {}

}  // namespace nianbao
