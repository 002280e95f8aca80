// Reductions and scans: checks, output dtype and shape, kernel call and backward, each in one
// place. Every reduction goes through reduce_into (one output) or the index-returning helpers;
// the kernels share the driver of src/cpu/reduce_loop.h.
#include "ember/ops/reduce.h"

#include <cmath>
#include <limits>

#include "autograd/record.h"
#include "cpu/reduce_kernel.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/copy.h"
#include "ember/ops/unary.h"
#include "ember/ops/views.h"
#include "ops/elementwise.h"
#include "ops/reduce_util.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::ReduceOp;
using ops::Mask;

namespace {

// A reduction of `input` over `mask` into a fresh tensor of `dtype` (keepdim or not).
template <class Kernel>
Tensor reduce_into(const Tensor& input, const Mask& mask, bool keepdim, ScalarType dtype, Kernel&& kernel) {
  Tensor out = empty(ops::reduced_shape(input.sizes(), mask, keepdim), dtype);
  kernel(out);
  return out;
}

Tensor run_reduce(ReduceOp op, const Tensor& input, const Mask& mask, bool keepdim, ScalarType dtype) {
  return reduce_into(input, mask, keepdim, dtype, [&](const Tensor& out) { cpu::reduce_kernel(op, out, input, mask); });
}

bool reduces_all(const Mask& mask) {
  for (bool m : mask)
    if (!m) return false;
  return true;
}

int64_t reduced_count(const Tensor& self, const Mask& mask) {
  int64_t n = 1;
  for (size_t d = 0; d < mask.size(); ++d)
    if (mask[d]) n *= self.sizes()[d];
  return n;
}

// The input converted to `dtype` when a dtype= argument asks for it (as LibTorch does first).
Tensor as_dtype(const Tensor& self, std::optional<ScalarType> dtype) {
  return dtype && *dtype != self.dtype() ? self.to(*dtype) : self;
}

ScalarType integral_to_long(ScalarType t) { return is_integral_type(t, true) ? kLong : t; }

// Ops whose value is one of the input elements reject empty reductions (there is no identity).
void check_nonempty(const Tensor& self, const Mask& mask, bool dim_given, const char* op) {
  if (!dim_given) {
    EMBER_CHECK(self.numel() > 0, op, "Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument (input shape ", self.sizes(), ")");
    return;
  }
  for (size_t d = 0; d < mask.size(); ++d)
    EMBER_CHECK(!mask[d] || self.sizes()[d] != 0, op, "Expected reduction dim ", d,
                " to have non-zero size (input shape ", self.sizes(), ")");
}

// Dtypes LibTorch 1.13's CPU kernels do not implement for an op (checked, as there, only when
// the kernel runs: `runs` is false for empty inputs).
void check_dtype_supported(const char* op, ScalarType dtype, std::initializer_list<ScalarType> missing,
                           bool runs = true) {
  if (!runs) return;
  for (ScalarType t : missing)
    EMBER_CHECK(dtype != t, op, "not implemented for '", dtype, "' on cpu (as LibTorch); convert the input, e.g. .to(kFloat)");
}

void check_floating(const char* op, ScalarType dtype, const char* what) {
  EMBER_CHECK(is_floating_type(dtype), op, what, " should be a floating point dtype, got ", dtype);
}

// The gradient of a reduction's output seen with the input's shape.
Tensor expand_grad(const Tensor& g, const Mask& mask, bool keepdim, IntArrayRef sizes) {
  return expand(ops::unsqueeze_reduced(g, mask, keepdim), sizes);
}

// 1 where t != 0, else 0 (int64, t's shape): count_nonzero over an added size-1 dim. A
// constant of the backward formulas that use it (never differentiated).
Tensor nonzero_mask(const Tensor& t) {
  NoGradGuard no_grad;
  return count_nonzero(unsqueeze(t, -1), IntArrayRef{-1});
}
// 1 where a == b (a broadcasts against b), as `dtype`. Infinite equal values compare unequal
// here (inf - inf is NaN); the reductions using it only lose the tie split in that case.
Tensor equal_mask(const Tensor& a, const Tensor& b, ScalarType dtype) {
  NoGradGuard no_grad;
  return (1 - nonzero_mask(a - b)).to(dtype);
}

// The elements a max/min/median result came from: those equal to it, or the NaNs when it is
// NaN (PyTorch's evenly_distribute_backward).
Tensor extreme_hits(const Tensor& x, const Tensor& result) {
  NoGradGuard no_grad;
  Tensor nan_hits = isnan(x).to(x.dtype());
  return equal_mask(x, result, x.dtype()) + nan_hits * isnan(result).to(x.dtype());
}

// Records the backward of an op whose gradient flows to one selected element per output
// (max/min/median/mode along a dim): the gradient goes to `indices` along `dim`.
void record_index_backward(const char* name, const Tensor& self, const Tensor& values, const Tensor& indices,
                           int64_t dim, bool keepdim) {
  if (!autograd::any_requires_grad(self)) return;
  autograd::record(name, {self}, {values}, {indices},
                   [dim, keepdim, sizes = DimVector(self.sizes()), dtype = self.dtype()](BackwardContext& ctx,
                                                                                           const variable_list& g) {
                     int64_t n = sizes.empty() ? 1 : sizes[dim];
                     Tensor idx = ctx.saved(0);
                     Tensor grad = g[0];
                     if (!sizes.empty() && !keepdim) {
                       idx = unsqueeze(idx, dim);
                       grad = unsqueeze(grad, dim);
                     }
                     if (sizes.empty()) return variable_list{grad};
                     // positions along dim, shaped to broadcast against idx: [1, .., n, .., 1]
                     DimVector pos_shape(sizes.size(), 1);
                     pos_shape[dim] = n;
                     Tensor positions = arange(n).view(pos_shape);
                     return variable_list{grad * equal_mask(positions, idx, dtype)};
                   });
}

}  // namespace

