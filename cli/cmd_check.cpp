// nianbao check: the template's rules on each report, reported like a compiler.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "nianbao/record.hpp"
#include "color.hpp"
#include "common.hpp"
#include "nianbao/text.hpp"
#include "source_caret.hpp"
#include "inputs.hpp"
#include "nianbao/pipeline.hpp"
#include "nianbao/writers.hpp"

namespace nianbao::cli {

namespace {

std::string number(double x) { return fmt::format("{}", x); }

// How failures are printed for people: a compiler's diagnostics, coloured or not, each key with
// its Chinese labels (model::key_heading), under each failure the cell's source line.
class failure_printer {
 public:
  explicit failure_printer(palette colors) : colors_(colors) {}

  // "path:line:col: error[id]: MESSAGE: LEFT vs RIGHT in CHECK" at the first key that has a
  // position, the source line with a caret under that cell, then each key with its labels, value
  // and position. Across years, the keys are prev.<key> (of `prev_path`) and cur.<key> (of
  // `path`, whose text is `text`): the message stands at a key of `path`, and a prev.<key> says
  // which file it comes from.
  void failure(std::ostream& out, const std::string& path, const std::string* text, const model::template_model* m,
               const check::instance_result& r, const std::string* prev_path = nullptr) {
    const auto of_prev = [&](const check::involved_key& k) { return prev_path && k.key.rfind("prev.", 0) == 0; };
    diagnostic d = file_error(path, r.name(), std::string(r.message) + ": ");
    d.severity = r.severity;
    for (const auto& k : r.keys)
      if (k.value->where.line > 0 && !of_prev(k)) {
        d.where = k.value->where;
        break;
      }
    if (r.left && r.right) d.message += number(*r.left) + " vs " + number(*r.right) + " in ";
    d.message += r.check;
    out << colors_.headline(d) << "\n";
    if (text) {
      const auto shown = source_caret(*text, d.where);
      if (!shown.empty()) out << colors_.caret(shown) << "\n";
    }
    for (const auto& k : r.keys) {
      const auto& v = *k.value;
      out << "    " << k.key;
      const auto heading = heading_of(m, k.key);
      if (!heading.empty()) out << " (" << heading << ")";
      out << " = ";
      if (v.kind == cell_kind::number) out << number(v.number);
      else out << (v.raw.empty() ? std::string(to_string(v.kind)) : printable(v.raw));
      if (v.repaired) out << " (repaired)";
      if (v.where.line) {
        out << " @" << (of_prev(k) ? printable(*prev_path) + ":" : std::string());
        if (v.where.page) out << "page " << v.where.page << ':';
        out << v.where.line << ':' << v.where.column;
      }
      out << "\n";
    }
  }

  // "path:line:col: note: likely culprit: KEY (labels) at line:col (NOW; WOULD_BE would satisfy
  // A and B)" and the cell's source line, for each culprit of the report's failures.
  void culprits(std::ostream& out, const pipeline::context& cx, const pipeline::record& r) {
    if (!r.checks || !r.checks->failed || !r.model) return;
    const auto& rules = cx.rules_for(*r.model);
    const check::value_view values(r.values, r.narrative);
    for (const auto& c : check::likely_culprits(rules, *r.checks, values)) {
      const auto& key = rules.keys()[c.key];
      const auto& where = values[c.key].where;
      diagnostic d = file_error(r.path, "", "likely culprit: " + key);
      d.severity = severity::note;
      d.where = where;
      const auto heading = heading_of(r.model, key);
      if (!heading.empty()) d.message += " (" + heading + ")";
      if (where.line) d.message += " at " + std::to_string(where.line) + ":" + std::to_string(where.column);
      d.message += " (" + number(c.now) + "; " + number(c.would_be) + " would satisfy ";
      for (std::size_t i = 0; i < c.failed.size(); ++i)
        d.message += (i == 0 ? "" : i + 1 == c.failed.size() ? " and " : ", ") + r.checks->results[c.failed[i]].name();
      d.message += ")";
      out << colors_.headline(d) << "\n";
      if (r.text) {
        const auto shown = source_caret(*r.text, where);
        if (!shown.empty()) out << colors_.caret(shown) << "\n";
      }
    }
  }

  void diagnostic_line(std::ostream& out, const diagnostic& d) const { out << colors_.headline(d) << "\n"; }

 private:
  // The key's labels ("（一）予以公开 · 总计（件）"); across years, of the key after prev./cur.;
  // empty for a key the template's tables do not have (a narrative fact).
  std::string heading_of(const model::template_model* m, std::string_view key) {
    if (!m) return {};
    if (key.rfind("prev.", 0) == 0 || key.rfind("cur.", 0) == 0) key.remove_prefix(key.find('.') + 1);
    auto& headings = headings_[m];
    if (headings.empty())
      for (const auto& e : model::key_entries(*m)) headings.emplace(e.key, model::key_heading(e));
    const auto it = headings.find(std::string(key));
    return it == headings.end() ? std::string() : it->second;
  }

