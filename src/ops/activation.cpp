// Activations (relu, hardtanh, leaky_relu, elu/selu/celu, gelu, silu, mish, softplus,
// hardsigmoid, hardswish, softsign): checks, kernel call and backward, each in one place.
// Their derivative masks are constant step tensors (ops::step), so every backward below is
// itself differentiable wherever the activation's derivative is.
#include <cmath>
#include <limits>

#include "ember/ops/binary.h"
#include "ember/ops/unary.h"
#include "ops/inplace.h"
#include "ops/unary_util.h"

namespace ember {

using autograd::BackwardContext;
using cpu::UnaryOp;
using cpu::UnaryParams;
using ops::inplace_operand;
using ops::record_unary;
using ops::step;
using ops::step_mul;
using ops::write_inplace;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Activations LibTorch implements for floating tensors only.
void check_floating(const char* name, const Tensor& x) {
  ops::check_defined(name, x);
  EMBER_CHECK(is_floating_type(x.dtype()), name, "expected a floating-point tensor, got ", x.dtype(),
              " (LibTorch has no integer ", name, " kernel); convert with .to(kFloat)");
}

// hardtanh and relu6 (= hardtanh(x, 0, 6), as LibTorch).
Tensor clamp_activation(const Tensor& self, const Scalar& min_val, const Scalar& max_val, const char* name) {
  ops::check_defined(name, self);
  EMBER_CHECK(self.dtype() != kBool, name, "Bool inputs not supported for hardtanh");
  UnaryParams params;
  if (is_integral_type(self.dtype(), false)) {
    // Integer inputs: the limits truncate to integers (LibTorch's legacy behaviour: no promotion).
    int64_t lo = min_val.toLong(), hi = max_val.toLong();
    EMBER_CHECK(self.dtype() != kByte || (lo >= 0 && hi >= 0), name,
                "cannot do hardtanh on an unsigned type with negative limits (got min_val ", lo,
                ", max_val ", hi, ")");
    params.min = static_cast<double>(lo);
    params.max = static_cast<double>(hi);
  } else {
    params.min = min_val.toDouble();
    params.max = max_val.toDouble();
  }
  Tensor out = ops::unary_compute(UnaryOp::Clamp, self, self.dtype(), params);
  double lo = params.min, hi = params.max;
  // 1 strictly inside (min, max), 0 outside; NaN passes the gradient (PyTorch's hardtanh_backward).
  record_unary("HardtanhBackward0", self, out, {self}, [lo, hi](const Tensor& g, const BackwardContext& ctx) {
    return step_mul(g, ctx.saved(0), {lo, hi, true, true, 1, 0, 1});
  });
  return out;
}

// elu, selu and celu: x > 0: scale * x; x <= 0: alpha * scale * (exp(input_scale * x) - 1).
Tensor elu_impl(const Tensor& self, double alpha, double scale, double input_scale, const char* name,
                const char* node) {
  check_floating(name, self);
  UnaryParams params;
  params.alpha = alpha;
  params.scale = scale;
  params.input_scale = input_scale;
  Tensor out = ops::unary_compute(UnaryOp::Elu, self, self.dtype(), params);
  record_unary(node, self, out, {self}, [=](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    // x <= 0: alpha * scale * input_scale * exp(input_scale * x). exp is taken at min(x, 0)
    // (= -relu(-x)) so it cannot overflow where the mask drops it (0 * inf would be NaN).
    Tensor negative = exp(-relu(-x) * input_scale) * (alpha * scale * input_scale);
    Tensor mask_neg = step(x, {-kInf, 0, false, false, 1, 0, 0});
    Tensor mask_pos = step(x, {-kInf, 0, false, false, 0, scale, scale});
    return g * (mask_pos + mask_neg * negative);
  });
  return out;
}

// SELU's constants (Klambauer et al. 2017), as PyTorch.
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

constexpr double kGeluBeta = M_SQRT2 * M_2_SQRTPI * 0.5;  // sqrt(2 / pi)
constexpr double kGeluKappa = 0.044715;
constexpr double kInvSqrt2Pi = M_2_SQRTPI * M_SQRT1_2 * 0.5;  // 1 / sqrt(2 pi)

}  // namespace

