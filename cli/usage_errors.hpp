#pragma once
// A mistyped command line: the nearest command, subcommand or option ("did you mean"), where
// CLI11 alone says only "The following arguments were not expected: prase".
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace nianbao::cli {

// After app.parse() threw: the message for a command or option that does not exist (with the
// nearest valid name when one is near), or nothing when the error is of another kind.
std::optional<std::string> mistyped_message(const CLI::App& app);

// "nianbao: no command `prase`; did you mean `parse`? ..." for `nianbao help prase` too.
std::string unknown_command_message(const CLI::App& parent, const std::string& name);

// "nianbao parse": the command line that leads to `cmd`.
std::string command_path(const CLI::App& cmd);

}  // namespace nianbao::cli
