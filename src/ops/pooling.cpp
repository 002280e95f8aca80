// Pooling ops: argument checks and output shapes (PyTorch's pool shape checks), the window
// plan, the kernels, and backward formulas that are ember ops themselves:
//   max pools:     grad_in = max_pool_backward(grad)       (grad added at the argmax: a recorded
//                  op whose backward gathers at the argmax)
//   average pools: grad_in = avg_pool_transpose(grad)       (a recorded op whose backward is
//                  the average pool again: the two are each other's adjoint)
#include <memory>

#include "autograd/record.h"
#include "cpu/pooling_kernel.h"
#include "ember/core/factories.h"
#include "ember/ops/pooling.h"
#include "ember/ops/shape.h"
#include "ember/ops/views.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::PoolAxis;
using cpu::PoolPlan;

namespace {

// The input's layout: [*lead, *spatial] with lead = [N, C] or [C].
struct PoolInput {
  Tensor x;                      // contiguous
  DimVector lead, in_spatial;
};

PoolInput check_input(const char* op, const Tensor& self, int64_t dims) {
  ops::check_defined(op, self);
  EMBER_CHECK(self.dim() == dims + 1 || self.dim() == dims + 2, op, "expected ", dims + 1, "D or ", dims + 2,
              "D (batch mode) input [C, *spatial] or [N, C, *spatial] with ", dims, " spatial dims, but got input of "
              "size ", self.sizes());
  for (int64_t d = 1; d < self.dim(); ++d)
    EMBER_CHECK(self.size(d) > 0, op, "expected input with non-zero sizes for all dims but the batch dim, but got "
                "input of size ", self.sizes());
  EMBER_CHECK(is_floating_type(self.dtype()), op, "expected a floating point input (Half, BFloat16, Float, Double) "
              "but got ", self.dtype(), " for input of size ", self.sizes(), "; convert it with .to(kFloat)");
  PoolInput in;
  in.x = self.contiguous();
  int64_t lead = self.dim() - dims;
  for (int64_t d = 0; d < self.dim(); ++d) (d < lead ? in.lead : in.in_spatial).push_back(self.size(d));
  return in;
}

// One value for every dim or one per dim (LibTorch's IntArrayRef pool arguments).
DimVector expand_arg(const char* op, const char* name, IntArrayRef value, int64_t dims) {
  EMBER_CHECK(value.size() == 1 || static_cast<int64_t>(value.size()) == dims, op, name,
              " must either be a single int, or a tuple of ", dims, " ints, but got ", value);
  DimVector out;
  for (int64_t d = 0; d < dims; ++d) out.push_back(value.size() == 1 ? value[0] : value[d]);
  return out;
}

// Floor division rounding towards negative infinity.
int64_t div_floor(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// A strided pool's geometry, checked as PyTorch's pool shape checks.
struct StridedPool {
  PoolInput in;
  DimVector out_shape;
  std::shared_ptr<const PoolPlan> plan;
};

StridedPool strided_pool(const char* op, const Tensor& self, int64_t dims, IntArrayRef kernel_size, IntArrayRef stride,
                         IntArrayRef padding, IntArrayRef dilation, bool ceil_mode, bool count_include_pad) {
  PoolInput in = check_input(op, self, dims);
  DimVector k = expand_arg(op, "kernel_size", kernel_size, dims);
  DimVector s = stride.empty() ? k : expand_arg(op, "stride", stride, dims);
  DimVector p = expand_arg(op, "padding", padding, dims);
  DimVector d = expand_arg(op, "dilation", dilation, dims);
  auto plan = std::make_shared<PoolPlan>();
  DimVector out_shape = in.lead;
  DimVector out_spatial;
  for (int64_t i = 0; i < dims; ++i) {
    EMBER_CHECK(k[i] > 0, op, "kernel size should be greater than zero, but got kernel_size ", IntArrayRef(k));
    EMBER_CHECK(s[i] > 0, op, "stride should be greater than zero, but got stride ", IntArrayRef(s));
    EMBER_CHECK(d[i] > 0, op, "dilation should be greater than zero, but got dilation ", IntArrayRef(d));
    EMBER_CHECK(p[i] >= 0 && p[i] <= k[i] / 2, op, "pad should be non-negative and at most half of kernel size, "
                "but got padding ", IntArrayRef(p), " for kernel_size ", IntArrayRef(k));
    int64_t n = in.in_spatial[i];
    int64_t o = div_floor(n + 2 * p[i] - d[i] * (k[i] - 1) - 1 + (ceil_mode ? s[i] - 1 : 0), s[i]) + 1;
    // ceil_mode: the last window must start inside the input or its left padding.
    if (ceil_mode && (o - 1) * s[i] >= n + p[i]) --o;
    out_spatial.push_back(o);
  }
  for (int64_t i = 0; i < dims; ++i)
    EMBER_CHECK(out_spatial[i] >= 1, op, "given input size ", IntArrayRef(in.in_spatial), ", calculated output size ",
                IntArrayRef(out_spatial), " is too small (kernel_size ", IntArrayRef(k), ", padding ", IntArrayRef(p),
                ", dilation ", IntArrayRef(d), "): use a smaller kernel or more padding");
  for (int64_t i = 0; i < dims; ++i) {
    (*plan)[3 - dims + i] = cpu::strided_axis(in.in_spatial[i], out_spatial[i], k[i], s[i], p[i], d[i],
                                              count_include_pad);
    out_shape.push_back(out_spatial[i]);
  }
  return {std::move(in), std::move(out_shape), std::move(plan)};
}

StridedPool adaptive_pool(const char* op, const Tensor& self, int64_t dims, IntArrayRef output_size) {
  PoolInput in = check_input(op, self, dims);
  EMBER_CHECK(static_cast<int64_t>(output_size.size()) == dims, op, "output_size must have ", dims,
              " entries, but got ", output_size);
  auto plan = std::make_shared<PoolPlan>();
  DimVector out_shape = in.lead;
  for (int64_t i = 0; i < dims; ++i) {
    EMBER_CHECK(output_size[i] >= 0, op, "elements of output_size must be non-negative, but got ", output_size);
    (*plan)[3 - dims + i] = cpu::adaptive_axis(in.in_spatial[i], output_size[i]);
    out_shape.push_back(output_size[i]);
  }
  return {std::move(in), std::move(out_shape), std::move(plan)};
}

DimVector input_shape(const PoolInput& in) {
  DimVector shape = in.lead;
  for (int64_t n : in.in_spatial) shape.push_back(n);
  return shape;
}

// The max pool's backward as an op: grad [planes, out plane...] added at the argmax into
// zeros of in_shape. Linear in grad; its own backward gathers at the argmax.
Tensor max_pool_backward(const Tensor& grad, const Tensor& indices, const DimVector& in_shape, int64_t planes) {
  Tensor grad_in = empty(in_shape, grad.dtype());
  cpu::max_pool_backward_kernel(grad_in, grad.contiguous(), indices, planes);
  if (autograd::any_requires_grad(grad)) {
    DimVector out_shape(grad.sizes());
    autograd::record("MaxPoolBackwardBackward0", {grad}, {grad_in}, {},
                     [indices, out_shape, planes](BackwardContext&, const variable_list& g) {
                       Tensor rows = g[0].reshape({planes, -1});
                       return variable_list{gather(rows, 1, indices.reshape({planes, -1})).reshape(out_shape)};
                     });
  }
  return grad_in;
}

// Max over the plan's windows, with the argmax; the backward adds into the argmax.
std::tuple<Tensor, Tensor> max_pool_run(const char* node, const Tensor& self, const StridedPool& pool) {
  Tensor out = empty(pool.out_shape, self.dtype());
  Tensor indices = empty(pool.out_shape, kLong);
  cpu::max_pool_kernel(out, indices, pool.in.x, *pool.plan);
  if (autograd::any_requires_grad(self)) {
    DimVector in_shape = input_shape(pool.in);
    int64_t planes = product(pool.in.lead);
    autograd::record(node, {self}, {out}, {}, [indices, in_shape, planes](BackwardContext&, const variable_list& g) {
      return variable_list{max_pool_backward(g[0], indices, in_shape, planes)};
    });
  }
  return {out, indices};
}

Tensor avg_pool_apply(const Tensor& x, std::shared_ptr<const PoolPlan> plan, std::optional<int64_t> divisor_override,
                      const DimVector& out_shape);

// The average pool's backward as an op: grad [out_shape] spread over the windows into
// [in_shape]. Linear, so its own backward is the average pool of the incoming gradient.
Tensor avg_pool_transpose(const Tensor& grad, std::shared_ptr<const PoolPlan> plan,
                          std::optional<int64_t> divisor_override, const DimVector& in_shape) {
  Tensor grad_in = empty(in_shape, grad.dtype());
  cpu::avg_pool_transpose_kernel(grad_in, grad.contiguous(), *plan, divisor_override);
  if (autograd::any_requires_grad(grad)) {
    DimVector out_shape(grad.sizes());
    autograd::record("AvgPoolBackwardBackward0", {grad}, {grad_in}, {},
                     [plan, divisor_override, out_shape](BackwardContext&, const variable_list& g) {
                       return variable_list{avg_pool_apply(g[0], plan, divisor_override, out_shape)};
                     });
  }
  return grad_in;
}

// The average pool of x (any layout; shaped like the plan's input) into out_shape.
Tensor avg_pool_apply(const Tensor& x, std::shared_ptr<const PoolPlan> plan, std::optional<int64_t> divisor_override,
                      const DimVector& out_shape) {
  Tensor out = empty(out_shape, x.dtype());
  cpu::avg_pool_kernel(out, x.contiguous(), *plan, divisor_override);
  if (autograd::any_requires_grad(x)) {
    DimVector in_shape(x.sizes());
    autograd::record("AvgPoolBackward0", {x}, {out}, {},
                     [plan, divisor_override, in_shape](BackwardContext&, const variable_list& g) {
                       return variable_list{avg_pool_transpose(g[0], plan, divisor_override, in_shape)};
                     });
  }
  return out;
}

std::tuple<Tensor, Tensor> max_pool_nd(const char* op, const char* node, int64_t dims, const Tensor& self,
                                       IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                                       IntArrayRef dilation, bool ceil_mode) {
  StridedPool pool = strided_pool(op, self, dims, kernel_size, stride, padding, dilation, ceil_mode, false);
  return max_pool_run(node, self, pool);
}

Tensor avg_pool_nd(const char* op, int64_t dims, const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                   IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                   std::optional<int64_t> divisor_override) {
  EMBER_CHECK(!divisor_override || *divisor_override != 0, op, "divisor must be not zero");
  StridedPool pool = strided_pool(op, self, dims, kernel_size, stride, padding, 1, ceil_mode, count_include_pad);
  return avg_pool_apply(self, pool.plan, divisor_override, pool.out_shape);
}

}  // namespace

Tensor max_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                  IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(max_pool_nd("max_pool1d", "MaxPool1DWithIndicesBackward0", 1, self, kernel_size, stride,
                                 padding, dilation, ceil_mode));
}
Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                  IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(max_pool_nd("max_pool2d", "MaxPool2DWithIndicesBackward0", 2, self, kernel_size, stride,
                                 padding, dilation, ceil_mode));
}
Tensor max_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                  IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(max_pool_nd("max_pool3d", "MaxPool3DWithIndicesBackward0", 3, self, kernel_size, stride,
                                 padding, dilation, ceil_mode));
}

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                                                   IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return max_pool_nd("max_pool1d_with_indices", "MaxPool1DWithIndicesBackward0", 1, self, kernel_size, stride,
                     padding, dilation, ceil_mode);
}
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                                                   IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return max_pool_nd("max_pool2d_with_indices", "MaxPool2DWithIndicesBackward0", 2, self, kernel_size, stride,
                     padding, dilation, ceil_mode);
}
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                                                   IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return max_pool_nd("max_pool3d_with_indices", "MaxPool3DWithIndicesBackward0", 3, self, kernel_size, stride,
                     padding, dilation, ceil_mode);
}