Tensor relu(const Tensor& self) {
  ops::check_defined("relu", self);
  EMBER_CHECK(self.dtype() != kBool, "relu", "Boolean inputs not supported for relu");
  Tensor out = ops::unary_compute(UnaryOp::Relu, self, self.dtype());
  // From the result, as PyTorch's threshold_backward: 0 where y <= 0, else 1 (NaN included).
  record_unary("ReluBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    return step_mul(g, ctx.saved(0), {-kInf, 0, false, false, 0, 1, 1});
  });
  return out;
}

Tensor relu6(const Tensor& self) { return clamp_activation(self, 0, 6, "relu6"); }

Tensor hardtanh(const Tensor& self, const Scalar& min_val, const Scalar& max_val) {
  return clamp_activation(self, min_val, max_val, "hardtanh");
}

Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope) {
  check_floating("leaky_relu", self);
  UnaryParams params;
  params.negative_slope = negative_slope.toDouble();
  Tensor out = ops::unary_compute(UnaryOp::LeakyRelu, self, self.dtype(), params);
  double slope = params.negative_slope;
  record_unary("LeakyReluBackward0", self, out, {self}, [slope](const Tensor& g, const BackwardContext& ctx) {
    return step_mul(g, ctx.saved(0), {0, kInf, true, false, 1, slope, slope});
  });
  return out;
}

Tensor elu(const Tensor& self, const Scalar& alpha, const Scalar& scale, const Scalar& input_scale) {
  return elu_impl(self, alpha.toDouble(), scale.toDouble(), input_scale.toDouble(), "elu", "EluBackward0");
}

Tensor selu(const Tensor& self) { return elu_impl(self, kSeluAlpha, kSeluScale, 1.0, "selu", "EluBackward0"); }

Tensor celu(const Tensor& self, const Scalar& alpha) {
  double a = alpha.toDouble();
  EMBER_CHECK(a != 0.0, "celu", "ZeroDivisionError: alpha cannot be 0 for CELU");
  return elu_impl(self, a, 1.0, 1.0 / a, "celu", "CeluBackward0");
}

Tensor gelu(const Tensor& self, std::string_view approximate) {
  check_floating("gelu", self);
  EMBER_CHECK(approximate == "none" || approximate == "tanh", "gelu",
              "approximate argument must be either none or tanh (got '", approximate, "')");
  bool use_tanh = approximate == "tanh";
  Tensor out = ops::unary_compute(use_tanh ? UnaryOp::GeluTanh : UnaryOp::Gelu, self, self.dtype());
  record_unary("GeluBackward0", self, out, {self}, [use_tanh](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    if (!use_tanh) {
      // d/dx x Phi(x) = Phi(x) + x phi(x)
      Tensor cdf = (erf(x * M_SQRT1_2) + 1) * 0.5;
      Tensor pdf = exp(x * x * -0.5) * kInvSqrt2Pi;
      return g * (cdf + x * pdf);
    }
    // y = 0.5 x (1 + tanh(u)), u = beta (x + kappa x^3):
    // y' = 0.5 (1 + tanh(u)) + 0.5 x (1 - tanh(u)^2) beta (1 + 3 kappa x^2)
    Tensor t = tanh((x + x * x * x * kGeluKappa) * kGeluBeta);
    Tensor du = (x * x * (3 * kGeluKappa) + 1) * kGeluBeta;
    return g * ((t + 1) * 0.5 + x * 0.5 * (1 - t * t) * du);
  });
  return out;
}

Tensor silu(const Tensor& self) {
  check_floating("silu", self);
  Tensor out = ops::unary_compute(UnaryOp::Silu, self, self.dtype());
  record_unary("SiluBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    Tensor s = sigmoid(x);
    return g * s * (1 + x * (1 - s));
  });
  return out;
}

Tensor mish(const Tensor& self) {
  check_floating("mish", self);
  Tensor out = ops::unary_compute(UnaryOp::Mish, self, self.dtype());
  record_unary("MishBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    Tensor t = tanh(softplus(x));
    return g * (t + x * sigmoid(x) * (1 - t * t));
  });
  return out;
}

