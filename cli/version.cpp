#include "version.hpp"

#include "nianbao/pipeline.hpp"

namespace nianbao::cli {

std::string version_text() {
  std::string out = "nianbao " NIANBAO_VERSION "\n";
  try {
    const pipeline::context cx(pipeline::options{});  // the built-in data only, not $NIANBAO_PROFILES
    out += "models:";
    for (const auto& m : cx.models()) out += " " + m.id;
    out += "\nprofiles:";
    for (const auto& p : cx.profiles()) out += " " + p.name;
    out += "\n";
  } catch (const std::exception& e) {  // a bad data file: say so, the version still printed
    out += std::string("data: cannot be loaded: ") + e.what() + "\n";
  }
  out += "data: " + pipeline::data_dir();
  return out;
}

}  // namespace nianbao::cli
