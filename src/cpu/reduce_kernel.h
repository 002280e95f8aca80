#pragma once
// CPU reduction kernels, all on the driver of reduce_loop.h. `mask[d]` is true where dim d of
// `in` is reduced. Every output tensor passed in is contiguous with one element per output
// position (the kept dims in row-major order; its shape, keepdim or not, does not matter).
// Dtype rules (which output dtype, which inputs are rejected) live in src/ops/reduce.cpp;
// here the input dtype picks the accumulator and results are converted to out's dtype.
#include <vector>

#include "ember/core/tensor.h"

namespace ember::cpu {

enum class ReduceOp { Sum, Mean, Prod, Max, Min, All, Any, CountNonzero };

// Sum/Mean accumulate in int64 (wrapping) for integral inputs, in float for half/bfloat16/float
// (pairwise, see fold_run) and double for double. Max/Min propagate NaN.
void reduce_kernel(ReduceOp op, const Tensor& out, const Tensor& in, const std::vector<bool>& mask);

// p-norm (sum |x|^p)^(1/p); p = 0 counts nonzeros, p = +-inf is max/min of |x|.
void norm_kernel(const Tensor& out, const Tensor& in, const std::vector<bool>& mask, double p);

// Variance with `correction` (divisor max(n - correction, 0)), two-pass in double; its square
// root when `take_sqrt`. `mean`, when defined, receives the mean.
void var_kernel(const Tensor& var, const Tensor& mean, const Tensor& in, const std::vector<bool>& mask,
                double correction, bool take_sqrt);

// log(sum(exp(x))) computed as m + log(sum(exp(x - m))), m the row max (0 when infinite).
void logsumexp_kernel(const Tensor& out, const Tensor& in, const std::vector<bool>& mask);

// Max (or min) of each row and its position in the row: the first NaN if any, else the first
// extreme. `values` may be undefined (argmax/argmin). Rows must be non-empty.
void arg_reduce_kernel(bool is_max, const Tensor& values, const Tensor& indices, const Tensor& in,
                       const std::vector<bool>& mask);

// Lower median of each row and its position (NaN if the row has one: the first NaN). An empty
// row (full reduction of an empty tensor) gives NaN and index 0. `indices` may be undefined.
void median_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, const std::vector<bool>& mask);

// Most frequent value of each row (the smallest among equally frequent ones) and the position
// of its last occurrence, as PyTorch's CPU mode.
void mode_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, const std::vector<bool>& mask);

// Inclusive scan along `dim`: out[..., i, ...] = x[..., 0, ...] op ... op x[..., i, ...].
// `out` has in's shape and dtype (any layout). Integral inputs accumulate in int64, floating
// ones in double (PyTorch's CPU accumulate type).
enum class ScanOp { Sum, Prod };
void scan_kernel(ScanOp op, const Tensor& out, const Tensor& in, int64_t dim);

}  // namespace ember::cpu
