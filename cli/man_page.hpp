#pragma once
// The manual page (roff, man(7) macros) made from the command tree (cli/command_tree.hpp).
#include <string>

#include "command_tree.hpp"

namespace nianbao::cli {

std::string man_page(const command_info& root, const std::string& version);

}  // namespace nianbao::cli
