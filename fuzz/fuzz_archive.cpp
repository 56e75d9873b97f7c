// Fuzz target: arbitrary bytes as a file named on the command line -> the input layer
// (runtime/input: sniffing, libarchive, nested archives, member names, limits) -> every item
// through the pipeline, as `nianbao parse` runs it (input::process_item: cx.failed for an error
// item, else cx.process). The bytes are a report, or a damaged or hostile archive (zip, 7z,
// tar, gzip, bzip2, xz, ..., archives inside archives). What must hold:
//   - source::next never throws, and ends (at most kMaxItems items from one input);
//   - every item yields exactly one record, under the item's path, which starts with the
//     archive's (the file's) path; items_seen() and bytes_read() agree with what came out;
//   - an error item has no bytes, a non-empty code and message, and its record is failed with
//     that same error; a record that failed says why;
//   - the limits, set small here so that the fuzzer reaches them: no item is larger than
//     max_size; a member read whole expanded at most max_ratio times its archive (checked
//     exactly for members of the top archive, whose paths are "file:name" without another ':');
//     no item's bytes are an archive (it was opened, or refused with "nesting"); a "nesting"
//     error lies at least max_depth archive levels deep.
// The pipeline runs without the repair stage (fuzz_process covers it): this target is about
// the input layer, and the records of what it yields.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "fuzz_common.hpp"
#include "input/input.hpp"
#include "batch/process.hpp"
#include "pipeline/pipeline.hpp"

using namespace nianbao;

namespace {

constexpr std::size_t kMaxItems = 100000;

input::options small_limits() {
  input::options o;
  o.limits.max_size = 64u << 10;
  o.limits.ratio_threshold = 4u << 10;
  o.limits.max_ratio = 10;
  o.limits.max_depth = 2;
  return o;
}

const pipeline::context& context() {
  static const auto cx = [] {
    pipeline::options opts;
    opts.repair = false;
    return std::make_unique<pipeline::context>(opts);
  }();
  return *cx;
}

// The file the bytes are written to, in a directory of this process (in memory where /dev/shm
// is writable), removed at exit. No ':' in its path, so that member paths can be told apart.
struct scratch_file {
  std::filesystem::path dir;
  std::string path;
  scratch_file() {
    const char* base = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    dir = std::filesystem::path(base) / ("nianbao-fuzz-archive-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    path = (dir / "input").string();
  }
  ~scratch_file() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

std::size_t count(const std::string& s, char c) {
  std::size_t n = 0;
  for (char x : s) n += x == c;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const scratch_file scratch;
  const std::string& file = scratch.path;
  {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) fuzz::finding("cannot write " + file);
    if (size && std::fwrite(data, 1, size, f) != size) fuzz::finding("cannot write " + file);
    std::fclose(f);
  }
  const input::options opts = small_limits();
  const auto& lim = opts.limits;
  const pipeline::context& cx = context();

  input::source src({file}, opts);
  std::size_t n = 0;
  std::uint64_t total = 0;
  pipeline::worker_state worker;  // as one worker of the batch processor
  for (input::item it; src.next(it);) {  // an exception escaping is a finding
    if (++n > kMaxItems) fuzz::finding("more than " + std::to_string(kMaxItems) + " items from one input");
    if (it.index != n - 1) fuzz::finding("item index " + std::to_string(it.index) + ", expected " + std::to_string(n - 1));
    if (it.path.compare(0, file.size(), file) != 0 || (it.path.size() > file.size() && it.path[file.size()] != ':'))
      fuzz::finding("item path does not start with the archive's: " + it.path);
    total += it.bytes.size();
    if (it.error) {
      const diagnostic& e = *it.error;
      if (!it.bytes.empty()) fuzz::finding("an error item with bytes: " + it.path);
      if (e.code.empty() || e.message.empty()) fuzz::finding("an error item without code or message: " + it.path);
      if (e.file != it.path) fuzz::finding("error names \"" + e.file + "\", item is \"" + it.path + "\"");
      if (e.code == "nesting" && count(it.path, ':') < static_cast<std::size_t>(lim.max_depth))
        fuzz::finding("a nesting error above the depth limit: " + it.path);
    } else {
      if (it.bytes.size() > lim.max_size) fuzz::finding("an item larger than max_size: " + it.path);
      // A Word document (.docx) is a zip and one report, not an archive to open.
      const std::string_view bytes(it.bytes);
      const bool word = input::names_word_document(bytes.substr(0, 65536), bytes.size() > 65536 ? bytes.substr(bytes.size() - 65536) : "");
      if (!input::sniff_archive(it.bytes).empty() && !word)
        fuzz::finding("an item whose bytes are an archive: " + it.path);
      // A member of the top archive: at most max_ratio times the archive's size, once past the
      // threshold (the check runs after every chunk read, the last one included).
      if (it.path.size() > file.size() && count(it.path, ':') == 1 && it.bytes.size() > lim.ratio_threshold &&
          static_cast<double>(it.bytes.size()) > lim.max_ratio * static_cast<double>(size))
        fuzz::finding("member " + it.path + " expanded " + std::to_string(it.bytes.size()) + " bytes from " +
                      std::to_string(size) + ": beyond max_ratio");
    }

    const pipeline::record r = input::process_item(cx, it, worker);
    if (r.path != it.path) fuzz::finding("record path \"" + r.path + "\" for item \"" + it.path + "\"");
    if (r.status == pipeline::status::failed && r.errors.empty()) fuzz::finding("failed record without an error");
    for (const auto& e : r.errors)
      if (e.code == "internal") fuzz::finding("the pipeline threw on " + it.path + ": " + e.message);
    if (it.error) {
      if (r.status != pipeline::status::failed) fuzz::finding("the record of an error item is not failed");
      if (r.errors.size() != 1 || r.errors[0].code != it.error->code || r.errors[0].message != it.error->message)
        fuzz::finding("the record of an error item does not carry its error: " + it.path);
    }
  }
  // An archive whose members are all named as no report (README, *.png, ...) yields none: they
  // are counted as skipped, as in a directory.
  fuzz::require(n >= 1 || !src.skipped().empty(), "an input yielded no item and skipped none (something disappeared)");
  fuzz::require(src.items_seen() == n, "items_seen differs from the items yielded");
  fuzz::require(src.bytes_read() == total, "bytes_read differs from the bytes yielded");
  return 0;
}
