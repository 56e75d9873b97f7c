// nianbao: a thin command-line layer over the runtime library. Each command is in cmd_*.cpp.
#include <iostream>

#include <CLI/CLI.hpp>

#include "common.hpp"
#include "usage_errors.hpp"
#include "version.hpp"
#include "core/diagnostic.hpp"
#include "batch/process.hpp"

namespace {

constexpr const char* kDescription =
    "nianbao reads Chinese government information-disclosure annual reports\n"
    "(政府信息公开工作年度报告) in any text layout and turns them into one canonical,\n"
    "arithmetic-checked data model: the 200 keys of the 2021 national template.\n";

constexpr const char* kFooter =
    "\nExamples:\n"
    "  nianbao parse report.txt                 one JSON object per input (JSON Lines)\n"
    "  nianbao parse reports/ -o out.jsonl      every file under a directory\n"
    "  nianbao check report.txt                 the arithmetic, reported like a compiler\n"
    "  nianbao explain report.txt requests.granted   where values came from, repairs, rules\n"
    "  nianbao test tests/corpus/seeds          corpus regression test\n"
    "  nianbao profiles                         the layout profiles installed\n"
    "\nRun 'nianbao help COMMAND' or 'nianbao COMMAND --help' for a command's options.\n"
    "Data: profiles/ and model/ of the source tree, or $NIANBAO_DATA_DIR.\n"
    "Your own profile directories: --profiles DIR or $NIANBAO_PROFILES (colon-separated).\n";

}  // namespace

int main(int argc, char** argv) {
  nianbao::input::tune_allocator();  // many reports, one after another: keep freed memory
  CLI::App app{kDescription, "nianbao"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", nianbao::cli::version_text, "the version, built-in models and profiles");

  int exit_code = 0;
  nianbao::cli::add_parse_command(app, exit_code);
  nianbao::cli::add_check_command(app, exit_code);
  nianbao::cli::add_test_command(app, exit_code);
  nianbao::cli::add_explain_command(app, exit_code);
  nianbao::cli::add_profiles_command(app, exit_code);
  nianbao::cli::add_help_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (const auto mistyped = nianbao::cli::mistyped_message(app)) {
      std::cerr << *mistyped << "\n";
      return 2;
    }
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const nianbao::diagnostic_error& e) {
    std::cerr << e.diag().format() << "\n";
    return 2;
  }
  return exit_code;
}
