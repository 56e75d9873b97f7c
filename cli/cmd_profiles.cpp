// nianbao profiles: list the layout profiles, or validate profile files.
#include <iostream>

#include "common.hpp"
#include "profile/profile.hpp"

namespace nianbao::cli {

void add_profiles_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    std::vector<std::string> files;
    verbosity verbose;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("profiles", "list the layout profiles, or validate profile files");
  cmd->add_option("--profiles", s->common.profile_dirs, "also list the profiles of this directory")
      ->check(CLI::ExistingDirectory)
      ->allow_extra_args(false)
      ->type_name("DIR");
  add_verbosity_options(cmd, s->verbose, "only the profiles' names, one a line",
                        "also each profile's markup, the texts it needs, its [cells] settings and the number of "
                        "its own label aliases");
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
    for (const auto& p : cx.profiles()) {
      if (s->verbose.quiet) {
        std::cout << p.name << "\n";
        continue;
      }
      std::cout << p.name << "\tgrammar=" << p.grammar << "\tpriority=" << p.priority << "\t" << p.file << "\n\t"
                << p.description << "\n";
      if (!s->verbose.verbose) continue;
      std::size_t aliases = 0;
      for (const auto& [key, labels] : p.labels) aliases += labels.size();
      std::cout << "\tmarkup=" << (p.markup_html ? "html" : "none") << " needs=[";
      for (std::size_t i = 0; i < p.needs.size(); ++i) {
        std::string need;  // quoted, a tab shown as \t
        for (char c : p.needs[i]) need += c == '\t' ? std::string("\\t") : std::string(1, c);
        std::cout << (i ? ", " : "") << '"' << need << '"';
      }
      std::cout << "] values_span_rows=" << p.values_span_rows << " empty_cells_are_values=" << p.empty_cells_are_values
                << " placeholders=" << p.placeholders.size() << " label_aliases=" << aliases << "\n";
    }
    exit_code = 0;
  });
}

}  // namespace nianbao::cli
