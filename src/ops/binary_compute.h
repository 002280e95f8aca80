#pragma once
// The forward step every binary elementwise op shares: broadcast a and b, convert them to the
// compute dtype and run one cpu::BinaryOp into a fresh output. Defined in binary.cpp; used by
// the bitwise ops (logical.cpp) and clamp_min/clamp_max (pointwise.cpp). compare_compute is
// the same for bool-valued ops.
#include "cpu/binary_kernel.h"
#include "cpu/compare_kernel.h"
#include "ember/core/tensor.h"

namespace ember::ops {

// out (dtype `dtype`, the broadcast shape of a and b) = a op b; `name` is the op in errors.
Tensor binary_compute(cpu::BinaryOp op, const char* name, const Tensor& a, const Tensor& b,
                      ScalarType dtype, const Scalar& alpha = 1);

// out (bool, the broadcast shape) = a op b, compared in the promoted dtype of a and b.
// Defined in compare.cpp; used by the comparisons and the logical ops (logical.cpp).
Tensor compare_compute(cpu::CompareOp op, const char* name, const Tensor& a, const Tensor& b);

}  // namespace ember::ops
