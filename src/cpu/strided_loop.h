#pragma once
// StridedLoop<N>: the one N-d iterator every elementwise CPU kernel runs on.
//
// N operands (operand 0 is usually the output) share one iteration shape; inputs that are
// broadcast carry stride 0. The constructor reorders dims innermost-first by operand 0's
// strides, drops size-1 dims and merges dims that are contiguous for every operand, so a
// contiguous tensor of any rank becomes one flat run, and a transposed one becomes 2 dims.
// Kernels then get 1-D runs: inner(ptrs, byte_strides, n), where ptrs[k] points at operand
// k's first element of the run and byte_strides[k] is its step (0 for a broadcast scalar).
#include <array>
#include <cstdint>

#include "cpu/parallel.h"
#include "ember/core/dim_vector.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

template <int N>
class StridedLoop {
 public:
  StridedLoop(const std::array<const Tensor*, N>& operands, IntArrayRef shape) {
    int64_t ndim = static_cast<int64_t>(shape.size());
    numel_ = 1;
    for (int64_t s : shape) numel_ *= s;
    for (int k = 0; k < N; ++k) {
      base_[k] = static_cast<char*>(operands[k]->data_ptr());
      elem_[k] = operands[k]->element_size();
    }
    // Innermost-first dims, size-1 dims dropped.
    DimVector dims;
    for (int64_t d = ndim - 1; d >= 0; --d)
      if (shape[d] != 1) dims.push_back(d);
    // Order by operand 0's stride (stable insertion sort: rank is small), so writes go in
    // memory order even when the destination is a permuted view.
    auto out_stride = [&](int64_t d) { return operands[0]->strides()[d]; };
    for (size_t i = 1; i < dims.size(); ++i)
      for (size_t j = i; j > 0 && out_stride(dims[j]) < out_stride(dims[j - 1]) && out_stride(dims[j]) != 0; --j)
        std::swap(dims[j], dims[j - 1]);
    for (int64_t d : dims) {
      int64_t size = shape[d];
      std::array<int64_t, N> st;
      for (int k = 0; k < N; ++k) st[k] = operands[k]->strides()[d] * elem_[k];
      if (!shape_.empty()) {
        bool mergeable = true;
        for (int k = 0; k < N; ++k)
          mergeable &= st[k] == strides_[k].back() * shape_.back();
        if (mergeable) {
          shape_.back() *= size;
          continue;
        }
      }
      shape_.push_back(size);
      for (int k = 0; k < N; ++k) strides_[k].push_back(st[k]);
    }
    if (shape_.empty()) {  // 0-dim or all-ones: a single element
      shape_.push_back(1);
      for (int k = 0; k < N; ++k) strides_[k].push_back(elem_[k]);
    }
  }

  int64_t numel() const { return numel_; }
  int64_t ndim() const { return static_cast<int64_t>(shape_.size()); }
  // Byte strides of the innermost run, per operand.
  std::array<int64_t, N> inner_strides() const {
    std::array<int64_t, N> s;
    for (int k = 0; k < N; ++k) s[k] = strides_[k][0];
    return s;
  }

  // Runs inner over linear element range [begin, end) of the iteration space (so a caller
  // may split the range across threads).
  template <class F>
  void run(int64_t begin, int64_t end, F&& inner) const {
    if (begin >= end) return;
    int64_t nd = ndim();
    DimVector index(nd);
    int64_t rest = begin;
    for (int64_t d = 0; d < nd; ++d) {
      index[d] = rest % shape_[d];
      rest /= shape_[d];
    }
    std::array<char*, N> ptrs;
    for (int k = 0; k < N; ++k) {
      ptrs[k] = base_[k];
      for (int64_t d = 0; d < nd; ++d) ptrs[k] += index[d] * strides_[k][d];
    }
    std::array<int64_t, N> inner_st = inner_strides();
    int64_t pos = begin;
    while (pos < end) {
      int64_t n = std::min(shape_[0] - index[0], end - pos);
      inner(ptrs.data(), inner_st.data(), n);
      pos += n;
      // Advance: finish the inner run, then carry into outer dims.
      for (int k = 0; k < N; ++k) ptrs[k] += n * strides_[k][0];
      index[0] += n;
      for (int64_t d = 0; d + 1 < nd && index[d] == shape_[d]; ++d) {
        for (int k = 0; k < N; ++k)
          ptrs[k] += strides_[k][d + 1] - shape_[d] * strides_[k][d];
        index[d] = 0;
        ++index[d + 1];
      }
    }
  }

  template <class F>
  void run(F&& inner) const {
    run(0, numel_, std::forward<F>(inner));
  }

  // run() split across the intra-op pool. Only for kernels whose elements are independent
  // (each output element written once, from its own inputs); tensors under the grain size
  // stay on the calling thread.
  static constexpr int64_t kGrainSize = 32768;
  template <class F>
  void parallel_run(const F& inner) const {
    if (numel_ <= kGrainSize) return run(0, numel_, inner);  // no std::function hand-off for small ops
    parallel_for(0, numel_, kGrainSize, [&](int64_t begin, int64_t end) { run(begin, end, inner); });
  }

 private:
  std::array<char*, N> base_;
  std::array<int64_t, N> elem_;
  DimVector shape_;                    // innermost first
  std::array<DimVector, N> strides_;   // bytes, innermost first
  int64_t numel_;
};

}  // namespace ember::cpu
