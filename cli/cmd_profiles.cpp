// nianbao profiles: list the layout profiles, or validate profile files.
#include <iostream>

#include "common.hpp"
#include "profile/profile.hpp"

namespace nianbao::cli {

void add_profiles_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    std::vector<std::string> files;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("profiles", "list the layout profiles, or validate profile files");
  cmd->add_option("--profiles", s->common.profile_dirs, "also list the profiles of this directory")
      ->check(CLI::ExistingDirectory);
  auto* check = cmd->add_subcommand("check", "validate profile files; errors give file:line:column");
  check->add_option("files", s->files, "profile files (*.toml)")->required();
  check->callback([s, &exit_code] {
    exit_code = 0;
    for (const auto& f : s->files) {
      try {
        const auto p = profile::load_profile_file(f);
        std::cout << f << ": ok (profile \"" << p.name << "\", grammar \"" << p.grammar << "\")\n";
      } catch (const diagnostic_error& e) {
        std::cerr << e.diag().format() << "\n";
        exit_code = 1;
      }
    }
  });
  cmd->callback([s, cmd, &exit_code] {
    if (cmd->got_subcommand("check")) return;
    const pipeline::context cx(pipeline_options(s->common));
    for (const auto& p : cx.profiles())
      std::cout << p.name << "\tgrammar=" << p.grammar << "\tpriority=" << p.priority << "\t" << p.file << "\n\t"
                << p.description << "\n";
    exit_code = 0;
  });
}

}  // namespace nianbao::cli
