#pragma once
// Shared set-up of the unary ops (unary.cpp, activation.cpp): the kernel call, the recording
// of a one-input backward, and the constant masks that backward formulas multiply by.
#include <utility>

#include "autograd/record.h"
#include "cpu/unary_kernel.h"
#include "ember/core/factories.h"
#include "ops/elementwise.h"

namespace ember::ops {

// op(x) into a fresh tensor of dtype `dtype` (x converted first when its dtype differs).
inline Tensor unary_compute(cpu::UnaryOp op, const Tensor& x, ScalarType dtype,
                            const cpu::UnaryParams& params = {}) {
  Tensor out = empty(x.sizes(), dtype);
  cpu::unary_kernel(op, out, in_dtype(x, dtype), params);
  return out;
}

// Records the backward of out = f(x) when x needs a gradient: formula(grad, ctx) returns the
// gradient of x, written in ember ops (so it is differentiable again).
template <class F>
void record_unary(const char* node, const Tensor& x, const Tensor& out, TensorList saved, F formula) {
  if (!autograd::any_requires_grad(x)) return;
  autograd::record(node, {x}, {out}, saved,
                   [formula = std::move(formula)](autograd::BackwardContext& ctx, const autograd::variable_list& g) {
                     return autograd::variable_list{formula(g[0], ctx)};
                   });
}

// The piecewise-constant function cpu::StepSpec describes, as a tensor of x's (floating)
// dtype. It is the derivative mask of relu, hardtanh, leaky_relu...: constant, so it records
// no history and the formula that multiplies by it stays differentiable in x elsewhere.
inline Tensor step(const Tensor& x, const cpu::StepSpec& spec) {
  Tensor out = empty(x.sizes(), x.dtype());
  cpu::step_kernel(spec, out, x);
  return out;
}

// g * step(x, spec): the backward of relu, hardtanh, leaky_relu... When no history is recorded
// (no create_graph) and g and x are contiguous float or double tensors of one shape, one fused
// pass instead of a mask tensor and a product.
inline Tensor step_mul(const Tensor& g, const Tensor& x, const cpu::StepSpec& spec) {
  bool fused = (g.dtype() == kFloat || g.dtype() == kDouble) && x.dtype() == g.dtype() && g.sizes() == x.sizes() &&
               g.is_contiguous() && x.is_contiguous() && !autograd::any_requires_grad(g, x);
  if (!fused) return g * step(x, spec);
  Tensor out = empty(g.sizes(), g.dtype());
  if (out.numel() > 0) cpu::step_mul_kernel(spec, out, g, x);
  return out;
}

}  // namespace ember::ops
