#define BOOST_TEST_MODULE inputs
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <set>

#include "input/input.hpp"
#include "batch/process.hpp"
#include "write/json_writer.hpp"
#include "test_support.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

// The corpus (tests/corpus/seeds and variants) without seed 003 and its GB18030 variant: the
// repair stage takes 7-9 s on each, too slow for the many runs here (`nianbao test` runs them).
const std::vector<corpus_report>& corpus() {
  static const auto c = corpus_reports({"003"});
  return c;
}
const corpus_report& report(const std::string& name) {
  for (const auto& r : corpus())
    if (r.name == name) return r;
  BOOST_FAIL("no corpus report " + name);
  throw;
}
const std::string kTab = "seeds/001_b567e4114b5ffb79", kPipe = "seeds/002_bd575b38e5e6b191",
                  kMarkdown = "seeds/004_123f89bb2f6c6569";

// "政府信息公开/年度报告.txt" in GBK (as Windows zip tools in China store names), by hand.
const std::string kGbkName =
    "\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA/\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6.txt";
const std::string kGbkNameUtf8 = "政府信息公开/年度报告.txt";

// One record, as the tests look at it.
struct result {
  std::string path;
  std::string status;
  std::string encoding;
  json record;  // the JSON Lines object, without source.path
  json values;
  std::vector<std::pair<std::string, std::string>> errors;  // code, message
};

std::vector<result> run(const std::vector<std::string>& inputs, unsigned threads = 1, input::options opts = {}) {
  input::source src(inputs, opts);
  input::processor proc(shared_context(), src, threads);
  std::vector<result> out;
  for (pipeline::record r; proc.next(r);) {
    result x;
    x.path = r.path;
    x.status = pipeline::to_string(r.status);
    x.encoding = r.encoding;
    x.record = nianbao::test::json_of(r);
    x.record["source"].erase("path");
    x.values = x.record["values"];
    for (const auto& e : r.errors) x.errors.emplace_back(e.code, e.message);
    out.push_back(std::move(x));
  }
  BOOST_TEST(proc.most_in_flight() <= proc.window());
  return out;
}

std::vector<std::string> paths_of(const std::vector<result>& rs) {
  std::vector<std::string> p;
  for (const auto& r : rs) p.push_back(r.path);
  return p;
}

// A member of a test archive, and what reading it must give.
struct expected_member {
  member m;
  const corpus_report* of;  // the report whose values it must give
  std::string encoding;
};

// Every corpus report as committed (tab, pipe-per-line, markdown, markdown pipe tables, one
// cell per line, sections swapped; UTF-8 with and without BOM, UTF-16LE, CRLF, CR), and the
// seeds rendered here in GB18030, UTF-16LE and UTF-16BE: in name order.
const std::vector<expected_member>& mixed_members() {
  static const auto members = [] {
    std::vector<expected_member> ms;
    for (const auto& r : corpus()) {
      ms.push_back({{r.name + ".txt", read_file(r.file)}, &r, r.encoding});
      if (r.name.rfind("seeds/", 0) != 0) continue;
      const auto utf8 = read_file(r.file);
      const auto base = "encoded/" + r.name.substr(6);
      ms.push_back({{base + ".gb18030.txt", gb18030(utf8)}, &r, "GB18030"});
      if (r.name == kTab || r.name == kPipe || r.name == kMarkdown)
        ms.push_back({{base + ".utf16le.txt", utf16le_bom(utf8)}, &r, "UTF-16LE (BOM)"});
      if (r.name == kPipe) ms.push_back({{base + ".utf16be.txt", utf16be_bom(utf8)}, &r, "UTF-16BE (BOM)"});
    }
    std::sort(ms.begin(), ms.end(), [](const auto& a, const auto& b) { return a.m.name < b.m.name; });
    return ms;
  }();
  return members;
}

