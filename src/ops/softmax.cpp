// softmax and log_softmax along one dim: checks, dtype, the fused kernel and the backward.
#include "autograd/record.h"
#include "cpu/softmax_kernel.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/reduce.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;

namespace {

Tensor softmax_impl(const Tensor& input, int64_t dim, std::optional<ScalarType> dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  ops::check_defined(op, input);
  int64_t d = wrap_dim(dim, input.dim(), op);
  ScalarType compute = dtype.value_or(input.dtype());
  EMBER_CHECK(is_floating_type(compute), op, "expected a floating point input (Half, BFloat16, Float, Double) but got ",
              compute, " for input of shape ", input.sizes(), "; pass dtype=kFloat to compute it in float");
  // dtype= converts first, as PyTorch; the node below connects to the unconverted input and
  // the engine converts the gradient back to its dtype.
  Tensor x = ops::in_dtype(input, compute).contiguous();
  Tensor out = empty(input.sizes(), compute);
  cpu::softmax_kernel(out, x, d, log);
  if (autograd::any_requires_grad(input)) {
    if (log) {
      // d/dx of log_softmax: g - exp(y) * sum(g). exp(y) is written softmax(y): the two are
      // equal because the exps of a log_softmax output sum to 1, and their derivatives agree
      // along every direction y can move in (those keep logsumexp(y) = 0), so this formula is
      // also right under double backward.
      autograd::record("LogSoftmaxBackward0", {input}, {out}, {out}, [d](BackwardContext& ctx, const variable_list& g) {
        Tensor y = ctx.saved(0);
        return variable_list{g[0] - softmax(y, d) * sum(g[0], {d}, /*keepdim=*/true)};
      });
    } else {
      // d/dx of softmax: y * (g - sum(g * y)).
      autograd::record("SoftmaxBackward0", {input}, {out}, {out}, [d](BackwardContext& ctx, const variable_list& g) {
        Tensor y = ctx.saved(0);
        return variable_list{y * (g[0] - sum(g[0] * y, {d}, /*keepdim=*/true))};
      });
    }
  }
  return out;
}

}  // namespace

Tensor softmax(const Tensor& input, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(input, dim, dtype, /*log=*/false);
}

Tensor log_softmax(const Tensor& input, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(input, dim, dtype, /*log=*/true);
}

Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const { return ember::softmax(*this, dim, dtype); }
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::log_softmax(*this, dim, dtype);
}

}  // namespace ember
