#pragma once
// Reading the inputs named on the command line: files, directories, archives, "-".
// The work is the runtime's input layer (runtime/input): this only binds it to options.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <thread>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "nianbao/inputs.hpp"
#include "nianbao/pipeline.hpp"

namespace nianbao::cli {

struct input_options {
  input::options source;  // limits, shard, all_files
  unsigned jobs = 1;      // worker threads
};

// The positional INPUTS of a command that reads reports; `example` shows a use.
void add_inputs_argument(CLI::App* cmd, std::vector<std::string>& inputs, const std::string& example);

// --max-size, --max-ratio, --max-depth, --all-files (and, with `parallel`, -j/--jobs and
// --shard K/N).
void add_input_options(CLI::App* cmd, input_options& o, bool parallel);

// One record per file and per archive member, in input order, whatever the number of jobs:
//   record_stream records(cx, inputs, opts);
//   for (pipeline::record r; records.next(r);) ...
class record_stream {
 public:
  record_stream(const pipeline::context& cx, std::vector<std::string> inputs, const input_options& o = {});
  bool next(pipeline::record& r) { return proc_.next(r); }
  std::uint64_t bytes_done() const noexcept { return proc_.bytes_done(); }
  // Once next() has returned false: the files of directory walks that were not read.
  const std::map<std::string, std::size_t>& skipped() const noexcept { return src_.skipped(); }

 private:
  input::source src_;
  input::processor proc_;
};

// Every record of the inputs, in input order, for a command that needs them all at once (compare,
// report): each passed through `keep` first, when given, to hold only what the command reads.
std::vector<pipeline::record> read_all(const pipeline::context& cx, std::vector<std::string> inputs,
                                       const input_options& o,
                                       const std::function<pipeline::record(pipeline::record&&)>& keep = {});

// The number of records a run will give, counted in a thread of its own while the run goes on
// (input::count_items), for the progress line: nullopt until counted, and for standard input.
// The count reads no report, so it ends long before the run that reads them; it is waited for
// when the object is destroyed.
class record_total {
 public:
  record_total(std::vector<std::string> inputs, input::options o);
  ~record_total();
  record_total(const record_total&) = delete;
  record_total& operator=(const record_total&) = delete;
  std::optional<std::size_t> get() const;

 private:
  std::atomic<long long> n_{-1};  // -1: not yet counted (or cannot be)
  std::thread counter_;
};

// "; 3 files in directories and archives skipped, not reports: 2 *.expected.json, 1 *.pdf (--all-files
// reads them)", or empty when none was skipped: the end of a summary line.
std::string skipped_summary(const std::map<std::string, std::size_t>& skipped);

}  // namespace nianbao::cli
