#include "common.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include "limit_values.hpp"

namespace nianbao::cli {

void add_common_options(CLI::App* cmd, common_options& o) {
  cmd->add_option("--profiles", o.profile_dirs, "a directory of your own layout profiles (*.toml); repeatable. "
                  "E.g. --profiles examples/new-province/profiles")
      ->check(CLI::ExistingDirectory)
      ->allow_extra_args(false)
      ->type_name("DIR");
  cmd->add_option("--only-profiles", o.only_profiles,
                  "try only these layout profiles (names as `nianbao profiles` lists them; comma-separated or "
                  "repeated); default: every profile. For an archive whose layouts you know: each profile left out "
                  "saves its pass over every report, but a report in a layout left out is not read (error "
                  "no-tables). E.g. --only-profiles tab,pipe-lines")
      ->delimiter(',')
      ->allow_extra_args(false)  // one NAME[,NAME...] per use: what follows is the inputs
      ->type_name("NAME");
  cmd->add_flag("--exhaustive", o.exhaustive,
               "read every report with every profile that can read it and merge the readings table by table "
               "(before issue 20, the only way). Default: the profile ranked first for the report reads it alone "
               "when its reading is complete, else every profile does: the same values, cells, repairs and "
               "checks (docs/plan.md); --provenance says which profiles read each report");
  cmd->add_option("--model", o.models, "use this template model file instead of the built-in ones; repeatable. "
                  "E.g. --model model/gov-2021.toml")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd->add_option("--rules", o.rules, "an extra rules file, checked on top of the template's own rules; repeatable. "
                  "E.g. --rules my-province.rules")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd->add_option("--encoding", o.encoding,
                  "input encoding instead of detection (an ICU name: UTF-8, GB18030, UTF-16LE, ...); the output "
                  "names the encoding used, detected or forced. E.g. --encoding GB18030");
  cmd->add_option("--time-limit", o.time_limit,
                  "seconds (wall-clock) one input may take (default 30; 0 = no limit). An input that takes longer "
                  "is stopped and gives a failed record with error time-limit, naming the stage it was in; the run "
                  "goes on with the next input. A report takes milliseconds: the limit is against pathological inputs. "
                  "E.g. --time-limit 5")
      ->check(non_negative_seconds())  // not CLI::NonNegativeNumber: it lets nan through
      ->type_name("SECONDS");
  cmd->add_option("--memory-limit", o.memory_limit,
                  "memory one input may use, as estimated from the large allocations that grow with it (its bytes, "
                  "the decoded text, the rows and cells each layout reads, the repair search; default 512MiB; "
                  "0 = no limit). An input that needs more is stopped and gives a failed record with error "
                  "memory-limit; the run goes on. A report needs a few MB. E.g. --memory-limit 128MiB")
      ->transform(CLI::AsSizeValue(false))
      ->transform(non_negative_size())  // runs first, on the text as typed
      ->type_name("SIZE");
}

bool stdout_written() {
  // The reason (errno) is not kept: the stream may have failed long before this flush.
  std::cout.flush();
  const bool ok = std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout);
  if (!ok) std::cerr << "nianbao: cannot write the output (standard output: a full disk?)\n";
  return ok;
}

void add_verbosity_options(CLI::App* cmd, verbosity& v, const std::string& quiet_does,
                           const std::string& verbose_does) {
  auto* q = cmd->add_flag("-q,--quiet", v.quiet, quiet_does);
  cmd->add_flag("-v,--verbose", v.verbose, verbose_does)->excludes(q);
}

pipeline::options pipeline_options(const common_options& o) {
  pipeline::options p;
  p.profile_dirs = o.profile_dirs;
  if (const char* env = std::getenv("NIANBAO_PROFILES"); env && *env) {
    std::stringstream ss(env);
    for (std::string dir; std::getline(ss, dir, ':');)
      if (!dir.empty()) p.profile_dirs.push_back(dir);
  }
  p.only_profiles = o.only_profiles;
  p.exhaustive = o.exhaustive;
  p.model_files = o.models;
  p.rules_files = o.rules;
  p.encoding = o.encoding;
  p.time_limit = o.time_limit;
  p.memory_limit = o.memory_limit;
  return p;
}

namespace {
std::string& stored_command_line() {
  static std::string line;
  return line;
}
}  // namespace

void set_command_line(int argc, char** argv) {
  std::string& line = stored_command_line();
  line.clear();
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (i) line += ' ';
    if (a.empty() || a.find_first_of(" \t'\"\\$`") != std::string::npos) {
      std::string q = "'";
      for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      line += q + "'";
    } else {
      line += a;
    }
  }
}

const std::string& command_line() { return stored_command_line(); }

write::sqlite_options sqlite_options_for(const pipeline::context& cx, std::size_t batch) {
  write::sqlite_options o;
  o.batch = batch;
  o.version = kVersion;
  o.command_line = command_line();
  o.divisions = cx.divisions().source();
  for (const auto& m : cx.models()) o.templates.push_back({&m, &cx.measures_for(m)});
  return o;
}

}  // namespace nianbao::cli