Tensor avg_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding, bool ceil_mode,
                  bool count_include_pad) {
  return avg_pool_nd("avg_pool1d", 1, self, kernel_size, stride, padding, ceil_mode, count_include_pad, std::nullopt);
}
Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding, bool ceil_mode,
                  bool count_include_pad, std::optional<int64_t> divisor_override) {
  return avg_pool_nd("avg_pool2d", 2, self, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override);
}
Tensor avg_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding, bool ceil_mode,
                  bool count_include_pad, std::optional<int64_t> divisor_override) {
  return avg_pool_nd("avg_pool3d", 3, self, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override);
}

Tensor adaptive_avg_pool1d(const Tensor& self, IntArrayRef output_size) {
  StridedPool pool = adaptive_pool("adaptive_avg_pool1d", self, 1, output_size);
  return avg_pool_apply(self, pool.plan, std::nullopt, pool.out_shape);
}
Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size) {
  StridedPool pool = adaptive_pool("adaptive_avg_pool2d", self, 2, output_size);
  return avg_pool_apply(self, pool.plan, std::nullopt, pool.out_shape);
}
Tensor adaptive_avg_pool3d(const Tensor& self, IntArrayRef output_size) {
  StridedPool pool = adaptive_pool("adaptive_avg_pool3d", self, 3, output_size);
  return avg_pool_apply(self, pool.plan, std::nullopt, pool.out_shape);
}
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& self, IntArrayRef output_size) {
  return max_pool_run("AdaptiveMaxPool1DBackward0", self, adaptive_pool("adaptive_max_pool1d", self, 1, output_size));
}
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& self, IntArrayRef output_size) {
  return max_pool_run("AdaptiveMaxPool2DBackward0", self, adaptive_pool("adaptive_max_pool2d", self, 2, output_size));
}

}  // namespace ember
