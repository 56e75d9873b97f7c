#pragma once
// The commands and options of the CLI as plain data, read from the CLI11 definitions themselves,
// so that shell completion and the man page are made from what --help shows and cannot drift.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace nianbao::cli {

// What an option's value is, for a shell to offer candidates.
enum class value_kind {
  none,       // a flag: no value
  file,       // a file (to read or to write)
  directory,  // a directory
  choice,     // one of `choices`
  other,      // a number, a name, a size: nothing to offer
};

struct option_info {
  std::vector<std::string> names;  // "-o", "--output"; a positional's one name ("inputs")
  bool positional = false;
  bool repeatable = false;  // --profiles A --profiles B
  value_kind kind = value_kind::none;
  std::string value_name;            // "FILE", "DIR", "SECONDS" ...; empty for a flag
  std::vector<std::string> choices;  // kind == choice
  std::string description;
};

struct command_info {
  std::string name;  // "nianbao", "parse", "check" (under grammar) ...
  std::string description;
  std::string footer;
  bool needs_subcommand = false;
  std::vector<option_info> options;  // --help and --version included, in definition order
  std::vector<command_info> subcommands;
};

command_info describe(const CLI::App& app);

// The first phrase of a description (up to ". ", "; ", ": " or " E.g." outside parentheses,
// at least 12 characters in), for a one-line summary.
std::string first_sentence(const std::string& description);

}  // namespace nianbao::cli
