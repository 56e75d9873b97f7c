// nianbao-bench: end-to-end throughput of the whole pipeline on a generated corpus.
//
//   build/bench/nianbao-bench --reports 2000            # 1 and 2 threads, corpus as files
//   build/bench/nianbao-bench --reports 500 --format zip --threads 1,2,4
//
// The corpus: N random renderings of random valid reports (bench/rendering.hpp) made from the valid
// text reports of the repository's corpora (every value printed and read in place, every rule
// passed; all of them with --damaged) and its field samples (tests/corpus/seeds, variants, real-text, field,
// field-variants, run-together; decoded to UTF-8 and told apart by their text: the layouts
// tab-separated, pipe-per-line, markdown, markdown pipe tables, one cell per line, PDF text, cells
// run together, the field samples): report i = report i mod S with every number it prints
// multiplied by a factor k(i) from 1 to 997, in encoding (i div S) mod 6: UTF-8, UTF-8 with BOM,
// GB18030, UTF-16LE with BOM, UTF-16BE with BOM, UTF-8 with CRLF line ends. It is written to a
// temporary directory (or --keep DIR), as files or as one .zip / .tar.gz.
//
// Then, each in its own child process (so that peak RSS is per run):
//   floor       the input layer only: every report read (and unpacked) and dropped;
//   T threads   the full pipeline as `nianbao parse -j T` runs it: read, decode, plan, layout,
//               resolve, repair, merge, check, JSON Lines serialised (to /dev/null);
//   T exh.      the same with --exhaustive (every profile reads every report: docs/plan.md).
// For each: wall time, reports/s, input MB/s, MB/s per CPU-second, peak RSS, speed-up, the CPU
// time of loading the context (part of the CPU time); then the planned pipeline's MB per
// CPU-second over --exhaustive's and over the floor's, with and without that start-up.
// Then peak RSS of the planned pipeline on the corpus and on one --rss-scale (4) times as large,
// for each thread count: flat in corpus size, or not.
// The 1-thread run (item by item in the calling thread, as -j 1 does) also prints the mean CPU
// time per report of each layout and each encoding.
//
// Then the cost of the outputs (--no-outputs skips it): 1 thread, the parse alone (no output
// at all) against the parse writing JSON Lines, CSV and SQLite files as nianbao parse -o --csv --db
// writes them (write::output_set, in a directory beside the corpus), with their ratio.
//
// Then the published formats (--published DIR, default tests/corpus/pdf, tests/corpus/docx,
// tests/corpus/html and tests/corpus/html-blank): every *.pdf, *.docx and *.html file there, read through the whole
// pipeline in the calling thread, each file again until a format has had a CPU-second: reports/s
// and MB/s of one thread by format (PDF: poppler's text layer and its columns; HTML: the HTML5
// parser), beside the text layouts above.
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "decode/decode.hpp"
#include "input/input.hpp"
#include "layout/grammar_interpreter.hpp"
#include "batch/process.hpp"
#include "pipeline/pipeline.hpp"
#include "write/csv_writer.hpp"
#include "write/json_writer.hpp"
#include "write/output_set.hpp"
#include "write/sqlite_writer.hpp"
#include "rendering.hpp"

namespace fs = std::filesystem;
using namespace nianbao;
using clock_type = std::chrono::steady_clock;

