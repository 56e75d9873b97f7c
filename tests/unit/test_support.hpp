#pragma once
// Helpers shared by the unit tests: the seed reports, damaging them, one pipeline context.
#include <fstream>
#include <iterator>
#include <string>

#include <boost/test/unit_test.hpp>

#include "pipeline/pipeline.hpp"

namespace nianbao::test {

// A report of tests/corpus/seeds/, as bytes.
inline std::string seed(const std::string& name) {
  std::ifstream in(std::string(NIANBAO_SOURCE_DIR) + "/tests/corpus/seeds/" + name, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "seed not found: " + name);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

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

}  // namespace nianbao::test