// ---- sum, mean, prod ---------------------------------------------------------------------

namespace {
Tensor sum_impl(const Tensor& self, const Mask& mask, bool keepdim, std::optional<ScalarType> dtype,
                const char* node) {
  Tensor out = run_reduce(ReduceOp::Sum, as_dtype(self, dtype), mask, keepdim,
                          dtype.value_or(integral_to_long(self.dtype())));
  if (autograd::any_requires_grad(self)) {
    autograd::record(node, {self}, {out}, {},
                     [mask, keepdim, sizes = DimVector(self.sizes()), in_dtype = self.dtype()](
                         BackwardContext&, const variable_list& g) {
                       return variable_list{ops::in_dtype(expand_grad(g[0], mask, keepdim, sizes), in_dtype)};
                     });
  }
  return out;
}

Tensor mean_impl(const Tensor& self, const Mask& mask, bool keepdim, std::optional<ScalarType> dtype,
                 const char* node) {
  if (dtype) {
    EMBER_CHECK(is_floating_type(*dtype), "mean", "could not infer output dtype. Optional dtype must be either a "
                "floating point or complex dtype. Got: ", *dtype);
  } else {
    EMBER_CHECK(is_floating_type(self.dtype()), "mean", "could not infer output dtype. Input dtype must be either "
                "a floating point or complex dtype. Got: ", self.dtype(), " (pass dtype=kFloat or convert the input)");
  }
  ScalarType out_dtype = dtype.value_or(self.dtype());
  Tensor out = run_reduce(ReduceOp::Mean, as_dtype(self, dtype), mask, keepdim, out_dtype);
  if (autograd::any_requires_grad(self)) {
    autograd::record(node, {self}, {out}, {},
                     [mask, keepdim, sizes = DimVector(self.sizes()), n = reduced_count(self, mask),
                      in_dtype = self.dtype()](BackwardContext&, const variable_list& g) {
                       return variable_list{ops::in_dtype(expand_grad(g[0], mask, keepdim, sizes) / n, in_dtype)};
                     });
  }
  return out;
}

// d prod / d x_i = product of the other elements of x_i's row. With z = (x == 0) and
// P = prod(x + z) (the product of the row's nonzeros), that is P / x_i when the row has no
// zero, z_i * P when it has exactly one, and 0 when it has more (as PyTorch's first
// derivative; the second derivative is also exact in the first two cases).
Tensor prod_backward(const Tensor& g, const Tensor& x, const Mask& mask, bool keepdim) {
  Tensor nz = nonzero_mask(x).to(x.dtype());
  Tensor z = 1 - nz;
  Tensor zeros_per_row;
  {
    NoGradGuard no_grad;
    zeros_per_row = sum(z, ops::mask_dims(mask), /*keepdim=*/true);
  }
  Tensor no_zero = equal_mask(zeros_per_row, scalar_tensor(0, x.dtype()), x.dtype());
  Tensor one_zero = equal_mask(zeros_per_row, scalar_tensor(1, x.dtype()), x.dtype());
  Tensor shifted = x + z;
  // P with keepdim shape; prod's dim form takes one dim, so several dims go one at a time.
  Tensor p;
  if (reduces_all(mask)) {
    p = ops::unsqueeze_reduced(prod(shifted), mask, false);
  } else {
    p = shifted;
    for (size_t d = 0; d < mask.size(); ++d)
      if (mask[d]) p = prod(p, static_cast<int64_t>(d), /*keepdim=*/true);
  }
  Tensor ge = ops::unsqueeze_reduced(g, mask, keepdim);
  return ge * (no_zero * p / shifted + one_zero * z * p);
}

Tensor prod_impl(const Tensor& self, const Mask& mask, bool keepdim, std::optional<ScalarType> dtype,
                 const char* node) {
  Tensor input = as_dtype(self, dtype);
  check_dtype_supported("prod", input.dtype(), {kHalf, kBFloat16}, input.numel() > 0);
  Tensor out = run_reduce(ReduceOp::Prod, input, mask, keepdim, dtype.value_or(integral_to_long(self.dtype())));
  if (autograd::any_requires_grad(self)) {
    autograd::record(node, {self}, {out}, {self}, [mask, keepdim](BackwardContext& ctx, const variable_list& g) {
      return variable_list{prod_backward(g[0], ctx.saved(0), mask, keepdim)};
    });
  }
  return out;
}
}  // namespace

Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  ops::check_defined("sum", self);
  return sum_impl(self, ops::reduction_mask(self, dim, "sum"), keepdim, dtype, "SumBackward1");
}
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype) {
  ops::check_defined("sum", self);
  return sum_impl(self, ops::reduction_mask(self, {}, "sum"), false, dtype, "SumBackward0");
}

Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  ops::check_defined("mean", self);
  return mean_impl(self, ops::reduction_mask(self, dim, "mean"), keepdim, dtype, "MeanBackward1");
}
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype) {
  ops::check_defined("mean", self);
  return mean_impl(self, ops::reduction_mask(self, {}, "mean"), false, dtype, "MeanBackward0");
}

