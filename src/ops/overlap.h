#pragma once
// Checks shared by every op that writes into an existing tensor (copy_, index_put_, in-place
// ops): the destination must not alias itself, as PyTorch's assert_no_internal_overlap.
#include <utility>

#include "ember/core/tensor.h"

namespace ember::ops {

// True when some elements of t share memory: a broadcast (stride 0) dim of size > 1.
inline bool has_internal_overlap(const Tensor& t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.strides()[d] == 0 && t.sizes()[d] > 1) return true;
  return false;
}

inline void check_no_internal_overlap(const Tensor& self, const char* op) {
  EMBER_CHECK(!has_internal_overlap(self), op,
              "unsupported operation: more than one element of the written-to tensor (shape ",
              self.sizes(), ", strides ", self.strides(),
              ") refers to a single memory location. Please clone() the tensor before "
              "performing the operation.");
}

// True when some element of `a` and some element of `b` share memory. Conservative: it
// compares the byte ranges spanned, which is enough to decide whether a temporary is needed.
inline bool may_overlap(const Tensor& a, const Tensor& b) {
  if (a.numel() == 0 || b.numel() == 0 || a.storage().get() != b.storage().get()) return false;
  auto span = [](const Tensor& t) {
    int64_t lo = t.storage_offset(), hi = t.storage_offset();
    for (int64_t d = 0; d < t.dim(); ++d) hi += (t.sizes()[d] - 1) * t.strides()[d];
    return std::pair<int64_t, int64_t>(lo * t.element_size(), (hi + 1) * t.element_size());
  };
  auto [a_lo, a_hi] = span(a);
  auto [b_lo, b_hi] = span(b);
  return a_lo < b_hi && b_lo < a_hi;
}

// Whether an elementwise kernel may write `out` while reading `in`: no shared memory, or the
// very same elements in the same order and dtype (each element is read before it is written).
inline bool safe_to_write_while_reading(const Tensor& out, const Tensor& in) {
  return !may_overlap(out, in) || (out.storage_offset() == in.storage_offset() && out.sizes() == in.sizes() &&
                                   out.strides() == in.strides() && out.dtype() == in.dtype());
}

}  // namespace ember::ops