std::vector<member> plain(const std::vector<expected_member>& ms) {
  std::vector<member> out;
  for (const auto& e : ms) out.push_back(e.m);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_corpus_is_what_the_comparisons_need) {
  // Every layout and encoding of the corpus is there, and its expected values are not empty.
  std::set<std::string> encodings;
  for (const auto& e : mixed_members()) encodings.insert(e.encoding);
  BOOST_TEST(encodings == (std::set<std::string>{"GB18030", "UTF-16BE (BOM)", "UTF-16LE (BOM)", "UTF-8", "UTF-8 (BOM)"}),
             boost::test_tools::per_element());
  BOOST_TEST(mixed_members().size() == 23u);
  for (const auto& r : corpus()) {
    int numbers = 0;
    for (const auto& [k, v] : r.values.items()) numbers += v.is_number();
    BOOST_TEST(numbers >= 190, r.name);
  }
  BOOST_TEST(report(kPipe).values["requests.new.natural_person"] == 26);
  BOOST_TEST(report(kTab).values["review.reconsideration.upheld"] == 11);  // "11	0	1	0	12" in its table 4
  BOOST_TEST(report(kTab).values["review.reconsideration.total"] == 12);
}

BOOST_AUTO_TEST_CASE(a_mixed_archive_gives_one_record_per_member_with_exact_errors) {
  temp_dir tmp;
  std::vector<member> members = plain(mixed_members());
  members.push_back({kGbkName, read_file(report(kMarkdown).file)});
  members.push_back({"zz/damaged.txt", read_file(report(kMarkdown).file), true});
  members.push_back({"zz/picture.txt", binary_bytes()});  // named as a report: read, and refused
  members.push_back({"zz/empty.txt", ""});
  members.push_back({"zz/last.txt", read_file(report(kTab).file)});
  std::string bytes = make_archive(archive_kind::zip, members);
  // Damage the stored (uncompressed) member's data: its CRC no longer matches.
  const auto at = bytes.find("zz/damaged.txt");
  BOOST_REQUIRE(at != std::string::npos);
  const auto data_at = at + std::string("zz/damaged.txt").size() + 200;  // inside its data
  bytes[data_at] = static_cast<char>(bytes[data_at] ^ 0x55);
  const auto path = tmp.put("mixed.zip", bytes);

  const auto rs = run({path}, 2);
  BOOST_REQUIRE_EQUAL(rs.size(), members.size());
  std::vector<std::string> expected_paths;
  for (const auto& m : members) expected_paths.push_back(path + ":" + (m.name == kGbkName ? kGbkNameUtf8 : m.name));
  BOOST_TEST(paths_of(rs) == expected_paths, boost::test_tools::per_element());

  const auto& ms = mixed_members();
  for (std::size_t i = 0; i < ms.size(); ++i) {
    BOOST_TEST(rs[i].encoding == ms[i].encoding, ms[i].m.name);
    BOOST_TEST(rs[i].values == ms[i].of->values, ms[i].m.name);
    BOOST_TEST(rs[i].errors.empty(), ms[i].m.name);
  }
  const std::size_t n = ms.size();
  BOOST_TEST(rs[n].values == report(kMarkdown).values);  // the member with the GBK name
  BOOST_TEST(rs[n + 4].values == report(kTab).values);   // after the damaged and failed ones

  // The damaged member: an error naming archive and member, no values.
  const auto& damaged = rs[n + 1];
  BOOST_TEST(damaged.status == "failed");
  BOOST_REQUIRE_EQUAL(damaged.errors.size(), 1u);
  BOOST_TEST(damaged.errors[0].first == "archive");
  // "...: ZIP bad CRC: 0x6cab32b5 should be 0x1caca08b" (the two checksums of the data).
  const std::string crc_prefix = "cannot read member 'zz/damaged.txt' of the archive '" + path + "': ZIP bad CRC: 0x";
  BOOST_TEST(damaged.errors[0].second.substr(0, crc_prefix.size()) == crc_prefix);
  BOOST_TEST(damaged.errors[0].second.find(" should be 0x", crc_prefix.size()) != std::string::npos);
  for (const auto& [k, v] : damaged.values.items()) BOOST_TEST(v.is_null(), k);

  BOOST_TEST(rs[n + 2].status == "failed");
  BOOST_REQUIRE_EQUAL(rs[n + 2].errors.size(), 1u);
  BOOST_TEST(rs[n + 2].errors[0].first == "binary");
  BOOST_TEST(rs[n + 2].errors[0].second == "not a text file (binary content at byte 0)");
  BOOST_TEST(rs[n + 3].status == "failed");
  BOOST_REQUIRE_EQUAL(rs[n + 3].errors.size(), 1u);
  BOOST_TEST(rs[n + 3].errors[0].first == "empty");
  BOOST_TEST(rs[n + 3].errors[0].second == "the input is empty");
}

