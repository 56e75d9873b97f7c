#pragma once
// One diagnostic type for every source of errors: grammars, profiles, models, rules, reports.
// Columns are 1-based and count Unicode code points (not bytes), as users see them.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nianbao {

enum class severity { error, warning, note };

const char* to_string(severity s) noexcept;

struct source_position {
  std::size_t line = 0;    // 1-based; 0 = unknown
  std::size_t column = 0;  // 1-based, in code points; 0 = unknown
  std::size_t byte = 0;    // 0-based byte offset into the (decoded) text
  // 1-based page of a file read by its structure (a PDF): then line and column are the text
  // line on that page and the cell on that line (read/document.hpp). 0: a text (no pages).
  std::size_t page = 0;
};

struct diagnostic {
  nianbao::severity severity = nianbao::severity::error;
  std::string file;       // path (or "archive.zip:member.txt")
  source_position where;  // may be unknown
  std::string code;       // short machine-readable id, e.g. "profile", "misaligned-row"
  std::string message;
  std::string source_line;  // the offending line's text, for the caret display (may be empty)

  // "file:line:col: error: message" (+ source line and caret when known).
  std::string format(bool with_caret = true) const;
  // "file:line:col" ("file:page P:line:col"; "<input>" for no file): where format begins.
  std::string location() const;
  // The source line and a caret under the column, two lines indented by two spaces (what format
  // adds under the message); empty when the line or the column is unknown.
  std::string caret() const;
};

// Every diagnostic is made with its file, through this factory: a whole file's when `where` is
// unknown ({}), else at that place of it.
diagnostic file_diagnostic(nianbao::severity severity, std::string file, source_position where, std::string code,
                           std::string message);
// An error about a whole file (no position): file_diagnostic(error, file, {}, code, message).
diagnostic file_error(std::string file, std::string code, std::string message);

// Thrown where a file cannot be used at all (bad profile, bad grammar, bad rules file).
class diagnostic_error : public std::runtime_error {
 public:
  explicit diagnostic_error(diagnostic d);
  const nianbao::diagnostic& diag() const noexcept { return diag_; }

 private:
  nianbao::diagnostic diag_;
};

// Number of code points in the UTF-8 bytes [0, byte_count) of `text`: the bytes that are not
// continuation bytes (10xxxxxx), so an ill-formed lead byte counts as one, a stray continuation none.
std::size_t count_code_points(std::string_view text, std::size_t byte_count) noexcept;

// Position (line, code-point column) of a byte offset inside `text`.
source_position position_of(std::string_view text, std::size_t byte_offset) noexcept;

// The full line of `text` that contains `byte_offset`, without its line end.
std::string_view line_at(std::string_view text, std::size_t byte_offset) noexcept;

}  // namespace nianbao
