#include "inputs.hpp"

#include <algorithm>
#include <thread>

namespace nianbao::cli {

void add_input_options(CLI::App* cmd, input_options& o, bool parallel) {
  auto& lim = o.source.limits;
  if (parallel) {
    o.jobs = std::max(1u, std::thread::hardware_concurrency());
    cmd->add_option("-j,--jobs", o.jobs, "reports parsed in parallel (default: all cores); output order stays input order")
        ->check(CLI::Range(1u, 1024u));
    cmd->add_option_function<std::string>(
           "--shard",
           [&o](const std::string& text) {
             const auto slash = text.find('/');
             std::size_t k = 0, n = 0;
             try {
               if (slash == std::string::npos) throw std::invalid_argument(text);
               std::size_t used = 0;
               k = std::stoul(text.substr(0, slash), &used);
               if (used != slash) throw std::invalid_argument(text);
               const auto rest = text.substr(slash + 1);
               n = std::stoul(rest, &used);
               if (used != rest.size()) throw std::invalid_argument(text);
             } catch (const std::logic_error&) {
               throw CLI::ValidationError("--shard", "expected K/N, e.g. 0/4, got '" + text + "'");
             }
             if (n == 0 || k >= n)
               throw CLI::ValidationError("--shard", "K/N needs N >= 1 and 0 <= K < N, got '" + text + "'");
             o.source.shard_index = k;
             o.source.shard_count = n;
           },
           "K/N: only every N-th report, starting with the K-th (K = 0..N-1), counted over the expanded "
           "sequence of files and archive members; N runs with K = 0..N-1 together give every report once")
        ->type_name("K/N");
  }
  cmd->add_option("--max-size", lim.max_size,
                  "largest file or archive member read (default 64MiB); a larger one is an error record")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("SIZE");
  cmd->add_option("--max-ratio", lim.max_ratio,
                  "largest expansion of an archive member over 1 MiB, uncompressed : compressed (default 100); "
                  "beyond it: an error record (zip bomb)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-depth", lim.max_depth,
                  "levels of archives inside archives that are opened (default 4)")
      ->check(CLI::Range(1, 64));
}

record_stream::record_stream(const pipeline::context& cx, std::vector<std::string> inputs, const input_options& o)
    : src_(std::move(inputs), o.source), proc_(cx, src_, o.jobs) {}

}  // namespace nianbao::cli
