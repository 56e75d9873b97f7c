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
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }

  source_position position(std::size_t byte) const {
    byte = std::min(byte, text_.size());
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), byte) - 1;
    source_position p;
    p.byte = byte;
    p.line = static_cast<std::size_t>(it - starts_.begin()) + 1;
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
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

}  // namespace nianbao
