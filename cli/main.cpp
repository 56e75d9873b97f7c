// nianbao: a thin command-line layer over the runtime library. Each command is in cmd_*.cpp.
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "common.hpp"
#include "usage_errors.hpp"
#include "version.hpp"
#include "nianbao/diagnostic.hpp"
#include "nianbao/inputs.hpp"

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
    "  nianbao compare 2023/ 2024/              each agency's two years side by side, with the changes\n"
    "  nianbao report out.html reports/         one HTML page: summary, measures, failures, last year\n"
    "  nianbao test tests/corpus/seeds          corpus regression test\n"
    "  nianbao profiles                         the layout profiles installed\n"
    "  nianbao grammar check box.peg            a grammar of your own: errors, loops\n"
    "  nianbao grammar trace box.peg r.txt --lines 10-20   what it matches, rows and cells\n"
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
  nianbao::cli::set_command_line(argc, argv);

  int exit_code = 0;
  nianbao::cli::add_parse_command(app, exit_code);
  nianbao::cli::add_check_command(app, exit_code);
  nianbao::cli::add_test_command(app, exit_code);
  nianbao::cli::add_explain_command(app, exit_code);
  nianbao::cli::add_compare_command(app, exit_code);
  nianbao::cli::add_report_command(app, exit_code);
  nianbao::cli::add_profiles_command(app, exit_code);
  nianbao::cli::add_grammar_command(app, exit_code);
  nianbao::cli::add_generate_command(app, exit_code);
  nianbao::cli::add_help_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (const auto mistyped = nianbao::cli::mistyped_message(app)) {
      std::cerr << *mistyped << "\n";
      return 2;
    }
    const int code = app.exit(e) == 0 ? 0 : 2;
    return nianbao::cli::stdout_written() ? code : 2;
  } catch (const nianbao::diagnostic_error& e) {
    std::cerr << e.diag().format() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    // Loading the data files (a huge rules file) or a writer ran out of memory: a message, not
    // std::terminate (issue 24).
    std::cerr << "nianbao: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "nianbao: internal error: " << e.what() << "\n";
    return 2;
  }
  // Every command's output: what could not be written (a full disk, > /dev/full) is an error.
  return nianbao::cli::stdout_written() ? exit_code : 2;
}
