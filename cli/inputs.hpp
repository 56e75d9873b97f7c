#pragma once
// Reading the inputs named on the command line.
#include <string>
#include <vector>

#include "pipeline/pipeline.hpp"

namespace nianbao::cli {

// Files as given, directories walked recursively in sorted order, "-" for standard input.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

// One record per input, whatever happens: an unreadable file gives a record with its error.
pipeline::record process_input(const pipeline::context& cx, const std::string& path);

}  // namespace nianbao::cli
