// Unary math (neg, exp, log, sin, erf, floor, nan_to_num...): checks, result dtype, kernel call
// and backward, each in one place. Activations live in activation.cpp.
#include "ember/ops/unary.h"

#include <cfloat>
#include <cmath>
#include <limits>

#include "cpu/unary_kernel.h"
#include "ember/ops/binary.h"
#include "ops/elementwise.h"
#include "ops/inplace.h"
#include "ops/unary_util.h"

namespace ember {

using autograd::BackwardContext;
using cpu::UnaryOp;
using cpu::UnaryParams;
using ops::inplace_operand;
using ops::write_inplace;
using ops::record_unary;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Floating functions: integral and bool inputs compute in the default float dtype.
Tensor floating_op(UnaryOp op, const char* name, const Tensor& x, const UnaryParams& params = {}) {
  ops::check_defined(name, x);
  return ops::unary_compute(op, x, is_floating_type(x.dtype()) ? x.dtype() : get_default_dtype(), params);
}

// floor, ceil, round, trunc: the identity on integers, undefined on bool; zero gradient.
Tensor rounding_op(UnaryOp op, const char* name, const char* node, const Tensor& x) {
  ops::check_defined(name, x);
  EMBER_CHECK(x.dtype() != kBool, name, "not implemented for Bool tensors (as LibTorch); convert with .to(kInt)");
  if (!is_floating_type(x.dtype())) return x.clone();
  Tensor out = ops::unary_compute(op, x, x.dtype());
  record_unary(node, x, out, {}, [](const Tensor& g, const BackwardContext&) { return zeros_like(g); });
  return out;
}

// Ops defined on floating tensors only (frac, round with decimals).
void check_floating_only(const char* name, const Tensor& x) {
  ops::check_defined(name, x);
  EMBER_CHECK(is_floating_type(x.dtype()), name, "not implemented for ", x.dtype(),
              " tensors (as LibTorch): it needs a floating-point tensor; convert with .to(kFloat)");
}

// The largest finite value of a floating dtype (nan_to_num's default for +inf).
double finite_max(ScalarType dtype) {
  switch (dtype) {
    case kHalf: return 65504.0;
    case kBFloat16: return 3.3895313892515355e38;
    case kFloat: return FLT_MAX;
    default: return DBL_MAX;
  }
}

}  // namespace

Tensor neg(const Tensor& self) {
  ops::check_defined("neg", self);
  EMBER_CHECK(self.dtype() != kBool, "neg",
              "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
              "invert a mask, use the `~` or `logical_not()` operator instead.");
  Tensor out = ops::unary_compute(UnaryOp::Neg, self, self.dtype());
  record_unary("NegBackward0", self, out, {}, [](const Tensor& g, const BackwardContext&) { return neg(g); });
  return out;
}

Tensor abs(const Tensor& self) {
  ops::check_defined("abs", self);
  EMBER_CHECK(self.dtype() != kBool, "abs", "not implemented for Bool tensors (as LibTorch)");
  Tensor out = ops::unary_compute(UnaryOp::Abs, self, self.dtype());
  // abs'(0) = 0, as PyTorch: sign(0) is 0.
  record_unary("AbsBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g * sign(ctx.saved(0)); });
  return out;
}

Tensor sign(const Tensor& self) {
  ops::check_defined("sign", self);
  if (self.dtype() == kBool) return self.clone();
  Tensor out = ops::unary_compute(UnaryOp::Sign, self, self.dtype());
  record_unary("SignBackward0", self, out, {}, [](const Tensor& g, const BackwardContext&) { return zeros_like(g); });
  return out;
}

Tensor reciprocal(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Reciprocal, "reciprocal", self);
  record_unary("ReciprocalBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor y = ctx.saved(0);
    return -g * (y * y);
  });
  return out;
}

Tensor sqrt(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Sqrt, "sqrt", self);
  record_unary("SqrtBackward0", self, out, {out},
               [](const Tensor& g, const BackwardContext& ctx) { return g / (ctx.saved(0) * 2); });
  return out;
}

Tensor rsqrt(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Rsqrt, "rsqrt", self);
  record_unary("RsqrtBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor y = ctx.saved(0);
    return g * (y * y * y) * -0.5;
  });
  return out;
}

