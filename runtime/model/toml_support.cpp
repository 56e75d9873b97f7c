#include "model/toml_support.hpp"

#include "core/nearest_name.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/diagnostic.hpp"

namespace nianbao::toml_support {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostic d;
    d.file = path;
    d.code = "io";
    d.message = "cannot open file";
    throw diagnostic_error(d);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
diagnostic make(const context& cx, std::size_t line, std::size_t column, const std::string& message) {
  diagnostic d;
  d.file = cx.path;
  d.code = "data-file";
  d.where.line = line;
  d.where.column = column;
  d.message = message;
  if (line > 0) {
    // Take the source line so the caret display can show it.
    std::size_t start = 0;
    for (std::size_t l = 1; l < line && start != std::string_view::npos; ++l) {
      start = cx.text.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start != std::string_view::npos) {
      auto end = cx.text.find('\n', start);
      auto s = cx.text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
      d.source_line = std::string(s);
    }
  }
  return d;
}
}  // namespace

toml::table parse(std::string_view text, const context& cx) {
  try {
    return toml::parse(text, cx.path);
  } catch (const toml::parse_error& e) {
    throw diagnostic_error(make(cx, e.source().begin.line, e.source().begin.column,
                                std::string(e.description())));
  }
}

void fail(const context& cx, const toml::node* where, const std::string& message) {
  std::size_t line = 0, column = 0;
  if (where) {
    line = where->source().begin.line;
    column = where->source().begin.column;
  }
  throw diagnostic_error(make(cx, line, column, message));
}

std::string required_string(const toml::table& t, std::string_view key, const context& cx) {
  const auto* n = t.get(key);
  if (!n) fail(cx, &t, "missing required key `" + std::string(key) + "`");
  const auto* s = n->as_string();
  if (!s) fail(cx, n, "`" + std::string(key) + "` must be a string");
  return s->get();
}

std::string optional_string(const toml::table& t, std::string_view key, const context& cx,
                            const std::string& fallback) {
  const auto* n = t.get(key);
  if (!n) return fallback;
  const auto* s = n->as_string();
  if (!s) fail(cx, n, "`" + std::string(key) + "` must be a string");
  return s->get();
}

bool optional_bool(const toml::table& t, std::string_view key, const context& cx, bool fallback) {
  const auto* n = t.get(key);
  if (!n) return fallback;
  const auto* b = n->as_boolean();
  if (!b) fail(cx, n, "`" + std::string(key) + "` must be true or false");
  return b->get();
}

long long optional_int(const toml::table& t, std::string_view key, const context& cx, long long fallback) {
  const auto* n = t.get(key);
  if (!n) return fallback;
  const auto* i = n->as_integer();
  if (!i) fail(cx, n, "`" + std::string(key) + "` must be an integer");
  return i->get();
}

std::vector<std::string> as_string_list(const toml::node& node, const context& cx) {
  std::vector<std::string> out;
  if (const auto* s = node.as_string()) {
    out.push_back(s->get());
    return out;
  }
  const auto* arr = node.as_array();
  if (!arr) fail(cx, &node, "expected a string or an array of strings");
  for (const auto& item : *arr) {
    const auto* s = item.as_string();
    if (!s) fail(cx, &item, "expected a string");
    out.push_back(s->get());
  }
  return out;
}

std::vector<std::string> string_list(const toml::table& t, std::string_view key, const context& cx,
                                     bool required) {
  const auto* n = t.get(key);
  if (!n) {
    if (required) fail(cx, &t, "missing required key `" + std::string(key) + "`");
    return {};
  }
  auto out = as_string_list(*n, cx);
  if (required && out.empty()) fail(cx, n, "`" + std::string(key) + "` must not be empty");
  return out;
}

void reject_unknown_keys(const toml::table& t, std::initializer_list<std::string_view> known,
                         const context& cx, std::string_view where) {
  for (const auto& [k, node] : t) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      std::string list;
      for (auto kk : known) list += (list.empty() ? "" : ", ") + std::string(kk);
      (void)node;
      throw diagnostic_error(make(cx, k.source().begin.line, k.source().begin.column,
                                  "unknown key `" + std::string(k.str()) + "` in " + std::string(where) +
                                      did_you_mean(k.str(), std::vector<std::string>(known.begin(), known.end())) +
                                      " (known: " + list + ")"));
    }
  }
}

}  // namespace nianbao::toml_support
