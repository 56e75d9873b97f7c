#include "man_page.hpp"

#include <functional>
#include <sstream>

namespace nianbao::cli {
namespace {

// Text as roff reads it: backslashes escaped, a line starting with '.' or '\'' not a request.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (line_start && (ch == '.' || ch == '\'')) out += "\\&";
    if (ch == '\\') out += "\\e";
    else if (ch == '-') out += "\\-";
    else out += ch;
    line_start = ch == '\n';
  }
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && s[start] == '\n') ++start;
  return s.substr(start);
}

// A footer of examples kept as printed (no filling), an indented block.
void verbatim(std::ostringstream& out, const std::string& text) {
  if (trimmed(text).empty()) return;
  out << ".PP\n.nf\n" << roff(trimmed(text)) << "\n.fi\n";
}

void options(std::ostringstream& out, const command_info& c) {
  for (const auto& o : c.options) {
    if (o.positional) continue;
    out << ".TP\n";
    std::string head;
    for (const auto& n : o.names) head += (head.empty() ? "" : ", ") + std::string("\\fB") + roff(n) + "\\fR";
    if (o.kind != value_kind::none) head += " \\fI" + roff(o.value_name) + "\\fR";
    out << head << "\n" << roff(o.description) << "\n";
    if (o.kind == value_kind::choice) {
      std::string list;
      for (const auto& ch : o.choices) list += (list.empty() ? "" : ", ") + ch;
      out << "One of: " << roff(list) << ".\n";
    }
  }
}

std::string synopsis(const command_info& c, const std::string& path) {
  std::string s = "\\fB" + roff(path) + "\\fR";
  if (!c.subcommands.empty()) s += c.needs_subcommand ? " \\fICOMMAND\\fR" : " [\\fICOMMAND\\fR]";
  bool has_options = false;
  for (const auto& o : c.options) has_options |= !o.positional;
  if (has_options) s += " [\\fIOPTIONS\\fR]";
  for (const auto& o : c.options)
    if (o.positional) s += " \\fI" + roff(o.names.front()) + "\\fR...";
  return s;
}

}  // namespace

std::string man_page(const command_info& root, const std::string& version) {
  std::ostringstream out;
  const std::string name = root.name;
  std::string upper;
  for (char ch : name) upper += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  // No date: the page is the same for every build of a version.
  out << ".\\\" Made by `" << name << " generate man` from the option definitions; do not edit.\n"
      << ".TH " << upper << " 1 \"\" \"" << roff(version) << "\" \"User Commands\"\n"
      << ".SH NAME\n" << name << " \\- read government information-disclosure annual reports into checked data\n"
      << ".SH SYNOPSIS\n" << synopsis(root, name) << "\n"
      << ".SH DESCRIPTION\n" << roff(trimmed(root.description)) << "\n";
  verbatim(out, root.footer);
  out << ".SH OPTIONS\n";
  options(out, root);
  out << ".SH COMMANDS\n";
  std::function<void(const command_info&, const std::string&)> command = [&](const command_info& c,
                                                                            const std::string& path) {
    out << ".SS \"" << roff(path) << "\"\n" << synopsis(c, path) << "\n.PP\n" << roff(trimmed(c.description)) << "\n";
    for (const auto& o : c.options)
      if (o.positional) out << ".PP\n\\fI" << roff(o.names.front()) << "\\fR: " << roff(o.description) << "\n";
    options(out, c);
    verbatim(out, c.footer);
    for (const auto& sub : c.subcommands) command(sub, path + " " + sub.name);
  };
  for (const auto& sub : root.subcommands) command(sub, name + " " + sub.name);
  out << ".SH ENVIRONMENT\n"
      << ".TP\n\\fBNIANBAO_DATA_DIR\\fR\nthe directory of the built-in profiles/, model/ and data/ "
         "(default: beside the binary, or the installed share/nianbao).\n"
      << ".TP\n\\fBNIANBAO_PROFILES\\fR\nyour own profile directories, colon-separated, as if each were given "
         "with \\-\\-profiles.\n"
      << ".SH EXIT STATUS\n"
      << "0 when every input gave values; 1 when some input failed (parse) or a rule failed (check); "
         "2 for a usage error, a configuration error or an output that could not be written.\n"
      << ".SH SEE ALSO\n\\fBjq\\fR(1), \\fBsqlite3\\fR(1); the README and docs/ of the source.\n";
  return out.str();
}

}  // namespace nianbao::cli
