#pragma once
// Line starts of a text, so byte offsets become (line, code-point column) in O(log n).
#include <algorithm>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao {

class line_index {
 public:
  explicit line_index(std::string_view text) : text_(text) {
    starts_.push_back(0);
    std::size_t column = 0;  // code points since the line start
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % kStep == 0) columns_.push_back(column);
      if (text[i] == '\n') {
        starts_.push_back(i + 1);
        column = 0;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
  }

  source_position position(std::size_t byte) const {
    byte = std::min(byte, text_.size());
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), byte) - 1;
    source_position p;
    p.byte = byte;
    p.line = static_cast<std::size_t>(it - starts_.begin()) + 1;
    // Counted from the last checkpoint inside the line, so a long line (an HTML page on one
    // line) costs at most kStep bytes per position.
    const std::size_t checkpoint = byte / kStep * kStep;
    if (checkpoint > *it && checkpoint / kStep < columns_.size())
      p.column = columns_[checkpoint / kStep] + count_code_points(text_.substr(checkpoint), byte - checkpoint) + 1;
    else
      p.column = count_code_points(text_.substr(*it), byte - *it) + 1;
    return p;
  }

  std::string_view line(std::size_t line_number) const {
    if (line_number == 0 || line_number > starts_.size()) return {};
    const std::size_t b = starts_[line_number - 1];
    std::size_t e = line_number < starts_.size() ? starts_[line_number] - 1 : text_.size();
    return text_.substr(b, e - b);
  }

 private:
  static constexpr std::size_t kStep = 4096;
  std::string_view text_;
  std::vector<std::size_t> starts_;
  std::vector<std::size_t> columns_;  // [i]: code points from its line start to byte i * kStep
};

}  // namespace nianbao
