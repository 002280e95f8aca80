#pragma once
// Unary elementwise math and activations, with LibTorch's names, defaults and dtype rules:
//   - floating functions (exp, log, sin, sigmoid, erf, ...): integral and bool inputs give the
//     default float dtype (torch.exp(int_tensor) is float32);
//   - neg, abs, sign, relu, hardtanh, relu6 keep integer dtypes; floor, ceil, round, trunc and
//     nan_to_num are the identity on integers;
//   - isnan, isinf, isfinite give bool;
//   - the other activations (leaky_relu, elu, gelu, silu, ...) take floating tensors only.
// Every differentiable op records its backward (PyTorch's derivatives.yaml; sign, floor, ceil,
// round, trunc have zero gradients). In-place forms (`exp_`) need the result dtype to be
// castable to self's dtype (exp_ of an int tensor is an error, as in LibTorch).
#include <optional>
#include <string_view>

#include "ember/core/tensor.h"

namespace ember {

Tensor neg(const Tensor& self);  // bool tensors: use logical_not
Tensor abs(const Tensor& self);
Tensor sign(const Tensor& self);
Tensor reciprocal(const Tensor& self);
Tensor sqrt(const Tensor& self);
Tensor rsqrt(const Tensor& self);
Tensor exp(const Tensor& self);
Tensor exp2(const Tensor& self);
Tensor expm1(const Tensor& self);
Tensor log(const Tensor& self);
Tensor log2(const Tensor& self);
Tensor log10(const Tensor& self);
Tensor log1p(const Tensor& self);
Tensor sin(const Tensor& self);
Tensor cos(const Tensor& self);
Tensor tan(const Tensor& self);
Tensor asin(const Tensor& self);
Tensor acos(const Tensor& self);
Tensor atan(const Tensor& self);
Tensor sinh(const Tensor& self);
Tensor cosh(const Tensor& self);
Tensor tanh(const Tensor& self);
Tensor sigmoid(const Tensor& self);
// log(x / (1 - x)); with eps, x is first clamped to [eps, 1 - eps].
Tensor logit(const Tensor& self, std::optional<double> eps = std::nullopt);
Tensor erf(const Tensor& self);
Tensor erfc(const Tensor& self);
Tensor erfinv(const Tensor& self);
Tensor floor(const Tensor& self);
Tensor ceil(const Tensor& self);
Tensor round(const Tensor& self);  // half to even
// Rounds to `decimals` decimal places (negative: to multiples of 10^-decimals); floating only.
Tensor round(const Tensor& self, int64_t decimals);
Tensor trunc(const Tensor& self);
Tensor frac(const Tensor& self);  // self - trunc(self); floating only
Tensor isnan(const Tensor& self);
Tensor isinf(const Tensor& self);
Tensor isfinite(const Tensor& self);
// NaN -> nan (default 0), +inf -> posinf, -inf -> neginf (defaults: the dtype's largest and
// lowest finite values).
Tensor nan_to_num(const Tensor& self, std::optional<double> nan = std::nullopt,
                  std::optional<double> posinf = std::nullopt,
                  std::optional<double> neginf = std::nullopt);

// ---- activations ------------------------------------------------------------------------------
Tensor relu(const Tensor& self);
Tensor relu6(const Tensor& self);  // hardtanh(self, 0, 6)
Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope = 0.01);
// x > 0: scale * x; x <= 0: scale * alpha * (exp(input_scale * x) - 1).
Tensor elu(const Tensor& self, const Scalar& alpha = 1, const Scalar& scale = 1,
           const Scalar& input_scale = 1);
Tensor selu(const Tensor& self);
Tensor celu(const Tensor& self, const Scalar& alpha = 1.0);
// approximate: "none" (x * Phi(x), exact) or "tanh".
Tensor gelu(const Tensor& self, std::string_view approximate = "none");
Tensor silu(const Tensor& self);
Tensor mish(const Tensor& self);
// log(1 + exp(beta * x)) / beta; x where beta * x > threshold.
Tensor softplus(const Tensor& self, const Scalar& beta = 1, const Scalar& threshold = 20);
Tensor hardtanh(const Tensor& self, const Scalar& min_val = -1, const Scalar& max_val = 1);
Tensor hardsigmoid(const Tensor& self);
Tensor hardswish(const Tensor& self);
// x / (1 + |x|) (torch::nn::functional::softsign in LibTorch).
Tensor softsign(const Tensor& self);

// ---- in-place forms -----------------------------------------------------------------------------
const Tensor& neg_(const Tensor& self);
const Tensor& abs_(const Tensor& self);
const Tensor& sign_(const Tensor& self);
const Tensor& reciprocal_(const Tensor& self);
const Tensor& sqrt_(const Tensor& self);
const Tensor& rsqrt_(const Tensor& self);
const Tensor& exp_(const Tensor& self);
const Tensor& exp2_(const Tensor& self);
const Tensor& expm1_(const Tensor& self);
const Tensor& log_(const Tensor& self);
const Tensor& log2_(const Tensor& self);
const Tensor& log10_(const Tensor& self);
const Tensor& log1p_(const Tensor& self);
const Tensor& sin_(const Tensor& self);
const Tensor& cos_(const Tensor& self);
const Tensor& tan_(const Tensor& self);
const Tensor& asin_(const Tensor& self);
const Tensor& acos_(const Tensor& self);
const Tensor& atan_(const Tensor& self);
const Tensor& sinh_(const Tensor& self);
const Tensor& cosh_(const Tensor& self);
const Tensor& tanh_(const Tensor& self);
const Tensor& sigmoid_(const Tensor& self);
const Tensor& logit_(const Tensor& self, std::optional<double> eps = std::nullopt);
const Tensor& erf_(const Tensor& self);
const Tensor& erfc_(const Tensor& self);
const Tensor& erfinv_(const Tensor& self);
const Tensor& floor_(const Tensor& self);
const Tensor& ceil_(const Tensor& self);
const Tensor& round_(const Tensor& self);
const Tensor& round_(const Tensor& self, int64_t decimals);
const Tensor& trunc_(const Tensor& self);
const Tensor& frac_(const Tensor& self);
const Tensor& nan_to_num_(const Tensor& self, std::optional<double> nan = std::nullopt,
                          std::optional<double> posinf = std::nullopt,
                          std::optional<double> neginf = std::nullopt);
const Tensor& relu_(const Tensor& self);
const Tensor& relu6_(const Tensor& self);
const Tensor& leaky_relu_(const Tensor& self, const Scalar& negative_slope = 0.01);
const Tensor& elu_(const Tensor& self, const Scalar& alpha = 1, const Scalar& scale = 1,
                   const Scalar& input_scale = 1);
const Tensor& selu_(const Tensor& self);
const Tensor& celu_(const Tensor& self, const Scalar& alpha = 1.0);
const Tensor& gelu_(const Tensor& self, std::string_view approximate = "none");
const Tensor& silu_(const Tensor& self);
const Tensor& mish_(const Tensor& self);
const Tensor& hardtanh_(const Tensor& self, const Scalar& min_val = -1, const Scalar& max_val = 1);
const Tensor& hardsigmoid_(const Tensor& self);
const Tensor& hardswish_(const Tensor& self);

}  // namespace ember
