// nianbao check: the template's rules on each report, reported like a compiler.
#include <fmt/format.h>

#include <iostream>

#include "common.hpp"
#include "core/utf8.hpp"
#include "inputs.hpp"
#include "pipeline/across_years.hpp"
#include "write/json_writer.hpp"

namespace nianbao::cli {

namespace {

std::string number(double x) { return fmt::format("{}", x); }

// "path:line:col: severity[id]: message", at the first key that has a position. Across years,
// the keys are prev.<key> (of `prev_path`) and cur.<key> (of `path`): the message stands at a key
// of `path`, and a prev.<key> says which file it comes from.
void print_failure(std::ostream& out, const std::string& path, const check::instance_result& r,
                   const std::string* prev_path = nullptr) {
  const auto of_prev = [&](const check::involved_key& k) { return prev_path && k.key.rfind("prev.", 0) == 0; };
  source_position where;
  for (const auto& k : r.keys)
    if (k.value->where.line > 0 && !of_prev(k)) {
      where = k.value->where;
      break;
    }
  out << printable(path);  // names and cell text for a person: no control characters (issue 24)
  if (where.line) out << ':' << where.line << ':' << where.column;
  out << ": " << to_string(r.severity) << '[' << r.name() << "]: " << r.message << ": ";
  if (r.left && r.right) out << number(*r.left) << " vs " << number(*r.right) << " in ";
  out << r.check << " (";
  for (std::size_t i = 0; i < r.keys.size(); ++i) {
    const auto& k = r.keys[i];
    const auto& v = *k.value;
    out << (i ? ", " : "") << k.key << '=';
    if (v.kind == cell_kind::number) out << number(v.number);
    else out << (v.raw.empty() ? std::string(to_string(v.kind)) : printable(v.raw));
    if (v.repaired) out << " (repaired)";
    if (of_prev(k)) {
      out << " at " << printable(*prev_path);
      if (v.where.line) out << ':' << v.where.line << ':' << v.where.column;
    }
  }
  out << ")\n";
}

void print_diagnostic(std::ostream& out, const diagnostic& d) { out << d.format(false) << "\n"; }

// What pairing reports across years needs of a record: its values, not its checks and notes.
pipeline::record for_pairing(const pipeline::record& r) {
  pipeline::record k;
  k.path = r.path;
  k.model = r.model;
  k.info = r.info;
  k.values = r.values;
  k.status = r.status;
  return k;
}

// Checks the pairs of consecutive years and prints them; returns the number of error-severity
// failures.
std::size_t report_across_years(std::ostream& out, const pipeline::context& cx,
                                const std::vector<pipeline::record>& records, bool json, bool quiet) {
  const auto result = pipeline::check_across_years(cx, records);
  std::size_t passed = 0, failed = 0, errors = 0, skipped = 0, unassessable = 0;
  for (const auto& p : result.pairs) {
    passed += p.report.passed;
    failed += p.report.failed;
    errors += p.report.failed_errors();
    skipped += p.report.skipped;
    unassessable += p.report.not_assessable;
  }
  if (json) {
    nlohmann::ordered_json j;
    auto& pairs = j["across_years"]["pairs"] = nlohmann::ordered_json::array();
    for (const auto& p : result.pairs) {
      nlohmann::ordered_json o;
      o["agency"] = p.cur->info.agency;
      o["years"] = {p.prev->info.year, p.cur->info.year};
      o["prev"] = p.prev->path;
      o["cur"] = p.cur->path;
      o["checks"] = check::to_json(p.report, true);
      pairs.push_back(std::move(o));
    }
    auto& notes = j["across_years"]["notes"] = nlohmann::ordered_json::array();
    for (const auto& n : result.notes) notes.push_back(write::to_json(n));
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return errors;
  }
  if (!quiet)
    for (const auto& n : result.notes) print_diagnostic(out, n);
  for (const auto& p : result.pairs)
    for (const auto& res : p.report.results)
      if (res.status == check::status::failed) print_failure(out, p.cur->path, res, &p.prev->path);
  out << "across years: " << result.pairs.size() << " pairs of consecutive years: " << passed
      << " rule checks passed, " << failed << " failed (" << errors << " errors), " << skipped << " skipped, "
      << unassessable << " not assessable\n";
  return errors;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    input_options input;
    std::vector<std::string> inputs;
    std::string format = "text";
    verbosity verbose;
    bool across_years = false;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("check", "check the arithmetic of reports (勾稽关系) and report like a compiler");
  add_inputs_argument(cmd, s->inputs, "nianbao check 2023.zip reports/");
  cmd->add_option("--format", s->format, "text (compiler style, default) or json (one object per report)")
      ->check(CLI::IsMember({"text", "json"}));
  add_verbosity_options(cmd, s->verbose, "text format: only rule failures and errors, not notes and warnings",
                        "text format: also a line per report with its counts (path: N rule checks passed, ...)");
  cmd->add_flag("--across-years", s->across_years,
                "also pair reports of one agency in consecutive years (agency and year read from each title)\n"
                "and check the model's across-years rules: 上年结转 against last year's 结转下年度, 现行有效件数");
  add_input_options(cmd, s->input, true);
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nEach failed rule instance is printed as\n"
      "  path:line:column: error[balance/natural_person]: MESSAGE: LEFT vs RIGHT in CHECK (key=value, ...)\n"
      "at the first cell involved; warnings and notes (repaired rows, ambiguous rows, broken labels)\n"
      "follow the same form. A rule whose values are missing is skipped; one over a placeholder\n"
      "('/', '无', '——') or an empty cell is not assessable: neither passes nor fails.\n"
      "With --across-years, the reports are then paired by agency and year (e.g. 湛河区人民政府 2023 and\n"
      "2024) and each pair is checked by model/<template>.across.rules; failures are printed at the later\n"
      "report, each prev.<key> with the earlier report's position. Reports that cannot be paired get a note.\n"
      "  nianbao check --across-years archive/zhanhe/\n"
      "Exit status: 0 all rules pass, 1 some error-severity rule fails, 2 some input is unusable (unreadable,\n"
      "no table found, or stopped by --time-limit / --memory-limit: printed as error[time-limit] ...).\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    std::size_t reports = 0, unusable = 0, passed = 0, failed = 0, errors = 0, skipped = 0, unassessable = 0;
    std::vector<pipeline::record> kept;  // --across-years: what pairing needs of each report
    record_stream records(cx, s->inputs, s->input);
    for (pipeline::record r; records.next(r);) {
      ++reports;
      if (r.status == pipeline::status::failed) ++unusable;
      if (s->across_years) kept.push_back(for_pairing(r));
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
      if (!s->verbose.quiet)
        for (const auto& w : r.warnings) print_diagnostic(std::cout, w);
      if (r.checks)
        for (const auto& res : r.checks->results)
          if (res.status == check::status::failed) print_failure(std::cout, r.path, res);
      if (s->verbose.verbose && r.checks)
        std::cout << r.path << ": " << r.checks->passed << " rule checks passed, " << r.checks->failed << " failed ("
                  << r.checks->failed_errors() << " errors), " << r.checks->skipped << " skipped, "
                  << r.checks->not_assessable << " not assessable\n";
    }
    const std::size_t across_errors =
        s->across_years ? report_across_years(std::cout, cx, kept, s->format == "json", s->verbose.quiet) : 0;
    if (s->format == "text")
      std::cout << reports << " reports (" << unusable << " unusable): " << passed << " rule checks passed, "
                << failed << " failed (" << errors << " errors), " << skipped << " skipped, " << unassessable
                << " not assessable\n";
    exit_code = unusable ? 2 : errors + across_errors ? 1 : 0;
  });
}

}  // namespace nianbao::cli
