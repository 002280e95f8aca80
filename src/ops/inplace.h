#pragma once
// In-place forms of ops (x.add_(y), x.scatter_(...)): compute out of place, then write into
// self. Under autograd the operand is a clone of self (the node may save it, and self's memory
// is about to change) and self takes over the result's history, so self.grad_fn() is e.g.
// MulBackward0 as in PyTorch.
#include "autograd/record.h"
#include "ember/ops/copy.h"
#include "ops/elementwise.h"

namespace ember::ops {

inline Tensor inplace_operand(const Tensor& self, const Tensor& other) {
  return autograd::any_requires_grad(self, other) ? self.clone() : self;
}
inline Tensor inplace_operand(const Tensor& self) {
  return autograd::any_requires_grad(self) ? self.clone() : self;
}

inline const Tensor& write_inplace(const Tensor& self, const Tensor& result, const char* op) {
  check_castable(op, result.dtype(), self.dtype());
  EMBER_CHECK(result.sizes() == self.sizes(), op, "output with shape ", self.sizes(),
              " doesn't match the broadcast shape ", result.sizes());
  autograd::check_inplace(self, op);
  {
    NoGradGuard no_grad;
    copy_(self, result);
  }
  if (result.requires_grad() && GradMode::is_enabled()) autograd::take_history(self, result);
  return self;
}

}  // namespace ember::ops
