// nianbao test: corpus regression tests.
#include <iostream>
#include <thread>

#include "common.hpp"
#include "corpus/corpus.hpp"

namespace nianbao::cli {

void add_test_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    std::string dir;
    corpus::run_options opts;
  };
  auto s = std::make_shared<state>();
  s->opts.jobs = std::max(1u, std::thread::hardware_concurrency());
  auto* cmd = app.add_subcommand("test", "run the corpus regression tests: reports with expected output beside them");
  cmd->add_option("dir", s->dir, "corpus directory: NAME.txt with NAME.expected.json beside it, any depth")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--update", s->opts.update, "re-bless: write the actual output as expected where it differs");
  cmd->add_option("--filter", s->opts.filter, "only cases whose name contains this text");
  cmd->add_option("-j,--jobs", s->opts.jobs, "cases run in parallel (default: all cores)");
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nFor every mismatch it prints the case and each differing key with expected and actual values\n"
      "(values, repairs, rule results, warnings), then the line 'N passed, N failed'.\n"
      "Exit status 1 when any case failed. After a deliberate change, --update re-blesses the\n"
      "expected files and names each one it changed: review them with git diff.\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    exit_code = corpus::run(cx, s->dir, s->opts, std::cout) ? 1 : 0;
  });
}

}  // namespace nianbao::cli