BOOST_AUTO_TEST_CASE(the_example_archive_written_by_another_zip_tool_gives_the_seed_values) {
  // examples/archive/reports-mixed.zip, written by Python's zipfile: GBK names without the UTF-8
  // flag, GB18030, UTF-16LE, CRLF, and a .tar.gz inside.
  const auto zip = source_path("examples/archive/reports-mixed.zip");
  const auto rs = run({zip}, 2);
  BOOST_REQUIRE_EQUAL(rs.size(), 4u);
  BOOST_TEST(rs[0].path == zip + ":2023年报/000_汇总.txt");
  BOOST_TEST(rs[1].path == zip + ":2023年报/001_utf16.txt");
  BOOST_TEST(rs[2].path == zip + ":2023年报/002_crlf.txt");
  BOOST_TEST(rs[3].path == zip + ":2023年报/more.tar.gz:县级部门/004_红寺堡区政府办公室.txt");
  const std::vector<std::string> encodings = {"GB18030", "UTF-16LE (BOM)", "UTF-8", "UTF-8"};
  const std::vector<std::string> seeds = {"seeds/000_7309f594a2168ba9", kTab, kPipe, kMarkdown};
  for (std::size_t i = 0; i < rs.size(); ++i) {
    BOOST_TEST(rs[i].encoding == encodings[i]);
    BOOST_TEST(rs[i].values == report(seeds[i]).values, rs[i].path);
  }
}

BOOST_AUTO_TEST_CASE(files_zip_tar_gz_tar_xz_7z_and_one_or_two_threads_give_identical_records) {
  temp_dir tmp;
  const auto& ms = mixed_members();
  for (const auto& e : ms) tmp.put("files/" + e.m.name, e.m.data);
  const auto members = plain(ms);
  const auto zip = tmp.put("c.zip", make_archive(archive_kind::zip, members));
  const auto tgz = tmp.put("c.tar.gz", make_archive(archive_kind::tar_gz, members));
  const auto txz = tmp.put("c.tar.xz", make_archive(archive_kind::tar_xz, members));
  const auto sz = tmp.put("c.7z", make_archive(archive_kind::seven_zip, members));

  // The reference: the files of a directory, one thread. Its values are the expected ones.
  const auto files = run({tmp / "files"}, 1);
  BOOST_REQUIRE_EQUAL(files.size(), ms.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    BOOST_TEST(files[i].path == tmp / ("files/" + ms[i].m.name));
    BOOST_TEST(files[i].values == ms[i].of->values, ms[i].m.name);
    BOOST_TEST(files[i].encoding == ms[i].encoding, ms[i].m.name);
  }
  // The same directory with two threads, and every archive: the same records, key by key
  // (values, cells, status, repairs, checks, warnings), in the same order.
  for (const auto& [input, threads] : std::vector<std::pair<std::string, unsigned>>{
           {tmp / "files", 2}, {zip, 1}, {zip, 2}, {tgz, 1}, {tgz, 2}, {txz, 2}, {sz, 2}}) {
    const auto rs = run({input}, threads);
    BOOST_REQUIRE_EQUAL(rs.size(), ms.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const bool dir = input == tmp / "files";
      BOOST_TEST(rs[i].path == (dir ? input + "/" + ms[i].m.name : input + ":" + ms[i].m.name));
      BOOST_TEST(rs[i].record == files[i].record, input << " -j" << threads << " " << ms[i].m.name);
    }
  }
}

