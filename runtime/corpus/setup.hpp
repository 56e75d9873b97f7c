#pragma once
// A corpus directory's own setup: `nianbao-test.toml` at its root says what its cases are run
// with, so `nianbao test DIR` and `nianbao test DIR --update` need no options to be remembered:
//
//   # tests/my-province/nianbao-test.toml
//   profiles = ["../../my-profiles"]   # profile directories (as --profiles), relative to this file
//   only_profiles = ["layout-box"]     # as --only-profiles
//   models = []                        # template model files (as --model), relative to this file
//   rules = ["extra.rules"]            # extra rules files (as --rules), relative to this file
//   encoding = "GB18030"               # as --encoding
//
// Every key is optional; an unknown key is an error naming file, line and column. Options given
// on the command line add to the lists (profiles, models, rules) and override the rest.
#include <optional>
#include <string>
#include <vector>

namespace nianbao::corpus {

inline constexpr const char* kSetupFile = "nianbao-test.toml";

struct setup {
  std::string file;  // where it was read from
  std::vector<std::string> profile_dirs, only_profiles, models, rules;
  std::string encoding;
};

// ROOT/nianbao-test.toml when there is one (throws nianbao::diagnostic_error when it is bad).
std::optional<setup> read_setup(const std::string& root);

}  // namespace nianbao::corpus
