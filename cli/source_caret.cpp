#include "source_caret.hpp"

#include "nianbao/text.hpp"

namespace nianbao::cli {

std::string source_caret(std::string_view text, const source_position& where) {
  if (where.line == 0) return {};
  diagnostic d;
  d.where = where;
  if (where.page) {
    d.where = position_of(text, where.byte);
    d.source_line = std::string(line_at(text, where.byte));
  } else {
    d.source_line = std::string(line_index(text).line(where.line));
  }
  return d.caret();
}

}  // namespace nianbao::cli
