#pragma once
// CPU kernels for where, lerp and clamp. Operands arrive in the output's dtype (where's
// condition: bool) and expanded to its shape.
#include <optional>

#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

// out = cond ? a : b.
void where_kernel(const Tensor& out, const Tensor& cond, const Tensor& a, const Tensor& b);

// out = self + weight * (end - self), in PyTorch's two-sided form (exact at weight 0 and 1).
void lerp_kernel(const Tensor& out, const Tensor& self, const Tensor& end, const Tensor& weight);
void lerp_kernel(const Tensor& out, const Tensor& self, const Tensor& end, const Scalar& weight);

// out = min(max(self, lo), hi); a NaN bound gives NaN.
void clamp_kernel(const Tensor& out, const Tensor& self, const Tensor& lo, const Tensor& hi);
// Scalar bounds, at least one given (a NaN bound is the op's business). A NaN self stays NaN.
void clamp_scalar_kernel(const Tensor& out, const Tensor& self, const std::optional<Scalar>& lo,
                         const std::optional<Scalar>& hi);

}  // namespace ember::cpu
