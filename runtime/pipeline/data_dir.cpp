// Where the built-in data (model/, profiles/, grammars/) is, for a binary run from the build tree
// or installed under any prefix (cmake --install --prefix, the .deb, a package unpacked with
// dpkg -x): the data is looked for beside the binary before the configured locations.
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "pipeline/pipeline.hpp"

namespace nianbao::pipeline {

namespace fs = std::filesystem;

namespace {

bool has_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "profiles", ec) && fs::is_directory(dir / "model", ec);
}

}  // namespace

// In order: $NIANBAO_DATA_DIR; PREFIX/share/nianbao when the binary is PREFIX/bin/nianbao (an
// installed binary reads its own installation's data, even with a source tree on the machine);
// the source tree the binary was built from (a build-tree binary reads the files being edited);
// the configured install prefix's share/nianbao.
std::string data_dir() {
  if (const char* env = std::getenv("NIANBAO_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "share" / "nianbao";
    if (has_data(beside)) return beside.string();
  }
  if (has_data(NIANBAO_SOURCE_DATA_DIR)) return NIANBAO_SOURCE_DATA_DIR;
  return NIANBAO_INSTALL_DATA_DIR;
}

}  // namespace nianbao::pipeline
