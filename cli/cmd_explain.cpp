// nianbao explain: where a value came from, how it was read, and which rules touched it.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>

#include "common.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "read/document.hpp"
#include "read/pdf.hpp"
#include "source_caret.hpp"

namespace nianbao::cli {

namespace {

std::string shown(const value& v) {
  switch (v.kind) {
    case cell_kind::number: return fmt::format("{}", v.number);
    case cell_kind::missing: return "null (not given by the report)";
    default: return "null (" + std::string(to_string(v.kind)) + " \"" + v.raw + "\")";
  }
}

void explain_key(std::ostream& out, const pipeline::record& r, const std::string& text, std::size_t i, bool quiet) {
  const auto& key = r.model->keys[i];
  const auto& v = r.values[i];
  out << key << " = " << shown(v) << (v.repaired ? "   [repaired]" : "") << "\n";
  if (quiet) return;
  if (v.where.line > 0) {
    // A file read by its structure (a PDF): page, line on the page, cell on the line; the line
    // shown is the grid text's (read/document.hpp), where the value's byte offset points.
    const std::string page = v.where.page ? ":page " + std::to_string(v.where.page) : "";
    if (v.raw.empty() && v.repaired)
      out << "  restored: its cell was lost; shown at its row, " << printable(r.path) << page << ':' << v.where.line << ':'
          << v.where.column << " (profile \"" << v.profile << "\")\n";
    else
      out << "  read at " << printable(r.path) << page << ':' << v.where.line << ':' << v.where.column << " by profile \""
          << v.profile << "\", printed \"" << printable(v.raw) << "\"\n";
    // Both lines indented under the key's (the caret line was 2 columns short before).
    auto shown = source_caret(text, v.where);
    if (!shown.empty()) out << "  " << shown.insert(shown.find('\n') + 1, "  ") << "\n";
  }
  for (const auto& rp : r.repairs) {
    if (rp.key != key) continue;
    out << "  repair: read \"" << rp.read << "\", chosen " << rp.chosen << "\n    why: " << rp.why << "\n";
    if (!rp.rules.empty()) {
      out << "    decided by rules:";
      for (const auto& rule : rp.rules) out << ' ' << rule;
      out << "\n";
    }
  }
  if (!r.checks) return;
  for (const auto& res : r.checks->results) {
    bool involved = false;
    for (const auto& k : res.keys) involved = involved || k.key == key;
    if (!involved) continue;
    out << "  rule " << res.name() << ": " << check::to_string(res.status);
    if (res.left && res.right) out << " (" << fmt::format("{}", *res.left) << " vs " << fmt::format("{}", *res.right) << ")";
    out << "  " << res.check << "\n";
  }
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
  struct state {
    common_options common;
    std::string file;
    std::vector<std::string> keys;
    verbosity verbose;
  };
  auto s = std::make_shared<state>();
  auto* cmd = app.add_subcommand("explain", "show where values came from, how they were read, and which rules touched them");
  cmd->add_option("file", s->file, "a report file")->required()->check(CLI::ExistingFile);
  cmd->add_option("keys", s->keys,
                  "canonical keys, or key prefixes (requests.granted = every column of that row); none = every key "
                  "that was repaired or is not a number")
      ->expected(0, -1);
  add_verbosity_options(cmd, s->verbose, "only the 'key = value' lines: no positions, repairs or rules",
                        "also the report's warnings (a row left empty, a label broken across lines ...)");
  add_common_options(cmd, s->common);
  cmd->footer(
      "\nExample:\n  nianbao explain report.txt requests.granted.commercial review.reconsideration\n"
      "Exit status: 0, or 1 when a key names nothing.\n");
  cmd->callback([s, &exit_code] {
    const pipeline::context cx(pipeline_options(s->common));
    std::ifstream in(s->file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto r = cx.process(bytes, s->file);
    for (const auto& e : r.errors) std::cout << e.format(false) << "\n";
    if (s->verbose.verbose)
      for (const auto& w : r.warnings) std::cout << w.format(false) << "\n";
    // The decoded text is what positions refer to; of a PDF, the grid text it was read into.
    std::string text = bytes;
    try {
      text = read::sniff(bytes) == read::format::pdf ? read::read_pdf(bytes).text
                                                    : decode::decode(bytes, {cx.opts().encoding}).text;
    } catch (const diagnostic_error&) {
    }
    exit_code = 0;
    const auto& keys = r.model->keys;
    if (s->keys.empty()) {
      for (std::size_t i = 0; i < keys.size(); ++i)
        if (r.values[i].repaired || (r.values[i].kind != cell_kind::number))
          explain_key(std::cout, r, text, i, s->verbose.quiet);
      return;
    }
    for (const auto& want : s->keys) {
      bool any = false;
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == want || keys[i].compare(0, want.size() + 1, want + ".") == 0) {
          explain_key(std::cout, r, text, i, s->verbose.quiet);
          any = true;
        }
      }
      if (!any) {
        std::cerr << "nianbao: no canonical key of template " << r.model->id << " is or starts with \"" << want
                  << "\"\n";
        exit_code = 1;
      }
    }
  });
}

}  // namespace nianbao::cli
