#pragma once
// Line starts of a text, so byte offsets become (line, code-point column) in O(log n).
#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao {

class line_index {
 public:
  // Two loops (newlines by memchr, code points counted per block, eight bytes at a time) rather
  // than one that tests each byte for both: this runs over every byte of every report.
  explicit line_index(std::string_view text) : text_(text) {
    starts_.push_back(0);
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; p < end; ++p) {
      p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!p) break;
      starts_.push_back(static_cast<std::size_t>(p - begin) + 1);
    }
    block_code_points_.reserve(text.size() / kBlock + 1);
    std::size_t code_points = 0;
    for (std::size_t b = 0; b < text.size(); b += kBlock) {
      block_code_points_.push_back(code_points);
      code_points += count_code_points(text.substr(b), kBlock);
    }
    if (text.size() % kBlock == 0) block_code_points_.push_back(code_points);  // the end, as a block start
  }

  source_position position(std::size_t byte) const {
    byte = std::min(byte, text_.size());
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), byte) - 1;
    source_position p;
    p.byte = byte;
    p.line = static_cast<std::size_t>(it - starts_.begin()) + 1;
    // Near the line start (every line of a normal report), count directly; far from it, use the
    // per-block counts, so that a cell of a 100 MB line costs no more than one of a short line.
    p.column = (byte - *it <= kBlock ? count_code_points(text_.substr(*it), byte - *it)
                                     : code_points_before(byte) - code_points_before(*it)) +
               1;
    return p;
  }

  // The position of `byte` given that of an earlier byte (`earlier`, from position()): on the
  // same line, counted on from it, so that the cells of a row cost the length of the row, not
  // that times the number of cells.
  source_position position(std::size_t byte, const source_position& earlier) const {
    byte = std::min(byte, text_.size());
    if (earlier.line == 0 || earlier.byte > byte || byte - earlier.byte > kBlock ||
        (earlier.line < starts_.size() && starts_[earlier.line] <= byte))
      return position(byte);
    source_position p = earlier;
    p.byte = byte;
    p.column += count_code_points(text_.substr(earlier.byte), byte - earlier.byte);
    return p;
  }

  std::string_view line(std::size_t line_number) const {
    if (line_number == 0 || line_number > starts_.size()) return {};
    const std::size_t b = starts_[line_number - 1];
    std::size_t e = line_number < starts_.size() ? starts_[line_number] - 1 : text_.size();
    return text_.substr(b, e - b);
  }

 private:
  // Code points in text_[0, byte), from the count at the start of its block: O(kBlock). Counting
  // from the line start made one line of 5 million cells take hours (issue 7, finding F8).
  std::size_t code_points_before(std::size_t byte) const {
    const std::size_t block = byte / kBlock;  // byte <= text_.size(): always a known block
    return block_code_points_[block] + count_code_points(text_.substr(block * kBlock), byte - block * kBlock);
  }

  static constexpr std::size_t kBlock = 512;
  std::string_view text_;
  std::vector<std::size_t> starts_;
  std::vector<std::size_t> block_code_points_;  // code points before each block of kBlock bytes
};

}  // namespace nianbao
