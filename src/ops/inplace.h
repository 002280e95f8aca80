#pragma once
// In-place forms of ops (x.add_(y), x.scatter_(...)): compute out of place, then write into
// self. Under autograd the operand is a clone of self (the node may save it, and self's memory
// is about to change) and self takes over the result's history, so self.grad_fn() is e.g.
// MulBackward0 as in PyTorch.
#include "autograd/record.h"
#include "ember/ops/copy.h"
#include "ops/elementwise.h"

namespace ember::ops {

// A copy of self that stays in the graph (its gradient flows to self's history), so the
// out-of-place op both sees self's value and differentiates through it.
inline Tensor differentiable_copy(const Tensor& self) {
  Tensor copy = clone(self);
  if (autograd::any_requires_grad(self)) {
    autograd::record("CloneBackward0", {self}, {copy}, {},
                     [](autograd::BackwardContext&, const autograd::variable_list& g) {
                       return autograd::variable_list{g[0]};
                     });
  }
  return copy;
}

inline Tensor inplace_operand(const Tensor& self, const Tensor& other) {
  return autograd::any_requires_grad(self, other) ? differentiable_copy(self) : self;
}
inline Tensor inplace_operand(const Tensor& self) {
  return autograd::any_requires_grad(self) ? differentiable_copy(self) : self;
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
