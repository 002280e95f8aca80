// dropout (functional): a Bernoulli keep-mask from ember's Philox generator, scaled by
// 1 / (1 - p) and multiplied in, as LibTorch's CPU dropout (its node is MulBackward0, whose
// backward is grad * mask * scale).
#include <cmath>
#include <vector>

#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/nn_functional.h"
#include "ops/elementwise.h"

namespace ember {

Tensor dropout(const Tensor& input, double p, bool train) {
  const char* op = "dropout";
  ops::check_defined(op, input);
  EMBER_CHECK(p >= 0 && p <= 1, op, "dropout probability has to be between 0 and 1, but got ", p);
  if (p == 0 || !train || input.numel() == 0) return input;
  EMBER_CHECK(is_floating_type(input.dtype()), op, "expected a floating point input (Half, BFloat16, Float, Double) "
              "but got ", input.dtype(), " for input of shape ", input.sizes());
  // p = 1 drops everything; 1 / (1 - p) would be inf and 0 * inf NaN.
  if (p == 1) return input * zeros({}, input.dtype());
  Tensor noise = empty(input.sizes(), input.dtype());
  noise.bernoulli_(1 - p);
  noise.div_(1 - p);
  return input * noise;
}

}  // namespace ember

namespace ember {
namespace {

// PyTorch's _dropout_impl for the feature and alpha variants. feature: one Bernoulli draw per
// (N, C) entry of an input [N, C, *], broadcast over *. alpha: the dropped entries take the
// SELU saturation value -alpha' instead of 0, and an affine map a * (x * mask + b') restores
// zero mean and unit variance (Klambauer et al., "Self-Normalizing Neural Networks").
Tensor noisy_dropout(const char* op, const Tensor& input, double p, bool train, bool feature, bool alpha) {
  ops::check_defined(op, input);
  EMBER_CHECK(p >= 0 && p <= 1, op, "dropout probability has to be between 0 and 1, but got ", p);
  if (p == 0 || !train || input.numel() == 0) return input;
  EMBER_CHECK(is_floating_type(input.dtype()), op, "expected a floating point input (Half, BFloat16, Float, Double) "
              "but got ", input.dtype(), " for input of shape ", input.sizes());
  std::vector<int64_t> noise_shape = input.sizes().vec();
  if (feature) {
    EMBER_CHECK(input.dim() >= 2, op, "Feature dropout requires at least 2 dimensions in the input, but got ",
                "an input of shape ", input.sizes(), "; pass [N, C, *] (or [C, *] unsqueezed to [1, C, *])");
    for (size_t d = 2; d < noise_shape.size(); ++d) noise_shape[d] = 1;
  }
  // As PyTorch, p = 1 gives zeros for the alpha variants too.
  if (p == 1) return input * zeros({}, input.dtype());
  Tensor noise = empty(noise_shape, input.dtype());
  noise.bernoulli_(1 - p);
  if (!alpha) {
    noise.div_(1 - p);
    return input * noise;
  }
  constexpr double kAlpha = 1.7580993408473766;  // SELU's scale * alpha
  const double a = 1 / std::sqrt((kAlpha * kAlpha * p + 1) * (1 - p));
  // b = a * alpha' * (p - (1 - mask)): kept entries get a * alpha' * p, dropped ones
  // a * alpha' * (p - 1) = a * (-alpha') + a * alpha' * p.
  Tensor b = noise.add(-1).mul_(kAlpha * a).add_(kAlpha * a * p);
  noise.mul_(a);
  return input * noise + b;
}

}  // namespace

Tensor feature_dropout(const Tensor& input, double p, bool train) {
  return noisy_dropout("feature_dropout", input, p, train, true, false);
}

Tensor alpha_dropout(const Tensor& input, double p, bool train) {
  return noisy_dropout("alpha_dropout", input, p, train, false, true);
}

Tensor feature_alpha_dropout(const Tensor& input, double p, bool train) {
  return noisy_dropout("feature_alpha_dropout", input, p, train, true, true);
}

}  // namespace ember