Tensor prod(const Tensor& self, int64_t dim, bool keepdim, std::optional<ScalarType> dtype) {
  ops::check_defined("prod", self);
  return prod_impl(self, ops::reduction_mask(self, {dim}, "prod"), keepdim, dtype, "ProdBackward1");
}
Tensor prod(const Tensor& self, std::optional<ScalarType> dtype) {
  ops::check_defined("prod", self);
  return prod_impl(self, ops::reduction_mask(self, {}, "prod"), false, dtype, "ProdBackward0");
}

// ---- max, min, amax, amin, argmax, argmin ------------------------------------------------

namespace {
// Full max/min and amax/amin: the gradient is split evenly among the elements equal to the
// result (PyTorch's evenly_distribute_backward / amax backward).
Tensor extreme_impl(const Tensor& self, const Mask& mask, bool keepdim, bool is_max, const char* node) {
  Tensor out = run_reduce(is_max ? ReduceOp::Max : ReduceOp::Min, self, mask, keepdim, self.dtype());
  if (autograd::any_requires_grad(self)) {
    autograd::record(node, {self}, {out}, {self, out}, [mask, keepdim](BackwardContext& ctx, const variable_list& g) {
      Tensor x = ctx.saved(0);
      Tensor result = ops::unsqueeze_reduced(ctx.saved(1), mask, keepdim);
      Tensor hits = extreme_hits(x, result);
      Tensor count;
      {
        NoGradGuard no_grad;
        count = sum(hits, ops::mask_dims(mask), /*keepdim=*/true);
      }
      return variable_list{ops::unsqueeze_reduced(g[0], mask, keepdim) * hits / count};
    });
  }
  return out;
}

std::tuple<Tensor, Tensor> extreme_dim(const Tensor& self, int64_t dim, bool keepdim, bool is_max) {
  const char* op = is_max ? "max" : "min";
  ops::check_defined(op, self);
  Mask mask = ops::reduction_mask(self, {dim}, op);
  check_nonempty(self, mask, true, op);
  int64_t d = wrap_dim(dim, self.dim(), op);
  Tensor values = empty(ops::reduced_shape(self.sizes(), mask, keepdim), self.dtype());
  Tensor indices = empty(values.sizes(), kLong);
  cpu::arg_reduce_kernel(is_max, values, indices, self, mask);
  record_index_backward(is_max ? "MaxBackward0" : "MinBackward0", self, values, indices, d, keepdim);
  return {values, indices};
}

Tensor arg_impl(const Tensor& self, std::optional<int64_t> dim, bool keepdim, bool is_max) {
  const char* op = is_max ? "argmax" : "argmin";
  ops::check_defined(op, self);
  check_dtype_supported(op, self.dtype(), {kBool});
  if (!dim) {
    // Index into the flattened tensor; keepdim keeps every dim as size 1.
    check_nonempty(self, {}, false, op);
    Tensor flat = reshape(self, {-1});
    Tensor out = empty(keepdim ? DimVector(static_cast<size_t>(self.dim()), 1) : DimVector(), kLong);
    cpu::arg_reduce_kernel(is_max, Tensor(), out, flat, Mask{true});
    return out;
  }
  Mask mask = ops::reduction_mask(self, {*dim}, op);
  check_nonempty(self, mask, true, op);
  Tensor out = empty(ops::reduced_shape(self.sizes(), mask, keepdim), kLong);
  cpu::arg_reduce_kernel(is_max, Tensor(), out, self, mask);
  return out;
}
}  // namespace

