// layer_norm, group_norm, rms_norm, batch_norm, instance_norm: checks, the fused forward kernel, and a backward written
// in ember ops (the normalization recomputed differentiably from the saved input), so double
// backward works.
#include <limits>

#include "autograd/record.h"
#include "cpu/batch_norm_kernel.h"
#include "cpu/norm_kernel.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/ops/arrange.h"
#include "ember/ops/binary.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/reduce.h"
#include "ember/ops/views.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;
using cpu::NormKind;

namespace {

Tensor defined_or_none(const std::optional<Tensor>& t) { return t ? *t : Tensor(); }

// 1 / sqrt(x) on a floating tensor, differentiable (d/dx = -y^3 / 2, written with y so the
// derivative is differentiable again). Used for the norms' statistics in their backward.
Tensor rsqrt_of(const Tensor& x) {
  Tensor out = empty(x.sizes(), x.dtype());
  cpu::rsqrt_kernel(out, x.contiguous());
  if (autograd::any_requires_grad(x)) {
    autograd::record("RsqrtBackward0", {x}, {out}, {out}, [](BackwardContext& ctx, const variable_list& g) {
      Tensor y = ctx.saved(0);
      return variable_list{g[0] * (y * y * y) * -0.5};
    });
  }
  return out;
}

// The normalized input and its scale, recomputed in ember ops over `dims` (keepdim shapes):
//   Standardize: xhat = (x - mean(x)) * rstd, rstd = 1 / sqrt(mean((x - mean)^2) + eps)
//   Rms:         xhat = x * rstd,             rstd = 1 / sqrt(mean(x^2) + eps)
struct Normalized {
  Tensor xhat, rstd;
};
Normalized normalize(const Tensor& x, IntArrayRef dims, double count, double eps, NormKind kind) {
  Tensor xc = kind == NormKind::Standardize ? x - sum(x, dims, /*keepdim=*/true) / count : x;
  Tensor rstd = rsqrt_of(sum(xc * xc, dims, /*keepdim=*/true) / count + eps);
  return {xc * rstd, rstd};
}

// Gradient w.r.t. x of a normalization over `dims`, given gw = grad_out * weight:
//   Standardize: rstd * (gw - mean(gw) - xhat * mean(gw * xhat))
//   Rms:         rstd * (gw - xhat * mean(gw * xhat))
Tensor normalized_input_grad(const Tensor& gw, const Normalized& n, IntArrayRef dims, double count, NormKind kind) {
  Tensor projected = gw - n.xhat * (sum(gw * n.xhat, dims, /*keepdim=*/true) / count);
  if (kind == NormKind::Standardize) projected = projected - sum(gw, dims, /*keepdim=*/true) / count;
  return n.rstd * projected;
}

void check_floating(const char* op, const Tensor& input) {
  EMBER_CHECK(is_floating_type(input.dtype()), op, "expected a floating point input (Half, BFloat16, Float, Double) but got ",
              input.dtype(), " for input of shape ", input.sizes());
}

void check_affine_dtype(const char* op, const char* name, const Tensor& t, const Tensor& input) {
  EMBER_CHECK(!t.defined() || t.dtype() == input.dtype(), op, "expected ", name, " to have the input's dtype ",
              input.dtype(), " but got ", t.dtype(), "; convert it with .to(", input.dtype(), ")");
}

// PyTorch's _check_layer_norm_inputs: input is [*, normalized_shape], weight and bias are
// normalized_shape. Returns the number of rows (product of the leading dims).
int64_t check_trailing_norm(const char* op, const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight,
                            const Tensor& bias) {
  ops::check_defined(op, input);
  EMBER_CHECK(!normalized_shape.empty(), op, "expected normalized_shape to be at least 1-dimensional, i.e., containing "
              "at least one element, but got normalized_shape = ", normalized_shape);
  EMBER_CHECK(!weight.defined() || weight.sizes() == normalized_shape, op, "expected weight to be of same shape as "
              "normalized_shape, but got weight of shape ", weight.sizes(), " and normalized_shape = ", normalized_shape);
  EMBER_CHECK(!bias.defined() || bias.sizes() == normalized_shape, op, "expected bias to be of same shape as "
              "normalized_shape, but got bias of shape ", bias.sizes(), " and normalized_shape = ", normalized_shape);
  int64_t k = static_cast<int64_t>(normalized_shape.size());
  int64_t lead = input.dim() - k;
  bool matches = lead >= 0;
  for (int64_t i = 0; matches && i < k; ++i) matches = input.sizes()[lead + i] == normalized_shape[i];
  EMBER_CHECK(matches, op, "given normalized_shape=", normalized_shape, ", expected input with shape [*, ",
              IntArrayRef(normalized_shape), "] (the trailing dims), but got input of size ", input.sizes());
  check_floating(op, input);
  check_affine_dtype(op, "weight", weight, input);
  check_affine_dtype(op, "bias", bias, input);
  int64_t rows = 1;
  for (int64_t d = 0; d < lead; ++d) rows *= input.sizes()[d];
  return rows;
}

Tensor contiguous_or_none(const Tensor& t) { return t.defined() ? t.contiguous() : t; }

Tensor norm_forward(const Tensor& input, const Tensor& weight, const Tensor& bias, int64_t rows, double eps,
                    NormKind kind, int64_t affine_inner) {
  Tensor out = empty(input.sizes(), input.dtype());
  cpu::norm_kernel(out, input.contiguous(), contiguous_or_none(weight), contiguous_or_none(bias), rows, eps, kind,
                   affine_inner);
  return out;
}

// Trailing-dims norms (layer_norm, rms_norm): the fused forward and its backward.
Tensor trailing_norm(const char* op, const char* node, const Tensor& input, IntArrayRef normalized_shape,
                     const Tensor& weight, const Tensor& bias, double eps, NormKind kind) {
  int64_t rows = check_trailing_norm(op, input, normalized_shape, weight, bias);
  Tensor out = norm_forward(input, weight, bias, rows, eps, kind, 1);
  if (autograd::any_requires_grad(input, weight, bias)) {
    DimVector dims;
    for (int64_t d = input.dim() - static_cast<int64_t>(normalized_shape.size()); d < input.dim(); ++d) dims.push_back(d);
    double count = static_cast<double>(product(normalized_shape));
    autograd::record(node, {input, weight, bias}, {out}, {input, weight},
                     [dims, count, eps, kind](BackwardContext& ctx, const variable_list& g) {
                       Tensor x = ctx.saved(0), w = ctx.saved(1);
                       Normalized n = normalize(x, dims, count, eps, kind);
                       Tensor gw = w.defined() ? g[0] * w : g[0];
                       // weight and bias gradients have the input's shape: the engine sums
                       // them down to normalized_shape.
                       return variable_list{
                           ctx.needs_input_grad(0) ? normalized_input_grad(gw, n, dims, count, kind) : Tensor(),
                           ctx.needs_input_grad(1) ? g[0] * n.xhat : Tensor(),
                           ctx.needs_input_grad(2) ? g[0] : Tensor()};
                     });
  }
  return out;
}

}  // namespace

Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const std::optional<Tensor>& weight,
                  const std::optional<Tensor>& bias, double eps, bool /*cudnn_enable*/) {
  return trailing_norm("layer_norm", "NativeLayerNormBackward0", input, normalized_shape, defined_or_none(weight),
                       defined_or_none(bias), eps, NormKind::Standardize);
}