namespace {

struct seed_report {
  std::string name;  // file name without .txt
  std::string text;  // UTF-8
  pipeline::record read;  // its record (exhaustive): where its numbers are printed
};

const char* const kEncodings[] = {"utf8", "bom", "gb18030", "utf16le", "utf16be", "crlf"};
constexpr std::size_t kEncodingCount = sizeof kEncodings / sizeof kEncodings[0];

std::string convert(const char* to, const std::string& utf8) {
  UErrorCode e = U_ZERO_ERROR;
  const int32_t n = ucnv_convert(to, "UTF-8", nullptr, 0, utf8.data(), static_cast<int32_t>(utf8.size()), &e);
  std::string out(static_cast<std::size_t>(n), '\0');
  e = U_ZERO_ERROR;
  ucnv_convert(to, "UTF-8", out.data(), n, utf8.data(), static_cast<int32_t>(utf8.size()), &e);
  if (U_FAILURE(e)) throw std::runtime_error(std::string("cannot convert a seed to ") + to);
  return out;
}

std::string encode(const std::string& utf8, std::size_t enc) {
  switch (enc) {
    case 0: return utf8;
    case 1: return "\xEF\xBB\xBF" + utf8;
    case 2: return convert("GB18030", utf8);
    case 3: return "\xFF\xFE" + convert("UTF-16LE", utf8);
    case 4: return "\xFE\xFF" + convert("UTF-16BE", utf8);
    default: {
      std::string crlf;
      for (char c : utf8) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
      return crlf;
    }
  }
}

// The reports (*.txt) of the directories, decoded to UTF-8 with LF line ends, each distinct text
// once (a variant that differs from its seed only in encoding or line ends is the seed again).
// A valid report: every value of its template printed and read in place (none missing, none
// repaired: no cell lost), and every rule passes.
bool valid(const pipeline::record& r) {
  return r.status == pipeline::status::parsed && r.repairs.empty() && r.checks && r.checks->failed == 0 &&
         std::none_of(r.values.begin(), r.values.end(), [](const value& v) { return v.repaired; });
}

// `damaged`: every report of the directories, else the valid ones and the field samples (any
// directory named field) as they are.
std::vector<seed_report> load_seeds(const std::vector<std::string>& dirs, const std::vector<std::string>& exclude,
                                    bool damaged) {
  std::vector<seed_report> seeds;
  std::vector<fs::path> files;  // directory by directory (seeds first: their names win), sorted
  for (const auto& dir : dirs) {
    const auto begin = files.size();
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".txt" && e.path().filename().string()[0] != '.')
        files.push_back(e.path());
    std::sort(files.begin() + static_cast<std::ptrdiff_t>(begin), files.end());
  }
  for (const auto& f : files) {
    const auto name = f.stem().string();
    if (std::any_of(exclude.begin(), exclude.end(), [&](const auto& x) { return name.find(x) != std::string::npos; }))
      continue;
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto text = decode::decode(ss.str()).text;
    if (std::any_of(seeds.begin(), seeds.end(), [&](const auto& s) { return s.text == text; })) continue;
    auto read = bench::exhaustive_context().process(text, name);
    if (!damaged && !valid(read) && f.parent_path().filename() != "field") continue;
    seeds.push_back({name, std::move(text), std::move(read)});
  }
  return seeds;
}

// Writes the corpus; returns the input path to give the input layer and the total bytes.
// `name`: the directory (or archive, with its extension) in `dir`.
std::pair<std::string, std::uint64_t> write_corpus(const fs::path& dir, const std::vector<seed_report>& seeds,
                                                   std::size_t n, const std::string& format,
                                                   const std::string& name = "corpus") {
  auto member_name = [&](std::size_t i) {
    const std::size_t s = i % seeds.size(), enc = (i / seeds.size()) % kEncodingCount;
    return fmt::format("{:03d}/{:07d}~{}~{}.txt", i / 1000, i, seeds[s].name, kEncodings[enc]);
  };
  auto bytes_of = [&](std::size_t i) {
    const auto& s = seeds[i % seeds.size()];
    const long k = 1 + static_cast<long>((i * 2654435761u >> 7) % 997);  // a factor of its own
    return encode(bench::scaled_report(s.text, s.read, k), (i / seeds.size()) % kEncodingCount);
  };
  std::uint64_t total = 0;
  if (format == "dir") {
    const auto root = dir / name;
    for (std::size_t i = 0; i < n; ++i) {
      const auto p = root / member_name(i);
      if (i % 1000 == 0) fs::create_directories(p.parent_path());
      std::ofstream out(p, std::ios::binary);
      const auto b = bytes_of(i);
      out.write(b.data(), static_cast<std::streamsize>(b.size()));
      total += b.size();
    }
    return {root.string(), total};
  }
  const auto file = dir / (name + (format == "zip" ? ".zip" : ".tar.gz"));
  archive* a = archive_write_new();
  if (format == "zip") {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
  }
  if (archive_write_open_filename(a, file.c_str()) != ARCHIVE_OK)
    throw std::runtime_error("cannot write " + file.string());
  for (std::size_t i = 0; i < n; ++i) {
    const auto b = bytes_of(i);
    archive_entry* e = archive_entry_new();
    const auto name = member_name(i);
    archive_entry_copy_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(b.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, b.data(), b.size());
    archive_entry_free(e);
    total += b.size();
  }
  archive_write_close(a);
  archive_write_free(a);
  return {file.string(), total};
}

