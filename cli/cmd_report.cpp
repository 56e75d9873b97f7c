// nianbao report OUT.html INPUTS...: one self-contained HTML page about the reports (runtime/report).
#include <fstream>
#include <iostream>

#include "common.hpp"
#include "inputs.hpp"
#include "output_paths.hpp"
#include "nianbao/writers.hpp"

namespace nianbao::cli {

void add_report_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    input_options input;
    std::string output;
    std::vector<std::string> inputs;
    std::string title = "政府信息公开工作年度报告 · nianbao";
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("report", "write one self-contained HTML page about the reports: summary, measures, "
                                           "rule failures, each agency beside last year");
  cmd->add_option("output", s->output, "the HTML file to write (replaced). E.g. report.html")->required();
  add_inputs_argument(cmd, s->inputs,
                      "nianbao report out.html 2023.zip 2024/, or a run's SQLite file: nianbao report out.html "
                      "run.sqlite (made by nianbao parse --db; the reports are not read again)");
  cmd->add_option("--title", s->title, "the page's title");
  add_input_options(cmd, s->input, true);
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nThe page needs no network and no script (charts are inline SVG): open it in any browser.\n"
      "It shows the run's summary (parsed, partial, failed; rule failures by rule), the distribution of\n"
      "every measure (docs/measures.md) with each report as a dot (its agency and division on hover),\n"
      "the agencies with the most rule failures and the cells behind them, and each agency's values\n"
      "beside last year's (pairs as in nianbao check --across-years).\n"
      "Exit status: 0 when the page was written, 2 when it cannot be.\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    // The page replaces its file only when written whole, and never an input (as parse's outputs).
    check_output_paths({{"the page", s->output}}, s->inputs, s->input.source.all_files);
    // A run's SQLite file (nianbao parse --db) gives its records without reading the reports again.
    const bool from_database = s->inputs.size() == 1 && report::is_sqlite_file(s->inputs.front());
    const auto kept = from_database ? report::records_from_database(cx, s->inputs.front())
                                    : read_all(cx, s->inputs, s->input);
    const auto pairs = pipeline::check_across_years(cx, kept);
    report::report_options o;
    o.title = s->title;
    o.generated_by = std::string(kVersion) + " · " + command_line();
    const std::string page = report::html_report(kept, pairs, o);
    write::output_file file(s->output);
    std::ofstream out(file.path(), std::ios::binary | std::ios::trunc);
    out << page;
    out.close();
    if (!out) {
      std::cerr << "nianbao: cannot write " << s->output << "\n";
      exit_code = 2;
      return;
    }
    file.commit();
    std::cerr << "nianbao: " << kept.size() << " reports" << (from_database ? " from the database" : "") << ", "
              << pairs.pairs.size() << " pairs of consecutive years: " << s->output << "\n";
  });
}

}  // namespace nianbao::cli
