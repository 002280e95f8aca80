// dropout (functional): a Bernoulli keep-mask from ember's Philox generator, scaled by
// 1 / (1 - p) and multiplied in, as LibTorch's CPU dropout (its node is MulBackward0, whose
// backward is grad * mask * scale).
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
