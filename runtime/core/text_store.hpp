#pragma once
// Texts kept side by side in large blocks: storing one costs no allocation of its own, and a
// view of one stays valid as long as the store lives (a move keeps the blocks).
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace nianbao {

class text_store {
 public:
  std::string_view add(std::string_view s) {
    if (s.size() > room_) {
      const std::size_t size = std::max(kBlock, s.size());
      blocks_.push_back(std::make_unique<char[]>(size));
      next_ = blocks_.back().get();
      room_ = size;
    }
    if (!s.empty()) std::memcpy(next_, s.data(), s.size());
    const std::string_view stored(next_, s.size());
    next_ += s.size();
    room_ -= s.size();
    return stored;
  }

 private:
  static constexpr std::size_t kBlock = 4096;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t room_ = 0;
};

}  // namespace nianbao
