// nianbao compare: each agency's reports in consecutive years, side by side: every key and
// measure of both years with the change, and the across-years rules (runtime/compare).
#include <iostream>

#include "common.hpp"
#include "nianbao/writers.hpp"
#include "inputs.hpp"
#include "output_paths.hpp"

namespace nianbao::cli {

namespace {

// What a pair needs of a record: values, measures, region; not its checks, repairs and notes.
pipeline::record for_comparing(pipeline::record&& r) {
  pipeline::record k;
  k.path = std::move(r.path);
  k.model = r.model;
  k.info = std::move(r.info);
  k.values = std::move(r.values);
  k.status = r.status;
  k.region = std::move(r.region);
  k.measure_defs = r.measure_defs;
  k.measures = std::move(r.measures);
  return k;
}

}  // namespace

void add_compare_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    input_options input;
    std::vector<std::string> inputs;
    std::string output, csv, db;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("compare", "pair each agency's reports in consecutive years: changes of every key and "
                                            "measure, and the across-years rules");
  add_inputs_argument(cmd, s->inputs, "nianbao compare 2023/ 2024/ -o pairs.jsonl");
  cmd->add_option("-o,--output", s->output, "JSON Lines, one object per pair, to FILE (default: standard output)")
      ->type_name("FILE");
  cmd->add_option("--csv", s->csv, "also CSV, one row per pair and key or measure, to FILE (- for standard output, with -o FILE)")->type_name("FILE");
  cmd->add_option("--db", s->db, "also SQLite (pairs, pair_changes, pair_checks) to FILE, replaced when the run completes")
      ->type_name("FILE");
  add_input_options(cmd, s->input, true);
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nReports are paired as 'nianbao check --across-years' pairs them: the same agency (as read from the\n"
      "titles) in consecutive years, the same template. For each pair: every canonical key and measure\n"
      "with last year's value, this year's and the change (null where either is not a number: a\n"
      "placeholder is never taken as 0), and every instance of model/<template>.across.rules\n"
      "(上年结转 against last year's 结转下年度, 现行有效件数). Reports that cannot be paired are\n"
      "named on standard error (note[no-agency-year], note[template-changed], ...).\n"
      "Output files are written as nianbao parse writes them: beside their place under a hidden\n"
      "temporary name, put in place when the run completes; a path that is not a regular file\n"
      "(/dev/full, a directory) or that is an input of the run is refused before anything is read.\n"
      "Exit status: 0 when it ran (whatever the rules say: see 'nianbao check --across-years'), 2 when an\n"
      "output cannot be written.\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    const bool json_stdout = s->output.empty() || s->output == "-";
    if (json_stdout && s->csv == "-") {
      std::cerr << "nianbao: only one of JSON Lines and CSV can go to standard output: name a file with -o or --csv\n";
      exit_code = 2;
      return;
    }
    // Before anything is read: outputs that are no regular file or an input of the run are
    // refused, and each file is made beside its place, put there only when all is written
    // (write/output_set.hpp, as parse does). diagnostic_error: exit 2.
    check_output_paths({{"-o", json_stdout ? "" : s->output}, {"--csv", s->csv == "-" ? "" : s->csv}, {"--db", s->db}},
                       s->inputs, s->input.source.all_files);
    write::output_set outputs;
    std::ostream& json = outputs.stream(json_stdout ? "-" : s->output);
    std::ostream* csv = s->csv.empty() ? nullptr : &outputs.stream(s->csv);
    const std::string* db = s->db.empty() ? nullptr : &outputs.file(s->db);

    const auto kept = read_all(cx, s->inputs, s->input, for_comparing);
    const auto result = pipeline::check_across_years(cx, kept);
    for (const auto& n : result.notes) std::cerr << n.format(false) << "\n";
    std::vector<std::vector<compare::change>> changes;
    for (const auto& p : result.pairs) changes.push_back(compare::changes(*p.prev, *p.cur));

    std::string line;
    for (std::size_t i = 0; i < result.pairs.size(); ++i) {
      line.clear();
      compare::append_json(line, result.pairs[i], changes[i]);
      json << line << "\n";
    }
    if (csv) {
      compare::write_csv_header(*csv);
      for (std::size_t i = 0; i < result.pairs.size(); ++i) compare::write_csv(*csv, result.pairs[i], changes[i]);
    }
    if (db) {
      try {
        compare::write_sqlite(*db, result.pairs, changes,
                              {{"writer", "nianbao compare"},
                               {"version", kVersion},
                               {"command_line", command_line()},
                               {"reports", std::to_string(kept.size())}});
      } catch (const diagnostic_error& e) {
        throw outputs.about_destination(e);  // exit 2
      }
    }
    outputs.finish();
    std::cerr << "nianbao: " << kept.size() << " reports, " << result.pairs.size() << " pairs of consecutive years\n";
    if (!outputs.streams_written()) {
      std::cerr << "nianbao: cannot write the output (disk full?)\n";
      exit_code = 2;
      return;
    }
    outputs.commit();  // diagnostic_error: exit 2
  });
}

}  // namespace nianbao::cli
