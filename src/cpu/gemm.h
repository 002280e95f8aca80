#pragma once
// Batched matrix multiply on CPU, the one kernel behind mm, bmm, mv, dot, addmm, addmv,
// baddbmm, matmul, linear and einsum:
//
//   out[b] = beta * out[b] + alpha * (a[b] @ b[b])     for b in [0, B)
//
// out is (B, M, N) and contiguous; a is (B, M, K) and b is (B, K, N) with any strides (a
// batch stride of 0 broadcasts one matrix over the batch); all three share out's dtype.
// beta == 0 ignores out's contents (NaN/inf there do not propagate), as BLAS and PyTorch.
// K == 0 gives beta * out (zeros when beta == 0).
//
// float/double go to OpenBLAS (gemm, or gemv when M or N is 1), which threads itself; a
// matrix with a unit stride in either dim is passed as-is with a transpose flag, anything
// else is copied contiguous first. bfloat16 goes to oneDNN (cpu/dnnl_matmul.h); float16 (and
// bfloat16 operands oneDNN cannot describe) compute in float and round once.
// Integer dtypes run a loop kernel (wrapping arithmetic, as PyTorch) split over the pool.
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

void gemm(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta, const Scalar& alpha);

}  // namespace ember::cpu
