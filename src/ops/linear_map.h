#pragma once
// Ops that are linear in their input (flip, roll, repeat, pad, the gather behind sort/topk...):
// y = A(x). The backward of A is its adjoint A^T (g -> A^T g), and the backward of A^T is A
// again, so recording both through apply_linear makes every order of derivative work with no
// further formulas (DESIGN.md promise 3), even where A^T is no public op (repeat's fold-sum,
// the scatter-add behind a reflection pad's backward).
#include <functional>

#include "ember/core/tensor.h"

namespace ember::ops {

using LinearFn = std::function<Tensor(const Tensor&)>;

// forward(x), computed without recording; when x requires grad, records node `name` whose
// backward is apply_linear(adjoint_name, g, adjoint, forward, name). Both functions must be
// linear and each other's adjoint; they run under NoGradGuard.
Tensor apply_linear(const char* name, const Tensor& x, LinearFn forward, LinearFn adjoint,
                    const char* adjoint_name);

}  // namespace ember::ops
