// Reductions: sum (more arrive with the op library).
#include "ember/ops/reduce.h"

#include "autograd/record.h"
#include "cpu/reduce_kernel.h"
#include "ember/core/factories.h"
#include "ember/ops/views.h"
#include "ops/reduce_util.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;

Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  EMBER_CHECK(self.defined(), "sum", "called on an undefined tensor");
  std::vector<bool> mask = ops::reduction_mask(self, dim, "sum");
  ScalarType out_dtype = dtype.value_or(is_integral_type(self.dtype(), true) ? kLong : self.dtype());
  Tensor input = dtype && *dtype != self.dtype() ? self.to(*dtype) : self;
  Tensor out_keep = empty(ops::reduced_shape(self.sizes(), mask, true), out_dtype);
  cpu::sum_kernel(out_keep, input);
  Tensor out = keepdim ? out_keep : view(out_keep, ops::reduced_shape(self.sizes(), mask, false));
  if (autograd::any_requires_grad(self)) {
    autograd::record("SumBackward1", {self}, {out}, {},
                     [mask, keepdim, sizes = DimVector(self.sizes())](BackwardContext&, const variable_list& g) {
                       return variable_list{expand(ops::unsqueeze_reduced(g[0], mask, keepdim), sizes)};
                     });
  }
  return out;
}

Tensor sum(const Tensor& self, std::optional<ScalarType> dtype) { return sum(self, {}, false, dtype); }

Tensor sum_to(const Tensor& grad, IntArrayRef shape) {
  if (grad.sizes() == shape) return grad;
  int64_t lead = grad.dim() - static_cast<int64_t>(shape.size());
  EMBER_CHECK(lead >= 0, "sum_to", "cannot sum a tensor of shape ", grad.sizes(), " to shape ", shape);
  DimVector dims;
  for (int64_t d = 0; d < grad.dim(); ++d) {
    if (d < lead) {
      dims.push_back(d);
    } else {
      int64_t target = shape[d - lead];
      EMBER_CHECK(target == grad.sizes()[d] || target == 1, "sum_to", "shape ", shape,
                  " is not broadcastable to ", grad.sizes());
      if (target == 1 && grad.sizes()[d] != 1) dims.push_back(d);
    }
  }
  Tensor out = dims.empty() ? grad : sum(grad, dims, /*keepdim=*/true);
  return lead > 0 || !dims.empty() ? reshape(out, shape) : out;
}

Tensor Tensor::sum(std::optional<ScalarType> dtype) const { return ember::sum(*this, dtype); }
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::sum(*this, dim, keepdim, dtype);
}

}  // namespace ember
