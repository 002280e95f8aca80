#pragma once
// DimVector: a small vector of int64_t stored inline up to kInlineDims entries (the common
// case: tensors rarely exceed 5 dims), spilling to the heap beyond. Sizes and strides live
// in these so making a tensor does not allocate for its shape.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "ember/core/array_ref.h"

namespace ember {

class DimVector {
 public:
  static constexpr size_t kInlineDims = 5;

  DimVector() = default;
  explicit DimVector(size_t n, int64_t value = 0) { resize(n, value); }
  DimVector(IntArrayRef values) { assign(values); }  // NOLINT: implicit, like a vector
  DimVector(std::initializer_list<int64_t> values) { assign(IntArrayRef(values)); }
  DimVector(const DimVector& other) { assign(other); }
  DimVector(DimVector&& other) noexcept { steal(other); }
  DimVector& operator=(const DimVector& other) {
    if (this != &other) assign(other);
    return *this;
  }
  DimVector& operator=(DimVector&& other) noexcept {
    if (this != &other) {
      release();
      steal(other);
    }
    return *this;
  }
  ~DimVector() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* data() { return heap_ ? heap_ : inline_; }
  const int64_t* data() const { return heap_ ? heap_ : inline_; }
  int64_t* begin() { return data(); }
  int64_t* end() { return data() + size_; }
  const int64_t* begin() const { return data(); }
  const int64_t* end() const { return data() + size_; }
  int64_t& operator[](size_t i) { return data()[i]; }
  int64_t operator[](size_t i) const { return data()[i]; }
  int64_t& back() { return data()[size_ - 1]; }
  int64_t back() const { return data()[size_ - 1]; }
  operator IntArrayRef() const { return IntArrayRef(data(), size_); }  // NOLINT
  IntArrayRef ref() const { return IntArrayRef(data(), size_); }

  void reserve(size_t n) {
    if (n <= capacity()) return;
    auto* grown = new int64_t[n];
    std::copy(begin(), end(), grown);
    delete[] heap_;
    heap_ = grown;
    heap_capacity_ = n;
  }
  void resize(size_t n, int64_t value = 0) {
    reserve(n);
    for (size_t i = size_; i < n; ++i) data()[i] = value;
    size_ = n;
  }
  void push_back(int64_t v) {
    if (size_ == capacity()) reserve(std::max<size_t>(2 * capacity(), kInlineDims));
    data()[size_++] = v;
  }
  void insert(size_t pos, int64_t v) {
    push_back(0);
    int64_t* d = data();
    std::copy_backward(d + pos, d + size_ - 1, d + size_);
    d[pos] = v;
  }
  void erase(size_t pos) {
    int64_t* d = data();
    std::copy(d + pos + 1, d + size_, d + pos);
    --size_;
  }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }

  friend bool operator==(const DimVector& a, const DimVector& b) { return a.ref() == b.ref(); }

 private:
  size_t capacity() const { return heap_ ? heap_capacity_ : kInlineDims; }
  void assign(IntArrayRef values) {
    size_ = 0;
    reserve(values.size());
    std::copy(values.begin(), values.end(), data());
    size_ = values.size();
  }
  void release() {
    delete[] heap_;
    heap_ = nullptr;
    size_ = 0;
  }
  void steal(DimVector& other) {
    size_ = other.size_;
    if (other.heap_) {
      heap_ = other.heap_;
      heap_capacity_ = other.heap_capacity_;
      other.heap_ = nullptr;
    } else {
      std::copy(other.inline_, other.inline_ + other.size_, inline_);
    }
    other.size_ = 0;
  }

  int64_t inline_[kInlineDims];
  int64_t* heap_ = nullptr;
  size_t heap_capacity_ = 0;
  size_t size_ = 0;
};

inline std::ostream& operator<<(std::ostream& out, const DimVector& v) { return out << v.ref(); }

}  // namespace ember
