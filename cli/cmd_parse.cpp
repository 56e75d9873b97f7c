// nianbao parse: reports in, canonical JSON Lines out.
#include <fstream>
#include <iostream>

#include "common.hpp"
#include "inputs.hpp"
#include "write/json_writer.hpp"

namespace nianbao::cli {

void add_parse_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    std::vector<std::string> inputs;
    std::string output;
    bool provenance = false;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("parse", "read reports and write their canonical values as JSON Lines");
  cmd->add_option("inputs", s->inputs, "report files, directories (read recursively), or - for standard input")
      ->required();
  cmd->add_option("-o,--output", s->output, "write the JSON Lines here instead of standard output");
  cmd->add_flag("--provenance", s->provenance, "add \"provenance\": line, column and profile of every value");
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nOutput: one JSON object per input, in input order:\n"
      "  source {path, encoding}, template, report {title, agency, year}, status (parsed | partial | failed),\n"
      "  values (every canonical key: a number, or null where the report gives none),\n"
      "  cells (keys whose cell held a placeholder such as '/', an empty cell or text),\n"
      "  profiles (which layout profile supplied each table), repairs (values not read as printed,\n"
      "  and why), checks (the template's rules: counts and every failure), warnings, errors.\n"
      "Exit status: 0 when every input gave values, 1 when some input failed, 2 on a usage or data-file error.\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    std::ofstream file;
    if (!s->output.empty() && s->output != "-") {
      file.open(s->output, std::ios::binary);
      if (!file) {
        std::cerr << "nianbao: cannot write " << s->output << "\n";
        exit_code = 2;
        return;
      }
    }
    std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
    write::json_options jopts;
    jopts.provenance = s->provenance;
    std::size_t parsed = 0, partial = 0, failed = 0;
    for (const auto& path : expand_inputs(s->inputs)) {
      const auto r = process_input(cx, path);
      out << write::to_json(r, jopts).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      switch (r.status) {
        case pipeline::status::parsed: ++parsed; break;
        case pipeline::status::partial: ++partial; break;
        case pipeline::status::failed: ++failed; break;
      }
    }
    out.flush();
    std::cerr << "nianbao: " << (parsed + partial + failed) << " reports: " << parsed << " parsed, " << partial
              << " partial, " << failed << " failed\n";
    exit_code = failed ? 1 : 0;
  });
}

}  // namespace nianbao::cli