struct run_result {
  double wall = 0;           // seconds, the run itself (context loading excluded)
  double load = 0;           // seconds to load the context (models, profiles, rules)
  double load_cpu = 0;       // CPU seconds of that (part of cpu)
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;   // input bytes
  std::uint64_t json_bytes = 0;
  std::uint64_t parsed = 0, partial = 0, failed = 0;
  std::uint64_t planned = 0;  // records the plan read with one profile
  double cpu = 0;            // user + system seconds of the child
  double peak_rss_mb = 0;
};

double cpu_seconds(clockid_t clock) {
  timespec t{};
  ::clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}
double thread_cpu_seconds() { return cpu_seconds(CLOCK_THREAD_CPUTIME_ID); }

struct per_group {
  double seconds = 0;
  std::size_t n = 0;
};

// What a run writes: JSON Lines to /dev/null (as the thread runs measure), nothing (the parse
// alone), or every output of nianbao parse -o J --csv C --db D, to files in g_output_dir.
enum class outputs_written { json_to_null, none, all };
std::string g_output_dir;

// Runs in the child: threads == 0 means the floor (input layer only).
bool g_repair = true;
std::vector<std::string> g_only_profiles;  // --only-profiles, as nianbao parse takes it
bool g_exhaustive = false;                  // this run reads --exhaustive

// JSON Lines, CSV and SQLite files in `dir`, as nianbao parse -o --csv --db writes them.
void open_all_outputs(write::output_set& outputs, const pipeline::context& cx, const fs::path& dir) {
  outputs.add(std::make_unique<write::json_lines_writer>(outputs.stream((dir / "out.jsonl").string()),
                                                         write::json_options{}));
  outputs.add(std::make_unique<write::csv_writer>(outputs.stream((dir / "out.csv").string()), cx.models()));
  write::sqlite_options db;
  for (const auto& m : cx.models()) db.templates.push_back({&m, &cx.measures_for(m)});
  outputs.add(std::make_unique<write::sqlite_writer>(outputs.file((dir / "out.sqlite").string()), db));
}