Tensor softplus(const Tensor& self, const Scalar& beta, const Scalar& threshold) {
  check_floating("softplus", self);
  UnaryParams params;
  params.beta = beta.toDouble();
  params.threshold = threshold.toDouble();
  Tensor out = ops::unary_compute(UnaryOp::Softplus, self, self.dtype(), params);
  double b = params.beta, th = params.threshold;
  // sigmoid(beta x) where beta x <= threshold, 1 above (where the forward is the identity).
  record_unary("SoftplusBackward0", self, out, {self}, [b, th](const Tensor& g, const BackwardContext& ctx) {
    Tensor bx = ctx.saved(0) * b;
    Tensor above = step(bx, {th, kInf, true, false, 1, 0, 0});
    Tensor below = step(bx, {th, kInf, true, false, 0, 1, 1});
    return g * (above + below * sigmoid(bx));
  });
  return out;
}

Tensor hardsigmoid(const Tensor& self) {
  check_floating("hardsigmoid", self);
  Tensor out = ops::unary_compute(UnaryOp::Hardsigmoid, self, self.dtype());
  record_unary("HardsigmoidBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    return step_mul(g, ctx.saved(0), {-3, 3, true, true, 1.0 / 6.0, 0, 0});
  });
  return out;
}

Tensor hardswish(const Tensor& self) {
  check_floating("hardswish", self);
  Tensor out = ops::unary_compute(UnaryOp::Hardswish, self, self.dtype());
  // 0 below -3, x / 3 + 0.5 on [-3, 3], 1 above (and for NaN), as PyTorch's hardswish_backward.
  record_unary("HardswishBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    Tensor middle = step(x, {-3, 3, false, false, 1, 0, 0});
    Tensor above = step(x, {3, kInf, true, false, 1, 0, 1});
    return g * (middle * (x / 3 + 0.5) + above);
  });
  return out;
}

// A composite, as in LibTorch (its gradient node is DivBackward0).
Tensor softsign(const Tensor& self) {
  ops::check_defined("softsign", self);
  EMBER_CHECK(self.dtype() != kBool, "softsign", "not implemented for Bool tensors (abs has no bool kernel)");
  return self / (abs(self) + 1);
}

// ---- in-place forms ------------------------------------------------------------------------------
const Tensor& relu_(const Tensor& self) { return write_inplace(self, relu(inplace_operand(self)), "relu_"); }
const Tensor& relu6_(const Tensor& self) { return write_inplace(self, relu6(inplace_operand(self)), "relu6_"); }
const Tensor& leaky_relu_(const Tensor& self, const Scalar& negative_slope) {
  return write_inplace(self, leaky_relu(inplace_operand(self), negative_slope), "leaky_relu_");
}
const Tensor& elu_(const Tensor& self, const Scalar& alpha, const Scalar& scale, const Scalar& input_scale) {
  return write_inplace(self, elu(inplace_operand(self), alpha, scale, input_scale), "elu_");
}
const Tensor& selu_(const Tensor& self) { return write_inplace(self, selu(inplace_operand(self)), "selu_"); }
const Tensor& celu_(const Tensor& self, const Scalar& alpha) {
  return write_inplace(self, celu(inplace_operand(self), alpha), "celu_");
}
const Tensor& gelu_(const Tensor& self, std::string_view approximate) {
  return write_inplace(self, gelu(inplace_operand(self), approximate), "gelu_");
}
const Tensor& silu_(const Tensor& self) { return write_inplace(self, silu(inplace_operand(self)), "silu_"); }
const Tensor& mish_(const Tensor& self) { return write_inplace(self, mish(inplace_operand(self)), "mish_"); }
const Tensor& hardtanh_(const Tensor& self, const Scalar& min_val, const Scalar& max_val) {
  return write_inplace(self, hardtanh(inplace_operand(self), min_val, max_val), "hardtanh_");
}
const Tensor& hardsigmoid_(const Tensor& self) {
  return write_inplace(self, hardsigmoid(inplace_operand(self)), "hardsigmoid_");
}
const Tensor& hardswish_(const Tensor& self) {
  return write_inplace(self, hardswish(inplace_operand(self)), "hardswish_");
}

// ---- Tensor methods ---------------------------------------------------------------------------
Tensor Tensor::relu() const { return ember::relu(*this); }
Tensor& Tensor::relu_() { ember::relu_(*this); return *this; }

}  // namespace ember