Tensor max(const Tensor& self) {
  ops::check_defined("max", self);
  check_nonempty(self, {}, false, "max");
  return extreme_impl(self, ops::reduction_mask(self, {}, "max"), false, true, "MaxBackward1");
}
Tensor min(const Tensor& self) {
  ops::check_defined("min", self);
  check_nonempty(self, {}, false, "min");
  return extreme_impl(self, ops::reduction_mask(self, {}, "min"), false, false, "MinBackward1");
}
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim) { return extreme_dim(self, dim, keepdim, true); }
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim) { return extreme_dim(self, dim, keepdim, false); }

Tensor amax(const Tensor& self, IntArrayRef dim, bool keepdim) {
  ops::check_defined("amax", self);
  Mask mask = ops::reduction_mask(self, dim, "amax");
  check_nonempty(self, mask, !dim.empty(), "amax");
  return extreme_impl(self, mask, keepdim, true, "AmaxBackward0");
}
Tensor amin(const Tensor& self, IntArrayRef dim, bool keepdim) {
  ops::check_defined("amin", self);
  Mask mask = ops::reduction_mask(self, dim, "amin");
  check_nonempty(self, mask, !dim.empty(), "amin");
  return extreme_impl(self, mask, keepdim, false, "AminBackward0");
}
Tensor argmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) { return arg_impl(self, dim, keepdim, true); }
Tensor argmin(const Tensor& self, std::optional<int64_t> dim, bool keepdim) { return arg_impl(self, dim, keepdim, false); }

// ---- var, std, var_mean, std_mean ----------------------------------------------------------

namespace {
struct Moments {
  Tensor var, mean;
};

// var (or std) and optionally mean over `dim` (nullopt: all) with `correction`.
Moments moments_impl(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
                     bool keepdim, bool take_sqrt, bool with_mean, const char* op, const char* node) {
  ops::check_defined(op, self);
  EMBER_CHECK(is_floating_type(self.dtype()), op, "std and var only support floating point and complex dtypes, got ",
              self.dtype());
  Mask mask = ops::reduction_mask(self, dim.value_or(IntArrayRef{}), op);
  double c = static_cast<double>(correction.value_or(1));
  DimVector shape = ops::reduced_shape(self.sizes(), mask, keepdim);
  Moments m{empty(shape, self.dtype()), with_mean ? empty(shape, self.dtype()) : Tensor()};
  cpu::var_kernel(m.var, m.mean, self, mask, c, take_sqrt);
  if (!autograd::any_requires_grad(self)) return m;
  int64_t n = reduced_count(self, mask);
  // d var / dx = 2 (x - mean) / (n - correction); d std = d var / (2 std), 0 where std is 0.
  auto backward = [mask, keepdim, n, c, take_sqrt, with_mean](BackwardContext& ctx, const variable_list& g) {
    Tensor x = ctx.saved(0);
    Tensor gv = g[0];
    if (take_sqrt) {
      Tensor result = ctx.saved(1);
      Tensor nz = nonzero_mask(result).to(result.dtype());
      gv = gv * nz / (result * 2 + (1 - nz));
    }
    Tensor centered = x - mean(x, ops::mask_dims(mask), /*keepdim=*/true);
    Tensor grad = ops::unsqueeze_reduced(gv, mask, keepdim) * centered * (2.0 / (static_cast<double>(n) - c));
    if (with_mean) grad = grad + expand_grad(g[1], mask, keepdim, x.sizes()) / n;
    return variable_list{grad};
  };
  if (with_mean) autograd::record(node, {self}, {m.var, m.mean}, {self, m.var}, backward);
  else autograd::record(node, {self}, {m.var}, {self, m.var}, backward);
  return m;
}

std::optional<int64_t> from_unbiased(bool unbiased) { return unbiased ? 1 : 0; }
}  // namespace

