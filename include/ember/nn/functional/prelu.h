#pragma once
// torch::nn::functional::prelu: x for x > 0, weight * x otherwise, weight [1] or [C] (one slope
// per channel, input dim 1).
#include "ember/core/tensor.h"

namespace ember::nn::functional {

Tensor prelu(const Tensor& input, const Tensor& weight);

}  // namespace ember::nn::functional
