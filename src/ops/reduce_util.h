#pragma once
// Shared set-up of reductions: which dims are reduced and the output shape.
#include <vector>

#include "ember/core/shape.h"
#include "ember/core/tensor.h"

namespace ember::ops {

// mask[d] is true when dim d is reduced.
using Mask = std::vector<bool>;

// The mask of `dims` (an empty list reduces every dim). Repeated dims throw.
Mask reduction_mask(const Tensor& self, IntArrayRef dims, const char* op);
// The reduced dims of a mask, ascending.
DimVector mask_dims(const Mask& mask);
// Output sizes: reduced dims become 1 (keepdim) or disappear.
DimVector reduced_shape(IntArrayRef sizes, const Mask& mask, bool keepdim);
// Inserts size-1 dims back where `mask` reduced them (undoes keepdim=false), so a reduction
// result can broadcast against its input.
Tensor unsqueeze_reduced(const Tensor& t, const Mask& mask, bool keepdim);

}  // namespace ember::ops
