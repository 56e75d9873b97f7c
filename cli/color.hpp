#pragma once
// Colour for diagnostics on a terminal, in the colours compilers use (GCC, Clang): the location
// bold, error red, warning magenta, note cyan, the caret green. --color=auto|always|never.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "nianbao/diagnostic.hpp"

namespace nianbao::cli {

// --color=auto|always|never (auto: colour when `stream` is a terminal).
void add_color_option(CLI::App* cmd, std::string& when);

class palette {
 public:
  palette() = default;  // no colour
  // The palette for --color `when` on `stream` (auto: colour only when it is a terminal).
  palette(const std::string& when, std::FILE* stream);

  std::string location(const std::string& s) const { return paint("\x1b[1m", s); }
  std::string severity(nianbao::severity sev, const std::string& s) const;
  // A caret display (diagnostic::caret): the '^' at its end painted.
  std::string caret(const std::string& display) const;
  // "location: severity[code]: message" of a diagnostic, without the caret.
  std::string headline(const diagnostic& d) const;

 private:
  std::string paint(const char* code, const std::string& s) const { return on_ ? code + s + "\x1b[0m" : s; }
  bool on_ = false;
};

}  // namespace nianbao::cli
