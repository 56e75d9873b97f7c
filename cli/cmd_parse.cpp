// nianbao parse: reports in (files, directories, archives, standard input), canonical values out
// (JSON Lines, CSV, SQLite), in input order, in parallel.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "common.hpp"
#include "inputs.hpp"
#include "output_paths.hpp"
#include "summary_table.hpp"
#include "nianbao/inputs.hpp"
#include "nianbao/writers.hpp"

namespace nianbao::cli {

namespace {

constexpr const char* kFooter = R"(
Inputs:
  FILE        a report (UTF-8 with or without BOM, UTF-16LE/BE with BOM, GB18030/GBK; CRLF and
              CR line ends; see --encoding), or an archive: .zip, .7z, .tar, .tar.gz/.tgz,
              .tar.xz, .tar.bz2, .tar.zst, .rar, .cpio, or one compressed report (.txt.gz).
              Archives are recognised by their content, not their name, read in place, and
              archives inside archives are opened too (--max-depth).
  DIRECTORY   the report-like files below it, recursively, in sorted order: names ending in
              .txt .text .md .markdown .htm .html .shtml .xhtml or an archive suffix (.zip .7z
              .rar .tar .tgz .gz .bz2 .xz .zst ...), any case; names without an extension; and
              any file whose content is an archive. Hidden files and directories (.git/),
              README* and other files (a corpus's NAME.expected.json, out.jsonl, out.csv, images)
              are skipped and counted in the summary; --all-files reads them all.
  -           standard input: a report or an archive (cat 2023.tar.gz | nianbao parse -).
  Every file and every archive member gives exactly one record, parsed or carrying its error.
  A member's path is ARCHIVE:MEMBER, nested ones a.zip:b.tar.gz:c.txt; member names stored in
  GBK (Windows zip tools) are converted to UTF-8. A damaged member gives an error record naming
  archive and member, and the other members still come out; a damaged or empty archive gives
  one error record for itself.

Outputs (any combination; records always in input order, whatever -j):
  table       on standard output when it is a terminal (and -o, --csv - and --json do not claim
              it), or with --format=table: one row per record (agency, year, status, values
              found of the template's keys, repairs, rule failures, path) and the files written.
  JSON Lines  to -o FILE, else to standard output unless --csv or --db is given or the table
              takes it (--json or --format=json: JSON Lines on a terminal too). One object per
              record: source {path, encoding}, template, report {title, agency, year},
              status (parsed | partial | failed), values (every canonical key: a number, or null
              where the report gives none), cells (keys whose cell held a placeholder such as
              '/', an empty cell or text), profiles, repairs (values not read as printed, and
              why), narrative, checks (the template's rules: counts and every failure),
              warnings, errors.
  --csv FILE  --csv-form wide (default): one row per report: path, template, status, encoding,
              title, agency, year, values, repairs, warnings, rule_failures, errors, then one
              column per canonical key (the number, or empty).
              --csv-form long: one row per key the report gives: report, template, key, value,
              kind (number | placeholder | empty | text), raw, repaired (0/1), line, column,
              profile. UTF-8, RFC 4180 quoting, CRLF row ends (--csv-bom for Excel).
  --db FILE   SQLite database (replaced when the run completes): tables reports, "values", repairs,
              checks (rule failures), warnings, errors, meta (with the counts and time when the
              run completed), with indexes; committed every --db-batch reports.
  Each output file is written beside its place under a hidden temporary name (.FILE.nianbao-*)
  and put in place when the run completes: an interrupted or failed run leaves the previous
  file as it was (the temporary file of a killed run holds what was committed). A path that
  is not a regular file (/dev/full, a directory, a FIFO) or that is an input of the run is
  refused (exit status 2), as are a file read from an input directory and two outputs
  naming one file. A CSV text cell beginning with = + - @ (and not a number) gets a leading '
  so that spreadsheets do not run it as a formula.

Parallelism, memory and sharding:
  -j N        N threads parse; one thread reads. At most 4 N reports are in memory at once
              (read, being parsed, or waiting for an earlier one to be written): memory does
              not grow with the number of inputs.
  --shard K/N only every N-th record of the expanded sequence (files and archive members in
              order, error records included), starting with record K (0-based). Run N
              processes, K = 0..N-1, on the same inputs (on N machines, with any batch runner)
              and together they give every record exactly once; concatenate their outputs.

Limits per input (the run goes on with the next input; 0 = no limit):
  --max-size, --max-ratio, --max-depth   what is read: a larger file or member, a zip bomb,
              archives nested too deep give error records too-large, compression-ratio, nesting.
  --time-limit SECONDS (default 30), --memory-limit SIZE (default 512MiB)   what one input may
              cost while it is parsed. A report takes milliseconds and a few MB; an input that
              takes longer or needs more (a pathological text, a huge one) is stopped and gives a
              failed record: error time-limit or memory-limit, naming the stage it was in, e.g.
              x.txt: error[time-limit]: processing stopped in the repair stage after 30 s (the
              time limit per input, --time-limit)

Standard error: a progress line while running when it is a terminal (records done of the total,
  percent and time left once the inputs are counted, reports/s, failed so far; standard input
  is not counted), the errors of failed records (at most 20, then a count), with -v every
  record's warnings, and one summary line (none with -q):
  nianbao: N reports: P parsed, Q partial, F failed; R rule failures in K reports (T s, X reports/s)

Exit status: 0 every record has values (parsed or partial), 1 some record failed (unreadable,
  not a report, no table found, a limit passed), 2 usage error, bad data file, or an output
  cannot be written.

Examples:
  nianbao parse report.txt                           JSON Lines on standard output
  nianbao parse 2023.zip reports/ -o out.jsonl       archives and directories, JSON Lines to a file
  nianbao parse 2023.zip --csv values.csv            one CSV row per report (no JSON unless -o)
  nianbao parse 2023.zip --csv long.csv --csv-form long --db all.sqlite
  cat bundle.tar.gz | nianbao parse - -j 4 -o out.jsonl
  nianbao parse big.7z --shard 0/2 -o a.jsonl   and   nianbao parse big.7z --shard 1/2 -o b.jsonl
  sqlite3 all.sqlite "SELECT r.path, v.value FROM \"values\" v JOIN reports r ON r.id = v.report_id
                      WHERE v.key = 'requests.new.total'"
)";

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }
bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

// The errors of failed records on standard error: the first kMaxErrorLines, then a count.
class error_printer {
 public:
  void print(const pipeline::record& r) {
    for (const auto& e : r.errors) {
      if (++count_ <= kMaxErrorLines) std::cerr << e.format(false) << "\n";
    }
  }
  void finish() const {
    if (count_ > kMaxErrorLines)
      std::cerr << "nianbao: " << (count_ - kMaxErrorLines) << " more errors not shown (see the output's errors)\n";
  }

 private:
  static constexpr std::size_t kMaxErrorLines = 20;
  std::size_t count_ = 0;
};

struct parse_options {
  common_options common;
  input_options input;
  std::vector<std::string> inputs;
  std::string output;
  std::string csv;
  std::string csv_form = "wide";
  bool csv_bom = false;
  std::string db;
  std::size_t db_batch = 200;
  std::string xlsx;
  bool provenance = false;
  bool no_progress = false;
  std::string format;  // table | json; empty: table when standard output is a free terminal
  bool json = false;   // --json: --format=json
  verbosity verbose;
};

// Where each output goes, as the options ask. On standard output: the summary table when asked
// for, or by default when it is a terminal no other output uses; else JSON Lines unless a file
// is named or CSV/SQLite/xlsx is asked for.
struct destinations {
  bool table = false;
  bool json = false;        // JSON Lines are written ...
  std::string json_file;    // ... to this file, or to standard output when empty
  std::string csv_file;     // CSV to this file; empty: none, or standard output (--csv -)
};

// nullopt after saying why on standard error: options that contradict each other.
std::optional<destinations> choose_destinations(parse_options& s) {
  if (s.json) {
    if (s.format == "table") {
      std::cerr << "nianbao: --json and --format=table contradict each other\n";
      return std::nullopt;
    }
    s.format = "json";
  }
  destinations d;
  const bool csv_stdout = s.csv == "-";
  d.table = s.format == "table" || (s.format.empty() && s.output != "-" && !csv_stdout && stdout_is_terminal());
  d.json = !s.output.empty() || s.format == "json" || (!d.table && s.csv.empty() && s.db.empty() && s.xlsx.empty());
  const bool json_stdout = d.json && (s.output.empty() || s.output == "-");
  if (int(json_stdout) + int(csv_stdout) + int(d.table) > 1) {
    std::cerr << "nianbao: only one of JSON Lines, CSV and the table can go to standard output: name a file "
                 "with -o or --csv\n";
    return std::nullopt;
  }
  if (!json_stdout) d.json_file = d.json ? s.output : "";
  if (!csv_stdout) d.csv_file = s.csv;
  return d;
}

// A record sink for each output asked for, in `outputs`; returns the files written, named as the
// summary table lists them.
std::vector<std::pair<std::string, std::string>> open_outputs(write::output_set& outputs, const parse_options& s,
                                                               const destinations& d, const pipeline::context& cx) {
  std::vector<std::pair<std::string, std::string>> written;
  if (d.json) {
    write::json_options opts;
    opts.provenance = s.provenance;
    outputs.add(std::make_unique<write::json_lines_writer>(outputs.stream(d.json_file.empty() ? "-" : d.json_file), opts));
    if (!d.json_file.empty()) written.emplace_back("JSON Lines", d.json_file);
  }
  if (!s.csv.empty()) {
    write::csv_options opts;
    opts.form = s.csv_form == "long" ? write::csv_form::long_form : write::csv_form::wide;
    opts.bom = s.csv_bom;
    outputs.add(std::make_unique<write::csv_writer>(outputs.stream(s.csv), cx.models(), opts));
    if (!d.csv_file.empty()) written.emplace_back("CSV", d.csv_file);
  }
  if (!s.db.empty()) {
    outputs.add(std::make_unique<write::sqlite_writer>(outputs.file(s.db), sqlite_options_for(cx, s.db_batch)));
    written.emplace_back("SQLite", s.db);
  }
  if (!s.xlsx.empty()) {
    std::vector<xlsx::template_sheets> sheets;
    for (const auto& m : cx.models()) sheets.push_back({&m, &cx.measures_for(m)});
    outputs.add(std::make_unique<xlsx::xlsx_writer>(outputs.file(s.xlsx), sheets));
    written.emplace_back("Excel", s.xlsx);
  }
  return written;
}

// What standard error shows while the records come: the counts by status and rule failures,
// the errors of failed records (error_printer), with -v every warning, a progress line when it
// is a terminal, and the summary line at the end.
class run_progress {
 public:
  run_progress(bool progress, bool verbose) : progress_(progress), verbose_(verbose) {}
  bool shows_progress() const noexcept { return progress_; }
  // Counts the inputs (in the background) for the progress line's total.
  void count(const std::vector<std::string>& inputs, const input::options& source) { total_.emplace(inputs, source); }

  void add(const pipeline::record& r) {
    switch (r.status) {
      case pipeline::status::parsed: ++parsed_; break;
      case pipeline::status::partial: ++partial_; break;
      case pipeline::status::failed: ++failed_; break;
    }
    if (r.checks && r.checks->failed) {
      rule_failures_ += r.checks->failed;
      ++reports_with_failures_;
    }
    // The progress line is redrawn at most 4 times a second, and after an error printed above it.
    const bool redraw = progress_ && (!r.errors.empty() || seconds_since(last_progress_) >= 0.25);
    if (redraw) std::cerr << "\r\x1b[K";
    errors_.print(r);
    if (verbose_)
      for (const auto& w : r.warnings) std::cerr << w.format(false) << "\n";
    if (redraw) {
      last_progress_ = std::chrono::steady_clock::now();
      std::cerr << input::progress_line(done(), total_->get(), failed_, seconds_since(start_)) << std::flush;
    }
  }
  // The run is over: the progress line goes, the count of errors not shown comes.
  void finish() {
    seconds_ = seconds_since(start_);
    if (progress_) std::cerr << "\r\x1b[K";
    errors_.finish();
  }
  std::string summary_line(const std::string& skipped) const {
    return fmt::format(
        "nianbao: {} reports: {} parsed, {} partial, {} failed; {} rule failures in {} reports ({:.1f} s, {:.0f} "
        "reports/s){}",
        done(), parsed_, partial_, failed_, rule_failures_, reports_with_failures_, seconds_,
        static_cast<double>(done()) / std::max(seconds_, 1e-9), skipped);
  }
  std::size_t failed() const noexcept { return failed_; }

 private:
  static double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  }
  std::size_t done() const noexcept { return parsed_ + partial_ + failed_; }

  bool progress_, verbose_;
  std::optional<record_total> total_;
  error_printer errors_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_progress_ = start_;
  double seconds_ = 0;
  std::size_t parsed_ = 0, partial_ = 0, failed_ = 0, rule_failures_ = 0, reports_with_failures_ = 0;
};

}  // namespace

void add_parse_command(CLI::App& app, int& exit_code) {
  auto s = std::make_shared<parse_options>();
  auto* cmd = app.add_subcommand("parse", "read reports and write their canonical values (JSON Lines, CSV, SQLite)");
  add_inputs_argument(cmd, s->inputs, "nianbao parse 2023.zip reports/ extra.txt");
  cmd->add_option("--format", s->format,
                  "what goes to standard output: table (a row per report: agency, year, status, values found, "
                  "repairs, rule failures; the default when standard output is a terminal and no other output "
                  "uses it) or json (JSON Lines, the default otherwise). E.g. --format=table -o out.jsonl")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("--json", s->json, "JSON Lines on standard output even when it is a terminal: --format=json");
  cmd->add_option("-o,--output", s->output,
                  "write the JSON Lines to FILE instead of standard output (- for standard output). E.g. -o out.jsonl")
      ->type_name("FILE");
  cmd->add_flag("--provenance", s->provenance,
                "JSON: add \"provenance\": line, column, profile, raw text and repaired flag of every value. "
                "E.g. --provenance -o out.jsonl");
  cmd->add_option("--csv", s->csv,
                  "also write CSV to FILE (- for standard output; then no JSON Lines unless -o). E.g. --csv values.csv")
      ->type_name("FILE");
  cmd->add_option("--csv-form", s->csv_form,
                  "wide: one row per report, one column per key (default); long: one row per value with its line "
                  "and column. E.g. --csv long.csv --csv-form long")
      ->check(CLI::IsMember({"wide", "long"}));
  cmd->add_flag("--csv-bom", s->csv_bom,
                "start the CSV with a UTF-8 byte-order mark, so that Excel reads it as UTF-8. E.g. --csv x.csv --csv-bom");
  cmd->add_option("--db", s->db,
                  "also write a SQLite database to FILE (replaced if it exists; no JSON Lines unless -o). "
                  "E.g. --db reports.sqlite")
      ->type_name("FILE");
  cmd->add_option("--xlsx", s->xlsx,
                  "also write an Excel workbook to FILE: a sheet of reports, one per table (Chinese headers, then "
                  "the keys), one of measures. E.g. --xlsx reports.xlsx")
      ->type_name("FILE");
  cmd->add_option("--db-batch", s->db_batch,
                  "reports per SQLite transaction (default 200): an interrupted run keeps every batch committed. "
                  "E.g. --db-batch 1000")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  add_input_options(cmd, s->input, true);
  cmd->add_flag("--no-progress", s->no_progress,
                "no progress line, even when standard error is a terminal. E.g. --no-progress 2>>log.txt");
  add_verbosity_options(cmd, s->verbose, "no progress line and no summary line on standard error (errors still)",
                        "also every record's warnings on standard error (a row left empty, a label broken "
                        "across lines ...), as nianbao check prints them");
  add_common_options(cmd, s->common);
  cmd->footer(kFooter);
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    const auto where = choose_destinations(*s);  // nullopt: a usage error, said on standard error
    if (!where) {
      exit_code = 2;
      return;
    }
    check_output_paths({{"-o", where->json_file}, {"--csv", where->csv_file}, {"--db", s->db}, {"--xlsx", s->xlsx}},
                       s->inputs, s->input.source.all_files);
    write::output_set outputs;  // diagnostic_error when a file cannot be made: exit 2
    const auto written = [&] {
      try {
        return open_outputs(outputs, *s, *where, cx);
      } catch (const diagnostic_error& e) {
        throw outputs.about_destination(e);  // a writer that failed on its file (SQLite: disk full)
      }
    }();
    std::optional<summary_table> summary;
    if (where->table) summary.emplace();
    run_progress run(!s->no_progress && !s->verbose.quiet && stderr_is_terminal(), s->verbose.verbose);
    record_stream records(cx, s->inputs, s->input);
    if (run.shows_progress()) run.count(s->inputs, s->input.source);
    // Each record is written to every output, then overwritten by the next: nothing accumulates.
    for (pipeline::record r; records.next(r);) {
      outputs.write(r);
      if (summary) summary->add(r);
      run.add(r);
    }
    outputs.finish();  // diagnostic_error: exit 2
    run.finish();
    if (summary) {
      summary->print(std::cout, written);
      std::cout.flush();
    }
    if (!s->verbose.quiet) std::cerr << run.summary_line(skipped_summary(records.skipped())) << "\n";
    if (!outputs.streams_written()) {
      std::cerr << "nianbao: cannot write the output (disk full?)\n";
      exit_code = 2;
      return;
    }
    outputs.commit();  // diagnostic_error: exit 2
    exit_code = run.failed() ? 1 : 0;
  });
}

}  // namespace nianbao::cli