Tensor var(const Tensor& self, bool unbiased) {
  return moments_impl(self, std::nullopt, from_unbiased(unbiased), false, false, false, "var", "VarBackward0").var;
}
Tensor var(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased, bool keepdim) {
  return moments_impl(self, dim, from_unbiased(unbiased), keepdim, false, false, "var", "VarBackward0").var;
}
Tensor var(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<int64_t> correction, bool keepdim) {
  return moments_impl(self, dim, correction, keepdim, false, false, "var", "VarBackward0").var;
}
Tensor std(const Tensor& self, bool unbiased) {
  return moments_impl(self, std::nullopt, from_unbiased(unbiased), false, true, false, "std", "StdBackward0").var;
}
Tensor std(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased, bool keepdim) {
  return moments_impl(self, dim, from_unbiased(unbiased), keepdim, true, false, "std", "StdBackward0").var;
}
Tensor std(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<int64_t> correction, bool keepdim) {
  return moments_impl(self, dim, correction, keepdim, true, false, "std", "StdBackward0").var;
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased) {
  Moments m = moments_impl(self, std::nullopt, from_unbiased(unbiased), false, false, true, "var_mean", "VarMeanBackward0");
  return {m.var, m.mean};
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased, bool keepdim) {
  Moments m = moments_impl(self, dim, from_unbiased(unbiased), keepdim, false, true, "var_mean", "VarMeanBackward0");
  return {m.var, m.mean};
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim) {
  Moments m = moments_impl(self, dim, correction, keepdim, false, true, "var_mean", "VarMeanBackward0");
  return {m.var, m.mean};
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased) {
  Moments m = moments_impl(self, std::nullopt, from_unbiased(unbiased), false, true, true, "std_mean", "StdMeanBackward0");
  return {m.var, m.mean};
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased, bool keepdim) {
  Moments m = moments_impl(self, dim, from_unbiased(unbiased), keepdim, true, true, "std_mean", "StdMeanBackward0");
  return {m.var, m.mean};
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim) {
  Moments m = moments_impl(self, dim, correction, keepdim, true, true, "std_mean", "StdMeanBackward0");
  return {m.var, m.mean};
}

// ---- norm ------------------------------------------------------------------------------------

