#pragma once
// Fused softmax / log_softmax along one dim.
#include "ember/core/tensor.h"

namespace ember::cpu {

// `in` and `out`: contiguous, same floating dtype and shape, seen as [outer, dim_size, inner]
// around dimension `dim`. Each of the outer * inner lines along `dim` takes three sweeps (max,
// sum of exp(x - max), write), accumulating in float (half, bfloat16, float) or double.
// When inner > 1 the sweeps run over whole [dim_size, inner] blocks with the inner index
// innermost, so reading a non-last dim stays sequential in memory (no transposed copy).
void softmax_kernel(const Tensor& out, const Tensor& in, int64_t dim, bool log);

}  // namespace ember::cpu
