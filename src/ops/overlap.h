#pragma once
// Checks shared by every op that writes into an existing tensor (copy_, index_put_, in-place
// ops): the destination must not alias itself, as PyTorch's assert_no_internal_overlap.
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

}  // namespace ember::ops
