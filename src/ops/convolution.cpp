// convolution and conv1d/2d/3d, conv_transpose1d/2d/3d: checks, output shapes, the oneDNN /
// loop kernels, and gradients written as convolutions (NOTE [Convolution gradients]).
#include "ember/ops/convolution.h"

#include <string>

#include "autograd/record.h"
#include "cpu/conv_kernel.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/ops/arrange.h"
#include "ember/ops/reduce.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::ConvGeometry;

namespace {

// NOTE [Convolution gradients]
// Three differentiable products, no argument checks (the public ops check):
//   conv(x, w)                      the convolution: x (N, C, *X), w (O, C/g, *K)
//   conv_t(y, w, X)                 its adjoint in x (a transposed convolution) with output
//                                   spatial size X: the backward-data kernel
//   weight_grad(x, gy)              its adjoint in w: the backward-weight kernel
// Each is bilinear, and each one's gradients are the other two:
//   conv:        gx = conv_t(gy, w),  gw = weight_grad(x, gy)
//   conv_t:      gy = conv(gx', w),   gw = weight_grad(gx', y)   (gx' the incoming gradient)
//   weight_grad: gx = conv_t(gy, V),  g_gy = conv(x, V)          (V the incoming gradient)
// so gradients of any order are convolutions running on the fast kernels. conv(.) can reach
// further than the size it is the adjoint of (a transposed convolution's output_padding adds
// positions no window of the forward convolution ends on); those results are narrowed off.

DimVector spatial_sizes(const Tensor& t) { return DimVector(t.sizes().slice(2)); }

// t narrowed to `sizes` in every spatial dim where it is larger.
Tensor narrow_spatial(Tensor t, const DimVector& sizes) {
  for (size_t i = 0; i < sizes.size(); ++i) {
    int64_t dim = static_cast<int64_t>(i) + 2;
    if (t.size(dim) > sizes[i]) t = t.narrow(dim, 0, sizes[i]);
  }
  return t;
}

// Sum over all dims but the channels: the bias gradient.
Tensor bias_grad(const Tensor& grad) {
  DimVector dims = {0};
  for (int64_t d = 2; d < grad.dim(); ++d) dims.push_back(d);
  return grad.sum(dims);
}

// bias (C) shaped (1, C, 1, ...) to broadcast over an output of `dim` dims.
Tensor bias_view(const Tensor& bias, int64_t dim) {
  DimVector shape(static_cast<size_t>(dim), 1);
  shape[1] = bias.size(0);
  return bias.view(shape);
}

Tensor conv_transpose_core(const Tensor& y, const Tensor& w, const Tensor& b, const ConvGeometry& g,
                           const DimVector& out_spatial);
Tensor weight_grad_core(const Tensor& x, const Tensor& gy, const DimVector& weight_sizes, const ConvGeometry& g);

Tensor conv_core(const Tensor& x, const Tensor& w, const Tensor& b, const ConvGeometry& g) {
  DimVector shape = {x.size(0), w.size(0)};
  for (size_t i = 0; i < g.stride.size(); ++i) {
    int64_t d = static_cast<int64_t>(i) + 2;
    shape.push_back((x.size(d) + 2 * g.padding[i] - g.dilation[i] * (w.size(d) - 1) - 1) / g.stride[i] + 1);
  }
  Tensor out = empty(shape, x.dtype());
  {
    NoGradGuard no_grad;
    cpu::conv_forward(out, x, w, b.defined() ? std::optional<Tensor>(b) : std::nullopt, g);
  }
  if (autograd::any_requires_grad(x, w, b)) {
    autograd::record("ConvolutionBackward0", {x, w, b}, {out}, {x, w},
                     [g](BackwardContext& ctx, const variable_list& grads) {
                       Tensor gy = grads[0], x = ctx.saved(0), w = ctx.saved(1);
                       variable_list r(3);
                       if (ctx.needs_input_grad(0)) r[0] = conv_transpose_core(gy, w, Tensor(), g, spatial_sizes(x));
                       if (ctx.needs_input_grad(1)) r[1] = weight_grad_core(x, gy, DimVector(w.sizes()), g);
                       if (ctx.needs_input_grad(2)) r[2] = bias_grad(gy);
                       return r;
                     });
  }
  return out;
}

// y (N, O, *P), w (O, C/g, *K) -> (N, C, *out_spatial); + b (C).
Tensor conv_transpose_core(const Tensor& y, const Tensor& w, const Tensor& b, const ConvGeometry& g,
                           const DimVector& out_spatial) {
  DimVector shape = {y.size(0), w.size(1) * g.groups};
  for (int64_t s : out_spatial) shape.push_back(s);
  Tensor out = empty(shape, y.dtype());
  {
    NoGradGuard no_grad;
    cpu::conv_backward_data(out, y, w, g);
    if (b.defined()) out.add_(bias_view(b, out.dim()));
  }
  if (autograd::any_requires_grad(y, w, b)) {
    autograd::record("ConvolutionBackward0", {y, w, b}, {out}, {y, w},
                     [g](BackwardContext& ctx, const variable_list& grads) {
                       Tensor gx = grads[0], y = ctx.saved(0), w = ctx.saved(1);
                       variable_list r(3);
                       if (ctx.needs_input_grad(0)) r[0] = narrow_spatial(conv_core(gx, w, Tensor(), g), spatial_sizes(y));
                       if (ctx.needs_input_grad(1)) r[1] = weight_grad_core(gx, y, DimVector(w.sizes()), g);
                       if (ctx.needs_input_grad(2)) r[2] = bias_grad(gx);
                       return r;
                     });
  }
  return out;
}

Tensor weight_grad_core(const Tensor& x, const Tensor& gy, const DimVector& weight_sizes, const ConvGeometry& g) {
  Tensor gw = empty(weight_sizes, x.dtype());
  {
    NoGradGuard no_grad;
    cpu::conv_backward_weight(gw, x, gy, g);
  }
  if (autograd::any_requires_grad(x, gy)) {
    autograd::record("ConvolutionBackwardWeight0", {x, gy}, {gw}, {x, gy},
                     [g](BackwardContext& ctx, const variable_list& grads) {
                       Tensor v = grads[0], x = ctx.saved(0), gy = ctx.saved(1);
                       variable_list r(2);
                       if (ctx.needs_input_grad(0)) r[0] = conv_transpose_core(gy, v, Tensor(), g, spatial_sizes(x));
                       if (ctx.needs_input_grad(1)) r[1] = narrow_spatial(conv_core(x, v, Tensor(), g), spatial_sizes(gy));
                       return r;
                     });
  }
  return gw;
}

// A per-dim parameter given as one value or one per spatial dim.
DimVector expand_param(const char* op, const char* name, IntArrayRef v, size_t dims) {
  EMBER_CHECK(v.size() == 1 || v.size() == dims, op, "expected ", name, " to be a single integer or a list of ",
              dims, " integers (one per spatial dim), but got ", v);
  return v.size() == 1 ? DimVector(dims, v[0]) : DimVector(v);
}

Tensor convolution_checked(const char* op, const Tensor& input, const Tensor& weight,
                           const std::optional<Tensor>& bias_opt, IntArrayRef stride_in, IntArrayRef padding_in,
                           IntArrayRef dilation_in, bool transposed, IntArrayRef output_padding_in, int64_t groups) {
  ops::check_defined(op, input);
  ops::check_defined(op, weight);
  Tensor bias = bias_opt && bias_opt->defined() ? *bias_opt : Tensor();
  EMBER_CHECK(weight.dim() >= 3 && weight.dim() <= 5, op, "expected a weight of 3 to 5 dims ([",
              transposed ? "C_in, C_out / groups" : "C_out, C_in / groups", ", *kernel_size] for 1 to 3 spatial dims), "
              "but got weight of size ", weight.sizes());
  EMBER_CHECK(input.dim() == weight.dim(), op, "expected ", weight.dim(), "-D input (batched: [N, C, *spatial]) for ",
              weight.dim(), "-D weight of size ", weight.sizes(), ", but got input of size ", input.sizes());
  EMBER_CHECK(input.dtype() == weight.dtype(), op, "Input type (", input.dtype(), ") and weight type (",
              weight.dtype(), ") should be the same; convert one with .to()");
  EMBER_CHECK(!bias.defined() || bias.dtype() == input.dtype(), op, "Input type (", input.dtype(),
              ") and bias type (", bias.dtype(), ") should be the same");
  EMBER_CHECK(input.dtype() == kFloat || input.dtype() == kDouble || input.dtype() == kBFloat16, op,
              "has no kernel for ", input.dtype(), " on cpu (float32, float64 and bfloat16 only); convert with .to(kFloat)");
  size_t dims = static_cast<size_t>(weight.dim() - 2);
  ConvGeometry g;
  g.stride = expand_param(op, "stride", stride_in, dims);
  g.padding = expand_param(op, "padding", padding_in, dims);
  g.dilation = expand_param(op, "dilation", dilation_in, dims);
  g.groups = groups;
  DimVector output_padding = expand_param(op, "output_padding", output_padding_in, dims);
  EMBER_CHECK(groups > 0, op, "non-positive groups is not supported: got groups=", groups);
  for (size_t i = 0; i < dims; ++i) {
    EMBER_CHECK(g.stride[i] > 0, op, "non-positive stride is not supported: got stride ", stride_in);
    EMBER_CHECK(g.dilation[i] > 0, op, "dilation should be greater than zero: got dilation ", dilation_in);
    EMBER_CHECK(g.padding[i] >= 0, op, "negative padding is not supported: got padding ", padding_in);
    EMBER_CHECK(output_padding[i] >= 0, op, "negative output_padding is not supported: got ", output_padding_in);
    EMBER_CHECK(!transposed || output_padding[i] < std::max(g.stride[i], g.dilation[i]), op,
                "output padding must be smaller than either stride or dilation, but got output_padding ",
                output_padding_in, ", stride ", stride_in, ", dilation ", dilation_in);
    EMBER_CHECK(transposed || output_padding[i] == 0, op, "output_padding is only for transposed convolutions, got ",
                output_padding_in);
  }
  int64_t c_in = input.size(1);
  int64_t c_out = transposed ? weight.size(1) * groups : weight.size(0);
  if (transposed) {
    EMBER_CHECK(weight.size(0) == c_in, op, "Given transposed=1, weight of size ", weight.sizes(), ", expected input ",
                input.sizes(), " to have ", weight.size(0), " channels, but got ", c_in, " channels instead");
    EMBER_CHECK(c_in % groups == 0, op, "expected the input channels (", c_in, ") to be divisible by groups (",
                groups, ") for weight of size ", weight.sizes());
  } else {
    EMBER_CHECK(weight.size(0) % groups == 0, op, "Given groups=", groups, ", expected weight of size ",
                weight.sizes(), " to have its first dim (out channels) divisible by groups");
    EMBER_CHECK(c_in == weight.size(1) * groups, op, "Given groups=", groups, ", weight of size ", weight.sizes(),
                ", expected input", input.sizes(), " to have ", weight.size(1) * groups, " channels, but got ", c_in,
                " channels instead");
  }
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == c_out), op, "Given weight of size ",
              weight.sizes(), ", expected bias to be 1-dimensional with ", c_out, " elements, but got bias of size ",
              bias.sizes());
  DimVector out_spatial;
  for (size_t i = 0; i < dims; ++i) {
    int64_t d = static_cast<int64_t>(i) + 2;
    int64_t ext = g.dilation[i] * (weight.size(d) - 1) + 1;
    if (transposed) {
      int64_t p = (input.size(d) - 1) * g.stride[i] - 2 * g.padding[i] + ext + output_padding[i];
      EMBER_CHECK(input.size(d) > 0 && p > 0, op, "the output size of a transposed convolution of input ",
                  input.sizes(), " with weight ", weight.sizes(), ", padding ", padding_in, " would be ", p,
                  " in spatial dim ", i, "; it must be positive (less padding?)");
      out_spatial.push_back(p);
    } else {
      EMBER_CHECK(input.size(d) + 2 * g.padding[i] >= ext, op, "Calculated padded input size per channel in spatial dim ",
                  i, ": ", input.size(d) + 2 * g.padding[i], ". Kernel size (dilated): ", ext,
                  ". Kernel size can't be greater than actual input size (input ", input.sizes(), ", weight ",
                  weight.sizes(), ", padding ", padding_in, ")");
    }
  }
  if (input.dtype() == kBFloat16) {
    // Computed in float32, rounded once; the conversions carry the gradient.
    std::optional<Tensor> b = bias.defined() ? std::optional<Tensor>(bias.to(kFloat)) : std::nullopt;
    return convolution_checked(op, input.to(kFloat), weight.to(kFloat), b, stride_in, padding_in, dilation_in,
                               transposed, output_padding_in, groups)
        .to(kBFloat16);
  }
  return transposed ? conv_transpose_core(input, weight, bias, g, out_spatial) : conv_core(input, weight, bias, g);
}