  palette colors_;
  std::map<const model::template_model*, std::map<std::string, std::string>> headings_;
};

// What pairing reports across years needs of a record: its values, not its checks and notes.
pipeline::record for_pairing(const pipeline::record& r) {
  pipeline::record k;
  k.path = r.path;
  k.model = r.model;
  k.info = r.info;
  k.values = r.values;
  k.status = r.status;
  k.text = r.text;  // shared, not copied: for the source lines of its failures
  return k;
}

// Checks the pairs of consecutive years and prints them; returns the number of error-severity
// failures.
std::size_t report_across_years(std::ostream& out, failure_printer& printer, const pipeline::context& cx,
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
    std::string line;
    write::json_text j(line);
    j.begin_object().key("across_years").begin_object().key("pairs").begin_array();
    for (const auto& p : result.pairs) {
      j.begin_object().key("agency").string(p.cur->info.agency);
      j.key("years").begin_array().integer(p.prev->info.year).integer(p.cur->info.year).end_array();
      j.key("prev").string(p.prev->path).key("cur").string(p.cur->path);
      write::write_checks(j.key("checks"), p.report, true);
      j.end_object();
    }
    j.end_array().key("notes").begin_array();
    for (const auto& n : result.notes) write::write_diagnostic(j, n);
    j.end_array().end_object().end_object();
    out << line << "\n";
    return errors;
  }
  if (!quiet)
    for (const auto& n : result.notes) printer.diagnostic_line(out, n);
  for (const auto& p : result.pairs)
    for (const auto& res : p.report.results)
      if (res.status == check::status::failed)
        printer.failure(out, p.cur->path, p.cur->text.get(), p.cur->model, res, &p.prev->path);
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
    std::string color = "auto";
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
  add_color_option(cmd, s->color);
  add_input_options(cmd, s->input, true);
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nEach failed rule instance is printed as a compiler prints an error, at the first cell involved:\n"
      "  path:line:column: error[row_total/granted]: MESSAGE: LEFT vs RIGHT in CHECK\n"
      "  THE REPORT'S LINE\n"
      "        ^ (under that cell)\n"
      "    requests.granted.total (（一）予以公开 · 总计（件）) = 5 @52:35   (each key, its labels, value, position)\n"
      "and, where one cell alone explains every failed rule it is in (a value for it that makes them all\n"
      "pass, computed from the rules' equations; in two failed rules or more, or the only cell in all),\n"
      "  path:52:35: note: likely culprit: requests.granted.total (...) at 52:35 (5; 4 would satisfy A and B)\n"
      "Warnings and notes (repaired rows, ambiguous rows, broken labels) "
      "follow the same form. A rule whose values are missing is skipped; one over a placeholder\n"
      "('/', '无', '——') or an empty cell is not assessable: neither passes nor fails.\n"
      "With --across-years, the reports are then paired by agency and year (e.g. 湛河区人民政府 2023 and\n"
      "2024) and each pair is checked by model/<template>.across.rules; failures are printed at the later\n"
      "report, each prev.<key> with the earlier report's position. Reports that cannot be paired get a note.\n"
      "  nianbao check --across-years archive/zhanhe/\n"
      "Exit status: 0 all rules pass, 1 some error-severity rule fails, 2 some input is unusable (unreadable,\n"
      "no table found, or stopped by --time-limit / --memory-limit: printed as error[time-limit] ...).\n");
  cmd->callback([s, &exit_code] {
    auto opts = pipeline_options(s->common);
    opts.keep_text = s->format == "text";  // the source lines under the failures
    const pipeline::context cx(opts);
    failure_printer printer(palette(s->color, stdout));
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
        std::string line;
        write::json_text j(line);
        j.begin_object().key("source").string(r.path).key("status").string(pipeline::to_string(r.status));
        j.key("checks");
        if (r.checks) write::write_checks(j, *r.checks, true);
        else j.null();
        j.key("warnings").begin_array();
        for (const auto& w : r.warnings) write::write_diagnostic(j, w);
        j.end_array().key("errors").begin_array();
        for (const auto& e : r.errors) write::write_diagnostic(j, e);
        j.end_array().end_object();
        std::cout << line << "\n";
        continue;
      }
      for (const auto& e : r.errors) printer.diagnostic_line(std::cout, e);
      if (!s->verbose.quiet)
        for (const auto& w : r.warnings) printer.diagnostic_line(std::cout, w);
      if (r.checks)
        for (const auto& res : r.checks->results)
          if (res.status == check::status::failed) printer.failure(std::cout, r.path, r.text.get(), r.model, res);
      printer.culprits(std::cout, cx, r);
      if (s->verbose.verbose && r.checks)
        std::cout << r.path << ": " << r.checks->passed << " rule checks passed, " << r.checks->failed << " failed ("
                  << r.checks->failed_errors() << " errors), " << r.checks->skipped << " skipped, "
                  << r.checks->not_assessable << " not assessable\n";
    }
    const std::size_t across_errors =
        s->across_years ? report_across_years(std::cout, printer, cx, kept, s->format == "json", s->verbose.quiet) : 0;
    if (s->format == "text")
      std::cout << reports << " reports (" << unusable << " unusable): " << passed << " rule checks passed, "
                << failed << " failed (" << errors << " errors), " << skipped << " skipped, " << unassessable
                << " not assessable\n";
    exit_code = unusable ? 2 : errors + across_errors ? 1 : 0;
  });
}

}  // namespace nianbao::cli
