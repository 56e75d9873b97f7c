#pragma once
#include <string>

namespace nianbao::cli {

// What `nianbao --version` prints: the version, the built-in template models and layout
// profiles, and the data directory they were loaded from.
std::string version_text();

}  // namespace nianbao::cli
