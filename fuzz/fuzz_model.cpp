// Fuzz target: the template-model loader (model/*.toml) on arbitrary text. A bad model must give
// a nianbao::diagnostic_error naming the file; nothing else may escape. A model it accepts is
// then used for real: a pipeline context is built on it (its label indexes with every built-in
// profile) and a report is processed with it, which must not throw either (context::process
// never throws for bad input, and a model that loads is not bad input to it).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "model/model.hpp"
#include "pipeline/pipeline.hpp"

using namespace nianbao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string report = [] {
    std::ifstream in(pipeline::data_dir() + "/fuzz/seeds/report/mini-tab.txt", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  // The model is written into a directory that holds copies of the built-in rules files, so
  // that `rules = "gov-2021.rules"` resolves and the pipeline runs.
  static const std::string path = [] {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") /
                         ("nianbao-fuzz-model-" + std::to_string(getpid()));
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(fs::path(pipeline::data_dir()) / "model"))
      if (e.path().extension() == ".rules")
        fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    return (dir / "model.toml").string();
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  model::template_model m;
  try {
    m = model::parse_model(text, "fuzz.toml");
  } catch (const diagnostic_error& e) {
    fuzz::check_diagnostic(e.diag(), text, "fuzz.toml");
    return 0;
  }
  fuzz::require(m.keys.size() == m.key_infos.size(), "keys and key_infos differ in size");
  fuzz::require(m.keys.size() == m.key_index.size(), "duplicate canonical keys accepted");

  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) fuzz::finding("cannot write " + path);
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  pipeline::options opts;
  opts.model_files = {path};
  try {
    const pipeline::context cx(opts);
    (void)cx.process(report, "report.txt");
  } catch (const diagnostic_error&) {
    // e.g. the model names a rules file that does not exist, or its rules name unknown sets
  }
  return 0;
}
