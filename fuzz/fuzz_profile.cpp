// Fuzz target: the layout-profile loader (profiles/*.toml) on arbitrary text. A bad profile
// must give a nianbao::diagnostic_error with the file and, where known, a line and column
// inside the text; toml++'s own exceptions or anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "profile/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto p = nianbao::profile::parse_profile(text, "fuzz.toml");
    nianbao::fuzz::require(!p.grammar.empty(), "profile accepted without a grammar");
  } catch (const nianbao::diagnostic_error& e) {
    nianbao::fuzz::check_diagnostic(e.diag(), text, "fuzz.toml");
  }
  return 0;
}
