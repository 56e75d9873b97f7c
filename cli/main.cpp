// nianbao: a thin command-line layer over the runtime library.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "corpus/corpus.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/profile.hpp"
#include "write/json_writer.hpp"

namespace fs = std::filesystem;
using nianbao::pipeline::context;

namespace {

constexpr const char* kDescription =
    "nianbao reads Chinese government information-disclosure annual reports\n"
    "(政府信息公开工作年度报告) in any text layout and turns them into one canonical,\n"
    "arithmetic-checked data model: the 200 keys of the 2021 national template.\n";

constexpr const char* kFooter =
    "\nExamples:\n"
    "  nianbao parse report.txt                 one JSON object per input (JSON Lines)\n"
    "  nianbao parse reports/ -o out.jsonl      every file under a directory\n"
    "  nianbao parse --provenance report.txt    add where each value was read\n"
    "  nianbao parse --profiles my-profiles/ r.txt   also try your own layout profiles\n"
    "\nData: profiles/ and model/ of the source tree, or $NIANBAO_DATA_DIR.\n"
    "Your own profile directories: --profiles DIR or $NIANBAO_PROFILES (colon-separated).\n";

struct common_options {
  std::vector<std::string> profile_dirs;
  std::vector<std::string> models;
  std::string encoding;
};

void add_common(CLI::App* cmd, common_options& o) {
  cmd->add_option("--profiles", o.profile_dirs, "a directory of your own layout profiles (*.toml); repeatable")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--model", o.models, "use this template model file instead of the built-in ones; repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--encoding", o.encoding,
                  "input encoding instead of detection (an ICU name: UTF-8, GB18030, UTF-16LE, ...)");
}

nianbao::pipeline::options pipeline_options(const common_options& o) {
  nianbao::pipeline::options p;
  p.profile_dirs = o.profile_dirs;
  if (const char* env = std::getenv("NIANBAO_PROFILES"); env && *env) {
    std::stringstream ss(env);
    for (std::string dir; std::getline(ss, dir, ':');)
      if (!dir.empty()) p.profile_dirs.push_back(dir);
  }
  p.model_files = o.models;
  p.encoding = o.encoding;
  return p;
}

// Inputs in a stable order: files as given, directories walked recursively in sorted order.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in != "-" && fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec))
        if (e.is_regular_file()) found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(in);
    }
  }
  return out;
}

nianbao::pipeline::record process_input(const context& cx, const std::string& path) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      nianbao::pipeline::record r;
      r.path = path;
      r.model = &cx.models().front();
      r.values.resize(r.model->keys.size());
      r.table_profiles.resize(r.model->tables.size());
      nianbao::diagnostic d;
      d.file = path;
      d.code = "io";
      d.message = std::string("cannot read the file: ") + std::strerror(errno);
      r.errors.push_back(d);
      return r;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return cx.process(bytes, path);
}

int run_parse(const common_options& common, const std::vector<std::string>& inputs, const std::string& output,
              bool provenance) {
  const context cx(pipeline_options(common));
  std::ofstream file;
  if (!output.empty() && output != "-") {
    file.open(output, std::ios::binary);
    if (!file) {
      std::cerr << "nianbao: cannot write " << output << "\n";
      return 2;
    }
  }
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  nianbao::write::json_options jopts;
  jopts.provenance = provenance;
  std::size_t parsed = 0, partial = 0, failed = 0;
  for (const auto& path : expand_inputs(inputs)) {
    const auto r = process_input(cx, path);
    out << nianbao::write::to_json(r, jopts).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    switch (r.status) {
      case nianbao::pipeline::status::parsed: ++parsed; break;
      case nianbao::pipeline::status::partial: ++partial; break;
      case nianbao::pipeline::status::failed: ++failed; break;
    }
  }
  out.flush();
  std::cerr << "nianbao: " << (parsed + partial + failed) << " reports: " << parsed << " parsed, " << partial
            << " partial, " << failed << " failed\n";
  return failed ? 1 : 0;
}

