// nianbao grammar: the tools for a grammar of one's own (a .peg file a profile names).
//   nianbao grammar check FILE.peg...               errors (file:line:column), the loop check, warnings
//   nianbao grammar trace FILE.peg REPORT [--lines A-B]   which rules matched where, and the rows
//                                                         and cells the runtime reads
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "common.hpp"
#include "core/diagnostic.hpp"
#include "core/line_index.hpp"
#include "decode/decode.hpp"
#include "layout/event_kind.hpp"
#include "layout/grammar_interpreter.hpp"
#include "layout/layout.hpp"

namespace nianbao::cli {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw diagnostic_error(file_error(path, "io", "cannot open the file"));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A matched text as shown: quoted, line ends as \n, long ones cut in the middle.
std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 60;
  std::string out = "\"";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool starts_character = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts_character && shown == kMax) {
      out += "...";
      break;
    }
    const char c = s[i];
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else out += c;
    shown += starts_character;
  }
  return out + "\"";
}

// "A-B" (or "A") as 1-based inclusive line numbers.
std::pair<std::size_t, std::size_t> parse_lines(const std::string& spec) {
  const auto bad = [&] {
    return diagnostic_error(file_error("--lines", "usage", "expected A-B or A (line numbers from 1), not \"" + spec + "\""));
  };
  std::size_t a = 0, b = 0;
  char dash = 0;
  std::istringstream in(spec);
  if (!(in >> a)) throw bad();
  if (in >> dash) {
    if (dash != '-' || !(in >> b)) throw bad();
  } else {
    b = a;
  }
  if (a == 0 || b < a || in.rdbuf()->in_avail() > 0) throw bad();
  return {a, b};
}

// The findings are the command's output (stdout), errors and warnings alike.
int check_grammars(const std::vector<std::string>& files, const verbosity& v) {
  int status = 0;
  for (const auto& f : files) {
    try {
      const auto g = layout::interpreted_grammar::load(f);
      for (const auto& w : g->warnings()) std::cout << w.format() << "\n";
      const auto names = g->rule_names();
      std::string bound;
      for (const auto& b : layout::event_bindings)
        if (std::find(names.begin(), names.end(), b.rule_name) != names.end())
          bound += (bound.empty() ? "" : ", ") + std::string(b.rule_name);
      if (v.quiet) continue;
      std::cout << f << ": ok: " << names.size() << " rule" << (names.size() == 1 ? "" : "s") << ", top rule '"
                << names.front() << "'; bound to the runtime: " << (bound.empty() ? "none" : bound)
                << "; no loop without progress\n";
      if (v.verbose) {
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        std::cout << "  rules: " << all << "\n";
      }
    } catch (const diagnostic_error& e) {
      std::cout << e.diag().format() << "\n";
      status = 1;
    }
  }
  return status;
}