Tensor exp(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Exp, "exp", self);
  record_unary("ExpBackward0", self, out, {out},
               [](const Tensor& g, const BackwardContext& ctx) { return g * ctx.saved(0); });
  return out;
}

Tensor exp2(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Exp2, "exp2", self);
  record_unary("Exp2Backward0", self, out, {out},
               [](const Tensor& g, const BackwardContext& ctx) { return g * ctx.saved(0) * M_LN2; });
  return out;
}

Tensor expm1(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Expm1, "expm1", self);
  record_unary("Expm1Backward0", self, out, {out},
               [](const Tensor& g, const BackwardContext& ctx) { return g * (ctx.saved(0) + 1); });
  return out;
}

Tensor log(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Log, "log", self);
  record_unary("LogBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g / ctx.saved(0); });
  return out;
}

Tensor log2(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Log2, "log2", self);
  record_unary("Log2Backward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g / (ctx.saved(0) * M_LN2); });
  return out;
}

Tensor log10(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Log10, "log10", self);
  record_unary("Log10Backward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g / (ctx.saved(0) * M_LN10); });
  return out;
}

Tensor log1p(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Log1p, "log1p", self);
  record_unary("Log1PBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g / (ctx.saved(0) + 1); });
  return out;
}

Tensor sin(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Sin, "sin", self);
  record_unary("SinBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g * cos(ctx.saved(0)); });
  return out;
}

Tensor cos(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Cos, "cos", self);
  record_unary("CosBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g * -sin(ctx.saved(0)); });
  return out;
}

Tensor tan(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Tan, "tan", self);
  record_unary("TanBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor y = ctx.saved(0);
    return g * (y * y + 1);
  });
  return out;
}

Tensor asin(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Asin, "asin", self);
  record_unary("AsinBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    return g * rsqrt(1 - x * x);
  });
  return out;
}

Tensor acos(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Acos, "acos", self);
  record_unary("AcosBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    return g * -rsqrt(1 - x * x);
  });
  return out;
}

Tensor atan(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Atan, "atan", self);
  record_unary("AtanBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    return g / (x * x + 1);
  });
  return out;
}

Tensor sinh(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Sinh, "sinh", self);
  record_unary("SinhBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g * cosh(ctx.saved(0)); });
  return out;
}

Tensor cosh(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Cosh, "cosh", self);
  record_unary("CoshBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g * sinh(ctx.saved(0)); });
  return out;
}

Tensor tanh(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Tanh, "tanh", self);
  record_unary("TanhBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor y = ctx.saved(0);
    return g * (1 - y * y);
  });
  return out;
}

Tensor sigmoid(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Sigmoid, "sigmoid", self);
  record_unary("SigmoidBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor y = ctx.saved(0);
    return g * (1 - y) * y;
  });
  return out;
}

Tensor logit(const Tensor& self, std::optional<double> eps) {
  UnaryParams params;
  params.eps = eps.value_or(-1.0);
  Tensor out = floating_op(UnaryOp::Logit, "logit", self, params);
  double e = params.eps;
  record_unary("LogitBackward0", self, out, {self}, [e](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    if (e < 0) {
      // 1 / (x (1 - x)) on [0, 1], NaN outside (as PyTorch's logit_backward).
      return g * ops::step(x, {0, 1, false, false, 1, kNaN, kNaN}) / (x * (1 - x));
    }
    // Zero outside [eps, 1 - eps], where the forward clamped. There x is replaced by 0.5 so the
    // denominator stays finite (0 * inf would be NaN).
    Tensor inside = ops::step(x, {e, 1 - e, false, false, 1, 0, kNaN});
    Tensor xs = x * inside + ops::step(x, {e, 1 - e, false, false, 0, 0.5, kNaN});
    return g * inside / (xs * (1 - xs));
  });
  return out;
}

Tensor erf(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Erf, "erf", self);
  record_unary("ErfBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    return g * exp(-(x * x)) * M_2_SQRTPI;
  });
  return out;
}

Tensor erfc(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Erfc, "erfc", self);
  record_unary("ErfcBackward0", self, out, {self}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor x = ctx.saved(0);
    return g * exp(-(x * x)) * -M_2_SQRTPI;
  });
  return out;
}

