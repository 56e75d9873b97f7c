#pragma once
// What every nianbao command shares: the data options and how inputs are named.
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pipeline/pipeline.hpp"

namespace nianbao::cli {

struct common_options {
  std::vector<std::string> profile_dirs;
  std::vector<std::string> only_profiles;
  std::vector<std::string> models;
  std::vector<std::string> rules;
  std::string encoding;
  double time_limit = pipeline::options{}.time_limit;
  std::uint64_t memory_limit = pipeline::options{}.memory_limit;
};

// --profiles, --only-profiles, --model, --rules, --encoding, --time-limit, --memory-limit.
// Every option that names a file or directory takes one value per use (--profiles A --profiles B),
// so that the inputs after it stay inputs.
void add_common_options(CLI::App* cmd, common_options& o);

// -q/--quiet and -v/--verbose (repeatable), which every command takes; what they leave out or
// add is the command's, and its --help says it.
struct verbosity {
  bool quiet = false;
  int verbose = 0;
};
void add_verbosity_options(CLI::App* cmd, verbosity& v, const std::string& quiet_does, const std::string& verbose_does);

// The pipeline options, with $NIANBAO_PROFILES (colon-separated directories) added.
pipeline::options pipeline_options(const common_options& o);

// The commands register themselves here; each sets `exit_code` when it runs.
void add_parse_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_profiles_command(CLI::App& app, int& exit_code);
void add_explain_command(CLI::App& app, int& exit_code);
void add_help_command(CLI::App& app, int& exit_code);

}  // namespace nianbao::cli