// convNd / conv_transposeNd: (C, *X) unbatched input gets a batch dim of 1 for the call.
Tensor batchify(const char* op, int64_t spatial, const Tensor& input, const std::function<Tensor(const Tensor&)>& f) {
  ops::check_defined(op, input);
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, op, "Expected ", spatial + 1,
              "D (unbatched) or ", spatial + 2, "D (batched) input to ", op, ", but got input of size: ",
              input.sizes());
  if (input.dim() == spatial + 2) return f(input);
  return f(input.unsqueeze(0)).squeeze(0);
}

Tensor conv_nd(const char* op, int64_t spatial, const Tensor& input, const Tensor& weight,
               const std::optional<Tensor>& bias, IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation,
               int64_t groups) {
  return batchify(op, spatial, input, [&](const Tensor& x) {
    return convolution_checked(op, x, weight, bias, stride, padding, dilation, false, {0}, groups);
  });
}

Tensor conv_nd_padding(const char* op, int64_t spatial, const Tensor& input, const Tensor& weight,
                       const std::optional<Tensor>& bias, IntArrayRef stride, std::string_view padding,
                       IntArrayRef dilation, int64_t groups) {
  if (padding == "valid") return conv_nd(op, spatial, input, weight, bias, stride, 0, dilation, groups);
  EMBER_CHECK(padding == "same", op, "Invalid padding string: '", padding, "' (expected 'same' or 'valid')");
  ops::check_defined(op, weight);
  EMBER_CHECK(weight.dim() == spatial + 2, op, "expected a ", spatial + 2, "-D weight, but got weight of size ",
              weight.sizes());
  size_t dims = static_cast<size_t>(spatial);
  DimVector s = expand_param(op, "stride", stride, dims), d = expand_param(op, "dilation", dilation, dims);
  for (int64_t v : s) EMBER_CHECK(v == 1, op, "padding='same' is not supported for strided convolutions (stride ", stride, ")");
  // Total padding dilation * (k - 1) per dim: half on each side, the odd one out on the
  // right, done by padding the input first.
  DimVector left(dims), extra(2 * dims, 0);
  bool symmetric = true;
  for (size_t i = 0; i < dims; ++i) {
    int64_t total = d[i] * (weight.size(static_cast<int64_t>(i) + 2) - 1);
    left[i] = total / 2;
    if (total % 2 != 0) {
      symmetric = false;
      extra[2 * (dims - 1 - i) + 1] = 1;  // pad lists the last dim first
    }
  }
  return batchify(op, spatial, input, [&](const Tensor& x) {
    Tensor xp = symmetric ? x : constant_pad_nd(x, extra, 0);
    return convolution_checked(op, xp, weight, bias, stride, left, dilation, false, {0}, groups);
  });
}

