#pragma once
// c10::irange(end) and c10::irange(begin, end): the integer ranges LibTorch code loops over
// (`for (auto i : c10::irange(t.dim()))`). The range has the type of `end`; an end at or before
// begin gives an empty range, as LibTorch.
#include <algorithm>
#include <iterator>
#include <type_traits>

namespace c10 {

template <class Integer>
class integer_range {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Integer;
    using difference_type = std::ptrdiff_t;
    using pointer = const Integer*;
    using reference = Integer;

    constexpr explicit iterator(Integer value) : value_(value) {}
    constexpr Integer operator*() const { return value_; }
    constexpr iterator& operator++() {
      ++value_;
      return *this;
    }
    constexpr iterator operator++(int) {
      iterator old = *this;
      ++value_;
      return old;
    }
    constexpr bool operator==(const iterator& other) const { return value_ == other.value_; }
    constexpr bool operator!=(const iterator& other) const { return value_ != other.value_; }

   private:
    Integer value_;
  };

  constexpr integer_range(Integer begin, Integer end) : begin_(begin), end_(end) {}
  constexpr iterator begin() const { return iterator(begin_); }
  constexpr iterator end() const { return iterator(end_); }

 private:
  Integer begin_;
  Integer end_;
};

template <class Integer1, class Integer2,
          std::enable_if_t<std::is_integral_v<Integer1> && std::is_integral_v<Integer2>, int> = 0>
constexpr integer_range<Integer2> irange(Integer1 begin, Integer2 end) {
  return {static_cast<Integer2>(begin), std::max(static_cast<Integer2>(begin), end)};
}

template <class Integer, std::enable_if_t<std::is_integral_v<Integer>, int> = 0>
constexpr integer_range<Integer> irange(Integer end) {
  return {Integer(), std::max(Integer(), end)};
}

}  // namespace c10