Tensor rms_norm(const Tensor& input, IntArrayRef normalized_shape, const std::optional<Tensor>& weight,
                std::optional<double> eps) {
  // PyTorch's default: the epsilon of the compute ("opmath") type, float for half/bfloat16.
  double eps_value = eps.value_or(input.defined() && input.dtype() == kDouble
                                      ? std::numeric_limits<double>::epsilon()
                                      : static_cast<double>(std::numeric_limits<float>::epsilon()));
  return trailing_norm("rms_norm", "RmsNormBackward0", input, normalized_shape, defined_or_none(weight), Tensor(),
                       eps_value, NormKind::Rms);
}

Tensor group_norm(const Tensor& input, int64_t num_groups, const std::optional<Tensor>& weight_opt,
                  const std::optional<Tensor>& bias_opt, double eps, bool /*cudnn_enabled*/) {
  const char* op = "group_norm";
  ops::check_defined(op, input);
  Tensor weight = defined_or_none(weight_opt), bias = defined_or_none(bias_opt);
  EMBER_CHECK(input.dim() >= 2, op, "expected input of shape [N, C, *] (at least 2 dims) but got input of size ",
              input.sizes());
  EMBER_CHECK(num_groups > 0, op, "expected num_groups to be greater than 0, got ", num_groups);
  int64_t batch = input.size(0), channels = input.size(1);
  EMBER_CHECK(channels % num_groups == 0, op, "expected number of channels in input to be divisible by num_groups, "
              "but got input of shape ", input.sizes(), " and num_groups=", num_groups);
  EMBER_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == channels), op,
              "expected weight to be a vector of size equal to the number of channels in input, but got weight of "
              "shape ", weight.sizes(), " and input of shape ", input.sizes());
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.numel() == channels), op,
              "expected bias to be a vector of size equal to the number of channels in input, but got bias of shape ",
              bias.sizes(), " and input of shape ", input.sizes());
  check_floating(op, input);
  check_affine_dtype(op, "weight", weight, input);
  check_affine_dtype(op, "bias", bias, input);
  int64_t spatial = 1;
  for (int64_t d = 2; d < input.dim(); ++d) spatial *= input.size(d);
  // Rows are (sample, group) pairs of C / num_groups * spatial contiguous elements.
  Tensor out = norm_forward(input, weight, bias, batch * num_groups, eps, NormKind::Standardize, spatial);
  if (autograd::any_requires_grad(input, weight, bias)) {
    autograd::record("NativeGroupNormBackward0", {input, weight, bias}, {out}, {input, weight},
                     [num_groups, eps](BackwardContext& ctx, const variable_list& g) {
                       Tensor x = ctx.saved(0), w = ctx.saved(1);
                       DimVector sizes(x.sizes());
                       // weight [C] seen as [C, 1, ..., 1] to broadcast over [N, C, *].
                       DimVector channel_shape(sizes.size() - 1, 1);
                       channel_shape[0] = sizes[1];
                       // The groups as rows: [N, G, C / G * spatial].
                       int64_t group_size = x.numel() == 0 ? 0 : x.numel() / (sizes[0] * num_groups);
                       DimVector grouped = {sizes[0], num_groups, group_size};
                       DimVector dims = {2};
                       double count = static_cast<double>(group_size);
                       Normalized n = normalize(reshape(x, grouped), dims, count, eps, NormKind::Standardize);
                       Tensor xhat = reshape(n.xhat, sizes);
                       Tensor gw = w.defined() ? g[0] * reshape(w, channel_shape) : g[0];
                       // Gradients of weight and bias sum over every dim but the channel.
                       DimVector non_channel = {0};
                       for (int64_t d = 2; d < static_cast<int64_t>(sizes.size()); ++d) non_channel.push_back(d);
                       Tensor gx;
                       if (ctx.needs_input_grad(0))
                         gx = reshape(normalized_input_grad(reshape(gw, grouped), n, dims, count, NormKind::Standardize),
                                      sizes);
                       return variable_list{gx,
                                            ctx.needs_input_grad(1) ? sum(g[0] * xhat, non_channel) : Tensor(),
                                            ctx.needs_input_grad(2) ? sum(g[0], non_channel) : Tensor()};
                     });
  }
  return out;
}

