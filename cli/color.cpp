#include "color.hpp"

#include <unistd.h>

#include "nianbao/text.hpp"

namespace nianbao::cli {

void add_color_option(CLI::App* cmd, std::string& when) {
  cmd->add_option("--color", when, "colour the diagnostics: auto (when standard output is a terminal, the default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

palette::palette(const std::string& when, std::FILE* stream)
    : on_(when == "always" || (when == "auto" && isatty(fileno(stream)))) {}

std::string palette::severity(nianbao::severity sev, const std::string& s) const {
  switch (sev) {
    case nianbao::severity::error: return paint("\x1b[1;31m", s);
    case nianbao::severity::warning: return paint("\x1b[1;35m", s);
    case nianbao::severity::note: return paint("\x1b[1;36m", s);
  }
  return s;
}

std::string palette::caret(const std::string& display) const {
  if (!on_ || display.empty() || display.back() != '^') return display;
  return display.substr(0, display.size() - 1) + paint("\x1b[1;32m", "^");
}

std::string palette::headline(const diagnostic& d) const {
  std::string sev = to_string(d.severity);
  if (!d.code.empty()) sev += "[" + d.code + "]";
  return location(d.location() + ":") + " " + severity(d.severity, sev + ":") + " " + printable(d.message);
}

}  // namespace nianbao::cli
