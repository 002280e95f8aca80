#pragma once
// SmallVector<T, N>: a vector whose first N elements live inside the object, spilling to the
// heap beyond. A recorded node keeps its edges, input and output metadata and saved tensors in
// these, so recording an op with few inputs and outputs (nearly all of them) allocates the
// node and nothing else. Not copyable or movable: a node never is either.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "ember/core/array_ref.h"

namespace ember::autograd {

template <class T, size_t N>
class SmallVector {
  static_assert(N > 0, "SmallVector needs at least one inline slot");

 public:
  SmallVector() = default;
  SmallVector(const SmallVector&) = delete;
  SmallVector& operator=(const SmallVector&) = delete;
  ~SmallVector() {
    clear();
    free_heap();
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  operator ArrayRef<T>() const { return ArrayRef<T>(data_, size_); }  // NOLINT: like a vector

  void reserve(size_t n) {
    if (n <= capacity_) return;
    T* grown = std::allocator<T>().allocate(n);
    std::uninitialized_move(begin(), end(), grown);
    std::destroy(begin(), end());
    free_heap();
    data_ = grown;
    capacity_ = n;
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == capacity_) reserve(2 * capacity_);
    T* slot = std::construct_at(data_ + size_, std::forward<Args>(args)...);
    ++size_;
    return *slot;
  }
  // By value, so pushing one of this vector's own elements survives a reallocation.
  void push_back(T value) { emplace_back(std::move(value)); }
  void clear() {
    std::destroy(begin(), end());
    size_ = 0;
  }

 private:
  T* inline_data() { return reinterpret_cast<T*>(inline_); }
  void free_heap() {
    if (data_ != inline_data()) std::allocator<T>().deallocate(data_, capacity_);
  }

  alignas(T) std::byte inline_[N * sizeof(T)];
  T* data_ = inline_data();
  size_t size_ = 0;
  size_t capacity_ = N;
};

}  // namespace ember::autograd
