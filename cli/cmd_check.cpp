// nianbao check: the template's rules on each report, reported like a compiler.
#include <fmt/format.h>

#include <iostream>

#include "common.hpp"
#include "inputs.hpp"
#include "write/json_writer.hpp"

namespace nianbao::cli {

namespace {

std::string number(double x) { return fmt::format("{}", x); }

// "path:line:col: severity[id]: message", with the position of the first key that has one.
void print_failure(std::ostream& out, const std::string& path, const check::instance_result& r) {
  source_position where;
  for (const auto& k : r.keys)
    if (k.value.where.line > 0) {
      where = k.value.where;
      break;
    }
  out << path;
  if (where.line) out << ':' << where.line << ':' << where.column;
  out << ": " << to_string(r.severity) << '[' << r.name() << "]: " << r.message << ": ";
  if (r.left && r.right) out << number(*r.left) << " vs " << number(*r.right) << " in ";
  out << r.check << " (";
  for (std::size_t i = 0; i < r.keys.size(); ++i) {
    const auto& v = r.keys[i].value;
    out << (i ? ", " : "") << r.keys[i].key << '=';
    if (v.kind == cell_kind::number) out << number(v.number);
    else out << (v.raw.empty() ? to_string(v.kind) : v.raw);
    if (v.repaired) out << " (repaired)";
  }
  out << ")\n";
}

void print_diagnostic(std::ostream& out, const diagnostic& d) { out << d.format(false) << "\n"; }

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    input_options input;
    std::vector<std::string> inputs;
    std::string format = "text";
    bool quiet = false;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("check", "check the arithmetic of reports (勾稽关系) and report like a compiler");
  add_inputs_argument(cmd, s->inputs, "nianbao check 2023.zip reports/");
  cmd->add_option("--format", s->format, "text (compiler style, default) or json (one object per report)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("-q,--quiet", s->quiet, "text format: only rule failures and errors, not notes and warnings");
  add_input_options(cmd, s->input, true);
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nEach failed rule instance is printed as\n"
      "  path:line:column: error[balance/natural_person]: MESSAGE: LEFT vs RIGHT in CHECK (key=value, ...)\n"
      "at the first cell involved; warnings and notes (repaired rows, ambiguous rows, broken labels)\n"
      "follow the same form. A rule whose values are missing is skipped; one over a placeholder\n"
      "('/', '无', '——') or an empty cell is not assessable: neither passes nor fails.\n"
      "Exit status: 0 all rules pass, 1 some error-severity rule fails, 2 some input is unusable.\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    std::size_t reports = 0, unusable = 0, passed = 0, failed = 0, errors = 0, skipped = 0, unassessable = 0;
    record_stream records(cx, s->inputs, s->input);
    for (pipeline::record r; records.next(r);) {
      ++reports;
      if (r.status == pipeline::status::failed) ++unusable;
      if (r.checks) {
        passed += r.checks->passed;
        failed += r.checks->failed;
        errors += r.checks->failed_errors();
        skipped += r.checks->skipped;
        unassessable += r.checks->not_assessable;
      }
      if (s->format == "json") {
        nlohmann::ordered_json j;
        j["source"] = r.path;
        j["status"] = pipeline::to_string(r.status);
        j["checks"] = r.checks ? check::to_json(*r.checks, true) : nlohmann::ordered_json(nullptr);
        j["warnings"] = nlohmann::ordered_json::array();
        for (const auto& w : r.warnings) j["warnings"].push_back(write::to_json(w));
        j["errors"] = nlohmann::ordered_json::array();
        for (const auto& e : r.errors) j["errors"].push_back(write::to_json(e));
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        continue;
      }
      for (const auto& e : r.errors) print_diagnostic(std::cout, e);
      if (!s->quiet)
        for (const auto& w : r.warnings) print_diagnostic(std::cout, w);
      if (r.checks)
        for (const auto& res : r.checks->results)
          if (res.status == check::status::failed) print_failure(std::cout, r.path, res);
    }
    if (s->format == "text")
      std::cout << reports << " reports (" << unusable << " unusable): " << passed << " rule checks passed, "
                << failed << " failed (" << errors << " errors), " << skipped << " skipped, " << unassessable
                << " not assessable\n";
    exit_code = unusable ? 2 : errors ? 1 : 0;
  });
}

}  // namespace nianbao::cli
