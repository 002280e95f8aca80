#include "ops/linear_map.h"

#include "autograd/record.h"

namespace ember::ops {

Tensor apply_linear(const char* name, const Tensor& x, LinearFn forward, LinearFn adjoint,
                    const char* adjoint_name) {
  Tensor out;
  {
    NoGradGuard no_grad;
    out = forward(x);
  }
  if (autograd::any_requires_grad(x)) {
    autograd::record(name, {x}, {out}, {},
                     [forward, adjoint, name, adjoint_name](autograd::BackwardContext&,
                                                            const autograd::variable_list& g) {
                       return autograd::variable_list{apply_linear(adjoint_name, g[0], adjoint, forward, name)};
                     });
  }
  return out;
}

}  // namespace ember::ops
