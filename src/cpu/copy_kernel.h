#pragma once
// CPU kernels for copying and filling strided tensors.
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

// dst[i] = convert(src[i]); src has dst's shape (broadcast inputs carry stride 0) and any dtype.
void copy_kernel(const Tensor& dst, const Tensor& src);
// dst[i] = value converted to dst's dtype.
void fill_kernel(const Tensor& dst, const Scalar& value);

}  // namespace ember::cpu