namespace {

// Batch normalization of input [N, C, *] per channel (the statistics over N and *), shared by
// batch_norm and instance_norm (which runs it on [1, N * C, *]). training: normalize with the
// batch statistics and, where running_mean / running_var are defined, update them in place
// (running = (1 - momentum) * running + momentum * batch statistic, the variance unbiased);
// otherwise normalize with the running statistics.
Tensor channel_norm(const char* op, const Tensor& input, const Tensor& weight, const Tensor& bias,
                    const Tensor& running_mean, const Tensor& running_var, bool training, double momentum, double eps) {
  ops::check_defined(op, input);
  EMBER_CHECK(input.dim() >= 2, op, "expected input of shape [N, C, *] (at least 2 dims) but got input of size ",
              input.sizes());
  check_floating(op, input);
  const int64_t batch = input.size(0), channels = input.size(1);
  auto check_channel_vector = [&](const char* name, const Tensor& t) {
    EMBER_CHECK(!t.defined() || (t.dim() == 1 && t.numel() == channels), op, name, " should contain ", channels,
                " elements (one per channel of input of shape ", input.sizes(), ") not ", t.numel(), " (shape ",
                t.sizes(), ")");
  };
  check_channel_vector("weight", weight);
  check_channel_vector("bias", bias);
  check_channel_vector("running_mean", running_mean);
  check_channel_vector("running_var", running_var);
  check_affine_dtype(op, "weight", weight, input);
  check_affine_dtype(op, "bias", bias, input);
  for (const Tensor* t : {&running_mean, &running_var}) {
    EMBER_CHECK(!t->defined() || is_floating_type(t->dtype()), op, "expected floating running statistics but got ",
                t->dtype());
  }
  EMBER_CHECK(training || (running_mean.defined() && running_var.defined()), op,
              "running_mean and running_var must be defined in evaluation mode (training=false); pass them or "
              "normalize with the batch statistics (training=true)");
  const int64_t count = channels == 0 ? 0 : input.numel() / channels;  // values per channel
  // As F::batch_norm: one value per channel has no variance to normalize by.
  EMBER_CHECK(!training || count != 1, op, "Expected more than 1 value per channel when training, got input size ",
              input.sizes());
  // Statistics per channel in double: given (eval) or computed by the kernel (training).
  Tensor mean = training ? zeros({channels}, kDouble) : running_mean.detach().to(kDouble).contiguous();
  Tensor var = training ? ones({channels}, kDouble) : running_var.detach().to(kDouble).contiguous();
  Tensor out = empty(input.sizes(), input.dtype());
  cpu::batch_norm_kernel(out, input.contiguous(), contiguous_or_none(weight), contiguous_or_none(bias), mean, var,
                         batch, channels, !training, eps);
  if (training && count > 0) {
    NoGradGuard no_grad;
    const double n = static_cast<double>(count);
    if (running_mean.defined()) {
      Tensor rm = running_mean;
      rm.mul_(1 - momentum).add_(mean.to(rm.dtype()), momentum);
    }
    if (running_var.defined()) {
      Tensor rv = running_var;
      rv.mul_(1 - momentum).add_(var.to(rv.dtype()), momentum * n / (n - 1));
    }
  }
  if (autograd::any_requires_grad(input, weight, bias)) {
    // [C] statistics seen as [1, C, 1, ..., 1] to broadcast over [N, C, *].
    DimVector channel_shape(static_cast<size_t>(input.dim()), 1);
    channel_shape[1] = channels;
    Tensor eval_mean = training ? Tensor() : reshape(mean.to(input.dtype()), channel_shape);
    Tensor eval_rstd = training ? Tensor() : reshape((var + eps).rsqrt().to(input.dtype()), channel_shape);
    autograd::record("NativeBatchNormBackward0", {input, weight, bias}, {out}, {input, weight},
                     [channel_shape, eval_mean, eval_rstd, training, count, eps](BackwardContext& ctx,
                                                                                  const variable_list& g) {
                       Tensor x = ctx.saved(0), w = ctx.saved(1);
                       DimVector non_channel = {0};
                       for (int64_t d = 2; d < x.dim(); ++d) non_channel.push_back(d);
                       Tensor gw = w.defined() ? g[0] * reshape(w, channel_shape) : g[0];
                       Tensor xhat, gx;
                       if (training) {
                         // The batch statistics depend on x: the standardization's full gradient.
                         Normalized n = normalize(x, non_channel, static_cast<double>(count), eps,
                                                  NormKind::Standardize);
                         xhat = n.xhat;
                         if (ctx.needs_input_grad(0))
                           gx = normalized_input_grad(gw, n, non_channel, static_cast<double>(count),
                                                      NormKind::Standardize);
                       } else {
                         // Running statistics are constants: an affine map of x.
                         xhat = (x - eval_mean) * eval_rstd;
                         if (ctx.needs_input_grad(0)) gx = gw * eval_rstd;
                       }
                       return variable_list{gx, ctx.needs_input_grad(1) ? sum(g[0] * xhat, non_channel) : Tensor(),
                                            ctx.needs_input_grad(2) ? sum(g[0], non_channel) : Tensor()};
                     });
  }
  return out;
}

}  // namespace

