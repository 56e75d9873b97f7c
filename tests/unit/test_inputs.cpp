#define BOOST_TEST_MODULE inputs
#include <boost/test/unit_test.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <stdlib.h>
#include <unicode/ucnv.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "input/input.hpp"
#include "input/process.hpp"
#include "pipeline/pipeline.hpp"
#include "write/json_writer.hpp"

using namespace nianbao;
namespace fs = std::filesystem;

namespace {

const std::string kSeeds = std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/seeds/";
// Seeds in three layouts: tab-separated (001), pipe per line (002), markdown (004). The pipeline
// takes about a second on 000, 002 and 003 (the repair stage), so the many-record tests use
// 001 and 004 and 002 appears where its layout matters.
const std::string kTab = "001_b567e4114b5ffb79", kPipe = "002_bd575b38e5e6b191", kMarkdown = "004_123f89bb2f6c6569";
const std::vector<std::string> kSeedNames = {kTab, kPipe, kMarkdown};

// "政府信息公开/年度报告.txt" in GBK (as Windows zip tools in China store names), by hand.
const std::string kGbkName =
    "\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA/\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6.txt";
const std::string kGbkNameUtf8 = "政府信息公开/年度报告.txt";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string seed(const std::string& name) { return slurp(kSeeds + name + ".txt"); }

std::string from_utf8(const char* to, const std::string& utf8) {
  UErrorCode e = U_ZERO_ERROR;
  const int32_t n = ucnv_convert(to, "UTF-8", nullptr, 0, utf8.data(), static_cast<int32_t>(utf8.size()), &e);
  BOOST_REQUIRE(e == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(e));
  std::string out(static_cast<std::size_t>(n), '\0');
  e = U_ZERO_ERROR;
  ucnv_convert(to, "UTF-8", out.data(), n, utf8.data(), static_cast<int32_t>(utf8.size()), &e);
  BOOST_REQUIRE(U_SUCCESS(e));
  return out;
}
std::string gb18030(const std::string& s) { return from_utf8("GB18030", s); }
std::string utf16le_bom(const std::string& s) { return "\xFF\xFE" + from_utf8("UTF-16LE", s); }

// A binary member: no text encoding takes it.
std::string binary_bytes() {
  std::string b;
  for (int i = 0; i < 4096; ++i) b += static_cast<char>((i * 7919) & 0xFF);
  return b;
}

struct member {
  std::string name;  // bytes as stored
  std::string data;
  bool store = false;  // zip: no compression
};

enum class kind { zip, tar_gz, tar_xz, seven_zip, tar };

// Writes an archive with libarchive's writer; returns its bytes.
std::string make_archive(kind k, const std::vector<member>& members) {
  // 7z stores names as UTF-16: libarchive converts them with the thread's locale. (zip keeps
  // the "C" locale: names are stored as raw bytes without the UTF-8 flag, as Windows tools do.)
  struct utf8_locale {
    bool on;
    locale_t loc = on ? newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr)) : nullptr;
    locale_t old = loc ? uselocale(loc) : nullptr;
    ~utf8_locale() {
      if (old) uselocale(old);
      if (loc) freelocale(loc);
    }
  } in_utf8{k == kind::seven_zip};
  archive* a = archive_write_new();
  switch (k) {
    case kind::zip: archive_write_set_format_zip(a); break;
    case kind::tar_gz: archive_write_set_format_pax_restricted(a); archive_write_add_filter_gzip(a); break;
    case kind::tar_xz: archive_write_set_format_pax_restricted(a); archive_write_add_filter_xz(a); break;
    case kind::seven_zip: archive_write_set_format_7zip(a); break;
    case kind::tar: archive_write_set_format_pax_restricted(a); break;
  }
  std::vector<char> buf(64u << 20);
  size_t used = 0;
  BOOST_REQUIRE(archive_write_open_memory(a, buf.data(), buf.size(), &used) == ARCHIVE_OK);
  for (const auto& m : members) {
    if (k == kind::zip) {
      if (m.store) archive_write_zip_set_compression_store(a);
      else archive_write_zip_set_compression_deflate(a);
    }
    archive_entry* e = archive_entry_new();
    archive_entry_copy_pathname(e, m.name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(m.data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, 1700000000, 0);
    const int r = archive_write_header(a, e);
    BOOST_REQUIRE_MESSAGE(r == ARCHIVE_OK || r == ARCHIVE_WARN, "header: " << archive_error_string(a));
    BOOST_REQUIRE(archive_write_data(a, m.data.data(), m.data.size()) == static_cast<la_ssize_t>(m.data.size()));
    archive_entry_free(e);
  }
  BOOST_REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string t = (fs::temp_directory_path() / "nianbao-inputs-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(t.data()));
    path = t;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string put(const std::string& name, const std::string& bytes) const {
    const auto p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
};

const pipeline::context& cx() {
  static const pipeline::context c{pipeline::options{}};
  return c;
}

struct result {
  std::string path;
  std::string status;
  std::string encoding;
  nlohmann::ordered_json values;
  std::vector<std::pair<std::string, std::string>> errors;  // code, message
};

std::vector<result> run(const std::vector<std::string>& inputs, unsigned threads = 1, input::options opts = {}) {
  input::source src(inputs, opts);
  input::processor proc(cx(), src, threads);
  std::vector<result> out;
  for (pipeline::record r; proc.next(r);) {
    const auto j = write::to_json(r);
    result x;
    x.path = r.path;
    x.status = pipeline::to_string(r.status);
    x.encoding = r.encoding;
    x.values = j["values"];
    for (const auto& e : r.errors) x.errors.emplace_back(e.code, e.message);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<std::string> paths_of(const std::vector<result>& rs) {
  std::vector<std::string> p;
  for (const auto& r : rs) p.push_back(r.path);
  return p;
}

// Values of each seed read straight from the seed file (UTF-8): the reference.
const std::map<std::string, nlohmann::ordered_json>& reference() {
  static const auto ref = [] {
    std::map<std::string, nlohmann::ordered_json> m;
    for (const auto& s : kSeedNames) {
      const auto rs = run({kSeeds + s + ".txt"});
      BOOST_REQUIRE(rs.size() == 1u);
      m[s] = rs[0].values;
    }
    return m;
  }();
  return ref;
}

int numbers_in(const nlohmann::ordered_json& values) {
  int n = 0;
  for (const auto& [k, v] : values.items()) n += v.is_number();
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_reference_seeds_give_values) {
  // The comparisons below would prove little if the seeds gave nothing.
  for (const auto& s : kSeedNames) BOOST_TEST(numbers_in(reference().at(s)) >= 150, s);
  BOOST_TEST(reference().at(kPipe)["requests.new.natural_person"] == 26);
  BOOST_TEST(reference().at(kTab)["review.reconsideration.upheld"] == 11);  // "11	0	1	0	12" in its table 4
  BOOST_TEST(reference().at(kTab)["review.reconsideration.total"] == 12);
}

BOOST_AUTO_TEST_CASE(a_mixed_archive_gives_one_record_per_member_with_exact_errors) {
  temp_dir tmp;
  member corrupt{"damaged.txt", seed(kMarkdown), true};
  const std::string zip = make_archive(kind::zip, {
      {"utf8/001.txt", seed(kTab)},
      {"gb18030/004.txt", gb18030(seed(kMarkdown))},
      {"utf16/002.txt", utf16le_bom(seed(kPipe))},
      {kGbkName, seed(kMarkdown)},
      corrupt,
      {"binary.dat", binary_bytes()},
      {"last.txt", seed(kTab)},
  });
  // Damage the stored (uncompressed) member's data: its CRC no longer matches.
  std::string bytes = zip;
  const auto at = bytes.find("damaged.txt");
  BOOST_REQUIRE(at != std::string::npos);
  const auto data_at = at + std::string("damaged.txt").size() + 200;  // inside its data
  bytes[data_at] = static_cast<char>(bytes[data_at] ^ 0x55);
  const auto path = tmp.put("mixed.zip", bytes);

  const auto rs = run({path});
  BOOST_REQUIRE_EQUAL(rs.size(), 7u);
  const std::vector<std::string> expected_paths = {
      path + ":utf8/001.txt", path + ":gb18030/004.txt", path + ":utf16/002.txt", path + ":" + kGbkNameUtf8,
      path + ":damaged.txt",  path + ":binary.dat",      path + ":last.txt"};
  BOOST_TEST(paths_of(rs) == expected_paths, boost::test_tools::per_element());

  BOOST_TEST(rs[0].encoding == "UTF-8");
  BOOST_TEST(rs[1].encoding == "GB18030");
  BOOST_TEST(rs[2].encoding == "UTF-16LE (BOM)");
  BOOST_TEST(rs[3].encoding == "UTF-8");
  BOOST_TEST(rs[0].values == reference().at(kTab));
  BOOST_TEST(rs[1].values == reference().at(kMarkdown));
  BOOST_TEST(rs[2].values == reference().at(kPipe));
  BOOST_TEST(rs[3].values == reference().at(kMarkdown));
  BOOST_TEST(rs[6].values == reference().at(kTab));
  for (int i : {0, 1, 2, 3, 6}) BOOST_TEST(rs[i].errors.empty());

  BOOST_TEST(rs[4].status == "failed");
  BOOST_REQUIRE_EQUAL(rs[4].errors.size(), 1u);
  BOOST_TEST(rs[4].errors[0].first == "archive");
  // "...: ZIP bad CRC: 0x6cab32b5 should be 0x1caca08b" (the two checksums of the data).
  const std::string crc_prefix = "cannot read member 'damaged.txt' of the archive '" + path + "': ZIP bad CRC: 0x";
  BOOST_TEST(rs[4].errors[0].second.substr(0, crc_prefix.size()) == crc_prefix);
  BOOST_TEST(rs[4].errors[0].second.find(" should be 0x", crc_prefix.size()) != std::string::npos);
  BOOST_TEST(numbers_in(rs[4].values) == 0);

  BOOST_TEST(rs[5].status == "failed");
  BOOST_REQUIRE_EQUAL(rs[5].errors.size(), 1u);
  BOOST_TEST(rs[5].errors[0].first == "binary");
  BOOST_TEST(rs[5].errors[0].second == "not a text file (binary content at byte 0)");
}

BOOST_AUTO_TEST_CASE(files_zip_tar_gz_tar_xz_7z_and_threads_give_identical_values) {
  temp_dir tmp;
  std::vector<member> members;
  for (const std::string& s : {kTab, kMarkdown}) {
    members.push_back({s + ".txt", seed(s)});
    members.push_back({s + ".gb18030.txt", gb18030(seed(s))});
    members.push_back({s + ".utf16.txt", utf16le_bom(seed(s))});
  }
  for (const auto& m : members) tmp.put("files/" + m.name, m.data);
  const auto zip = tmp.put("c.zip", make_archive(kind::zip, members));
  const auto tgz = tmp.put("c.tar.gz", make_archive(kind::tar_gz, members));
  const auto txz = tmp.put("c.tar.xz", make_archive(kind::tar_xz, members));
  const auto sz = tmp.put("c.7z", make_archive(kind::seven_zip, members));

  // The directory is read in sorted order; the archives in the order written.
  std::vector<member> sorted = members;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  const auto files = run({(tmp.path / "files").string()}, 1);
  BOOST_REQUIRE_EQUAL(files.size(), members.size());
  std::map<std::string, nlohmann::ordered_json> by_name;
  for (std::size_t i = 0; i < files.size(); ++i) {
    BOOST_TEST(files[i].path == (tmp.path / "files" / sorted[i].name).string());
    by_name[sorted[i].name] = files[i].values;
  }
  for (const std::string& s : {kTab, kMarkdown}) {
    // GBK and UTF-16 give the same values as UTF-8
    BOOST_TEST(by_name[s + ".txt"] == reference().at(s), s);
    BOOST_TEST(by_name[s + ".gb18030.txt"] == reference().at(s), s);
    BOOST_TEST(by_name[s + ".utf16.txt"] == reference().at(s), s);
  }

  for (const auto& [archive, threads] : std::vector<std::pair<std::string, unsigned>>{
           {zip, 1}, {zip, 2}, {tgz, 2}, {txz, 1}, {sz, 2}}) {
    const auto rs = run({archive}, threads);
    BOOST_REQUIRE_EQUAL(rs.size(), members.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      BOOST_TEST(rs[i].path == archive + ":" + members[i].name);
      BOOST_TEST(rs[i].values == by_name[members[i].name], archive << " -j" << threads << " " << members[i].name);
      BOOST_TEST(rs[i].encoding == (i % 3 == 0 ? "UTF-8" : i % 3 == 1 ? "GB18030" : "UTF-16LE (BOM)"));
    }
  }
}

BOOST_AUTO_TEST_CASE(parallel_output_keeps_input_order_over_many_items) {
  // Small items of very different cost (a report, a binary, an empty file) in many threads.
  temp_dir tmp;
  std::vector<member> members;
  for (int i = 0; i < 24; ++i) {
    const std::string n = std::to_string(100 + i);
    if (i % 3 == 0) members.push_back({n + ".txt", seed(kMarkdown)});
    else if (i % 3 == 1) members.push_back({n + ".bin", binary_bytes()});
    else members.push_back({n + ".empty", ""});
  }
  const auto zip = tmp.put("many.zip", make_archive(kind::zip, members));
  for (unsigned threads : {1u, 2u, 4u, 7u}) {
    const auto rs = run({zip}, threads);
    BOOST_REQUIRE_EQUAL(rs.size(), members.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      BOOST_TEST(rs[i].path == zip + ":" + members[i].name);
      BOOST_TEST(rs[i].status == (i % 3 == 0 ? "parsed" : "failed"));
      if (i % 3 == 2) {
        BOOST_REQUIRE_EQUAL(rs[i].errors.size(), 1u);
        BOOST_TEST(rs[i].errors[0].first == "empty");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_nested_archive_and_the_depth_limit) {
  temp_dir tmp;
  const std::string inner_zip = make_archive(kind::zip, {{"c.txt", seed(kTab)}});
  const std::string middle = make_archive(kind::tar_gz, {{"b/c.zip", inner_zip}, {"b/d.txt", seed(kMarkdown)}});
  const auto outer = tmp.put("a.zip", make_archive(kind::zip, {{"b.tar.gz", middle}, {"e.txt", gb18030(seed(kTab))}}));

  const auto rs = run({outer});
  BOOST_REQUIRE_EQUAL(rs.size(), 3u);
  BOOST_TEST(rs[0].path == outer + ":b.tar.gz:b/c.zip:c.txt");
  BOOST_TEST(rs[1].path == outer + ":b.tar.gz:b/d.txt");
  BOOST_TEST(rs[2].path == outer + ":e.txt");
  BOOST_TEST(rs[0].values == reference().at(kTab));
  BOOST_TEST(rs[1].values == reference().at(kMarkdown));
  BOOST_TEST(rs[2].values == reference().at(kTab));

  input::options o;
  o.limits.max_depth = 2;
  const auto limited = run({outer}, 1, o);
  BOOST_REQUIRE_EQUAL(limited.size(), 3u);
  BOOST_TEST(limited[0].path == outer + ":b.tar.gz:b/c.zip");
  BOOST_TEST(limited[0].status == "failed");
  BOOST_REQUIRE_EQUAL(limited[0].errors.size(), 1u);
  BOOST_TEST(limited[0].errors[0].first == "nesting");
  BOOST_TEST(limited[0].errors[0].second == "the archive '" + outer +
                                                ":b.tar.gz:b/c.zip' is nested deeper than the limit of 2 archive "
                                                "levels (--max-depth); it was not opened");
  BOOST_TEST(limited[1].path == outer + ":b.tar.gz:b/d.txt");
  BOOST_TEST(limited[1].values == reference().at(kMarkdown));
}

BOOST_AUTO_TEST_CASE(zip_bomb_limits_give_exact_errors_and_the_other_members_still_come_out) {
  temp_dir tmp;
  const std::string zeros(8u << 20, '0');
  const auto bomb = tmp.put("bomb.zip", make_archive(kind::zip, {{"zeros.txt", zeros}, {"ok.txt", seed(kMarkdown)}}));

  // The ratio limit (default 100:1, checked beyond 1 MiB).
  auto rs = run({bomb});
  BOOST_REQUIRE_EQUAL(rs.size(), 2u);
  BOOST_TEST(rs[0].path == bomb + ":zeros.txt");
  BOOST_TEST(rs[0].status == "failed");
  BOOST_REQUIRE_EQUAL(rs[0].errors.size(), 1u);
  BOOST_TEST(rs[0].errors[0].first == "compression-ratio");
  const std::string prefix = "member 'zeros.txt' of the archive '" + bomb +
                             "' expands more than 100 times (the ratio limit, --max-ratio): ";
  BOOST_TEST(rs[0].errors[0].second.substr(0, prefix.size()) == prefix);
  BOOST_TEST(rs[0].errors[0].second.find("a zip bomb? It was not read further") != std::string::npos);
  BOOST_TEST(rs[1].path == bomb + ":ok.txt");
  BOOST_TEST(rs[1].values == reference().at(kMarkdown));

  // The size limit.
  input::options o;
  o.limits.max_size = 1u << 20;
  o.limits.max_ratio = 0;  // off
  rs = run({bomb}, 1, o);
  BOOST_REQUIRE_EQUAL(rs.size(), 2u);
  BOOST_REQUIRE_EQUAL(rs[0].errors.size(), 1u);
  BOOST_TEST(rs[0].errors[0].first == "too-large");
  BOOST_TEST(rs[0].errors[0].second ==
             "member 'zeros.txt' of the archive '" + bomb + "' is larger than the size limit of 1 MiB (--max-size)");
  BOOST_TEST(rs[1].values == reference().at(kMarkdown));

  // A plain file over the size limit.
  const auto big = tmp.put("big.txt", zeros);
  rs = run({big}, 1, o);
  BOOST_REQUIRE_EQUAL(rs.size(), 1u);
  BOOST_REQUIRE_EQUAL(rs[0].errors.size(), 1u);
  BOOST_TEST(rs[0].errors[0].first == "too-large");
  BOOST_TEST(rs[0].errors[0].second == "the file is larger than the size limit of 1 MiB (--max-size)");
}

BOOST_AUTO_TEST_CASE(damaged_empty_and_missing_inputs_each_give_one_record) {
  temp_dir tmp;
  const std::string zip = make_archive(kind::zip, {{"a.txt", seed(kMarkdown)},
                                                   {"b.txt", seed(kTab)},
                                                   {"c.txt", seed(kMarkdown)}});
  // Cut in the middle of b.txt: no central directory, a.txt still comes out, b.txt says the
  // archive breaks off there, nothing is invented for c.txt.
  const auto b_at = zip.find("b.txt");
  const auto cut = tmp.put("cut.zip", zip.substr(0, b_at + 400));
  const auto empty = tmp.put("empty.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0'));
  const auto gz_text = make_archive(kind::tar_gz, {{"x.txt", "x"}});
  const auto bad_gz = tmp.put("bad.tar.gz", gz_text.substr(0, 10) + std::string(40, '\xAB'));
  const auto missing = (tmp.path / "missing.txt").string();

  const auto rs = run({cut, empty, bad_gz, missing});
  BOOST_REQUIRE_EQUAL(rs.size(), 5u);
  BOOST_TEST(rs[0].path == cut + ":a.txt");
  BOOST_TEST(rs[0].values == reference().at(kMarkdown));
  BOOST_TEST(rs[1].path == cut + ":b.txt");
  BOOST_REQUIRE_EQUAL(rs[1].errors.size(), 1u);
  BOOST_TEST(rs[1].errors[0].first == "archive");
  BOOST_TEST(rs[1].errors[0].second == "cannot read member 'b.txt' of the archive '" + cut +
                                           "': ZIP decompression failed (-5); the archive breaks off here, nothing after "
                                           "this member can be read");
  BOOST_TEST(rs[2].path == empty);
  BOOST_REQUIRE_EQUAL(rs[2].errors.size(), 1u);
  BOOST_TEST(rs[2].errors[0].first == "empty-archive");
  BOOST_TEST(rs[2].errors[0].second == "the archive '" + empty + "' holds no files");
  BOOST_TEST(rs[3].path == bad_gz);
  BOOST_REQUIRE_EQUAL(rs[3].errors.size(), 1u);
  BOOST_TEST(rs[3].errors[0].first == "archive");
  BOOST_TEST(rs[3].errors[0].second.substr(0, ("cannot open the archive '" + bad_gz + "' (gzip): ").size()) ==
             "cannot open the archive '" + bad_gz + "' (gzip): ");
  BOOST_TEST(rs[4].path == missing);
  BOOST_REQUIRE_EQUAL(rs[4].errors.size(), 1u);
  BOOST_TEST(rs[4].errors[0].first == "io");
  BOOST_TEST(rs[4].errors[0].second == "cannot read the file: No such file or directory");
  for (const auto& r : rs) BOOST_TEST((r.status == "failed") == (r.path != cut + ":a.txt"));
}

BOOST_AUTO_TEST_CASE(shards_split_the_expanded_sequence_and_together_give_every_record_once) {
  temp_dir tmp;
  const auto zip = tmp.put("d/a.zip", make_archive(kind::zip, {{"1.txt", "x"}, {"2.txt", "y"}, {"3.txt", "z"}}));
  tmp.put("d/b.txt", "b");
  tmp.put("d/c/e.txt", "e");
  const auto tar = tmp.put("t.tar", make_archive(kind::tar, {{"4.txt", "4"}, {"5.zip", make_archive(kind::zip, {{"6.txt", "6"}})}}));
  const std::vector<std::string> inputs = {(tmp.path / "d").string(), tar};
  const std::string d = (tmp.path / "d").string();
  const std::vector<std::string> all = {d + "/a.zip:1.txt", d + "/a.zip:2.txt", d + "/a.zip:3.txt", d + "/b.txt",
                                        d + "/c/e.txt",     tar + ":4.txt",     tar + ":5.zip:6.txt"};
  input::source whole(inputs);
  std::vector<std::string> got;
  for (input::item it; whole.next(it);) {
    BOOST_TEST(it.index == got.size());
    got.push_back(it.path);
  }
  BOOST_TEST(got == all, boost::test_tools::per_element());

  for (std::size_t k = 0; k < 3; ++k) {
    input::options o;
    o.shard_index = k;
    o.shard_count = 3;
    input::source part(inputs, o);
    std::vector<std::string> mine;
    for (input::item it; part.next(it);) {
      BOOST_TEST(it.index % 3 == k);
      BOOST_TEST(it.path == all[it.index]);
      mine.push_back(it.path);
    }
    BOOST_TEST(mine.size() == (k == 0 ? 3u : 2u));
    BOOST_TEST(part.items_seen() == all.size());
  }
}

BOOST_AUTO_TEST_CASE(member_names_in_gbk_become_utf8_and_utf8_stays) {
  BOOST_TEST(input::member_name_to_utf8(kGbkName) == kGbkNameUtf8);
  BOOST_TEST(input::member_name_to_utf8("年度报告/2023.txt") == "年度报告/2023.txt");
  BOOST_TEST(input::member_name_to_utf8("plain/ascii.txt") == "plain/ascii.txt");
  // The same names in a tar archive and a 7z archive (UTF-16 names inside).
  temp_dir tmp;
  const auto t = tmp.put("n.tar", make_archive(kind::tar, {{"年度报告.txt", "x"}}));
  const auto z = tmp.put("n.7z", make_archive(kind::seven_zip, {{"年度报告.txt", "x"}}));
  input::source src({t, z});
  input::item it;
  BOOST_REQUIRE(src.next(it));
  BOOST_TEST(it.path == t + ":年度报告.txt");
  BOOST_TEST(it.bytes == "x");
  BOOST_REQUIRE(src.next(it));
  BOOST_TEST(it.path == z + ":年度报告.txt");
  BOOST_TEST(!src.next(it));
}

BOOST_AUTO_TEST_CASE(sniffing_archives_and_compressed_single_files) {
  using namespace std::string_view_literals;
  BOOST_TEST(input::sniff_archive("PK\x03\x04rest"sv) == "zip");
  BOOST_TEST(input::sniff_archive("\x1F\x8B\x08\x00"sv) == "gzip");
  BOOST_TEST(input::sniff_archive("7z\xBC\xAF\x27\x1C"sv) == "7z");
  BOOST_TEST(input::sniff_archive("\xFD\x37\x7A\x58\x5A\x00"sv) == "xz");
  BOOST_TEST(input::sniff_archive("2024年政府信息公开工作年度报告"sv).empty());
  BOOST_TEST(input::sniff_archive(""sv).empty());
  // report.txt.gz: a compressed single report is one member named without ".gz".
  temp_dir tmp;
  archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  std::vector<char> buf(1u << 20);
  size_t used = 0;
  archive_write_open_memory(a, buf.data(), buf.size(), &used);
  archive_entry* e = archive_entry_new();
  archive_entry_set_filetype(e, AE_IFREG);
  archive_write_header(a, e);
  const std::string text = seed(kMarkdown);
  archive_write_data(a, text.data(), text.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  const auto gz = tmp.put("report.txt.gz", std::string(buf.data(), used));
  const auto rs = run({gz});
  BOOST_REQUIRE_EQUAL(rs.size(), 1u);
  BOOST_TEST(rs[0].path == gz + ":report.txt");
  BOOST_TEST(rs[0].values == reference().at(kMarkdown));
}

BOOST_AUTO_TEST_CASE(gb18030_and_utf16_give_the_values_of_utf8_in_every_layout) {
  for (const auto& s : kSeedNames) {
    const auto& x = cx();
    const auto gb = x.process(gb18030(seed(s)), s + ".gb18030.txt");
    const auto u16 = x.process(utf16le_bom(seed(s)), s + ".utf16.txt");
    BOOST_TEST(gb.encoding == "GB18030");
    BOOST_TEST(u16.encoding == "UTF-16LE (BOM)");
    BOOST_TEST(write::to_json(gb)["values"] == reference().at(s), s);
    BOOST_TEST(write::to_json(u16)["values"] == reference().at(s), s);
  }
}

BOOST_AUTO_TEST_CASE(a_directory_is_walked_in_the_byte_order_of_whole_paths) {
  temp_dir tmp;
  for (const auto* name : {"b.txt", "a/z.txt", "a-b.txt", "a.b/c.txt", "a/sub/y.txt", "a/b.txt", "年/1.txt", "A.txt"})
    tmp.put(std::string("d/") + name, name);
  const std::string d = (tmp.path / "d").string();
  input::source src({d + "/"});  // a trailing slash is not doubled
  std::vector<std::string> got, bytes;
  for (input::item it; src.next(it);) {
    got.push_back(it.path.substr(d.size() + 1));
    bytes.push_back(it.bytes);
  }
  const std::vector<std::string> expected = {"A.txt",   "a-b.txt",     "a.b/c.txt", "a/b.txt",
                                             "a/sub/y.txt", "a/z.txt", "b.txt",     "年/1.txt"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
  BOOST_TEST(bytes == expected, boost::test_tools::per_element());
}
