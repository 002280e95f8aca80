#pragma once
// torch::nn::functional::bilinear: y[..., o] = sum_ij input1[..., i] weight[o, i, j]
// input2[..., j] + bias[o], input1 [*, in1], input2 [*, in2] (the same *), weight
// [out, in1, in2], bias [out] or undefined.
#include "ember/core/tensor.h"

namespace ember::nn::functional {

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight, const Tensor& bias = Tensor());

}  // namespace ember::nn::functional
