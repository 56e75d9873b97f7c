#pragma once
// A cell of the canonical model: what was printed, what it means, and where it came from.
#include <cstdint>
#include <optional>
#include <string>

#include "core/diagnostic.hpp"

namespace nianbao {

enum class cell_kind {
  missing,      // the report does not give this value (not found, or left null on purpose)
  number,       // a number; 0 is a value
  placeholder,  // "/", "无", "——", "不适用", ...: not applicable / none; not 0
  empty,        // an empty cell where a value belongs
  text,         // text where a number belongs
};

const char* to_string(cell_kind k) noexcept;

struct value {
  cell_kind kind = cell_kind::missing;
  double number = 0;     // meaningful when kind == number (exact for integers below 2^53)
  bool integral = true;  // the printed number had no fraction
  std::string raw;       // the cell text as printed (after decoding), e.g. "1,234", "88.78248"
  source_position where; // line/column of the cell in the report
  std::string profile;   // profile that supplied it
  bool repaired = false; // true when the value was not read as printed (see the record's repairs)

  bool has_number() const noexcept { return kind == cell_kind::number; }
};

}  // namespace nianbao