BOOST_AUTO_TEST_CASE(parallel_output_keeps_input_order_and_the_window_bounds_memory) {
  // Items of very different cost (a report, a binary, an empty file) in many threads.
  temp_dir tmp;
  std::vector<member> members;
  for (int i = 0; i < 24; ++i) {
    const std::string n = std::to_string(100 + i);
    if (i % 3 == 0) members.push_back({n + ".txt", read_file(report(kMarkdown).file)});
    else if (i % 3 == 1) members.push_back({n + "-binary.txt", binary_bytes()});
    else members.push_back({n + "-empty.txt", ""});
  }
  const auto zip = tmp.put("many.zip", make_archive(archive_kind::zip, members));
  for (unsigned threads : {1u, 2u, 4u, 7u}) {
    const auto rs = run({zip}, threads);
    BOOST_REQUIRE_EQUAL(rs.size(), members.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      BOOST_TEST(rs[i].path == zip + ":" + members[i].name);
      BOOST_TEST(rs[i].status == (i % 3 == 0 ? "parsed" : "failed"));
      if (i % 3 == 0) BOOST_TEST(rs[i].values == report(kMarkdown).values);
      if (i % 3 == 2) {
        BOOST_REQUIRE_EQUAL(rs[i].errors.size(), 1u);
        BOOST_TEST(rs[i].errors[0].first == "empty");
      }
    }
  }
  // A small window: never more items read and not yet returned than it allows.
  input::source src({zip});
  input::processor proc(shared_context(), src, 3, 2);
  std::size_t n = 0;
  for (pipeline::record r; proc.next(r);) ++n;
  BOOST_TEST(n == members.size());
  BOOST_TEST(proc.window() == 2u);
  BOOST_TEST(proc.most_in_flight() <= 2u);
  BOOST_TEST(proc.most_in_flight() >= 1u);
}

BOOST_AUTO_TEST_CASE(a_nested_archive_and_the_depth_limit) {
  temp_dir tmp;
  const std::string tab = read_file(report(kTab).file), markdown = read_file(report(kMarkdown).file);
  const std::string inner_zip = make_archive(archive_kind::zip, {{"c.txt", tab}});
  const std::string middle = make_archive(archive_kind::tar_gz, {{"b/c.zip", inner_zip}, {"b/d.txt", markdown}});
  const auto outer = tmp.put("a.zip", make_archive(archive_kind::zip, {{"b.tar.gz", middle}, {"e.txt", gb18030(tab)}}));

  const auto rs = run({outer});
  BOOST_REQUIRE_EQUAL(rs.size(), 3u);
  BOOST_TEST(rs[0].path == outer + ":b.tar.gz:b/c.zip:c.txt");
  BOOST_TEST(rs[1].path == outer + ":b.tar.gz:b/d.txt");
  BOOST_TEST(rs[2].path == outer + ":e.txt");
  BOOST_TEST(rs[0].values == report(kTab).values);
  BOOST_TEST(rs[1].values == report(kMarkdown).values);
  BOOST_TEST(rs[2].values == report(kTab).values);

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
  BOOST_TEST(limited[1].values == report(kMarkdown).values);
}

BOOST_AUTO_TEST_CASE(zip_bomb_limits_give_exact_errors_and_the_other_members_still_come_out) {
  temp_dir tmp;
  const std::string zeros(8u << 20, '0');
  const std::string markdown = read_file(report(kMarkdown).file);
  const auto bomb = tmp.put("bomb.zip", make_archive(archive_kind::zip, {{"zeros.txt", zeros}, {"ok.txt", markdown}}));

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
  BOOST_TEST(rs[1].values == report(kMarkdown).values);

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
  BOOST_TEST(rs[1].values == report(kMarkdown).values);

  // A plain file over the size limit.
  const auto big = tmp.put("big.txt", zeros);
  rs = run({big}, 1, o);
  BOOST_REQUIRE_EQUAL(rs.size(), 1u);
  BOOST_REQUIRE_EQUAL(rs[0].errors.size(), 1u);
  BOOST_TEST(rs[0].errors[0].first == "too-large");
  BOOST_TEST(rs[0].errors[0].second == "the file '" + big + "' is larger than the size limit of 1 MiB (--max-size)");
}

