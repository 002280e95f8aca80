#pragma once
// NOTE [pow_log]: pow's exponent gradient needs log(base). The unary family (exp, log, ...) is
// written concurrently elsewhere; until it is merged, this private, differentiable natural log
// (backward: grad / x) serves pow alone. Replace calls with ember::log after the merge and
// delete this file, src/ops/pow_log.cpp and src/cpu/pow_log_kernel.*.
#include "ember/core/tensor.h"

namespace ember::ops {

// log(x) elementwise for floating x (records "LogBackward0" as PyTorch's log).
Tensor pow_log_for_backward(const Tensor& x);

}  // namespace ember::ops
