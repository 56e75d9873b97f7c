#include "region/divisions.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/diagnostic.hpp"

namespace nianbao::region {

const char* to_string(level l) noexcept {
  switch (l) {
    case level::province: return "province";
    case level::prefecture: return "prefecture";
    case level::county: return "county";
    case level::township: return "township";
  }
  return "county";
}

namespace {

std::size_t code_length(level l) {
  switch (l) {
    case level::province: return 2;
    case level::prefecture: return 4;
    case level::county: return 6;
    case level::township: return 9;
  }
  return 6;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

}  // namespace

void division_table::add_rows(std::string_view text, const std::string& file) {
  const std::string_view tsv = texts_.emplace_back(text);
  by_code_.reserve(by_code_.size() + tsv.size() / 20);  // about a row per 20 bytes: no rehashing
  std::size_t line_no = 0;
  for (std::size_t start = 0; start < tsv.size();) {
    std::size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto bad = [&](const std::string& why) {
      diagnostic d;
      d.file = file;
      d.where.line = line_no;
      d.where.column = 1;
      d.code = "divisions";
      d.message = why;
      d.source_line = std::string(line);
      throw diagnostic_error(std::move(d));
    };
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) bad("expected 'code<TAB>name'");
    std::string_view code = line.substr(0, tab), name = line.substr(tab + 1);
    level l;
    switch (code.size()) {
      case 2: l = level::province; break;
      case 4: l = level::prefecture; break;
      case 6: l = level::county; break;
      case 9: l = level::township; break;
      default: bad("a code has 2, 4, 6 or 9 digits: '" + std::string(code) + "'");
    }
    for (char c : code)
      if (c < '0' || c > '9') bad("a code is digits: '" + std::string(code) + "'");
    if (name.empty()) bad("a division needs a name");
    if (!by_code_.emplace(code, divisions_.size()).second) bad("code " + std::string(code) + " given twice");
    by_name_[name].push_back(divisions_.size());
    longest_name_ = std::max(longest_name_, name.size());
    divisions_.push_back(division{std::string(code), std::string(name), l});
  }
}

division_table division_table::load(const std::string& dir) {
  division_table t;
  std::string text;
  const std::string main = dir + "/divisions.tsv";
  if (!read_file(main, text))
    throw diagnostic_error(file_error(main, "io", "cannot read the division table"));
  t.add_rows(text, main);
  const std::string townships = dir + "/townships.tsv";
  if (read_file(townships, text)) t.add_rows(text, townships);
  if (read_file(dir + "/SOURCE", text)) {
    std::string package, version;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("package=", 0) == 0) package = line.substr(8);
      if (line.rfind("version=", 0) == 0) version = line.substr(8);
    }
    if (!package.empty()) t.source_ = package + (version.empty() ? "" : " " + version);
  }
  return t;
}

const division* division_table::find_code(std::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &divisions_[it->second];
}

const std::vector<std::size_t>& division_table::named(std::string_view name) const {
  static const std::vector<std::size_t> none;
  auto it = by_name_.find(name);
  return it == by_name_.end() ? none : it->second;
}

const division* division_table::ancestor(const division& d, level l) const {
  if (l > d.level) return nullptr;
  if (l == d.level) return &d;
  return find_code(std::string_view(d.code).substr(0, code_length(l)));
}

const division_table& divisions_in(const std::string& dir) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<division_table>> tables;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = tables[dir];
  if (!slot) slot = std::make_unique<division_table>(division_table::load(dir));
  return *slot;
}

}  // namespace nianbao::region
