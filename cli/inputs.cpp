#include "inputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace nianbao::cli {

namespace fs = std::filesystem;

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in != "-" && fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec))
        if (e.is_regular_file()) found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(in);
    }
  }
  return out;
}

pipeline::record process_input(const pipeline::context& cx, const std::string& path) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return cx.process(bytes, path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostic d;
    d.file = path;
    d.code = "io";
    d.message = std::string("cannot read the file: ") + std::strerror(errno);
    return cx.failed(path, d);
  }
  try {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) {
    // A read error after the file opened (EIO, e.g. /proc/self/mem or a failing disk): libstdc++
    // throws from the stream buffer; it used to abort the whole run (issue 7, finding F7).
    const int err = errno;
    diagnostic d;
    d.file = path;
    d.code = "io";
    d.message = std::string("cannot read the file: ") + std::strerror(err);
    return cx.failed(path, d);
  }
  return cx.process(bytes, path);
}

}  // namespace nianbao::cli
