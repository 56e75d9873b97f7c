#include "usage_errors.hpp"

#include <vector>

#include "nianbao/text.hpp"

namespace nianbao::cli {

namespace {

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// Every spelling of every option of `cmd`: --output, -o, --help, -h.
std::vector<std::string> option_names(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const auto* opt : cmd.get_options()) {
    for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    for (const auto& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

// The deepest command the line selected (nianbao, nianbao parse, nianbao profiles check).
const CLI::App& selected(const CLI::App& app) {
  const CLI::App* at = &app;
  for (auto subs = at->get_subcommands(); !subs.empty(); subs = at->get_subcommands()) at = subs.front();
  return *at;
}

}  // namespace

std::string command_path(const CLI::App& cmd) {
  std::string path = cmd.get_name();
  for (const CLI::App* p = cmd.get_parent(); p; p = p->get_parent()) path = p->get_name() + " " + path;
  return path;
}

std::string unknown_command_message(const CLI::App& parent, const std::string& name) {
  const std::string path = command_path(parent);
  return path + ": no command `" + name + "`" + did_you_mean(name, subcommand_names(parent)) + " ('" + path +
         " --help' lists the commands)";
}

std::optional<std::string> mistyped_message(const CLI::App& app) {
  const CLI::App& cmd = selected(app);
  for (const auto& arg : cmd.remaining()) {
    if (arg.size() > 1 && arg[0] == '-') {
      const std::string name = arg.substr(0, arg.find('='));
      return command_path(cmd) + ": no option `" + name + "`" + did_you_mean(name, option_names(cmd)) + " ('" +
             command_path(cmd) + " --help' lists the options)";
    }
    // A word where a command was expected (nianbao prase, nianbao profiles chek).
    if (!subcommand_names(cmd).empty() && cmd.get_subcommands().empty())
      return unknown_command_message(cmd, arg);
  }
  return std::nullopt;
}

}  // namespace nianbao::cli
