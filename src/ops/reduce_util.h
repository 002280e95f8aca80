#pragma once
// Shared set-up of reductions: which dims are reduced and the output shape.
#include <vector>

#include "ember/core/shape.h"
#include "ember/core/tensor.h"

namespace ember::ops {

// mask[d] is true when dim d is reduced. An empty `dims` reduces every dim. Repeated dims throw.
std::vector<bool> reduction_mask(const Tensor& self, IntArrayRef dims, const char* op);
// Output sizes: reduced dims become 1 (keepdim) or disappear.
DimVector reduced_shape(IntArrayRef sizes, const std::vector<bool>& mask, bool keepdim);
// Inserts size-1 dims back where `mask` reduced them (undoes keepdim=false), so a reduction
// result can broadcast against its input.
Tensor unsqueeze_reduced(const Tensor& t, const std::vector<bool>& mask, bool keepdim);

}  // namespace ember::ops