Tensor erfinv(const Tensor& self) {
  Tensor out = floating_op(UnaryOp::Erfinv, "erfinv", self);
  // d/dy erfinv(y) = sqrt(pi) / 2 * exp(erfinv(y)^2)
  record_unary("ErfinvBackward0", self, out, {out}, [](const Tensor& g, const BackwardContext& ctx) {
    Tensor y = ctx.saved(0);
    return g * exp(y * y) * (0.5 * std::sqrt(M_PI));
  });
  return out;
}

Tensor floor(const Tensor& self) { return rounding_op(UnaryOp::Floor, "floor", "FloorBackward0", self); }
Tensor ceil(const Tensor& self) { return rounding_op(UnaryOp::Ceil, "ceil", "CeilBackward0", self); }
Tensor round(const Tensor& self) { return rounding_op(UnaryOp::Round, "round", "RoundBackward0", self); }
Tensor trunc(const Tensor& self) { return rounding_op(UnaryOp::Trunc, "trunc", "TruncBackward0", self); }

Tensor round(const Tensor& self, int64_t decimals) {
  check_floating_only("round", self);
  UnaryParams params;
  params.decimals = decimals;
  Tensor out = ops::unary_compute(UnaryOp::RoundDecimals, self, self.dtype(), params);
  record_unary("RoundBackward1", self, out, {}, [](const Tensor& g, const BackwardContext&) { return zeros_like(g); });
  return out;
}

Tensor frac(const Tensor& self) {
  check_floating_only("frac", self);
  Tensor out = ops::unary_compute(UnaryOp::Frac, self, self.dtype());
  record_unary("FracBackward0", self, out, {}, [](const Tensor& g, const BackwardContext&) { return g; });
  return out;
}

namespace {
Tensor predicate(cpu::UnaryPredicate op, const char* name, const Tensor& self) {
  ops::check_defined(name, self);
  Tensor out = empty(self.sizes(), kBool);
  cpu::predicate_kernel(op, out, self);
  return out;
}
}  // namespace

Tensor isnan(const Tensor& self) { return predicate(cpu::UnaryPredicate::IsNan, "isnan", self); }
Tensor isinf(const Tensor& self) { return predicate(cpu::UnaryPredicate::IsInf, "isinf", self); }
Tensor isfinite(const Tensor& self) { return predicate(cpu::UnaryPredicate::IsFinite, "isfinite", self); }

Tensor nan_to_num(const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                  std::optional<double> neginf) {
  ops::check_defined("nan_to_num", self);
  if (!is_floating_type(self.dtype())) return self.clone();  // integers hold no NaN or inf
  double max = finite_max(self.dtype());
  UnaryParams params;
  params.nan = nan.value_or(0.0);
  params.posinf = posinf.value_or(max);
  params.neginf = neginf.value_or(-max);
  Tensor out = ops::unary_compute(UnaryOp::NanToNum, self, self.dtype(), params);
  record_unary("NanToNumBackward0", self, out, {self},
               [](const Tensor& g, const BackwardContext& ctx) { return g * isfinite(ctx.saved(0)); });
  return out;
}

// ---- in-place forms ------------------------------------------------------------------------------
// Each computes out of place on (a clone of) self and writes back (ops/inplace.h).
#define EMBER_UNARY_INPLACE(name) \
  const Tensor& name##_(const Tensor& self) { return write_inplace(self, name(inplace_operand(self)), #name "_"); }
