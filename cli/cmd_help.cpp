// nianbao help [COMMAND [SUBCOMMAND]]: what `nianbao COMMAND --help` prints, as git and cargo do.
#include <iostream>

#include "common.hpp"
#include "usage_errors.hpp"

namespace nianbao::cli {

void add_help_command(CLI::App& app, int& exit_code) {
  auto names = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("help", "show the help of nianbao or of a command. E.g. nianbao help parse");
  cmd->add_option("command", *names, "a command, and a subcommand of it: parse, check, profiles check ...")
      ->expected(0, 2);
  cmd->callback([&app, names, &exit_code] {
    const CLI::App* at = &app;
    for (const auto& name : *names) {
      const CLI::App* sub = nullptr;
      for (const auto* s : at->get_subcommands([](const CLI::App*) { return true; }))
        if (s->get_name() == name) sub = s;
      if (!sub) {
        std::cerr << unknown_command_message(*at, name) << "\n";
        exit_code = 2;
        return;
      }
      at = sub;
    }
    // The formatter itself: App::help() would show the help of the command being run (help).
    std::cout << at->get_formatter()->make_help(at, command_path(*at), CLI::AppFormatMode::Normal);
    exit_code = 0;
  });
}

}  // namespace nianbao::cli
