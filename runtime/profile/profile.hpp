#pragma once
// A layout profile: which grammar cuts the text into cells, and how its cells are read.
// One TOML file per layout in profiles/ (documented in profiles/README.md).
#include <map>
#include <memory>
#include <utility>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::layout {
struct grammar_entry;
class interpreted_grammar;
}  // namespace nianbao::layout

namespace nianbao::profile {

struct profile {
  std::string name;         // e.g. "tab"
  std::string description;
  // A built-in grammar (grammars/*.peg, by file name without .peg), or a user grammar: a .peg
  // file named relative to the profile's own directory (`grammar = "box.peg"`), read at load
  // time and run by the interpreter (layout/grammar_interpreter.hpp); then `grammar` is its path.
  std::string grammar;
  std::shared_ptr<const layout::interpreted_grammar> user_grammar;  // null for a built-in grammar
  std::string file;         // where it was loaded from
  long long priority = 0;   // breaks ties between profiles that fill a table equally: higher wins
  // `markup`: "none", or "html" for a profile that reads HTML pages: it is tried only on a page,
  // and its grammar cuts the page's grid text (read/html.hpp: tables as tab-separated rows with
  // every cell, text as lines), not the page; the title and narrative of a page it supplied a
  // table of are read from that text too.
  bool markup_html = false;
  // `needs`: the profile is tried only on a text that contains at least one of these strings
  // (e.g. a column separator its grammar needs to find a table); empty: on every text.
  std::vector<std::string> needs;
  // `formats`: the inputs the profile reads, by their format (read::sniff, by content): "text"
  // (a decoded text, HTML pages included while no HTML reader renders them), or the grid text a
  // structured reader renders a "pdf", "docx", "doc" or "html" file into (read/document.hpp).
  // Default: ["text"].
  std::vector<std::string> formats{"text"};

  // [cells]
  bool values_span_rows = false;  // may a label's values continue on the following rows?
  bool empty_cells_are_values = false;  // is an empty cell a cell of the table (else skipped)?
  std::set<std::string> placeholders;   // normalised; the built-in list plus the profile's own
  // A run of digits may hold several cells printed without separators (`801000081`): the repair
  // stage splits it by the rules (repair/digit_split.hpp).
  bool split_digit_runs = false;

  // [labels]: extra aliases, canonical row key (or table id for headings) -> labels
  std::map<std::string, std::vector<std::string>> labels;
  // Where each [labels] key is written (line, column): a key that is no row or table of any
  // template is an error at load (pipeline::context), not an alias silently never used.
  std::map<std::string, std::pair<std::size_t, std::size_t>> label_places;
};

// The grammar the profile cuts texts with, built-in or its own.
const layout::grammar_entry& grammar_of(const profile& p);

// Whether the profile is to be tried on this (decoded) text: `needs` is empty or one of its
// strings occurs in it.
bool applies_to(const profile& p, std::string_view text);
// Whether the profile reads inputs of this format ("text", "pdf", "docx", "doc", "html").
bool reads_format(const profile& p, std::string_view format);
// The formats a profile may name in `formats`.
const std::vector<std::string>& known_formats();

// Throws nianbao::diagnostic_error with file, line and column for syntax errors, unknown keys,
// wrong types and an unknown grammar.
profile load_profile_file(const std::string& path);
profile parse_profile(std::string_view toml_text, const std::string& path);

// Every *.toml of a directory, sorted by file name. Throws on the first bad profile.
std::vector<profile> load_profile_dir(const std::string& dir);

}  // namespace nianbao::profile
