// The progress line of nianbao parse: done/total, percent, time left, reports/s.
#define BOOST_TEST_MODULE progress
#include <boost/test/unit_test.hpp>

#include "batch/progress.hpp"

using nianbao::input::format_duration;
using nianbao::input::progress_line;

BOOST_AUTO_TEST_CASE(with_a_total) {
  // 120 of 1000 in 4 s: 30 reports/s, 880 to go: 29.33 s, shown rounded up.
  BOOST_TEST(progress_line(120, 1000, 2, 4.0) == "nianbao: 120/1000 records (12%), 30.0 reports/s, 30 s left, 2 failed so far");
  // The percent is rounded down: 999 of 1000 is not yet 100%.
  BOOST_TEST(progress_line(999, 1000, 0, 999.0) == "nianbao: 999/1000 records (99%), 1.0 reports/s, 1 s left, 0 failed so far");
  BOOST_TEST(progress_line(1000, 1000, 0, 10.0) == "nianbao: 1000/1000 records (100%), 100.0 reports/s, 0 s left, 0 failed so far");
  // Nothing done yet: no rate to estimate from.
  BOOST_TEST(progress_line(0, 50, 0, 0.5) == "nianbao: 0/50 records (0%), 0.0 reports/s, 0 failed so far");
  BOOST_TEST(progress_line(0, 0, 0, 0.5) == "nianbao: 0/0 records (100%), 0.0 reports/s, 0 failed so far");
}

BOOST_AUTO_TEST_CASE(without_a_total) {
  BOOST_TEST(progress_line(120, std::nullopt, 1, 4.0) == "nianbao: 120 records, 30.0 reports/s, 1 failed so far");
  // A count that came out short (an input changed while it was read): no total rather than 130/120.
  BOOST_TEST(progress_line(130, 120, 0, 13.0) == "nianbao: 130 records, 10.0 reports/s, 0 failed so far");
}

BOOST_AUTO_TEST_CASE(durations) {
  BOOST_TEST(format_duration(0) == "0 s");
  BOOST_TEST(format_duration(0.2) == "1 s");
  BOOST_TEST(format_duration(59) == "59 s");
  BOOST_TEST(format_duration(60) == "1 min 00 s");
  BOOST_TEST(format_duration(185) == "3 min 05 s");
  BOOST_TEST(format_duration(3600) == "1 h 00 min");
  BOOST_TEST(format_duration(7380.5) == "2 h 03 min");
  BOOST_TEST(format_duration(-3) == "0 s");
}

#include <fstream>
#include <filesystem>

#include "input/input.hpp"

// The total the progress line shows is counted as the source gives items: the same skipping
// (README, *.expected.json, hidden files) and each shard's share.
BOOST_AUTO_TEST_CASE(the_inputs_are_counted_as_the_source_gives_them) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nianbao-test-count";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  for (const char* name : {"a.txt", "b.html", "sub/c.txt", "sub/d.md", "e", "README.md", "a.expected.json", ".hidden.txt"})
    std::ofstream(dir / name) << "x";
  using nianbao::input::count_items;
  nianbao::input::options o;
  BOOST_TEST(count_items({dir.string()}, o).value() == 5u);
  BOOST_TEST(count_items({dir.string(), (dir / "README.md").string()}, o).value() == 6u);  // named: read
  o.all_files = true;
  BOOST_TEST(count_items({dir.string()}, o).value() == 8u);
  o.all_files = false;
  o.shard_count = 2;
  o.shard_index = 0;
  BOOST_TEST(count_items({dir.string()}, o).value() == 3u);  // items 0, 2, 4 of 5
  o.shard_index = 1;
  BOOST_TEST(count_items({dir.string()}, o).value() == 2u);
  o.shard_count = 7;
  o.shard_index = 6;
  BOOST_TEST(count_items({dir.string()}, o).value() == 0u);
  BOOST_TEST(!count_items({"-"}, nianbao::input::options{}).has_value());
  fs::remove_all(dir);
}