void child_run(int fd, const std::string& input, unsigned threads, bool per_seed,
               outputs_written written = outputs_written::json_to_null) {
  input::tune_allocator();  // as the nianbao command does
  run_result r;
  std::map<std::string, per_group> groups;
  if (threads == 0) {
    const auto t0 = clock_type::now();
    input::source src({input});
    for (input::item it; src.next(it);) {
      ++r.records;
      r.bytes += it.bytes.size();
    }
    r.wall = std::chrono::duration<double>(clock_type::now() - t0).count();
  } else {
    const auto l0 = clock_type::now();
    const double c0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    pipeline::options popts;
    popts.repair = g_repair;
    popts.only_profiles = g_only_profiles;
    popts.exhaustive = g_exhaustive;
    const pipeline::context cx{popts};
    r.load = std::chrono::duration<double>(clock_type::now() - l0).count();
    r.load_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    std::FILE* null = std::fopen("/dev/null", "wb");
    std::string line;  // one record's JSON text, reused
    const auto t0 = clock_type::now();
    input::source src({input});
    if (threads == 1 && per_seed) {
      // The same work, item by item, timing each (one thread only).
      pipeline::worker_state worker;
      for (input::item it; src.next(it);) {
        // CPU time of this thread: steadier than wall time on a machine shared with other work.
        const double s0 = thread_cpu_seconds();
        const auto rec = input::process_item(cx, it, worker);
        const double s1 = thread_cpu_seconds();
        line.clear();
        write::append_json(line, rec);  // as nianbao parse writes a record
        std::fwrite(line.data(), 1, line.size(), null);
        std::fputc('\n', null);
        const double s2 = thread_cpu_seconds();
        // ".../0000017~001_b567e4114b5ffb79~gb18030.txt": one group per layout, one per encoding
        const auto tilde = it.path.find('~', it.path.rfind('/'));
        const auto name = it.path.substr(tilde + 1, it.path.size() - tilde - 1 - 4);
        const auto split = name.rfind('~');
        for (const auto& key : {"layout   " + name.substr(0, split), "encoding " + name.substr(split + 1)}) {
          auto& g = groups[key];
          g.seconds += s1 - s0;
          ++g.n;
        }
        // Why the plan fell back (docs/plan.md): over all, and by layout.
        const auto& because = rec.plan.fell_back_because.empty() ? std::string("(read by one profile)")
                                                                  : rec.plan.fell_back_because;
        groups["plan " + because].n++;
        groups["plan " + because + " | " + name.substr(0, split)].n++;
        auto& j = groups["~ JSON serialising"];
        j.seconds += s2 - s1;
        ++j.n;
        ++r.records;
        r.bytes += it.bytes.size();
        r.json_bytes += line.size() + 1;
        r.parsed += rec.status == pipeline::status::parsed;
        r.partial += rec.status == pipeline::status::partial;
        r.failed += rec.status == pipeline::status::failed;
        r.planned += !rec.plan.exhaustive && !rec.plan.profiles_tried.empty();
      }
    } else {
      write::output_set outputs;
      if (written == outputs_written::all) open_all_outputs(outputs, cx, g_output_dir);
      input::processor proc(cx, src, threads);
      for (pipeline::record rec; proc.next(rec);) {
        if (written == outputs_written::json_to_null) {
          line.clear();
          write::append_json(line, rec);  // as nianbao parse writes a record
          std::fwrite(line.data(), 1, line.size(), null);
          std::fputc('\n', null);
          r.json_bytes += line.size() + 1;
        }
        outputs.write(rec);
        ++r.records;
        r.parsed += rec.status == pipeline::status::parsed;
        r.partial += rec.status == pipeline::status::partial;
        r.failed += rec.status == pipeline::status::failed;
        r.planned += !rec.plan.exhaustive && !rec.plan.profiles_tried.empty();
      }
      r.bytes = proc.bytes_done();
      outputs.finish();
      outputs.commit();
    }
    r.wall = std::chrono::duration<double>(clock_type::now() - t0).count();
    std::fclose(null);
  }
  std::string out(reinterpret_cast<const char*>(&r), sizeof r);
  for (const auto& [k, g] : groups) out += fmt::format("{}\t{}\t{}\n", k, g.seconds, g.n);
  std::size_t done = 0;
  while (done < out.size()) {
    const auto w = ::write(fd, out.data() + done, out.size() - done);
    if (w <= 0) break;
    done += static_cast<std::size_t>(w);
  }
  ::close(fd);
}

run_result run_in_child(const std::string& input, unsigned threads, bool per_seed, std::string& groups_text,
                        bool exhaustive = false, outputs_written written = outputs_written::json_to_null) {
  g_exhaustive = exhaustive;  // the child's copy
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe");
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    ::close(fds[0]);
    try {
      child_run(fds[1], input, threads, per_seed, written);
    } catch (const std::exception& e) {
      std::cerr << "nianbao-bench: " << e.what() << "\n";
      ::_exit(1);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string data;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  struct rusage ru {};
  ::wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || data.size() < sizeof(run_result))
    throw std::runtime_error("a benchmark run failed");
  run_result r;
  std::memcpy(&r, data.data(), sizeof r);
  groups_text = data.substr(sizeof r);
  r.cpu = static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6 + static_cast<double>(ru.ru_stime.tv_sec) +
          ru.ru_stime.tv_usec / 1e6;
  r.peak_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
  return r;
}

