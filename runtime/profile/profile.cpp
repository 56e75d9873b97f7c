#include "profile/profile.hpp"

#include <string.h>

#include <algorithm>
#include <filesystem>

#include "core/diagnostic.hpp"
#include "layout/events.hpp"
#include "layout/grammar_interpreter.hpp"
#include "model/toml_support.hpp"
#include "cells/cell_value.hpp"
#include "cells/normalize.hpp"

namespace nianbao::profile {

namespace ts = toml_support;

namespace {

bool is_grammar_file(const std::string& name) {
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".peg") == 0;
}

// A user grammar: the file named relative to the profile's directory, read and checked now (its
// errors name the grammar file, line and column).
std::shared_ptr<const layout::interpreted_grammar> load_user_grammar(const std::string& name,
                                                                     const std::string& profile_path,
                                                                     const ts::context& cx, const toml::node* at) {
  namespace fs = std::filesystem;
  fs::path file(name);
  if (file.is_relative()) file = fs::path(profile_path).parent_path() / file;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    ts::fail(cx, at, "grammar file \"" + name + "\" not found (looked for " + file.string() + ")");
  return layout::interpreted_grammar::load(file.lexically_normal().string());
}

}  // namespace

const layout::grammar_entry& grammar_of(const profile& p) {
  if (p.user_grammar) return p.user_grammar->entry();
  return *layout::find_grammar(p.grammar);
}

profile parse_profile(std::string_view text, const std::string& path) {
  const ts::context cx{path, text};
  const toml::table root = ts::parse(text, cx);
  ts::reject_unknown_keys(root, {"name", "description", "grammar", "priority", "markup", "needs", "formats", "cells", "labels"}, cx,
                          "a profile");
  profile p;
  p.file = path;
  p.name = ts::required_string(root, "name", cx);
  p.description = ts::optional_string(root, "description", cx, "");
  p.grammar = ts::required_string(root, "grammar", cx);
  if (is_grammar_file(p.grammar)) {
    p.user_grammar = load_user_grammar(p.grammar, path, cx, root.get("grammar"));
    p.grammar = p.user_grammar->file();
  } else if (!layout::find_grammar(p.grammar)) {
    std::string known;
    for (const auto& g : layout::grammar_registry()) known += (known.empty() ? "" : ", ") + std::string(g.name);
    ts::fail(cx, root.get("grammar"), "unknown grammar \"" + p.grammar + "\" (built-in grammars: " + known +
                                          "; or a grammar file of your own beside the profile, such as \"" +
                                          p.grammar + ".peg\")");
  }
  p.priority = ts::optional_int(root, "priority", cx, 0);
  const auto markup = ts::optional_string(root, "markup", cx, "none");
  if (markup == "html") p.markup_html = true;
  else if (markup != "none") ts::fail(cx, root.get("markup"), "markup must be \"none\" or \"html\", not \"" + markup + "\"");
  p.needs = ts::string_list(root, "needs", cx, false);
  for (const auto& s : p.needs)
    if (s.empty()) ts::fail(cx, root.get("needs"), "`needs` lists strings the text must contain one of: \"\" is none");
  if (const auto* node = root.get("formats")) {
    p.formats = ts::as_string_list(*node, cx);
    const auto& known = known_formats();
    std::string names;
    for (const auto& f : known) names += (names.empty() ? "\"" : ", \"") + f + "\"";
    if (p.formats.empty()) ts::fail(cx, node, "`formats` lists the formats the profile reads (" + names + "): [] is none");
    for (std::size_t i = 0; i < p.formats.size(); ++i) {
      if (std::find(known.begin(), known.end(), p.formats[i]) != known.end()) continue;
      const auto* arr = node->as_array();
      ts::fail(cx, arr ? arr->get(i) : node,
               "unknown format \"" + p.formats[i] + "\" in `formats` (the formats: " + names + ")");
    }
  }
  p.placeholders = resolve::default_placeholders();

  if (const auto* node = root.get("cells")) {
    const auto* cells = node->as_table();
    if (!cells) ts::fail(cx, node, "`cells` must be a table");
    ts::reject_unknown_keys(*cells, {"values_span_rows", "empty_cells", "placeholders", "split_digit_runs"}, cx, "[cells]");
    p.values_span_rows = ts::optional_bool(*cells, "values_span_rows", cx, false);
    p.split_digit_runs = ts::optional_bool(*cells, "split_digit_runs", cx, false);
    const auto empty = ts::optional_string(*cells, "empty_cells", cx, "skip");
    if (empty == "skip") p.empty_cells_are_values = false;
    else if (empty == "value") p.empty_cells_are_values = true;
    else ts::fail(cx, cells->get("empty_cells"), "empty_cells must be \"skip\" or \"value\", not \"" + empty + "\"");
    for (const auto& s : ts::string_list(*cells, "placeholders", cx, false))
      p.placeholders.insert(resolve::normalize_label(s));
  }
  if (const auto* node = root.get("labels")) {
    const auto* labels = node->as_table();
    if (!labels) ts::fail(cx, node, "`labels` must be a table of key = [labels]");
    for (const auto& [key, value] : *labels) {
      p.labels[std::string(key.str())] = ts::as_string_list(value, cx);
      p.label_places[std::string(key.str())] = {key.source().begin.line, key.source().begin.column};
    }
  }
  return p;
}

const std::vector<std::string>& known_formats() {
  static const std::vector<std::string> formats = {"text", "pdf", "docx", "doc", "html", "spaced"};
  return formats;
}

bool reads_format(const profile& p, std::string_view format) {
  return std::find(p.formats.begin(), p.formats.end(), format) != p.formats.end();
}

bool applies_to(const profile& p, std::string_view text) {
  if (p.needs.empty()) return true;
  // Strings with a common start (`数量0` … `数量9`) are looked for together: where the start is
  // found (memmem, once over the text), whether one of them is there; not one search each.
  std::string_view start = p.needs.front();
  for (const auto& s : p.needs) {
    std::size_t n = 0;
    while (n < start.size() && n < s.size() && start[n] == s[n]) ++n;
    start = start.substr(0, n);
  }
  if (start.empty() || p.needs.size() == 1)
    return std::any_of(p.needs.begin(), p.needs.end(),
                       [&](const std::string& s) { return text.find(s) != std::string_view::npos; });
  for (std::size_t at = 0; at + start.size() <= text.size();) {
    const void* found = memmem(text.data() + at, text.size() - at, start.data(), start.size());
    if (!found) return false;
    const std::size_t i = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    for (const auto& s : p.needs)
      if (text.compare(i, s.size(), s) == 0) return true;
    at = i + 1;
  }
  return false;
}

profile load_profile_file(const std::string& path) { return parse_profile(ts::read_file(path), path); }

std::vector<profile> load_profile_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diagnostic d;
    d.file = dir;
    d.code = "io";
    d.message = "not a directory of profiles";
    throw diagnostic_error(d);
  }
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<profile> out;
  for (const auto& f : files) out.push_back(load_profile_file(f));
  return out;
}

}  // namespace nianbao::profile
