#pragma once
// CPU reduction kernels.
#include "ember/core/tensor.h"

namespace ember::cpu {

// Writes into `out` (the keepdim shape: size 1 where reduced) the sum of `in` over the dims
// where out has size 1 and in does not. Accumulates in double (floating inputs) or int64
// (integral), then converts to out's dtype.
void sum_kernel(const Tensor& out, const Tensor& in);

}  // namespace ember::cpu