Tensor batch_norm(const Tensor& input, const std::optional<Tensor>& weight, const std::optional<Tensor>& bias,
                  const std::optional<Tensor>& running_mean, const std::optional<Tensor>& running_var, bool training,
                  double momentum, double eps, bool /*cudnn_enabled*/) {
  return channel_norm("batch_norm", input, defined_or_none(weight), defined_or_none(bias),
                      defined_or_none(running_mean), defined_or_none(running_var), training, momentum, eps);
}

Tensor instance_norm(const Tensor& input, const std::optional<Tensor>& weight_opt, const std::optional<Tensor>& bias_opt,
                     const std::optional<Tensor>& running_mean_opt, const std::optional<Tensor>& running_var_opt,
                     bool use_input_stats, double momentum, double eps, bool /*cudnn_enabled*/) {
  const char* op = "instance_norm";
  ops::check_defined(op, input);
  EMBER_CHECK(input.dim() >= 2, op, "expected input of shape [N, C, *] (at least 2 dims) but got input of size ",
              input.sizes());
  Tensor weight = defined_or_none(weight_opt), bias = defined_or_none(bias_opt);
  Tensor running_mean = defined_or_none(running_mean_opt), running_var = defined_or_none(running_var_opt);
  EMBER_CHECK(use_input_stats || (running_mean.defined() && running_var.defined()), op,
              "Expected running_mean and running_var to be defined when use_input_stats is false");
  const int64_t batch = input.size(0), channels = input.size(1);
  for (const auto& [name, t] : {std::pair<const char*, const Tensor*>{"weight", &weight}, {"bias", &bias},
                                {"running_mean", &running_mean}, {"running_var", &running_var}}) {
    EMBER_CHECK(!t->defined() || (t->dim() == 1 && t->numel() == channels), op, name, " should contain ", channels,
                " elements (one per channel of input of shape ", input.sizes(), ") not ", t->numel());
  }
  // Each (sample, channel) pair is a channel of a batch of one: [1, N * C, *], with the
  // per-channel tensors repeated N times.
  DimVector flat_shape(input.sizes());
  flat_shape[0] = 1;
  flat_shape[1] = batch * channels;
  auto repeated = [batch](const Tensor& t) { return t.defined() ? repeat(t, {batch}) : Tensor(); };
  Tensor rm = repeated(running_mean), rv = repeated(running_var);
  Tensor out = channel_norm(op, reshape(input, flat_shape), repeated(weight), repeated(bias), rm, rv,
                            use_input_stats, momentum, eps);
  if (use_input_stats) {
    // The running statistics get the average over the batch of the per-sample updates.
    NoGradGuard no_grad;
    if (running_mean.defined()) running_mean.copy_(mean(reshape(rm, {batch, channels}), {0}));
    if (running_var.defined()) running_var.copy_(mean(reshape(rv, {batch, channels}), {0}));
  }
  return reshape(out, input.sizes());
}

}  // namespace ember
