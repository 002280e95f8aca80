#pragma once
// Fused normalization over rows: the forward of layer_norm, group_norm and rms_norm.
#include "ember/core/tensor.h"

namespace ember::cpu {

enum class NormKind { Standardize, Rms };

// `in` and `out`: contiguous, same floating dtype, seen as [rows, cols] (numel = rows * cols).
// Each row becomes (x - mean) / sqrt(var + eps) (Standardize, biased variance) or
// x / sqrt(mean(x^2) + eps) (Rms); statistics take two passes (the mean, then squared
// deviations from it, which avoids E[x^2] - E[x]^2 cancellation), accumulated in double
// (float rows: float vector sums over chunks of 8192 elements, the chunks added in double).
// weight and bias (either may be undefined; contiguous, in's dtype) then apply per element:
// element j of row r uses entry ((r * cols + j) / affine_inner) % weight.numel(). So
// layer_norm passes affine_inner = 1 (weight indexed by j), group_norm the spatial size
// (weight indexed by channel).
void norm_kernel(const Tensor& out, const Tensor& in, const Tensor& weight, const Tensor& bias, int64_t rows,
                 double eps, NormKind kind, int64_t affine_inner);

// out = 1 / sqrt(in), elementwise on contiguous floating tensors of one dtype (computed in
// double): the norms' statistics in their backward.
void rsqrt_kernel(const Tensor& out, const Tensor& in);

}  // namespace ember::cpu
