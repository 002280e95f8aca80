#pragma once
// CPU kernels for binary arithmetic. Operands arrive already in the output's dtype and
// expanded to its shape (broadcast dims carry stride 0).
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

enum class BinaryOp { Add, Mul, Div, DivTrunc, DivFloor };

// out = a op b; for Add, out = a + alpha * b (sub is add with -alpha).
void binary_kernel(BinaryOp op, const Tensor& out, const Tensor& a, const Tensor& b,
                   const Scalar& alpha = 1);

}  // namespace ember::cpu
