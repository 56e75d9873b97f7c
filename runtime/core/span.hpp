#pragma once
// A view of consecutive elements of an array (C++17 has no std::span): the cells of one row,
// kept in one flat vector for all rows, so a row costs no allocation of its own.
#include <cstddef>
#include <iterator>

namespace nianbao {

template <class T>
class span {
 public:
  span() = default;
  span(const T* first, std::size_t count) : first_(first), count_(count) {}

  const T* begin() const noexcept { return first_; }
  const T* end() const noexcept { return first_ + count_; }
  std::reverse_iterator<const T*> rbegin() const noexcept { return std::reverse_iterator<const T*>(end()); }
  std::reverse_iterator<const T*> rend() const noexcept { return std::reverse_iterator<const T*>(begin()); }
  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  const T& operator[](std::size_t i) const noexcept { return first_[i]; }
  const T& front() const noexcept { return first_[0]; }
  const T& back() const noexcept { return first_[count_ - 1]; }

 private:
  const T* first_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace nianbao