namespace {
// PyTorch's norm_backward; `result` and `g` have keepdim shape.
Tensor norm_backward(const Tensor& g, const Tensor& x, const Tensor& result, double p, const Mask& mask) {
  if (p == 0) return Tensor();  // piecewise constant: LibTorch returns no gradient
  if (p == 1) return g * sign(x);
  // The norm as a denominator, 1 where it is 0 (the gradient is 0 there: nz masks it).
  Tensor nz = nonzero_mask(result).to(result.dtype());
  Tensor safe_norm = result + (1 - nz);
  if (p == 2) return x * (g * nz / safe_norm);  // x / norm
  if (std::isinf(p)) {
    // The gradient is split evenly among the elements with |x| equal to the norm.
    Tensor hits = equal_mask(abs(x), result, x.dtype());
    Tensor count;
    {
      NoGradGuard no_grad;
      count = sum(hits, ops::mask_dims(mask), /*keepdim=*/true);
    }
    return g * sign(x) * hits / count;
  }
  // sgn(x) |x|^(p-1) / norm^(p-1), powers as exp((p-1) log .): |0|^(p-1) is 0 for p > 1.
  Tensor scaled = sign(x) * exp((p - 1) * log(abs(x)));
  return scaled * (g * nz / exp((p - 1) * log(safe_norm)));
}

Tensor norm_impl(const Tensor& self, const std::optional<Scalar>& p_arg, IntArrayRef dim, bool keepdim,
                 std::optional<ScalarType> dtype, const char* node) {
  ops::check_defined("norm", self);
  check_floating("norm", self.dtype(), "input dtype");
  if (dtype) check_floating("norm", *dtype, "the desired output dtype");
  double p = p_arg ? p_arg->toDouble() : 2.0;
  Tensor input = as_dtype(self, dtype);
  Mask mask = ops::reduction_mask(self, dim, "norm");
  Tensor out = reduce_into(input, mask, keepdim, input.dtype(),
                           [&](const Tensor& o) { cpu::norm_kernel(o, input, mask, p); });
  // The -inf norm of nothing is 0 in LibTorch (not the min's identity, inf).
  if (p < 0 && std::isinf(p) && reduced_count(self, mask) == 0) out.zero_();
  if (autograd::any_requires_grad(self)) {
    autograd::record(node, {self}, {out}, {self, out}, [mask, keepdim, p](BackwardContext& ctx, const variable_list& g) {
      Tensor x = ctx.saved(0);
      // With dtype= the result's dtype differs from x's: the formula runs in the result's dtype.
      Tensor result = ops::unsqueeze_reduced(ctx.saved(1), mask, keepdim);
      Tensor grad = norm_backward(ops::unsqueeze_reduced(g[0], mask, keepdim), ops::in_dtype(x, result.dtype()),
                                  result, p, mask);
      return variable_list{grad.defined() ? ops::in_dtype(grad, x.dtype()) : grad};
    });
  }
  return out;
}
}  // namespace

Tensor norm(const Tensor& self, const Scalar& p) { return norm_impl(self, p, {}, false, std::nullopt, "NormBackward0"); }
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, ScalarType dtype) {
  return norm_impl(self, p, {}, false, dtype, "NormBackward2");
}
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) {
  return norm_impl(self, p, dim, keepdim, std::nullopt, "NormBackward1");
}
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim, ScalarType dtype) {
  return norm_impl(self, p, dim, keepdim, dtype, "NormBackward3");
}
Tensor norm(const Tensor& self, const char* p, IntArrayRef dim, bool keepdim) {
  EMBER_CHECK(std::string_view(p) == "fro", "norm", "unknown norm '", p, "': only \"fro\" is a vector norm (\"nuc\" is linalg's)");
  return norm_impl(self, 2, dim, keepdim, std::nullopt, "NormBackward1");
}

// ---- logsumexp -------------------------------------------------------------------------------

Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim) {
  ops::check_defined("logsumexp", self);
  check_dtype_supported("logsumexp", self.dtype(), {kHalf});
  Tensor input = is_integral_type(self.dtype(), true) ? self.to(get_default_dtype()) : self;
  Mask mask = ops::reduction_mask(self, dim, "logsumexp");
  Tensor out = reduce_into(input, mask, keepdim, input.dtype(),
                           [&](const Tensor& o) { cpu::logsumexp_kernel(o, input, mask); });
  if (autograd::any_requires_grad(self)) {
    // d/dx = softmax(x) = exp(x - result).
    autograd::record("LogsumexpBackward0", {self}, {out}, {self, out}, [mask, keepdim](BackwardContext& ctx,
                                                                                      const variable_list& g) {
      Tensor x = ctx.saved(0);
      Tensor result = ops::unsqueeze_reduced(ctx.saved(1), mask, keepdim);
      return variable_list{ops::unsqueeze_reduced(g[0], mask, keepdim) * exp(x - result)};
    });
  }
  return out;
}

// ---- all, any, count_nonzero -------------------------------------------------------------------

namespace {
Tensor logical_impl(const Tensor& self, const Mask& mask, bool keepdim, bool is_all) {
  ScalarType dtype = self.dtype() == kByte ? kByte : kBool;
  return run_reduce(is_all ? ReduceOp::All : ReduceOp::Any, self, mask, keepdim, dtype);
}
}  // namespace

