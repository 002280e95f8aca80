#pragma once
// ExpandingArray<D>: D values given as one value (repeated D times) or as D values, as
// LibTorch's torch::ExpandingArray (`Conv2dOptions(3, 8, 3)` means kernel_size {3, 3}).
// ExpandingArrayWithOptional<D> may hold None entries (AdaptiveAvgPool2dOptions({3, None}):
// keep that dim's input size). Both convert to the ArrayRef the ops take and print as
// LibTorch: the value alone when D == 1, else "[a, b]", None for an empty optional.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <type_traits>
#include <vector>

#include "ember/core/array_ref.h"
#include "ember/core/error.h"

namespace ember {

template <size_t D, typename T = int64_t>
class ExpandingArray {
 public:
  ExpandingArray(T single) { values_.fill(single); }  // NOLINT: implicit, as LibTorch
  // AdaptiveAvgPool2d(3) for the optional form (int -> optional<int64_t> is two conversions).
  template <class U = T, std::enable_if_t<!std::is_same_v<U, int64_t>, int> = 0>
  ExpandingArray(int64_t single) {  // NOLINT
    values_.fill(T(single));
  }
  ExpandingArray(std::initializer_list<T> list) : ExpandingArray(ArrayRef<T>(list)) {}  // NOLINT
  ExpandingArray(const std::vector<T>& values) : ExpandingArray(ArrayRef<T>(values)) {}  // NOLINT
  ExpandingArray(const std::array<T, D>& values) : values_(values) {}  // NOLINT
  ExpandingArray(ArrayRef<T> values) {  // NOLINT
    EMBER_CHECK(values.size() == D, "ExpandingArray", "expected ", D, " values, but got ", values.size());
    std::copy(values.begin(), values.end(), values_.begin());
  }

  std::array<T, D>& operator*() { return values_; }
  const std::array<T, D>& operator*() const { return values_; }
  std::array<T, D>* operator->() { return &values_; }
  const std::array<T, D>* operator->() const { return &values_; }
  operator ArrayRef<T>() const { return ArrayRef<T>(values_.data(), D); }  // NOLINT
  size_t size() const noexcept { return D; }
  const T& operator[](size_t i) const { return values_[i]; }
  bool operator==(const ExpandingArray& other) const { return values_ == other.values_; }

 private:
  std::array<T, D> values_;
};

template <size_t D>
using ExpandingArrayWithOptional = ExpandingArray<D, std::optional<int64_t>>;

namespace detail {
inline void print_expanding_value(std::ostream& stream, int64_t v) { stream << v; }
inline void print_expanding_value(std::ostream& stream, const std::optional<int64_t>& v) {
  if (v) stream << *v;
  else stream << "None";
}
}  // namespace detail

template <size_t D, typename T>
std::ostream& operator<<(std::ostream& stream, const ExpandingArray<D, T>& array) {
  if (D == 1) {
    detail::print_expanding_value(stream, array[0]);
    return stream;
  }
  stream << "[";
  for (size_t i = 0; i < D; ++i) {
    if (i) stream << ", ";
    detail::print_expanding_value(stream, array[i]);
  }
  return stream << "]";
}

}  // namespace ember
