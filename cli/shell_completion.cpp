#include "shell_completion.hpp"

#include <functional>

namespace nianbao::cli {
namespace {

// Every command with its path from the root ("nianbao", "nianbao grammar", "nianbao grammar check").
void walk(const command_info& c, const std::string& path,
          const std::function<void(const command_info&, const std::string&)>& visit) {
  visit(c, path);
  for (const auto& sub : c.subcommands) walk(sub, path + " " + sub.name, visit);
}

std::string joined(const std::vector<std::string>& words, const char* sep = " ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

std::vector<std::string> option_names(const command_info& c) {
  std::vector<std::string> names;
  for (const auto& o : c.options)
    if (!o.positional) names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

std::vector<std::string> subcommand_names(const command_info& c) {
  std::vector<std::string> names;
  for (const auto& s : c.subcommands) names.push_back(s.name);
  return names;
}

// Inside '...' of a shell script.
std::string single_quoted(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out;
}

}  // namespace

std::string bash_completion(const command_info& root) {
  const std::string fn = "_" + root.name;
  std::string s = "# bash completion for " + root.name + " (made by `" + root.name +
                  " generate complete-bash` from its option definitions)\n" + fn + "() {\n"
                  "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                  "  local cmd=\"" + root.name + "\" i\n"
                  "  # The command path: the words before the cursor that name a (sub)command.\n"
                  "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
                  "    case \"$cmd ${COMP_WORDS[i]}\" in\n";
  std::vector<std::string> paths;
  walk(root, root.name, [&](const command_info&, const std::string& path) {
    if (path != root.name) paths.push_back("\"" + path + "\"");
  });
  if (!paths.empty()) s += "      " + joined(paths, "|") + ") cmd=\"$cmd ${COMP_WORDS[i]}\" ;;\n";
  s += "    esac\n"
       "  done\n"
       "  # The option whose value is being typed: '--opt VALUE', '--opt=VALUE' (bash splits at '=').\n"
       "  local opt=\"\" val=\"$cur\"\n"
       "  if [[ \"$cur\" == \"=\" ]]; then opt=\"$prev\" val=\"\"\n"
       "  elif [[ \"$prev\" == \"=\" ]]; then opt=\"${COMP_WORDS[COMP_CWORD-2]}\"\n"
       "  elif [[ \"$prev\" == -* ]]; then opt=\"$prev\"\n"
       "  fi\n"
       "  case \"$cmd|$opt\" in\n";
  walk(root, root.name, [&](const command_info& c, const std::string& path) {
    for (const auto& o : c.options) {
      if (o.positional || o.kind == value_kind::none) continue;
      std::vector<std::string> keys;
      for (const auto& n : o.names) keys.push_back("\"" + path + "|" + n + "\"");
      s += "    " + joined(keys, "|") + ")\n      ";
      switch (o.kind) {
        case value_kind::file: s += "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$val\"))"; break;
        case value_kind::directory: s += "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$val\"))"; break;
        case value_kind::choice: s += "COMPREPLY=($(compgen -W '" + single_quoted(joined(o.choices)) + "' -- \"$val\"))"; break;
        default: s += "COMPREPLY=()"; break;  // a number or a name: nothing to offer
      }
      s += "\n      return ;;\n";
    }
  });
  s += "  esac\n"
       "  if [[ \"$cur\" == -* ]]; then\n"
       "    case \"$cmd\" in\n";
  walk(root, root.name, [&](const command_info& c, const std::string& path) {
    s += "      \"" + path + "\") COMPREPLY=($(compgen -W '" + single_quoted(joined(option_names(c))) +
         "' -- \"$cur\")) ;;\n";
  });
  s += "    esac\n"
       "    return\n"
       "  fi\n"
       "  case \"$cmd\" in\n";
  walk(root, root.name, [&](const command_info& c, const std::string& path) {
    if (c.subcommands.empty()) return;
    s += "    \"" + path + "\") COMPREPLY=($(compgen -W '" + single_quoted(joined(subcommand_names(c))) +
         "' -- \"$cur\"))";
    s += c.needs_subcommand ? "; return ;;\n" : " ;;\n";
  });
  walk(root, root.name, [&](const command_info& c, const std::string& path) {
    for (const auto& o : c.options)
      if (o.positional && o.kind == value_kind::choice)
        s += "    \"" + path + "\") COMPREPLY=($(compgen -W '" + single_quoted(joined(o.choices)) +
             "' -- \"$cur\")); return ;;\n";
  });
  s += "  esac\n"
       "  # Inputs: files, archives, directories.\n"
       "  compopt -o filenames 2>/dev/null\n"
       "  COMPREPLY+=($(compgen -f -- \"$cur\"))\n"
       "}\n"
       "complete -F " + fn + " " + root.name + "\n";
  return s;
}

namespace {

// A description inside _arguments' [...]: one line, brackets and colons escaped.
std::string zsh_description(const std::string& d) {
  std::string out;
  for (char ch : first_sentence(d)) {
    if (ch == '\n') ch = ' ';
    if (ch == '[' || ch == ']' || ch == ':' || ch == '\\') out += '\\';
    if (ch == '\'') out += "'\\''";
    else out += ch;
  }
  return out;
}

std::string zsh_action(const option_info& o) {
  switch (o.kind) {
    case value_kind::file: return ":" + o.value_name + ":_files";
    case value_kind::directory: return ":" + o.value_name + ":_files -/";
    case value_kind::choice: return ":" + o.value_name + ":(" + joined(o.choices) + ")";
    case value_kind::other: return ":" + o.value_name + ": ";
    default: return "";
  }
}

std::string zsh_function_name(const std::string& path) {
  std::string name = "_";
  for (char ch : path) name += (ch == ' ' || ch == '-') ? '_' : ch;
  return name;
}

}  // namespace

std::string zsh_completion(const command_info& root) {
  std::string s = "#compdef " + root.name + "\n# zsh completion for " + root.name + " (made by `" + root.name +
                  " generate complete-zsh` from its option definitions)\n\n";
  std::string functions;
  walk(root, root.name, [&](const command_info& c, const std::string& path) {
    std::string f = zsh_function_name(path) + "() {\n";
    if (!c.subcommands.empty()) f += "  local curcontext=\"$curcontext\" state line\n  typeset -A opt_args\n";
    f += "  _arguments -s -S";
    if (!c.subcommands.empty()) f += " -C";
    f += " \\\n";
    for (const auto& o : c.options) {
      if (o.positional) continue;
      const std::string desc = "[" + zsh_description(o.description) + "]";
      const std::string star = o.repeatable ? "*" : "";
      if (o.names.size() > 1)
        f += "    " + (o.repeatable ? "'*'" : "'(" + joined(o.names) + ")'") + "{" + joined(o.names, ",") + "}'" +
             desc + zsh_action(o) + "' \\\n";
      else
        f += "    '" + star + o.names.front() +
             (o.kind != value_kind::none && o.names.front().rfind("--", 0) == 0 ? "=" : "") + desc + zsh_action(o) +
             "' \\\n";
    }
    if (!c.subcommands.empty()) {
      f += "    '1:command:->command' \\\n    '*::argument:->argument'\n";
      f += "  case $state in\n    command)\n      local -a commands\n      commands=(\n";
      for (const auto& sub : c.subcommands)
        f += "        '" + sub.name + ":" + zsh_description(sub.description) + "'\n";
      f += "      )\n      _describe -t commands command commands ;;\n    argument)\n      case $line[1] in\n";
      for (const auto& sub : c.subcommands)
        f += "        " + sub.name + ") " + zsh_function_name(path + " " + sub.name) + " ;;\n";
      f += "      esac ;;\n  esac\n";
    } else {
      std::string positional = "    '*:input:_files'\n";
      for (const auto& o : c.options)
        if (o.positional && o.kind == value_kind::choice)
          positional = "    '1:" + o.names.front() + ":(" + joined(o.choices) + ")'\n";
      f += positional;
    }
    f += "}\n\n";
    functions += f;
  });
  return s + functions + zsh_function_name(root.name) + " \"$@\"\n";
}

}  // namespace nianbao::cli
