#pragma once
// Helpers shared by the unit tests: the seed reports, damaging them, one pipeline context,
// encodings, temporary files, archives made at run time with libarchive's writer, the corpus
// with its expected values, and running the nianbao command line.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <functional>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "archive_writer.hpp"
#include "pipeline/pipeline.hpp"
#include "write/json_writer.hpp"
#include "json_of.hpp"

namespace nianbao::test {

using json = nlohmann::ordered_json;

// A file's bytes (the test fails if it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A file of the source tree, by its path relative to the repository root.
inline std::string source_path(const std::string& relative) { return std::string(NIANBAO_SOURCE_DIR) + "/" + relative; }

// A report of tests/corpus/seeds/, as bytes.
inline std::string seed(const std::string& name) { return read_file(source_path("tests/corpus/seeds/" + name)); }

// The text with the first occurrence of `from` replaced (the test fails if there is none).
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "text to damage not found: " + from);
  return text.replace(at, from.size(), to);
}

// The built-in models, profiles and rules, loaded once.
inline const pipeline::context& shared_context() {
  static const pipeline::context cx{pipeline::options{}};
  return cx;
}

// UTF-8 -> another encoding with ICU (the tests' independent way of producing input bytes).
inline std::string from_utf8(const char* to, const std::string& utf8) {
  UErrorCode e = U_ZERO_ERROR;
  const int32_t n = ucnv_convert(to, "UTF-8", nullptr, 0, utf8.data(), static_cast<int32_t>(utf8.size()), &e);
  BOOST_REQUIRE(e == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(e));
  std::string out(static_cast<std::size_t>(n), '\0');
  e = U_ZERO_ERROR;
  ucnv_convert(to, "UTF-8", out.data(), n, utf8.data(), static_cast<int32_t>(utf8.size()), &e);
  BOOST_REQUIRE(U_SUCCESS(e));
  return out;
}
inline std::string gb18030(const std::string& utf8) { return from_utf8("GB18030", utf8); }
inline std::string utf16le_bom(const std::string& utf8) { return "\xFF\xFE" + from_utf8("UTF-16LE", utf8); }
inline std::string utf16be_bom(const std::string& utf8) { return "\xFE\xFF" + from_utf8("UTF-16BE", utf8); }

// Bytes no text encoding takes (the decoder's binary check fails on them).
inline std::string binary_bytes() {
  std::string b;
  for (int i = 0; i < 4096; ++i) b += static_cast<char>((i * 7919) & 0xFF);
  return b;
}

// A temporary directory, removed with everything in it at the end of the scope.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    std::string t = (std::filesystem::temp_directory_path() / "nianbao-test-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(t.data()));
    path = t;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  // Writes `bytes` to `name` (a relative path; directories are made); returns the full path.
  std::string put(const std::string& name, const std::string& bytes) const {
    const auto p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    BOOST_REQUIRE_MESSAGE(out, "cannot write " + p.string());
    return p.string();
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// An archive written with libarchive's writer (archive_writer.hpp), in memory.
inline std::string make_archive(archive_kind k, const std::vector<member>& members) {
  try {
    return archive_bytes(k, members);
  } catch (const std::runtime_error& e) {
    BOOST_FAIL(e.what());
    throw;
  }
}

// A report of the corpus (tests/corpus/seeds, tests/corpus/variants) with the values of its
// committed NAME.expected.json: what every way of reading its bytes must give.
struct corpus_report {
  std::string name;    // "seeds/001_b567e4114b5ffb79", "variants/000-crlf"
  std::string file;    // full path of the report
  nlohmann::ordered_json values;
  std::string encoding;  // as in the expected file
};

// Every report of the two corpus directories, in name order, leaving out those whose file
// name starts with one of `skip` (seed 003 and its variants take seconds in the repair stage).
inline std::vector<corpus_report> corpus_reports(const std::vector<std::string>& skip = {}) {
  std::vector<corpus_report> out;
  for (const std::string dir : {"seeds", "variants"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(source_path("tests/corpus/" + dir)))
      if (e.path().extension() == ".txt" && e.path().filename().string()[0] != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const auto stem = f.stem().string();
      if (std::any_of(skip.begin(), skip.end(), [&](const auto& s) { return stem.rfind(s, 0) == 0; })) continue;
      auto expected = f;
      expected.replace_extension(".expected.json");
      const auto j = nlohmann::ordered_json::parse(read_file(expected.string()));
      out.push_back({dir + "/" + stem, f.string(), j.at("values"), j.at("source").at("encoding").get<std::string>()});
    }
  }
  return out;
}

// Runs `nianbao ARGS...` (the command-line program of this build) with standard input from
// `stdin_file` (or /dev/null), standard output and error to files.
struct cli_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline cli_result run_nianbao(const std::vector<std::string>& args, const std::string& stdin_file = "/dev/null") {
  temp_dir tmp;
  const std::string out_file = tmp / "stdout", err_file = tmp / "stderr";
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    const int in = ::open(stdin_file.c_str(), O_RDONLY);
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    std::string program = NIANBAO_CLI;
    argv.push_back(program.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  cli_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

// The lines of a JSON Lines text, parsed.
inline std::vector<nlohmann::ordered_json> json_lines(const std::string& text) {
  std::vector<nlohmann::ordered_json> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(nlohmann::ordered_json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

// The record of an input that parses: its path, no error, the status and values of `expected`
// (an expected file's JSON).
inline void check_parsed_as(const pipeline::record& r, const std::string& path, const json& expected) {
  BOOST_TEST_CONTEXT("good input " << path) {
    BOOST_TEST(r.path == path);
    BOOST_TEST(r.errors.empty());
    BOOST_TEST(pipeline::to_string(r.status) == expected["status"].get<std::string>());
    BOOST_TEST(nianbao::test::json_of(r)["values"] == expected["values"]);
  }
}

// The one error of a record that gave no values: exact code and message, every value null.
inline void check_failed(const pipeline::record& r, const std::string& path, const std::string& code,
                         const std::string& message) {
  BOOST_TEST_CONTEXT("failed input " << path) {
    BOOST_TEST(r.path == path);
    BOOST_TEST(pipeline::to_string(r.status) == std::string("failed"));
    BOOST_REQUIRE_EQUAL(r.errors.size(), 1u);
    BOOST_TEST(r.errors[0].file == path);
    BOOST_TEST(r.errors[0].code == code);
    BOOST_TEST(r.errors[0].message == message);
    for (const auto& v : r.values) BOOST_TEST((v.kind == cell_kind::missing));
    // The record still serialises (strictly: valid UTF-8) with every canonical key.
    const auto j = nianbao::test::json_of(r);
    BOOST_TEST(j.dump().size() > 0u);
    BOOST_TEST(j["values"].size() == r.model->keys.size());
  }
}

// The diagnostic that f throws as diagnostic_error; a test failure when it throws none.
inline diagnostic error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const diagnostic_error& e) {
    return e.diag();
  }
  BOOST_FAIL("no diagnostic_error thrown");
  return {};
}

}  // namespace nianbao::test