// The published formats: reports/s of one thread by file format (the extension tells it here;
// nianbao itself goes by content), each file processed again until its format had `seconds` of CPU.
void published_formats(const std::vector<std::string>& dirs, double seconds) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> files;  // format -> (path, bytes)
  for (const auto& dir : dirs) {
    std::error_code ec;
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(dir, ec)) found.push_back(e.path());
    std::sort(found.begin(), found.end());
    for (const auto& f : found) {
      auto ext = f.extension().string();
      if (ext == ".htm") ext = ".html";
      if (ext != ".pdf" && ext != ".docx" && ext != ".html") continue;
      std::ifstream in(f, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      files[ext.substr(1)].emplace_back(f.string(), ss.str());
    }
  }
  if (files.empty()) return;
  pipeline::options popts;
  popts.repair = g_repair;
  popts.only_profiles = g_only_profiles;
  const pipeline::context cx{popts};
  std::cout << "\npublished formats, 1 thread (the whole pipeline and JSON serialising; each file read again "
               "until a CPU-second):\n";
  std::cout << fmt::format("  {:<6} {:>6} {:>9} {:>10} {:>10} {:>12}\n", "format", "files", "reports", "reports/s",
                           "MB/s", "parsed+part");
  std::string line;
  for (const auto& [format, list] : files) {
    std::size_t n = 0, read_ok = 0;
    std::uint64_t bytes = 0;
    const double c0 = thread_cpu_seconds();
    double spent = 0;
    for (std::size_t round = 0; round == 0 || spent < seconds; ++round) {
      for (const auto& [path, data] : list) {
        const auto rec = cx.process(data, path);
        line.clear();
        write::append_json(line, rec);
        ++n;
        bytes += data.size();
        if (round == 0) read_ok += rec.status != pipeline::status::failed;
      }
      spent = thread_cpu_seconds() - c0;
    }
    std::cout << fmt::format("  {:<6} {:>6} {:>9} {:>10.4g} {:>10.4g} {:>5} of {:<4}\n", format, list.size(), n,
                             static_cast<double>(n) / spent, static_cast<double>(bytes) / 1e6 / spent, read_ok,
                             list.size());
  }
}

}  // namespace

// Each built-in grammar over the seeds' texts, compiled (PEGTL) and interpreted from its .peg (as a
// user's grammar runs, layout/grammar_interpreter.hpp): MB/s of each, and how many times slower
// the interpreter is. Best of three rounds of at least 0.2 s each.
void grammar_speeds(const std::vector<seed_report>& seeds) {
  std::size_t bytes = 0;
  for (const auto& s : seeds) bytes += s.text.size();
  const auto mb_per_s = [&](auto&& parse) {
    double best = 0;
    for (int round = 0; round < 3; ++round) {
      std::size_t passes = 0;
      const auto t0 = clock_type::now();
      double secs = 0;
      do {
        for (const auto& s : seeds) (void)parse(s.text);
        ++passes;
        secs = std::chrono::duration<double>(clock_type::now() - t0).count();
      } while (secs < 0.2);
      best = std::max(best, static_cast<double>(bytes * passes) / 1e6 / secs);
    }
    return best;
  };
  std::cout << fmt::format("\ngrammars over the {} seed texts ({:.1f} MB), 1 thread: compiled vs interpreted (a user's .peg)\n",
                           seeds.size(), static_cast<double>(bytes) / 1e6);
  std::cout << fmt::format("  {:<10} {:>14} {:>17} {:>9}\n", "grammar", "compiled MB/s", "interpreted MB/s", "slower");
  for (const auto& g : nianbao::layout::grammar_registry()) {
    const auto peg = std::string(NIANBAO_SOURCE_DIR) + "/grammars/" + g.name + ".peg";
    const auto interpreted = nianbao::layout::interpreted_grammar::load(peg);
    const double compiled_speed = mb_per_s([&](const std::string& t) { return g.parse(t, true); });
    const double interpreted_speed = mb_per_s([&](const std::string& t) { return interpreted->parse(t, true); });
    std::cout << fmt::format("  {:<10} {:>14.1f} {:>17.1f} {:>8.1f}x\n", g.name, compiled_speed, interpreted_speed,
                             compiled_speed / interpreted_speed);
  }
}

