// See NOTE [pow_log] in pow_log.h.
#include "ops/pow_log.h"

#include "autograd/record.h"
#include "cpu/pow_log_kernel.h"
#include "ember/ops/binary.h"
#include "ops/elementwise.h"

namespace ember::ops {

Tensor pow_log_for_backward(const Tensor& x) {
  check_defined("log", x);
  Tensor in = is_floating_type(x.dtype()) ? x : x.to(get_default_dtype());
  Tensor out = empty(in.sizes(), in.dtype());
  cpu::pow_log_kernel(out, in);
  if (autograd::any_requires_grad(in)) {
    autograd::record("LogBackward0", {in}, {out}, {in},
                     [](autograd::BackwardContext& ctx, const autograd::variable_list& g) {
                       return autograd::variable_list{g[0] / ctx.saved(0)};
                     });
  }
  return out;
}

}  // namespace ember::ops
