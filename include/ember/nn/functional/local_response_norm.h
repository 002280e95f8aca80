#pragma once
// torch::nn::functional::local_response_norm: input [N, C, *] (at least 3-D) divided by
// (k + alpha / size * sum of x^2 over the `size` channels around each one)^beta, the window
// zero-padded by size / 2 before and (size - 1) / 2 after the channels.
#include "ember/core/tensor.h"
#include "ember/nn/options/local_response_norm.h"

namespace ember::nn::functional {

Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options);

}  // namespace ember::nn::functional
