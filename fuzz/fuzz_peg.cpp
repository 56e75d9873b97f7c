// Fuzz target: the generator's PEG reader and PEGTL writer (nianbao-peg2pegtl) on arbitrary
// text. A bad grammar must give a nianbao::diagnostic_error naming the file with a position
// inside the text; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "peg_generator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const std::string header = nianbao::generator::generate_header(text, "fuzz.peg", "fuzz");
    nianbao::fuzz::require(!header.empty(), "empty header for an accepted grammar");
  } catch (const nianbao::diagnostic_error& e) {
    nianbao::fuzz::check_diagnostic(e.diag(), text, "fuzz.peg");
  }
  return 0;
}
