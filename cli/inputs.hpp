#pragma once
// Reading the inputs named on the command line: files, directories, archives, "-".
// The work is the runtime's input layer (runtime/input): this only binds it to options.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "input/input.hpp"
#include "input/process.hpp"
#include "pipeline/pipeline.hpp"

namespace nianbao::cli {

struct input_options {
  input::options source;  // limits, shard
  unsigned jobs = 1;      // worker threads
};

// --max-size, --max-ratio, --max-depth (and, with `parallel`, -j/--jobs and --shard K/N).
void add_input_options(CLI::App* cmd, input_options& o, bool parallel);

// One record per file and per archive member, in input order, whatever the number of jobs:
//   record_stream records(cx, inputs, opts);
//   for (pipeline::record r; records.next(r);) ...
class record_stream {
 public:
  record_stream(const pipeline::context& cx, std::vector<std::string> inputs, const input_options& o = {});
  bool next(pipeline::record& r) { return proc_.next(r); }
  std::uint64_t bytes_done() const noexcept { return proc_.bytes_done(); }

 private:
  input::source src_;
  input::processor proc_;
};

}  // namespace nianbao::cli
