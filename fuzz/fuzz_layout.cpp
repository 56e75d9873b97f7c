// Fuzz target: every layout grammar (grammars/*.peg, generated into PEGTL) on arbitrary text,
// directly, without the rest of the pipeline: faster than fuzz_process, so it goes deeper into
// the grammars. Each cell's byte range must lie inside the text, in order, and an error
// position too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "layout/layout.hpp"

using namespace nianbao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& g : layout::grammar_registry()) {
    const layout::layout_result r = layout::cut(text, g);
    std::size_t last = 0;
    for (const auto& row : r.rows) {
      for (const auto& c : row.cells) {
        if (c.begin > c.end || c.end > text.size())
          fuzz::finding(std::string("grammar ") + g.name + ": cell range outside the text");
        if (c.begin < last) fuzz::finding(std::string("grammar ") + g.name + ": cells out of order");
        last = c.begin;
      }
    }
    if (r.error && r.error->byte > text.size())
      fuzz::finding(std::string("grammar ") + g.name + ": error position outside the text");
  }
  return 0;
}