int trace_grammar(const std::string& grammar_file, const std::string& report, const std::string& lines_spec,
                  const std::string& encoding, bool all_rules, bool rows_only) {
  const auto g = layout::interpreted_grammar::load(grammar_file);
  decode::options o;
  o.encoding = encoding;
  const std::string text = decode::decode(read_file(report), o).text;
  const line_index index(text);
  const std::size_t line_count = index.position(text.size()).line;
  auto [first, last] = lines_spec.empty() ? std::pair<std::size_t, std::size_t>{1, line_count} : parse_lines(lines_spec);
  last = std::min(last, line_count);

  layout::parse_trace trace;
  const auto parsed = g->parse(text, true, &trace);
  const auto cut = layout::cut(text, g->entry(), layout::utf8_text::well_formed);
  const auto where = [&](std::size_t byte) {
    const auto p = index.position(byte);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  // A match's place: "3:5-9" on one line, "3:5-4:1" across lines; the end is just after it.
  const auto span = [&](std::size_t begin, std::size_t end) {
    const auto a = index.position(begin), b = index.position(end);
    return where(begin) + "-" + (a.line == b.line ? std::to_string(b.column) : where(end));
  };

  if (!rows_only)
    std::cout << "grammar " << grammar_file << " on " << report << ", lines " << first << "-" << last << " of "
            << line_count << "\n"
            << "each line, then the rules that matched from it (line:column-column, the end just after the match;\n"
            << "nested rules indented" << (all_rules ? "" : "; rules using no other rule only when bound: cell, row, heading")
            << "), then the rows nianbao reads from it (=> row N: its cells)\n";
  // The rows the runtime reads, numbered over the whole text, listed at the line their first cell is on.
  std::vector<std::pair<std::size_t, std::size_t>> row_at;  // (line, row number)
  for (std::size_t r = 0; r < cut.rows.size(); ++r)
    if (!cut.rows[r].cells.empty()) row_at.emplace_back(index.position(cut.rows[r].cells[0].begin).line, r);
  std::size_t next_rule = 0;
  for (std::size_t line = first; line <= last; ++line) {
    if (!rows_only) std::cout << "\nline " << line << ": " << quoted(index.line(line)) << "\n";
    const std::size_t line_begin = index.line(line).data() - text.data();
    const std::size_t line_end = line_begin + index.line(line).size();
    while (next_rule < trace.rules.size() && trace.rules[next_rule].begin < line_begin) ++next_rule;
    for (; next_rule < trace.rules.size() && trace.rules[next_rule].begin <= line_end; ++next_rule) {
      const auto& m = trace.rules[next_rule];
      // A rule that uses no named rule and binds to nothing (a separator, a line end) is left
      // out unless asked for: it would be most of the lines.
      const bool leaf = next_rule + 1 == trace.rules.size() || trace.rules[next_rule + 1].depth <= m.depth;
      if (rows_only || (leaf && !all_rules && !layout::event_for_rule_name(m.rule))) continue;
      std::cout << "  " << std::string(2 * m.depth, ' ') << m.rule << " " << span(m.begin, m.end) << " " << quoted(std::string_view(text).substr(m.begin, m.end - m.begin)) << "\n";
    }
    for (const auto& [at, r] : row_at) {
      if (at != line) continue;
      const auto& row = cut.rows[r];
      std::cout << "  => row " << r + 1 << (row.heading ? " (heading)" : "") << ", " << row.cells.size() << " cell"
                << (row.cells.size() == 1 ? "" : "s") << ":";
      for (const auto& c : row.cells) std::cout << " " << quoted(std::string_view(text).substr(c.begin, c.end - c.begin));
      std::cout << "\n";
    }
  }
  if (parsed.error) {
    std::cout << "\n";
    diagnostic d;
    d.file = report;
    d.code = "grammar";
    if (trace.top_end == std::string_view::npos) {
      d.where = index.position(trace.farthest);
      d.message = "the top rule '" + g->rule_names().front() + "' does not match the text; the farthest the grammar read is here";
      d.source_line = std::string(index.line(d.where.line));
    } else {
      d.where = index.position(trace.top_end);
      d.message = "the top rule '" + g->rule_names().front() + "' stops here, before the end of the text (the farthest "
                  "any rule read is " + where(trace.farthest) + "): a profile naming this grammar reads nothing";
      d.source_line = std::string(index.line(d.where.line));
    }
    std::cout << d.format() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_grammar_command(CLI::App& app, int& exit_code) {
  struct state {
    std::vector<std::string> files;
    std::string grammar, report, lines, encoding;
    bool all_rules = false;
    verbosity check_v, trace_v;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("grammar", "check a grammar of your own (.peg), or trace it over a report");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand(
      "check", "read grammar files as a profile would: errors give file:line:column; loops without progress are errors");
  check->add_option("files", s->files, "grammar files (*.peg)")->required();
  add_verbosity_options(check, s->check_v, "only errors and warnings, no 'ok' line for a grammar that reads",
                        "also every rule's name");
  check->callback([s, &exit_code] { exit_code = check_grammars(s->files, s->check_v); });
  auto* trace = cmd->add_subcommand(
      "trace", "run a grammar over a report: which rules matched where, and the rows and cells the runtime reads");
  trace->add_option("grammar", s->grammar, "the grammar file (*.peg)")->required();
  trace->add_option("report", s->report, "a report as text")->required()->check(CLI::ExistingFile);
  trace->add_option("--lines", s->lines, "only these lines, e.g. 10-20");
  trace->add_option("--encoding", s->encoding, "the report's encoding (default: detected)");
  trace->add_flag("--all-rules", s->all_rules,
                  "also the rules that use no other rule and bind to nothing (separators, line ends)");
  add_verbosity_options(trace, s->trace_v, "only the rows nianbao reads (=> row N: its cells), no lines or rules",
                        "every rule, as --all-rules");
  trace->callback([s, &exit_code] {
    try {
      exit_code = trace_grammar(s->grammar, s->report, s->lines, s->encoding, s->all_rules || s->trace_v.verbose > 0,
                                s->trace_v.quiet);
    } catch (const diagnostic_error& e) {
      std::cerr << e.diag().format() << "\n";
      exit_code = 2;
    }
  });
}

}  // namespace nianbao::cli
