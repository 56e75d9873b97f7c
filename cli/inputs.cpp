#include "inputs.hpp"

#include <algorithm>
#include <thread>

#include "limit_values.hpp"
#include "nianbao/text.hpp"

namespace nianbao::cli {

namespace {

// "K/N" -> (K, N) with 0 <= K < N; CLI::ValidationError otherwise.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  std::size_t k = 0, n = 0;
  try {
    const auto slash = text.find('/');
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
  if (n == 0 || k >= n) throw CLI::ValidationError("--shard", "K/N needs N >= 1 and 0 <= K < N, got '" + text + "'");
  return {k, n};
}

}  // namespace

void add_inputs_argument(CLI::App* cmd, std::vector<std::string>& inputs, const std::string& example) {
  cmd->add_option("inputs", inputs,
                  "report files, archives, directories (their report-like files, recursively: see Inputs in "
                  "nianbao parse --help), or - for standard input. E.g. " + example)
      ->required();
}

void add_input_options(CLI::App* cmd, input_options& o, bool parallel) {
  auto& lim = o.source.limits;
  if (parallel) {
    o.jobs = std::max(1u, std::thread::hardware_concurrency());
    cmd->add_option("-j,--jobs", o.jobs,
                    "reports parsed at once (default: all cores); the output keeps the input order. E.g. -j 4")
        ->check(CLI::Range(1u, 1024u));
    cmd->add_option_function<std::string>(
           "--shard",
           [&o](const std::string& text) {
             std::tie(o.source.shard_index, o.source.shard_count) = parse_shard(text);
           },
           "only every N-th record, starting with the K-th (K = 0..N-1), counted over all files and archive "
           "members in input order; the N runs K = 0..N-1 together give every record once. "
           "E.g. --shard 0/4 on the first of four machines, --shard 3/4 on the last")
        ->type_name("K/N");
  }
  cmd->add_option("--max-size", lim.max_size,
                  "largest file or archive member read (default 64MiB); a larger one gives an error record "
                  "(too-large). E.g. --max-size 16MiB")
      ->transform(CLI::AsSizeValue(false))
      ->transform(non_negative_size())  // runs first, on the text as typed
      ->type_name("SIZE");
  cmd->add_option("--max-ratio", lim.max_ratio,
                  "largest expansion of an archive member over 1 MiB, uncompressed : compressed (default 100); "
                  "beyond it an error record (compression-ratio: a zip bomb?). E.g. --max-ratio 1000")
      ->check(positive_ratio());  // not CLI::PositiveNumber: it lets nan through
  cmd->add_option("--max-depth", lim.max_depth,
                  "levels of archives inside archives that are opened (default 4); deeper ones give an error "
                  "record (nesting). E.g. --max-depth 1 opens only the archives named or found in directories")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--all-files", o.source.all_files,
                "in directories, read every file: also hidden ones and those that do not look like reports "
                "(*.expected.json, images, ...). E.g. --all-files reports/");
}

record_stream::record_stream(const pipeline::context& cx, std::vector<std::string> inputs, const input_options& o)
    : src_(std::move(inputs), o.source), proc_(cx, src_, o.jobs) {}

std::vector<pipeline::record> read_all(const pipeline::context& cx, std::vector<std::string> inputs,
                                       const input_options& o,
                                       const std::function<pipeline::record(pipeline::record&&)>& keep) {
  std::vector<pipeline::record> all;
  record_stream records(cx, std::move(inputs), o);
  for (pipeline::record r; records.next(r);) all.push_back(keep ? keep(std::move(r)) : std::move(r));
  return all;
}

record_total::record_total(std::vector<std::string> inputs, input::options o)
    : counter_([this, inputs = std::move(inputs), o]() mutable {
        try {
          if (const auto n = input::count_items(std::move(inputs), o)) n_ = static_cast<long long>(*n);
        } catch (const std::exception&) {
          // No total: the progress line goes on without one.
        }
      }) {}

record_total::~record_total() { counter_.join(); }

std::optional<std::size_t> record_total::get() const {
  const long long n = n_.load();
  return n < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(n));
}

std::string skipped_summary(const std::map<std::string, std::size_t>& skipped) {
  std::size_t total = 0;
  std::vector<std::pair<std::size_t, std::string>> kinds;
  for (const auto& [kind, n] : skipped) {
    total += n;
    kinds.emplace_back(n, kind);
  }
  if (total == 0) return {};
  // Most frequent first, at most five kinds named.
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out = "; " + std::to_string(total) + (total == 1 ? " file" : " files") +
                    " in directories and archives skipped, not reports: ";
  for (std::size_t i = 0; i < kinds.size() && i < 5; ++i)
    out += (i ? ", " : "") + std::to_string(kinds[i].first) + " " + printable(kinds[i].second);
  if (kinds.size() > 5) out += ", ...";
  return out + " (--all-files reads them)";
}

}  // namespace nianbao::cli