Tensor conv_transpose_nd(const char* op, int64_t spatial, const Tensor& input, const Tensor& weight,
                         const std::optional<Tensor>& bias, IntArrayRef stride, IntArrayRef padding,
                         IntArrayRef output_padding, int64_t groups, IntArrayRef dilation) {
  return batchify(op, spatial, input, [&](const Tensor& x) {
    return convolution_checked(op, x, weight, bias, stride, padding, dilation, true, output_padding, groups);
  });
}

}  // namespace

Tensor convolution(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
                   IntArrayRef padding, IntArrayRef dilation, bool transposed, IntArrayRef output_padding,
                   int64_t groups) {
  return convolution_checked("convolution", input, weight, bias, stride, padding, dilation, transposed,
                             output_padding, groups);
}

Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd("conv1d", 1, input, weight, bias, stride, padding, dilation, groups);
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd("conv2d", 2, input, weight, bias, stride, padding, dilation, groups);
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd("conv3d", 3, input, weight, bias, stride, padding, dilation, groups);
}
Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd_padding("conv1d", 1, input, weight, bias, stride, padding, dilation, groups);
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd_padding("conv2d", 2, input, weight, bias, stride, padding, dilation, groups);
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation, int64_t groups) {
  return conv_nd_padding("conv3d", 3, input, weight, bias, stride, padding, dilation, groups);
}

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding, int64_t groups,
                        IntArrayRef dilation) {
  return conv_transpose_nd("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding, groups,
                           dilation);
}
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding, int64_t groups,
                        IntArrayRef dilation) {
  return conv_transpose_nd("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation);
}
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding, int64_t groups,
                        IntArrayRef dilation) {
  return conv_transpose_nd("conv_transpose3d", 3, input, weight, bias, stride, padding, output_padding, groups,
                           dilation);
}

}  // namespace ember
