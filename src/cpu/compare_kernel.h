#pragma once
// CPU kernels for comparisons and logical ops: bool results from operands of one common dtype
// (the op layer promotes them), already expanded to the output's shape. The in-place forms
// (eq_, logical_and_) convert the bool result into self.
#include "ember/core/tensor.h"

namespace ember::cpu {

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, LogicalXor };

// out (bool) = a op b; a and b share a dtype.
void compare_kernel(CompareOp op, const Tensor& out, const Tensor& a, const Tensor& b);

// out (bool) = (a == 0).
void logical_not_kernel(const Tensor& out, const Tensor& a);

}  // namespace ember::cpu
