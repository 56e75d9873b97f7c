// Writes the seeds of fuzz_archive into a directory (fuzz/seeds/archive/), from the small
// hand-made reports of fuzz/seeds/report/, with libarchive's writer (the same code as the unit
// tests' archives: tests/unit/archive_writer.hpp). Run by hand when the seeds should change:
//
//   build-asan/fuzz/make_archive_seeds fuzz/seeds/report fuzz/seeds/archive
//
// Every seed is small (at most a few KiB: fuzz_archive runs with -max_len=32768) and exercises
// one path of the input layer: each format, nesting (within fuzz_archive's depth limit of 2 and
// beyond it), a member name in GBK, a truncated archive, a member that expands past the ratio
// limit, one past the size limit only, an empty archive, an Office file.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "archive_writer.hpp"

using namespace nianbao::test;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
  std::cout << path << ": " << bytes.size() << " bytes\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_archive_seeds REPORT_SEEDS_DIR OUT_DIR\n";
    return 2;
  }
  try {
    const std::string in = argv[1], out = std::string(argv[2]) + "/";
    const std::string tab = read(in + "/mini-tab.txt"), pipe = read(in + "/mini-pipe.txt"),
                      gbk = read(in + "/mini-gbk.txt"), utf16 = read(in + "/mini-utf16le-bom.txt");
    const std::vector<member> two = {{"a/tab.txt", tab}, {"a/pipe.txt", pipe, true}};

    write(out + "two.zip", archive_bytes(archive_kind::zip, two));
    write(out + "two.tar", archive_bytes(archive_kind::tar, two));
    write(out + "two.tar.gz", archive_bytes(archive_kind::tar_gz, two));
    write(out + "two.tar.xz", archive_bytes(archive_kind::tar_xz, two));
    write(out + "two.7z", archive_bytes(archive_kind::seven_zip, two));
    // "政府信息公开/年度报告.txt" in GBK, without zip's UTF-8 flag (as Windows zip tools write it).
    write(out + "gbk-name.zip",
          archive_bytes(archive_kind::zip, {{"\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA/"
                                             "\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6.txt",
                                             gbk}}));
    // Depth 2 (opened by fuzz_archive) and depth 3 (refused: "nesting").
    const std::string inner = archive_bytes(archive_kind::zip, {{"c.txt", tab}});
    write(out + "nested.zip", archive_bytes(archive_kind::zip, {{"b.zip", inner}, {"d.txt", utf16, true}}));
    const std::string middle = archive_bytes(archive_kind::tar_gz, {{"b/c.zip", inner}, {"b/d.txt", pipe}});
    write(out + "nested3.zip", archive_bytes(archive_kind::zip, {{"b.tar.gz", middle}}));
    // Cut in the middle of the second member: no central directory.
    const std::string whole = archive_bytes(archive_kind::zip, two);
    write(out + "truncated.zip", whole.substr(0, whole.size() * 2 / 3));
    // 256 KiB of one byte: past fuzz_archive's ratio (10 from 4 KiB) and size (64 KiB) limits.
    write(out + "zeros.zip", archive_bytes(archive_kind::zip, {{"zeros.txt", std::string(256u << 10, '0')}, {"ok.txt", tab}}));
    // 80 KiB of 'a' and 'b' (pseudo-random: deflates about 8 to 1): past the size limit (64 KiB)
    // but within the ratio limit, so that fuzz_archive reaches "too-large" as well.
    std::string ab;
    for (std::uint32_t x = 12345; ab.size() < (80u << 10);) {
      x = x * 1103515245u + 12345u;
      ab += (x >> 16) & 1 ? 'a' : 'b';
    }
    write(out + "large.zip", archive_bytes(archive_kind::zip, {{"ab.txt", ab}, {"ok.txt", pipe}}));
    write(out + "empty.zip", archive_bytes(archive_kind::zip, {}));
    write(out + "office.zip", archive_bytes(archive_kind::zip, {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w/>"}}));
  } catch (const std::exception& e) {
    std::cerr << "make_archive_seeds: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
