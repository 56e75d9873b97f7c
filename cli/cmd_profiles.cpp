// nianbao profiles: list the layout profiles, or validate profile files.
#include <iostream>

#include <fstream>
#include <iterator>

#include "common.hpp"
#include "profile/profile.hpp"
#include "resolve/labels.hpp"

namespace nianbao::cli {

namespace {

// A [labels] alias that would misread a table (resolve::alias_collisions), at its place in the
// profile file: the first time it is written quoted after the [labels] header.
diagnostic collision_error(const std::string& file, const model::template_model& m,
                           const resolve::alias_collision& c) {
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  diagnostic d;
  d.file = file;
  d.code = "profile";
  const std::size_t labels = text.find("[labels]");
  for (const char quote : {'"', '\''}) {
    const std::size_t at = text.find(quote + c.alias + quote, labels == std::string::npos ? 0 : labels);
    if (at == std::string::npos) continue;
    d.where = position_of(text, at);
    d.source_line = std::string(line_at(text, at));
    break;
  }
  const std::string in_table = " in table \"" + c.table + "\" of template " + m.id;
  if (c.by_profile)
    d.message = "alias \"" + c.alias + "\" is given to two rows" + in_table + ", " + c.other_key + " and " + c.key +
                ": a label names one row; keep it in one of them";
  else
    d.message = "alias \"" + c.alias + "\" of " + c.key + " is already a label of " + c.other_key + in_table +
                ": it would read that row's cells as " + c.key + "'s; remove it (the template reads it as " +
                c.other_key + " already)";
  return d;
}

}  // namespace

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
    const pipeline::context cx(pipeline_options(s->common));  // the templates the labels are checked against
    for (const auto& f : s->files) {
      try {
        const auto p = profile::load_profile_file(f);
        bool collides = false;
        for (const auto& m : cx.models())
          for (const auto& c : resolve::alias_collisions(m, p)) {
            std::cerr << collision_error(f, m, c).format() << "\n";
            collides = true;
          }
        if (collides) {
          exit_code = 1;
          continue;
        }
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
                << " split_digit_runs=" << p.split_digit_runs << " placeholders=" << p.placeholders.size() << " label_aliases=" << aliases << "\n";
    }
    exit_code = 0;
  });
}

}  // namespace nianbao::cli
