// nianbao test: corpus regression tests.
#include <iostream>
#include <thread>

#include "common.hpp"
#include "corpus/corpus.hpp"
#include "corpus/setup.hpp"

namespace nianbao::cli {

void add_test_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    std::string dir;
    corpus::run_options opts;
    verbosity verbose;
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
  add_verbosity_options(cmd, s->verbose, "only the failing cases, no 'N passed, N failed' line (the exit status says it)",
                        "also 'ok NAME' for every case that passed");
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nFor every mismatch it prints the case and each differing key with expected and actual values:\n"
      "  FAIL 000_x (tests/corpus/seeds/000_x.txt): 2 differences\n"
      "    values.requests.new.total: expected 12, got 13\n"
      "    checks.failures: + row_total/new failed (error): 12 vs 13 in requests.new.total == ...\n"
      "Repairs, warnings and rule results are compared item by item, one line each: '- ' an item\n"
      "expected and no longer produced, '+ ' an item produced and not expected. Then the line\n"
      "'N passed, N failed'. Exit status 1 when any case failed or no case was found, 0 otherwise.\n"
      "After a deliberate change, --update re-blesses the expected files and names each one it\n"
      "wrote with its differences: review them with git diff before committing. It warns when it\n"
      "blesses a record that is not parsed whole or fails rule checks.\n"
      "\nA corpus remembers its setup in DIR/nianbao-test.toml (paths relative to it):\n"
      "  profiles = [\"../profiles\"]  only_profiles = [\"layout-box\"]  models = [...]  rules = [...]\n"
      "  encoding = \"GB18030\"\n"
      "used by nianbao test and --update alike; options given here add to it.\n");
  cmd->callback([s, &exit_code] {
    // The corpus's own setup (DIR/nianbao-test.toml), then the command line's options.
    auto options = pipeline_options(s->common);
    if (const auto setup = corpus::read_setup(s->dir)) {
      const auto before = [](std::vector<std::string>& list, const std::vector<std::string>& first) {
        list.insert(list.begin(), first.begin(), first.end());
      };
      before(options.profile_dirs, setup->profile_dirs);
      before(options.model_files, setup->models);
      before(options.rules_files, setup->rules);
      if (options.only_profiles.empty()) options.only_profiles = setup->only_profiles;
      if (options.encoding.empty()) options.encoding = setup->encoding;
      if (!s->verbose.quiet) std::cout << "setup: " << setup->file << "\n";
    }
    const pipeline::context cx(options);
    s->opts.quiet = s->verbose.quiet;
    s->opts.verbose = s->verbose.verbose > 0;
    const auto failed = corpus::run(cx, s->dir, s->opts, std::cout);
    bool any = false;  // a directory (or a filter) without cases is an error, not a pass
    for (const auto& c : corpus::discover(s->dir))
      any = any || s->opts.filter.empty() || c.name.find(s->opts.filter) != std::string::npos;
    exit_code = failed || !any ? 1 : 0;
  });
}

}  // namespace nianbao::cli