Tensor all(const Tensor& self) {
  ops::check_defined("all", self);
  return logical_impl(self, ops::reduction_mask(self, {}, "all"), false, true);
}
Tensor all(const Tensor& self, int64_t dim, bool keepdim) {
  ops::check_defined("all", self);
  return logical_impl(self, ops::reduction_mask(self, {dim}, "all"), keepdim, true);
}
Tensor any(const Tensor& self) {
  ops::check_defined("any", self);
  return logical_impl(self, ops::reduction_mask(self, {}, "any"), false, false);
}
Tensor any(const Tensor& self, int64_t dim, bool keepdim) {
  ops::check_defined("any", self);
  return logical_impl(self, ops::reduction_mask(self, {dim}, "any"), keepdim, false);
}

Tensor count_nonzero(const Tensor& self, IntArrayRef dim) {
  ops::check_defined("count_nonzero", self);
  return run_reduce(ReduceOp::CountNonzero, self, ops::reduction_mask(self, dim, "count_nonzero"), false, kLong);
}
Tensor count_nonzero(const Tensor& self, std::optional<int64_t> dim) {
  if (dim) return count_nonzero(self, IntArrayRef{*dim});
  return count_nonzero(self, IntArrayRef{});
}

// ---- cumsum, cumprod ---------------------------------------------------------------------------

namespace {
// cumprod's gradient (no zeros in x): sum_{j >= i} g_j * out_j / x_i, i.e. the reversed
// cumsum of g * out, divided by x.
Tensor reverse_cumsum(const Tensor& t, int64_t dim) {
  // sum_{j >= i} t_j = total - (cumsum up to i) + t_i
  return sum(t, {dim}, /*keepdim=*/true) - cumsum(t, dim) + t;
}

Tensor scan_impl(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool is_sum) {
  const char* op = is_sum ? "cumsum" : "cumprod";
  ops::check_defined(op, self);
  int64_t d = wrap_dim(dim, self.dim(), op);
  Tensor input = as_dtype(self, dtype ? dtype : std::optional<ScalarType>(integral_to_long(self.dtype())));
  check_dtype_supported(op, input.dtype(), {kHalf, kBool}, input.numel() > 0 && input.dim() > 0);
  Tensor out = empty(self.sizes(), input.dtype());
  if (self.dim() == 0) copy_(out, input);
  else cpu::scan_kernel(is_sum ? cpu::ScanOp::Sum : cpu::ScanOp::Prod, out, input, d);
  if (autograd::any_requires_grad(self)) {
    if (is_sum) {
      autograd::record("CumsumBackward0", {self}, {out}, {}, [d](BackwardContext&, const variable_list& g) {
        return variable_list{g[0].dim() == 0 ? g[0] : reverse_cumsum(g[0], d)};
      });
    } else {
      autograd::record("CumprodBackward0", {self}, {out}, {self, out}, [d](BackwardContext& ctx, const variable_list& g) {
        Tensor x = ctx.saved(0), result = ctx.saved(1);
        if (x.dim() == 0) return variable_list{g[0]};
        return variable_list{reverse_cumsum(g[0] * result, d) / x};
      });
    }
  }
  return out;
}
}  // namespace

Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) { return scan_impl(self, dim, dtype, true); }
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) { return scan_impl(self, dim, dtype, false); }

// ---- median, mode ----------------------------------------------------------------------------

Tensor median(const Tensor& self) {
  ops::check_defined("median", self);
  check_dtype_supported("median", self.dtype(), {kBool, kHalf}, self.numel() > 0);
  Tensor flat = reshape(self, {-1});
  Tensor values = empty({}, self.dtype());
  cpu::median_kernel(values, Tensor(), flat, Mask{true});
  if (autograd::any_requires_grad(self)) {
    // The gradient goes to (one of) the elements equal to the median: split evenly, as PyTorch.
    autograd::record("MedianBackward0", {self}, {values}, {self, values}, [](BackwardContext& ctx, const variable_list& g) {
      Tensor x = ctx.saved(0);
      Tensor hits = extreme_hits(x, ctx.saved(1));
      Tensor count;
      {
        NoGradGuard no_grad;
        count = sum(hits);
      }
      return variable_list{g[0] * hits / count};
    });
  }
  return values;
}

std::tuple<Tensor, Tensor> median(const Tensor& self, int64_t dim, bool keepdim) {
  ops::check_defined("median", self);
  check_dtype_supported("median", self.dtype(), {kBool, kHalf});
  Mask mask = ops::reduction_mask(self, {dim}, "median");
  check_nonempty(self, mask, true, "median");
  Tensor values = empty(ops::reduced_shape(self.sizes(), mask, keepdim), self.dtype());
  Tensor indices = empty(values.sizes(), kLong);
  cpu::median_kernel(values, indices, self, mask);
  record_index_backward("MedianBackward1", self, values, indices, wrap_dim(dim, self.dim(), "median"), keepdim);
  return {values, indices};
}