namespace {

// Damaged, empty and missing inputs, and the records they must give.
struct damaged_inputs {
  temp_dir tmp;
  std::string cut, empty, bad_gz, missing;
  damaged_inputs() {
    const std::string markdown = read_file(report(kMarkdown).file), tab = read_file(report(kTab).file);
    const std::string zip = make_archive(archive_kind::zip, {{"a.txt", markdown}, {"b.txt", tab}, {"c.txt", markdown}});
    // Cut in the middle of b.txt: no central directory, a.txt still comes out, b.txt says the
    // archive breaks off there, nothing is invented for c.txt.
    cut = tmp.put("cut.zip", zip.substr(0, zip.find("b.txt") + 400));
    empty = tmp.put("empty.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0'));
    const auto gz_text = make_archive(archive_kind::tar_gz, {{"x.txt", "x"}});
    bad_gz = tmp.put("bad.tar.gz", gz_text.substr(0, 10) + std::string(40, '\xAB'));
    missing = tmp / "missing.txt";
  }
  std::vector<std::string> inputs() const { return {cut, empty, bad_gz, missing}; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(damaged_empty_and_missing_inputs_each_give_one_record) {
  const damaged_inputs d;
  const auto rs = run(d.inputs());
  BOOST_REQUIRE_EQUAL(rs.size(), 5u);
  BOOST_TEST(rs[0].path == d.cut + ":a.txt");
  BOOST_TEST(rs[0].values == report(kMarkdown).values);
  BOOST_TEST(rs[1].path == d.cut + ":b.txt");
  BOOST_REQUIRE_EQUAL(rs[1].errors.size(), 1u);
  BOOST_TEST(rs[1].errors[0].first == "archive");
  BOOST_TEST(rs[1].errors[0].second == "cannot read member 'b.txt' of the archive '" + d.cut +
                                           "': ZIP decompression failed (-5); the archive breaks off here, nothing "
                                           "after this member can be read");
  BOOST_TEST(rs[2].path == d.empty);
  BOOST_REQUIRE_EQUAL(rs[2].errors.size(), 1u);
  BOOST_TEST(rs[2].errors[0].first == "empty-archive");
  BOOST_TEST(rs[2].errors[0].second == "the archive '" + d.empty + "' holds no files");
  BOOST_TEST(rs[3].path == d.bad_gz);
  BOOST_REQUIRE_EQUAL(rs[3].errors.size(), 1u);
  BOOST_TEST(rs[3].errors[0].first == "archive");
  const std::string open_prefix = "cannot open the archive '" + d.bad_gz + "' (gzip): ";
  BOOST_TEST(rs[3].errors[0].second.substr(0, open_prefix.size()) == open_prefix);
  BOOST_TEST(rs[4].path == d.missing);
  BOOST_REQUIRE_EQUAL(rs[4].errors.size(), 1u);
  BOOST_TEST(rs[4].errors[0].first == "io");
  BOOST_TEST(rs[4].errors[0].second == "cannot read the file '" + d.missing + "': No such file or directory");
  for (const auto& r : rs) BOOST_TEST((r.status == "failed") == (r.path != d.cut + ":a.txt"));
}

BOOST_AUTO_TEST_CASE(shards_split_the_expanded_sequence_and_together_give_every_record_once) {
  temp_dir tmp;
  const auto zip =
      tmp.put("d/a.zip", make_archive(archive_kind::zip, {{"1.txt", "x"}, {"2.txt", "y"}, {"3.txt", "z"}}));
  tmp.put("d/b.txt", "b");
  tmp.put("d/c/e.txt", "e");
  tmp.put("d/c/e.expected.json", "{}");  // not a report: not an item either
  const auto tar = tmp.put("t.tar", make_archive(archive_kind::tar, {{"4.txt", "4"},
                                                                     {"5.zip", make_archive(archive_kind::zip, {{"6.txt", "6"}})}}));
  const damaged_inputs damaged;  // the items of damaged archives count the same in every shard
  std::vector<std::string> inputs = {tmp / "d", tar};
  for (const auto& in : damaged.inputs()) inputs.push_back(in);
  const std::string d = tmp / "d";
  const std::vector<std::string> all = {d + "/a.zip:1.txt", d + "/a.zip:2.txt", d + "/a.zip:3.txt",
                                        d + "/b.txt",       d + "/c/e.txt",     tar + ":4.txt",
                                        tar + ":5.zip:6.txt", damaged.cut + ":a.txt", damaged.cut + ":b.txt",
                                        damaged.empty,      damaged.bad_gz,     damaged.missing};
  input::source whole(inputs);
  std::vector<std::string> got;
  for (input::item it; whole.next(it);) {
    BOOST_TEST(it.index == got.size());
    got.push_back(it.path);
  }
  BOOST_TEST(got == all, boost::test_tools::per_element());

  for (std::size_t count : {2u, 3u, 5u}) {
    std::vector<std::string> united(all.size());
    for (std::size_t k = 0; k < count; ++k) {
      input::options o;
      o.shard_index = k;
      o.shard_count = count;
      input::source part(inputs, o);
      for (input::item it; part.next(it);) {
        BOOST_TEST(it.index % count == k);
        BOOST_REQUIRE(it.index < all.size());
        BOOST_TEST(united[it.index].empty());  // once
        united[it.index] = it.path;
      }
      BOOST_TEST(part.items_seen() == all.size());
    }
    BOOST_TEST(united == all, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(member_names_in_gbk_become_utf8_and_utf8_stays) {
  BOOST_TEST(input::member_name_to_utf8(kGbkName) == kGbkNameUtf8);
  BOOST_TEST(input::member_name_to_utf8("年度报告/2023.txt") == "年度报告/2023.txt");
  BOOST_TEST(input::member_name_to_utf8("plain/ascii.txt") == "plain/ascii.txt");
  // The same names in a tar archive and a 7z archive (UTF-16 names inside).
  temp_dir tmp;
  const auto t = tmp.put("n.tar", make_archive(archive_kind::tar, {{"年度报告.txt", "x"}}));
  const auto z = tmp.put("n.7z", make_archive(archive_kind::seven_zip, {{"年度报告.txt", "x"}}));
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
  const std::string text = read_file(report(kMarkdown).file);
  archive_write_data(a, text.data(), text.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  const auto gz = tmp.put("report.txt.gz", std::string(buf.data(), used));
  const auto rs = run({gz});
  BOOST_REQUIRE_EQUAL(rs.size(), 1u);
  BOOST_TEST(rs[0].path == gz + ":report.txt");
  BOOST_TEST(rs[0].values == report(kMarkdown).values);
}

BOOST_AUTO_TEST_CASE(a_directory_is_walked_in_the_byte_order_of_whole_paths) {
  temp_dir tmp;
  for (const auto* name : {"b.txt", "a/z.txt", "a-b.txt", "a.b/c.txt", "a/sub/y.txt", "a/b.txt", "年/1.txt", "A.txt"})
    tmp.put(std::string("d/") + name, name);
  const std::string d = tmp / "d";
  input::source src({d + "/"});  // a trailing slash is not doubled
  std::vector<std::string> got, bytes;
  for (input::item it; src.next(it);) {
    got.push_back(it.path.substr(d.size() + 1));
    bytes.push_back(it.bytes);
  }
  const std::vector<std::string> expected = {"A.txt",       "a-b.txt", "a.b/c.txt", "a/b.txt",
                                             "a/sub/y.txt", "a/z.txt", "b.txt",     "年/1.txt"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
  BOOST_TEST(bytes == expected, boost::test_tools::per_element());
}

namespace {

// What a source yields, and what it skipped ("*.png 1"), in order.
std::vector<std::string> paths_of(input::source& src) {
  std::vector<std::string> got;
  for (input::item it; src.next(it);) got.push_back(it.path);
  return got;
}
std::vector<std::string> skipped_of(const input::source& src) {
  std::vector<std::string> skipped;
  for (const auto& [kind, count] : src.skipped()) skipped.push_back(kind + " " + std::to_string(count));
  return skipped;
}
// How many items a source of `path` yields with options::all_files, which skips nothing.
std::size_t count_all_files(const std::string& path) {
  input::options all;
  all.all_files = true;
  input::source every({path}, all);
  const auto n = paths_of(every).size();
  BOOST_TEST(every.skipped().empty());
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_directory_walk_reads_report_like_files_only_and_counts_the_others) {
  BOOST_TEST(input::is_report_name("report.txt"));
  BOOST_TEST(input::is_report_name("REPORT.TXT"));
  BOOST_TEST(input::is_report_name("2023年报.md"));
  BOOST_TEST(input::is_report_name("page.html"));
  BOOST_TEST(input::is_report_name("bundle.tar.gz"));
  BOOST_TEST(input::is_report_name("2023年报"));  // no extension: read (and sniffed)
  BOOST_TEST(!input::is_report_name("README.md"));
  BOOST_TEST(!input::is_report_name("readme"));
  BOOST_TEST(!input::is_report_name("000_7309f594a2168ba9.expected.json"));
  BOOST_TEST(!input::is_report_name("out.jsonl"));
  BOOST_TEST(input::is_report_name("report.PDF"));  // read by its structure (read/pdf.cpp)
  BOOST_TEST(!input::is_report_name("scan.png"));
  BOOST_TEST(!input::is_report_name(".hidden.txt"));

  temp_dir tmp;
  const std::string markdown = read_file(report(kMarkdown).file);
  tmp.put("d/000.txt", markdown);
  tmp.put("d/000.expected.json", "{\"values\": {}}");
  tmp.put("d/001.TXT", markdown);
  tmp.put("d/001.expected.json", "{\"values\": {}}");
  tmp.put("d/out.jsonl", "{}\n");
  tmp.put("d/out.csv", "path\r\n");
  tmp.put("d/scan.png", "\x89PNG");
  tmp.put("d/README.md", "# about these reports");
  tmp.put("d/.notes.txt", "hidden");
  tmp.put("d/.git/HEAD", "ref: refs/heads/main");
  tmp.put("d/noext", markdown);
  tmp.put("d/bundle.dat", make_archive(archive_kind::zip, {{"in.txt", markdown}}));  // an archive by content
  const std::string d = tmp / "d";

  input::source src({d, tmp.put("named.json", "{}")});  // a file named as input is always read
  BOOST_TEST(paths_of(src) == (std::vector<std::string>{d + "/000.txt", d + "/001.TXT", d + "/bundle.dat:in.txt",
                                              d + "/noext", tmp / "named.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(skipped_of(src) == (std::vector<std::string>{"*.csv 1", "*.expected.json 2", "*.jsonl 1", "*.png 1",
                                                          "README* 1", "hidden 2"}),
             boost::test_tools::per_element());
  // options::all_files: every file, hidden ones too.
  BOOST_TEST(count_all_files(d) == 12u);
}

// An archive is walked like a directory: members that are not reports by their name are skipped
// and counted, unless options::all_files.
BOOST_AUTO_TEST_CASE(archive_members_that_are_not_reports_are_skipped_and_counted) {
  temp_dir tmp;
  const std::string markdown = read_file(report(kMarkdown).file);
  const auto path = tmp.put("bundle.zip", make_archive(archive_kind::zip, {{"2023/000.txt", markdown},
                                                                         {"2023/000.expected.json", "{}"},
                                                                         {"2023/README.md", "# about"},
                                                                         {"2023/scan.png", "\x89PNG"},
                                                                         {"__MACOSX/2023/._000.txt", "fork"},
                                                                         {"2023/noext", markdown}}));
  input::source src({path});
  BOOST_TEST(paths_of(src) == (std::vector<std::string>{path + ":2023/000.txt", path + ":2023/noext"}),
             boost::test_tools::per_element());
  BOOST_TEST(skipped_of(src) == (std::vector<std::string>{"*.expected.json 1", "*.png 1", "README* 1", "hidden 1"}),
             boost::test_tools::per_element());
  BOOST_TEST(count_all_files(path) == 6u);
  BOOST_TEST(*input::count_items({path}, {}) == 2u);
}

// ---- the command line: standard input, summary, exit status, shards ---------------------------

BOOST_AUTO_TEST_CASE(standard_input_takes_a_report_or_an_archive) {
  temp_dir tmp;
  const std::string markdown = read_file(report(kMarkdown).file), tab = read_file(report(kTab).file);
  const std::vector<member> members = {{"x/a.txt", markdown}, {"x/b.txt", gb18030(tab)}};
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"report.txt", markdown},
           {"bundle.tar.gz", make_archive(archive_kind::tar_gz, members)},
           {"bundle.zip", make_archive(archive_kind::zip, members)}}) {
    const auto r = run_nianbao({"parse", "-", "-j", "2"}, tmp.put(name, bytes));
    BOOST_TEST(r.exit_code == 0, name << ": " << r.err);
    const auto lines = json_lines(r.out);
    if (name == "report.txt") {
      BOOST_REQUIRE_EQUAL(lines.size(), 1u);
      BOOST_TEST(lines[0]["source"]["path"] == "-");
      BOOST_TEST(lines[0]["values"] == report(kMarkdown).values);
      continue;
    }
    BOOST_REQUIRE_EQUAL(lines.size(), 2u);
    BOOST_TEST(lines[0]["source"]["path"] == "-:x/a.txt", name);
    BOOST_TEST(lines[1]["source"]["path"] == "-:x/b.txt", name);
    BOOST_TEST(lines[0]["values"] == report(kMarkdown).values, name);
    BOOST_TEST(lines[1]["values"] == report(kTab).values, name);
    BOOST_TEST(lines[1]["source"]["encoding"] == "GB18030", name);
  }
}

BOOST_AUTO_TEST_CASE(parse_prints_one_summary_line_and_exits_with_a_status_scripts_can_use) {
  temp_dir tmp;
  const std::string markdown = read_file(report(kMarkdown).file);
  tmp.put("ok/a.txt", markdown);
  tmp.put("ok/a.expected.json", "{}");
  tmp.put("ok/scan.png", "\x89PNG");
  auto r = run_nianbao({"parse", tmp / "ok", "-o", tmp / "out.jsonl"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(json_lines(read_file(tmp / "out.jsonl")).size() == 1u);
  // Not a progress bar (standard error is not a terminal): the summary line alone.
  const std::regex summary(
      "nianbao: 1 reports: 1 parsed, 0 partial, 0 failed; [0-9]+ rule failures in [01] reports \\([0-9.]+ s, [0-9]+ "
      "reports/s\\); 2 files in directories and archives skipped, not reports: 1 \\*\\.expected\\.json, 1 \\*\\.png "
      "\\(--all-files reads them\\)\n");
  BOOST_TEST(std::regex_match(r.err, summary), r.err);

  // A failed input: its error on standard error (path and member named), status 1.
  const auto zip = tmp.put("bad.zip", make_archive(archive_kind::zip, {{"a.txt", markdown}, {"b.txt", binary_bytes()}}));
  r = run_nianbao({"parse", zip, "-j", "1"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(json_lines(r.out).size() == 2u);
  BOOST_TEST(r.err.find(zip + ":b.txt: error[binary]: not a text file (binary content at byte 0)\n") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("nianbao: 2 reports: 1 parsed, 0 partial, 1 failed;") != std::string::npos, r.err);

  // Usage errors: status 2.
  BOOST_TEST(run_nianbao({"parse", zip, "--shard", "3/3"}).exit_code == 2);
  BOOST_TEST(run_nianbao({"parse", zip, "--no-such-option"}).exit_code == 2);
  BOOST_TEST(run_nianbao({"parse", zip, "-o", "-", "--csv", "-"}).exit_code == 2);
  BOOST_TEST(run_nianbao({"parse", zip, "--db", tmp / "no/such/dir/x.db"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(shard_runs_of_the_command_line_together_give_every_record_once) {
  temp_dir tmp;
  std::vector<member> members;
  for (int i = 0; i < 7; ++i) members.push_back({"r" + std::to_string(i) + ".txt", i == 3 ? binary_bytes() : "x"});
  const auto zip = tmp.put("s.zip", make_archive(archive_kind::zip, members));
  std::vector<std::string> united(members.size());
  for (int k = 0; k < 3; ++k) {
    const auto r = run_nianbao({"parse", zip, "--shard", std::to_string(k) + "/3", "-j", "2"});
    const auto lines = json_lines(r.out);
    BOOST_TEST(lines.size() == (k == 0 ? 3u : 2u));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::size_t index = static_cast<std::size_t>(k) + 3 * i;
      BOOST_TEST(lines[i]["source"]["path"] == zip + ":" + members[index].name);
      united[index] = lines[i]["source"]["path"].get<std::string>();
    }
  }
  for (std::size_t i = 0; i < members.size(); ++i) BOOST_TEST(united[i] == zip + ":" + members[i].name);
}
