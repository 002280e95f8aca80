#include "ember/nn/functional/prelu.h"

#include <vector>

#include "ember/ops/binary.h"
#include "ember/ops/compare.h"
#include "ember/ops/pointwise.h"

namespace ember::nn::functional {

Tensor prelu(const Tensor& input, const Tensor& weight) {
  EMBER_CHECK(weight.dim() <= 1, "prelu", "weight must be 0-D or 1-D, got shape ", weight.sizes());
  const int64_t n = weight.numel();
  Tensor slope = weight;
  if (n != 1) {
    EMBER_CHECK(input.dim() >= 1, "prelu", "a 0-D input takes a single slope, got weight of shape ", weight.sizes());
    const int64_t channels = input.dim() >= 2 ? input.size(1) : 1;
    EMBER_CHECK(channels == n, "prelu", "weight has ", n, " slopes but the input of shape ", input.sizes(), " has ",
                channels, " channels (dim 1); use num_parameters = 1 or the channel count");
    // [C] -> [C, 1, ..., 1] so that it broadcasts along dim 1 of [N, C, *].
    std::vector<int64_t> shape(static_cast<size_t>(input.dim() - 1), 1);
    shape[0] = n;
    slope = weight.reshape(shape);
  } else {
    slope = weight.reshape({});
  }
  // x > 0 (not >=) so that at 0 the gradient goes to the slope branch, as LibTorch.
  return where(input > 0, input, slope * input);
}

}  // namespace ember::nn::functional
