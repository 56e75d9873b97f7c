#include "command_tree.hpp"

namespace nianbao::cli {
namespace {

// CLI11 writes an option's value type and its validators into one type name:
// "DIR", "FILE", "TEXT:{table,json}", "SECONDS", "UINT:INT in [1 - 1024]".
void classify(const CLI::Option& opt, option_info& out) {
  if (opt.get_expected_max() == 0 && !opt.get_positional()) return;  // a flag
  const std::string type = opt.get_type_name();
  out.value_name = type.substr(0, type.find(':'));
  const auto open = type.find('{'), close = type.rfind('}');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    out.kind = value_kind::choice;
    const std::string list = type.substr(open + 1, close - open - 1);
    for (std::size_t at = 0; at <= list.size();) {
      const auto comma = std::min(list.find(',', at), list.size());
      if (comma > at) out.choices.push_back(list.substr(at, comma - at));
      at = comma + 1;
    }
    out.value_name = "WORD";
  } else if (out.value_name == "DIR") {
    out.kind = value_kind::directory;
  } else if (out.value_name == "FILE" || out.value_name == "PATH" || opt.get_positional()) {
    out.kind = value_kind::file;  // a command's inputs are files, archives or directories
  } else {
    out.kind = value_kind::other;
  }
  if (out.value_name.empty() || out.value_name == "TEXT") out.value_name = "VALUE";
}

}  // namespace

command_info describe(const CLI::App& app) {
  command_info out;
  out.name = app.get_name();
  out.description = app.get_description();
  out.footer = app.get_footer();
  out.needs_subcommand = app.get_require_subcommand_min() > 0;
  for (const CLI::Option* opt : app.get_options()) {
    option_info o;
    o.positional = opt->get_positional();
    if (o.positional) {
      o.names.push_back(opt->get_name());
    } else {
      for (const auto& s : opt->get_snames()) o.names.push_back("-" + s);
      for (const auto& l : opt->get_lnames()) o.names.push_back("--" + l);
    }
    o.description = opt->get_description();
    o.repeatable = opt->get_items_expected_max() > 1 || opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
    classify(*opt, o);
    out.options.push_back(std::move(o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    out.subcommands.push_back(describe(*sub));
  return out;
}

std::string first_sentence(const std::string& description) {
  // The first stop that ends a phrase long enough to say something, outside parentheses.
  std::size_t end = description.size();
  int depth = 0;
  for (std::size_t i = 0; i < description.size() && end == description.size(); ++i) {
    const char ch = description[i];
    if (ch == '(') ++depth;
    if (ch == ')') --depth;
    const bool stop = (ch == '.' || ch == ';' || ch == ':') && i + 1 < description.size() && description[i + 1] == ' ';
    const bool example = description.compare(i, 5, " E.g.") == 0;
    if ((stop || example) && depth == 0 && i >= 12) end = i;
  }
  std::string s = description.substr(0, end);
  while (!s.empty() && (s.back() == '.' || s.back() == ' ' || s.back() == '\n')) s.pop_back();
  return s;
}

}  // namespace nianbao::cli
