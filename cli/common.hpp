#pragma once
// What every nianbao command shares: the data options and how inputs are named.
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "nianbao/pipeline.hpp"
#include "nianbao/writers.hpp"

namespace nianbao::cli {

struct common_options {
  std::vector<std::string> profile_dirs;
  std::vector<std::string> only_profiles;
  bool exhaustive = false;  // --exhaustive
  std::vector<std::string> models;
  std::vector<std::string> rules;
  std::string encoding;
  double time_limit = pipeline::options{}.time_limit;
  std::uint64_t memory_limit = pipeline::options{}.memory_limit;
};

// --profiles, --only-profiles, --exhaustive, --model, --rules, --encoding, --time-limit, --memory-limit.
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

// Flushes standard output; false, with a message on standard error, when some of it could not
// be written (a full disk, > /dev/full, a closed pipe): the command then exits 2.
bool stdout_written();

constexpr const char* kVersion = "nianbao 0.1.0";

// The command line as typed (arguments quoted where needed), for the outputs' metadata.
void set_command_line(int argc, char** argv);
const std::string& command_line();

// SQLite options for a run with `cx`: the version, the command line, the division table's
// source, and every template with its measures (the dictionary and views are made at once).
write::sqlite_options sqlite_options_for(const pipeline::context& cx, std::size_t batch);

// The commands register themselves here; each sets `exit_code` when it runs.
void add_parse_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_profiles_command(CLI::App& app, int& exit_code);
void add_explain_command(CLI::App& app, int& exit_code);
void add_grammar_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_compare_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_help_command(CLI::App& app, int& exit_code);

}  // namespace nianbao::cli
