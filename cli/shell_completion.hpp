#pragma once
// Completion scripts for bash and zsh, made from the command tree (cli/command_tree.hpp).
#include <string>

#include "command_tree.hpp"

namespace nianbao::cli {

std::string bash_completion(const command_info& root);
std::string zsh_completion(const command_info& root);

}  // namespace nianbao::cli
