// nianbao generate man|complete-bash|complete-zsh: the manual page and shell completion, made
// from the same option definitions as --help (as ripgrep's --generate does).
#include <iostream>

#include "common.hpp"
#include "command_tree.hpp"
#include "man_page.hpp"
#include "shell_completion.hpp"

namespace nianbao::cli {

void add_generate_command(CLI::App& app, int& exit_code) {
  auto kind = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("generate",
                                 "print the manual page or a shell completion script, made from nianbao's own "
                                 "option definitions. E.g. nianbao generate complete-bash > ~/.local/share/"
                                 "bash-completion/completions/nianbao");
  cmd->add_option("kind", *kind, "man (roff, for man -l), complete-bash or complete-zsh")
      ->required()
      ->check(CLI::IsMember({"man", "complete-bash", "complete-zsh"}));
  cmd->footer(
      "\nExamples:\n"
      "  nianbao generate man | man -l -                 read the manual now\n"
      "  nianbao generate complete-bash > ~/.local/share/bash-completion/completions/nianbao\n"
      "  nianbao generate complete-zsh > ~/.zfunc/_nianbao   (with fpath+=~/.zfunc before compinit)\n"
      "An installed nianbao (cmake --install, or the .deb) brings all three in the usual places.\n");
  cmd->callback([&app, kind, &exit_code] {
    const auto tree = describe(app);
    if (*kind == "man") std::cout << man_page(tree, kVersion);
    else if (*kind == "complete-bash") std::cout << bash_completion(tree);
    else std::cout << zsh_completion(tree);
    exit_code = 0;
  });
}

}  // namespace nianbao::cli