std::tuple<Tensor, Tensor> mode(const Tensor& self, int64_t dim, bool keepdim) {
  ops::check_defined("mode", self);
  Mask mask = ops::reduction_mask(self, {dim}, "mode");
  check_nonempty(self, mask, true, "mode");
  Tensor values = empty(ops::reduced_shape(self.sizes(), mask, keepdim), self.dtype());
  Tensor indices = empty(values.sizes(), kLong);
  cpu::mode_kernel(values, indices, self, mask);
  record_index_backward("ModeBackward0", self, values, indices, wrap_dim(dim, self.dim(), "mode"), keepdim);
  return {values, indices};
}

// ---- sum_to --------------------------------------------------------------------------------

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

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::sum(std::optional<ScalarType> dtype) const { return ember::sum(*this, dtype); }
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::sum(*this, dim, keepdim, dtype);
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const { return ember::mean(*this, dtype); }
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::mean(*this, dim, keepdim, dtype);
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const { return ember::prod(*this, dtype); }
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::prod(*this, dim, keepdim, dtype);
}
Tensor Tensor::max() const { return ember::max(*this); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const { return ember::max(*this, dim, keepdim); }
Tensor Tensor::min() const { return ember::min(*this); }
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const { return ember::min(*this, dim, keepdim); }
Tensor Tensor::amax(IntArrayRef dim, bool keepdim) const { return ember::amax(*this, dim, keepdim); }
Tensor Tensor::amin(IntArrayRef dim, bool keepdim) const { return ember::amin(*this, dim, keepdim); }
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const { return ember::argmax(*this, dim, keepdim); }
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const { return ember::argmin(*this, dim, keepdim); }
Tensor Tensor::var(bool unbiased) const { return ember::var(*this, unbiased); }
Tensor Tensor::var(std::optional<IntArrayRef> dim, bool unbiased, bool keepdim) const {
  return ember::var(*this, dim, unbiased, keepdim);
}
Tensor Tensor::var(std::optional<IntArrayRef> dim, std::optional<int64_t> correction, bool keepdim) const {
  return ember::var(*this, dim, correction, keepdim);
}
Tensor Tensor::std(bool unbiased) const { return ember::std(*this, unbiased); }
Tensor Tensor::std(std::optional<IntArrayRef> dim, bool unbiased, bool keepdim) const {
  return ember::std(*this, dim, unbiased, keepdim);
}
Tensor Tensor::std(std::optional<IntArrayRef> dim, std::optional<int64_t> correction, bool keepdim) const {
  return ember::std(*this, dim, correction, keepdim);
}
Tensor Tensor::norm(const Scalar& p) const { return ember::norm(*this, p); }
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) const {
  return ember::norm(*this, p, dim, keepdim);
}
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim, ScalarType dtype) const {
  return ember::norm(*this, p, dim, keepdim, dtype);
}
Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const { return ember::logsumexp(*this, dim, keepdim); }
Tensor Tensor::all() const { return ember::all(*this); }
Tensor Tensor::all(int64_t dim, bool keepdim) const { return ember::all(*this, dim, keepdim); }
Tensor Tensor::any() const { return ember::any(*this); }
Tensor Tensor::any(int64_t dim, bool keepdim) const { return ember::any(*this, dim, keepdim); }
Tensor Tensor::count_nonzero(IntArrayRef dim) const { return ember::count_nonzero(*this, dim); }
Tensor Tensor::count_nonzero(std::optional<int64_t> dim) const { return ember::count_nonzero(*this, dim); }
Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const { return ember::cumsum(*this, dim, dtype); }
Tensor Tensor::cumprod(int64_t dim, std::optional<ScalarType> dtype) const { return ember::cumprod(*this, dim, dtype); }
Tensor Tensor::median() const { return ember::median(*this); }
std::tuple<Tensor, Tensor> Tensor::median(int64_t dim, bool keepdim) const { return ember::median(*this, dim, keepdim); }
std::tuple<Tensor, Tensor> Tensor::mode(int64_t dim, bool keepdim) const { return ember::mode(*this, dim, keepdim); }

}  // namespace ember