int run_test(const common_options& common, const std::string& dir, const nianbao::corpus::run_options& opts) {
  const context cx(pipeline_options(common));
  return nianbao::corpus::run(cx, dir, opts, std::cout) ? 1 : 0;
}

int run_profiles_list(const common_options& common) {
  const context cx(pipeline_options(common));
  for (const auto& p : cx.profiles())
    std::cout << p.name << "\tgrammar=" << p.grammar << "\tpriority=" << p.priority << "\t" << p.file << "\n"
              << "\t" << p.description << "\n";
  return 0;
}

int run_profiles_check(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& f : files) {
    try {
      const auto p = nianbao::profile::load_profile_file(f);
      std::cout << f << ": ok (profile \"" << p.name << "\", grammar \"" << p.grammar << "\")\n";
    } catch (const nianbao::diagnostic_error& e) {
      std::cerr << e.diag().format() << "\n";
      status = 1;
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "nianbao"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", "nianbao 0.1.0");

  common_options common;
  std::vector<std::string> inputs;
  std::string output;
  bool provenance = false;
  auto* parse = app.add_subcommand("parse", "read reports and write their canonical values as JSON Lines");
  parse->add_option("inputs", inputs, "report files, directories (read recursively), or - for standard input")
      ->required();
  parse->add_option("-o,--output", output, "write the JSON Lines here instead of standard output");
  parse->add_flag("--provenance", provenance, "add \"provenance\": line, column and profile of every value");
  add_common(parse, common);
  parse->footer(
      "\nOutput: one JSON object per input, in input order:\n"
      "  source {path, encoding}, template, report {title, agency, year}, status (parsed | partial | failed),\n"
      "  values (every canonical key: a number, or null where the report gives none),\n"
      "  cells (keys whose cell held a placeholder such as '/', an empty cell or text),\n"
      "  profiles (which layout profile supplied each table), repairs, warnings, errors.\n"
      "Exit status: 0 when every input gave values, 1 when some input failed, 2 on a usage or data-file error.\n");

  std::string corpus_dir;
  nianbao::corpus::run_options test_opts;
  test_opts.jobs = std::max(1u, std::thread::hardware_concurrency());
  auto* test = app.add_subcommand("test", "run the corpus regression tests: reports with expected output beside them");
  test->add_option("dir", corpus_dir, "corpus directory: NAME.txt with NAME.expected.json beside it, any depth")
      ->required()
      ->check(CLI::ExistingDirectory);
  test->add_flag("--update", test_opts.update, "re-bless: write the actual output as expected where it differs");
  test->add_option("--filter", test_opts.filter, "only cases whose name contains this text");
  test->add_option("-j,--jobs", test_opts.jobs, "cases run in parallel (default: all cores)");
  add_common(test, common);
  test->footer(
      "\nFor every mismatch it prints the case and each differing key with expected and actual values,\n"
      "then the line 'N passed, N failed'. Exit status 1 when any case failed.\n");

  auto* profiles = app.add_subcommand("profiles", "list the layout profiles, or validate one");
  profiles->add_option("--profiles", common.profile_dirs, "also list the profiles of this directory")
      ->check(CLI::ExistingDirectory);
  std::vector<std::string> profile_files;
  auto* profiles_check = profiles->add_subcommand("check", "validate profile files; errors give file:line:column");
  profiles_check->add_option("files", profile_files, "profile files (*.toml)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (*parse) return run_parse(common, inputs, output, provenance);
    if (*test) return run_test(common, corpus_dir, test_opts);
    if (*profiles_check) return run_profiles_check(profile_files);
    if (*profiles) return run_profiles_list(common);
  } catch (const nianbao::diagnostic_error& e) {
    std::cerr << e.diag().format() << "\n";
    return 2;
  }
  return 0;
}
