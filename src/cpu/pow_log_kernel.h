#pragma once
// Natural log for pow's exponent gradient (see src/ops/pow_log.h: private until the unary
// family's log lands, then replaced by it).
#include "ember/core/tensor.h"

namespace ember::cpu {

// out = log(a), a and out of one floating dtype and the same shape.
void pow_log_kernel(const Tensor& out, const Tensor& a);

}  // namespace ember::cpu
