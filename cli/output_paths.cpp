#include "output_paths.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "nianbao/diagnostic.hpp"
#include "nianbao/inputs.hpp"
#include "nianbao/writers.hpp"

namespace nianbao::cli {

namespace fs = std::filesystem;

namespace {

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// Whether the walk of a directory reads this file (input/input.hpp: a report's name, or an
// archive whatever its name, or anything with --all-files).
bool walk_reads(const fs::path& file, bool all_files) {
  if (all_files || input::is_report_name(file.filename().string())) return true;
  std::ifstream in(file, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return !input::sniff_archive(head).empty();
}

// The file of an input directory's walk that is `destination` (the same file: a link to it
// counts), or empty. Hidden directories are not entered (unless --all-files) and links to
// directories not followed, as the walk does.
std::string read_from_directories(const struct stat& destination, const std::vector<std::string>& inputs,
                                  bool all_files) {
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in == "-" || !fs::is_directory(in, ec)) continue;
    for (fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      const auto& path = it->path();
      if (it->is_directory(ec)) {
        if (!all_files && path.filename().string().rfind('.', 0) == 0) it.disable_recursion_pending();
        continue;
      }
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0 && same_file(st, destination) && walk_reads(path, all_files))
        return path.string();
    }
  }
  return {};
}

}  // namespace

void check_output_paths(const std::vector<std::pair<std::string, std::string>>& outputs,
                        const std::vector<std::string>& inputs, bool all_files) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [option, path] = outputs[i];
    if (path.empty()) continue;
    write::check_destination(path, option, inputs);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      const auto read = read_from_directories(st, inputs, all_files);
      if (!read.empty())
        throw diagnostic_error(file_error(path, "output", option + " names an input of this run (" + read +
                                                              "), which the output would replace (nothing was written)"));
    }
    for (std::size_t j = 0; j < i; ++j)
      if (outputs[j].second == path)
        throw diagnostic_error(file_error(path, "output", outputs[j].first + " and " + option +
                                                               " name the same file (nothing was written)"));
  }
}

}  // namespace nianbao::cli