EMBER_UNARY_INPLACE(neg)
EMBER_UNARY_INPLACE(abs)
EMBER_UNARY_INPLACE(sign)
EMBER_UNARY_INPLACE(reciprocal)
EMBER_UNARY_INPLACE(sqrt)
EMBER_UNARY_INPLACE(rsqrt)
EMBER_UNARY_INPLACE(exp)
EMBER_UNARY_INPLACE(exp2)
EMBER_UNARY_INPLACE(expm1)
EMBER_UNARY_INPLACE(log)
EMBER_UNARY_INPLACE(log2)
EMBER_UNARY_INPLACE(log10)
EMBER_UNARY_INPLACE(log1p)
EMBER_UNARY_INPLACE(sin)
EMBER_UNARY_INPLACE(cos)
EMBER_UNARY_INPLACE(tan)
EMBER_UNARY_INPLACE(asin)
EMBER_UNARY_INPLACE(acos)
EMBER_UNARY_INPLACE(atan)
EMBER_UNARY_INPLACE(sinh)
EMBER_UNARY_INPLACE(cosh)
EMBER_UNARY_INPLACE(tanh)
EMBER_UNARY_INPLACE(sigmoid)
EMBER_UNARY_INPLACE(erf)
EMBER_UNARY_INPLACE(erfc)
EMBER_UNARY_INPLACE(erfinv)
EMBER_UNARY_INPLACE(floor)
EMBER_UNARY_INPLACE(ceil)
EMBER_UNARY_INPLACE(round)
EMBER_UNARY_INPLACE(trunc)
EMBER_UNARY_INPLACE(frac)
#undef EMBER_UNARY_INPLACE

const Tensor& logit_(const Tensor& self, std::optional<double> eps) {
  return write_inplace(self, logit(inplace_operand(self), eps), "logit_");
}
const Tensor& round_(const Tensor& self, int64_t decimals) {
  return write_inplace(self, round(inplace_operand(self), decimals), "round_");
}
const Tensor& nan_to_num_(const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                          std::optional<double> neginf) {
  return write_inplace(self, nan_to_num(inplace_operand(self), nan, posinf, neginf), "nan_to_num_");
}

// ---- Tensor methods ---------------------------------------------------------------------------
#define EMBER_UNARY_METHODS(name)                               \
  Tensor Tensor::name() const { return ember::name(*this); }    \
  Tensor& Tensor::name##_() {                                   \
    ember::name##_(*this);                                      \
    return *this;                                               \
  }
EMBER_UNARY_METHODS(neg)
EMBER_UNARY_METHODS(abs)
EMBER_UNARY_METHODS(sign)
EMBER_UNARY_METHODS(reciprocal)
EMBER_UNARY_METHODS(sqrt)
EMBER_UNARY_METHODS(rsqrt)
EMBER_UNARY_METHODS(exp)
EMBER_UNARY_METHODS(exp2)
EMBER_UNARY_METHODS(expm1)
EMBER_UNARY_METHODS(log)
EMBER_UNARY_METHODS(log2)
EMBER_UNARY_METHODS(log10)
EMBER_UNARY_METHODS(log1p)
EMBER_UNARY_METHODS(sin)
EMBER_UNARY_METHODS(cos)
EMBER_UNARY_METHODS(tan)
EMBER_UNARY_METHODS(asin)
EMBER_UNARY_METHODS(acos)
EMBER_UNARY_METHODS(atan)
EMBER_UNARY_METHODS(sinh)
EMBER_UNARY_METHODS(cosh)
EMBER_UNARY_METHODS(tanh)
EMBER_UNARY_METHODS(sigmoid)
EMBER_UNARY_METHODS(erf)
EMBER_UNARY_METHODS(erfc)
EMBER_UNARY_METHODS(erfinv)
EMBER_UNARY_METHODS(floor)
EMBER_UNARY_METHODS(ceil)
EMBER_UNARY_METHODS(round)
EMBER_UNARY_METHODS(trunc)
EMBER_UNARY_METHODS(frac)
#undef EMBER_UNARY_METHODS

Tensor Tensor::logit(std::optional<double> eps) const { return ember::logit(*this, eps); }
Tensor& Tensor::logit_(std::optional<double> eps) { ember::logit_(*this, eps); return *this; }
Tensor Tensor::round(int64_t decimals) const { return ember::round(*this, decimals); }
Tensor& Tensor::round_(int64_t decimals) { ember::round_(*this, decimals); return *this; }
Tensor Tensor::isnan() const { return ember::isnan(*this); }
Tensor Tensor::isinf() const { return ember::isinf(*this); }
Tensor Tensor::isfinite() const { return ember::isfinite(*this); }
Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf,
                          std::optional<double> neginf) const {
  return ember::nan_to_num(*this, nan, posinf, neginf);
}
Tensor& Tensor::nan_to_num_(std::optional<double> nan, std::optional<double> posinf,
                            std::optional<double> neginf) {
  ember::nan_to_num_(*this, nan, posinf, neginf);
  return *this;
}

}  // namespace ember
