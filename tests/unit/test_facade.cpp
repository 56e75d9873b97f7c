// The public facade alone (include/nianbao/, target nianbao::nianbao) is enough to read reports:
// this file includes nothing of nianbao but <nianbao/nianbao.hpp>, as a program embedding it would.
#define BOOST_TEST_MODULE facade
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nianbao/nianbao.hpp>

namespace {

const std::string kSeeds = std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/seeds";
const std::string kSeed000 = kSeeds + "/000_7309f594a2168ba9.txt";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double value_of(const nianbao::pipeline::record& r, const std::string& key) {
  const auto& index = r.model->key_index;
  const auto it = index.find(key);
  BOOST_REQUIRE(it != index.end());
  return r.values[it->second].number;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_report_through_the_facade) {
  const nianbao::pipeline::context cx{nianbao::pipeline::options{}};
  const nianbao::pipeline::record r = cx.process(read_file(kSeed000), "000.txt");
  BOOST_TEST(nianbao::pipeline::to_string(r.status) == "parsed");
  BOOST_TEST(r.info.agency == "包头市石拐区");
  BOOST_TEST(r.info.year == 2024);
  BOOST_TEST(value_of(r, "requests.new.total") == 12);
  BOOST_TEST(r.repairs.size() == 49u);
  std::string line;
  nianbao::write::append_json(line, r);
  BOOST_TEST(line.find("\"requests.new.total\":12") != std::string::npos);
}

// Inputs walked and processed on two threads, each with its own worker_state (the processor's):
// the records come back in input order, the same as one at a time with one worker_state.
BOOST_AUTO_TEST_CASE(a_folder_on_two_threads_as_one_at_a_time) {
  const nianbao::pipeline::context cx{nianbao::pipeline::options{}};
  nianbao::input::source src({kSeeds});
  nianbao::input::processor run(cx, src, 2);
  std::vector<std::string> parallel;
  for (nianbao::pipeline::record r; run.next(r);) {
    std::string line;
    nianbao::write::append_json(line, r);
    parallel.push_back(line);
  }
  BOOST_TEST(parallel.size() == 5u);
  nianbao::input::source again({kSeeds});
  nianbao::pipeline::worker_state worker;
  std::size_t i = 0;
  for (nianbao::input::item it; again.next(it); ++i) {
    std::string line;
    nianbao::write::append_json(line, cx.process(it.bytes, it.path, worker));
    BOOST_REQUIRE(i < parallel.size());
    BOOST_TEST(line == parallel[i]);
  }
  BOOST_TEST(i == 5u);
}