int main(int argc, char** argv) {
  CLI::App app{"nianbao-bench: end-to-end throughput of the nianbao pipeline on a generated corpus", "nianbao-bench"};
  std::size_t reports = 200;
  std::vector<unsigned> threads = {1, 2};
  std::string format = "dir";
  std::vector<std::string> seeds_dirs;
  for (const char* d : {"seeds", "variants", "real-text", "field", "field-variants", "run-together"})
    seeds_dirs.push_back(std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/" + d);
  std::vector<std::string> exclude;
  std::string keep;
  bool per_seed = true;
  std::vector<std::string> published = {std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/pdf",
                                         std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/docx",
                                         std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/html",
                                         std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/html-blank"};
  bool no_published = false;
  app.add_option("-n,--reports", reports, "reports in the corpus (default 200)")->check(CLI::Range(1ul, 100000000ul));
  app.add_option("-t,--threads", threads, "thread counts to run, e.g. 1,2,4 (default 1,2)")->delimiter(',');
  app.add_option("--format", format, "corpus as dir (files), zip or tar.gz (default dir)")
      ->check(CLI::IsMember({"dir", "zip", "tar.gz"}));
  app.add_option("--seeds", seeds_dirs,
                 "directories of reports (*.txt) to render the corpus from (default: tests/corpus/seeds, variants, "
                 "real-text, field, field-variants and run-together); repeatable")
      ->check(CLI::ExistingDirectory);
  bool damaged = false;
  app.add_flag("--damaged", damaged,
               "render every report of the --seeds directories, damaged ones too (lost cells, empty cells, rule "
               "failures: most of the test corpora); default: the valid ones and the field samples");
  app.add_option("--exclude", exclude, "leave out seeds whose name contains this text; repeatable");
  app.add_option("--keep", keep, "write the corpus into this directory and keep it");
  app.add_flag("!--no-per-seed", per_seed, "skip the per-seed timing of the 1-thread run");
  app.add_option("--published", published,
                 "directories of published files (*.pdf, *.docx, *.html) timed by format (default: tests/corpus/pdf, "
                 "tests/corpus/docx, tests/corpus/html, tests/corpus/html-blank); repeatable")
      ->check(CLI::ExistingDirectory);
  app.add_flag("--no-published", no_published, "skip the timing of the published formats");
  bool outputs = true;
  app.add_flag("!--no-outputs", outputs,
               "skip the cost of the outputs: 1 thread parsing alone vs writing JSON Lines, CSV and SQLite files");
  bool grammars = true;
  app.add_flag("!--no-grammars", grammars, "skip the speed of each grammar, compiled vs interpreted");
  std::size_t rss_scale = 4;
  app.add_option("--rss-scale", rss_scale,
                 "peak RSS of the planned pipeline on the corpus and on one this many times as large (default 4; 0 "
                 "or 1: skip): flat in corpus size or not");
  bool no_repair = false;
  bool floor_only = false;
  app.add_flag("--floor-only", floor_only, "only the floor (input layer), e.g. to see its memory on a large corpus");
  app.add_flag("--no-repair", no_repair,
               "turn the repair stage off (misaligned rows left null): how much of the time it takes");
  app.add_option("--only-profiles", g_only_profiles,
                 "try only these profiles, as nianbao parse --only-profiles does: the speed when the layouts are "
                 "known (the corpus's reports are all read by markdown,pipe-lines,tab)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.footer(
      "\nPrints, for the floor (input layer only: read and unpack the same bytes) and for each thread\n"
      "count: wall seconds, reports/s, input MB/s, MB per CPU-second (per core), peak RSS of that run\n"
      "(its own process), and the speed-up over 1 thread. MB = 10^6 bytes. The CPU time of loading the\n"
      "context (models, profiles, rules: load CPU) is part of CPU s; the ratios are given with and without\n"
      "it. The corpus is read from the page cache (it was just written).\n");
  CLI11_PARSE(app, argc, argv);
  g_repair = !no_repair;

  try {
    const auto seeds = load_seeds(seeds_dirs, exclude, damaged);
    if (seeds.empty()) throw std::runtime_error("no reports (*.txt) in the --seeds directories");
    fs::path dir;
    bool remove = false;
    if (!keep.empty()) {
      dir = keep;
      fs::create_directories(dir);
    } else {
      std::string t = (fs::temp_directory_path() / "nianbao-bench-XXXXXX").string();
      if (!::mkdtemp(t.data())) throw std::runtime_error("cannot create a temporary directory");
      dir = t;
      remove = true;
    }
    const auto g0 = clock_type::now();
    const auto [input, total] = write_corpus(dir, seeds, reports, format);
    const double gen = std::chrono::duration<double>(clock_type::now() - g0).count();
    std::cout << fmt::format("corpus: {} renderings of {} reports x {} encodings, {:.1f} MB as {} ({}), written in {:.1f} s\n",
                             reports, seeds.size(), kEncodingCount, static_cast<double>(total) / 1e6, format, input, gen);
    std::cout << fmt::format("cores: {}\n\n", std::thread::hardware_concurrency());
    std::cout << fmt::format("{:<10} {:>9} {:>9} {:>9} {:>10} {:>10} {:>10} {:>11} {:>8} {:>7}\n", "run", "reports",
                             "wall s", "CPU s", "reports/s", "MB/s", "MB/CPU-s", "peak RSS", "speed-up", "load CPU");
    auto line = [&](const std::string& name, const run_result& r, double speedup) {
      const double mb = static_cast<double>(r.bytes) / 1e6;
      std::cout << fmt::format("{:<10} {:>9} {:>9.2f} {:>9.2f} {:>10.4g} {:>10.4g} {:>10.4g} {:>8.1f} MB {:>8} {:>7}\n",
                               name, r.records, r.wall, r.cpu, static_cast<double>(r.records) / r.wall, mb / r.wall,
                               mb / std::max(r.cpu, 1e-9), r.peak_rss_mb,
                               speedup > 0 ? fmt::format("{:.2f}x", speedup) : std::string("-"),
                               r.load > 0 ? fmt::format("{:.2f}", r.load_cpu) : std::string("-"))
                << std::flush;
    };
    std::string groups;
    run_in_child(input, 0, false, groups);  // warm the page cache
    const auto floor = run_in_child(input, 0, false, groups);
    line("floor", floor, 0);
    double base = 0;
    std::string per_seed_text;
    run_result last;
    if (floor_only) threads.clear();
    const auto per_cpu = [](const run_result& r) { return static_cast<double>(r.bytes) / 1e6 / std::max(r.cpu, 1e-9); };
    // The same without the start-up (the context loaded once per process: models, profiles, label
    // indexes, rules, the division table, OpenCC's dictionaries), which a larger corpus spreads thinner.
    const auto per_cpu_reading = [](const run_result& r) {
      return static_cast<double>(r.bytes) / 1e6 / std::max(r.cpu - r.load_cpu, 1e-9);
    };
    double base_exhaustive = 0;
    std::string ratios;
    for (unsigned t : threads) {
      const auto r = run_in_child(input, t, per_seed && t == 1, groups);
      if (t == 1) {
        base = r.wall;
        per_seed_text = groups;
      }
      line(fmt::format("{} thread{}", t, t == 1 ? "" : "s"), r, base > 0 ? base / r.wall : 0);
      std::string ignored;
      const auto e = run_in_child(input, t, false, ignored, true);
      if (t == 1) base_exhaustive = e.wall;
      line(fmt::format("{} exh.", t), e, base_exhaustive > 0 ? base_exhaustive / e.wall : 0);
      ratios += fmt::format(
          "  {} thread{}: planned {:.2f}x --exhaustive, {:.3f} of the floor; without the start-up {:.2f}x and {:.3f}; "
          "{} of {} reports the reading of one profile (docs/plan.md)\n",
          t, t == 1 ? "" : "s", per_cpu(r) / per_cpu(e), per_cpu(r) / per_cpu(floor),
          per_cpu_reading(r) / per_cpu_reading(e), per_cpu_reading(r) / per_cpu(floor), r.planned, r.records);
      last = r;
    }
    if (!threads.empty())
      std::cout << "\nMB per CPU-second, planned over --exhaustive (the same records: docs/plan.md) and over the floor:\n"
                << ratios
                << fmt::format("\nrecords: {} parsed, {} partial, {} failed; JSON Lines: {:.1f} MB\n", last.parsed,
                               last.partial, last.failed, static_cast<double>(last.json_bytes) / 1e6);
    if (!threads.empty() && rss_scale > 1) {
      // Peak RSS of the planned pipeline on the corpus and on one rss_scale times as large, each
      // in its own process (wait4's ru_maxrss), the batch processor's way (no per-report timing).
      const std::size_t large_n = reports * rss_scale;
      const auto large = write_corpus(dir, seeds, large_n, format, "corpus-large");
      std::cout << fmt::format(
          "\npeak RSS by corpus size, planned pipeline (each run a process forked from this one, whose own {:.1f} MB "
          "the floor shows):\n",
          floor.peak_rss_mb);
      std::string ignored;
      for (unsigned t : threads) {
        const auto small_run = run_in_child(input, t, false, ignored);
        const auto large_run = run_in_child(large.first, t, false, ignored);
        std::cout << fmt::format("  {} thread{}: {:>7} reports {:7.1f} MB, {:>7} reports {:7.1f} MB ({:+.1f} MB)\n", t,
                                 t == 1 ? " " : "s", reports, small_run.peak_rss_mb, large_n, large_run.peak_rss_mb,
                                 large_run.peak_rss_mb - small_run.peak_rss_mb);
      }
      std::error_code ec;
      fs::remove_all(large.first, ec);
    }
    if (!per_seed_text.empty()) {
      std::cout << "\nmean CPU time per report, 1 thread (the pipeline, by layout and by encoding; then JSON serialising):\n";
      std::istringstream in(per_seed_text);
      std::string plan_lines;
      for (std::string k; std::getline(in, k, '\t');) {
        double secs = 0;
        std::size_t n = 0;
        in >> secs >> n;
        in.ignore(1);
        if (k.rfind("plan ", 0) == 0)
          plan_lines += fmt::format("  {:<70} {:>6}\n", k.substr(5), n);
        else
          std::cout << fmt::format("  {:<50} {:>9.2f} ms  ({} reports)\n", k, 1000 * secs / n, n);
      }
      std::cout << "\nwhy the plan fell back to every profile (docs/plan.md), 1 thread: reports by reason, then by "
                   "reason and layout:\n"
                << plan_lines;
    }
    if (!floor_only && outputs) {
      // The same corpus, 1 thread (as nianbao parse -j 1): the parse with no output, then with
      // JSON Lines, CSV and SQLite written to files (on the corpus's disk) as -o --csv --db write them.
      g_output_dir = (dir / "outputs").string();
      fs::create_directories(g_output_dir);
      const auto alone = run_in_child(input, 1, false, groups, false, outputs_written::none);
      const auto all = run_in_child(input, 1, false, groups, false, outputs_written::all);
      std::error_code ec;
      const auto db_mb = static_cast<double>(fs::file_size(fs::path(g_output_dir) / "out.sqlite", ec)) / 1e6;
      std::cout << fmt::format("\noutputs, 1 thread:\n{:<34} {:>9} {:>9} {:>9}\n", "run", "wall s", "CPU s", "ratio");
      std::cout << fmt::format("{:<34} {:>9.2f} {:>9.2f} {:>9}\n", "parse alone", alone.wall, alone.cpu, "1.00x");
      std::cout << fmt::format("{:<34} {:>9.2f} {:>9.2f} {:>8.2f}x   (CPU {:.2f}x; SQLite file {:.1f} MB)\n",
                               "parse + JSON Lines + CSV + SQLite", all.wall, all.cpu, all.wall / alone.wall,
                               all.cpu / std::max(alone.cpu, 1e-9), db_mb);
      fs::remove_all(g_output_dir, ec);
    }
    if (!floor_only && !no_published) published_formats(published, 1.0);
    if (grammars) grammar_speeds(seeds);
    if (remove) fs::remove_all(dir);
  } catch (const std::exception& e) {
    std::cerr << "nianbao-bench: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
