#include "corpus/setup.hpp"

#include <filesystem>

#include "model/toml_support.hpp"

namespace nianbao::corpus {

namespace ts = toml_support;
namespace fs = std::filesystem;

std::optional<setup> read_setup(const std::string& root) {
  const fs::path file = fs::path(root) / kSetupFile;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  setup s;
  s.file = file.string();
  const std::string text = ts::read_file(s.file);
  const ts::context cx{s.file, text};
  const toml::table t = ts::parse(text, cx);
  ts::reject_unknown_keys(t, {"profiles", "only_profiles", "models", "rules", "encoding"}, cx, "a corpus setup");
  // Paths are relative to the setup file, wherever nianbao runs from.
  const auto paths = [&](std::string_view key) {
    std::vector<std::string> out;
    for (const auto& p : ts::string_list(t, key, cx, false)) {
      const fs::path path(p);
      out.push_back((path.is_relative() ? fs::path(root) / path : path).lexically_normal().string());
    }
    return out;
  };
  s.profile_dirs = paths("profiles");
  for (const auto& dir : s.profile_dirs)
    if (!fs::is_directory(dir, ec)) ts::fail(cx, t.get("profiles"), "not a directory: " + dir);
  s.models = paths("models");
  s.rules = paths("rules");
  s.only_profiles = ts::string_list(t, "only_profiles", cx, false);
  s.encoding = ts::optional_string(t, "encoding", cx, "");
  return s;
}

}  // namespace nianbao::corpus
